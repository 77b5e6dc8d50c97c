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
	if code, _, errs := runStdin(t, rec1+"\nx\nx\n", "recover", "--vault", v, "--passphrase-stdin"); code != cli.ExitAuth {
		t.Fatalf("the replaced recovery key: exit %d\n%s", code, errs)
	}
	if code, _, errs := runStdin(t, "wrong\n", "recovery-key", "--vault", v, "--passphrase-stdin"); code != cli.ExitAuth {
		t.Fatalf("recovery-key with a wrong passphrase: exit %d\n%s", code, errs)
	}
	if code, _, errs := runStdin(t, newPass+"\n", "check", "--vault", v, "--passphrase-stdin"); code != cli.ExitOK {
		t.Fatalf("check after re-keys: exit %d\n%s", code, errs)
	}
}
