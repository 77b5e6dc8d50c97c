package bidi_test

import (
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/bidi"
)

// Lines of about 200 runes, as a report entry's paragraph.
var benchLines = []struct{ name, text string }{
	{"latin-japanese", strings.Repeat("3月3日 10:00 会議で上司に怒鳴られた (meeting, 45 min). ", 5)},
	{"arabic-digits", strings.Repeat("قال المدير 123 مرة في الاجتماع (45 دقيقة). ", 5)},
}

func BenchmarkLevels(b *testing.B) {
	for _, bl := range benchLines {
		text := []rune(bl.text)
		b.Run(bl.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bidi.Levels(text, bidi.Auto)
			}
		})
	}
}

func BenchmarkVisual(b *testing.B) {
	for _, bl := range benchLines {
		text := []rune(bl.text)
		levels, para := bidi.Levels(text, bidi.Auto)
		b.Run(bl.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bidi.Visual(text, levels, para, 0, len(text))
			}
		})
	}
}
