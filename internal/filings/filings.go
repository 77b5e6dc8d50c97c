// Package filings writes the documents a Japanese labour lawyer files
// beside the evidence, in the formats they edit: the draft 証拠説明書 and
// the 時系列表 and the 反訳書 as Word (.docx) files and the 時系列表 also as an Excel
// (.xlsx) sheet. The content comes from report.Exhibits and
// report.Chronology, the same model as the PDF versions (report
// package), so the editable and the PDF files say the same.
//
// XLSX through github.com/xuri/excelize (BSD, kept up, the standard Go
// library for the format) with its stream writer, so that rows go out as
// they are made. DOCX through a small streaming writer of our own
// (docx.go): the library tried first, gomutex/godocx, holds the whole
// document model in memory (140 MB for ten thousand exhibits, more than
// the export may use), and these documents need only paragraphs and one
// table. Every file is checked by LibreOffice in the tests. The documents
// are Japanese only: they are filed with Japanese courts and offices.
package filings

import (
	"fmt"
	"io"
	"strconv"
	"strings"

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
	rows := func(row func([]string)) {
		for _, x := range ex {
			row(ExhibitRow(x))
		}
	}
	return writeTableDOCX(w, report.ExhibitListTitle, []string{"作成日：" + report.FilingDate(d), report.ExhibitListNote},
		ExhibitHeaders, []int{1900, 2500, 1500, 1700, 1100, 2970, 2900}, rows)
}

// WriteChronologyDOCX writes the 時系列表 as a Word document.
func WriteChronologyDOCX(w io.Writer, d *report.Document, chrono []report.ChronoRow) error {
	rows := func(row func([]string)) {
		for _, r := range chrono {
			row(ChronologyRow(r))
		}
	}
	return writeTableDOCX(w, report.ChronologyTitle, []string{"作成日：" + report.FilingDate(d), report.ChronologyNote},
		ChronologyHeaders, []int{2300, 6670, 2200, 1900, 1500}, rows)
}

// writeTableDOCX writes a title, notes and a table on A4 landscape pages;
// the column widths (in twentieths of a point) add up to the width
// between the margins. rows calls row once per row, in order.
func writeTableDOCX(w io.Writer, title string, notes, headers []string, widths []int, rows func(row func([]string))) error {
	doc, err := newDOCX(w)
	if err != nil {
		return err
	}
	doc.heading(title, 1)
	for _, n := range notes {
		doc.para(n)
	}
	doc.table(widths, headers)
	rows(func(cells []string) { doc.row(widths, cells, false) })
	doc.endTable()
	return doc.close(true)
}

// WriteChronologyXLSX writes the 時系列表 as an Excel sheet: one row per
// entry, the full text in wrapped cells, the headers frozen. Rows are
// streamed (excelize's StreamWriter).
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
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	for i, width := range []float64{22, 70, 24, 16, 24} {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	put := func(n int, values []string, style int) error {
		cells := make([]any, len(values))
		for i, v := range values {
			cells[i] = excelize.Cell{StyleID: style, Value: v}
		}
		cell, err := excelize.CoordinatesToCellName(1, n)
		if err != nil {
			return err
		}
		return sw.SetRow(cell, cells)
	}
	if err := put(1, []string{report.ChronologyTitle + "（作成日：" + report.FilingDate(d) + "）"}, head); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := put(2, ChronologyHeaders, head); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	for i, r := range rows {
		if err := put(i+3, ChronologyRow(r), body); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
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
	doc, err := newDOCX(w)
	if err != nil {
		return err
	}
	doc.heading(report.StatementTitle, 1)
	doc.para(report.StatementNote)
	doc.paraRight(report.FilingDate(d))
	if strings.TrimSpace(author) == "" {
		author = "（氏名）"
	}
	doc.paraRight(author)
	for _, s := range secs {
		doc.heading(s.Heading, 2)
		for _, p := range s.Paragraphs {
			doc.para(p)
		}
		doc.para(s.Source)
	}
	return doc.close(false)
}

// transcriptWidths are the 反訳書 table's columns in twips (A4 portrait:
// about 9,600 across): number, time, speaker, words.
var transcriptWidths = []int{800, 2100, 1500, 5200}

// WriteTranscriptDOCX writes the 反訳書 as a Word document from the same
// model as the PDF (report.TranscriptFor): the title, the date, the
// header, the statement, the notation, then the numbered utterances with
// the recording's markers as notes.
func WriteTranscriptDOCX(w io.Writer, d *report.Document, t report.Transcript) error {
	sheet := report.TranscriptFor(d, t)
	doc, err := newDOCX(w)
	if err != nil {
		return err
	}
	doc.heading(report.TranscriptTitle, 1)
	doc.paraRight("作成日：" + report.FilingDate(d))
	doc.table([]int{2200, 7400}, []string{"項目", "内容"})
	for _, h := range sheet.Head {
		doc.row([]int{2200, 7400}, []string{h[0], h[1]}, false)
	}
	doc.endTable()
	doc.para(sheet.Statement)
	doc.para(report.TranscriptNote)
	if len(sheet.Rows) == 0 {
		doc.para("発言はありません。")
		return doc.close(false)
	}
	doc.table(transcriptWidths, strings.Split(report.TranscriptHeadingColumns, ","))
	for _, r := range sheet.Rows {
		num, text := "", r.Text
		if r.N > 0 {
			num = strconv.Itoa(r.N)
		}
		if r.Machine {
			text += "\n" + report.MachineNote
		}
		doc.row(transcriptWidths, []string{num, r.Time, r.Speaker, text}, false)
	}
	doc.endTable()
	return doc.close(false)
}
