package export

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The encrypted zip opens with Debian's age, the tool a lawyer would use.
// age reads passphrases only from a terminal, so script(1) gives it one.
func TestEncryptFileOpensWithAge(t *testing.T) {
	for _, tool := range []string{"age", "script"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (make test installs it)", tool)
		}
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "bundle.zip")
	want := bytes.Repeat([]byte("PK\x03\x04 evidence 証拠 "), 5000)
	os.WriteFile(src, want, 0o600)
	dst := src + ".age"
	const pass = "lawyer passphrase 弁護士"
	if err := EncryptFile(src, dst, []byte(pass)); err != nil {
		t.Fatal(err)
	}
	enc, _ := os.ReadFile(dst)
	if !bytes.HasPrefix(enc, []byte("age-encryption.org/v1\n-> scrypt ")) || bytes.Contains(enc, []byte("evidence")) {
		t.Fatalf("not an age scrypt file: %q", enc[:min(60, len(enc))])
	}
	out := filepath.Join(dir, "opened.zip")
	cmd := exec.Command("script", "-qec", "age -d -o "+out+" "+dst, "/dev/null")
	cmd.Stdin = strings.NewReader(pass + "\n")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("age -d: %v\n%s", err, b)
	}
	got, err := os.ReadFile(out)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("age -d gave %d bytes, want %d (%v)", len(got), len(want), err)
	}
	// Nothing but the final file is left behind.
	if m, _ := filepath.Glob(filepath.Join(dir, ".*partial*")); len(m) != 0 {
		t.Fatalf("temporary files left: %v", m)
	}
	if err := EncryptFile(src, dst+"2", nil); err == nil {
		t.Fatal("empty passphrase accepted")
	}
}
