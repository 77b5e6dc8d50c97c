package typeset

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// unit measures every character as one unit wide, wide characters as two.
func unit(r rune) float64 {
	if isWide(r) {
		return 2
	}
	return 1
}

// wrapUnits is breakLines over paragraphs with unit widths, every rune a
// cluster of its own.
func wrapUnits(text string, w float64) []string {
	var out []string
	for para := range strings.SplitSeq(text, "\n") {
		rs := []rune(para)
		adv := make([]float64, len(rs))
		starts := make([]bool, len(rs))
		for i, r := range rs {
			adv[i], starts[i] = unit(r), true
		}
		if len(rs) == 0 {
			out = append(out, "")
			continue
		}
		for _, b := range breakLines(rs, adv, starts, w) {
			out = append(out, string(rs[b[0]:b[1]]))
		}
	}
	return out
}

func TestBreakLines(t *testing.T) {
	tests := []struct {
		name string
		in   string
		w    float64
		want []string
	}{
		{"fits", "hello world", 20, []string{"hello world"}},
		{"words", "hello big world", 10, []string{"hello big", "world"}},
		{"long word", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"hash", strings.Repeat("0123456789abcdef", 4), 32, []string{strings.Repeat("0123456789abcdef", 2), strings.Repeat("0123456789abcdef", 2)}},
		{"cjk", "上司に辞めろと言われた", 8, []string{"上司に辞", "めろと言", "われた"}},
		{"kinsoku no start", "あいう。えお", 6, []string{"あい", "う。え", "お"}},
		{"kinsoku small kana", "あいうっえ", 6, []string{"あい", "うっえ"}},
		{"kinsoku no end", "あい「うえ」", 6, []string{"あい", "「う", "え」"}},
		{"mixed", "会議でmeetingと言った", 12, []string{"会議で", "meetingと", "言った"}},
		{"newlines", "a\n\nb", 10, []string{"a", "", "b"}},
		{"empty", "", 10, []string{""}},
		{"spaces at break", "aaa     bbb", 4, []string{"aaa", "bbb"}},
		{"only spaces", "     ", 2, []string{""}},
		{"wider than line", "辞", 1, []string{"辞"}},
		{"narrow", "abc", 0.5, []string{"a", "b", "c"}},
		{"no limit", "hello big world ", 0, []string{"hello big world "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrapUnits(tt.in, tt.w)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("wrap(%q, %v) = %q, want %q", tt.in, tt.w, got, tt.want)
			}
		})
	}
}

// A break never falls inside a cluster, even when a word is too long.
func TestBreakLinesKeepsClusters(t *testing.T) {
	rs := []rune("abcdefgh")
	adv := []float64{1, 0, 0, 1, 0, 1, 1, 0}
	starts := []bool{true, false, false, true, false, true, true, false}
	got := breakLines(rs, adv, starts, 1.5)
	var parts []string
	for _, b := range got {
		parts = append(parts, string(rs[b[0]:b[1]]))
	}
	if want := "abc|de|f|gh"; strings.Join(parts, "|") != want {
		t.Errorf("lines %q, want %s", parts, want)
	}
}

// No character but spaces at breaks is ever lost, every line fits unless it
// is a single character, and breaking terminates, whatever the input.
func FuzzBreakLines(f *testing.F) {
	for _, s := range []string{"上司に「辞めろ」と言われた。", "hello world", "a  b\n\nc", "https://example.com/" + strings.Repeat("x", 100), "「「「」」」。。。"} {
		f.Add(s, 7.0)
	}
	f.Fuzz(func(t *testing.T, s string, w float64) {
		if !utf8.ValidString(s) || w != w || w > 1e6 || w < -1e6 {
			return
		}
		lines := wrapUnits(s, w)
		strip := func(s string) string {
			return strings.Map(func(r rune) rune {
				if isSpace(r) || r == '\n' {
					return -1
				}
				return r
			}, s)
		}
		if got, want := strip(strings.Join(lines, "")), strip(s); got != want {
			t.Fatalf("characters lost: %q -> %q", s, lines)
		}
		for _, l := range lines {
			lw := 0.0
			for _, r := range l {
				lw += unit(r)
			}
			if w > 0 && lw > w && utf8.RuneCountInString(l) > 1 {
				t.Fatalf("line %q is %v wide, limit %v", l, lw, w)
			}
		}
	})
}
