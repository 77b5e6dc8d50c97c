package typeset

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// samples holds a sentence in every script the report must draw, with the
// face that must draw its letters.
var samples = []struct {
	name, text string
	face       Face
}{
	{"japanese", "上司に「辞めろ」と言われた。", Gothic},
	{"english", "My manager shouted at me.", Sans},
	{"vietnamese", "Quản lý đã quát tôi trước mọi người.", Sans},
	{"portuguese", "O gerente gritou comigo na frente de todos.", Sans},
	{"tagalog", "Sinigawan ako ng manager sa harap ng lahat.", Sans},
	{"indonesian", "Manajer membentak saya di depan semua orang.", Sans},
	{"mongolian", "Менежер бүх хүмүүсийн өмнө над руу хашгирсан.", Sans},
	{"arabic", "صرخ المدير في وجهي أمام الجميع", Arabic},
	{"nepali", "प्रबन्धकले सबैको अगाडि मलाई कराए।", Devanagari},
	{"burmese", "မန်နေဂျာက လူတိုင်းရှေ့မှာ ကျွန်တော့်ကို အော်ဟစ်ခဲ့တယ်။", Myanmar},
	{"thai", "ผู้จัดการตะโกนใส่ฉันต่อหน้าทุกคน", Thai},
	{"khmer", "អ្នកគ្រប់គ្រងបានស្រែកដាក់ខ្ញុំនៅមុខមនុស្សទាំងអស់", Khmer},
	{"chinese simplified", "经理当着所有人的面对我大喊大叫。", Chinese},
	{"chinese traditional", "經理當著所有人的面對我大吼大叫。", Chinese},
	{"korean", "관리자가 모든 사람 앞에서 저에게 소리를 질렀습니다.", Chinese},
}

// facesOf returns the faces of clusters holding letters.
func facesOf(lines []Line) map[Face]bool {
	m := map[Face]bool{}
	for _, l := range lines {
		for _, r := range l.Runs {
			for _, c := range r.Clusters {
				for _, ch := range c.Text {
					if unicode.IsLetter(ch) {
						m[r.Face] = true
					}
				}
			}
		}
	}
	return m
}

func TestLayoutChoosesFaceForScript(t *testing.T) {
	s := NewSet()
	for _, tt := range samples {
		t.Run(tt.name, func(t *testing.T) {
			lines := s.Layout(tt.text, 10, 0, Options{})
			got := facesOf(lines)
			if len(got) != 1 || !got[tt.face] {
				t.Errorf("faces %v, want only %v", got, tt.face)
			}
		})
	}
}

// Every character of the input is carried by exactly one cluster, and no
// visible glyph is the missing glyph.
func TestLayoutKeepsEveryCharacter(t *testing.T) {
	s := NewSet()
	ph := s.glyph(Gothic, Placeholder).gid
	for _, tt := range samples {
		for _, w := range []float64{0, 60, 25} {
			lines := s.Layout(tt.text, 10, w, Options{})
			var got []rune
			for _, l := range lines {
				for _, r := range l.Runs {
					for _, c := range r.Clusters {
						got = append(got, []rune(c.Text)...)
						if !c.Invisible {
							for _, g := range c.Glyphs {
								if g.GID == 0 || (r.Face == Gothic && g.GID == ph) {
									t.Errorf("%s: no glyph for %q", tt.name, c.Text)
								}
							}
						}
					}
				}
			}
			want := []rune(strings.ReplaceAll(tt.text, " ", ""))
			got = slices.DeleteFunc(got, func(r rune) bool { return r == ' ' })
			slices.Sort(got)
			slices.Sort(want)
			if string(got) != string(want) {
				t.Errorf("%s at width %v: characters %q, want %q", tt.name, w, string(got), string(want))
			}
			for _, l := range lines {
				if w > 0 && l.Width > w+0.01 && utf8.RuneCountInString(l.Text) > 1 && strings.Contains(l.Text, " ") {
					t.Errorf("%s: line %q is %v wide, limit %v", tt.name, l.Text, l.Width, w)
				}
			}
		}
	}
}

// An Arabic paragraph runs right to left: its first letter is drawn at
// the right, and the line says it belongs at the right edge.
func TestLayoutArabicRightToLeft(t *testing.T) {
	s := NewSet()
	lines := s.Layout("مرحبا بالعالم", 10, 0, Options{})
	if len(lines) != 1 || !lines[0].RTL {
		t.Fatalf("lines %+v: want one right-to-left line", lines)
	}
	// The first word is to the right of the second.
	if a, b := posOf(lines[0], 'ر'), posOf(lines[0], 'ع'); !(a > b) {
		t.Errorf("ر at %v, ع at %v: first word must be right of the second", a, b)
	}
}

// Digits inside Arabic in a Japanese line keep left-to-right order, and
// the Arabic words sit in right-to-left order between the Japanese text.
func TestLayoutMixedDirections(t *testing.T) {
	s := NewSet()
	lines := s.Layout("彼は「قال المدير 123」と言った", 10, 0, Options{})
	if len(lines) != 1 || lines[0].RTL {
		t.Fatalf("want one left-to-right line, got %+v", lines)
	}
	l := lines[0]
	if !(posOf(l, '1') < posOf(l, '2') && posOf(l, '2') < posOf(l, '3')) {
		t.Errorf("digits out of order: 1 at %v, 2 at %v, 3 at %v", posOf(l, '1'), posOf(l, '2'), posOf(l, '3'))
	}
	if !(posOf(l, 'ق') > posOf(l, 'د') && posOf(l, 'د') > posOf(l, '3')) {
		t.Errorf("Arabic not right to left: ق %v, د %v, 3 %v", posOf(l, 'ق'), posOf(l, 'د'), posOf(l, '3'))
	}
	if !(posOf(l, '彼') < posOf(l, '3') && posOf(l, 'ق') < posOf(l, '言')) {
		t.Errorf("Arabic phrase not between the Japanese words")
	}
}

