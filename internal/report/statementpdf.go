package report

import (
	"io"
	"strings"

	"github.com/kiroku-app/kiroku/internal/typeset"
)

// The PDF of the 陳述書 draft (statement.go), drawn like the filings
// (filingspdf.go): A4 portrait, in Japanese whatever d.Lang says, with the
// report's footer. The worker's own words keep their language and script.
// Every page says it is a draft: the first under its title, the others in
// a line at the top (draftMark), so that no page can pass for part of a
// signed statement.

// statementParaGap is the space between two paragraphs, in millimetres.
const statementParaGap = 2.0

// WriteStatement renders the 陳述書 draft secs, as made by Statement, as a
// PDF to w: the title, the note, the date of the filings (FilingDate) and
// author (「（氏名）」 when empty) on the right, then each section under its
// heading, every paragraph in full across as many pages as it takes, and
// the records and exhibits it comes from. Like Write, the same input gives
// the same bytes.
func WriteStatement(w io.Writer, d *Document, author string, secs []StatementSection) error {
	return renderJapanese(w, d, StatementTitle, func(r *renderer) {
		footer := r.pdf.onPage
		r.pdf.onPage = func() {
			footer()
			r.draftMark()
		}

		r.heading(0, StatementTitle)
		r.setFont(famG, sizeLabel)
		r.block(marginL, contentW, 4.2, StatementNote, colShade, nil)
		r.setFont(famG, sizeBody)
		r.gap(4)
		if strings.TrimSpace(author) == "" {
			author = "（氏名）"
		}
		for _, s := range []string{FilingDate(d), author} {
			r.ensure(lineBody + 1)
			y := r.pdf.GetY()
			r.textRight(marginL, y, contentW, lineBody+1, s)
			r.pdf.SetXY(marginL, y+lineBody+1)
		}
		r.gap(5)

		if len(secs) == 0 {
			r.para(marginL, contentW, lineBody, r.tr("report.index.none"))
		}
		for i, s := range secs {
			if i > 0 {
				r.gap(5)
			}
			r.heading(1, s.Heading)
			for j, p := range s.Paragraphs {
				if j > 0 {
					r.gap(statementParaGap)
				}
				r.statementPara(p, s.Lang)
			}
			if strings.TrimSpace(s.Source) != "" {
				r.gap(1)
				r.color(colMuted)
				r.setFont(famG, sizeLabel)
				r.para(marginL, contentW, 4.5, s.Source)
				r.setFont(famG, sizeBody)
				r.color(colBlack)
			}
		}
	})
}

// statementPara draws a paragraph of the draft across the content width,
// each of its lines as a line of its own and every line in full (pages
// break as needed). Each line is laid out by itself in lang, the language
// of the worker's entry: a Japanese lead-in and the worker's words under it
// each get the faces and the direction of their own script, and Han
// characters the forms of the worker's language. The first two lines are
// kept together, so that a lead-in does not end a page alone.
func (r *renderer) statementPara(p string, lang string) {
	var lines []typeset.Line
	r.lang = lang
	for l := range strings.SplitSeq(strings.ReplaceAll(p, "\r\n", "\n"), "\n") {
		lines = append(lines, r.lines(l, contentW)...)
	}
	r.lang = ""
	r.ensure(float64(min(len(lines), 2)) * lineBody)
	for _, l := range lines {
		r.ensure(lineBody)
		y := r.pdf.GetY()
		r.text(marginL, y, contentW, lineBody, l)
		r.pdf.SetXY(marginL, y+lineBody)
	}
}

// draftMark says, at the top of every page after the first, that the
// page belongs to the draft: 「陳述書（下書き）」 against the right margin.
func (r *renderer) draftMark() {
	p := r.pdf
	if p.PageNo() < 2 {
		return // the title says it
	}
	fam, size, col := r.fam, r.size, p.text
	r.setFont(famG, sizeLabel)
	r.color(colMuted)
	r.textRight(marginL, marginT-9, contentW, 4, StatementTitle)
	r.fam, r.size, p.text = fam, size, col
}
