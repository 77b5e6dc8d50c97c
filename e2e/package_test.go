//go:build e2e

package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// `fyne package` must really use the top-level FyneApp.toml: the desktop
// entry it writes carries the name, generic name and comment from that file,
// the icon is there, and the top-level file is not rewritten.
func TestFynePackageUsesTopLevelFyneAppToml(t *testing.T) {
	if _, err := exec.LookPath("tar"); err != nil {
		t.Skip("tar not installed")
	}
	before, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	cmd := exec.Command("scripts/package.sh", "--executable", bin(t, "kiroku"))
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "PACKAGE_OUT="+out, "PACKAGE_OS=linux")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("package: %v\n%s", err, b)
	}
	pkg := filepath.Join(out, "Kiroku.tar.xz")
	list, err := exec.Command("tar", "tJf", pkg).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"usr/local/bin/kiroku", "usr/local/share/pixmaps/Kiroku.png", "usr/local/share/applications/Kiroku.desktop"} {
		if !strings.Contains(string(list), want) {
			t.Errorf("package lacks %s:\n%s", want, list)
		}
	}
	desktop, err := exec.Command("tar", "xJf", pkg, "-O", "--wildcards", "*.desktop").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"Name", "GenericName", "Comment"} {
		v := tomlValue(t, before, key)
		if !strings.Contains(string(desktop), key+"="+v+"\n") {
			t.Errorf("desktop entry lacks %s=%s from FyneApp.toml:\n%s", key, v, desktop)
		}
	}
	after, _ := os.ReadFile("../FyneApp.toml")
	if !bytes.Equal(before, after) {
		t.Error("packaging rewrote the top-level FyneApp.toml")
	}
	if _, err := os.Lstat("../cmd/kiroku/FyneApp.toml"); err == nil {
		t.Error("packaging left cmd/kiroku/FyneApp.toml behind")
	}
}

func tomlValue(t *testing.T, toml []byte, key string) string {
	t.Helper()
	for _, l := range strings.Split(string(toml), "\n") {
		k, v, ok := strings.Cut(l, "=")
		if ok && strings.TrimSpace(k) == key {
			return strings.Trim(strings.TrimSpace(v), `"`)
		}
	}
	t.Fatalf("FyneApp.toml has no %s", key)
	return ""
}
