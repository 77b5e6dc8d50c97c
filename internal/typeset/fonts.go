package typeset

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"

	"github.com/kiroku-app/kiroku/assets"
)

// Face names one of the fonts Kiroku ships.
type Face uint8

// The faces, in the order the fallback tries them for a character no
// script-specific rule places.
const (
	Gothic     Face = iota // IPAex Gothic: Japanese, and Latin inside Japanese text
	Sans                   // Noto Sans: Latin, Greek, Cyrillic
	Mono                   // Noto Sans Mono: hashes, paths, commands
	Arabic                 // Noto Sans Arabic
	Devanagari             // Noto Sans Devanagari
	Myanmar                // Noto Sans Myanmar
	Thai                   // Noto Sans Thai
	Khmer                  // Noto Sans Khmer
	Chinese                // Droid Sans Fallback: Chinese glyph forms, Hangul
	NumFaces
)

var faceNames = [NumFaces]string{"IPAexGothic", "NotoSans", "NotoSansMono", "NotoSansArabic",
	"NotoSansDevanagari", "NotoSansMyanmar", "NotoSansThai", "NotoSansKhmer", "DroidSansFallback"}

func (f Face) String() string {
	if f < NumFaces {
		return faceNames[f]
	}
	return fmt.Sprintf("Face(%d)", uint8(f))
}

// Data returns the TrueType bytes of f, as embedded in the binary.
func (f Face) Data() []byte {
	switch f {
	case Gothic:
		return assets.FontGothic
	case Sans:
		return assets.FontSans
	case Mono:
		return assets.FontMono
	case Arabic:
		return assets.FontArabic
	case Devanagari:
		return assets.FontDevanagari
	case Myanmar:
		return assets.FontMyanmar
	case Thai:
		return assets.FontThai
	case Khmer:
		return assets.FontKhmer
	case Chinese:
		return assets.FontChinese
	}
	return nil
}

// scriptFace is the face drawn for a script, when it has the glyph.
func scriptFace(s language.Script) (Face, bool) {
	switch s {
	case language.Arabic:
		return Arabic, true
	case language.Devanagari:
		return Devanagari, true
	case language.Myanmar:
		return Myanmar, true
	case language.Thai:
		return Thai, true
	case language.Khmer:
		return Khmer, true
	case language.Hangul:
		return Chinese, true
	case language.Hiragana, language.Katakana:
		return Gothic, true
	case language.Latin, language.Greek, language.Cyrillic:
		return Sans, true
	}
	return 0, false
}

// parsed fonts are shared by every Set: go-text faces are read-only once
// parsed, apart from the shaper's own caches, which live in each Set.
var (
	parseOnce [NumFaces]sync.Once
	parsed    [NumFaces]*font.Font
	parseErr  [NumFaces]error
)

func loadFont(f Face) (*font.Font, error) {
	parseOnce[f].Do(func() {
		face, err := font.ParseTTF(bytes.NewReader(f.Data()))
		if err != nil {
			parseErr[f] = fmt.Errorf("typeset: parse %s: %w", f, err)
			return
		}
		parsed[f] = face.Font
	})
	return parsed[f], parseErr[f]
}
