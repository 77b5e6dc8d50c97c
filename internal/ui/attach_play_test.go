package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// An imported phone recording has a Play button; it opens the same
// player as Kiroku's own recordings, in the files section, and Ctrl+P
// plays it. AMR says which codec is missing; a document has no button.
func TestPlayImportedRecording(t *testing.T) {
	v, st := vaultWith("MARKER-meeting")
	st.atts = append(st.atts,
		fakeAttachment{info: app.AttachmentInfo{ID: 1, EntryID: 1, Name: "Ghi âm 2026-05-12.m4a", Size: 3 << 20, MediaType: "audio/mp4", SHA256: "ab12", ImportedAt: time.Now()}},
		fakeAttachment{info: app.AttachmentInfo{ID: 2, EntryID: 1, Name: "call.amr", Size: 2 << 10, MediaType: "audio/amr", SHA256: "cd34", ImportedAt: time.Now()}},
		fakeAttachment{info: app.AttachmentInfo{ID: 3, EntryID: 1, Name: "notes.txt", Size: 12, MediaType: "text/plain", SHA256: "ef56", ImportedAt: time.Now()}},
	)
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()
	m.list.Select(0)
	h.settle()
	var plays []*widget.Button
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == i18n.T("ui.play.open") {
			plays = append(plays, b)
		}
	})
	if len(plays) != 2 {
		t.Fatalf("%d Play buttons, want one for each of the two audio files; texts %q", len(plays), h.texts())
	}
	test.Tap(plays[0])
	h.settle()
	p := h.a.player
	if p == nil || p.pb == nil || p.att == nil || p.att.ID != 1 {
		t.Fatalf("the imported recording did not open; texts %q", h.texts())
	}
	if !h.hasText(i18n.T("ui.play.title_file")) || !h.hasText(i18n.T("ui.play.position", "00:00", "00:42")) {
		t.Errorf("player not shown; texts %q", h.texts())
	}
	h.shortcut(ctrl(fyne.KeyP))
	if !st.players[0].Playing() {
		t.Error("Ctrl+P did not play the imported recording")
	}

	// The AMR file: the player says which codec is missing.
	plays = nil
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == i18n.T("ui.play.open") && !b.Disabled() {
			plays = append(plays, b)
		}
	})
	if len(plays) != 1 {
		t.Fatalf("%d enabled Play buttons after opening one, want 1", len(plays))
	}
	test.Tap(plays[0])
	h.settle()
	if !h.hasText(i18n.T("ui.err.codec_missing", "amr-nb")) {
		t.Errorf("no message naming the missing codec; texts %q", h.texts())
	}
	if !st.players[0].isClosed() {
		t.Error("the first player was not closed when another file was opened")
	}
}
