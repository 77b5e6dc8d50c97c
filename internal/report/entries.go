package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

func (r *renderer) entries() {
	if len(r.d.Entries) == 0 {
		return
	}
	r.heading(0, r.tr("report.entries.title"))
	for i := range r.d.Entries {
		if i > 0 {
			// Start an entry on a new page unless a good part of it fits.
			r.ensure(60)
			r.gap(4)
		}
		r.entry(i)
	}
}

func (r *renderer) entry(i int) {
	p := r.pdf
	e := &r.d.Entries[i]
	r.ensure(40)
	p.SetDest(r.entryLinks[i])

	head := r.tr("report.entry.heading", strconv.FormatInt(e.ID, 10))
	if !e.EventTime.IsZero() {
		head += "  " + e.EventTime.Format("2006-01-02 15:04")
	}
	if e.Deleted {
		head += "  [" + r.tr("report.flag.deleted") + "]"
	}
	if e.Purged {
		head += "  [" + r.tr("report.flag.purged") + "]"
	}
	y := p.GetY()
	r.fill(colShade)
	p.Rect(marginL, y, contentW, 7.5, "F")
	r.setFont(famG, 11.5)
	r.color(colAccent)
	p.Bookmark(r.bookmarkText(head), 1, y)
	hl := r.truncate(r.lines(head, contentW-4), 1, contentW-4)
	r.text(marginL+2, y+0.9, contentW-4, 6, hl[0])
	r.color(colBlack)
	p.SetXY(marginL, y+9.5)
	r.setFont(famG, sizeBody)

	if e.Deleted {
		r.block(marginL, contentW, lineBody, strings.Join(r.paras("report.entry.deleted.note"), "\n"), colNotice, nil)
		r.gap(1.5)
	}
	if e.Purged {
		r.block(marginL, contentW, lineBody, strings.Join(r.paras("report.entry.purged.note"), "\n"), colNotice, nil)
		r.gap(1.5)
	}

	event := r.timeText(e.EventTime)
	if !e.EventTime.IsZero() && strings.TrimSpace(e.EventZone) != "" {
		event += " " + e.EventZone
	}
	r.field(r.tr("report.field.event"), event, value{})
	recorded := r.timeText(e.RecordedAt)
	if e.RecordedAt.IsZero() {
		recorded = ""
	}
	r.field(r.tr("report.field.recorded"), recorded, value{})
	if !e.EditedAt.IsZero() && !e.EditedAt.Equal(e.RecordedAt) {
		r.field(r.tr("report.field.edited"), r.timeText(e.EditedAt), value{})
	}
	r.fields(&e.Fields)
	r.translations(e)

	// The rules an entry may relate to are not shown here but in the
	// appendix (参考：関係しうる法令・基準), each with its entries: a
	// legal label inside the facts would read as coaching.

	r.revisions(e)
	for j := range e.Recordings {
		r.recording(&e.Recordings[j])
	}
	for j := range e.Attachments {
		r.attachment(&e.Attachments[j])
	}
}

// fields writes the consultation fields of an entry.
func (r *renderer) fields(f *Fields) {
	if lang := r.originalText(f.Lang); lang != "" {
		r.field(r.tr("report.field.lang"), lang, value{})
	}
	w := value{lang: f.Lang} // the worker's words, in their language's glyph forms
	r.field(r.tr("report.field.place"), f.Place, w)
	r.field(r.tr("report.field.people"), r.peopleText(f.People), w)
	r.field(r.tr("report.field.text"), f.Text, w)
	r.quotes(f)
	r.field(r.tr("report.field.witnesses"), r.join(nonEmpty(f.Witnesses)), w)
	r.field(r.tr("report.field.categories"), r.categoryText(f.Categories), value{})
	r.field(r.tr("report.field.impact"), f.Impact, w)
	r.field(r.tr("report.field.actions"), f.Actions, w)
	r.sheet(f)
}

// languageText names tag in the report's languages, "" for none.
func (r *renderer) languageText(tag string) string {
	if tag == "" {
		return ""
	}
	var names []string
	for _, l := range r.langs {
		if n := r.cat.LanguageName(l, tag); len(names) == 0 || names[0] != n {
			names = append(names, n)
		}
	}
	return strings.Join(names, " / ")
}

// originalText names the language an entry is written in when it is not
// a language of the report ("ベトナム語 / Vietnamese (Tiếng Việt)"), so
// that a reader knows the words are the worker's own, as written, not a
// translation; "" when the entry is in the report's language or says
// none.
func (r *renderer) originalText(tag string) string {
	if tag == "" || slices.Contains(r.langs, tag) {
		return ""
	}
	s := r.languageText(tag)
	if e := i18n.Endonym(tag); e != "" && !strings.Contains(s, e) {
		s += " (" + e + ")"
	}
	return s
}

