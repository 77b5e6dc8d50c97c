package report_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/kiroku-app/kiroku/internal/report"
)

// script is one language of testdata/scripts.json.
type script struct {
	Lang, Name, Text, Quote, Person, Place, File string
}

// loadScriptsFile returns the scripts and the mixed Arabic sentence.
func loadScriptsFile(t testing.TB) ([]script, string) {
	t.Helper()
	b, err := os.ReadFile("testdata/scripts.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Scripts     []script
		MixedArabic string
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f.Scripts, f.MixedArabic
}

// scriptsDocument holds an entry per script: text, quote, people, place,
// witnesses, impact, a recording with a marker and an attachment, all in
// that script.
func scriptsDocument(lang string, ss []script) *report.Document {
	d := sample(lang)
	d.Entries = nil
	t0 := time.Date(2026, 11, 2, 10, 0, 0, 0, jst)
	for i, s := range ss {
		id := int64(100 + i)
		f := report.Fields{
			EventTime: t0.Add(time.Duration(i) * time.Hour),
			Place:     s.Place,
			People:    []report.Person{{Name: s.Person, Role: "superior"}},
			Text:      s.Text + " " + s.Quote,
			Quote:     s.Quote,
			Witnesses: []string{s.Person},
			Impact:    s.Text,
			Lang:      s.Lang,
		}
		d.Entries = append(d.Entries, report.Entry{
			ID: id, Fields: f, RecordedAt: t0,
			Revisions: []report.Revision{{Rev: 1, Kind: report.KindCreate, RecordedAt: t0, Fields: &f}},
			Recordings: []report.Recording{{ID: id, File: "data/audio/recording.wav", Label: s.Place, StartedAt: t0,
				Duration: time.Minute, State: "complete", SHA256: wavHash,
				Markers: []report.Marker{{At: 5 * time.Second, Label: s.Quote}}}},
			Attachments: []report.Attachment{{ID: id, File: "data/attachments/a.bin", Name: s.File, Size: 10,
				MediaType: "application/octet-stream", SHA256: fileHash}},
		})
	}
	return d
}

// originalLabel is the row that names an entry's language in a report in
// lang: its label and its value; "" when the entry is in the report's
// language.
func originalLabel(lang, tag string) (label, value string) {
	ja := map[string]string{"vi": "ベトナム語", "pt-BR": "ポルトガル語（ブラジル）", "id": "インドネシア語",
		"fil": "フィリピノ語（タガログ語）", "mn": "モンゴル語", "ar": "アラビア語", "ne": "ネパール語", "my": "ミャンマー語",
		"th": "タイ語", "km": "クメール語", "zh-Hans": "中国語（簡体字）", "zh-Hant": "中国語（繁体字）", "ko": "韓国語",
		"ja": "日本語", "en": "英語"}[tag]
	en := map[string]string{"vi": "Vietnamese", "pt-BR": "Portuguese (Brazil)", "id": "Indonesian",
		"fil": "Filipino (Tagalog)", "mn": "Mongolian", "ar": "Arabic", "ne": "Nepali", "my": "Burmese",
		"th": "Thai", "km": "Khmer", "zh-Hans": "Chinese (Simplified)", "zh-Hant": "Chinese (Traditional)", "ko": "Korean",
		"ja": "Japanese", "en": "English"}[tag]
	endo := map[string]string{"vi": "Tiếng Việt", "pt-BR": "Português (Brasil)", "id": "Bahasa Indonesia",
		"fil": "", "mn": "Монгол", "ar": "العربية", "ne": "नेपाली", "my": "မြန်မာ",
		"th": "ไทย", "km": "ខ្មែរ", "zh-Hans": "简体中文", "zh-Hant": "繁體中文", "ko": "한국어",
		"ja": "日本語", "en": "English"}[tag]
	switch lang {
	case report.LangJA:
		if tag == "ja" {
			return "", ""
		}
		label, value = "原文の言語", ja
	case report.LangEN:
		if tag == "en" {
			return "", ""
		}
		label, value = "Original language", en
	default:
		if tag == "ja" || tag == "en" {
			return "", ""
		}
		// The label wraps before "language", which pdftotext gives after
		// the value.
		label, value = "原文の言語 / Original", ja+" / "+en
	}
	if !strings.Contains(value, endo) {
		value += " (" + endo + ")"
	}
	return label, value
}

// unmark drops the direction marks pdftotext puts around right-to-left
// runs (U+202A–U+202E) and all white space (line breaks fall where the
// layout put them), and normalises to NFC.
func unmark(s string) string {
	s = strings.Map(func(r rune) rune {
		if r >= 0x202A && r <= 0x202E {
			return -1
		}
		return r
	}, s)
	return norm.NFC.String(flat(s))
}

// Every string of every script comes back from the report exactly, in
// every report language (issue 14's acceptance).
func TestWriteEveryScript(t *testing.T) {
	ss, mixed := loadScriptsFile(t)
	for _, lang := range []string{report.LangJA, report.LangEN, report.LangBoth} {
		t.Run(lang, func(t *testing.T) {
			d := scriptsDocument(lang, ss)
			d.Entries[0].Actions = mixed
			pdf := render(t, d)
			raw := pdftotext(t, pdf)
			text := unmark(raw)
			// Arabic with digits, Latin and punctuation on a mostly
			// left-to-right page: poppler may order the pieces of the line
			// left to right, so each word must come back whole.
			words := strings.Fields(strings.Map(func(r rune) rune {
				if r >= 0x202A && r <= 0x202E {
					return ' '
				}
				return r
			}, raw))
			for _, w := range strings.Fields(mixed) {
				w = strings.Trim(w, ":،()")
				found := false
				for _, x := range words {
					if strings.Contains(x, w) {
						found = true
					}
				}
				if !found {
					t.Errorf("word %q of the mixed Arabic sentence not found", w)
				}
			}
			for _, s := range ss {
				for _, w := range []string{s.Text, s.Quote, s.Person, s.Place, s.File} {
					if !strings.Contains(text, unmark(w)) {
						t.Errorf("%s: %q not found in the PDF text", s.Name, w)
					}
				}
			}
			// Each entry written in a language other than the report's
			// is labelled with it, once; the others are not.
			// (Parentheses are dropped before comparing: poppler puts the
			// closing one before an Arabic name when copying.)
			noParens := strings.NewReplacer("(", "", ")", "")
			labels := 0
			var label string
			for _, s := range ss {
				l, want := originalLabel(lang, s.Lang)
				if l == "" {
					continue
				}
				labels, label = labels+1, l
				if n := strings.Count(noParens.Replace(text), noParens.Replace(flat(want))); n != 1 {
					t.Errorf("%s: language %q found %d times", s.Name, want, n)
				}
			}
			if n := strings.Count(text, flat(label)); n != labels {
				t.Errorf("label %q found %d times, want %d", label, n, labels)
			}
			for _, s := range ss {
				if l, _ := originalLabel(lang, s.Lang); l == "" && strings.Contains(text, flat(s.Name)+"(") {
					t.Errorf("%s: the report's own language is labelled", s.Name)
				}
			}
			if testing.Verbose() {
				t.Logf("%s: %d bytes", lang, len(pdf))
			}
		})
	}
}
