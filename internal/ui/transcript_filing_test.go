package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// The 反訳書 on its own, from the entry view: a button beside each
// transcript; a .pdf and a .docx are written, a .txt name is refused and
// leaves no file.
func TestTranscriptFilingFromEntry(t *testing.T) {
	h, st, eid, ref := transcriptFixture(t, t.TempDir())
	tr, err := st.SaveTranscript(record.TranscriptRevision{Audio: record.TranscriptAudio{Ref: ref}, Transcriber: "山田花子",
		Speakers:   []record.TranscriptSpeaker{{ID: "A", Name: "上司"}},
		Utterances: []record.Utterance{{StartMS: 1000, EndMS: 2000, Speaker: "A", Text: "お前なんか要らない"}}})
	if err != nil {
		t.Fatal(err)
	}
	h.a.showMainScreen(&mainScreen{a: h.a, selected: eid})
	h.settle()
	if !h.hasText(i18n.T("ui.tr.filing")) {
		t.Fatalf("no %q button; texts %q", i18n.T("ui.tr.filing"), h.texts())
	}
	s := h.a.cur.(*mainScreen)
	dir := t.TempDir()
	for _, c := range []struct {
		name, magic string
	}{{"反訳書-1.pdf", "%PDF-"}, {"反訳書-1.docx", "PK"}, {"notes.txt", ""}} {
		path := filepath.Join(dir, c.name)
		w, err := storage.Writer(storage.NewFileURI(path))
		if err != nil {
			t.Fatal(err)
		}
		s.writeFiling(tr.TranscriptID, w)
		h.settle()
		b, err := os.ReadFile(path)
		switch {
		case c.magic == "":
			if err == nil {
				t.Errorf("%s: a file was left (%d bytes)", c.name, len(b))
			}
			if !h.hasText(i18n.T("ui.tr.filing_format")) {
				t.Errorf("%s: not told to use .pdf or .docx; texts %q", c.name, h.texts())
			}
		case err != nil || !bytes.HasPrefix(b, []byte(c.magic)):
			t.Errorf("%s: %v, %d bytes", c.name, err, len(b))
		case !h.hasText(i18n.T("ui.tr.filing_saved", path)):
			t.Errorf("%s: not told it was saved; texts %q", c.name, h.texts())
		}
		for _, o := range h.w.Canvas().Overlays().List() {
			h.w.Canvas().Overlays().Remove(o)
		}
	}
}

// Two drafts kept at one lock (an entry typed in the form earlier, a
// transcript being written now): unlocking opens one of them and leaves
// the other in the vault, never one screen over the other.
func TestTwoDraftsDoNotStack(t *testing.T) {
	h, st, _, _ := transcriptFixture(t, t.TempDir())
	if err := st.SaveDraft(app.Draft{Text: "MARKER-entry draft", When: "2026-12-01 10:00"}); err != nil {
		t.Fatal(err)
	}
	s := openTranscriptEditor(t, h, "ui.tr.open")
	test.Type(s.transcriber, "山田")
	test.Type(s.text, "MARKER-反訳の途中")
	h.relockReal()
	st = h.a.store.(realStore)
	_, formKept, _ := st.Draft()
	_, trKept, _ := st.TranscriptDraft()
	switch h.a.cur.(type) {
	case *formScreen, *transcriptScreen:
	default:
		t.Fatalf("after unlock: %T", h.a.cur)
	}
	if !formKept || !trKept {
		t.Fatalf("a draft was dropped: entry %v, transcript %v", formKept, trKept)
	}
}
