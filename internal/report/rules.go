package report

import (
	"strconv"
	"strings"
)

// textIn returns t in lang, or the other language when that side is empty.
func textIn(t Text, lang string) string {
	a, b := t.EN, t.JA
	if lang == "ja" {
		a, b = b, a
	}
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}

func (r *renderer) relatedRules() {
	if len(r.d.Rules) == 0 {
		return
	}
	r.heading(0, r.tr("report.rules.title"))
	r.setFont(famG, 10.5)
	r.color(colWarn)
	r.block(marginL, contentW, 6, strings.Join(r.paras("report.rules.notice"), "\n"), colNotice, &colWarn)
	r.color(colBlack)
	r.setFont(famG, sizeBody)
	r.gap(4)
	for i := range r.d.Rules {
		if i > 0 {
			r.gap(5)
		}
		r.rule(&r.d.Rules[i])
	}
}

func (r *renderer) rule(ru *Rule) {
	title := r.label(ru.Title)
	if title == "" {
		title = ru.ID
	}
	r.heading(1, title)
	if ru.ID != "" {
		r.row(marginL, labelW, r.tr("report.rule.id"), value{text: ru.ID, mono: true})
	}
	// The not-legal-advice line, with every rule.
	notice := r.pick(ru.Notice)
	if len(notice) == 0 {
		notice = r.paras("report.rule.notice")
	}
	r.setFont(famG, sizeBody)
	r.color(colWarn)
	r.block(marginL, contentW, lineBody, strings.Join(notice, "\n"), colNotice, &colWarn)
	r.color(colBlack)
	r.gap(1.5)

	if !r.d.RulesBrief {
		r.row(marginL, labelW, r.tr("report.rule.summary"), value{text: strings.Join(r.pick(ru.Summary), "\n\n")})
		r.bullets(r.tr("report.rule.points"), ru.Points)
		r.bullets(r.tr("report.rule.evidence"), ru.Evidence)
	}
	if c := r.pick(ru.Caution); len(c) > 0 {
		r.row(marginL, labelW, r.tr("report.rule.caution"), value{text: strings.Join(c, "\n")})
	}
	var src []string
	for _, s := range ru.Sources {
		src = append(src, r.sourceText(s)...)
	}
	if len(src) > 0 {
		r.row(marginL, labelW, r.tr("report.rule.sources"), value{text: strings.Join(src, "\n")})
	}
	var ids []string
	for _, id := range ru.EntryIDs {
		ids = append(ids, "#"+strconv.FormatInt(id, 10))
	}
	if len(ids) > 0 {
		r.row(marginL, labelW, r.tr("report.rule.entries"), value{text: strings.Join(ids, ", ")})
	}
}

// bullets writes a list of bilingual items, one bullet per item and
// language.
func (r *renderer) bullets(lbl string, items []Text) {
	var lines []string
	for _, it := range items {
		for _, s := range r.pick(it) {
			lines = append(lines, "・"+strings.ReplaceAll(s, "\n", " "))
		}
	}
	if len(lines) > 0 {
		r.row(marginL, labelW, lbl, value{text: strings.Join(lines, "\n")})
	}
}

// sourceText is a citation in each of the report's languages:
// "document, section, p. 12 (edition). note".
func (r *renderer) sourceText(s Source) []string {
	var out []string
	for _, l := range r.langs {
		var parts []string
		if t := textIn(s.Document, l); strings.TrimSpace(t) != "" {
			parts = append(parts, t)
		}
		if t := textIn(s.Section, l); strings.TrimSpace(t) != "" {
			parts = append(parts, t)
		}
		if strings.TrimSpace(s.Pages) != "" {
			parts = append(parts, r.cat.T(l, "report.source.pages", s.Pages))
		}
		line := strings.Join(parts, r.cat.T(l, "report.sep"))
		if t := textIn(s.Edition, l); strings.TrimSpace(t) != "" {
			line += " " + r.cat.T(l, "report.source.edition", t)
		}
		if t := textIn(s.Note, l); strings.TrimSpace(t) != "" {
			line += " — " + t
		}
		line = "・" + strings.TrimSpace(line)
		if len(out) == 0 || out[0] != line {
			out = append(out, line)
		}
	}
	return out
}
