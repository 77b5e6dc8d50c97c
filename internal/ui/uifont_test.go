package ui

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// Every character of every shipped language's strings has a glyph in the
// faces Fyne tries before the system's fonts: the theme's font in that
// language, then Fyne's bundled Noto Sans (fyne internal/painter/font.go).
// A machine without fonts for Devanagari, Burmese, Arabic or Chinese would
// otherwise draw those labels, and the language menus, as boxes.
func TestUIFontCoversEveryLanguage(t *testing.T) {
	defer i18n.SetLanguage(i18n.Language())
	parse := func(r fyne.Resource) *font.Face {
		f, err := font.ParseTTF(bytes.NewReader(r.Content()))
		if err != nil {
			t.Fatalf("%s: %v", r.Name(), err)
		}
		return f
	}
	fyneSans := parse(theme.DefaultTextFont())
	cat := i18n.Default()
	for _, lang := range i18n.Languages {
		t.Run(lang, func(t *testing.T) {
			i18n.SetLanguage(lang)
			chain := []*font.Face{parse(NewTheme().Font(fyne.TextStyle{})), fyneSans}
			texts := map[string]string{}
			for _, key := range cat.Keys(lang) {
				texts[key] = cat.T(lang, key)
			}
			// The language menus: names from Go code, not the catalogue.
			for _, tag := range i18n.Offer {
				texts["menu "+tag] = cat.AppLanguageLabel(lang, tag)
			}
			for _, l := range i18n.WritingLanguages {
				texts["writing "+l.Tag] = cat.WritingLanguageLabel(lang, l.Tag)
			}
			missing := map[rune][]string{}
			for key, text := range texts {
				for _, r := range text {
					if unicode.IsControl(r) || unicode.Is(unicode.Variation_Selector, r) {
						continue
					}
					found := false
					for _, f := range chain {
						if _, ok := f.NominalGlyph(r); ok {
							found = true
							break
						}
					}
					if !found && len(missing[r]) < 2 {
						missing[r] = append(missing[r], key)
					}
				}
			}
			if len(missing) > 0 {
				var rs []string
				for r, keys := range missing {
					rs = append(rs, fmt.Sprintf("%c U+%04X (%s)", r, r, strings.Join(keys, ", ")))
				}
				sort.Strings(rs)
				t.Errorf("%d characters without a glyph, e.g. %s", len(rs), strings.Join(rs[:min(len(rs), 8)], "; "))
			}
		})
	}
}

// Every glyph of every script fits in the UI font's line box: Fyne draws a
// line of text into a texture exactly as tall as the font's hhea box, so
// a taller glyph is cut. The ink drawn must match that of a far taller box.
// Each language gets the box of its own script; Burmese and Arabic names
// in other languages' menus are not checked (see DESIGN.md, scripts).
func TestUIFontLineBoxHoldsGlyphs(t *testing.T) {
	test.NewTempApp(t)
	samples := map[string][]string{
		"ne":      {"नेपाली क्षेत्र श्रीमती हस्ताक्षर", "कृपया ठूलो (労災)"},
		"my":      {"မြန်မာဘာသာ ကျွန်ုပ်", "ဉာဏ် ဣန္ဒြေ ဂ္ဂ"},
		"ar":      {"العربية مكتب العمل", "إِنَّ ﷲ ؤ ئ"},
		"zh-Hans": {"简体中文 对 经理", "（工伤）gjpqy"},
		"ja":      {"記録 ぎょ gjpqy_|", "（労災）ÅÉ"},
		"en":      {"नेपाली 简体中文 한국어", "Tiếng Việt gjpqy"},
	}
	for lang, ss := range samples {
		r := uiFont(lang)
		roomy := fyne.NewStaticResource("roomy.ttf", withLineMetrics(r.Content(), 2000, -1200))
		for _, s := range ss {
			got, want := ink(t, r, s, 16), ink(t, roomy, s, 16)
			if got < want*0.995 {
				t.Errorf("%s %q: %.0f of %.0f units of ink drawn: glyphs are cut", lang, s, got, want)
			}
		}
	}
}
