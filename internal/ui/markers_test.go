package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// markersOf returns the markers of the fake's recording i.
func (s *fakeStore) markersOf(i int) []app.Mark {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]app.Mark(nil), s.recs[i].info.Marks...)
}

// recordingMeeting unlocks a vault holding one entry, selects it and
// starts recording into it with Ctrl+R.
func recordingMeeting(t *testing.T) (*harness, *fakeStore, *recording) {
	t.Helper()
	v, st := vaultWith("MARKER-meeting")
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()
	m.list.Select(0)
	h.settle()
	h.shortcut(ctrlR)
	return h, st, h.a.rec
}

// Ctrl+M while recording, words later: after Stop the app offers to label
// the markers placed without a label; the label field opens focused on
// the first, Enter saves and moves to the next, Escape stops.
func TestLabelMarkersOffer(t *testing.T) {
	h, st, r := recordingMeeting(t)
	h.clock.Advance(2 * time.Second)
	h.shortcut(ctrlM) // no label
	h.clock.Advance(time.Second)
	test.Type(r.label, "door closed")
	h.shortcut(ctrlM)
	h.clock.Advance(time.Second)
	h.shortcut(ctrlM) // no label
	h.clock.Advance(time.Second)
	h.tap("ui.rec.stop")
	if !h.hasText(i18n.T("ui.rec.saved", "00:05", 3)) {
		t.Errorf("no note that it was saved; texts %q", h.texts())
	}
	b := h.button(i18n.T("ui.markers.offer", 2))
	if b == nil {
		t.Fatalf("no offer to label the markers; texts %q", h.texts())
	}
	test.Tap(b)
	h.settle()
	p := h.a.player
	if p == nil || p.editor == nil {
		t.Fatalf("no label field open; texts %q", h.texts())
	}
	marks := st.markersOf(0)
	if p.editor.id != marks[0].ID {
		t.Fatalf("editing marker %d, want the first (%d)", p.editor.id, marks[0].ID)
	}
	if h.w.Canvas().Focused() != p.editor.entry {
		t.Error("the label field does not have the keyboard focus")
	}
	test.Type(p.editor.entry, "上司が怒鳴り始めた")
	p.editor.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	// Saved; the next unlabelled marker (the third) is open.
	if p.editor == nil || p.editor.id != marks[2].ID || h.w.Canvas().Focused() != p.editor.entry {
		t.Fatalf("next marker not open after Enter: %+v", p.editor)
	}
	if h.marker("00:02", "上司が怒鳴り始めた") == nil {
		t.Errorf("new label not shown; texts %q", h.texts())
	}
	if !h.hasText(i18n.T("ui.markers.placed_none")) || !h.hasText(i18n.T("ui.markers.labelled", "上司が怒鳴り始めた", formatDateTime(h.clock.Now().In(jst), true))) {
		t.Errorf("history not shown; texts %q", h.texts())
	}
	p.editor.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	h.settle()
	if p.editor != nil {
		t.Error("Escape did not close the label field")
	}
	got := st.markersOf(0)
	if got[0].Label != "上司が怒鳴り始めた" || len(got[0].History) != 1 || got[1].Label != "door closed" || got[2].Label != "" {
		t.Fatalf("markers %+v", got)
	}
	// The detail's list keeps the new label when the player is re-rendered.
	s := h.a.cur.(*mainScreen)
	if s.recs[0].Marks[0].Label != "上司が怒鳴り始めた" {
		t.Errorf("detail list not updated: %+v", s.recs[0].Marks)
	}
}

