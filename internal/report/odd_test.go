package report_test

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kiroku-app/kiroku/internal/report"
)

// oddEntry is an entry whose every text field is s.
func oddEntry(id int64, s string) report.Entry {
	f := report.Fields{
		EventTime: time.Date(2026, 10, 3, 14, 30, 0, 0, jst), EventZone: s,
		Place: s, People: []report.Person{{Name: s, Role: s}, {}}, Text: "TEXT-START " + s + " TEXT-END",
		Quote: s, Witnesses: []string{s, ""}, Categories: []string{s}, Impact: s, Actions: s,
	}
	return report.Entry{
		ID: id, Fields: f, RecordedAt: f.EventTime,
		Revisions: []report.Revision{
			{Rev: 1, Kind: s, Reason: s, Fields: &report.Fields{Text: s}},
			{Rev: 2, Kind: report.KindEdit, Reason: s, Fields: &f},
			{Rev: 3, Kind: report.KindDelete},
		},
		Recordings:  []report.Recording{{ID: id, File: s, Label: s, State: s, SHA256: s, Markers: []report.Marker{{At: -time.Second, Label: s}}}},
		Attachments: []report.Attachment{{ID: id, File: s, Name: s, MediaType: s, SHA256: s, Size: -1}},
		RuleIDs:     []string{s, "no-such-rule"},
	}
}

func TestWriteOddInput(t *testing.T) {
	long := strings.Repeat("上司に「辞めろ」と言われた。The manager shouted. ", 200) // about 10 KB
	url := "https://example.com/" + strings.Repeat("a1b2c3", 1700)
	tests := []struct {
		name string
		s    string
		want []string // must be extracted
	}{
		{"empty", "", nil},
		{"spaces", "   \u3000  ", nil},
		{"10KB mixed", long, []string{"The manager shouted.", "上司に「辞めろ」と言われた。"}},
		{"10KB one word", url[:10000], []string{"https://example.com/a1b2c3"}},
		{"emoji", "前😀後 👨\u200d👩\u200d👧 ok", []string{"前😀後", "ok"}}, // drawn as 〓, copied as written
		{"rtl", "مرحبا بالعالم שלום עולם abc\u202edef", []string{"abcdef"}},
		{"control chars", "a\x00b\x07c\x1bd\r\ne\tf\x7fg", []string{"a〓b〓c〓d", "e", "f〓g"}},
		{"invalid utf8", "ok\xff\xfe\xfdend", []string{"ok〓〓〓end"}},
		{"lone surrogate and noncharacter", "x\ufffey\U0010ffffz", []string{"x〓y〓z"}},
		{"combining", "e\u0301 a\u0308 が", nil},
		{"newlines only", "\n\n\n\r\n", nil},
		{"pdf syntax", ") Tj ET (\\) /Type /Page << >> endobj %%EOF", []string{"endobj"}},
		{"alias lookalike", "{nb} {nb}", []string{"{nb}{nb}"}},
	}
	for _, lang := range []string{report.LangJA, report.LangEN, report.LangBoth} {
		for _, tt := range tests {
			t.Run(lang+"/"+tt.name, func(t *testing.T) {
				d := sample(lang)
				d.Title = report.Text{JA: tt.s, EN: tt.s}
				d.VaultID, d.HeadLink = tt.s, tt.s
				d.Selection = []report.Text{{JA: tt.s}, {EN: tt.s}}
				d.Categories = append(d.Categories, report.Category{ID: tt.s, Label: report.Text{JA: tt.s}})
				d.Entries = append(d.Entries, oddEntry(99, tt.s))
				d.Recordings = []report.Recording{{File: tt.s, Label: tt.s, Duration: math.MinInt64}}
				d.Attachments = []report.Attachment{{Name: tt.s, Size: math.MaxInt64}}
				d.Anchors = append(d.Anchors, report.Anchor{TSA: tt.s, Link: tt.s})
				d.Hours.Months = append(d.Hours.Months, report.Month{Month: tt.s, Total: math.Inf(1), Overtime: math.NaN(), LateNight: -5})
				d.Hours.Flags = append(d.Hours.Flags, report.Flag{Period: tt.s, RuleID: tt.s, Text: report.Text{EN: tt.s}})
				d.Rules = append(d.Rules, report.Rule{ID: tt.s, Title: report.Text{JA: tt.s}, Points: []report.Text{{}, {EN: tt.s}},
					Sources: []report.Source{{Document: report.Text{EN: tt.s}, Pages: tt.s}}})
				text := pdftotext(t, render(t, d))
				ft := flat(text)
				for _, w := range append(tt.want, "TEXT-START", "TEXT-END", "上司に「辞めろ」と言われた", headLink[:16]) {
					if !strings.Contains(ft, flat(w)) {
						t.Errorf("%q not extracted", w)
					}
				}
				if !utf8.ValidString(text) {
					t.Error("extracted text is not valid UTF-8")
				}
			})
		}
	}
}

