package local_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/audio"
	"github.com/kiroku-app/kiroku/internal/backup"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
)

const backupPass = "violet harbour pencil thunder"

func entryFields(text string) record.Fields {
	return record.Fields{EventTime: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), EventZone: "UTC", Text: text}
}

func hashOf(t *testing.T, p string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// A backup through the adapter verifies and is logged; it restores as a
// new vault; opened read-only it shows the entry and refuses every write
// at once, without changing the file.
func TestBackupRestoreReadOnly(t *testing.T) {
	st, dir := newStore(t)
	if _, err := st.Add(entryFields("MARKER-backup adapter")); err != nil {
		t.Fatal(err)
	}
	set, err := st.BackupSettings()
	if err != nil || set != (app.BackupSettings{Keep: 3, RemindDays: 7}) {
		t.Fatalf("default settings %+v, %v", set, err)
	}
	if err := st.SetBackupSettings(app.BackupSettings{Keep: 2, RemindDays: 14}); err != nil {
		t.Fatal(err)
	}
	usb := t.TempDir()
	if d, err := st.FolderInfo(usb); err != nil || d.FS == "" || d.Free <= 0 {
		t.Errorf("FolderInfo(%s) = %+v, %v", usb, d, err)
	}
	var mu sync.Mutex
	phases := map[string]bool{}
	res, err := st.RunBackup(context.Background(), usb, false, func(p app.BackupProgress) {
		mu.Lock()
		phases[p.Phase] = true
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	if !phases["copy"] || !phases["verify"] || res.Keep != 2 || res.HeadSeq == 0 || res.Size <= 0 ||
		filepath.Dir(res.Path) != usb || res.Parts != 0 {
		t.Errorf("result %+v, phases %v", res, phases)
	}
	logs, err := st.BackupLog()
	if err != nil || len(logs) != 1 || logs[0].Dest != usb || logs[0].File != filepath.Base(res.Path) || logs[0].SHA256 != res.SHA256 {
		t.Fatalf("log %+v, %v", logs, err)
	}

	v := local.Vaults{KDF: seal.LowCost, Backend: audio.Null}
	src, err := v.InspectBackup(res.Path)
	if err != nil || src.Parts != 0 || src.Size != res.Size {
		t.Errorf("InspectBackup = %+v, %v", src, err)
	}
	restored := filepath.Join(dir, "restored.kiroku")
	r, err := v.Restore(context.Background(), res.Path, restored, []byte(backupPass), app.RestoreOptions{}, nil)
	if err != nil || r.Path != restored || r.Records == 0 || r.Old != "" {
		t.Fatalf("Restore = %+v, %v", r, err)
	}
	if _, err := v.Restore(context.Background(), res.Path, restored, []byte(backupPass), app.RestoreOptions{}, nil); !errors.Is(err, apperr.ErrExists) {
		t.Errorf("restore over an existing file without replace: %v", err)
	}

	before := hashOf(t, res.Path)
	ro, err := v.OpenReadOnly(res.Path, []byte(backupPass))
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := ro.(interface{ ReadOnly() bool }); !ok || !r.ReadOnly() {
		t.Error("the read-only store does not say it is read-only")
	}
	ents, err := ro.Entries()
	if err != nil || len(ents) != 1 || ents[0].Text != "MARKER-backup adapter" {
		t.Errorf("read-only entries %+v, %v", ents, err)
	}
	b := ro.(app.Backups)
	for name, err := range map[string]error{
		"add":    func() error { _, err := ro.Add(entryFields("x")); return err }(),
		"edit":   func() error { _, err := ro.Edit(ents[0].ID, entryFields("x"), ""); return err }(),
		"delete": ro.Delete(ents[0].ID, ""),
		"record": func() error { _, err := ro.StartRecording(0, entryFields("x")); return err }(),
		"import": func() error { _, err := ro.Import(context.Background(), res.Path, ents[0].ID, nil); return err }(),
		"passwd": func() error {
			_, err := ro.ChangePassphrase([]byte(backupPass), []byte("another long passphrase"))
			return err
		}(),
		"new recovery key": func() error { _, err := ro.NewRecoveryKey([]byte(backupPass)); return err }(),
		"settings":         b.SetBackupSettings(app.BackupSettings{Keep: 5}),
		"backup":           func() error { _, err := b.RunBackup(context.Background(), t.TempDir(), false, nil); return err }(),
	} {
		if !errors.Is(err, apperr.ErrReadOnly) {
			t.Errorf("%s on a read-only backup: %v", name, err)
		}
	}
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}
	if hashOf(t, res.Path) != before {
		t.Error("looking at the backup read-only changed it")
	}
	if _, err := os.Stat(res.Path + "-wal"); err == nil {
		t.Error("read-only view left a WAL next to the backup")
	}
}

// Refused restores come back as errors the screens can put in words:
// wrong passphrase, not a backup, damaged (naming what), missing part.
func TestRestoreErrors(t *testing.T) {
	st, dir := newStore(t)
	st.Add(entryFields("MARKER-errors"))
	usb := t.TempDir()
	res, err := st.RunBackup(context.Background(), usb, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	v := local.Vaults{KDF: seal.LowCost}
	to := filepath.Join(dir, "new.kiroku")

	if _, err := v.Restore(context.Background(), res.Path, to, []byte("wrong"), app.RestoreOptions{}, nil); !errors.Is(err, apperr.ErrWrongPassphrase) {
		t.Errorf("wrong passphrase: %v", err)
	}
	txt := filepath.Join(t.TempDir(), "x.kiroku")
	os.WriteFile(txt, []byte(strings.Repeat("not a vault ", 400)), 0o600)
	if _, err := v.InspectBackup(txt); !errors.Is(err, apperr.ErrNotVault) {
		t.Errorf("InspectBackup of a text file: %v", err)
	}
	b, _ := os.ReadFile(res.Path)
	for i := 4096; i < len(b); i += 7 { // every page but the first (header, schema)
		b[i] ^= 0xff
	}
	damaged := filepath.Join(t.TempDir(), "damaged.kiroku")
	os.WriteFile(damaged, b, 0o600)
	_, err = v.Restore(context.Background(), damaged, to, []byte(backupPass), app.RestoreOptions{}, nil)
	var d *app.BackupDamage
	if !errors.Is(err, apperr.ErrDamaged) {
		t.Errorf("damaged backup: %v", err)
	} else if errors.As(err, &d) && len(d.What) == 0 {
		t.Errorf("damage without a list: %v", err)
	}
	if _, err := os.Stat(to); err == nil {
		t.Error("a refused restore left a vault file")
	}

	// A part set (as on FAT32) with a part missing names that part.
	parts := t.TempDir()
	set, err := backup.Run(context.Background(), st.Vault, parts, backup.Options{FS: "vfat", PartSize: 8192})
	if err != nil {
		t.Fatal(err)
	}
	src, err := v.InspectBackup(set.Path)
	if err != nil || src.Parts != set.Parts || src.Parts < 2 {
		t.Fatalf("InspectBackup(part set) = %+v, %v (run: %d parts)", src, err, set.Parts)
	}
	p2, _ := filepath.Glob(filepath.Join(set.Path, "*.part002"))
	if len(p2) != 1 {
		t.Fatalf("part 2: %q", p2)
	}
	os.Remove(p2[0])
	_, err = v.Restore(context.Background(), set.Path, to, []byte(backupPass), app.RestoreOptions{}, nil)
	if !errors.As(err, &d) || !strings.Contains(strings.Join(d.What, " "), "part002") {
		t.Errorf("missing part: %v", err)
	}
}

// Closing the Store (the app locking) while a backup runs cancels the
// backup, waits for it, and leaves no file in the folder.
func TestCloseCancelsBackup(t *testing.T) {
	st, _ := newStore(t)
	st.Add(entryFields("MARKER-close"))
	usb := t.TempDir()
	started, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	errc := make(chan error, 1)
	go func() {
		_, err := st.RunBackup(context.Background(), usb, false, func(app.BackupProgress) {
			once.Do(func() {
				close(started)
				<-release
			})
		})
		errc <- err
	}()
	<-started
	closed := make(chan error, 1)
	go func() { closed <- st.Close() }()
	time.Sleep(100 * time.Millisecond) // Close is waiting for the backup
	close(release)
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("backup under Close: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the backup did not stop when the store closed")
	}
	if err := <-closed; err != nil {
		t.Errorf("Close: %v", err)
	}
	if ents, _ := os.ReadDir(usb); len(ents) != 0 {
		t.Errorf("cancelled backup left %d files", len(ents))
	}
}
