package report

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/typeset"
)

// The PDF versions of the filings (filings.go): the draft 証拠説明書 and the
// 時系列表, drawn by the report's renderer on A4 portrait pages with its
// footer, in Japanese whatever d.Lang says (they are filed with Japanese
// courts and offices). The editable versions (internal/filings) use the
// same wording, from here.
const (
	ExhibitListTitle = "証拠説明書（下書き）"
	ChronologyTitle  = "時系列表"
	ExhibitListNote  = "この書面は、Kiroku が本人の記録から作成した下書きです。号証番号、標目、立証趣旨などは弁護士が確認し、必要に応じて修正してください。立証趣旨は記録の分類から作った中立的な案です。"
	ChronologyNote   = "出来事は本人が申告した日時の順に並べています。記録日時は本人がその記録を最初に書いた日時（システム時計）です。出来事の内容は記録のとおり全文を載せています。"
	LateNote         = "※出来事から1週間以上後に記録"
	continuedNote    = "（前頁から続く）"
)

// japan is Japan Standard Time (no daylight saving since 1951): the date
// a Japanese filing is made on.
var japan = time.FixedZone("JST", 9*3600)

// FilingDate is the date the filings are made on, in Japan: the day of
// the ledger head the bundle shows.
func FilingDate(d *Document) string {
	if d.HeadTime.IsZero() {
		return JapaneseDate(d.HeadTime, false)
	}
	return JapaneseDate(d.HeadTime.In(japan), false)
}

// The columns, in millimetres; each table is contentW wide.
var (
	exhibitColumns = []filingColumn{
		{"号証", 22}, {"標目", 26}, {"原本・写しの別", 17}, {"作成年月日", 25},
		{"作成者", 14}, {"立証趣旨", 37}, {"ファイルと SHA-256", 39},
	}
	chronologyColumns = []filingColumn{
		{"年月日・時刻", 30}, {"出来事", 74}, {"関係者", 26}, {"証拠", 24}, {"記録日時", 26},
	}
)

// WriteExhibitList renders the draft 証拠説明書 (list of exhibits) of ex, as
// numbered by Exhibits(d, ...), as a PDF to w: one row per exhibit with the
// file in the bundle and its full SHA-256. Like Write, the same input gives
// the same bytes.
func WriteExhibitList(w io.Writer, d *Document, ex []Exhibit) error {
	return writeFiling(w, d, ExhibitListTitle, ExhibitListNote, func(r *renderer) {
		t := r.newTable(exhibitColumns, 7.5, 3.6)
		if len(ex) == 0 {
			r.para(marginL, contentW, lineBody, "証拠はありません。")
			return
		}
		r.tableHeader(t)
		for _, x := range ex {
			made := []cellPart{{text: JapaneseDate(x.Made, false)}}
			switch {
			case x.Made.IsZero() && x.MadeNote != "":
				made = []cellPart{{text: x.MadeNote}}
			case x.MadeNote != "":
				made = append(made, cellPart{text: x.MadeNote})
			}
			file := []cellPart{{text: x.File, mono: true}, {text: x.SHA256, mono: true}}
			if strings.TrimSpace(x.File+x.SHA256) == "" {
				file = []cellPart{{text: "不明", muted: true}}
			}
			r.tableRow(t, [][]cellPart{
				{{text: x.Number}}, {{text: x.Title}}, {{text: x.Original}}, made,
				{{text: x.Author}}, {{text: x.Purpose}}, file,
			})
		}
	})
}

// WriteChronology renders the 時系列表 (chronology) rows, as made by
// Chronology, as a PDF to w. Every entry's text is shown in full: a row
// taller than a page continues on the next, under the repeated header.
func WriteChronology(w io.Writer, d *Document, rows []ChronoRow) error {
	return writeFiling(w, d, ChronologyTitle, ChronologyNote, func(r *renderer) {
		t := r.newTable(chronologyColumns, 8, 3.9)
		if len(rows) == 0 {
			r.para(marginL, contentW, lineBody, r.tr("report.index.none"))
			return
		}
		langs := map[int64]string{}
		for _, e := range d.Entries {
			langs[e.ID] = e.Lang
		}
		r.tableHeader(t)
		for _, row := range rows {
			when := []cellPart{{text: JapaneseDate(row.When, true)}}
			if row.Zone != "" && row.Zone != "Asia/Tokyo" {
				when = append(when, cellPart{text: row.Zone, muted: true})
			}
			rec := []cellPart{{text: JapaneseDate(row.Recorded, true)}}
			if row.Late {
				rec = append(rec, cellPart{text: LateNote, warn: true})
			}
			people := []cellPart{{text: row.People, lang: langs[row.EntryID]}}
			if strings.TrimSpace(row.People) == "" {
				people = []cellPart{{text: r.tr("report.empty"), muted: true}}
			}
			r.tableRow(t, [][]cellPart{
				when,
				{{text: row.Event, lang: langs[row.EntryID]}},
				people,
				{{text: strings.Join(row.Evidence, "\n")}},
				rec,
			})
		}
	})
}

