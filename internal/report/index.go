package report

import (
	"strconv"
	"strings"
)

// The index of incidents: one row per entry with both its times and its
// summary in full (the first paragraph of what happened, or the exact
// words), over as many pages as it takes, the header on each.
const (
	indexSize = 7.5
	indexLine = 3.6
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
	t := r.newTable([]filingColumn{
		{r.tr("report.index.no"), 11}, {r.tr("report.index.when"), 25}, {r.tr("report.index.recorded"), 25},
		{r.tr("report.index.place"), 20}, {r.tr("report.index.people"), 24}, {r.tr("report.index.categories"), 22},
		{r.tr("report.index.summary"), 37}, {r.tr("report.index.flags"), 16},
	}, indexSize, indexLine)
	r.tableHeader(t)
	for i := range r.d.Entries {
		e := &r.d.Entries[i]
		muted := e.Deleted || e.Purged
		part := func(s string, lang string) []cellPart { return []cellPart{{text: s, muted: muted, lang: lang}} }
		recorded := r.tr("report.empty")
		if !e.RecordedAt.IsZero() {
			recorded = r.timeText(e.RecordedAt)
		}
		t.link = r.entryLinks[i]
		r.tableRow(t, [][]cellPart{
			part("#"+strconv.FormatInt(e.ID, 10), ""),
			part(r.whenShort(e), ""),
			part(recorded, ""),
			part(e.Place, e.Lang),
			part(r.peopleText(e.People), e.Lang),
			part(r.categoryText(e.Categories), ""),
			part(r.summary(e), e.Lang),
			part(strings.Join(r.flags(e), "\n"), ""),
		})
		t.link = ""
	}
}

func (r *renderer) whenShort(e *Entry) string {
	if e.EventTime.IsZero() {
		return r.tr("report.empty")
	}
	if r.japaneseOnly() {
		return japaneseTime(e.EventTime)
	}
	return e.EventTime.Format("2006-01-02") + "\n" + e.EventTime.Format("15:04 -07:00")
}

// summary is the start of what happened, or of the exact words.
func (r *renderer) summary(e *Entry) string {
	if e.Purged {
		return r.tr("report.entry.purged")
	}
	s := strings.TrimSpace(e.Text)
	if qs := e.AllQuotes(); s == "" && len(qs) > 0 {
		s = strings.TrimSpace(qs[0].Words)
	}
	// The first paragraph, whole: the entry's page has the rest.
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(s)
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
