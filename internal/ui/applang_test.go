package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// The report languages offered: ja, en, both, and Japanese beside the app's
// language when that is another shipped one; a stored choice this build
// cannot make gives the default.
func TestExportLanguageChoices(t *testing.T) {
	fa := test.NewTempApp(t)
	t.Cleanup(func() { i18n.SetLanguage("en") })
	p := fa.Preferences()
	for stored, want := range map[string]string{"": "ja", "both": "both", "en": "en", "ja+fr": "ja", "ja+ja": "ja", "fr": "ja"} {
		p.SetString(prefExportLanguage, stored)
		if got := ExportLanguage(p); got != want {
			t.Errorf("stored %q: ExportLanguage %q, want %q", stored, got, want)
		}
	}
	for _, l := range i18n.Languages {
		i18n.SetLanguage(l)
		ids, labels := exportLanguageChoices("ja")
		if len(ids) != len(labels) || !slices.Equal(ids[:3], exportLanguages) {
			t.Fatalf("%s: choices %q %q", l, ids, labels)
		}
		bi := "ja+" + l
		if got := slices.Contains(ids, bi); got != (l != "ja" && l != "en") {
			t.Errorf("%s: %s offered %v", l, bi, got)
		}
	}
}

// The language menu lists every shipped language; on the short screens'
// bar it is as wide as the current one's own name, and the bar says
// "translation not yet reviewed" exactly while the language is unreviewed.
func TestLanguageMenu(t *testing.T) {
	v, _ := vaultWith("x")
	h := newHarness(t, v, Options{VaultPath: testPath})
	for _, l := range i18n.Languages {
		h.a.SetLanguage(l)
		s := h.a.languageSelect()
		if len(s.Options) != len(i18n.Languages) || s.Selected != i18n.AppLanguageLabel(l) {
			t.Errorf("%s: options %q, selected %q", l, s.Options, s.Selected)
		}
		marked, placeholder := false, ""
		walk(h.a.topBar(), func(o fyne.CanvasObject) {
			if lb, ok := o.(*widget.Label); ok && lb.Text == i18n.T("ui.languages.unreviewed") {
				marked = true
			}
			if s, ok := o.(*widget.Select); ok {
				placeholder = s.PlaceHolder
			}
		})
		if placeholder != i18n.AppEndonym(l) {
			t.Errorf("%s: the bar's menu has placeholder %q", l, placeholder)
		}
		if marked != !i18n.Reviewed(l) {
			t.Errorf("%s: unreviewed mark shown %v", l, marked)
		}
	}
	h.a.SetLanguage("en")
}