// writeFiling renders a filing: its title, the date it was made (the
// ledger head's), a note, then body; footers and the page total as in the
// report.
func writeFiling(w io.Writer, d *Document, title, note string, body func(r *renderer)) error {
	return renderJapanese(w, d, title, func(r *renderer) {
		r.heading(0, title)
		r.setFont(famG, sizeBody)
		y := r.pdf.GetY()
		r.textRight(marginL, y, contentW, lineBody, "作成日："+FilingDate(d))
		r.pdf.SetXY(marginL, y+lineBody+1)
		r.setFont(famG, sizeLabel)
		r.block(marginL, contentW, 4.2, note, colShade, nil)
		r.setFont(famG, sizeBody)
		r.gap(3)
		body(r)
	})
}

// renderJapanese renders a Japanese document with the report's renderer:
// draw fills the pages; the footers and the page total are the report's.
// It works on a copy of d in Japanese with title, for the PDF's
// information and the footer; d itself is not changed.
func renderJapanese(w io.Writer, d *Document, title string, draw func(r *renderer)) (err error) {
	if d == nil {
		return errors.New("report: no document")
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("report: render: %v", p)
		}
	}()
	ja := *d
	ja.Lang, ja.Title = LangJA, Text{JA: title}
	r := &renderer{d: &ja, cat: i18n.Default(), langs: []string{"ja"}, ts: typeset.NewSet(),
		layouts: map[layoutKey][]typeset.Line{}}
	r.setup(w)
	draw(r)
	r.pageTotal()
	if err := r.pdf.doc.Close(); err != nil {
		return fmt.Errorf("report: write pdf: %w", err)
	}
	if r.pdf.err != nil {
		return fmt.Errorf("report: font: %w", r.pdf.err)
	}
	return nil
}

// --- tables whose rows may span pages ------------------------------------------

// filingColumn is a column of a filing's table: its heading and width in
// millimetres.
type filingColumn struct {
	head string
	w    float64
}

// filingTable is a table whose header is drawn again at the top of every
// page it continues on.
type filingTable struct {
	cols       []filingColumn
	size       float64 // points
	line       float64 // millimetres, as are the paddings
	padX, padY float64
	head       [][]cellLine
	headN      int     // lines of the header
	headH      float64 // its height
	link       string  // named destination the next rows link to; "" none
}

// cellPart is a piece of a cell's text; each part starts a new line.
type cellPart struct {
	text        string
	mono        bool // paths and hashes
	muted, warn bool
	lang        string // the language the worker wrote it in, if said
}

// cellLine is a laid-out line of a cell with the font and colour it is
// drawn in.
type cellLine struct {
	typeset.Line
	fam  string
	size float64
	col  [3]int
}

// cellPadX is the space left and right of a cell's text: the gap between
// two columns is more than a character wide, so that pdftotext and copying
// keep each cell's lines together instead of joining a line with the
// neighbouring cell's.
const cellPadX = 2.0

func (r *renderer) newTable(cols []filingColumn, size, line float64) *filingTable {
	t := &filingTable{cols: cols, size: size, line: line, padX: cellPadX, padY: 1.2}
	n := 1
	for _, c := range cols {
		cl := r.cellLines(t, c.w, []cellPart{{text: c.head}})
		t.head = append(t.head, cl)
		n = max(n, len(cl))
	}
	t.headN, t.headH = n, float64(n)*line+2*t.padY
	return t
}

