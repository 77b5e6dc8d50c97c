package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/settings"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// unlockTo types the passphrase, presses Enter and returns the screen
// the app shows once every background result is in: the timeline, or
// the entry form with a draft.
func (h *harness) unlockTo() screen {
	h.t.Helper()
	s, ok := h.a.cur.(*unlockScreen)
	if !ok {
		h.t.Fatalf("screen is %T, want unlock", h.a.cur)
	}
	test.Type(s.pass, testPass)
	s.pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	if _, ok := h.a.cur.(*unlockScreen); ok || h.a.store == nil {
		h.t.Fatalf("still locked; texts %q", h.texts())
	}
	return h.a.cur
}

// formAfterUnlock unlocks and expects the entry form restored from a
// draft, with note (an i18n key) at its top.
func (h *harness) formAfterUnlock(note string, args ...any) *formScreen {
	h.t.Helper()
	f, ok := h.unlockTo().(*formScreen)
	if !ok {
		h.t.Fatalf("after unlock screen is %T, want the form; texts %q", h.a.cur, h.texts())
	}
	if !h.hasText(i18n.T(note, args...)) {
		h.t.Errorf("no note %q; texts %q", i18n.T(note, args...), h.texts())
	}
	return f
}

// assertLockedClean checks that the app is locked and shows nothing of
// the entries or the draft.
func (h *harness) assertLockedClean(st *fakeStore) {
	h.t.Helper()
	if _, ok := h.a.cur.(*unlockScreen); !ok || !st.isClosed() || h.a.store != nil {
		h.t.Fatalf("not locked: screen %T", h.a.cur)
	}
	for _, s := range h.texts() {
		if strings.Contains(s, "MARKER") {
			h.t.Errorf("text %q still in the widget tree while locked", s)
		}
	}
}

// Locking with a new entry typed keeps it as a draft in the vault, by
// Ctrl+L or by the idle timer; unlocking brings the form back, and saving
// it makes exactly one entry and removes the draft.
func TestDraftNewEntryKeptOnLock(t *testing.T) {
	tests := []struct {
		name string
		lock func(h *harness, f *formScreen)
	}{
		{"ctrl+L", func(h *harness, f *formScreen) { f.text.TypedShortcut(ctrlL) }},
		{"idle", func(h *harness, f *formScreen) {
			h.clock.Advance(DefaultAutoLock - time.Second)
			h.a.checkIdle()
			if h.a.store == nil {
				h.t.Fatal("locked before the idle time")
			}
			h.clock.Advance(time.Second)
			h.a.checkIdle()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, st := vaultWith("MARKER-old")
			h := newHarness(t, v, Options{VaultPath: testPath})
			h.unlock()
			h.shortcut(ctrl(fyne.KeyN))
			f := h.a.cur.(*formScreen)
			f.when.SetText("2026-03-31 09:15")
			f.place.SetText("Room 3")
			f.people[0].name.SetText("Tanaka")
			f.people[0].role = "superior"
			test.Type(f.text, "MARKER-draft he shouted")
			test.Type(f.quotes[0].words, "MARKER-useless")
			f.witnesses.SetText("Sato, Suzuki")
			h.tick("Power harassment")
			tt.lock(h, f)
			h.settle()
			h.assertLockedClean(st)
			d := st.kept()
			if d == nil || d.Text != "MARKER-draft he shouted" || d.EntryID != 0 || d.SavedAt.IsZero() {
				t.Fatalf("draft kept: %+v", d)
			}

			f = h.formAfterUnlock("ui.draft.restored")
			if f.orig != nil || f.when.Text != "2026-03-31 09:15" || f.place.Text != "Room 3" ||
				f.text.Text != "MARKER-draft he shouted" || f.quotes[0].words.Text != "MARKER-useless" ||
				f.witnesses.Text != "Sato, Suzuki" || len(f.people) != 1 || f.people[0].name.Text != "Tanaka" ||
				f.people[0].role != "superior" || !f.categories["power-harassment"] {
				t.Fatalf("form not restored: %+v", f.snapshot())
			}
			if h.a.win.Canvas().Focused() != f.text {
				t.Errorf("focus on %T, want the text", h.a.win.Canvas().Focused())
			}
			f.text.TypedShortcut(ctrlS)
			h.settle()
			m, ok := h.a.cur.(*mainScreen)
			if !ok {
				t.Fatalf("after save: screen %T; texts %q", h.a.cur, h.texts())
			}
			if len(m.entries) != 2 || m.entries[0].Text != "MARKER-draft he shouted" {
				t.Fatalf("entries after saving the draft: %+v", m.entries)
			}
			if st.kept() != nil {
				t.Error("draft still kept after saving")
			}
			// The next lock and unlock: the timeline, no form.
			h.a.Lock()
			if st.draftSaves != 1 {
				t.Errorf("%d drafts saved, want 1", st.draftSaves)
			}
			if _, ok := h.unlockTo().(*mainScreen); !ok {
				t.Errorf("screen %T after the draft was saved, want the timeline", h.a.cur)
			}
		})
	}
}