// In the player, each marker's Label button opens its label, filled in;
// Save stores the new one and the history shows both; a failure is shown
// and keeps what was typed.
func TestRelabelMarkerInPlayer(t *testing.T) {
	v, st := vaultWith("MARKER-meeting")
	placed := time.Date(2026, 3, 1, 10, 5, 0, 0, jst)
	st.recs = append(st.recs, &fakeRecording{entryID: 1, info: app.RecordingInfo{ID: 1, State: record.StateComplete,
		Duration: 90 * time.Second, Markers: 2, Marks: []app.Mark{{ID: 1, At: 12 * time.Second, Wall: placed},
			{ID: 2, At: 61 * time.Second, Wall: placed.Add(49 * time.Second), Label: "he shouted", Placed: "he shouted"}}}})
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()
	m.list.Select(0)
	h.settle()
	h.shortcut(ctrl(fyne.KeyP))
	p := h.a.player
	if p == nil || len(p.editBtns) != 2 {
		t.Fatalf("player without Label buttons; texts %q", h.texts())
	}
	test.Tap(p.editBtns[1])
	h.settle()
	if p.editor == nil || p.editor.entry.Text != "he shouted" {
		t.Fatalf("label field not filled with the label: %+v", p.editor)
	}
	st.labelErr = apperr.ErrDamaged
	p.editor.entry.SetText("")
	test.Type(p.editor.entry, "he shouted 「辞めろ」")
	h.tap("ui.markers.save")
	if p.editor == nil || p.editor.err == nil || !h.hasText(messageFor(apperr.ErrDamaged)) {
		t.Fatalf("failure not shown; texts %q", h.texts())
	}
	st.labelErr = nil
	h.tap("ui.markers.save")
	if p.editor != nil {
		t.Fatalf("label field still open; texts %q", h.texts())
	}
	if h.marker("01:01", "he shouted 「辞めろ」") == nil {
		t.Errorf("new label not on the marker; texts %q", h.texts())
	}
	hist := strings.Join(h.texts(), "\n")
	if !strings.Contains(hist, i18n.T("ui.markers.placed", "he shouted")) ||
		!strings.Contains(hist, i18n.T("ui.markers.labelled", "he shouted 「辞めろ」", formatDateTime(h.clock.Now().In(jst), true))) {
		t.Errorf("history not shown; texts %q", h.texts())
	}
	// Clearing is a label too.
	test.Tap(p.editBtns[1])
	h.settle()
	p.editor.entry.SetText("")
	h.tap("ui.markers.save")
	got := st.markersOf(0)
	if got[1].Label != "" || len(got[1].History) != 2 || !h.hasText(i18n.T("ui.markers.cleared", formatDateTime(h.clock.Now().In(jst), true))) {
		t.Fatalf("cleared: %+v; texts %q", got[1], h.texts())
	}
	if h.marker("01:01", i18n.T("ui.play.marker_n", 2)) == nil {
		t.Error("a cleared marker is not listed by number")
	}
}

// With the real vault: a marker labelled and relabelled in the player is
// sealed with its history, survives lock and unlock, and the vault checks.
func TestRealVaultLabelMarker(t *testing.T) {
	dir := t.TempDir()
	h := newRealHarness(t, dir)
	createRealVault(t, h)
	addEntry(t, h, "MARKER-meeting")
	st := h.a.store.(realStore)
	ents, err := st.Entries()
	if err != nil || len(ents) != 1 {
		t.Fatalf("entries %v %v", ents, err)
	}
	eid := ents[0].ID
	// package ui cannot record (no audio system): write the recording
	// straight into the vault, as the desktop adapter does.
	w, err := st.Vault.StartRecording(record.AudioFormat{Codec: "pcm_s16le", SampleRate: 8000, Channels: 1, Bits: 16}, "dev", eid, "")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(make([]byte, 2*8000*3))
	w.Marker(500*time.Millisecond, "")
	w.Marker(1500*time.Millisecond, "loud")
	if _, err := w.Finish(); err != nil {
		t.Fatal(err)
	}
	h.a.showMain(eid)
	h.settle()
	h.shortcut(ctrl(fyne.KeyP))
	p := h.a.player
	if p == nil || len(p.editBtns) != 2 {
		t.Fatalf("no player with two markers; texts %q", h.texts())
	}
	label := func(i int, text string) {
		t.Helper()
		test.Tap(p.editBtns[i])
		h.settle()
		if p.editor == nil {
			t.Fatalf("no label field; texts %q", h.texts())
		}
		p.editor.entry.SetText("")
		test.Type(p.editor.entry, text)
		p.editor.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		h.settle()
		if p.editor != nil {
			t.Fatalf("label %q not saved; texts %q", text, h.texts())
		}
	}
	label(0, "MARKER-机を叩いた")
	label(1, "MARKER-怒鳴った")
	if h.marker("00:00", "MARKER-机を叩いた") == nil || !h.hasText(i18n.T("ui.markers.placed", "loud")) {
		t.Fatalf("labels not shown; texts %q", h.texts())
	}
	ms, err := st.Vault.Markers(w.ID())
	if err != nil || ms[0].Current() != "MARKER-机を叩いた" || ms[1].Current() != "MARKER-怒鳴った" || ms[1].Label != "loud" || len(ms[1].Labels) != 1 {
		t.Fatalf("vault markers %+v %v", ms, err)
	}
	if rep, err := st.Vault.Check(); err != nil || !rep.OK() {
		t.Fatalf("check: %v %+v", err, rep.Problems)
	}

	h.a.Lock()
	h.settle()
	assertNoPlaintext(t, dir, "MARKER-")
	h.unlockWith(realPass)
	h.a.showMain(eid)
	h.settle()
	h.shortcut(ctrl(fyne.KeyP))
	if h.marker("00:01", "MARKER-怒鳴った") == nil || !h.hasText(i18n.T("ui.markers.placed", "loud")) {
		t.Fatalf("labels lost after lock; texts %q", h.texts())
	}
}

