package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

func TestTheme(t *testing.T) {
	defer i18n.SetLanguage(i18n.Language())
	for _, lang := range []string{"en", "ne"} {
		i18n.SetLanguage(lang)
		for _, style := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Monospace: true}, {Symbol: true}} {
			if NewTheme().Font(style) != uiFont(lang) {
				t.Errorf("%s, style %+v: not the language's UI font", lang, style)
			}
		}
	}
	if uiFont("en") == uiFont("ne") {
		t.Error("one UI font for English and Nepali")
	}
	dark := NewThemeVariant(theme.VariantDark)
	light := NewThemeVariant(theme.VariantLight)
	for _, n := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameForeground, theme.ColorNamePrimary, colorNameQuote} {
		if dark.Color(n, theme.VariantLight) == light.Color(n, theme.VariantLight) {
			t.Errorf("%s: dark and light variants give the same colour", n)
		}
	}
	test.AssertAllColorNamesDefined(t, NewTheme(), "kiroku")
}

// The Japanese screens render with the embedded font (software painter).
func TestRenderJapanese(t *testing.T) {
	v, _ := vaultWith("MARKER-a")
	h := newHarness(t, v, Options{VaultPath: testPath, Language: "ja"})
	h.a.fa.Settings().SetTheme(NewTheme())
	h.a.render()
	if i18n.Language() != "ja" || !h.hasText("開く") {
		t.Fatalf("not in Japanese: %q", h.texts())
	}
	if img := h.w.Canvas().Capture(); img.Bounds().Dx() == 0 {
		t.Fatal("empty capture")
	}
	h.unlock()
	h.w.Canvas().Capture()
}