// A form with nothing typed keeps no draft.
func TestDraftNotKeptWithoutChanges(t *testing.T) {
	v, st := vaultWith("MARKER-old")
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	h.shortcut(ctrl(fyne.KeyN))
	h.shortcut(ctrlL)
	if st.kept() != nil || st.draftSaves != 0 {
		t.Fatalf("empty new form kept a draft: %+v", st.kept())
	}
	m := h.unlock()
	m.list.Select(0)
	h.settle()
	h.shortcut(ctrl(fyne.KeyE))
	if _, ok := h.a.cur.(*formScreen); !ok {
		t.Fatalf("Ctrl+E opened %T", h.a.cur)
	}
	h.shortcut(ctrlL)
	if st.kept() != nil {
		t.Fatalf("unchanged edit kept a draft: %+v", st.kept())
	}
	h.unlock()
}

// An edit locked half-way comes back over its entry and saves as the
// next revision, with its reason.
func TestDraftEdit(t *testing.T) {
	v, st := vaultWith("MARKER-original text")
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()
	m.list.Select(0)
	h.tap("ui.detail.edit")
	f := h.a.cur.(*formScreen)
	f.text.SetText("MARKER-corrected text")
	test.Type(f.reason, "typo")
	f.text.TypedShortcut(ctrlL)
	h.settle()
	h.assertLockedClean(st)
	if d := st.kept(); d == nil || d.EntryID != 1 || d.Rev != 1 || d.Text != "MARKER-corrected text" || d.Reason != "typo" {
		t.Fatalf("draft kept: %+v", d)
	}

	f = h.formAfterUnlock("ui.draft.restored")
	if f.orig == nil || f.orig.ID != 1 || f.text.Text != "MARKER-corrected text" || f.reason.Text != "typo" {
		t.Fatalf("edit not restored: orig %+v, %+v", f.orig, f.snapshot())
	}
	h.tap("ui.form.save")
	revs := st.revisions(1)
	if len(revs) != 2 || revs[1].Fields.Text != "MARKER-corrected text" || revs[1].Reason != "typo" ||
		!revs[1].Fields.EventTime.Equal(revs[0].Fields.EventTime) {
		t.Fatalf("revisions %+v", revs)
	}
	if st.kept() != nil {
		t.Error("draft still kept after saving")
	}
}

