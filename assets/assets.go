// Package assets embeds the data files Kiroku ships with: translations, the
// Japanese-capable font used by the UI and the PDF report, the rule library
// and the application icon.
package assets

import (
	"embed"
	_ "embed"
)

// I18n holds one folder per language (en, ja) of JSON files mapping message
// keys to text.
//
//go:embed i18n
var I18n embed.FS

// Rules holds the rule library (see internal/rules).
//
//go:embed rules
var Rules embed.FS

// FontGothic is IPAex Gothic (IPA Font License v1.0, see fonts/LICENSE.txt):
// a TrueType font with Latin and Japanese glyphs. The UI theme and the PDF
// report both use it, so Japanese renders on machines without a Japanese font.
//
//go:embed fonts/ipaexg.ttf
var FontGothic []byte

// Icon is the application icon (512x512 PNG).
//
//go:embed icon.png
var Icon []byte
