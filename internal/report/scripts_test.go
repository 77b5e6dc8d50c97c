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
			if testing.Verbose() {
				t.Logf("%s: %d bytes", lang, len(pdf))
			}
		})
	}
}
