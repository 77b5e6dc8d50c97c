package cli

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// For text in one-column characters the table is text/tabwriter, byte for
// byte, whatever the shape of the lines (ragged rows, blank lines, empty
// cells, a last line without newline).
func TestTableIsTabwriterForASCII(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"", "a", "id", "2026-11-01 10:00 JST", "power-harassment,verbal-abuse", "x*", "Entry text here"}
	for i := 0; i < 500; i++ {
		var in strings.Builder
		for l := rng.IntN(6); l >= 0; l-- {
			for c := rng.IntN(5); c > 0; c-- {
				in.WriteString(words[rng.IntN(len(words))])
				in.WriteByte('\t')
			}
			in.WriteString(words[rng.IntN(len(words))])
			if l > 0 || rng.IntN(2) == 0 {
				in.WriteByte('\n')
			}
		}
		var want, got bytes.Buffer
		tw := newTable(&want, 2)
		fmt.Fprint(tw, in.String())
		tw.Flush()
		tb := newTable(&got, 2)
		fmt.Fprint(tb, in.String())
		if err := tb.Flush(); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("input %q:\ntable     %q\ntabwriter %q", in.String(), got.String(), want.String())
		}
	}
}

// Wide characters take two columns and combining marks none, so a table of
// Japanese, Chinese, Korean and decomposed Vietnamese stays aligned: every
// row's second column starts at the same terminal column.
func TestTableAlignsByDisplayWidth(t *testing.T) {
	rows := [][2]string{
		{"1", "上司に会議室で怒鳴られた"},
		{"22", "经理当着所有人的面对我大喊大叫"},
		{"333", "Qua\u0309n ly\u0301 đã quát tôi"},
		{"4", "팀장이 소리를 질렀다"},
	}
	var b bytes.Buffer
	tb := newTable(&b, 2)
	for _, r := range rows {
		fmt.Fprintf(tb, "%s\t%s\tend\n", r[0], r[1])
	}
	tb.Flush()
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	col := -1
	for i, l := range lines {
		at := displayWidth(l[:strings.LastIndex(l, "end")])
		if col >= 0 && at != col {
			t.Fatalf("line %d: 'end' at column %d, others at %d:\n%s", i, at, col, b.String())
		}
		col = at
	}
	if w := displayWidth("上司a\u0301"); w != 5 {
		t.Fatalf("display width %d, want 5", w)
	}
}

// A long first line is cut to 60 columns, not 60 characters: a Japanese
// line is cut after 29 characters (58 columns and the ellipsis), an ASCII
// one after 59, and a combining mark stays with its letter.
func TestCutToWidth(t *testing.T) {
	ja := strings.Repeat("怒", 40)
	en := strings.Repeat("a", 70)
	for _, c := range []struct{ in, want string }{
		{ja, strings.Repeat("怒", 29) + "…"},
		{en, strings.Repeat("a", 59) + "…"},
		{"short", "short"},
		{strings.Repeat("a", 58) + "e\u0301xyz", strings.Repeat("a", 58) + "e\u0301…"},
	} {
		if got := cutToWidth(c.in, 60); got != c.want {
			t.Errorf("cutToWidth(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := cutToWidth(c.in, 60); displayWidth(got) > 60 {
			t.Errorf("%q is %d columns", got, displayWidth(got))
		}
	}
}
