package filings

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

// documentText parses word/document.xml of a DOCX strictly and returns the
// text of its runs, a line break as LF and a tab as TAB, paragraphs ending
// in a form feed.
func documentText(t testing.TB, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		dec := xml.NewDecoder(rc)
		var out strings.Builder
		inText := false
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				return out.String()
			}
			if err != nil {
				t.Fatalf("document.xml is not well-formed: %v", err)
			}
			switch v := tok.(type) {
			case xml.StartElement:
				switch v.Name.Local {
				case "t":
					inText = true
				case "br":
					out.WriteByte('\n')
				case "tab":
					out.WriteByte('\t')
				}
			case xml.EndElement:
				switch v.Name.Local {
				case "t":
					inText = false
				case "p":
					out.WriteByte('\f')
				}
			case xml.CharData:
				if inText {
					out.Write(v)
				}
			}
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}

// Whatever a worker typed, the document is well-formed XML and gives the
// text back: every character XML can hold as it was, the others as
// U+FFFD, lines and tabs kept.
func FuzzDOCXText(f *testing.F) {
	for _, s := range []string{"", "plain", "a\nb\tc", "<&>\"'", "\x00\x01\x1f\x7f", "\r\n", "Quản lý 経理说 مرحبا नेपाली",
		"\uFFFE\uFFFF", "]]>", "\xff\xfe", "  leading and trailing  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b bytes.Buffer
		d, err := newDOCX(&b)
		if err != nil {
			t.Fatal(err)
		}
		d.para(s)
		d.table([]int{1000, 1000}, []string{s, "h"})
		d.row([]int{1000, 1000}, []string{"x", s}, false)
		d.endTable()
		if err := d.close(true); err != nil {
			t.Fatal(err)
		}
		got := strings.Split(documentText(t, b.Bytes()), "\f")
		var wb strings.Builder
		for _, r := range s { // each invalid byte is one RuneError
			switch {
			case r == '\t' || r == '\n' || r == '\r':
			case r < 0x20, r == 0xFFFE, r == 0xFFFF:
				r = utf8.RuneError
			}
			wb.WriteRune(r)
		}
		want := wb.String()
		// An XML parser turns CR LF and a lone CR into LF unless escaped;
		// the writer escapes CR, so it comes back as written.
		if got[0] != want || got[1] != want || got[4] != want {
			t.Fatalf("text %q came back as %q / %q / %q", want, got[0], got[1], got[4])
		}
	})
}
