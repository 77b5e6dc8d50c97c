package vault_test

import (
	"bytes"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// openGoldenCopy opens a copy of the newest golden vault (every table
// filled), unlocked.
func openGoldenCopy(t *testing.T) (*vault.Vault, string) {
	t.Helper()
	g := goldens[len(goldens)-1]
	path := filepath.Join(t.TempDir(), "golden.kiroku")
	copyFile(t, filepath.Join("testdata", g.file), path)
	v, err := vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	if err := v.Unlock([]byte(goldenPassphrase)); err != nil {
		t.Fatal(err)
	}
	return v, path
}

// TestRekeyKeepsEverything: after a re-key every record, recording,
// attachment, hours record, setting, anchor, backup log and marker label
// reads back the same, the ledger is unchanged and check passes; only the
// new passphrase and the new recovery key open the vault.
func TestRekeyKeepsEverything(t *testing.T) {
	v, path := openGoldenCopy(t)
	before := goldenJSON(t, v)
	seq, head, _ := v.Head()
	newPass := []byte("a new passphrase after the re-key")
	rec, err := v.RekeyPassphrase([]byte(goldenPassphrase), newPass, seal.LowCost)
	if err != nil {
		t.Fatal(err)
	}
	if rec == goldens[len(goldens)-1].recovery || rec == "" {
		t.Fatal("re-key kept the old recovery key")
	}
	mustCheck(t, v)
	if got := goldenJSON(t, v); !bytes.Equal(got, before) {
		t.Fatalf("content changed by the re-key:\n%s", got)
	}
	v.Close()

	v2, err := vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	if err := v2.Unlock([]byte(goldenPassphrase)); !errors.Is(err, apperr.ErrWrongPassphrase) {
		t.Fatalf("old passphrase: %v", err)
	}
	if err := v2.Unlock(newPass); err != nil {
		t.Fatal(err)
	}
	if s2, h2, _ := v2.Head(); s2 != seq || h2 != head {
		t.Fatal("ledger head changed")
	}
	mustCheck(t, v2)
	if got := goldenJSON(t, v2); !bytes.Equal(got, before) {
		t.Fatal("content changed after reopening")
	}
	v2.Lock()
	if err := v2.Recover(goldens[len(goldens)-1].recovery, []byte("x"), seal.LowCost); !errors.Is(err, apperr.ErrBadRecoveryKey) {
		t.Fatalf("old recovery key after re-key: %v", err)
	}
	if err := v2.Recover(rec, []byte("x"), seal.LowCost); err != nil {
		t.Fatalf("new recovery key: %v", err)
	}
}

// keySlots reads the key slots of a closed vault file.
func keySlots(t *testing.T, path string) [][]any {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT id, kind, params, salt, wrapped FROM keyslots`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		var id int64
		var kind, params string
		var salt, wrapped []byte
		if err := rows.Scan(&id, &kind, &params, &salt, &wrapped); err != nil {
			t.Fatal(err)
		}
		out = append(out, []any{id, kind, params, salt, wrapped})
	}
	return out
}

// TestOldKeySlotAfterPasswd is the attack: someone kept a copy of the vault
// from before the passphrase change (an old backup; the old passphrase
// leaked or was guessed). They put its key slots into today's file. After a
// re-key they must not read an entry written after the change, nor one
// written before.
func TestOldKeySlotAfterPasswd(t *testing.T) {
	v, path, _ := newVault(t)
	old, err := v.Add(fields("before the change"))
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	oldSlots := keySlots(t, path)
	v, err = vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock(pass); err != nil {
		t.Fatal(err)
	}
	newPass := []byte("brand new passphrase")
	if _, err := v.RekeyPassphrase(pass, newPass, seal.LowCost); err != nil {
		t.Fatal(err)
	}
	after, err := v.Add(fields("written after the change"))
	if err != nil {
		t.Fatal(err)
	}
	v.Close()

	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	db.Exec("DELETE FROM keyslots")
	for _, s := range oldSlots {
		if _, err := db.Exec(`INSERT INTO keyslots (id, kind, params, salt, wrapped) VALUES (?, ?, ?, ?, ?)`, s...); err != nil {
			t.Fatal(err)
		}
	}
	db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	db.Close()

	v2, err := vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	v2.Unlock(pass) // the old slot still unwraps the old master key
	for _, id := range []int64{after.ID, old.ID} {
		if e, err := v2.Entry(id); err == nil {
			t.Fatalf("entry %d readable with a key slot from before the re-key: %q", id, e.Text)
		}
	}
}

// TestNewRecoveryKey: the old recovery key stops opening the vault, the
// passphrase stays, and the new key works.
func TestNewRecoveryKey(t *testing.T) {
	v, path, oldRec := newVault(t)
	if _, err := v.Add(fields("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := v.NewRecoveryKey([]byte("not the passphrase")); !errors.Is(err, apperr.ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	rec, err := v.NewRecoveryKey(pass)
	if err != nil {
		t.Fatal(err)
	}
	if rec == oldRec {
		t.Fatal("same recovery key")
	}
	v2 := reopen(t, v, path) // opens with the same passphrase
	mustCheck(t, v2)
	v2.Lock()
	if err := v2.Recover(oldRec, []byte("x"), seal.LowCost); !errors.Is(err, apperr.ErrBadRecoveryKey) {
		t.Fatalf("old recovery key: %v", err)
	}
	if err := v2.Recover(rec, []byte("x"), seal.LowCost); err != nil {
		t.Fatal(err)
	}
}

// TestRekeyLocked: kirokuctl passwd re-keys a vault it opened locked; the
// old passphrase is the proof.
func TestRekeyLocked(t *testing.T) {
	v, path, _ := newVault(t)
	e, _ := v.Add(fields("kept"))
	v.Lock()
	if _, err := v.RekeyPassphrase([]byte("wrong"), []byte("n"), seal.LowCost); !errors.Is(err, apperr.ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if _, err := v.RekeyPassphrase(pass, pass, seal.LowCost); err != nil {
		t.Fatal(err)
	}
	v2 := reopen(t, v, path)
	if got, err := v2.Entry(e.ID); err != nil || got.Text != "kept" {
		t.Fatalf("entry after re-key: %v", err)
	}
}

// TestRekeyWaitsForRecording: a re-key during a recording is refused (it
// would stall the recording's writes and lose live audio), and works once
// the recording has ended.
func TestRekeyWaitsForRecording(t *testing.T) {
	v, _, _ := newVault(t)
	w, err := v.StartRecording(mono48, "test device", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(tone(0, 48000)); err != nil {
		t.Fatal(err)
	}
	if _, err := v.NewRecoveryKey(pass); !errors.Is(err, apperr.ErrBusy) {
		t.Fatalf("re-key during a recording: %v", err)
	}
	if err := w.Write(tone(48000, 48000)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Finish(); err != nil {
		t.Fatal(err)
	}
	if _, err := v.NewRecoveryKey(pass); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, v)
}
