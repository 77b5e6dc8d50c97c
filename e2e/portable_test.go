//go:build e2e

package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/portable"
)

// A portable copy (kiroku-portable.txt beside the executable) keeps its
// default vault and every file it writes in data/ beside itself; the
// user's home stays empty. Without the marker the same binary uses the
// user's data folder. (The Windows build is tested the same way under Wine
// by make dist-test, with the GUI and the registry.)
func TestPortableKirokuctl(t *testing.T) {
	t.Parallel()
	const pass = "violet harbour pencil thunder"
	for _, tt := range []struct {
		name     string
		marker   bool
		wantIn   string // relative to the copy's folder, or to the home if !marker
		homeUsed bool
	}{
		{"portable", true, filepath.Join("data", portable.VaultName), false},
		{"installed", false, filepath.Join(".local", "share", "kiroku", "vault.kiroku"), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			stick := t.TempDir()
			home := t.TempDir()
			exe := filepath.Join(stick, "kirokuctl")
			b, err := os.ReadFile(bin(t, "kirokuctl"))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(exe, b, 0o755); err != nil {
				t.Fatal(err)
			}
			if tt.marker {
				if err := os.WriteFile(filepath.Join(stick, portable.Marker), []byte("portable\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			run := func(stdin string, args ...string) string {
				t.Helper()
				cmd := exec.Command(exe, args...)
				cmd.Stdin = strings.NewReader(stdin)
				var out, errb bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &errb
				// A host whose per-user folders are all in home.
				cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "LANG=C", "HOME=" + home, "TMPDIR=" + filepath.Join(home, "tmp")}
				if err := cmd.Run(); err != nil {
					t.Fatalf("kirokuctl %s: %v\n%s%s", strings.Join(args, " "), err, out.String(), errb.String())
				}
				return out.String()
			}
			run(pass+"\n"+pass+"\n", append([]string{"init", "--passphrase-stdin"}, fastKDF...)...)
			run(pass+"\n", "add", "--passphrase-stdin", "--text", "会議で怒鳴られた")
			if out := run(pass+"\n", "list", "--passphrase-stdin", "--json"); !strings.Contains(out, "会議で怒鳴られた") {
				t.Fatalf("list: %s", out)
			}
			base := home
			if tt.marker {
				base = stick
			}
			if _, err := os.Stat(filepath.Join(base, tt.wantIn)); err != nil {
				t.Fatalf("default vault not at %s: %v", tt.wantIn, err)
			}
			var inHome []string
			_ = filepath.Walk(home, func(p string, info os.FileInfo, err error) error {
				if err == nil && p != home {
					inHome = append(inHome, p)
				}
				return nil
			})
			if !tt.homeUsed && len(inHome) > 0 {
				t.Fatalf("the portable copy wrote into the home: %v", inHome)
			}
			if tt.homeUsed && len(inHome) == 0 {
				t.Fatal("the installed copy wrote nothing into the home: is the test looking in the right place?")
			}
		})
	}
}
