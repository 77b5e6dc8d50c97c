package bidi_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/bidi"
)

// digits writes levels as a string of digits, as the tests spell them.
func digits(levels []bidi.Level) string {
	var b strings.Builder
	for _, l := range levels {
		if l > 9 {
			b.WriteByte('+')
			continue
		}
		b.WriteByte('0' + byte(l))
	}
	return b.String()
}

// The cases the report meets, worked by hand from the rules.
func TestLevels(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		base   bidi.Base
		para   bidi.Level
		levels string // after Levels
		line   string // after L1 for the whole text; "" if as levels
		visual []int
	}{
		{
			// W2 makes the digits AN, I2 puts them at 2; N0 leaves the
			// corner brackets (Japanese before them) at 0.
			name:   "Arabic with digits quoted in Japanese",
			text:   "社長は「قال المدير 123 مرة」と言った。",
			base:   bidi.Auto,
			para:   0,
			levels: "0000" + strings.Repeat("1", 11) + "222" + "1111" + "000000",
			visual: []int{0, 1, 2, 3, 21, 20, 19, 18, 15, 16, 17, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 22, 23, 24, 25, 26, 27},
		},
		{
			name:   "Arabic with digits in a left-to-right paragraph",
			text:   "報告 قال المدير 123 مرة です",
			base:   bidi.LTR,
			para:   0,
			levels: "000" + strings.Repeat("1", 11) + "222" + "1111" + "000",
			visual: []int{0, 1, 2, 20, 19, 18, 17, 14, 15, 16, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 21, 22, 23},
		},
		{
			name:   "Arabic-Indic digits after Latin",
			text:   "x ١٢٣",
			base:   bidi.LTR,
			levels: "00222",
			visual: []int{0, 1, 2, 3, 4},
		},
		{
			name:   "Arabic inside Latin",
			text:   "see قال here",
			base:   bidi.Auto,
			levels: "000011100000",
			visual: []int{0, 1, 2, 3, 6, 5, 4, 7, 8, 9, 10, 11},
		},
		{
			name:   "auto paragraph starting with Arabic, Latin inside",
			text:   "تقرير PDF للمدير.",
			base:   bidi.Auto,
			para:   1,
			levels: "11111122211111111",
			visual: []int{16, 15, 14, 13, 12, 11, 10, 9, 6, 7, 8, 5, 4, 3, 2, 1, 0},
		},
		{
			// P2 skips the isolate: the Arabic after it decides. The
			// isolate's Latin is at 4: RLI opens level 3 (odd, above 1).
			name:   "auto paragraph skips an isolate",
			text:   "\u2067abc\u2069 ا",
			base:   bidi.Auto,
			para:   1,
			levels: "1444111",
			visual: []int{6, 5, 4, 1, 2, 3, 0},
		},
		{
			// N0: the pair holds only R and R comes before it, so both
			// brackets are R; N1 alone would leave ")" at 0.
			name:   "brackets around Arabic after Arabic",
			text:   "ا (ب) c",
			base:   bidi.LTR,
			levels: "1111100",
			visual: []int{4, 3, 2, 1, 0, 5, 6},
		},
		{
			// Latin before the pair: the brackets take the paragraph's L.
			name:   "brackets around Arabic after Latin",
			text:   "a (ب) c",
			base:   bidi.LTR,
			levels: "0001000",
			visual: []int{0, 1, 2, 3, 4, 5, 6},
		},
		{
			// U+2329 pairs with U+3009, its canonical equivalent's partner.
			name:   "canonically equivalent brackets pair",
			text:   "ا \u2329ب\u3009 c",
			base:   bidi.LTR,
			levels: "1111100",
			visual: []int{4, 3, 2, 1, 0, 5, 6},
		},
		{
			name:   "mismatched brackets do not pair",
			text:   "ا (ب] c",
			base:   bidi.LTR,
			levels: "1111000",
			visual: []int{3, 2, 1, 0, 4, 5, 6},
		},
		{
			// L1 puts the trailing spaces back at the paragraph level.
			name:   "trailing spaces after Latin in a right-to-left paragraph",
			text:   "ab  cd  ",
			base:   bidi.RTL,
			para:   1,
			levels: "22222211",
			visual: []int{7, 6, 0, 1, 2, 3, 4, 5},
		},
		{
			// L1 reads the tab's own class (S), not the R N1 gave it.
			name:   "segment separator between Arabic words",
			text:   "ا\tب",
			base:   bidi.LTR,
			levels: "111",
			line:   "101",
			visual: []int{0, 1, 2},
		},
		{
			name:   "right-to-left override",
			text:   "\u202Eabc\u202C d",
			base:   bidi.LTR,
			levels: "0111100",
			visual: []int{0, 4, 3, 2, 1, 5, 6},
		},
		{
			name:   "Latin and Japanese only",
			text:   "2024年5月1日 meeting (10:00), ¥3,000",
			base:   bidi.Auto,
			levels: strings.Repeat("0", 33),
			visual: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32},
		},
		{
			name:   "Latin in a right-to-left paragraph",
			text:   "abc",
			base:   bidi.RTL,
			para:   1,
			levels: "222",
			visual: []int{0, 1, 2},
		},
		{
			name:   "empty",
			text:   "",
			base:   bidi.RTL,
			para:   1,
			levels: "",
			visual: []int{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := []rune(tt.text)
			levels, para := bidi.Levels(text, tt.base)
			if para != tt.para {
				t.Errorf("paragraph level %d, want %d", para, tt.para)
			}
			if got := digits(levels); got != tt.levels {
				t.Errorf("levels %s, want %s", got, tt.levels)
			}
			wantLine := tt.line
			if wantLine == "" {
				wantLine = tt.levels
			}
			if got := digits(bidi.LineLevels(text, levels, para, 0, len(text))); got != wantLine {
				t.Errorf("line levels %s, want %s", got, wantLine)
			}
			if got := bidi.Visual(text, levels, para, 0, len(text)); !slices.Equal(got, tt.visual) {
				t.Errorf("visual %v, want %v", got, tt.visual)
			}
		})
	}
}

// A line break inside a paragraph: L1 and L2 work per line, on the
// paragraph's levels.
func TestVisualLines(t *testing.T) {
	text := []rune("ab  cd  ")
	levels, para := bidi.Levels(text, bidi.RTL)
	for _, tt := range []struct {
		start, end int
		line       string
		visual     []int
	}{
		{0, 4, "2211", []int{3, 2, 0, 1}},
		{4, 8, "2211", []int{7, 6, 4, 5}},
		{2, 6, "2222", []int{2, 3, 4, 5}},
		{3, 3, "", []int{}},
	} {
		if got := digits(bidi.LineLevels(text, levels, para, tt.start, tt.end)); got != tt.line {
			t.Errorf("LineLevels(%d, %d) = %s, want %s", tt.start, tt.end, got, tt.line)
		}
		if got := bidi.Visual(text, levels, para, tt.start, tt.end); !slices.Equal(got, tt.visual) {
			t.Errorf("Visual(%d, %d) = %v, want %v", tt.start, tt.end, got, tt.visual)
		}
	}
}

// Embeddings deeper than 125 overflow: the levels stop growing.
func TestDepthLimit(t *testing.T) {
	text := []rune(strings.Repeat("\u202A", 200) + "x") // LRE: 2, 4, ... 124
	levels, _ := bidi.Levels(text, bidi.LTR)
	if got := levels[len(levels)-1]; got != 124 {
		t.Errorf("level of x under 200 LREs: %d, want 124", got)
	}
	text = []rune(strings.Repeat("\u202B\u202A", 100) + "x") // 1, 2, ... 125, then L on odd
	levels, _ = bidi.Levels(text, bidi.LTR)
	if got := levels[len(levels)-1]; got != 126 {
		t.Errorf("level of x under 100 RLE LRE: %d, want 126", got)
	}
	text = []rune(strings.Repeat("\u2067", 200) + "x") // RLI: 1, 3, ... 125
	levels, _ = bidi.Levels(text, bidi.LTR)
	if got := levels[len(levels)-1]; got != 126 {
		t.Errorf("level of x under 200 RLIs: %d, want 126", got)
	}
}
