package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// A worker's entry in Vietnamese shows "No 訳文" in the timeline; a
// supporter adds a Japanese translation under the original, part by part,
// in the real vault; the entry then shows it with the translator, and the
// badge is gone. Editing the entry marks the translation as of an earlier
// wording.
func TestTranslateEntry(t *testing.T) {
	h := newRealHarness(t, t.TempDir())
	createRealVault(t, h)
	st := h.a.store.(realStore)
	e, err := st.Add(record.Fields{EventTime: time.Date(2026, 3, 2, 9, 0, 0, 0, jst), EventZone: "Asia/Tokyo",
		Text: "Trưởng phòng quát tôi trước mọi người.", Quotes: []record.Quote{{Speaker: "Tanaka", Words: "Mày không hiểu à?"}}, Lang: "vi"})
	if err != nil {
		t.Fatal(err)
	}
	h.a.showMainScreen(&mainScreen{a: h.a, selected: e.ID})
	h.settle()
	if !h.hasText(i18n.T("ui.row.untranslated")) || !h.hasText(i18n.T("ui.tl.none")[:20]) {
		t.Fatalf("no 'no translation' badge or note; texts %q", h.texts())
	}
	h.tap("ui.tl.add")
	s, ok := h.a.cur.(*translationScreen)
	if !ok {
		t.Fatalf("screen %T", h.a.cur)
	}
	if len(s.parts) != 3 || !h.hasText("Trưởng phòng quát tôi trước mọi người.") {
		t.Fatalf("parts %+v; texts %q", s.parts, h.texts())
	}
	test.Type(s.translator, "山田花子")
	for _, p := range s.parts {
		switch p.Key {
		case "text":
			test.Type(p.text, "課長が皆の前で私を怒鳴った。")
		case "quote.1":
			test.Type(p.text, "分からないのか？")
		}
	}
	h.tap("ui.tl.save")
	h.settle()
	m, ok := h.a.cur.(*mainScreen)
	if !ok {
		t.Fatalf("after save: %T; texts %q", h.a.cur, h.texts())
	}
	h.settle()
	if !h.hasText("課長が皆の前で私を怒鳴った。") || !h.hasText("山田花子") || h.hasText(i18n.T("ui.row.untranslated")) {
		t.Fatalf("translation not shown; texts %q", h.texts())
	}
	trs, err := st.Translations(e.ID)
	if err != nil || len(trs) != 1 || trs[0].Fields["quote.1"] != "分からないのか？" || trs[0].Translator != "山田花子" {
		t.Fatalf("stored %+v %v", trs, err)
	}
	// The worker edits the entry: the translation is now of an earlier
	// wording, and says so.
	f := e.Fields
	f.Text = "Trưởng phòng quát tôi."
	if _, err := st.Edit(e.ID, f, ""); err != nil {
		t.Fatal(err)
	}
	h.a.showMainScreen(&mainScreen{a: h.a, selected: e.ID})
	h.settle()
	_ = m
	if !h.hasText(i18n.T("ui.tl.earlier")) {
		t.Fatalf("no 'earlier wording' note; texts %q", h.texts())
	}
}

// Text typed on the translation screen and not saved is kept, sealed, when
// the app locks, and the next unlock opens the screen with it again;
// Cancel then discards it for good.
func TestTranslationDraftKeptOnLock(t *testing.T) {
	dir := t.TempDir()
	h := newRealHarness(t, dir)
	createRealVault(t, h)
	st := h.a.store.(realStore)
	e, err := st.Add(record.Fields{EventTime: time.Date(2026, 3, 2, 9, 0, 0, 0, jst), EventZone: "Asia/Tokyo",
		Text: "Trưởng phòng quát tôi.", Lang: "vi"})
	if err != nil {
		t.Fatal(err)
	}
	h.a.showMainScreen(&mainScreen{a: h.a, selected: e.ID})
	h.settle()
	h.tap("ui.tl.add")
	s := h.a.cur.(*translationScreen)
	test.Type(s.translator, "山田")
	test.Type(s.parts[0].text, "MARKER-訳文の途中")
	h.relockReal()
	s, ok := h.a.cur.(*translationScreen)
	if !ok {
		t.Fatalf("after unlock: %T; texts %q", h.a.cur, h.texts())
	}
	if s.parts[0].text.Text != "MARKER-訳文の途中" || s.translator.Text != "山田" || !h.hasText(i18n.T("ui.draft.restored")) {
		t.Fatalf("draft not restored: %q %q; texts %q", s.parts[0].text.Text, s.translator.Text, h.texts())
	}
	h.tap("ui.form.cancel")
	h.settle()
	st = h.a.store.(realStore)
	if _, ok, err := st.TranslationDraft(); ok || err != nil {
		t.Fatalf("draft still kept after Cancel: %v %v", ok, err)
	}
	if trs, _ := st.Translations(e.ID); len(trs) != 0 {
		t.Fatalf("a draft became a translation: %+v", trs)
	}
}