// Characters no font has are drawn as the placeholder in every place text
// is drawn (internal/typeset's TestLayoutPlaceholder), yet the text copied
// from the PDF is the worker's, and nothing around them is lost.
func TestWritePlaceholder(t *testing.T) {
	d := sample(report.LangJA)
	d.Entries[0].Quote = "お前😀なんか🙏辞めてしまえ"
	d.Entries[0].Place = "会議室🏢"
	text := flat(pdftotext(t, render(t, d)))
	for _, w := range []string{"お前😀なんか🙏辞めてしまえ", "会議室🏢"} {
		if !strings.Contains(text, w) {
			t.Errorf("%q not extracted", w)
		}
	}
	if strings.ContainsRune(text, '\ufffd') {
		t.Error("replacement character reached the PDF")
	}
}

// A long Japanese text wraps over many lines and pages without losing a
// character (fpdf, which the report used before internal/pdf, dropped one at every CJK line break).
func TestWriteLongJapaneseKeepsEveryCharacter(t *testing.T) {
	d := sample(report.LangJA)
	unit := "上司に「辞めろ」と言われ、会議室で長時間にわたり叱責された。"
	const n = 300                                 // about 9,000 characters, several pages
	d.Entries[0].Impact = strings.Repeat(unit, n) // not in the index summary
	text := pdftotext(t, render(t, d))
	// The unit's own characters, counted in the whole report: each must
	// appear at least n times more than in a report without the text.
	d.Entries[0].Impact = ""
	base := pdftotext(t, render(t, d))
	for _, r := range "叱責長時間" {
		if got, want := strings.Count(text, string(r))-strings.Count(base, string(r)), n*strings.Count(unit, string(r)); got != want {
			t.Errorf("%q appears %d more times, want %d", r, got, want)
		}
	}
}

func TestWriteEmpty(t *testing.T) {
	for _, lang := range []string{"", report.LangJA, report.LangEN, report.LangBoth} {
		text := pdftotext(t, render(t, &report.Document{Lang: lang}))
		if !strings.Contains(text, "sha256sum -c manifest-sha256.txt") {
			t.Errorf("lang %q: verify page missing", lang)
		}
	}
}

// Font subsetting keeps the file small: 1,000 distinct kanji cost about
// 160 bytes each.
func TestWriteSizeWithManyKanji(t *testing.T) {
	var b strings.Builder
	for r := rune(0x4E00); b.Len() < 3000*3; r++ {
		b.WriteRune(r)
	}
	kanji := []rune(b.String())
	d := sample(report.LangJA)
	base := len(render(t, d))
	d.Entries[0].Text = string(kanji[:1000])
	grown := len(render(t, d))
	t.Logf("1,000 distinct kanji: %d -> %d bytes (+%d)", base, grown, grown-base)
	if grown-base > 400_000 {
		t.Errorf("1,000 kanji add %d bytes; is the font embedded whole?", grown-base)
	}
	if base > 300_000 {
		t.Errorf("sample report is %d bytes", base)
	}
}

func manyEntries(n int) *report.Document {
	d := sample(report.LangBoth)
	tmpl := d.Entries
	d.Entries = make([]report.Entry, n)
	for i := range d.Entries {
		e := tmpl[i%len(tmpl)]
		e.ID = int64(i + 1)
		e.Text = fmt.Sprintf("%s (%d)", e.Text, i+1)
		d.Entries[i] = e
	}
	return d
}

func TestWrite10000Entries(t *testing.T) {
	if testing.Short() {
		t.Skip("renders about 7,000 pages")
	}
	d := manyEntries(10000)
	start := time.Now()
	var b bytes.Buffer
	if err := report.Write(&b, d); err != nil {
		t.Fatal(err)
	}
	t.Logf("10,000 entries: %d bytes in %v", b.Len(), time.Since(start).Round(time.Millisecond))
	text := flat(pdftotext(t, b.Bytes(), "-l", "1"))
	if !strings.Contains(text, "10,000") {
		t.Error("cover does not show 10,000 entries")
	}
	n := pageCount(t, b.Bytes())
	t.Logf("%d pages", n)
	last := flat(pdftotext(t, b.Bytes(), "-f", fmt.Sprint(n-8), "-l", fmt.Sprint(n)))
	if !strings.Contains(last, "(10000)") {
		t.Error("last entry not found")
	}
}

func BenchmarkWrite1000Entries(b *testing.B) {
	d := manyEntries(1000)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := report.Write(&buf, d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/report")
}