// cellLines lays the parts of a cell out in a column w millimetres wide.
func (r *renderer) cellLines(t *filingTable, w float64, parts []cellPart) []cellLine {
	var out []cellLine
	for _, p := range parts {
		// Mono in the same size: lines further apart than 1.5 times the
		// font size are taken apart by pdftotext.
		fam, size, col := famG, t.size, colBlack
		if p.mono {
			fam = famM
		}
		switch {
		case p.warn:
			col = colWarn
		case p.muted:
			col = colMuted
		}
		r.setFont(fam, size)
		r.lang = p.lang
		for _, l := range r.lines(p.text, w-2*t.padX) {
			out = append(out, cellLine{Line: l, fam: fam, size: size, col: col})
		}
		r.lang = ""
	}
	r.setFont(famG, sizeBody)
	return out
}

// tableHeader draws the header row.
func (r *renderer) tableHeader(t *filingTable) {
	p := r.pdf
	y := p.GetY()
	r.fill(colShade)
	p.Rect(marginL, y, contentW, t.headH, "F")
	r.drawCells(t, t.head, y, 0, t.headN)
	r.grid(t, y, t.headH, true, false)
	p.SetXY(marginL, y+t.headH)
}

// tableRow draws a row. A row that does not fit below the last one starts
// a new page; one taller than a page is split between pages, each part
// under the header and the parts after the first marked as continued, so
// that no text is ever cut.
func (r *renderer) tableRow(t *filingTable, parts [][]cellPart) {
	p := r.pdf
	cells := make([][]cellLine, len(t.cols))
	n := 1
	for i, c := range t.cols {
		cells[i] = r.cellLines(t, c.w, parts[i])
		n = max(n, len(cells[i]))
	}
	const eps = 1e-6
	bottom := pageH - marginB
	room := func() int { return int((bottom - p.GetY() - 2*t.padY + eps) / t.line) }
	newPage := func() {
		p.AddPage()
		r.tableHeader(t)
	}
	// Keep a row whole when a page can hold it, and do not start a split
	// one with a scrap of a few lines at the foot of a page.
	fresh := int((bottom - marginT - t.headH - 2*t.padY + eps) / t.line)
	if k := room(); k < n && (n <= fresh || k < 4) {
		newPage()
	}
	for i := 0; i < n; {
		k := min(room(), n-i)
		if k < 1 {
			newPage()
			continue
		}
		chunk := cells
		if i > 0 && len(cells[0]) <= i {
			// The first column has nothing left: say the row goes on.
			chunk = slices.Clone(cells)
			r.setFont(famG, t.size)
			chunk[0] = make([]cellLine, i+1) // blank up to line i
			chunk[0][i] = cellLine{Line: r.one(continuedNote), fam: famG, size: t.size, col: colMuted}
			r.setFont(famG, sizeBody)
		}
		y := p.GetY()
		h := float64(k)*t.line + 2*t.padY
		r.drawCells(t, chunk, y, i, k)
		r.grid(t, y, h, false, i+k < n)
		if t.link != "" {
			p.Link(marginL, y, contentW, h, t.link)
		}
		p.SetXY(marginL, y+h)
		i += k
		if i < n {
			newPage()
		}
	}
}

// drawCells draws lines from to from+k of every cell in a row part that
// starts at y.
func (r *renderer) drawCells(t *filingTable, cells [][]cellLine, y float64, from, k int) {
	x := marginL
	for c, col := range t.cols {
		for j := from; j < min(from+k, len(cells[c])); j++ {
			l := cells[c][j]
			if len(l.Runs) == 0 {
				continue
			}
			r.setFont(l.fam, l.size)
			r.color(l.col)
			r.text(x+t.padX, y+t.padY+float64(j-from)*t.line, col.w-2*t.padX, t.line, l.Line)
		}
		x += col.w
	}
	r.color(colBlack)
	r.setFont(famG, sizeBody)
}

// grid rules a row part of height h at y: the columns, the top for the
// header, and the bottom, dashed when the row continues on the next page.
func (r *renderer) grid(t *filingTable, y, h float64, top, continues bool) {
	p := r.pdf
	r.draw(colRule)
	p.SetLineWidth(0.2)
	x := marginL
	p.Line(x, y, x, y+h)
	for _, c := range t.cols {
		x += c.w
		p.Line(x, y, x, y+h)
	}
	if continues {
		p.SetDashPattern([]float64{1, 1}, 0)
	}
	p.Line(marginL, y+h, marginL+contentW, y+h)
	p.SetDashPattern(nil, 0)
	if top {
		p.Line(marginL, y, marginL+contentW, y)
	}
}
