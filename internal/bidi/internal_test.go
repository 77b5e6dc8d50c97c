package bidi

import (
	"slices"
	"strings"
	"testing"

	xbidi "golang.org/x/text/unicode/bidi"
)

// The fast path skips runes below firstBidi without looking them up.
func TestFirstBidi(t *testing.T) {
	for r := rune(0); r < firstBidi; r++ {
		switch c := classOf(r); c {
		case cR, cAL, cAN, cLRE, cRLE, cLRO, cRLO, cPDF, cLRI, cRLI, cFSI, cPDI:
			t.Errorf("%U has class %d, below firstBidi", r, c)
		}
	}
}

// Every closing bracket x/text knows is in the generated table, paired
// with an opening bracket; a newer Unicode in x/text (a newer Go) may add
// pairs: regenerate the table from that version's BidiBrackets.txt.
func TestBracketTable(t *testing.T) {
	if !slices.IsSortedFunc(closingBrackets[:], func(a, b struct{ close, open rune }) int { return int(a.close - b.close) }) {
		t.Fatal("closingBrackets is not sorted")
	}
	for _, b := range closingBrackets {
		c, _ := xbidi.LookupRune(b.close)
		o, _ := xbidi.LookupRune(b.open)
		if !c.IsBracket() || c.IsOpeningBracket() || !o.IsBracket() || !o.IsOpeningBracket() {
			t.Errorf("%U, %U: not a closing and an opening bracket for x/text", b.close, b.open)
		}
	}
	n := 0
	for r := rune(0); r <= 0x10FFFF; r++ {
		if p, _ := xbidi.LookupRune(r); p.IsBracket() && !p.IsOpeningBracket() {
			n++
			if _, ok := openingOf(r); !ok {
				t.Errorf("closing bracket %U (Unicode %s) missing from brackets_table.go", r, UnicodeVersion)
			}
		}
	}
	if n != len(closingBrackets) {
		t.Errorf("x/text has %d closing brackets, the table %d", n, len(closingBrackets))
	}
}

// Text without right-to-left characters costs one allocation: the result.
func TestFastPathAllocs(t *testing.T) {
	text := []rune(strings.Repeat("Meeting with 田中さん at 10:00 (¥3,000). ", 5))
	for _, base := range []Base{Auto, LTR} {
		if n := testing.AllocsPerRun(100, func() { Levels(text, base) }); n != 1 {
			t.Errorf("base %d: %v allocations, want 1", base, n)
		}
	}
}