// subLabelW is the label column of rows nested under an entry's field
// (revision changes, recording and attachment details).
const subLabelW = 28.0

func (r *renderer) sub(lbl string, v value) {
	if strings.TrimSpace(v.text) == "" {
		v = value{text: r.tr("report.empty"), empty: true}
	}
	r.row(marginL+labelW+2, subLabelW, lbl, v)
}

func (r *renderer) revisions(e *Entry) {
	if len(e.Revisions) == 0 {
		return
	}
	lbl := r.tr("report.field.revisions")
	for k, rv := range e.Revisions {
		kind := r.keyOr("report.kind.", rv.Kind)
		line := r.tr("report.revision", rv.Rev) + " · " + kind + " · " + r.timeText(rv.RecordedAt)
		if strings.TrimSpace(rv.Reason) != "" {
			line += "\n" + r.tr("report.revision.reason") + ": " + rv.Reason
		}
		r.row(marginL, labelW, lbl, value{text: line})
		lbl = ""
		if k == 0 || rv.Fields == nil || e.Revisions[k-1].Fields == nil {
			continue
		}
		changes := r.changes(e.Revisions[k-1].Fields, rv.Fields)
		if len(changes) == 0 {
			continue
		}
		r.sub("", value{text: r.tr("report.revision.changed"), muted: true})
		for _, c := range changes {
			r.sub(c.label, c.v)
		}
	}
}

type change struct {
	label string
	v     value
}

// changes lists the fields that differ between two revisions, with their
// earlier wording.
func (r *renderer) changes(old, cur *Fields) []change {
	var out []change
	add := func(key string, differs bool, before string, v value) {
		if !differs {
			return
		}
		v.text = before
		if strings.TrimSpace(before) == "" {
			v = value{text: r.tr("report.empty"), empty: true}
		}
		out = append(out, change{r.tr(key), v})
	}
	event := ""
	if !old.EventTime.IsZero() {
		event = strings.TrimSpace(r.timeText(old.EventTime) + " " + old.EventZone)
	}
	add("report.field.event", !old.EventTime.Equal(cur.EventTime) || old.EventZone != cur.EventZone, event, value{})
	add("report.field.place", old.Place != cur.Place, old.Place, value{})
	add("report.field.people", !slices.Equal(old.People, cur.People), r.peopleText(old.People), value{})
	add("report.field.text", old.Text != cur.Text, old.Text, value{})
	add("report.field.quote", !slices.Equal(old.AllQuotes(), cur.AllQuotes()), r.quotesText(old.AllQuotes()), value{quote: true})
	add("report.field.witnesses", !slices.Equal(old.Witnesses, cur.Witnesses), r.join(nonEmpty(old.Witnesses)), value{})
	add("report.field.categories", !slices.Equal(old.Categories, cur.Categories), r.categoryText(old.Categories), value{})
	add("report.field.impact", old.Impact != cur.Impact, old.Impact, value{})
	add("report.field.actions", old.Actions != cur.Actions, old.Actions, value{})
	add("report.field.lang", old.Lang != cur.Lang, r.languageText(old.Lang), value{})
	add("report.field.pattern", old.Recurrence != cur.Recurrence || old.Since != cur.Since, r.patternText(old), value{})
	add("report.field.how_often", old.HowOften != cur.HowOften, old.HowOften, value{})
	add("report.field.duration", old.Duration != cur.Duration, old.Duration, value{})
	add("report.field.affected", !slices.Equal(old.Affected, cur.Affected), r.join(nonEmpty(old.Affected)), value{})
	add("report.field.consultations", !slices.Equal(old.Consultations, cur.Consultations), r.consultationsText(old.Consultations), value{})
	add("report.field.wants", !slices.Equal(old.Wants, cur.Wants) || old.WantsNote != cur.WantsNote, r.wantsText(old), value{})
	return out
}

func (r *renderer) recording(rc *Recording) {
	head := r.tr("report.recording.heading", rc.ID)
	if strings.TrimSpace(rc.Label) != "" {
		head += " " + rc.Label
	}
	r.row(marginL, labelW, r.tr("report.field.recording"), value{text: head})
	r.recordingDetails(rc)
}

