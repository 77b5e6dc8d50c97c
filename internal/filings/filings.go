// Package filings writes the documents a Japanese labour lawyer files
// beside the evidence, in the formats they edit: the draft 証拠説明書 and
// the 時系列表 as Word (.docx) files and the 時系列表 also as an Excel
// (.xlsx) sheet. The content comes from report.Exhibits and
// report.Chronology, the same model as the PDF versions (report
// package), so the editable and the PDF files say the same.
//
// DOCX through github.com/gomutex/godocx and XLSX through
// github.com/xuri/excelize: both pure Go, MIT and BSD licensed, kept up,
// and made for these formats (writing OOXML by hand would be a second,
// untested implementation of Word's and Excel's rules). Both documents
// are Japanese only: they are filed with Japanese courts and offices.
package filings

import (
	"fmt"
	"io"
	"strings"

	"github.com/gomutex/godocx"
	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"
	"github.com/xuri/excelize/v2"

	"github.com/kiroku-app/kiroku/internal/report"
)

// ExhibitHeaders are the columns of the 証拠説明書.
var ExhibitHeaders = []string{"号証", "標目", "原本・写しの別", "作成年月日", "作成者", "立証趣旨", "ファイルと SHA-256"}

// ChronologyHeaders are the columns of the 時系列表.
var ChronologyHeaders = []string{"年月日・時刻", "出来事", "関係者", "証拠", "記録日時"}

// ExhibitRow is one exhibit as the cells of the 証拠説明書.
func ExhibitRow(x report.Exhibit) []string {
	made := report.JapaneseDate(x.Made, false)
	switch {
	case x.Made.IsZero() && x.MadeNote != "":
		made = x.MadeNote
	case x.MadeNote != "":
		made += "\n" + x.MadeNote
	}
	return []string{x.Number, x.Title, x.Original, made, x.Author, x.Purpose, x.File + "\n" + x.SHA256}
}

// ChronologyRow is one entry as the cells of the 時系列表.
func ChronologyRow(r report.ChronoRow) []string {
	when := report.JapaneseDate(r.When, true)
	if r.Zone != "" && r.Zone != "Asia/Tokyo" {
		when += "\n" + r.Zone
	}
	rec := report.JapaneseDate(r.Recorded, true)
	if r.Late {
		rec += "\n" + report.LateNote
	}
	return []string{when, r.Event, r.People, strings.Join(r.Evidence, "\n"), rec}
}

// WriteExhibitListDOCX writes the draft 証拠説明書 as a Word document.
func WriteExhibitListDOCX(w io.Writer, d *report.Document, ex []report.Exhibit) error {
	rows := make([][]string, len(ex))
	for i, x := range ex {
		rows[i] = ExhibitRow(x)
	}
	return writeDOCX(w, report.ExhibitListTitle, []string{"作成日：" + report.FilingDate(d), report.ExhibitListNote}, ExhibitHeaders,
		[]uint64{1500, 2600, 1500, 1700, 1100, 3370, 2800}, rows)
}

// WriteChronologyDOCX writes the 時系列表 as a Word document.
func WriteChronologyDOCX(w io.Writer, d *report.Document, rows []report.ChronoRow) error {
	cells := make([][]string, len(rows))
	for i, r := range rows {
		cells[i] = ChronologyRow(r)
	}
	return writeDOCX(w, report.ChronologyTitle, []string{"作成日：" + report.FilingDate(d), report.ChronologyNote}, ChronologyHeaders,
		[]uint64{2300, 7270, 2200, 1300, 1500}, cells)
}

// A4 landscape with 2 cm margins, in twentieths of a point: wide
// tables, as filed.
const (
	pageW, pageH = 16838, 11906
	margin       = 1134
)

// writeDOCX writes a title, notes and a table whose column widths (in
// twentieths of a point) add up to the page's width between margins.
func writeDOCX(w io.Writer, title string, notes, headers []string, widths []uint64, rows [][]string) error {
	doc, err := godocx.NewDocument()
	if err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	pw, ph, m := uint64(pageW), uint64(pageH), margin
	doc.Document.Body.SectPr = &ctypes.SectionProp{
		PageSize:   &ctypes.PageSize{Width: &pw, Height: &ph, Orient: stypes.PageOrientLandscape},
		PageMargin: &ctypes.PageMargin{Left: &m, Right: &m, Top: &m, Bottom: &m},
	}
	if _, err := doc.AddHeading(title, 1); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	for _, n := range notes {
		doc.AddParagraph(n)
	}
	t := doc.AddTable()
	t.Style("TableGrid")
	t.Layout(stypes.TableLayoutFixed)
	t.Grid(widths...)
	hr := t.AddRow()
	for _, h := range headers {
		addLines(hr.AddCell().AddEmptyPara(), h, true)
	}
	for _, r := range rows {
		row := t.AddRow()
		for _, c := range r {
			addLines(row.AddCell().AddEmptyPara(), c, false)
		}
	}
	if err := doc.Write(w); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return nil
}

// addLines puts text into p, a line break for each LF: Word keeps the
// lines of the worker's text as written.
func addLines(p *docx.Paragraph, text string, bold bool) {
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			p.AddRun().AddBreak(nil)
		}
		if r := p.AddText(line); bold {
			r.Bold(true)
		}
	}
}

// WriteChronologyXLSX writes the 時系列表 as an Excel sheet: one row per
// entry, the full text in wrapped cells, headers frozen.
func WriteChronologyXLSX(w io.Writer, d *report.Document, rows []report.ChronoRow) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "時系列表"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF4"}}})
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	body, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	set := func(col, row int, v string, style int) error {
		cell, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		if err := f.SetCellStr(sheet, cell, v); err != nil {
			return err
		}
		return f.SetCellStyle(sheet, cell, cell, style)
	}
	if err := set(1, 1, report.ChronologyTitle+"（作成日："+report.FilingDate(d)+"）", head); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	for i, h := range ChronologyHeaders {
		if err := set(i+1, 2, h, head); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	for i, r := range rows {
		for j, c := range ChronologyRow(r) {
			if err := set(j+1, i+3, c, body); err != nil {
				return fmt.Errorf("xlsx: %w", err)
			}
		}
	}
	for col, width := range map[string]float64{"A": 22, "B": 70, "C": 24, "D": 16, "E": 24} {
		if err := f.SetColWidth(sheet, col, col, width); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// WriteStatementDOCX writes the 陳述書 draft as a Word document: the
// title, the draft notice, the date and the author, then each section.
func WriteStatementDOCX(w io.Writer, d *report.Document, author string, secs []report.StatementSection) error {
	doc, err := godocx.NewDocument()
	if err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	if _, err := doc.AddHeading(report.StatementTitle, 1); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	addLines(doc.AddEmptyParagraph(), report.StatementNote, false)
	addLines(doc.AddEmptyParagraph(), report.FilingDate(d), false)
	if strings.TrimSpace(author) == "" {
		author = "（氏名）"
	}
	addLines(doc.AddEmptyParagraph(), author, false)
	for _, s := range secs {
		if _, err := doc.AddHeading(s.Heading, 2); err != nil {
			return fmt.Errorf("docx: %w", err)
		}
		for _, p := range s.Paragraphs {
			addLines(doc.AddEmptyParagraph(), p, false)
		}
		addLines(doc.AddEmptyParagraph(), s.Source, false)
	}
	if err := doc.Write(w); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return nil
}
