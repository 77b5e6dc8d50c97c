package local_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/hours"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// openCommand opens path as kirokuctl does: the file first, then the
// passphrase.
func openCommand(t *testing.T, lv local.Vaults, path string, readOnly bool) *local.Store {
	t.Helper()
	st, err := lv.OpenLocked(path, readOnly)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Unlock([]byte(backupPass)); err != nil {
		t.Fatal(err)
	}
	return st
}

// What kirokuctl calls instead of the vault, exporter, backup writer and
// timestamps itself: a vault made and opened as the Store; a file that is
// no vault refused before any passphrase; read-only refusing writes; the
// listings; an export and a backup with the writers' own options.
func TestCommandStore(t *testing.T) {
	seal.TestUseLowCostKDF(t)
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "diary.kiroku")
	lv := local.Vaults{KDF: seal.LowCost}
	st, rec, err := lv.CreateStore(path, []byte(backupPass))
	if err != nil || rec == "" {
		t.Fatalf("create: %q, %v", rec, err)
	}
	if _, err := st.Add(entryFields("MARKER-command")); err != nil {
		t.Fatal(err)
	}
	st.Close()

	notVault := filepath.Join(dir, "notes.kiroku")
	if err := os.WriteFile(notVault, []byte("plain text, no vault"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := lv.OpenLocked(notVault, false); !errors.Is(err, apperr.ErrNotVault) {
		t.Errorf("OpenLocked(not a vault) = %v, want ErrNotVault", err)
	}
	ro := openCommand(t, lv, path, true)
	if _, err := ro.Add(entryFields("x")); !errors.Is(err, apperr.ErrReadOnly) {
		t.Errorf("read-only Add = %v, want ErrReadOnly", err)
	}
	ro.Close()

	st = openCommand(t, lv, path, false)
	if atts, err := st.AllAttachments(); err != nil || len(atts) != 0 {
		t.Errorf("AllAttachments = %d, %v", len(atts), err)
	}
	if recs, err := st.AllRecordings(); err != nil || len(recs) != 0 {
		t.Errorf("AllRecordings = %d, %v", len(recs), err)
	}
	if _, err := st.RelabelMarker(1, 1, "x"); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("RelabelMarker of no recording = %v, want ErrNotFound", err)
	}
	if _, _, err := st.StampHead(ctx); !errors.Is(err, local.ErrTimestampsOff) {
		t.Errorf("StampHead without a TSA = %v, want ErrTimestampsOff", err)
	}

	plan, err := st.PrepareBundle(app.ExportSelection{Hours: true})
	if err != nil || len(plan.Entries) != 1 {
		t.Fatalf("PrepareBundle: %v", err)
	}
	opts := local.BundleOptions{Out: filepath.Join(dir, "bundle"), Zip: true, Lang: "en", HoursOptions: &hours.Options{WeekStart: time.Monday}}
	res, err := st.WriteBundle(ctx, plan, opts)
	if err != nil || res.Path != local.BundlePath(opts) || res.Entries != 1 {
		t.Fatalf("WriteBundle: %+v, %v", res, err)
	}

	b, err := st.BackupTo(ctx, t.TempDir(), local.BackupOptions{PartSize: 4096, FS: "vfat"})
	if err != nil || b.Parts < 2 || !local.IsBackup(b.Path) {
		t.Fatalf("BackupTo: %+v, %v", b, err)
	}
	if err := lv.FindBackup(b.Path); err != nil {
		t.Fatal(err)
	}
	c, err := lv.VerifyBackup(ctx, b.Path, []byte(backupPass), nil)
	if err != nil || c.Checksum != local.ChecksumManifest {
		t.Fatalf("VerifyBackup: %+v, %v", c, err)
	}
	r, err := lv.RestoreBackup(ctx, b.Path, filepath.Join(dir, "restored.kiroku"), []byte(backupPass), local.RestoreBackupOptions{})
	if err != nil || r.Report.Records != c.Report.Records {
		t.Fatalf("RestoreBackup: %+v, %v", r, err)
	}
}
