package cli_test

import (
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/cli"
)

// passwd re-keys and prints a new recovery key; recovery-key makes another
// one under the same passphrase; each time the previous key stops working;
// the texts say that old backups still open with the old secrets.
func TestPasswdAndRecoveryKeyRekey(t *testing.T) {
	v := lowCostVault(t)
	const newPass = "quiet river copper meadow 42"
	code, out, errs := runStdin(t, "pw\n"+newPass+"\n"+newPass+"\n", "passwd", "--vault", v, "--passphrase-stdin")
	if code != cli.ExitOK {
		t.Fatalf("passwd: exit %d\n%s", code, errs)
	}
	rec1 := strings.TrimSpace(out)
	if len(rec1) != 39 || !strings.Contains(errs, "Old backups") {
		t.Fatalf("passwd printed %q\n%s", out, errs)
	}
	code, out, errs = runStdin(t, newPass+"\n", "recovery-key", "--vault", v, "--passphrase-stdin")
	if code != cli.ExitOK {
		t.Fatalf("recovery-key: exit %d\n%s", code, errs)
	}
	rec2 := strings.TrimSpace(out)
	if len(rec2) != 39 || rec2 == rec1 || !strings.Contains(errs, "Old backups") {
		t.Fatalf("recovery-key printed %q\n%s", out, errs)
	}
	if code, _, errs := runStdin(t, rec1+"\n"+newPass+"\n"+newPass+"\n", "recover", "--vault", v, "--passphrase-stdin"); code != cli.ExitAuth {
		t.Fatalf("the replaced recovery key: exit %d\n%s", code, errs)
	}
	if code, _, errs := runStdin(t, "wrong\n", "recovery-key", "--vault", v, "--passphrase-stdin"); code != cli.ExitAuth {
		t.Fatalf("recovery-key with a wrong passphrase: exit %d\n%s", code, errs)
	}
	if code, _, errs := runStdin(t, newPass+"\n", "check", "--vault", v, "--passphrase-stdin"); code != cli.ExitOK {
		t.Fatalf("check after re-keys: exit %d\n%s", code, errs)
	}
}

// The CLI holds new passphrases to the app's floor: init, passwd and an
// encrypted export refuse "pw" with a reason.
func TestWeakPassphraseRefused(t *testing.T) {
	v := lowCostVault(t)
	dir := t.TempDir()
	tests := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"init", "pw\npw\n", []string{"init", "--vault", dir + "/new.kiroku", "--passphrase-stdin"}},
		{"passwd", "pw\npw\npw\n", []string{"passwd", "--vault", v, "--passphrase-stdin"}},
		{"export --encrypt", "pw\npassword\npassword\n", []string{"export", "--vault", v, "--passphrase-stdin", "--out", dir + "/b.zip", "--encrypt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runStdin(t, tt.stdin, tt.args...)
			if code != cli.ExitInvalidInput || !strings.Contains(errs, "passphrase") {
				t.Fatalf("exit %d\n%s", code, errs)
			}
		})
	}
	if code, _, errs := runStdin(t, "pw\n", "check", "--vault", v, "--passphrase-stdin"); code != cli.ExitOK {
		t.Fatalf("the vault changed: exit %d\n%s", code, errs)
	}
}
