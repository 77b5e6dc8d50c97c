package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/kiroku-app/kiroku/assets"
)

// fontGothic is the embedded IPAex Gothic. Fyne's bundled font has no
// Japanese glyphs, and the user's machine may have no Japanese font at all.
var fontGothic = fyne.NewStaticResource("ipaexg.ttf", assets.FontGothic)

// Theme is Kiroku's look: Fyne's default colours and sizes, IPAex Gothic for
// every text style (regular, bold, italic, monospace, symbol), so Japanese
// renders the same everywhere. IPAex has no bold or italic faces; screens
// mark emphasis with layout and colour instead.
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

// Font implements fyne.Theme.
func (t *Theme) Font(fyne.TextStyle) fyne.Resource { return fontGothic }

// Icon implements fyne.Theme.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size implements fyne.Theme.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }
