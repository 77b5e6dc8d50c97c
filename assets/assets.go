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
// report both use it (the UI through internal/uifont, which merges it in
// memory with the fonts below), so Japanese renders on machines without a
// Japanese font.
//
//go:embed fonts/ipaexg.ttf
var FontGothic []byte

// Fonts for the scripts IPAex Gothic lacks, so that a worker's own words
// render in the PDF report (and the app) on any machine: Noto Sans (Latin
// with every Vietnamese, Portuguese, Indonesian and Tagalog letter, Greek,
// Cyrillic including Mongolian ө ү), Noto Sans Mono (hashes and paths),
// Noto Sans Arabic, Devanagari, Myanmar,
// Thai and Khmer (SIL Open Font License 1.1, fonts/LICENSE-OFL.txt) and
// Droid Sans Fallback for Chinese in Chinese glyph forms and Korean (Apache
// License 2.0, fonts/LICENSE-Apache-2.0.txt). All are TrueType (glyf)
// fonts, unmodified; reports embed subsets of the glyphs they use.
var (
	//go:embed fonts/NotoSans-Regular.ttf
	FontSans []byte
	//go:embed fonts/NotoSansMono-Regular.ttf
	FontMono []byte
	//go:embed fonts/NotoSansArabic-Regular.ttf
	FontArabic []byte
	//go:embed fonts/NotoSansDevanagari-Regular.ttf
	FontDevanagari []byte
	//go:embed fonts/NotoSansMyanmar-Regular.ttf
	FontMyanmar []byte
	//go:embed fonts/NotoSansThai-Regular.ttf
	FontThai []byte
	//go:embed fonts/NotoSansKhmer-Regular.ttf
	FontKhmer []byte
	//go:embed fonts/DroidSansFallback.ttf
	FontChinese []byte
)

// Notices is THIRD_PARTY_NOTICES.txt: the licences of every module the
// binaries link and of the embedded fonts (internal/notices writes it; the
// app's About and kirokuctl licences show it).
//
//go:embed THIRD_PARTY_NOTICES.txt
var Notices []byte

// Icon is the application icon (512x512 PNG).
//
//go:embed icon.png
var Icon []byte