// Ctrl+M, then words: the marker is placed at once, the label field takes
// the keyboard, and the words typed next label that marker when Enter is
// pressed (a fresh user's words went nowhere before). Ctrl+M with words
// already typed still places a labelled marker; Esc leaves a marker
// unlabelled.
func TestMarkerWordsTypedAfter(t *testing.T) {
	h, st, r := recordingMeeting(t)
	h.settle()
	// The entry's recording going on points to the bar, not to figures
	// that would go stale.
	if !h.hasText(i18n.T("ui.rec.row_live_meta")) {
		t.Errorf("the recording in progress is not shown as such; texts %q", h.texts())
	}
	h.clock.Advance(2 * time.Second)
	h.shortcut(ctrlM)
	h.settle()
	if h.w.Canvas().Focused() != r.label {
		t.Fatalf("after Ctrl+M the keyboard is on %T, not the label field", h.w.Canvas().Focused())
	}
	if r.label.PlaceHolder != i18n.T("ui.rec.label_pending", 1) {
		t.Errorf("placeholder %q", r.label.PlaceHolder)
	}
	h.clock.Advance(3 * time.Second) // typing takes a while: the marker stays at 00:02
	test.Type(r.label, "ファイルを投げた")
	r.label.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	marks := st.markersOf(0)
	if len(marks) != 1 || marks[0].Label != "ファイルを投げた" || marks[0].Placed != "" || marks[0].At != 2*time.Second {
		t.Fatalf("markers %+v: want one at 00:02 labelled after it was placed", marks)
	}
	if r.label.Text != "" || r.label.PlaceHolder != i18n.T("ui.rec.label_placeholder") {
		t.Errorf("label field %q / %q after Enter", r.label.Text, r.label.PlaceHolder)
	}

	// Words first, then Ctrl+M: a labelled marker, as before.
	test.Type(r.label, "door closed")
	h.shortcut(ctrlM)
	h.settle()
	// Ctrl+M, then Esc: the marker keeps no label.
	h.shortcut(ctrlM)
	h.settle()
	test.Type(r.label, "never mind")
	r.label.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	h.settle()
	marks = st.markersOf(0)
	if len(marks) != 3 || marks[1].Label != "door closed" || marks[2].Label != "" {
		t.Fatalf("markers %+v", marks)
	}
	h.tap("ui.rec.stop")
	// One marker has no label: the offer counts only it.
	if h.button(i18n.T("ui.markers.offer", 1)) == nil {
		t.Errorf("no offer for the one unlabelled marker; texts %q", h.texts())
	}
}
