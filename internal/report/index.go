package report

import (
	"strconv"
	"strings"

	"github.com/kiroku-app/kiroku/internal/typeset"
)

// indexColumn is a column of the index of incidents.
type indexColumn struct {
	key   string
	w     float64
	lines int // at most this many lines per cell
}

var indexColumns = []indexColumn{
	{"report.index.no", 12, 2},
	{"report.index.when", 27, 3},
	{"report.index.place", 24, 3},
	{"report.index.people", 29, 3},
	{"report.index.categories", 30, 3},
	{"report.index.summary", 40, 4},
	{"report.index.flags", 18, 4},
}

const (
	indexSize = 7.5
	indexLine = 3.6
	indexPad  = 1.2
)

func (r *renderer) index() {
	r.heading(0, r.tr("report.index.title"))
	r.entryLinks = make([]string, len(r.d.Entries))
	for i := range r.entryLinks {
		r.entryLinks[i] = dest(i)
	}
	if len(r.d.Entries) == 0 {
		r.para(marginL, contentW, lineBody, r.tr("report.index.none"))
		return
	}
	r.setFont(famG, sizeLabel)
	r.color(colMuted)
	for _, s := range r.paras("report.index.legend") {
		r.para(marginL, contentW, 4.2, s)
	}
	r.color(colBlack)
	r.gap(2)
	r.indexHeader()
	for i := range r.d.Entries {
		r.indexRow(i)
	}
}

func (r *renderer) indexHeader() {
	p := r.pdf
	r.setFont(famG, indexSize)
	cells := make([][]typeset.Line, len(indexColumns))
	n := 1
	for i, c := range indexColumns {
		cells[i] = r.lines(r.tr(c.key), c.w-2*indexPad)
		n = max(n, len(cells[i]))
	}
	h := float64(n)*indexLine + 2*indexPad
	r.ensure(h + 12)
	y := p.GetY()
	r.fill(colShade)
	p.Rect(marginL, y, contentW, h, "F")
	r.color(colBlack)
	x := marginL
	for i, c := range indexColumns {
		for j, l := range cells[i] {
			r.text(x+indexPad, y+indexPad+float64(j)*indexLine, c.w-2*indexPad, indexLine, l)
		}
		x += c.w
	}
	p.SetXY(marginL, y+h)
}

func (r *renderer) indexRow(i int) {
	p := r.pdf
	e := &r.d.Entries[i]
	r.setFont(famG, indexSize)
	texts := []string{
		"#" + strconv.FormatInt(e.ID, 10),
		r.whenShort(e),
		e.Place,
		r.peopleText(e.People),
		r.categoryText(e.Categories),
		r.summary(e),
		strings.Join(r.flags(e), "\n"),
	}
	cells := make([][]typeset.Line, len(indexColumns))
	n := 1
	for c, col := range indexColumns {
		cells[c] = r.truncate(r.lines(texts[c], col.w-2*indexPad), col.lines, col.w-2*indexPad)
		n = max(n, len(cells[c]))
	}
	h := float64(n)*indexLine + 2*indexPad
	if r.ensure(h) {
		r.indexHeader()
		r.setFont(famG, indexSize)
	}
	y := p.GetY()
	if e.Deleted || e.Purged {
		r.color(colMuted)
	} else {
		r.color(colBlack)
	}
	x := marginL
	for c, col := range indexColumns {
		for j, l := range cells[c] {
			r.text(x+indexPad, y+indexPad+float64(j)*indexLine, col.w-2*indexPad, indexLine, l)
		}
		x += col.w
	}
	r.draw(colRule)
	p.Line(marginL, y+h, marginL+contentW, y+h)
	p.Link(marginL, y, contentW, h, r.entryLinks[i])
	r.color(colBlack)
	p.SetXY(marginL, y+h)
}

func (r *renderer) whenShort(e *Entry) string {
	if e.EventTime.IsZero() {
		return r.tr("report.empty")
	}
	return e.EventTime.Format("2006-01-02") + "\n" + e.EventTime.Format("15:04 -07:00")
}

// summary is the start of what happened, or of the exact words.
func (r *renderer) summary(e *Entry) string {
	if e.Purged {
		return r.tr("report.entry.purged")
	}
	s := strings.TrimSpace(e.Text)
	if s == "" {
		s = strings.TrimSpace(e.Quote)
	}
	// Enough for four lines; the rest is cut by truncate.
	if rs := []rune(s); len(rs) > 160 {
		s = string(rs[:160])
	}
	return strings.Join(strings.Fields(s), " ")
}

func (r *renderer) flags(e *Entry) []string {
	var f []string
	if len(e.Recordings) > 0 {
		f = append(f, r.tr("report.flag.recording"))
	}
	if len(e.Attachments) > 0 {
		f = append(f, r.tr("report.flag.attachment"))
	}
	if r.edited(e) {
		f = append(f, r.tr("report.flag.edited"))
	}
	if e.Deleted {
		f = append(f, r.tr("report.flag.deleted"))
	}
	if e.Purged {
		f = append(f, r.tr("report.flag.purged"))
	}
	return f
}

func (r *renderer) edited(e *Entry) bool {
	for _, rv := range e.Revisions {
		if rv.Kind == KindEdit || rv.Rev > 1 {
			return true
		}
	}
	return false
}
