package vault_test

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/vault"
)

// sqlOn runs statements on a closed vault file, as someone with the file
// and no key would.
func sqlOn(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// sealedValue reads one sealed value from a closed vault file.
func sealedValue(t *testing.T, path, query string) []byte {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b []byte
	if err := db.QueryRow(query).Scan(&b); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return b
}

func refs(rep vault.Report) []string {
	var out []string
	for _, p := range rep.Problems {
		out = append(out, p.Ref)
	}
	return out
}

// Settings, timestamp tokens and the backup log are outside the ledger and
// each row opens on its own; removing one, or putting back an older sealed
// row, must still show in Check: the sealed head covers them.
func TestCheckSeesMetaRowsRemovedOrPutBack(t *testing.T) {
	tests := []struct {
		name   string
		attack func(t *testing.T, path string, oldTSA []byte)
		want   string // Check problem ref; "" means none
	}{
		{"untouched", func(*testing.T, string, []byte) {}, ""},
		{"a setting deleted", func(t *testing.T, path string, _ []byte) {
			sqlOn(t, path, `DELETE FROM settings WHERE key = 'tsa.url'`)
		}, "settings"},
		{"an older setting put back", func(t *testing.T, path string, oldTSA []byte) {
			db, err := sql.Open("sqlite3", path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(`UPDATE settings SET value = ? WHERE key = 'tsa.url'`, oldTSA); err != nil {
				t.Fatal(err)
			}
		}, "settings"},
		{"an anchor deleted", func(t *testing.T, path string, _ []byte) {
			sqlOn(t, path, `DELETE FROM anchors`)
		}, "anchors"},
		{"a backup-log line deleted", func(t *testing.T, path string, _ []byte) {
			sqlOn(t, path, `DELETE FROM backups WHERE id = 2`)
		}, "backups"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, path, _ := newVault(t)
			if err := v.SetSetting("tsa.url", "https://old.example/"); err != nil {
				t.Fatal(err)
			}
			e, _ := v.Add(fields("x"))
			seq, link, _ := v.Head()
			if _, err := v.SaveAnchor(vault.Anchor{Seq: seq, Link: link, Response: []byte("token"), GenTime: time.Now()}); err != nil {
				t.Fatal(err)
			}
			for range 2 {
				if err := v.LogBackup(vault.BackupLog{At: time.Now(), Dest: "/media/usb", File: "x.kiroku"}); err != nil {
					t.Fatal(err)
				}
			}
			v.Close()
			oldTSA := sealedValue(t, path, `SELECT value FROM settings WHERE key = 'tsa.url'`)
			v = reopen(t, v, path)
			v.Edit(e.ID, fields("y"), "more")
			if err := v.SetSetting("tsa.url", "https://new.example/"); err != nil {
				t.Fatal(err)
			}
			if err := v.SetSetting("ui.draft", "typing"); err != nil {
				t.Fatal(err)
			}
			mustCheck(t, v)
			v.Close()

			tt.attack(t, path, oldTSA)
			v = reopen(t, v, path)
			rep, err := v.Check()
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(refs(rep), ",")
			if tt.want == "" && !rep.OK() || tt.want != "" && got != tt.want {
				t.Fatalf("check problems %q (%+v), want %q", got, rep.Problems, tt.want)
			}
			if got := strings.Join(v.MetaChanges(), ","); got != tt.want {
				t.Fatalf("MetaChanges at unlock %q, want %q", got, tt.want)
			}

			// The app writes a draft setting within seconds of unlocking, a
			// backup adds a log line, a timestamp a token: none of these may
			// absorb the change into the head. It stays, at every unlock,
			// until the user accepts it.
			for round := range 2 {
				if err := v.SetSetting("ui.draft", "typing more"); err != nil {
					t.Fatal(err)
				}
				if err := v.LogBackup(vault.BackupLog{At: time.Now(), Dest: "/media/usb", File: "y.kiroku"}); err != nil {
					t.Fatal(err)
				}
				seq, link, _ := v.Head()
				if _, err := v.SaveAnchor(vault.Anchor{Seq: seq, Link: link, Response: []byte("token 2"), GenTime: time.Now()}); err != nil {
					t.Fatal(err)
				}
				rep, err := v.Check()
				if err != nil {
					t.Fatal(err)
				}
				if got := strings.Join(refs(rep), ","); got != tt.want {
					t.Fatalf("round %d: after later writes, check problems %q (%+v), want %q", round, got, rep.Problems, tt.want)
				}
				v = reopen(t, v, path)
				if got := strings.Join(v.MetaChanges(), ","); got != tt.want {
					t.Fatalf("round %d: MetaChanges at the next unlock %q, want %q", round, got, tt.want)
				}
			}
			if err := v.AcceptMetaChanges(); err != nil {
				t.Fatal(err)
			}
			mustCheck(t, v)
			if got := v.MetaChanges(); len(got) != 0 {
				t.Fatalf("MetaChanges after accepting: %q", got)
			}
			v = reopen(t, v, path)
			mustCheck(t, v)
			if got := v.MetaChanges(); len(got) != 0 {
				t.Fatalf("MetaChanges after accepting and reopening: %q", got)
			}
		})
	}
}

// A vault of format 4 gets the new head at its first unlock, and from then
// on an old-form head put back (from a backup made before the upgrade) is
// reported, and later writes do not hide it.
func TestUpgradedHeadCannotGoBackToOldForm(t *testing.T) {
	path := filepath.Join(t.TempDir(), "golden.kiroku")
	copyFile(t, filepath.Join("testdata", "golden-v4.kiroku"), path)
	oldHead := sealedValue(t, path, `SELECT value FROM meta WHERE key = 'head'`)
	v, err := vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock([]byte(goldenPassphrase)); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, v)
	if err := v.SetSetting("tsa.url", ""); err != nil { // a write under the new head
		t.Fatal(err)
	}
	mustCheck(t, v)
	v.Close()
	if string(sealedValue(t, path, `SELECT value FROM meta WHERE key = 'head'`)) == string(oldHead) {
		t.Fatal("the head was not rewritten at the first unlock")
	}

	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE meta SET value = ? WHERE key = 'head'`, oldHead); err != nil {
		t.Fatal(err)
	}
	db.Close()
	v, err = vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Unlock([]byte(goldenPassphrase)); err != nil {
		t.Fatal(err)
	}
	for _, step := range []string{"after unlock", "after a write"} {
		rep, err := v.Check()
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, p := range rep.Problems {
			found = found || p.Ref == "head" && strings.Contains(p.What, "older head was put back")
		}
		if !found {
			t.Fatalf("%s: old-form head not reported: %+v", step, rep.Problems)
		}
		if err := v.SetSetting("ui.draft", "x"); err != nil {
			t.Fatal(err)
		}
	}
}

func openSQL(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	return db
}
