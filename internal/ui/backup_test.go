package ui

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// ---- fakes ----------------------------------------------------------------

// fakeBackups is what the fake vault's backups do and have done.
type fakeBackups struct {
	mu       sync.Mutex
	drives   []app.Drive
	logs     []app.BackupLogLine
	settings app.BackupSettings
	gate     chan struct{} // if set, RunBackup waits for it (or ctx)
	started  chan struct{} // closed when RunBackup starts, if set
	runs     []string      // folders backed up to
	accepted []bool        // acceptOlder of each run
	newer    uint64        // the folder's record is newer, unless a run accepts the older state
	result   app.BackupResult
	clock    func() time.Time
}

// fakeBackupVaults hands out fake stores that also back up.
type fakeBackupVaults struct {
	*fakeVaults
	b *fakeBackups
}

func (v fakeBackupVaults) Open(path string, pass []byte) (app.Store, error) {
	s, err := v.fakeVaults.Open(path, pass)
	if err != nil {
		return nil, err
	}
	return &fakeBackupStore{fakeStore: s.(*fakeStore), b: v.b}, nil
}

type fakeBackupStore struct {
	*fakeStore
	b *fakeBackups
}

var _ app.Backups = (*fakeBackupStore)(nil)

func (s *fakeBackupStore) Drives() ([]app.Drive, error) {
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	return s.b.drives, nil
}

func (s *fakeBackupStore) FolderInfo(dir string) (app.Drive, error) {
	return app.Drive{Path: dir, Label: filepath.Base(dir), FS: "ext4", Free: 5_000_000_000}, nil
}

func (s *fakeBackupStore) RunBackup(ctx context.Context, dir string, acceptOlder bool, progress func(app.BackupProgress)) (app.BackupResult, error) {
	b := s.b
	b.mu.Lock()
	gate, started := b.gate, b.started
	b.runs = append(b.runs, dir)
	b.accepted = append(b.accepted, acceptOlder)
	b.mu.Unlock()
	progress(app.BackupProgress{Phase: "copy", Done: 1, Total: 4})
	if started != nil {
		close(started)
	}
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return app.BackupResult{}, fmt.Errorf("backup: %w", ctx.Err())
		}
	}
	progress(app.BackupProgress{Phase: "verify", Done: 4, Total: 4})
	b.mu.Lock()
	defer b.mu.Unlock()
	res := b.result
	res.Path = filepath.Join(dir, "diary-20260401-150000.kiroku")
	if !acceptOlder {
		res.NewerSeq = b.newer
	} else {
		b.newer = 0
	}
	b.logs = append(b.logs, app.BackupLogLine{At: b.clock(), Dest: dir, File: filepath.Base(res.Path), Size: res.Size,
		FS: "vfat", HeadSeq: res.HeadSeq, HeadLink: res.HeadLink})
	return res, nil
}

func (s *fakeBackupStore) BackupLog() ([]app.BackupLogLine, error) {
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	return append([]app.BackupLogLine(nil), s.b.logs...), nil
}

func (s *fakeBackupStore) BackupSettings() (app.BackupSettings, error) {
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	return s.b.settings, nil
}

func (s *fakeBackupStore) SetBackupSettings(set app.BackupSettings) error {
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	s.b.settings = set
	return nil
}

// fakeBackupHarness is the fake vault at testPath with entries, backing
// up through b; the clock is the harness's.
func fakeBackupHarness(t *testing.T, b *fakeBackups, texts ...string) *harness {
	t.Helper()
	v, _ := vaultWith(texts...)
	h := newHarness(t, fakeBackupVaults{v, b}, Options{VaultPath: testPath})
	b.clock = h.clock.Now
	return h
}

