package report

import (
	"io"
	"strconv"
)

var transcriptColumns = []filingColumn{{"番号", 12}, {"時間", 28}, {"話者", 30}, {"発言内容", 110}}

// WriteTranscript renders t as a 反訳書 PDF to w (TranscriptFor). The same
// input gives the same bytes.
func WriteTranscript(w io.Writer, d *Document, t Transcript) error {
	sheet := TranscriptFor(d, t)
	return writeFiling(w, d, TranscriptTitle, TranscriptNote, func(r *renderer) {
		for _, h := range sheet.Head {
			r.row(marginL, labelW, h[0], value{text: h[1], mono: h[0] == TranscriptLabelSHA || h[0] == TranscriptLabelFile})
		}
		r.gap(2)
		r.para(marginL, contentW, lineBody, sheet.Statement)
		r.gap(3)
		if len(sheet.Rows) == 0 {
			r.para(marginL, contentW, lineBody, "発言はありません。")
			return
		}
		tab := r.newTable(transcriptColumns, 8.5, 4.2)
		r.tableHeader(tab)
		for _, row := range sheet.Rows {
			num := ""
			if row.N > 0 {
				num = strconv.Itoa(row.N)
			}
			text := []cellPart{{text: row.Text, lang: row.Lang, muted: row.Marker}}
			if row.Machine {
				text = append(text, cellPart{text: MachineNote, warn: true})
			}
			r.tableRow(tab, [][]cellPart{{{text: num}}, {{text: row.Time}}, {{text: row.Speaker}}, text})
		}
	})
}
