package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// The keyboard is never trapped and reaches the entries: Tab leaves the
// multi-line "what was said" field instead of typing a tab; ↓ from the
// search goes into the list and selects an entry; Clear appears as soon
// as a filter is typed.
func TestKeyboardReachesEverything(t *testing.T) {
	v, _ := vaultWith("MARKER-one", "MARKER-two")
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()

	clear := h.button(i18n.T("ui.filter.clear"))
	if clear == nil || clear.Visible() {
		t.Fatalf("Clear with no filter: %+v", clear)
	}
	test.Type(m.search, "MARKER")
	h.settle()
	if clear := h.button(i18n.T("ui.filter.clear")); clear == nil || !clear.Visible() || clear.Disabled() {
		t.Fatal("Clear stays hidden while a search is typed")
	}
	h.w.Canvas().Focus(m.search)
	m.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	h.settle()
	if h.w.Canvas().Focused() != m.list {
		t.Fatalf("↓ from the search focused %T, want the list", h.w.Canvas().Focused())
	}
	if m.selected == 0 {
		t.Fatal("↓ from the search selected no entry")
	}

	h.a.showForm(nil)
	h.settle()
	f := h.a.cur.(*formScreen)
	if f.text.AcceptsTab() {
		t.Fatal("the multi-line field takes Tab: a keyboard trap")
	}
	h.w.Canvas().Focus(f.text)
	test.Type(f.text, "he shouted")
	h.w.Canvas().FocusNext()
	if h.w.Canvas().Focused() == f.text {
		t.Fatal("Tab did not leave the field")
	}
	if strings.Contains(f.text.Text, "\t") {
		t.Fatalf("a tab was typed: %q", f.text.Text)
	}
}

// An error on the create screen, shown under the button, is scrolled into
// view in a small window: pressing Enter must not seem to do nothing.
func TestCreateErrorScrolledIntoView(t *testing.T) {
	v := newFakeVaults()
	h := newHarness(t, v, Options{VaultPath: v.def})
	h.a.fa.Settings().SetTheme(NewTheme())
	h.w.Resize(fyne.NewSize(1000, 560))
	h.tap("ui.welcome.create")
	s := h.a.cur.(*createScreen)
	if s.scroll == nil {
		t.Fatal("the create page has no scroll")
	}
	if s.scroll.Content.MinSize().Height <= s.scroll.Size().Height {
		t.Fatalf("the page fits (%v in %v): test proves nothing", s.scroll.Content.MinSize(), s.scroll.Size())
	}
	test.Type(s.pass.first, "violet harbour pencil thunder")
	test.Type(s.pass.second, "violet harbour pencil thunders")
	s.pass.second.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	if !s.errLabel.Visible() || s.errLabel.Text != i18n.T("ui.pass.err.mismatch") {
		t.Fatalf("error label %q visible %v", s.errLabel.Text, s.errLabel.Visible())
	}
	if s.scroll.Offset.Y == 0 {
		t.Error("the error under the button was not scrolled into view")
	}
}
