package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/audio"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// realVaults is the application's own implementation (package local) over
// the real encrypted vault, a new vault at dir/diary.kiroku, with a cheap KDF and the
// null audio device: a recording captures silence, playback plays into
// nothing, and everything else is what the app does.
func realVaults(dir string) local.Vaults {
	return local.Vaults{KDF: seal.LowCost, Backend: audio.Null, DefaultFile: filepath.Join(dir, "diary"+vault.Extension)}
}

// realStore is an unlocked real vault.
type realStore = *local.Store

const realPass = "violet harbour pencil thunder"

// newRealHarness opens the app on an empty folder with the real vault.
func newRealHarness(t *testing.T, dir string) *harness {
	t.Helper()
	seal.TestUseLowCostKDF(t)
	return newHarness(t, realVaults(dir), Options{})
}

// createRealVault goes from the welcome screen to the empty timeline and
// returns the recovery key shown.
func createRealVault(t *testing.T, h *harness) string {
	t.Helper()
	if !h.hasText(i18n.T("ui.welcome.intro")) {
		t.Fatalf("no welcome screen; texts %q", h.texts())
	}
	h.tap("ui.welcome.create")
	c := h.a.cur.(*createScreen)
	test.Type(c.pass.first, realPass)
	test.Type(c.pass.second, realPass)
	c.pass.second.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	k, ok := h.a.cur.(*recoveryKeyScreen)
	if !ok {
		t.Fatalf("screen is %T, want recovery key; texts %q", h.a.cur, h.texts())
	}
	key := k.key
	if _, err := seal.ParseRecoveryKey(key); err != nil {
		t.Fatalf("recovery key %q: %v", key, err)
	}
	if !h.hasText(groupKey(key, 4)) {
		t.Error("recovery key not on screen")
	}
	if !h.button(i18n.T("ui.key.continue")).Disabled() {
		t.Error("continue enabled before the key was confirmed")
	}
	for _, o := range h.checks() {
		test.Tap(o)
	}
	h.tap("ui.key.continue")
	m, ok := h.a.cur.(*mainScreen)
	if !ok || !m.loaded || len(m.entries) != 0 || m.err != nil {
		t.Fatalf("after the key: screen %T; texts %q", h.a.cur, h.texts())
	}
	return key
}

// addEntry writes text through the form and saves it with Ctrl+S.
func addEntry(t *testing.T, h *harness, text string) *mainScreen {
	t.Helper()
	h.tap("ui.main.new")
	f := h.a.cur.(*formScreen)
	f.when.SetText("2026-03-31 09:15")
	f.place.SetText("Room 3")
	test.Type(f.text, text)
	h.tick("Power harassment")
	f.text.TypedShortcut(ctrlS)
	h.settle()
	m, ok := h.a.cur.(*mainScreen)
	if !ok {
		t.Fatalf("after save: screen %T; texts %q", h.a.cur, h.texts())
	}
	return m
}