// If the entry changed while locked (kirokuctl saved a revision), the
// draft's text still comes back, over the newest revision, and the note
// says so; if it was deleted, the text comes back as a new entry.
func TestDraftEditChangedMeanwhile(t *testing.T) {
	for _, deleted := range []bool{false, true} {
		name := map[bool]string{false: "edited", true: "deleted"}[deleted]
		t.Run(name, func(t *testing.T) {
			v, st := vaultWith("MARKER-original text")
			h := newHarness(t, v, Options{VaultPath: testPath})
			m := h.unlock()
			m.list.Select(0)
			h.tap("ui.detail.edit")
			f := h.a.cur.(*formScreen)
			f.text.SetText("MARKER-my edit")
			f.text.TypedShortcut(ctrlL)
			h.settle()

			// Another program writes a revision while the app is locked.
			st.mu.Lock()
			old := st.revs[1][0]
			rev := record.Revision{Version: 1, EntryID: 1, Rev: 2, Kind: record.KindEdit,
				RecordedAt: h.clock.Now(), Fields: old.Fields, Reason: "from kirokuctl"}
			rev.Fields.Text = "MARKER-kirokuctl edit"
			if deleted {
				rev = record.Revision{Version: 1, EntryID: 1, Rev: 2, Kind: record.KindDelete, RecordedAt: h.clock.Now(), Reason: "gone"}
			}
			st.revs[1] = append(st.revs[1], rev)
			st.mu.Unlock()

			if deleted {
				f = h.formAfterUnlock("ui.draft.restored_deleted")
				if f.orig != nil {
					t.Fatalf("draft of a deleted entry restored as an edit of %d", f.orig.ID)
				}
			} else {
				f = h.formAfterUnlock("ui.draft.restored_changed", 2, formatDateTime(h.clock.Now().In(jst), true))
				if f.orig == nil || f.orig.Rev != 2 {
					t.Fatalf("edit restored over %+v, want revision 2", f.orig)
				}
			}
			if f.text.Text != "MARKER-my edit" {
				t.Fatalf("text %q, want the draft's", f.text.Text)
			}
			h.tap("ui.form.save")
			if _, ok := h.a.cur.(*mainScreen); !ok {
				t.Fatalf("after save: %T; texts %q", h.a.cur, h.texts())
			}
			if deleted {
				if len(st.revs) != 2 || st.revisions(2)[0].Fields.Text != "MARKER-my edit" {
					t.Fatalf("draft of a deleted entry not saved as entry 2: %+v", st.revisions(2))
				}
			} else if revs := st.revisions(1); len(revs) != 3 || revs[2].Fields.Text != "MARKER-my edit" {
				t.Fatalf("revisions %+v", revs)
			}
			if st.kept() != nil {
				t.Error("draft still kept after saving")
			}
		})
	}
}

// Cancel (or Back) with something typed asks first; Esc and "Keep
// writing" stay in the form; "Discard" leaves without saving. Without
// changes it leaves at once.
func TestCancelAsksBeforeDiscarding(t *testing.T) {
	v, st := vaultWith("MARKER-old")
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	h.shortcut(ctrl(fyne.KeyN))
	f := h.a.cur.(*formScreen)
	test.Type(f.text, "MARKER-half a sentence")

	asked := func() bool {
		return h.w.Canvas().Overlays().Top() != nil && h.hasText(i18n.T("ui.draft.discard_title"))
	}
	h.tap("ui.form.cancel")
	if !asked() {
		t.Fatalf("Cancel did not ask; texts %q", h.texts())
	}
	f.text.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) // focus is still in the text
	h.settle()
	if h.w.Canvas().Overlays().Top() != nil || h.a.cur != f || f.text.Text != "MARKER-half a sentence" {
		t.Fatalf("Esc did not keep writing: screen %T, text %q", h.a.cur, f.text.Text)
	}
	h.tap("ui.back")
	if !asked() {
		t.Fatal("Back did not ask")
	}
	test.Tap(h.overlayButton(i18n.T("ui.draft.keep_writing")))
	h.settle()
	if h.a.cur != f || h.w.Canvas().Overlays().Top() != nil {
		t.Fatalf("Keep writing left the form: %T", h.a.cur)
	}
	h.tap("ui.form.cancel")
	test.Tap(h.overlayButton(i18n.T("ui.draft.discard")))
	h.settle()
	m, ok := h.a.cur.(*mainScreen)
	if !ok || len(m.entries) != 1 || h.hasText("MARKER-half") {
		t.Fatalf("Discard: screen %T; texts %q", h.a.cur, h.texts())
	}

	// No changes: Cancel leaves at once, for a new entry and an edit.
	h.shortcut(ctrl(fyne.KeyN))
	h.tap("ui.form.cancel")
	if _, ok := h.a.cur.(*mainScreen); !ok || h.w.Canvas().Overlays().Top() != nil {
		t.Fatalf("Cancel of an empty form: %T, dialog %v", h.a.cur, h.w.Canvas().Overlays().Top())
	}
	m = h.a.cur.(*mainScreen)
	m.list.Select(0)
	h.settle()
	h.tap("ui.detail.edit")
	h.tap("ui.form.cancel")
	if _, ok := h.a.cur.(*mainScreen); !ok || h.w.Canvas().Overlays().Top() != nil {
		t.Fatalf("Cancel of an unchanged edit: %T", h.a.cur)
	}
	if n := len(st.revisions(1)); n != 1 {
		t.Errorf("%d revisions after cancelled forms", n)
	}
}