// pumpUntil runs the results of background work as they come, without
// waiting for all of it (a backup is still running), until cond holds.
func (h *harness) pumpUntil(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("waited in vain for %s; screen %T, texts %q", what, h.a.cur, h.texts())
		}
		for _, f := range h.queue.drain() {
			f()
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// navShortcut is the Ctrl+digit that opens menu item id.
func navShortcut(t *testing.T, id string) fyne.Shortcut {
	t.Helper()
	for i, it := range navItems {
		if it.id == id {
			if i >= len(navKeys) {
				t.Fatalf("menu item %s is number %d: no Ctrl+digit", id, i+1)
			}
			return &desktop.CustomShortcut{KeyName: navKeys[i], Modifier: fyne.KeyModifierControl}
		}
	}
	t.Fatalf("no menu item %s", id)
	return nil
}

func (h *harness) openBackup() *backupScreen {
	h.t.Helper()
	h.shortcut(navShortcut(h.t, "backup"))
	s, ok := h.a.cur.(*backupScreen)
	if !ok {
		h.t.Fatalf("Ctrl+digit opened %T, want the backup screen; texts %q", h.a.cur, h.texts())
	}
	return s
}

func (h *harness) radio() *widget.RadioGroup {
	var found *widget.RadioGroup
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
		if r, ok := o.(*widget.RadioGroup); ok && found == nil {
			found = r
		}
	})
	return found
}

// ---- fake vault -----------------------------------------------------------

// The drives found are listed with filesystem and free space, the FAT32
// one with the note about parts; choosing one fills the folder.
func TestBackupScreenListsDrives(t *testing.T) {
	b := &fakeBackups{drives: []app.Drive{
		{Path: "/media/aiko/KIOXIA", Label: "KIOXIA", FS: "vfat", FAT: true, Free: 3_000_000_000, Removable: true},
		{Path: "/media/aiko/SAFE", Label: "SAFE", FS: "exfat", Free: 60_000_000_000, Removable: true},
	}}
	h := fakeBackupHarness(t, b, "MARKER-one")
	h.unlock()
	s := h.openBackup()
	for _, want := range []string{
		"KIOXIA  (/media/aiko/KIOXIA)  ·  VFAT  ·  3.0 GB free",
		"SAFE  (/media/aiko/SAFE)  ·  EXFAT  ·  60.0 GB free",
		i18n.T("ui.backup.fat_note", "KIOXIA"),
		i18n.T("ui.backup.log_empty"),
	} {
		if !h.hasText(want) {
			t.Errorf("backup screen lacks %q; texts %q", want, h.texts())
		}
	}
	if h.hasText(i18n.T("ui.backup.fat_note", "SAFE")) {
		t.Error("the exFAT drive got the FAT32 note")
	}
	r := h.radio()
	if r == nil || len(r.Options) != 2 {
		t.Fatalf("drive choice: %+v", r)
	}
	r.SetSelected(r.Options[1])
	h.settle()
	if s.folder.Text != "/media/aiko/SAFE" {
		t.Errorf("choosing SAFE put %q in the folder field", s.folder.Text)
	}
	if !h.hasText(i18n.T("ui.backup.folder_info", "EXT4", "5.0 GB")) {
		t.Errorf("no filesystem line for the folder; texts %q", h.texts())
	}

	// Japanese: every string of the screen is translated.
	h.a.SetLanguage("ja")
	h.settle()
	if !h.hasText("今すぐバックアップ") || !h.hasText(i18n.T("ui.backup.fat_note", "KIOXIA")) {
		t.Errorf("Japanese backup screen: %q", h.texts())
	}
}

