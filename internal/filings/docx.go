package filings

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// docx writes a Word document (WordprocessingML, ISO/IEC 29500) as it goes:
// headings, paragraphs and one kind of table, each row written out when
// it is added, so that a chronology of ten thousand entries never sits in
// memory (a document model such as gomutex/godocx's held 140 MB for that,
// more than the whole export may use). The parts are the minimum Word and
// LibreOffice need: [Content_Types].xml, _rels/.rels, word/document.xml,
// word/styles.xml and its relationship. Output is deterministic.
type docx struct {
	zw  *zip.Writer
	doc *bufio.Writer
	err error
}

// zipTime is every part's modification time: a fixed one, so that the
// same content gives the same bytes.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

const wNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

func newDOCX(w io.Writer) (*docx, error) {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.DefaultCompression)
	})
	d := &docx{zw: zw}
	for _, p := range []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/styles.xml", styles},
	} {
		f, err := d.create(p.name)
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return nil, fmt.Errorf("docx: %w", err)
		}
	}
	f, err := d.create("word/document.xml")
	if err != nil {
		return nil, err
	}
	d.doc = bufio.NewWriterSize(f, 64<<10)
	d.raw(xml.Header + `<w:document xmlns:w="` + wNS + `"><w:body>`)
	return d, nil
}

func (d *docx) create(name string) (io.Writer, error) {
	f, err := d.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime})
	if err != nil {
		return nil, fmt.Errorf("docx: %w", err)
	}
	return f, nil
}

func (d *docx) raw(s string) {
	if d.err == nil {
		_, d.err = d.doc.WriteString(s)
	}
}

// heading writes a heading of level 1 or 2 (styles Heading1, Heading2).
func (d *docx) heading(text string, level int) {
	d.raw(`<w:p><w:pPr><w:pStyle w:val="Heading` + strconv.Itoa(level) + `"/></w:pPr>`)
	d.runs(text, false)
	d.raw(`</w:p>`)
}

// para writes a paragraph; each LF in text is a line break within it.
func (d *docx) para(text string) {
	d.raw(`<w:p>`)
	d.runs(text, false)
	d.raw(`</w:p>`)
}

// paraRight writes a right-aligned paragraph (a date, a name).
func (d *docx) paraRight(text string) {
	d.raw(`<w:p><w:pPr><w:jc w:val="right"/></w:pPr>`)
	d.runs(text, false)
	d.raw(`</w:p>`)
}

// runs writes text as runs: one per line, a break between lines, a tab as
// a tab, every character kept (those XML cannot hold become U+FFFD).
func (d *docx) runs(text string, bold bool) {
	rpr := ""
	if bold {
		rpr = `<w:rPr><w:b/></w:rPr>`
	}
	for i, line := range strings.Split(text, "\n") {
		d.raw(`<w:r>` + rpr)
		if i > 0 {
			d.raw(`<w:br/>`)
		}
		for j, part := range strings.Split(line, "\t") {
			if j > 0 {
				d.raw(`<w:tab/>`)
			}
			if part != "" {
				d.raw(`<w:t xml:space="preserve">` + escape(part) + `</w:t>`)
			}
		}
		d.raw(`</w:r>`)
	}
}

// table starts a table whose columns have widths in twentieths of a
// point, with a header row that Word repeats on every page.
func (d *docx) table(widths []int, header []string) {
	d.raw(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblLayout w:type="fixed"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		d.raw(`<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="808080"/>`)
	}
	d.raw(`</w:tblBorders><w:tblCellMar><w:left w:w="120" w:type="dxa"/><w:right w:w="120" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		d.raw(`<w:gridCol w:w="` + strconv.Itoa(w) + `"/>`)
	}
	d.raw(`</w:tblGrid>`)
	d.row(widths, header, true)
}

// row writes a row of cells.
func (d *docx) row(widths []int, cells []string, header bool) {
	d.raw(`<w:tr>`)
	if header {
		d.raw(`<w:trPr><w:tblHeader/></w:trPr>`)
	}
	for i, c := range cells {
		d.raw(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(widths[i]) + `" w:type="dxa"/>`)
		if header {
			d.raw(`<w:shd w:val="clear" w:color="auto" w:fill="E8EEF4"/>`)
		}
		d.raw(`</w:tcPr><w:p>`)
		d.runs(c, header)
		d.raw(`</w:p></w:tc>`)
	}
	d.raw(`</w:tr>`)
}

func (d *docx) endTable() { d.raw(`</w:tbl><w:p/>`) }

// close ends the body with the page setup (A4, landscape or portrait,
// 2 cm margins) and finishes the file.
func (d *docx) close(landscape bool) error {
	w, h, orient := 11906, 16838, ""
	if landscape {
		w, h, orient = 16838, 11906, ` w:orient="landscape"`
	}
	d.raw(fmt.Sprintf(`<w:sectPr><w:pgSz w:w="%d" w:h="%d"%s/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>`, w, h, orient))
	if d.err == nil {
		d.err = d.doc.Flush()
	}
	if d.err != nil {
		return fmt.Errorf("docx: %w", d.err)
	}
	if err := d.zw.Close(); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return nil
}

// escape escapes s for XML text, replacing what XML 1.0 cannot hold
// (controls other than tab and line ends, unpaired surrogates, FFFE/FFFF)
// with U+FFFD.
func escape(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\r':
			b.WriteString("&#xD;")
		case r < 0x20 && r != '\t' && r != '\n', r == utf8.RuneError, r >= 0xFFFE && r <= 0xFFFF:
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

const contentTypes = xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`</Types>`

const rootRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`</Relationships>`

const documentRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`</Relationships>`

// styles: Japanese text in a Mincho face as Japanese filings are (Word and
// LibreOffice fall back to what the computer has), 10.5 pt, and two
// heading levels.
const styles = xml.Header + `<w:styles xmlns:w="` + wNS + `">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Century" w:hAnsi="Century" w:eastAsia="ＭＳ 明朝" w:cs="Times New Roman"/>` +
	`<w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="ja-JP"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:after="60"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>` +
	`<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>` +
	`<w:pPr><w:keepNext/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style>` +
	`</w:styles>`
