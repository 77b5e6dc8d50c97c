package vault_test

import (
	"bytes"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // raw access to tamper with files

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

var pass = []byte("correct horse battery staple")

func newVault(t *testing.T) (*vault.Vault, string, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.kiroku")
	v, rec, err := vault.Create(path, pass, vault.Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v, path, rec
}

func fields(text string) record.Fields {
	return record.Fields{
		EventTime:  time.Date(2026, 10, 3, 14, 30, 0, 0, time.FixedZone("JST", 9*3600)),
		EventZone:  "Asia/Tokyo",
		Place:      "3F meeting room",
		People:     []record.Person{{Name: "Tanaka", Role: "superior"}},
		Text:       text,
		Quote:      "お前なんか辞めてしまえ",
		Witnesses:  []string{"Sato"},
		Categories: []string{"power-harassment"},
		Impact:     "could not sleep",
	}
}

// tamperAndCheck changes the closed vault file at path with SQL, as
// someone with the file and the sqlite3 shell would, then opens, unlocks
// and checks it, and fails unless the report names damaged and none of
// clean. It returns the reopened vault.
func tamperAndCheck(t *testing.T, path string, stmts []string, damaged string, clean ...string) *vault.Vault {
	t.Helper()
	raw(t, path, stmts...)
	v, err := vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	if err := v.Unlock(pass); err != nil {
		t.Fatal(err)
	}
	rep, err := v.Check()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range rep.Problems {
		found = found || p.Ref == damaged
		if slices.Contains(clean, p.Ref) {
			t.Fatalf("undamaged %s reported: %+v", p.Ref, p)
		}
	}
	if !found {
		t.Fatalf("not reported: %+v", rep.Problems)
	}
	return v
}

func reopen(t *testing.T, v *vault.Vault, path string) *vault.Vault {
	t.Helper()
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	v2, err := vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v2.Close() })
	if err := v2.Unlock(pass); err != nil {
		t.Fatal(err)
	}
	return v2
}

func mustCheck(t *testing.T, v *vault.Vault) vault.Report {
	t.Helper()
	rep, err := v.Check()
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("check: %+v", rep.Problems)
	}
	return rep
}

func TestEntriesRoundTrip(t *testing.T) {
	v, path, _ := newVault(t)
	a, err := v.Add(fields("first"))
	if err != nil {
		t.Fatal(err)
	}
	f := fields("second")
	f.EventTime = f.EventTime.Add(time.Hour)
	b, err := v.Add(f)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == b.ID || a.Rev != 1 {
		t.Fatalf("ids %d %d rev %d", a.ID, b.ID, a.Rev)
	}
	if _, err := v.Edit(a.ID, fields("first, corrected"), "typo"); err != nil {
		t.Fatal(err)
	}
	v = reopen(t, v, path)
	list, err := v.Entries()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != b.ID || list[1].Text != "first, corrected" || !list[1].Edited() {
		t.Fatalf("list %+v", list)
	}
	if !list[1].RecordedAt.Before(list[1].EditedAt) && !list[1].RecordedAt.Equal(list[1].EditedAt) {
		t.Fatal("recorded after edited")
	}
	got := list[1]
	if got.Quote != "お前なんか辞めてしまえ" || got.People[0] != (record.Person{Name: "Tanaka", Role: "superior"}) ||
		!got.EventTime.Equal(fields("").EventTime) || got.EventZone != "Asia/Tokyo" {
		t.Fatalf("fields lost: %+v", got)
	}
	if _, off := got.EventTime.Zone(); off != 9*3600 {
		t.Fatalf("event offset lost: %v", got.EventTime)
	}
	hist, err := v.History(a.ID)
	if err != nil || len(hist) != 2 || hist[0].Fields.Text != "first" || hist[1].Reason != "typo" || hist[1].Kind != record.KindEdit {
		t.Fatalf("history %+v %v", hist, err)
	}
	if err := v.Delete(b.ID, "duplicate"); err != nil {
		t.Fatal(err)
	}
	list, _ = v.Entries()
	if len(list) != 1 {
		t.Fatalf("deleted entry listed: %+v", list)
	}
	all, _ := v.AllEntries()
	if len(all) != 2 {
		t.Fatalf("all entries: %d", len(all))
	}
	if _, err := v.Edit(b.ID, fields("x"), ""); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("edit of deleted: %v", err)
	}
	if _, err := v.Edit(999, fields("x"), ""); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("edit of missing: %v", err)
	}
	rep := mustCheck(t, v)
	if rep.Records != 4 || rep.Links != 4 {
		t.Fatalf("report %+v", rep)
	}
}