// A backup runs on a goroutine: while it runs the timeline still takes a
// new entry; then the result says where, how big, verified, and how many
// older backups went; the log lists it.
func TestBackupRunsWhileAppIsUsed(t *testing.T) {
	b := &fakeBackups{gate: make(chan struct{}), started: make(chan struct{}),
		result: app.BackupResult{Size: 3_000_000, HeadSeq: 42, HeadLink: "0123456789abcdef0123", Removed: []string{"a", "b"}, Keep: 3}}
	h := fakeBackupHarness(t, b, "MARKER-one")
	h.unlock()
	s := h.openBackup()
	test.Type(s.folder, "/media/aiko/SAFE")
	test.Tap(h.button(i18n.T("ui.backup.now")))
	<-b.started
	for _, f := range h.queue.drain() { // the progress refresh, as the event loop would
		f()
	}
	if !h.button(i18n.T("ui.backup.now")).Disabled() || h.button(i18n.T("ui.backup.cancel")) == nil {
		t.Fatalf("while backing up: Back up now enabled or no Cancel; texts %q", h.texts())
	}
	if !h.hasText(i18n.T("ui.backup.phase.copy", "/media/aiko/SAFE")) {
		t.Errorf("no phase shown; texts %q", h.texts())
	}

	// The app stays usable: a new entry is saved meanwhile.
	h.w.Canvas().(fyne.Shortcutable).TypedShortcut(navShortcut(t, "timeline"))
	h.pumpUntil("the timeline", func() bool { m, ok := h.a.cur.(*mainScreen); return ok && m.loaded })
	h.w.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierControl})
	f, ok := h.a.cur.(*formScreen)
	if !ok {
		t.Fatalf("Ctrl+N during a backup: %T", h.a.cur)
	}
	f.when.SetText("2026-03-31 09:15")
	test.Type(f.text, "MARKER-during-backup")
	f.text.TypedShortcut(ctrlS)
	h.pumpUntil("the new entry", func() bool { m, ok := h.a.cur.(*mainScreen); return ok && m.loaded && len(m.entries) == 2 })
	if h.a.backupState().job == nil {
		t.Fatal("the backup ended before the test let it")
	}

	close(b.gate)
	h.settle()
	h.openBackup()
	for _, want := range []string{
		i18n.T("ui.backup.done"),
		"/media/aiko/SAFE/diary-20260401-150000.kiroku",
		i18n.T("ui.backup.done_size", "3.0 MB"),
		i18n.T("ui.backup.done_verified", 42, "0123456789ab"),
		i18n.T("ui.backup.done_removed", 2, 3),
		i18n.T("ui.backup.log_line", formatDateTime(h.clock.Now(), false), "/media/aiko/SAFE/diary-20260401-150000.kiroku"),
	} {
		if !h.hasText(want) {
			t.Errorf("after the backup no %q; texts %q", want, h.texts())
		}
	}
	if h.button(i18n.T("ui.backup.now")).Disabled() {
		t.Error("Back up now still disabled after the backup")
	}
}

// Cancel stops the backup and says that nothing was written.
func TestBackupCancel(t *testing.T) {
	b := &fakeBackups{gate: make(chan struct{}), started: make(chan struct{})}
	h := fakeBackupHarness(t, b, "MARKER-one")
	h.unlock()
	s := h.openBackup()
	test.Type(s.folder, "/tmp/x")
	s.folder.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter backs up
	<-b.started
	test.Tap(h.button(i18n.T("ui.backup.cancel")))
	h.settle()
	if !h.hasText(i18n.T("ui.backup.cancelled")) || h.hasText(i18n.T("ui.backup.done")) {
		t.Errorf("after Cancel: texts %q", h.texts())
	}
	if n := len(b.logs); n != 0 {
		t.Errorf("cancelled backup logged: %d", n)
	}
}

// An empty folder field is a plain complaint, not a backup.
func TestBackupNeedsFolder(t *testing.T) {
	b := &fakeBackups{}
	h := fakeBackupHarness(t, b, "MARKER-one")
	h.unlock()
	h.openBackup()
	h.tap("ui.backup.now")
	if !h.hasText(i18n.T("ui.backup.err.no_folder")) || len(b.runs) != 0 {
		t.Errorf("texts %q, runs %v", h.texts(), b.runs)
	}
}

// The reminder shows on the timeline when there is no backup or the last
// is older than the set days, hides when dismissed or recent, and leads
// to the backup screen. The settings change the days.
func TestBackupReminder(t *testing.T) {
	reminder := func(h *harness) bool {
		return h.button(i18n.T("ui.backup.remind.open")) != nil
	}
	t.Run("never", func(t *testing.T) {
		h := fakeBackupHarness(t, &fakeBackups{}, "MARKER-one")
		h.unlock()
		if !reminder(h) || !h.hasText(i18n.T("ui.backup.remind.never")) {
			t.Fatalf("no reminder for a vault never backed up; texts %q", h.texts())
		}
		h.tap("ui.backup.remind.dismiss")
		if reminder(h) {
			t.Error("reminder still shown after Not now")
		}
		h.shortcut(navShortcut(t, "timeline"))
		if reminder(h) {
			t.Error("dismissed reminder came back before locking")
		}
		h.a.Lock()
		h.settle()
		h.unlock()
		h.tap("ui.backup.remind.open")
		if _, ok := h.a.cur.(*backupScreen); !ok {
			t.Errorf("the reminder's button opened %T", h.a.cur)
		}
	})
	t.Run("empty vault", func(t *testing.T) {
		h := fakeBackupHarness(t, &fakeBackups{})
		h.unlock()
		if reminder(h) {
			t.Error("reminder on an empty vault: nothing to lose yet")
		}
	})
	t.Run("recent", func(t *testing.T) {
		b := &fakeBackups{}
		h := fakeBackupHarness(t, b, "MARKER-one")
		b.logs = []app.BackupLogLine{{At: h.clock.Now().Add(-6 * 24 * time.Hour), Dest: "/media/x", File: "d.kiroku"}}
		h.unlock()
		if reminder(h) {
			t.Errorf("reminder 6 days after a backup (default 7); texts %q", h.texts())
		}
		h.a.Lock()
		h.clock.Advance(2 * 24 * time.Hour)
		h.settle()
		h.unlock()
		if !reminder(h) || !h.hasText(i18n.T("ui.backup.remind.overdue", 8)) {
			t.Errorf("no reminder 8 days after; texts %q", h.texts())
		}
		// Remind after 14 days instead: saved in the vault, reminder gone.
		h.openBackup()
		h.selectOption("7", "14")
		if b.settings.RemindDays != 14 || b.settings.Keep != 3 {
			t.Errorf("settings saved: %+v", b.settings)
		}
		h.shortcut(navShortcut(t, "timeline"))
		if reminder(h) {
			t.Error("reminder shown though 14 days have not passed")
		}
	})
}