// posOf is the x of the cluster carrying r (its first glyph), or -1.
func posOf(l Line, ch rune) float64 {
	for _, r := range l.Runs {
		for _, c := range r.Clusters {
			if strings.ContainsRune(c.Text, ch) && len(c.Glyphs) > 0 {
				return r.X + c.Glyphs[0].X
			}
		}
	}
	return -1
}

func TestLayoutPlaceholder(t *testing.T) {
	s := NewSet()
	lines := s.Layout("a😀b\x07", 10, 0, Options{})
	ph := s.glyph(Gothic, Placeholder).gid
	found := 0
	for _, r := range lines[0].Runs {
		for _, c := range r.Clusters {
			if c.Text == "😀" || c.Text == string(Placeholder) {
				if r.Face != Gothic || len(c.Glyphs) != 1 || c.Glyphs[0].GID != ph {
					t.Errorf("cluster %q: face %v glyphs %v, want the placeholder", c.Text, r.Face, c.Glyphs)
				}
				found++
			}
		}
	}
	if found != 2 {
		t.Errorf("%d placeholder clusters, want 2 (emoji and control character)", found)
	}
}

func TestLayoutJapaneseOrChineseForms(t *testing.T) {
	s := NewSet()
	for _, tt := range []struct {
		text string
		lang string // Options.Lang: the language the writer said
		want Face   // of every letter that is not a space
	}{
		{"山田太郎", "", Gothic},          // a Japanese name: no kana, all in IPAex
		{"山田さんが言った", "", Gothic},      // kana
		{"经理说你明天不用来了", "", Chinese},   // simplified characters IPAex lacks
		{"這個經理說你明天不用來了", "", Chinese}, // traditional
		{"관리자 山田", "", Chinese},       // Hangul with Han
		{"Phạm Văn Đức", "", Sans},    // Vietnamese name
		{"Nguyễn さんが来た", "", Gothic},  // Japanese sentence: kana in Gothic
		// What the writer said wins over the guess: a Chinese name in
		// characters Japanese shares, written by a Chinese worker, takes
		// Chinese forms; the same name in a Japanese entry stays Japanese.
		{"王明", "", Gothic},
		{"王明", "zh-Hans", Chinese},
		{"王明", "zh-Hant", Chinese},
		{"王明", "ko", Chinese},
		{"王明", "ja", Gothic},
		{"这个经理说", "ja", Gothic},     // said Japanese: Japanese forms where IPAex has them
		{"山田さん", "zh-Hans", Gothic}, // kana: Japanese whatever was said
		{"Phạm Văn Đức", "vi", Sans},
	} {
		got := map[Face]bool{}
		for _, r := range s.Layout(tt.text, 10, 0, Options{Lang: tt.lang})[0].Runs {
			for _, c := range r.Clusters {
				for _, ch := range c.Text {
					if ch != ' ' && (tt.want == Sans || ch >= 0x3040) {
						got[r.Face] = true
					}
				}
			}
		}
		if tt.want == Gothic && tt.text == "这个经理说" {
			// IPAex lacks 这 and 个: those fall back, the rest is Gothic.
			if !got[Gothic] {
				t.Errorf("%q in %q: faces %v, want Gothic among them", tt.text, tt.lang, got)
			}
			continue
		}
		if len(got) != 1 || !got[tt.want] {
			t.Errorf("%q in %q: faces %v, want %v", tt.text, tt.lang, got, tt.want)
		}
	}
}

func TestLayoutMono(t *testing.T) {
	s := NewSet()
	l := s.Layout("sha256 0123abcd", 10, 0, Options{Mono: true})[0]
	for _, r := range l.Runs {
		if r.Face != Mono {
			t.Errorf("run in %v, want Mono", r.Face)
		}
	}
	// Monospace: every character has the same advance.
	w1, w2 := s.Width("iiii", 10, Options{Mono: true}), s.Width("WWWW", 10, Options{Mono: true})
	if w1 != w2 || w1 == 0 {
		t.Errorf("mono widths %v and %v", w1, w2)
	}
}

func FuzzLayout(f *testing.F) {
	for _, tt := range samples {
		f.Add(tt.text, 30.0)
	}
	f.Add("abc مرحبا 123 عالم def\n(שלום) [x]", 20.0)
	f.Fuzz(func(t *testing.T, s string, w float64) {
		if w != w || w > 1e6 || w < -1e6 {
			return
		}
		set := NewSet()
		lines := set.Layout(s, 9, w, Options{})
		n := 0
		for _, l := range lines {
			for _, r := range l.Runs {
				if r.Face >= NumFaces {
					t.Fatalf("face %v", r.Face)
				}
				for _, c := range r.Clusters {
					n += utf8.RuneCountInString(c.Text)
				}
			}
		}
		if n > utf8.RuneCountInString(s)*4+1 {
			t.Fatalf("%d characters out for %d in", n, utf8.RuneCountInString(s))
		}
	})
}

// BenchmarkLayoutEntry lays out the fields of a typical entry: Japanese and
// English sentences, wrapped to a report column.
func BenchmarkLayoutEntry(b *testing.B) {
	s := NewSet()
	texts := []string{"entry 4821: he said it again in front of everyone at the morning meeting",
		"お前なんか辞めてしまえ", "3F meeting room", "Tanaka (上司 / superior)", "could not sleep",
		"2026-10-01 (水 Wed) 10:21:00 +09:00", "出来事の日時（本人の申告） / Event time (as stated by the user)"}
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			s.Layout(t, 9.5, 420, Options{})
		}
	}
}
