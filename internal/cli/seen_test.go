package cli_test

import (
	"bytes"
	"database/sql"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/cli"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// runSeen is runStdin with a record of last seen heads in seenDir.
func runSeen(t *testing.T, seenDir string, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("LC_ALL", "en_US.UTF-8")
	var out, errb bytes.Buffer
	code := cli.Main(args, &cli.Env{Stdin: strings.NewReader("pw\n"), Stdout: &out, Stderr: &errb, SeenDir: seenDir})
	return code, out.String(), errb.String()
}

// kirokuctl remembers the last head it saw of a vault: the file put back
// to an older copy passes the vault's own check but not kirokuctl's, which
// warns at every open until `check -accept-older`.
func TestCheckWarnsWhenTheVaultWentBack(t *testing.T) {
	path := lowCostVault(t)
	seen := t.TempDir()
	add := func(n int) {
		v, err := vault.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer v.Close()
		if err := v.Unlock([]byte("pw")); err != nil {
			t.Fatal(err)
		}
		for range n {
			if _, err := v.Add(record.Fields{Text: "x", EventTime: time.Now(), EventZone: "Asia/Tokyo"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	add(2)
	old, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	add(2)
	if code, _, errs := runSeen(t, seen, "check", "--vault", path, "--passphrase-stdin"); code != cli.ExitOK || strings.Contains(errs, "Warning") {
		t.Fatalf("first check: %d %s", code, errs)
	}
	if err := os.WriteFile(path, old, 0o600); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		code, out, errs := runSeen(t, seen, "check", "--vault", path, "--passphrase-stdin")
		if code != cli.ExitDamaged || !strings.Contains(errs, "has gone back") || !strings.Contains(out, "seen: ") {
			t.Fatalf("check after the rollback: %d\n%s\n%s", code, out, errs)
		}
	}
	// Other verbs warn too, and still work.
	if code, _, errs := runSeen(t, seen, "list", "--vault", path, "--passphrase-stdin"); code != cli.ExitOK || !strings.Contains(errs, "has gone back") {
		t.Fatalf("list: %d %s", code, errs)
	}
	if code, _, errs := runSeen(t, seen, "check", "--vault", path, "--passphrase-stdin", "-accept-older"); code != cli.ExitOK {
		t.Fatalf("accept: %d %s", code, errs)
	}
	if code, _, errs := runSeen(t, seen, "check", "--vault", path, "--passphrase-stdin"); code != cli.ExitOK || strings.Contains(errs, "Warning") {
		t.Fatalf("after accepting: %d %s", code, errs)
	}
	if ents, _ := os.ReadDir(seen); len(ents) != 1 {
		t.Fatalf("seen folder: %v", ents)
	}
}

// A setting deleted with the sqlite3 shell (the timestamp authority's
// address: timestamps would silently stop) is named at every open and by
// check, survives the settings kirokuctl writes itself, and goes only with
// `check -accept-changes`.
func TestSettingDeletedOutsideKirokuIsReported(t *testing.T) {
	path := lowCostVault(t)
	seen := t.TempDir()
	if code, _, errs := runSeen(t, seen, "tsa", "set", "--vault", path, "--passphrase-stdin", "https://tsa.example/"); code != cli.ExitOK {
		t.Fatalf("config: %d %s", code, errs)
	}
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM settings WHERE key = 'tsa.url'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for range 2 {
		if code, _, errs := runSeen(t, seen, "list", "--vault", path, "--passphrase-stdin"); code != cli.ExitOK || !strings.Contains(errs, "the settings of this vault were changed outside Kiroku") {
			t.Fatalf("list: %d %s", code, errs)
		}
		// A setting written by Kiroku does not hide the change.
		if code, _, errs := runSeen(t, seen, "backups", "--vault", path, "--passphrase-stdin", "-keep", "5"); code != cli.ExitOK {
			t.Fatalf("config: %d %s", code, errs)
		}
		code, out, errs := runSeen(t, seen, "check", "--vault", path, "--passphrase-stdin")
		if code != cli.ExitDamaged || !strings.Contains(out, "settings: ") {
			t.Fatalf("check: %d\n%s\n%s", code, out, errs)
		}
	}
	if code, _, errs := runSeen(t, seen, "check", "--vault", path, "--passphrase-stdin", "-accept-changes"); code != cli.ExitOK || !strings.Contains(errs, "are accepted") {
		t.Fatalf("accept: %d %s", code, errs)
	}
	if code, _, errs := runSeen(t, seen, "check", "--vault", path, "--passphrase-stdin"); code != cli.ExitOK || strings.Contains(errs, "Warning") {
		t.Fatalf("after accepting: %d %s", code, errs)
	}
}