// assertNoPlaintext fails if marker is in any file under dir.
func assertNoPlaintext(t *testing.T, dir, marker string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(marker)) {
			t.Errorf("%s holds %q in the clear", p, marker)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRealVaultCreateAddEditLockUnlock(t *testing.T) {
	dir := t.TempDir()
	h := newRealHarness(t, dir)
	createRealVault(t, h)
	path := filepath.Join(dir, "diary"+vault.Extension)
	if _, err := os.Stat(path); err != nil {
		t.Fatal("vault file:", err)
	}

	const marker = "MARKER-real-5d1e"
	m := addEntry(t, h, marker+" shouted at me")
	if len(m.entries) != 1 || m.entries[0].Text != marker+" shouted at me" || !h.hasText(marker+" shouted at me") {
		t.Fatalf("timeline %+v", m.entries)
	}
	id := m.entries[0].ID
	assertNoPlaintext(t, dir, marker)

	// Edit: the vault keeps both revisions.
	h.tap("ui.detail.edit")
	f := h.a.cur.(*formScreen)
	f.text.SetText(marker + " shouted at me twice")
	test.Type(f.reason, "it happened twice")
	h.tap("ui.form.save")
	m = h.a.cur.(*mainScreen)
	if len(m.entries) != 1 || m.entries[0].Rev != 2 || !firstRow(t, m).edited.Visible() {
		t.Fatalf("after edit %+v", m.entries)
	}
	h.tap("ui.detail.history")
	if !h.hasText(marker+" shouted at me") || !h.hasText("it happened twice") {
		t.Errorf("history screen lacks a revision; texts %q", h.texts())
	}

	// Ctrl+L locks and releases the file: another process could open it.
	h.w.Canvas().(fyne.Shortcutable).TypedShortcut(ctrlL)
	h.settle()
	if _, ok := h.a.cur.(*unlockScreen); !ok || h.a.store != nil {
		t.Fatalf("after Ctrl+L: screen %T", h.a.cur)
	}
	if h.hasText(marker) {
		t.Error("entry text survives the lock")
	}
	revs := history(t, path, id)
	if len(revs) != 2 || revs[0].Kind != record.KindCreate || revs[1].Kind != record.KindEdit ||
		revs[1].Reason != "it happened twice" || revs[0].Fields.Text != marker+" shouted at me" {
		t.Fatalf("vault history %+v", revs)
	}

	// The real passphrase opens it again.
	m = h.unlockWith(realPass)
	if len(m.entries) != 1 || m.entries[0].Text != marker+" shouted at me twice" {
		t.Fatalf("after unlock %+v", m.entries)
	}
	assertNoPlaintext(t, dir, marker)
}

func TestRealVaultDelete(t *testing.T) {
	dir := t.TempDir()
	h := newRealHarness(t, dir)
	createRealVault(t, h)
	addEntry(t, h, "MARKER-keep")
	m := addEntry(t, h, "MARKER-delete")
	id := m.entries[0].ID
	if m.entries[0].Text != "MARKER-delete" {
		t.Fatalf("selected %+v", m.entries[0])
	}
	h.tap("ui.detail.delete")
	test.Type(h.overlayEntry(), "duplicate")
	test.Tap(h.overlayButton(i18n.T("ui.delete.confirm")))
	h.settle()
	m = h.a.cur.(*mainScreen)
	if len(m.entries) != 1 || m.entries[0].Text != "MARKER-keep" {
		t.Fatalf("timeline after delete %+v", m.entries)
	}
	h.a.Lock()
	revs := history(t, filepath.Join(dir, "diary"+vault.Extension), id)
	if len(revs) != 2 || revs[1].Kind != record.KindDelete || revs[1].Reason != "duplicate" || revs[0].Fields.Text != "MARKER-delete" {
		t.Fatalf("history after delete %+v", revs)
	}
}

func TestRealVaultWrongPassphrase(t *testing.T) {
	dir := t.TempDir()
	h := newRealHarness(t, dir)
	createRealVault(t, h)
	h.a.Lock()
	s := h.a.cur.(*unlockScreen)
	test.Type(s.pass, realPass+"x")
	h.tap("ui.unlock.button")
	if h.a.cur != s || h.a.store != nil || !h.hasText(i18n.T("ui.err.wrong_passphrase")) {
		t.Fatalf("wrong passphrase: screen %T; texts %q", h.a.cur, h.texts())
	}
	if s.pass.Text != "" {
		t.Error("wrong passphrase left in the field")
	}
	h.unlockWith(realPass)
}

// A second window on a vault that is open shows "in use", and nothing
// breaks for the first.
func TestRealVaultInUse(t *testing.T) {
	dir := t.TempDir()
	h := newRealHarness(t, dir)
	createRealVault(t, h)
	addEntry(t, h, "MARKER-first window")

	h2 := newHarness(t, realVaults(dir), Options{})
	s, ok := h2.a.cur.(*unlockScreen)
	if !ok {
		t.Fatalf("second window shows %T, want unlock", h2.a.cur)
	}
	test.Type(s.pass, realPass)
	h2.tap("ui.unlock.button")
	if h2.a.cur != s || h2.a.store != nil || !h2.hasText(i18n.T("ui.err.in_use")) {
		t.Fatalf("second open: screen %T; texts %q", h2.a.cur, h2.texts())
	}
	// The first window still works.
	m := addEntry(t, h, "MARKER-still works")
	if len(m.entries) != 2 {
		t.Errorf("first window after the second open: %+v", m.entries)
	}
	// Once the first locks, the second opens it.
	h.a.Lock()
	m = h2.unlockWith(realPass)
	if len(m.entries) != 2 {
		t.Errorf("second window: %+v", m.entries)
	}
}

// unlockWith types pass on the unlock screen and waits for the timeline.
func (h *harness) unlockWith(pass string) *mainScreen {
	h.t.Helper()
	s, ok := h.a.cur.(*unlockScreen)
	if !ok {
		h.t.Fatalf("screen is %T, want unlock", h.a.cur)
	}
	test.Type(s.pass, pass)
	s.pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	m, ok := h.a.cur.(*mainScreen)
	if !ok || !m.loaded || m.err != nil {
		h.t.Fatalf("after unlock: screen %T; texts %q", h.a.cur, h.texts())
	}
	return m
}

// history reads an entry's revisions straight from the vault file, the
// way another program would, while the app has it locked.
func history(t *testing.T, path string, id int64) []record.Revision {
	t.Helper()
	v, err := vault.Open(path)
	if err != nil {
		t.Fatal("open after lock:", err)
	}
	defer v.Close()
	if err := v.Unlock([]byte(realPass)); err != nil {
		t.Fatal(err)
	}
	revs, err := v.History(id)
	if err != nil {
		t.Fatal(err)
	}
	return revs
}

func (h *harness) checks() []*widget.Check {
	var out []*widget.Check
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok {
			out = append(out, c)
		}
	})
	return out
}

// tick taps the check box labelled label.
func (h *harness) tick(label string) {
	h.t.Helper()
	for _, c := range h.checks() {
		if c.Text == label {
			test.Tap(c)
			return
		}
	}
	h.t.Fatalf("no check box %q; texts %q", label, h.texts())
}

// relockReal locks the app on the real vault and unlocks it again with
// the passphrase, as a person does, waiting for every result.
func (h *harness) relockReal() {
	h.t.Helper()
	h.a.Lock()
	h.settle()
	u, ok := h.a.cur.(*unlockScreen)
	if !ok {
		h.t.Fatalf("after lock: %T", h.a.cur)
	}
	test.Type(u.pass, realPass)
	u.pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
}