func TestValidation(t *testing.T) {
	v, _, _ := newVault(t)
	tests := []struct {
		name string
		f    record.Fields
	}{
		{"no time", record.Fields{Text: "x"}},
		{"no text", record.Fields{EventTime: time.Now()}},
		{"bad category", func() record.Fields { f := fields("x"); f.Categories = []string{"Power Harassment"}; return f }()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := v.Add(tt.f); !errors.Is(err, apperr.ErrInvalidInput) {
				t.Fatalf("got %v", err)
			}
		})
	}
}

func TestPassphrases(t *testing.T) {
	v, path, rec := newVault(t)
	v.Add(fields("kept"))
	v.Close()

	v, err := vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { v.Close() }()
	if err := v.Unlock([]byte("wrong")); !errors.Is(err, apperr.ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if _, err := v.Entries(); !errors.Is(err, apperr.ErrLocked) {
		t.Fatalf("locked read: %v", err)
	}
	if err := v.Unlock(pass); err != nil {
		t.Fatal(err)
	}
	newPass := []byte("a new passphrase")
	if err := v.ChangePassphrase([]byte("wrong"), newPass, seal.LowCost); !errors.Is(err, apperr.ErrWrongPassphrase) {
		t.Fatalf("change with wrong old: %v", err)
	}
	if err := v.ChangePassphrase(pass, newPass, seal.LowCost); err != nil {
		t.Fatal(err)
	}
	v.Lock()
	if !v.Locked() {
		t.Fatal("not locked")
	}
	if err := v.Unlock(pass); !errors.Is(err, apperr.ErrWrongPassphrase) {
		t.Fatalf("old passphrase still works: %v", err)
	}
	if err := v.Unlock(newPass); err != nil {
		t.Fatal(err)
	}
	if ps, _ := v.KDFParams(); len(ps) != 1 {
		t.Fatalf("%d passphrase slots", len(ps))
	}

	// Recovery: typo, other key, right key.
	v.Lock()
	typo := []byte(rec)
	typo[0] ^= 1
	if err := v.Recover(string(typo), []byte("p3"), seal.LowCost); !errors.Is(err, apperr.ErrBadRecoveryKey) {
		t.Fatalf("typo: %v", err)
	}
	_, other := seal.NewRecoveryKey()
	if err := v.Recover(other, []byte("p3"), seal.LowCost); !errors.Is(err, apperr.ErrBadRecoveryKey) {
		t.Fatalf("other key: %v", err)
	}
	if err := v.Recover(strings.ToLower(rec), []byte("p3"), seal.LowCost); err != nil {
		t.Fatal(err)
	}
	list, err := v.Entries()
	if err != nil || len(list) != 1 || list[0].Text != "kept" {
		t.Fatalf("after recovery: %v %v", list, err)
	}
	v.Lock()
	if err := v.Unlock([]byte("p3")); err != nil {
		t.Fatal("recovered passphrase does not open:", err)
	}
	mustCheck(t, v)
}

func TestInUse(t *testing.T) {
	_, path, _ := newVault(t)
	if _, err := vault.Open(path); !errors.Is(err, apperr.ErrVaultInUse) {
		t.Fatalf("second open: %v", err)
	}
}

func TestNotAVault(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.db")
	db, _ := sql.Open("sqlite3", plain)
	db.Exec("CREATE TABLE t (x)")
	db.Close()
	_, good, _ := newVault(t)
	data, _ := os.ReadFile(good)

	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o600)
		return p
	}
	tests := []struct {
		name string
		path string
		want error
	}{
		{"missing", filepath.Join(dir, "nope.kiroku"), apperr.ErrNotFound},
		{"empty", write("empty.kiroku", nil), apperr.ErrNotVault},
		{"text", write("notes.txt", []byte("hello, this is not a database at all")), apperr.ErrNotVault},
		{"folder", dir, apperr.ErrNotVault},
		{"other sqlite", plain, apperr.ErrNotVault},
		{"truncated header", write("t1.kiroku", []byte("SQLite format 3\x00abc")), apperr.ErrDamaged},
		{"truncated", write("t2.kiroku", data[:len(data)/2]), apperr.ErrDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := vault.Open(tt.path)
			if err == nil {
				v.Close()
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestNewerFormatRefused(t *testing.T) {
	v, path, _ := newVault(t)
	v.Close()
	raw(t, path, "PRAGMA user_version = 99")
	before, _ := os.ReadFile(path)
	if _, err := vault.Open(path); !errors.Is(err, apperr.ErrUnsupportedVersion) {
		t.Fatalf("got %v", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("refused vault was modified")
	}
}

// raw runs SQL on a closed vault file, as an attacker or a bug would.
func raw(t *testing.T, path string, stmts ...string) {
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
	db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
}

func TestTamperDetected(t *testing.T) {
	tests := []struct {
		name  string
		sql   []string
		wants []string // refs that must be reported
	}{
		{"moved ciphertext", []string{"UPDATE revisions SET body = (SELECT body FROM revisions WHERE id = 1) WHERE id = 2"}, []string{"revision:2"}},
		{"swapped bodies", []string{"CREATE TABLE s AS SELECT id, body FROM revisions", "UPDATE revisions SET body = (SELECT body FROM s WHERE s.id = 3 - revisions.id) WHERE id IN (1, 2)", "DROP TABLE s"}, []string{"revision:1", "revision:2"}},
		{"removed record", []string{"DELETE FROM revisions WHERE id = 2"}, []string{"revision:2"}},
		{"cut ledger tail", []string{"DELETE FROM revisions WHERE id = 3", "DELETE FROM ledger WHERE seq = 3"}, []string{"head"}},
		{"changed link", []string{"UPDATE ledger SET record_hash = zeroblob(32) WHERE seq = 1"}, []string{"revision:1", "ledger:1"}},
		{"erased without purge", []string{"UPDATE revisions SET body = NULL WHERE id = 1"}, []string{"entry:1"}},
		{"damaged head", []string{"UPDATE meta SET value = x'00' WHERE key = 'head'"}, []string{"head"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, path, _ := newVault(t)
			for _, s := range []string{"a", "b", "c"} {
				if _, err := v.Add(fields(s)); err != nil {
					t.Fatal(err)
				}
			}
			v.Close()
			raw(t, path, tt.sql...)
			v, err := vault.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			if err := v.Unlock(pass); err != nil {
				t.Fatal(err)
			}
			rep, err := v.Check()
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range tt.wants {
				found := false
				for _, p := range rep.Problems {
					found = found || p.Ref == want
				}
				if !found {
					t.Errorf("%s not reported; problems: %+v", want, rep.Problems)
				}
			}
			// Entries still lists what can be read.
			list, _ := v.Entries()
			if len(list) == 0 && true {
				t.Errorf("no entries listed after %s", tt.name)
			}
		})
	}
}

func TestPurge(t *testing.T) {
	v, path, _ := newVault(t)
	a, _ := v.Add(fields("to be purged"))
	v.Edit(a.ID, fields("to be purged, edited"), "")
	b, _ := v.Add(fields("stays"))
	v.Close()
	var bodies [][]byte
	db, _ := sql.Open("sqlite3", path)
	rows, _ := db.Query("SELECT body FROM revisions WHERE entry_id = ?", a.ID)
	for rows.Next() {
		var body []byte
		rows.Scan(&body)
		bodies = append(bodies, body)
	}
	rows.Close()
	db.Close()

	v = reopen(t, v, path)
	if err := v.Purge(a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := v.History(a.ID); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("purged history: %v", err)
	}
	if p, _ := v.Purged(a.ID); !p {
		t.Fatal("not marked purged")
	}
	list, _ := v.Entries()
	if len(list) != 1 || list[0].ID != b.ID {
		t.Fatalf("entries after purge: %+v", list)
	}
	rep := mustCheck(t, v)
	if rep.Purged != 2 || rep.Links != 4 {
		t.Fatalf("report %+v", rep)
	}
	v.Close()
	for _, suffix := range []string{"", "-wal"} {
		data, _ := os.ReadFile(path + suffix)
		for _, body := range bodies {
			if len(body) > 0 && bytes.Contains(data, body[1:40]) {
				t.Fatalf("purged ciphertext still in %s", path+suffix)
			}
		}
	}
}

func TestLockedOperations(t *testing.T) {
	v, _, _ := newVault(t)
	v.Lock()
	if _, err := v.Add(fields("x")); !errors.Is(err, apperr.ErrLocked) {
		t.Fatal(err)
	}
	if _, err := v.Check(); !errors.Is(err, apperr.ErrLocked) {
		t.Fatal(err)
	}
	if err := v.Purge(1); !errors.Is(err, apperr.ErrLocked) {
		t.Fatal(err)
	}
}

func TestCreateRefusesExisting(t *testing.T) {
	_, path, _ := newVault(t)
	if _, _, err := vault.Create(path, pass, vault.Options{KDF: seal.LowCost}); !errors.Is(err, apperr.ErrExists) {
		t.Fatalf("got %v", err)
	}
	if _, _, err := vault.Create(filepath.Join(t.TempDir(), "x.kiroku"), nil, vault.Options{KDF: seal.LowCost}); !errors.Is(err, apperr.ErrWeakPassphrase) {
		t.Fatalf("empty passphrase: %v", err)
	}
}

// The passphrase slot uses what it is given, and Calibrate's floor is the
// RFC 9106 minimum.
func TestDefaultKDFIsAtLeastMinimum(t *testing.T) {
	if testing.Short() {
		t.Skip("calibrates Argon2id")
	}
	path := filepath.Join(t.TempDir(), "real.kiroku")
	v, _, err := vault.Create(path, pass, vault.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	ps, _ := v.KDFParams()
	if len(ps) != 1 || !ps[0].AtLeastMinimum() {
		t.Fatalf("params %+v", ps)
	}
}
