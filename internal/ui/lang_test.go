package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/typeset"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// The worker says which language an entry is written in; the vault keeps
// it with the entry, the entry view names it, and the next new entry
// offers the same language first (most workers write every entry in one).
func TestRealVaultEntryLanguage(t *testing.T) {
	dir := t.TempDir()
	h := newRealHarness(t, dir)
	createRealVault(t, h)

	h.tap("ui.main.new")
	f := h.a.cur.(*formScreen)
	if f.lang != "" {
		t.Fatalf("a first entry says language %q", f.lang)
	}
	f.when.SetText("2026-03-31 09:15")
	test.Type(f.text, "Quản lý đã quát tôi trước mọi người")
	h.pickLanguage(f, "Not said", "Vietnamese — Tiếng Việt")
	f.text.TypedShortcut(ctrlS)
	h.settle()
	m := h.a.cur.(*mainScreen)
	if len(m.entries) != 1 || m.entries[0].Lang != "vi" {
		t.Fatalf("entries %+v", m.entries)
	}
	if !h.hasText("Vietnamese — Tiếng Việt") {
		t.Errorf("the entry view does not name its language; texts %q", h.texts())
	}
	first := m.entries[0].ID

	// The next entry offers Vietnamese; choosing "Not said" stores none.
	h.tap("ui.main.new")
	f = h.a.cur.(*formScreen)
	if f.lang != "vi" {
		t.Fatalf("a new entry after a Vietnamese one offers %q", f.lang)
	}
	f.when.SetText("2026-03-31 10:00")
	test.Type(f.text, "second")
	h.pickLanguage(f, "Vietnamese — Tiếng Việt", "Not said")
	f.text.TypedShortcut(ctrlS)
	h.settle()
	m = h.a.cur.(*mainScreen)
	for _, e := range m.entries {
		if e.Text == "second" && e.Lang != "" {
			t.Fatalf("entry %q has language %q", e.Text, e.Lang)
		}
	}
	if h.a.lastLang != "" {
		t.Fatalf("last language %q after an entry that said none", h.a.lastLang)
	}

	// In the vault: a version 2 revision that carries the tag.
	h.w.Canvas().(fyne.Shortcutable).TypedShortcut(ctrlL)
	h.settle()
	revs := history(t, filepath.Join(dir, "diary"+vault.Extension), first)
	if len(revs) != 1 || revs[0].Fields.Lang != "vi" || revs[0].Version != 2 {
		t.Fatalf("vault revision %+v", revs)
	}
}

// pickLanguage opens the form's language picker, which shows current,
// and taps option in its list.
func (h *harness) pickLanguage(f *formScreen, current, option string) {
	h.t.Helper()
	p := f.langPick
	if p.shown.Text != current {
		h.t.Fatalf("the picker shows %q, want %q", p.shown.Text, current)
	}
	test.Tap(p.btn)
	h.settle()
	if p.popup == nil || !p.popup.Visible() {
		h.t.Fatal("the language list did not open")
	}
	// Escape closes the list and changes nothing.
	p.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if p.popup.Visible() || p.shown.Text != current {
		h.t.Fatalf("after Escape: list open %v, shown %q", p.popup.Visible(), p.shown.Text)
	}
	test.Tap(p.btn)
	h.settle()
	for i, l := range p.labels {
		if l == option {
			p.list.Select(i)
			h.settle()
			if p.popup.Visible() || p.shown.Text != option {
				h.t.Fatalf("after choosing %q: list open %v, shown %q", option, p.popup.Visible(), p.shown.Text)
			}
			return
		}
	}
	h.t.Fatalf("no option %q in %q", option, p.labels)
}

// Every language the form offers is drawn with the fonts Kiroku ships:
// its name in itself (the picker) and so the words written in it.
func TestWritingLanguagesDrawable(t *testing.T) {
	s := typeset.NewSet()
	for _, l := range i18n.WritingLanguages {
		for _, r := range l.Endonym {
			if r == ' ' || r == '(' || r == ')' {
				continue
			}
			ok := false
			for f := range typeset.NumFaces {
				ok = ok || s.Has(typeset.Face(f), r)
			}
			if !ok {
				t.Errorf("%s: no shipped font draws %q of %q", l.Tag, r, l.Endonym)
			}
		}
	}
}
