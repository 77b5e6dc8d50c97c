package uifont

import (
	"bytes"
	"testing"
	"time"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"

	"github.com/kiroku-app/kiroku/assets"
)

func face(t testing.TB, b []byte) *font.Face {
	t.Helper()
	f, err := font.ParseTTF(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func shape(f *font.Face, s string, script language.Script, dir di.Direction) shaping.Output {
	r := []rune(s)
	return (&shaping.HarfbuzzShaper{}).Shape(shaping.Input{Text: r, RunEnd: len(r), Direction: dir, Face: f, Size: fixed.I(100), Script: script, Language: language.NewLanguage("und")})
}

func TestBuildTimes(t *testing.T) {
	for _, l := range []string{"en", "ja", "zh-Hans", "ne", "my", "ar"} {
		t0 := time.Now()
		b, err := For(l, assets.FontSans)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d bytes in %v", l, len(b), time.Since(t0))
		face(t, b)
	}
}

// The merged font shapes each complex script exactly as the script's own
// font does: the same glyphs (moved by the font's offset), advances and
// mark positions. This is what conjuncts, Myanmar reordering and Arabic
// joining depend on.
func TestShapingKept(t *testing.T) {
	cases := []struct {
		name   string
		src    []byte
		text   string
		script language.Script
		dir    di.Direction
	}{
		{"devanagari", assets.FontDevanagari, "नेपाली क्षेत्र श्रम कार्यालय द्वारा हस्ताक्षर", language.Devanagari, di.DirectionLTR},
		{"myanmar", assets.FontMyanmar, "မြန်မာဘာသာ ကျွန်ုပ် အလုပ်ရှင်", language.Myanmar, di.DirectionLTR},
		{"arabic", assets.FontArabic, "العربية مكتب العمل، لا إله", language.Arabic, di.DirectionRTL},
		{"thai", assets.FontThai, "ภาษาไทย ที่ทำงาน", language.Thai, di.DirectionLTR},
		{"khmer", assets.FontKhmer, "ភាសាខ្មែរ ស្ត្រី", language.Khmer, di.DirectionLTR},
	}
	for _, lang := range []string{"en", "ja", "zh-Hans", "ne", "my", "ar"} {
		b, err := For(lang, assets.FontSans)
		if err != nil {
			t.Fatal(err)
		}
		merged := face(t, b)
		for _, tc := range cases {
			t.Run(lang+"/"+tc.name, func(t *testing.T) {
				orig := face(t, tc.src)
				first := []rune(tc.text)[0]
				gm, _ := merged.NominalGlyph(first)
				gorig, _ := orig.NominalGlyph(first)
				off := int(gm) - int(gorig)
				want := shape(orig, tc.text, tc.script, tc.dir)
				got := shape(merged, tc.text, tc.script, tc.dir)
				if len(got.Glyphs) != len(want.Glyphs) {
					t.Fatalf("%d glyphs, want %d", len(got.Glyphs), len(want.Glyphs))
				}
				runes := []rune(tc.text)
				for i, w := range want.Glyphs {
					g := got.Glyphs[i]
					if runes[w.ClusterIndex] == ' ' {
						continue // the merged font's space is its first font's
					}
					if int(g.GlyphID) != int(w.GlyphID)+off || g.XAdvance != w.XAdvance || g.XOffset != w.XOffset || g.YOffset != w.YOffset {
						t.Errorf("glyph %d: got id %d adv %d off %d,%d; want id %d adv %d off %d,%d",
							i, g.GlyphID, g.XAdvance, g.XOffset, g.YOffset, int(w.GlyphID)+off, w.XAdvance, w.XOffset, w.YOffset)
					}
				}
			})
		}
	}
}

// Han characters take Japanese forms (IPAex Gothic) in every UI language
// but Simplified Chinese, which takes Chinese forms (Droid Sans Fallback);
// Latin is left to the fallback except in Japanese.
func TestWhichFontDraws(t *testing.T) {
	gothic, _ := parse(assets.FontGothic)
	chinese, _ := parse(assets.FontChinese)
	from := func(m *sfnt, src *sfnt, r rune) bool {
		g, ok := m.cmap.Lookup(r)
		if !ok {
			return false
		}
		sg, ok := src.cmap.Lookup(r)
		if !ok {
			return false
		}
		a, b := m.glyph(int(g)), src.glyph(int(sg))
		if len(a) < 10 || len(b) < 10 {
			return false
		}
		s := 1000 / float64(src.upem)
		for i := 2; i < 10; i += 2 {
			if int(int16(be.Uint16(a[i:]))) != scale(int(int16(be.Uint16(b[i:]))), s) {
				return false
			}
		}
		return true
	}
	for _, tc := range []struct {
		lang  string
		r     rune
		src   *sfnt
		latin bool
	}{
		{"ja", '直', gothic, true},
		{"ja-x-easy", '骨', gothic, true},
		{"ne", '労', gothic, false},
		{"en", '直', gothic, false},
		{"zh-Hans", '直', chinese, false},
		{"zh-Hans", '对', chinese, false},
		{"ja", '对', chinese, true}, // not in IPAex
	} {
		b, err := For(tc.lang, assets.FontSans)
		if err != nil {
			t.Fatal(err)
		}
		m, err := parse(b)
		if err != nil {
			t.Fatal(err)
		}
		if !from(m, tc.src, tc.r) {
			t.Errorf("%s: %c is not drawn from the expected font", tc.lang, tc.r)
		}
		if _, ok := m.cmap.Lookup('a'); ok != tc.latin {
			t.Errorf("%s: has Latin %v, want %v", tc.lang, ok, tc.latin)
		}
		if _, ok := m.cmap.Lookup(' '); !ok {
			t.Errorf("%s: no space", tc.lang)
		}
	}
}