// Discarding a restored draft removes it from the vault; locking with the
// discard question open keeps the draft.
func TestDraftDiscarded(t *testing.T) {
	v, st := vaultWith("MARKER-old")
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	h.shortcut(ctrl(fyne.KeyN))
	f := h.a.cur.(*formScreen)
	test.Type(f.text, "MARKER-draft")
	h.tap("ui.form.cancel") // the question is open...
	h.shortcut(ctrlL)       // ...when the app locks
	h.assertLockedClean(st)
	if st.kept() == nil {
		t.Fatal("no draft kept with the discard question open")
	}
	h.formAfterUnlock("ui.draft.restored")
	h.tap("ui.form.cancel")
	test.Tap(h.overlayButton(i18n.T("ui.draft.discard")))
	h.settle()
	if _, ok := h.a.cur.(*mainScreen); !ok || st.kept() != nil {
		t.Fatalf("after discarding: screen %T, draft %+v", h.a.cur, st.kept())
	}
	h.a.Lock()
	if _, ok := h.unlockTo().(*mainScreen); !ok {
		t.Errorf("discarded draft came back: %T", h.a.cur)
	}
	if n := len(st.revs); n != 1 {
		t.Errorf("%d entries, want 1", n)
	}
}

// A draft that cannot be saved does not stop the lock; nothing of it is
// kept, and the next unlock says so.
func TestDraftSaveFails(t *testing.T) {
	v, st := vaultWith("MARKER-old")
	st.draftErr = errors.New("disk on fire")
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	h.shortcut(ctrl(fyne.KeyN))
	f := h.a.cur.(*formScreen)
	test.Type(f.text, "MARKER-lost")
	h.shortcut(ctrlL)
	h.assertLockedClean(st)
	if h.a.draftLost == nil {
		t.Fatal("failure not remembered")
	}
	if _, ok := h.unlockTo().(*mainScreen); !ok {
		t.Fatalf("screen %T", h.a.cur)
	}
	if !h.hasText("disk on fire") || h.w.Canvas().Overlays().Top() == nil {
		t.Errorf("failure not told after unlock; texts %q", h.texts())
	}
	if h.hasText("MARKER-lost") {
		t.Error("draft text shown")
	}
}

