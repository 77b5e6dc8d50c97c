package report

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kiroku-app/kiroku/assets"
)

func TestParseCmap(t *testing.T) {
	g, err := parseCmap(assets.FontGothic)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range "Aaz09「」、。あアー辞職場〓…・（）ＡＢ" {
		if !g.has(r) {
			t.Errorf("IPAex Gothic should have %q (U+%04X)", r, r)
		}
	}
	for _, r := range []rune{0x1F600, 0x0627 /* Arabic alef */, 0x05D0 /* Hebrew alef */, 0xFFFF, -1, 0x10FFFF} {
		if g.has(r) {
			t.Errorf("IPAex Gothic should not have U+%04X", r)
		}
	}
}

func TestParseCmapRejectsJunk(t *testing.T) {
	for _, b := range [][]byte{nil, {0, 1}, make([]byte, 12), []byte(strings.Repeat("cmap", 100))} {
		if _, err := parseCmap(b); err == nil {
			t.Errorf("parseCmap(%q) succeeded", b)
		}
	}
	// A truncated font must fail or succeed, never panic.
	for _, n := range []int{13, 100, 400, 1000, 5000} {
		parseCmap(assets.FontGothic[:n])
	}
}

func FuzzParseCmap(f *testing.F) {
	f.Add(assets.FontGothic[:2048])
	f.Fuzz(func(t *testing.T, b []byte) { parseCmap(b) })
}

func TestClean(t *testing.T) {
	has := func(r rune) bool { return r < 0x3000 || r == Placeholder || (r >= 0x3040 && r < 0x30ff) }
	tests := []struct {
		name, in string
		keepLF   bool
		want     string
		wantRepl bool
	}{
		{"plain", "abc あい", true, "abc あい", false},
		{"empty", "", true, "", false},
		{"crlf", "a\r\nb\rc\nd", true, "a\nb\nc\nd", false},
		{"crlf one line", "a\r\nb\rc\nd", false, "a b c d", false},
		{"tab", "a\tb", true, "a    b", false},
		{"controls", "a\x00b\x07c\x1b\x7f\u0085d", true, "a〓b〓c〓〓〓d", true},
		{"format chars dropped", "a\u200db\u202ec\ufeffd\u00ade", true, "abcde", false},
		{"variation selector dropped", "a\ufe0fb", true, "ab", false},
		{"emoji", "x😀y", true, "x〓y", true},
		{"zwj family", "👨\u200d👩\u200d👧", true, "〓〓〓", true},
		{"missing glyph", "\u4e00", true, "〓", true},
		{"invalid utf8", "a\xffb", true, "a〓b", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, repl := clean(tt.in, has, tt.keepLF)
			if got != tt.want || repl != tt.wantRepl {
				t.Errorf("clean(%q) = %q, %v; want %q, %v", tt.in, got, repl, tt.want, tt.wantRepl)
			}
		})
	}
}

// unit measures every character as one unit wide, wide characters as two.
func unit(r rune) float64 {
	if isWide(r) {
		return 2
	}
	return 1
}

func TestWrap(t *testing.T) {
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
		{"only spaces", "     ", 2, []string{"  "[:0]}},
		{"wider than line", "辞", 1, []string{"辞"}},
		{"zero width", "abc", 0, []string{"a", "b", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrap(tt.in, tt.w, unit)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("wrap(%q, %v) = %q, want %q", tt.in, tt.w, got, tt.want)
			}
		})
	}
}

// No character but spaces at breaks is ever lost, every line fits unless it
// is a single character, and wrap terminates, whatever the input.
func FuzzWrap(f *testing.F) {
	for _, s := range []string{"上司に「辞めろ」と言われた。", "hello world", "a  b\n\nc", "https://example.com/" + strings.Repeat("x", 100), "「「「」」」。。。"} {
		f.Add(s, 7.0)
	}
	f.Fuzz(func(t *testing.T, s string, w float64) {
		if !utf8.ValidString(s) || w != w || w > 1e6 || w < -1e6 {
			return
		}
		lines := wrap(s, w, unit)
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
			if lw > w && utf8.RuneCountInString(strings.TrimRight(l, " \u3000")) > 1 {
				// A line may be too wide only when it holds a single character.
				t.Fatalf("line %q is %v wide, limit %v", l, lw, w)
			}
		}
	})
}
