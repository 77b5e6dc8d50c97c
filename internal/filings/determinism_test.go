package filings_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/filings"
	"github.com/kiroku-app/kiroku/internal/report"
)

// The same records make the same files, byte for byte, whenever they are
// written: a bundle made twice from one vault differs only where it must.
func TestDocumentsDeterministic(t *testing.T) {
	d := document()
	ex := report.Exhibits(d, report.ExhibitOptions{})
	rows := report.Chronology(d, ex)
	write := func() [3][]byte {
		var a, b, c bytes.Buffer
		if err := filings.WriteExhibitListDOCX(&a, d, ex); err != nil {
			t.Fatal(err)
		}
		if err := filings.WriteChronologyDOCX(&b, d, rows); err != nil {
			t.Fatal(err)
		}
		if err := filings.WriteChronologyXLSX(&c, d, rows); err != nil {
			t.Fatal(err)
		}
		return [3][]byte{a.Bytes(), b.Bytes(), c.Bytes()}
	}
	first := write()
	time.Sleep(1100 * time.Millisecond) // a time stamp inside would now differ
	second := write()
	for i, name := range []string{"証拠説明書.docx", "時系列表.docx", "時系列表.xlsx"} {
		if !bytes.Equal(first[i], second[i]) {
			t.Errorf("%s differs between two writes", name)
		}
	}
}