// The notes and the question exist in Japanese too.
func TestDraftJapanese(t *testing.T) {
	v, st := vaultWith("MARKER-old")
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	h.a.SetLanguage("ja")
	h.shortcut(ctrl(fyne.KeyN))
	f := h.a.cur.(*formScreen)
	test.Type(f.text, "MARKER-下書き")
	h.shortcut(ctrlL)
	h.assertLockedClean(st)
	f = h.formAfterUnlock("ui.draft.restored")
	if !strings.Contains(i18n.T("ui.draft.restored"), "ロック") || f.text.Text != "MARKER-下書き" {
		t.Errorf("note %q, text %q", i18n.T("ui.draft.restored"), f.text.Text)
	}
	h.tap("ui.form.cancel")
	if h.overlayButton("入力を続ける") == nil || h.overlayButton("破棄する") == nil {
		t.Errorf("question not in Japanese; texts %q", h.texts())
	}
}

// With the real vault: the draft is sealed in the vault file (its text is
// nowhere on disk in the clear), outside the ledger, and it survives
// closing and reopening the app.
func TestRealVaultDraft(t *testing.T) {
	dir := t.TempDir()
	h := newRealHarness(t, dir)
	createRealVault(t, h)
	path := filepath.Join(dir, "diary"+vault.Extension)
	addEntry(t, h, "MARKER-saved-entry")

	const marker = "MARKER-draft-7c2a"
	h.shortcut(ctrl(fyne.KeyN))
	f := h.a.cur.(*formScreen)
	f.place.SetText(marker + "-place")
	test.Type(f.text, marker+" unsaved words")
	f.text.TypedShortcut(ctrlL)
	h.settle()
	if _, ok := h.a.cur.(*unlockScreen); !ok || h.hasText(marker) {
		t.Fatalf("not locked clean: %T", h.a.cur)
	}
	assertNoPlaintext(t, dir, marker)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "unsaved words") {
		t.Fatal("draft text in the vault file in the clear")
	}
	// It is a sealed setting, not a record: the ledger has only the
	// saved entry.
	v, err := vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock([]byte(realPass)); err != nil {
		t.Fatal(err)
	}
	val, ok, err := v.Setting(settings.KeyDraft)
	ents, eerr := v.Entries()
	v.Close()
	if err != nil || !ok || !strings.Contains(val, marker+" unsaved words") {
		t.Fatalf("draft setting: %q %v %v", val, ok, err)
	}
	if eerr != nil || len(ents) != 1 {
		t.Fatalf("entries %d (%v), want only the saved one", len(ents), eerr)
	}

	// Close the app and start it again.
	h.settle()
	h.a.shutdown()
	h2 := newRealHarness(t, dir)
	s, ok := h2.a.cur.(*unlockScreen)
	if !ok {
		t.Fatalf("restarted app shows %T", h2.a.cur)
	}
	test.Type(s.pass, realPass)
	s.pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h2.settle()
	f, ok = h2.a.cur.(*formScreen)
	if !ok || f.text.Text != marker+" unsaved words" || f.place.Text != marker+"-place" || !h2.hasText(i18n.T("ui.draft.restored")) {
		t.Fatalf("after restart: screen %T; texts %q", h2.a.cur, h2.texts())
	}
	f.text.TypedShortcut(ctrlS)
	h2.settle()
	m, ok := h2.a.cur.(*mainScreen)
	if !ok || len(m.entries) != 2 {
		t.Fatalf("after saving the draft: %T; texts %q", h2.a.cur, h2.texts())
	}
	h2.a.Lock()
	assertNoPlaintext(t, dir, marker)
	v, err = vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Unlock([]byte(realPass)); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := v.Setting(settings.KeyDraft); ok || err != nil {
		t.Errorf("draft still in the vault after saving (%v)", err)
	}
}

// Closing the window with a new entry typed keeps it as Lock does.
func TestDraftKeptOnClose(t *testing.T) {
	v, st := vaultWith("MARKER-old")
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	h.shortcut(ctrl(fyne.KeyN))
	f := h.a.cur.(*formScreen)
	test.Type(f.text, "MARKER-closing")
	h.a.shutdown()
	if d := st.kept(); !st.isClosed() || d == nil || d.Text != "MARKER-closing" {
		t.Fatalf("closed %v, draft %+v", st.isClosed(), d)
	}
}