// ---- real vault -----------------------------------------------------------

// realBackupVaults is the real implementation whose backups can be held
// at their first progress report.
type realBackupVaults struct {
	local.Vaults
	hook *progressHook
}

// progressHook stops a backup at its first progress report until the
// test lets it go on.
type progressHook struct {
	once    sync.Once
	started chan struct{}
	release chan struct{}
}

func (v realBackupVaults) Create(path string, pass []byte) (app.Store, string, error) {
	st, key, err := v.Vaults.Create(path, pass)
	if err != nil {
		return nil, "", err
	}
	return hookedStore{st.(realStore), v.hook}, key, nil
}

func (v realBackupVaults) Open(path string, pass []byte) (app.Store, error) {
	st, err := v.Vaults.Open(path, pass)
	if err != nil {
		return nil, err
	}
	return hookedStore{st.(realStore), v.hook}, nil
}

// hookedStore is the real Store with RunBackup held by the hook.
type hookedStore struct {
	realStore
	hook *progressHook
}

func (s hookedStore) RunBackup(ctx context.Context, dir string, acceptOlder bool, progress func(app.BackupProgress)) (app.BackupResult, error) {
	return s.realStore.RunBackup(ctx, dir, acceptOlder, func(p app.BackupProgress) {
		progress(p)
		if h := s.hook; h != nil {
			h.once.Do(func() {
				close(h.started)
				<-h.release
			})
		}
	})
}

var (
	_ app.Backups        = hookedStore{}
	_ app.Restorer       = realBackupVaults{}
	_ app.ReadOnlyOpener = realBackupVaults{}
)

func newRealBackupHarness(t *testing.T, dir string, hook *progressHook) *harness {
	t.Helper()
	seal.TestUseLowCostKDF(t)
	return newHarness(t, realBackupVaults{realVaults(dir), hook}, Options{})
}

// backUpTo types dir on the backup screen, backs up and waits for it.
func backUpTo(t *testing.T, h *harness, dir string) {
	t.Helper()
	s := h.openBackup()
	s.folder.SetText(dir)
	h.tap("ui.backup.now")
	if !h.hasText(i18n.T("ui.backup.done")) {
		t.Fatalf("backup did not finish; texts %q", h.texts())
	}
}