func (r *renderer) recordingDetails(rc *Recording) {
	r.sub(r.tr("report.recording.duration"), value{text: durationText(rc.Duration)})
	if !rc.StartedAt.IsZero() {
		r.sub(r.tr("report.recording.started"), value{text: r.timeText(rc.StartedAt)})
	}
	if rc.State != "" {
		r.sub(r.tr("report.recording.state"), value{text: r.keyOr("report.state.", rc.State)})
	}
	r.sub(r.tr("report.file"), value{text: rc.File, mono: true})
	r.sub("SHA-256", value{text: rc.SHA256, mono: true})
	if len(rc.Markers) > 0 {
		var ms []string
		for _, m := range rc.Markers {
			ms = append(ms, strings.TrimSpace(durationText(m.At)+"  "+strings.ReplaceAll(m.Label, "\n", " ")))
			if len(m.Labels) == 0 {
				continue
			}
			// Relabelled: the label it was placed with, then each later label
			// with the time it was written.
			if placed := oneLine(m.Placed); placed != "" {
				ms = append(ms, "    "+r.tr("report.marker.placed", placed, r.timeText(m.Wall)))
			} else {
				ms = append(ms, "    "+r.tr("report.marker.placed_none", r.timeText(m.Wall)))
			}
			for _, l := range m.Labels {
				if lbl := oneLine(l.Label); lbl != "" {
					ms = append(ms, "    "+r.tr("report.marker.labelled", lbl, r.timeText(l.RecordedAt)))
				} else {
					ms = append(ms, "    "+r.tr("report.marker.cleared", r.timeText(l.RecordedAt)))
				}
			}
		}
		r.sub(r.tr("report.recording.markers"), value{text: strings.Join(ms, "\n")})
	}
}

func (r *renderer) attachment(a *Attachment) {
	r.row(marginL, labelW, r.tr("report.field.attachment"), value{text: r.tr("report.attachment.heading", a.ID, a.Name)})
	r.attachmentDetails(a)
}

func (r *renderer) attachmentDetails(a *Attachment) {
	size := fmt.Sprintf("%s (%s)", r.tr("report.attachment.bytes", groupDigits(a.Size)), i18n.Bytes(a.Size))
	r.sub(r.tr("report.attachment.size"), value{text: size})
	if a.MediaType != "" {
		r.sub(r.tr("report.attachment.type"), value{text: a.MediaType, mono: true})
	}
	if !a.ImportedAt.IsZero() {
		r.sub(r.tr("report.attachment.imported"), value{text: r.timeText(a.ImportedAt)})
	}
	r.sub(r.tr("report.file"), value{text: a.File, mono: true})
	r.sub("SHA-256", value{text: a.SHA256, mono: true})
}

// unattached lists recordings and attachments linked to no entry.
func (r *renderer) unattached() {
	d := r.d
	if len(d.Recordings) == 0 && len(d.Attachments) == 0 {
		return
	}
	r.heading(0, r.tr("report.unattached.title"))
	r.setFont(famG, sizeBody)
	r.para(marginL, contentW, lineBody, r.tr("report.unattached.intro"))
	r.gap(3)
	for i := range d.Recordings {
		r.recording(&d.Recordings[i])
		r.gap(2)
	}
	for i := range d.Attachments {
		r.attachment(&d.Attachments[i])
		r.gap(2)
	}
}

// oneLine is a label on one line, without surrounding space.
func oneLine(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\n", " ")) }

// translations writes each translation (訳文) of an entry: who made it and
// when, then part by part the original and the translation, one under the
// other, so that the reader sees both side by side.
func (r *renderer) translations(e *Entry) {
	for _, t := range e.Translations {
		head := r.tr("report.translation.by", t.Translator, t.TranslatedOn)
		if t.OfEarlier {
			head += "\n" + r.tr("report.translation.earlier")
		}
		if t.Record != "" {
			head += "\n" + t.Record
		}
		r.row(marginL, labelW, r.tr("report.field.translation"), value{text: head})
		for _, p := range t.Parts {
			label := r.partLabel(p.Key)
			orig := value{text: p.Original, lang: e.Lang}
			if strings.TrimSpace(p.Original) == "" {
				orig = value{text: r.tr("report.translation.no_original"), muted: true}
			}
			r.sub("", value{text: label, muted: true})
			r.sub(r.tr("report.translation.original"), orig)
			r.sub(r.tr("report.translation.translated"), value{text: p.Translated, lang: t.Lang})
		}
	}
}

// partLabel names a translated part ("text", "quote.2") in the report's
// languages.
func (r *renderer) partLabel(key string) string {
	base, num, numbered := strings.Cut(key, ".")
	if numbered {
		return r.tr("report.tpart."+base, num)
	}
	return r.tr("report.tpart." + base)
}
