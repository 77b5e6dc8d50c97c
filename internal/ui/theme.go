package ui

import (
	"encoding/binary"
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/kiroku-app/kiroku/assets"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/uifont"
)

// fontGothic is the embedded IPAex Gothic, with a line box that holds its
// glyphs; scriptText draws Japanese runs with it.
var fontGothic = fyne.NewStaticResource("ipaexg.ttf", withLineMetrics(assets.FontGothic, gothicAscender, gothicDescender))

// The line box Fyne gives IPAex Gothic, in font units (2048 per em).
//
// Fyne sizes every line of text from the font's hhea ascender and
// descender and draws it into a texture exactly that tall. IPAex's hhea
// gives the ideographic em box (1802 up, 246 down), but its Latin
// descenders reach 401 below the baseline (its OS/2 winDescent), so the
// bottom of "g", "y", "p" was cut off on every line. The wider box keeps
// every glyph inside, centred on the glyphs' middle (about 730 up), and
// gives lines some air: 1.23 em instead of 1.0.
const (
	gothicAscender  = 1960
	gothicDescender = -560
)

// withLineMetrics returns a copy of the TrueType font ttf whose hhea
// ascender and descender are set to asc and desc, with the line gap
// folded into them. The shipped file is not changed; only the copy Fyne
// measures and draws with. If ttf has no hhea table it is returned as is.
func withLineMetrics(ttf []byte, asc, desc int16) []byte {
	if len(ttf) < 12 {
		return ttf
	}
	n := int(binary.BigEndian.Uint16(ttf[4:6]))
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(ttf) {
			return ttf
		}
		if string(ttf[rec:rec+4]) != "hhea" {
			continue
		}
		off := int(binary.BigEndian.Uint32(ttf[rec+8:]))
		length := int(binary.BigEndian.Uint32(ttf[rec+12:]))
		if length < 36 || off+length > len(ttf) {
			return ttf
		}
		out := append([]byte(nil), ttf...)
		table := out[off : off+length]
		binary.BigEndian.PutUint16(table[4:], uint16(asc))
		binary.BigEndian.PutUint16(table[6:], uint16(desc))
		binary.BigEndian.PutUint16(table[8:], 0) // lineGap
		binary.BigEndian.PutUint32(out[rec+4:], tableChecksum(table))
		return out
	}
	return ttf
}

// tableChecksum is the TrueType table checksum: the sum of the table as
// big-endian uint32 words, zero-padded.
func tableChecksum(table []byte) uint32 {
	var sum uint32
	for i := 0; i < len(table); i += 4 {
		var w [4]byte
		copy(w[:], table[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

// uiFonts holds the UI font of each language used so far (uifont.For).
var uiFonts sync.Map // language → fyne.Resource

// uiFont is the font the theme gives Fyne in UI language lang: built in
// memory from the embedded fonts (package uifont) so that every script the
// language's screens show draws on a machine with no fonts of its own. If
// building fails (it does not with the shipped fonts), IPAex Gothic.
func uiFont(lang string) fyne.Resource {
	if r, ok := uiFonts.Load(lang); ok {
		return r.(fyne.Resource)
	}
	b, err := uifont.For(lang, theme.DefaultTextFont().Content())
	if err != nil {
		fyne.LogError("building the UI font", err)
		return fontGothic
	}
	r, _ := uiFonts.LoadOrStore(lang, fyne.NewStaticResource("kiroku-ui-"+lang+".ttf", b))
	return r.(fyne.Resource)
}

// Theme is Kiroku's look: Fyne's default colours and sizes, and for every
// text style (regular, bold, italic, monospace, symbol) the UI font of the
// current language (uiFont), so Devanagari, Burmese, Arabic, Chinese and
// Japanese render the same everywhere. Latin, Greek and Cyrillic come from
// Fyne's own Noto Sans (bold and italic too), except in Japanese, where
// IPAex Gothic draws them as before; IPAex has no bold or italic faces.
type Theme struct {
	// Variant forces light or dark; nil follows the system setting.
	Variant *fyne.ThemeVariant
}

var _ fyne.Theme = (*Theme)(nil)

// NewTheme returns a theme that follows the system's light or dark setting.
func NewTheme() *Theme { return &Theme{} }

// NewThemeVariant returns a theme that is always light
// (theme.VariantLight) or always dark (theme.VariantDark).
func NewThemeVariant(v fyne.ThemeVariant) *Theme { return &Theme{Variant: &v} }

// colorNameQuote is the bar beside a verbatim quote.
const colorNameQuote fyne.ThemeColorName = "kiroku-quote"

// Color implements fyne.Theme.
func (t *Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.Variant != nil {
		v = *t.Variant
	}
	switch n {
	case theme.ColorNamePrimary:
		// A calm blue-green instead of Fyne's bright blue.
		if v == theme.VariantDark {
			return color.NRGBA{R: 0x5f, G: 0xb3, B: 0xb0, A: 0xff}
		}
		return color.NRGBA{R: 0x2f, G: 0x7a, B: 0x78, A: 0xff}
	case colorNameQuote:
		if v == theme.VariantDark {
			return color.NRGBA{R: 0x8a, G: 0x9b, B: 0xb0, A: 0xff}
		}
		return color.NRGBA{R: 0x6b, G: 0x7f, B: 0x99, A: 0xff}
	}
	return theme.DefaultTheme().Color(n, v)
}

// Font implements fyne.Theme. Fyne caches faces by style until the theme
// is set again: App.SetLanguage sets it.
func (t *Theme) Font(fyne.TextStyle) fyne.Resource { return uiFont(i18n.Language()) }

// Icon implements fyne.Theme.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size implements fyne.Theme.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }
