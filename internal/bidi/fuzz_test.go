package bidi

import (
	"math/rand/v2"
	"slices"
	"testing"
)

var fuzzSeeds = []string{
	"",
	"社長は「قال المدير 123 مرة」と言った。",
	"a (ب) c [d {ה} e] f",
	"\u202Eabc\u202C d \u2067x\u2069 \u2068ש\u2069",
	"ا \u2329ب\u3009 c \u3008d\u232A",
	"ab  cd  \t x\u00ad\u200b ",
	"1+2=3 ١٢٣,٤ $5 %6 #7",
	"\u202B\u202A\u202B\u202A\u2066\u2067\u2068\u2069\u202C\u202C\u2069",
	"line\none\u2029two\rthree",
	"\xff\xfe invalid \xed\xa0\x80 utf-8",
}

// FuzzLevels checks, for any text, direction and line breaks: no panic,
// a level per rune, no level above 126, the fast path agreeing with the
// whole algorithm, and Visual giving a permutation of each line.
func FuzzLevels(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, uint8(i%3), uint64(i))
	}
	f.Fuzz(func(t *testing.T, s string, b uint8, seed uint64) {
		text := []rune(s)
		base := Base(b % 3)
		levels, para := Levels(text, base)
		if len(levels) != len(text) {
			t.Fatalf("%d levels for %d runes", len(levels), len(text))
		}
		switch {
		case base == LTR && para != 0, base == RTL && para != 1, para > 1:
			t.Fatalf("base %d: paragraph level %d", base, para)
		}
		for i, l := range levels {
			if l > maxDepth+1 || l < para {
				t.Fatalf("level %d at %d (paragraph %d)", l, i, para)
			}
		}
		full := make([]Level, len(text))
		if fullPara := resolve(text, base, full); fullPara != para || !slices.Equal(full, levels) {
			t.Fatalf("fast path %v %d, algorithm %v %d", levels, para, full, fullPara)
		}

		// Split into lines at random and lay out each.
		rng := rand.New(rand.NewPCG(seed, uint64(len(text))))
		for start := 0; start < len(text); {
			end := start + 1 + rng.IntN(len(text)-start)
			if line := LineLevels(text, levels, para, start, end); len(line) != end-start {
				t.Fatalf("LineLevels(%d, %d): %d levels", start, end, len(line))
			}
			order := Visual(text, levels, para, start, end)
			seen := make([]bool, end-start)
			for _, i := range order {
				if i < start || i >= end || seen[i-start] {
					t.Fatalf("Visual(%d, %d) = %v: not a permutation", start, end, order)
				}
				seen[i-start] = true
			}
			if len(order) != end-start {
				t.Fatalf("Visual(%d, %d) = %v: %d indices", start, end, order, len(order))
			}
			start = end
		}
	})
}
