package report

import (
	"strings"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// quotes writes an entry's exact words, each in the quote style, with its
// speaker beneath when the worker said who it was.
func (r *renderer) quotes(f *Fields) {
	lbl := r.tr("report.field.quote")
	qs := f.AllQuotes()
	if len(qs) == 0 {
		r.field(lbl, "", value{})
		return
	}
	for _, q := range qs {
		r.field(lbl, q.Words, value{quote: true, lang: f.Lang})
		lbl = ""
		if s := strings.TrimSpace(q.Speaker); s != "" {
			r.sub(r.tr("report.field.speaker"), value{text: s, lang: f.Lang})
		}
	}
}

// sheet writes what a consultation sheet asks for, the rows the worker
// filled in only: an entry written before these fields existed reads as
// it did.
func (r *renderer) sheet(f *Fields) {
	w := value{lang: f.Lang}
	if p := r.patternText(f); p != "" {
		r.field(r.tr("report.field.pattern"), p, value{})
	}
	if s := strings.TrimSpace(f.HowOften); s != "" {
		r.field(r.tr("report.field.how_often"), s, w)
	}
	if s := strings.TrimSpace(f.Duration); s != "" {
		r.field(r.tr("report.field.duration"), s, w)
	}
	if a := nonEmpty(f.Affected); len(a) > 0 {
		r.field(r.tr("report.field.affected"), r.join(a), w)
	}
	lbl := r.tr("report.field.consultations")
	for _, c := range f.Consultations {
		r.field(lbl, r.consultationText(c), w)
		lbl = ""
		if s := strings.TrimSpace(c.Response); s != "" {
			r.sub(r.tr("report.field.response"), value{text: s, lang: f.Lang})
		}
	}
	if s := r.wantsText(f); s != "" {
		r.field(r.tr("report.field.wants"), s, w)
	}
}

// patternText is "繰り返し（2026年4月から）" / "Repeated, since 2026-04",
// "" when neither is said.
func (r *renderer) patternText(f *Fields) string {
	since := ""
	if f.Since != "" {
		since = r.partialDateText(f.Since)
	}
	var parts []string
	for _, l := range r.langs {
		s := r.cat.SheetPattern(l, f.Recurrence, since)
		if s != "" && (len(parts) == 0 || parts[0] != s) {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " / ")
}

// partialDateText writes "2026", "2026-04" or "2026-04-01" as a Japanese
// filing does in a Japanese-only report (2026年4月1日), else as it is.
func (r *renderer) partialDateText(s string) string {
	if !r.japaneseOnly() {
		return s
	}
	return JapanesePartialDate(s)
}

// JapanesePartialDate writes "2026" as 2026年, "2026-04" as 2026年4月 and
// "2026-04-01" as 2026年4月1日; anything else as it is.
func JapanesePartialDate(s string) string {
	parts := strings.Split(s, "-")
	units := []string{"年", "月", "日"}
	if len(parts) > 3 {
		return s
	}
	var b strings.Builder
	for i, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return s
		}
		if i > 0 {
			p = strings.TrimLeft(p, "0")
		}
		b.WriteString(p + units[i])
	}
	return b.String()
}

// consultationText is "2026年5月10日 · 人事部門 · 人事部 佐藤".
func (r *renderer) consultationText(c Consultation) string {
	var parts []string
	if c.Date != "" {
		parts = append(parts, r.partialDateText(c.Date))
	}
	parts = append(parts, r.keyOr("sheet.with.", c.With))
	if s := strings.TrimSpace(c.Name); s != "" {
		parts = append(parts, s)
	}
	return strings.Join(parts, " · ")
}

// wantsText lists what the worker wants, then their own words.
func (r *renderer) wantsText(f *Fields) string {
	var items []string
	for _, id := range f.Wants {
		items = append(items, r.keyOr("sheet.want.", id))
	}
	s := r.join(items)
	if n := strings.TrimSpace(f.WantsNote); n != "" {
		if s != "" {
			s += "\n"
		}
		s += n
	}
	return s
}

// quotesText is the quotes of an earlier revision, one a line, each with
// its speaker.
func (r *renderer) quotesText(qs []Quote) string {
	var lines []string
	for _, q := range qs {
		s := q.Words
		if sp := strings.TrimSpace(q.Speaker); sp != "" {
			s += "\n— " + sp
		}
		lines = append(lines, s)
	}
	return strings.Join(lines, "\n")
}

// consultationsText is an earlier revision's consultations, one a line.
func (r *renderer) consultationsText(cs []Consultation) string {
	var lines []string
	for _, c := range cs {
		s := r.consultationText(c)
		if resp := strings.TrimSpace(c.Response); resp != "" {
			s += "\n" + r.tr("report.field.response") + ": " + resp
		}
		lines = append(lines, s)
	}
	return strings.Join(lines, "\n")
}

// The filings are in Japanese whatever the report's languages: these
// write the sheet fields as they read there.

// quoteLinesJA is each quote as 「…」, with its speaker as （田中）.
func quoteLinesJA(f *Fields) []string {
	var out []string
	for _, q := range f.AllQuotes() {
		w := strings.TrimSpace(q.Words)
		if w == "" {
			continue
		}
		s := "「" + w + "」"
		if sp := strings.TrimSpace(q.Speaker); sp != "" {
			s += "（" + sp + "）"
		}
		out = append(out, s)
	}
	return out
}

// patternJA is "繰り返し（2026年4月から）・頻度：毎朝の朝礼で・1回あたり：約20分",
// "" when none of it is said.
func patternJA(f *Fields) string {
	cat := i18n.Default()
	var parts []string
	since := ""
	if f.Since != "" {
		since = JapanesePartialDate(f.Since)
	}
	if p := cat.SheetPattern(LangJA, f.Recurrence, since); p != "" {
		parts = append(parts, p)
	}
	if s := strings.TrimSpace(f.HowOften); s != "" {
		parts = append(parts, "頻度："+s)
	}
	if s := strings.TrimSpace(f.Duration); s != "" {
		parts = append(parts, "1回あたり："+s)
	}
	return strings.Join(parts, "・")
}

// consultationJA is "2026年5月10日　人事部門（人事部 佐藤）：対応".
func consultationJA(c Consultation) string {
	s := i18n.Default().KeyOr(LangJA, "sheet.with.", c.With)
	if n := strings.TrimSpace(c.Name); n != "" {
		s += "（" + n + "）"
	}
	if c.Date != "" {
		s = JapanesePartialDate(c.Date) + "　" + s
	}
	if r := strings.TrimSpace(c.Response); r != "" {
		s += "：" + r
	}
	return s
}

// wantsJA lists what the worker wants, then their own words.
func wantsJA(f *Fields) string {
	cat := i18n.Default()
	var items []string
	for _, id := range f.Wants {
		items = append(items, cat.KeyOr(LangJA, "sheet.want.", id))
	}
	lines := []string{strings.Join(items, "、"), strings.TrimSpace(f.WantsNote)}
	return strings.Join(nonEmpty(lines), "\n")
}
