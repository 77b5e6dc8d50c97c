package filings_test

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/filings"
	"github.com/kiroku-app/kiroku/internal/report"
)

// benchDocument is the bench vault's shape: n short Japanese entries.
func benchDocument(n int) *report.Document {
	d := &report.Document{Lang: report.LangJA, HeadTime: time.Date(2026, 12, 7, 9, 0, 0, 0, jst)}
	t0 := time.Date(2025, 1, 1, 9, 0, 0, 0, jst)
	for i := range n {
		d.Entries = append(d.Entries, report.Entry{ID: int64(i + 1), RecordedAt: t0.Add(time.Duration(i) * time.Hour),
			Fields: report.Fields{EventTime: t0.Add(time.Duration(i) * time.Hour), Place: "3F meeting room",
				People: []report.Person{{Name: "Tanaka", Role: "superior"}}, Text: "entry: he said it again in front of everyone at the morning meeting",
				Quote: "お前なんか辞めてしまえ", Witnesses: []string{"Sato"}},
			Revisions: []report.Revision{{Rev: 1, Kind: report.KindCreate, Record: "data/ledger/records/revision-1.json", RecordSHA256: strings.Repeat("a", 64)}}})
	}
	return d
}

// The filings of the 10,000-entry bench vault: how long each takes and
// how much it allocates (make bench reports the whole export).
func BenchmarkFilings10000(b *testing.B) {
	d := benchDocument(10000)
	ex := report.Exhibits(d, report.ExhibitOptions{})
	rows := report.Chronology(d, ex)
	secs := report.Statement(d, ex)
	for _, bb := range []struct {
		name string
		f    func(io.Writer) error
	}{
		{"list.pdf", func(w io.Writer) error { return report.WriteExhibitList(w, d, ex) }},
		{"list.docx", func(w io.Writer) error { return filings.WriteExhibitListDOCX(w, d, ex) }},
		{"chrono.pdf", func(w io.Writer) error { return report.WriteChronology(w, d, rows) }},
		{"chrono.docx", func(w io.Writer) error { return filings.WriteChronologyDOCX(w, d, rows) }},
		{"chrono.xlsx", func(w io.Writer) error { return filings.WriteChronologyXLSX(w, d, rows) }},
		{"statement.pdf", func(w io.Writer) error { return report.WriteStatement(w, d, "", secs) }},
		{"statement.docx", func(w io.Writer) error { return filings.WriteStatementDOCX(w, d, "", secs) }},
	} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				if err := bb.f(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
