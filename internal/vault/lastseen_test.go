package vault_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/vault"
)

// The attack the sealed head alone cannot see: the newest records cut from
// the ledger and the head put back from an older copy (same key, same
// associated data). Check passes; the token kept outside the vault does not.
func TestSeenTokenCatchesRollback(t *testing.T) {
	tests := []struct {
		name   string
		attack func(t *testing.T, path, old string)
		want   vault.SeenStatus
	}{
		{"untouched", func(*testing.T, string, string) {}, vault.SeenCurrent},
		{"ledger cut and an older head put back", func(t *testing.T, path, old string) {
			oldHead := sealedValue(t, old, `SELECT value FROM meta WHERE key = 'head'`)
			sqlOn(t, path, `DELETE FROM revisions WHERE entry_id > 2`, `DELETE FROM entries WHERE id > 2`,
				`DELETE FROM ledger WHERE seq > 2`)
			db := openSQL(t, path)
			defer db.Close()
			if _, err := db.Exec(`UPDATE meta SET value = ? WHERE key = 'head'`, oldHead); err != nil {
				t.Fatal(err)
			}
		}, vault.SeenBehind},
		{"the whole file replaced by the older copy", func(t *testing.T, path, old string) {
			copyFile(t, old, path)
		}, vault.SeenBehind},
		{"the older copy written to since", func(t *testing.T, path, old string) {
			copyFile(t, old, path)
			v, err := vault.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			if err := v.Unlock(pass); err != nil {
				t.Fatal(err)
			}
			for range 3 {
				if _, err := v.Add(fields("written on the old copy")); err != nil {
					t.Fatal(err)
				}
			}
		}, vault.SeenDiverged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, path, _ := newVault(t)
			v.Add(fields("one"))
			v.Add(fields("two"))
			v.Close()
			old := filepath.Join(t.TempDir(), "old.kiroku")
			copyFile(t, path, old)
			v = reopen(t, v, path)
			v.Add(fields("three"))
			v.Add(fields("four"))
			token, err := v.SeenToken()
			if err != nil {
				t.Fatal(err)
			}
			v.Close()

			tt.attack(t, path, old)
			v = reopen(t, v, path)
			mustCheck(t, v) // inside the file nothing is wrong: the token is what tells
			c, err := v.CompareSeen(token)
			if err != nil {
				t.Fatal(err)
			}
			if c.Status != tt.want || c.Rolled() != (tt.want != vault.SeenCurrent) {
				t.Fatalf("status %v, want %v (%+v)", c.Status, tt.want, c)
			}
			if c.Rolled() && c.Seen.Seq != 4 {
				t.Fatalf("token seq %d, want 4", c.Seen.Seq)
			}
		})
	}
}

// A token says nothing unless it verifies for this vault: another vault's,
// a changed one or garbage is SeenUnknown, never a false alarm.
func TestSeenTokenUnknown(t *testing.T) {
	v, _, _ := newVault(t)
	v.Add(fields("one"))
	other, _, _ := newVault(t)
	otherToken, _ := other.SeenToken()
	token, _ := v.SeenToken()
	f := strings.Fields(token)
	f[2] = "99" // claims a longer ledger: the MAC no longer fits
	forged := strings.Join(f, " ")
	for _, tok := range []string{"", "garbage", otherToken, forged} {
		c, err := v.CompareSeen(tok)
		if err != nil || c.Status != vault.SeenUnknown {
			t.Errorf("token %q: %+v %v", tok, c, err)
		}
	}
	if c, err := v.CompareSeen(token); err != nil || c.Status != vault.SeenCurrent {
		t.Fatalf("own token: %+v %v", c, err)
	}
	v.Add(fields("two")) // further on the same chain
	if c, err := v.CompareSeen(token); err != nil || c.Status != vault.SeenCurrent || c.HeadSeq != 2 {
		t.Fatalf("after a write: %+v %v", c, err)
	}
}
