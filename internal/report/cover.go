package report

import (
	"fmt"
	"strings"
)

const coverLabelW = 52.0

func (r *renderer) cover() {
	p := r.pdf
	d := r.d
	p.AddPage()
	r.setFont(famG, sizeBody)
	p.Bookmark(r.bookmarkText(r.label(r.title())), 0, -1)
	p.SetXY(marginL, 32)
	for i, t := range r.pick(r.title()) {
		size, lh := 22.0, 10.0
		if i > 0 {
			size, lh = 15, 8
		}
		r.setFont(famG, size)
		r.color(colAccent)
		r.para(marginL, contentW, lh, t)
	}
	r.color(colBlack)
	r.setFont(famG, 12)
	r.gap(2)
	r.para(marginL, contentW, 6.5, r.periodText())
	y := p.GetY() + 2
	r.draw(colAccent)
	p.SetLineWidth(0.5)
	p.Line(marginL, y, marginL+contentW, y)
	p.SetLineWidth(0.2)
	p.SetXY(marginL, y+6)
	r.setFont(famG, sizeBody)

	row := func(key, text string, v value) {
		v.text = text
		if strings.TrimSpace(text) == "" {
			v = value{text: r.tr("report.empty"), empty: true}
		}
		r.row(marginL, coverLabelW, r.tr(key), v)
	}
	author := strings.TrimSpace(d.Author)
	if author == "" {
		author = r.tr("report.cover.author.self")
	}
	row("report.cover.author", author, value{})
	row("report.cover.period", r.periodText(), value{})
	var sel []string
	for _, t := range d.Selection {
		sel = append(sel, r.pick(t)...)
	}
	if len(sel) > 0 {
		row("report.cover.selection", strings.Join(sel, "\n"), value{})
	}

	recs, atts, deleted := len(d.Recordings), len(d.Attachments), 0
	for i := range d.Entries {
		recs += len(d.Entries[i].Recordings)
		atts += len(d.Entries[i].Attachments)
		if d.Entries[i].Deleted {
			deleted++
		}
	}
	entries := groupDigits(int64(len(d.Entries)))
	if deleted > 0 {
		entries = r.tr("report.cover.entries.deleted", entries, groupDigits(int64(deleted)))
	}
	row("report.cover.entries", entries, value{})
	row("report.cover.recordings", groupDigits(int64(recs)), value{})
	row("report.cover.attachments", groupDigits(int64(atts)), value{})
	if len(d.Damaged) > 0 {
		row("report.cover.damaged", strings.Join(d.Damaged, ", "), value{})
	}
	r.gap(2)
	row("report.cover.vault", d.VaultID, value{mono: true})
	row("report.cover.head", fmt.Sprint(d.HeadSeq), value{})
	row("report.cover.headlink", d.HeadLink, value{mono: true})
	row("report.cover.headtime", r.timeText(d.HeadTime), value{})
	if len(d.Anchors) == 0 {
		row("report.cover.anchors", r.tr("report.cover.anchors.none"), value{})
	}
	for i, a := range d.Anchors {
		lbl := ""
		if i == 0 {
			lbl = r.tr("report.cover.anchors")
		}
		r.row(marginL, coverLabelW, lbl, value{text: strings.Join(nonEmpty([]string{r.tr("report.cover.anchor", a.Seq), a.TSA, r.timeText(a.Time)}), " · ")})
		if a.Link != "" {
			r.row(marginL, coverLabelW, "", value{text: a.Link, mono: true, muted: true})
		}
	}

	r.gap(6)
	r.setFont(famG, sizeBody)
	notices := [][]string{
		r.paras("report.cover.notice.kiroku"),
		r.paras("report.cover.notice.rendering"),
		r.paras("report.cover.notice.times"),
		r.zoneNotice(),
		r.paras("report.cover.notice.placeholder", string(Placeholder)),
	}
	if len(d.Damaged) > 0 {
		notices = append([][]string{r.paras("report.cover.notice.damaged", len(d.Damaged))}, notices...)
	}
	for _, n := range notices {
		for _, s := range n {
			r.block(marginL, contentW, lineBody, s, colShade, nil)
			r.gap(1)
		}
	}
}

// zoneNotice says, in a Japanese-only report, that its times are Japan
// time unless they name another offset.
func (r *renderer) zoneNotice() []string {
	if !r.japaneseOnly() {
		return nil
	}
	return r.paras("report.cover.notice.zone")
}

// periodText describes From and To.
func (r *renderer) periodText() string {
	d := r.d
	switch {
	case d.From.IsZero() && d.To.IsZero():
		return r.tr("report.period.all")
	case d.To.IsZero():
		return r.tr("report.period.from", dateText(d.From))
	case d.From.IsZero():
		return r.tr("report.period.to", dateText(d.To))
	}
	return r.tr("report.period.range", dateText(d.From), dateText(d.To))
}