func backupFiles(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

// The acceptance in headless form: a backup made on the backup
// screen restores on the restore screen as a new vault next to the
// current one, which opens with the entry.
func TestBackupThenRestoreRealVault(t *testing.T) {
	dir, usb := t.TempDir(), t.TempDir()
	h := newRealBackupHarness(t, dir, nil)
	createRealVault(t, h)
	addEntry(t, h, "MARKER-backed-up entry")
	if h.button(i18n.T("ui.backup.remind.open")) == nil {
		t.Errorf("no reminder before the first backup; texts %q", h.texts())
	}
	backUpTo(t, h, usb)
	files := backupFiles(t, usb)
	// The backup, its checksum file and the folder's record of the
	// vault's newest head (kiroku-<vault id>.seen).
	if len(files) != 3 || !strings.HasPrefix(files[0], "diary-") || !strings.HasSuffix(files[0], ".kiroku") ||
		files[1] != files[0]+".sha256" || !strings.HasPrefix(files[2], "kiroku-") || !strings.HasSuffix(files[2], ".seen") {
		t.Fatalf("backup folder holds %q", files)
	}
	backupPath := filepath.Join(usb, files[0])
	if !h.hasText(backupPath) || !h.hasText(i18n.T("ui.backup.done_removed", 0, 3)) {
		t.Errorf("result does not name %s; texts %q", backupPath, h.texts())
	}
	if !h.hasText(i18n.T("ui.backup.log_line", formatDateTime(time.Now().In(jst), false), backupPath)) &&
		!h.hasText(backupPath) {
		t.Errorf("log lacks the backup; texts %q", h.texts())
	}
	assertNoPlaintext(t, usb, "MARKER-backed-up")
	h.shortcut(navShortcut(t, "timeline"))
	if h.button(i18n.T("ui.backup.remind.open")) != nil {
		t.Error("reminder still shown right after a backup")
	}

	// Restore from the backup screen, as a new file (the default).
	h.openBackup()
	h.tap("ui.restore.open")
	r, ok := h.a.cur.(*restoreScreen)
	if !ok {
		t.Fatalf("restore screen: %T", h.a.cur)
	}
	want := filepath.Join(dir, "diary-restored.kiroku")
	if r.to.Text != want {
		t.Errorf("default restore path %q, want %q", r.to.Text, want)
	}
	test.Type(r.from, backupPath)
	r.from.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	if !h.hasText(i18n.T("ui.restore.found_file", i18n.Bytes(fileSize(t, backupPath)))) {
		t.Errorf("backup not described; texts %q", h.texts())
	}
	test.Type(r.pass, realPass)
	r.pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	m, ok := h.a.cur.(*mainScreen)
	if !ok || !m.loaded || len(m.entries) != 1 || !strings.HasPrefix(m.entries[0].Text, "MARKER-backed-up") {
		t.Fatalf("after restore: %T; texts %q", h.a.cur, h.texts())
	}
	if h.a.store.Path() != want || h.a.path != want {
		t.Errorf("open vault %s, want the restored %s", h.a.store.Path(), want)
	}
	if !h.hasText(i18n.T("ui.restore.done", 0, want)[:20]) {
		t.Errorf("no note about the restore; texts %q", h.texts())
	}
	if _, err := os.Stat(filepath.Join(dir, "diary.kiroku")); err != nil {
		t.Errorf("the original vault: %v", err)
	}
}

// Only the USB drive and the recovery key (the passphrase forgotten): the
// restore screen takes the key, checks the backup with it, restores it and
// moves on to choosing a new passphrase with the key already filled in;
// the restored vault then opens with the new passphrase.
func TestRestoreWithRecoveryKeyRealVault(t *testing.T) {
	dir, usb := t.TempDir(), t.TempDir()
	h := newRealBackupHarness(t, dir, nil)
	key := createRealVault(t, h)
	addEntry(t, h, "MARKER-kept by the key")
	backUpTo(t, h, usb)
	backupPath := filepath.Join(usb, backupFiles(t, usb)[0])
	h.openBackup()
	h.tap("ui.restore.open")
	r := h.a.cur.(*restoreScreen)
	want := r.to.Text
	test.Type(r.from, backupPath)
	r.from.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	test.Type(r.pass, key)
	r.pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	rs, ok := h.a.cur.(*recoverScreen)
	if !ok {
		t.Fatalf("after restoring with the recovery key: %T; texts %q", h.a.cur, h.texts())
	}
	if rs.key.Text != key || h.a.path != want || !h.hasText(i18n.T("ui.restore.done_key", 1, want)) {
		t.Errorf("recover screen: key %q, path %s; texts %q", rs.key.Text, h.a.path, h.texts())
	}
	if h.w.Canvas().Focused() != rs.pass.first {
		t.Errorf("focus on %T, want the new passphrase", h.w.Canvas().Focused())
	}
	const newPass = "walnut harbour lantern 58 meadow"
	test.Type(rs.pass.first, newPass)
	test.Type(rs.pass.second, newPass)
	h.tap("ui.recover.button")
	h.settle()
	m, ok := h.a.cur.(*mainScreen)
	if !ok || !m.loaded || len(m.entries) != 1 || h.a.store.Path() != want {
		t.Fatalf("after the new passphrase: %T; texts %q", h.a.cur, h.texts())
	}
	h.a.Lock()
	h.settle()
	u := h.a.cur.(*unlockScreen)
	test.Type(u.pass, newPass)
	u.pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	if _, ok := h.a.cur.(*mainScreen); !ok || h.a.store.Path() != want {
		t.Fatalf("the restored vault does not open with its new passphrase: %T; texts %q", h.a.cur, h.texts())
	}
}

func fileSize(t *testing.T, p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// Cancel during the copy leaves nothing in the folder, not even a
// temporary file, and nothing in the log.
func TestBackupCancelLeavesNothingRealVault(t *testing.T) {
	dir, usb := t.TempDir(), t.TempDir()
	hook := &progressHook{started: make(chan struct{}), release: make(chan struct{})}
	h := newRealBackupHarness(t, dir, hook)
	createRealVault(t, h)
	addEntry(t, h, "MARKER-cancel")
	s := h.openBackup()
	s.folder.SetText(usb)
	test.Tap(h.button(i18n.T("ui.backup.now")))
	<-hook.started
	if len(backupFiles(t, usb)) == 0 {
		t.Error("no temporary file while copying: is the hook in the copy?")
	}
	test.Tap(h.button(i18n.T("ui.backup.cancel")))
	close(hook.release)
	h.settle()
	if !h.hasText(i18n.T("ui.backup.cancelled")) {
		t.Errorf("after Cancel: texts %q", h.texts())
	}
	if files := backupFiles(t, usb); len(files) != 0 {
		t.Errorf("cancelled backup left %q", files)
	}
	if !h.hasText(i18n.T("ui.backup.log_empty")) {
		t.Errorf("cancelled backup in the log; texts %q", h.texts())
	}
}

// Replacing the current vault asks a second time, closes it, keeps the
// old file and opens the restored one; refused restores say why in plain
// words.
func TestRestoreReplaceAndErrorsRealVault(t *testing.T) {
	dir, usb := t.TempDir(), t.TempDir()
	h := newRealBackupHarness(t, dir, nil)
	createRealVault(t, h)
	addEntry(t, h, "MARKER-in backup")
	backUpTo(t, h, usb)
	backupPath := filepath.Join(usb, backupFiles(t, usb)[0])
	h.shortcut(navShortcut(t, "timeline"))
	addEntry(t, h, "MARKER-after backup")

	// Damaged copy, not a backup, wrong passphrase.
	damaged := filepath.Join(t.TempDir(), "damaged.kiroku")
	b, _ := os.ReadFile(backupPath)
	for i := len(b) / 2; i < len(b)/2+4096 && i < len(b); i++ {
		b[i] ^= 0x5a
	}
	os.WriteFile(damaged, b, 0o600)
	notBackup := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(notBackup, bytes.Repeat([]byte("hello "), 200), 0o600)

	h.openBackup()
	h.tap("ui.restore.open")
	r := h.a.cur.(*restoreScreen)
	for _, tt := range []struct {
		name, from, pass, want string
	}{
		{"wrong passphrase", backupPath, "not it at all", i18n.T("ui.restore.err.wrong_passphrase")},
		{"not a backup", notBackup, realPass, i18n.T("ui.restore.err.not_backup")},
		{"damaged", damaged, realPass, strings.SplitN(i18n.T("ui.restore.err.damaged", ""), "\n", 2)[0]},
		{"missing", filepath.Join(usb, "nothing.kiroku"), realPass, i18n.T("ui.restore.err.not_found")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r.from.SetText(tt.from)
			r.pass.SetText(tt.pass)
			h.tap("ui.restore.button")
			if !h.hasText(tt.want) {
				t.Errorf("want %q; texts %q", tt.want, h.texts())
			}
			if _, ok := h.a.cur.(*restoreScreen); !ok || h.a.vaults.Exists(r.to.Text) {
				t.Errorf("a refused restore changed screen (%T) or wrote %s", h.a.cur, r.to.Text)
			}
			// Bytes changed after the backup was written (no checksum
			// proves them): never offered "as it is".
			if h.button(i18n.T("ui.restore.accept_damaged")) != nil {
				t.Error("restore-as-it-is offered for a backup whose bytes are not proven")
			}
		})
	}

	// Replace: the second confirmation, then the old vault is kept.
	cur := filepath.Join(dir, "diary.kiroku")
	r.from.SetText(backupPath)
	r.pass.SetText(realPass)
	h.radio().SetSelected(i18n.T("ui.restore.as_replace"))
	h.settle()
	if !h.hasText(i18n.T("ui.restore.replace_hint", cur)) {
		t.Errorf("no replace hint; texts %q", h.texts())
	}
	h.tap("ui.restore.button")
	yes := h.overlayButton(i18n.T("ui.restore.confirm_yes"))
	if yes == nil {
		t.Fatalf("no second confirmation; texts %q", h.texts())
	}
	test.Tap(yes)
	h.settle()
	m, ok := h.a.cur.(*mainScreen)
	if !ok || len(m.entries) != 1 || !strings.HasPrefix(m.entries[0].Text, "MARKER-in backup") {
		t.Fatalf("after replacing: %T; texts %q", h.a.cur, h.texts())
	}
	if h.a.store.Path() != cur {
		t.Errorf("open vault %s, want %s", h.a.store.Path(), cur)
	}
	olds, _ := filepath.Glob(cur + ".before-restore-*")
	if len(olds) != 1 {
		t.Fatalf("old vault kept as %q", olds)
	}
	if !h.hasText(olds[0]) {
		t.Errorf("the note does not say where the old vault is; texts %q", h.texts())
	}
	old, err := vault.Open(olds[0])
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if err := old.Unlock([]byte(realPass)); err != nil {
		t.Fatal(err)
	}
	if ents, _ := old.Entries(); len(ents) != 2 {
		t.Errorf("the kept vault has %d entries, want 2", len(ents))
	}
}

// A backup opened read-only shows its entries under the read-only banner;
// every write is refused with the read-only sentence, backing up is off,
// and the file is not changed. Closing it goes back to the user's vault.
func TestReadOnlyViewRefusesWrites(t *testing.T) {
	dir, usb := t.TempDir(), t.TempDir()
	h := newRealBackupHarness(t, dir, nil)
	createRealVault(t, h)
	addEntry(t, h, "MARKER-look only")
	backUpTo(t, h, usb)
	backupPath := filepath.Join(usb, backupFiles(t, usb)[0])
	h.a.Lock()
	h.settle()
	sum := func() [32]byte {
		b, err := os.ReadFile(backupPath)
		if err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(b)
	}
	before := sum()

	h.tap("ui.readonly.open")
	s, ok := h.a.cur.(*readOnlyScreen)
	if !ok {
		t.Fatalf("read-only screen: %T", h.a.cur)
	}
	test.Type(s.path, backupPath)
	s.path.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	test.Type(s.pass, realPass)
	s.pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	m, ok := h.a.cur.(*mainScreen)
	if !ok || len(m.entries) != 1 {
		t.Fatalf("read-only open: %T; texts %q", h.a.cur, h.texts())
	}
	if !h.hasText(i18n.T("ui.readonly.banner", backupPath)) {
		t.Errorf("no read-only banner; texts %q", h.texts())
	}
	if h.button(i18n.T("ui.backup.remind.open")) != nil {
		t.Error("backup reminder on a backup opened read-only")
	}

	// New entry, Record, Edit and Delete are off; a form reached anyway
	// (Ctrl+N) is refused at saving with the read-only sentence.
	if b := h.button(i18n.T("ui.main.new")); b == nil || !b.Disabled() {
		t.Error("New entry is enabled in a backup opened read-only")
	}
	if b := h.button(i18n.T("ui.rec.record", recordKeyName())); b == nil || !b.Disabled() {
		t.Error("Record is enabled in a backup opened read-only")
	}
	m.list.Select(0)
	h.settle()
	for _, key := range []string{"ui.detail.edit", "ui.detail.delete", "ui.att.attach"} {
		if b := h.button(i18n.T(key)); b == nil || !b.Disabled() {
			t.Errorf("%s is enabled in a backup opened read-only", key)
		}
	}
	h.a.StartRecording(0)
	if h.a.Recording() || h.a.starting != nil {
		t.Error("a recording started in a backup opened read-only")
	}
	h.a.showForm(nil)
	h.settle()
	f := h.a.cur.(*formScreen)
	f.when.SetText("2026-03-31 09:15")
	test.Type(f.text, "MARKER-must not land")
	f.text.TypedShortcut(ctrlS)
	h.settle()
	if !h.hasText(i18n.T("ui.readonly.refused")) {
		t.Errorf("saving into a read-only backup: texts %q", h.texts())
	}
	h.tap("ui.form.cancel")

	// Backup screen: backing up and its settings are off.
	h.openBackup()
	if !h.hasText(i18n.T("ui.backup.readonly")) || !h.button(i18n.T("ui.backup.now")).Disabled() {
		t.Errorf("backup screen of a read-only backup; texts %q", h.texts())
	}
	h.tap("ui.readonly.close")
	if _, ok := h.a.cur.(*unlockScreen); !ok || h.a.path != filepath.Join(dir, "diary.kiroku") {
		t.Errorf("closing the backup: %T, path %s", h.a.cur, h.a.path)
	}
	if sum() != before {
		t.Error("the backup file changed while looked at read-only")
	}
	if !strings.Contains(h.a.fa.Preferences().String(prefVaultPath), "diary.kiroku") ||
		strings.Contains(h.a.fa.Preferences().String(prefVaultPath), usb) {
		t.Errorf("remembered vault: %q", h.a.fa.Preferences().String(prefVaultPath))
	}
}

// The read-only sentence is what messageFor gives ErrReadOnly.
func TestReadOnlyMessage(t *testing.T) {
	i18n.SetLanguage("en")
	if got := messageFor(fmt.Errorf("add: %w", apperr.ErrReadOnly)); got != i18n.T("ui.readonly.refused") {
		t.Errorf("messageFor(ErrReadOnly) = %q", got)
	}
	if got := restoreMessage(&app.BackupDamage{What: []string{"part002: missing"}}); !strings.Contains(got, "part002: missing") {
		t.Errorf("damage message %q does not say what is damaged", got)
	}
}

// A backup whose bytes differ from its checksum file is named in the
// worker's language, with the checksum file.
func TestRestoreMessageChanged(t *testing.T) {
	err := fmt.Errorf("%w (detail)", &app.BackupDamage{Changed: "/media/usb/v-20261121-101010.kiroku"})
	for _, lang := range []string{"en", "ja"} {
		i18n.SetLanguage(lang)
		got := restoreMessage(err)
		if !strings.Contains(got, "v-20261121-101010.kiroku.sha256") || got != i18n.T("ui.restore.err.changed", "v-20261121-101010.kiroku", "v-20261121-101010.kiroku.sha256") {
			t.Errorf("%s: %q", lang, got)
		}
	}
	i18n.SetLanguage("en")
	note := msgKey("ui.restore.done_nosum", msgKey("ui.restore.done", 3, "/x/r.kiroku")).String()
	if !strings.Contains(note, "/x/r.kiroku") || !strings.Contains(note, ".sha256") {
		t.Errorf("no-checksum note %q", note)
	}
}

// A backup to a folder that once held a newer state of this vault keeps the
// old backups there and says so; the user who restored an older backup on
// purpose says so with one button, and the backup runs again as usual.
// A vault with problems of its own is backed up, and the result says so.
func TestBackupDriveNewerAccepted(t *testing.T) {
	b := &fakeBackups{newer: 57, result: app.BackupResult{Size: 3_000_000, HeadSeq: 42, HeadLink: "0123456789abcdef0123", Keep: 3, Carried: 2}}
	h := fakeBackupHarness(t, b, "MARKER-one")
	h.unlock()
	s := h.openBackup()
	test.Type(s.folder, "/media/aiko/SAFE")
	test.Tap(h.button(i18n.T("ui.backup.now")))
	h.settle()
	h.openBackup()
	newer := i18n.T("ui.seen.drive_newer", 57, 42)
	for _, want := range []string{newer, i18n.T("ui.backup.carried", 2)} {
		if !h.hasText(want) {
			t.Fatalf("no %q; texts %q", want, h.texts())
		}
	}
	h.tap("ui.seen.drive_accept")
	h.settle()
	h.openBackup()
	if h.hasText(newer) || h.button(i18n.T("ui.seen.drive_accept")) != nil {
		t.Fatalf("the warning stayed after the older state was accepted; texts %q", h.texts())
	}
	if len(b.runs) != 2 || b.runs[1] != "/media/aiko/SAFE" || b.accepted[0] || !b.accepted[1] {
		t.Fatalf("runs %q accepted %v", b.runs, b.accepted)
	}
}
