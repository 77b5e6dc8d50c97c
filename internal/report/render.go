package report

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/pdf"
	"github.com/kiroku-app/kiroku/internal/typeset"
)

// ErrLanguage: Document.Lang is not LangJA, LangEN, LangBoth, empty or
// "ja+<tag>" for a shipped language (i18n.Languages) other than Japanese.
var ErrLanguage = errors.New("unknown report language")

// Page geometry in millimetres (A4 portrait).
const (
	pageW    = 210.0
	pageH    = 297.0
	marginL  = 15.0
	marginR  = 15.0
	marginT  = 15.0
	marginB  = 18.0
	contentW = pageW - marginL - marginR

	famG = "text" // each script in its own embedded face (internal/typeset)
	famM = "mono" // Noto Sans Mono for hashes, paths and commands

	sizeBody  = 9.5
	lineBody  = 5.0
	sizeLabel = 8.0
	labelW    = 40.0 // label column of an entry's fields
)

// producer is the fixed /Producer and /Creator of every report: no version
// or time, so that the same Document gives the same bytes.
const producer = "Kiroku"

type renderer struct {
	pdf   *canvas
	d     *Document
	cat   *i18n.Catalog
	langs []string // "ja", "en", both, or "ja" and another language, in the order shown
	ts    *typeset.Set

	fam     string
	size    float64 // points
	lang    string  // the language of the text being laid out (Options.Lang)
	layouts map[layoutKey][]typeset.Line

	total      *pdf.Later // the number of pages, drawn in every footer
	cats       map[string]Text
	rules      map[string]*Rule
	entryLinks []string // named destination per entry, by index in d.Entries
}

// Write renders d as a PDF report to w. The same Document always gives the
// same bytes: the PDF's dates come from HeadTime and nothing random or
// time-dependent is written. Pages are written to w as they are finished,
// so memory does not grow with the report. Characters no embedded font can
// draw are shown as Placeholder (and still copy as themselves); nothing in
// d makes Write fail except an unknown language.
func Write(w io.Writer, d *Document) (err error) {
	if d == nil {
		return errors.New("report: no document")
	}
	langs, err := languages(d.Lang)
	if err != nil {
		return err
	}
	// The shaper is third-party code fed with user text; a panic inside it
	// must not take the app down with it.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("report: render: %v", p)
		}
	}()
	r := &renderer{
		d: d, cat: i18n.Default(), langs: langs, ts: typeset.NewSet(), layouts: map[layoutKey][]typeset.Line{},
		cats:  map[string]Text{},
		rules: map[string]*Rule{},
	}
	for _, c := range d.Categories {
		r.cats[c.ID] = c.Label
	}
	for i := range d.Rules {
		if _, dup := r.rules[d.Rules[i].ID]; !dup {
			r.rules[d.Rules[i].ID] = &d.Rules[i]
		}
	}
	r.setup(w)
	r.cover()
	r.index()
	r.entries()
	r.unattached()
	r.hours()
	r.relatedRules()
	r.verify()
	r.pageTotal()
	if err := r.pdf.doc.Close(); err != nil {
		return fmt.Errorf("report: write pdf: %w", err)
	}
	if r.pdf.err != nil {
		return fmt.Errorf("report: font: %w", r.pdf.err)
	}
	return nil
}

func languages(lang string) ([]string, error) {
	switch lang {
	case LangJA:
		return []string{"ja"}, nil
	case LangEN:
		return []string{"en"}, nil
	case LangBoth, "", Bilingual(LangEN):
		return []string{"ja", "en"}, nil
	}
	if tag, ok := strings.CutPrefix(lang, "ja+"); ok && tag != LangJA && i18n.Supported(tag) {
		return []string{"ja", tag}, nil
	}
	return nil, fmt.Errorf("report: %w: %q", ErrLanguage, lang)
}

func (r *renderer) setup(w io.Writer) {
	created := r.d.HeadTime
	if created.IsZero() {
		created = time.Unix(0, 0)
	}
	// Deterministic output: fixed dates and producer (see internal/pdf).
	doc := pdf.New(w, pdf.Info{
		Title:    r.cleanLine(strings.Join(r.pick(r.title()), " / ")),
		Lang:     r.langs[0],
		Producer: producer,
		Created:  created.UTC(),
	})
	r.pdf = &canvas{doc: doc, lineWidth: 0.2, onPage: r.footer}
	r.total = doc.NewLater(footerTotalW*ptPerMM, 4*ptPerMM)
	r.setFont(famG, sizeBody)
}

func (r *renderer) title() Text {
	t := r.d.Title
	if strings.TrimSpace(t.JA) == "" && strings.TrimSpace(t.EN) == "" {
		return Text{JA: r.cat.T("ja", "report.title"), EN: r.cat.T(Second(r.d.Lang), "report.title")}
	}
	return t
}

// --- translation -----------------------------------------------------------

// tr translates key into the report's languages: "ja / en" for LangBoth.
func (r *renderer) tr(key string, args ...any) string {
	var parts []string
	for _, l := range r.langs {
		s := r.cat.T(l, key, args...)
		if len(parts) == 0 || parts[0] != s {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " / ")
}

// paras translates key into each of the report's languages, one paragraph
// each.
func (r *renderer) paras(key string, args ...any) []string {
	var out []string
	for _, l := range r.langs {
		s := r.cat.T(l, key, args...)
		if len(out) == 0 || out[0] != s {
			out = append(out, s)
		}
	}
	return out
}

// in translates key into the first language only, for small words inside
// content (list separators).
func (r *renderer) in(key string, args ...any) string {
	return r.cat.T(r.langs[0], key, args...)
}

// pick returns t in the report's languages; a missing side is replaced by
// the other, and a text is never shown twice.
func (r *renderer) pick(t Text) []string {
	var out []string
	for _, l := range r.langs {
		s := t.EN
		if l == "ja" {
			s = t.JA
		}
		if strings.TrimSpace(s) == "" {
			if l == "ja" {
				s = t.EN
			} else {
				s = t.JA
			}
		}
		if strings.TrimSpace(s) == "" || (len(out) > 0 && out[0] == s) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// label is t as one line: "ja / en" for LangBoth.
func (r *renderer) label(t Text) string { return strings.Join(r.pick(t), " / ") }

// --- fonts and measuring -----------------------------------------------------

func (r *renderer) setFont(fam string, size float64) { r.fam, r.size = fam, size }

func (r *renderer) opts() typeset.Options {
	return typeset.Options{Mono: r.fam == famM, Lang: r.lang}
}

// width is the width of s as one line in the current font, in millimetres.
func (r *renderer) width(s string) float64 { return r.ts.Width(s, r.size, r.opts()) / ptPerMM }

// cleanLine makes s one line: line breaks become spaces.
func (r *renderer) cleanLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(strings.ReplaceAll(s, "\r", " "), "\n", " ")), " ")
}

// lines lays s out in lines no wider than w millimetres in the current
// font. The result is shared (labels repeat on every entry): do not change
// it.
func (r *renderer) lines(s string, w float64) []typeset.Line {
	k := layoutKey{s, r.size, w, r.fam, r.lang}
	if ls, ok := r.layouts[k]; ok {
		return ls
	}
	ls := r.ts.Layout(s, r.size, w*ptPerMM, r.opts())
	if len(s) <= maxCachedText {
		if len(r.layouts) >= maxLayouts {
			clear(r.layouts)
		}
		r.layouts[k] = ls
	}
	return ls
}

// The layout cache: labels, headings and repeated values, not whole texts.
const (
	maxLayouts    = 512
	maxCachedText = 200
)

type layoutKey struct {
	s       string
	size, w float64
	fam     string
	lang    string
}

// one lays s out as a single line.
func (r *renderer) one(s string) typeset.Line {
	ls := r.lines(r.cleanLine(s), 0)
	if len(ls) == 0 {
		return typeset.Line{}
	}
	return ls[0]
}

// truncate keeps at most n lines; if lines were dropped, the last kept line
// ends in an ellipsis that fits in w.
func (r *renderer) truncate(lines []typeset.Line, n int, w float64) []typeset.Line {
	if len(lines) <= n {
		return lines
	}
	lines = slices.Clone(lines[:n])
	last := []rune(lines[n-1].Text)
	ell := r.width("…")
	for len(last) > 0 && r.width(string(last))+ell > w {
		last = last[:len(last)-1]
	}
	lines[n-1] = r.one(string(last) + "…")
	return lines
}

// --- page flow -----------------------------------------------------------------

// ensure starts a new page unless h more millimetres fit on this one. It
// reports whether it did.
func (r *renderer) ensure(h float64) bool {
	if r.pdf.GetY()+h > pageH-marginB {
		r.pdf.AddPage()
		return true
	}
	return false
}

// text draws a laid-out line in a cell of w by h millimetres at x, y: from
// the left, or from the right for a right-to-left paragraph.
func (r *renderer) text(x, y, w, h float64, l typeset.Line) {
	if l.RTL {
		x += w - l.Width/ptPerMM
	}
	r.pdf.drawLine(l, x, y+h/2+0.3*r.size/ptPerMM, r.size)
}

// textS draws s as one line in a cell, like text.
func (r *renderer) textS(x, y, w, h float64, s string) { r.text(x, y, w, h, r.one(s)) }

// textRight draws s as one line against the right edge of its cell.
func (r *renderer) textRight(x, y, w, h float64, s string) {
	l := r.one(s)
	r.pdf.drawLine(l, x+w-l.Width/ptPerMM, y+h/2+0.3*r.size/ptPerMM, r.size)
}

var (
	colBlack  = [3]int{0, 0, 0}
	colMuted  = [3]int{95, 95, 95}
	colAccent = [3]int{25, 60, 120}
	colWarn   = [3]int{150, 30, 20}
	colRule   = [3]int{190, 190, 190}
	colShade  = [3]int{238, 238, 238}
	colQuote  = [3]int{255, 248, 225}
	colQuoteB = [3]int{200, 150, 40}
	colNotice = [3]int{253, 236, 234}
	colCode   = [3]int{244, 244, 244}
)

func (r *renderer) color(c [3]int) { r.pdf.text = rgb(c) }
func (r *renderer) fill(c [3]int)  { r.pdf.fill = rgb(c) }
func (r *renderer) draw(c [3]int)  { r.pdf.draw = rgb(c) }

// para writes s wrapped to w at x, one line after another, breaking pages
// as needed.
func (r *renderer) para(x, w, lh float64, s string) {
	for _, l := range r.lines(s, w) {
		r.ensure(lh)
		y := r.pdf.GetY()
		r.text(x, y, w, lh, l)
		r.pdf.SetXY(marginL, y+lh)
	}
}

// block is para with a background, and optionally a bar on the left.
func (r *renderer) block(x, w, lh float64, s string, bg [3]int, bar *[3]int) {
	const pad = 2.5
	lines := r.lines(s, w-2*pad)
	r.fill(bg)
	for i, l := range lines {
		h := lh
		top := 0.0
		if i == 0 {
			top = 1
		}
		if i == len(lines)-1 {
			h += 1
		}
		r.ensure(h + top)
		y := r.pdf.GetY()
		r.pdf.Rect(x, y, w, h+top, "F")
		if bar != nil {
			r.fill(*bar)
			r.pdf.Rect(x, y, 0.8, h+top, "F")
			r.fill(bg)
		}
		r.text(x+pad, y+top, w-2*pad, lh, l)
		r.pdf.SetXY(marginL, y+top+h)
	}
}

func (r *renderer) gap(h float64) {
	if r.pdf.GetY()+h > pageH-marginB {
		return // the next line starts a page anyway
	}
	r.pdf.SetXY(marginL, r.pdf.GetY()+h)
}

// heading writes a section heading; level 0 starts a new page.
func (r *renderer) heading(level int, s string) {
	s = r.cleanLine(s)
	switch level {
	case 0:
		r.pdf.AddPage()
		r.setFont(famG, 16)
		r.color(colAccent)
		r.pdf.Bookmark(r.bookmarkText(s), 0, -1)
		r.para(marginL, contentW, 8, s)
		y := r.pdf.GetY()
		r.draw(colAccent)
		r.pdf.SetLineWidth(0.5)
		r.pdf.Line(marginL, y+0.5, marginL+contentW, y+0.5)
		r.pdf.SetLineWidth(0.2)
		r.pdf.SetXY(marginL, y+4)
	case 1:
		r.ensure(22) // keep a heading with what follows
		r.setFont(famG, 12.5)
		r.color(colAccent)
		r.pdf.Bookmark(r.bookmarkText(s), 1, -1)
		r.para(marginL, contentW, 6.5, s)
		r.gap(1)
	default:
		r.ensure(14)
		r.setFont(famG, 10.5)
		r.color(colAccent)
		r.para(marginL, contentW, 5.5, s)
		r.gap(0.5)
	}
	r.color(colBlack)
	r.setFont(famG, sizeBody)
}

func (r *renderer) bookmarkText(s string) string {
	rs := []rune(r.cleanLine(s))
	if len(rs) > 80 {
		rs = append(rs[:79], '…')
	}
	return string(rs)
}

// --- label / value rows ---------------------------------------------------------

// value is the right-hand side of a row.
type value struct {
	text  string
	mono  bool // hashes, paths: Courier when plain ASCII
	quote bool // verbatim words: shaded with a bar
	muted bool
	empty bool   // nothing stated: text is the "not stated" marker
	lang  string // the language the worker wrote text in (Fields.Lang)
}

// row writes a label in a column of width lw at x and v to its right, up to
// the right margin; long values continue on the next pages.
func (r *renderer) row(x, lw float64, lbl string, v value) {
	vx := x + lw + 2
	vw := marginL + contentW - vx
	r.setFont(famG, sizeLabel)
	llines := r.lines(lbl, lw)

	fam, size := famG, sizeBody
	if v.mono {
		fam, size = famM, 7.8
	}
	pad := 0.0
	if v.quote {
		pad = 2.5
	}
	r.setFont(fam, size)
	r.lang = v.lang
	vlines := r.lines(v.text, vw-2*pad)
	r.lang = ""
	n := max(len(llines), len(vlines))
	for i := range n {
		r.ensure(lineBody)
		y := r.pdf.GetY()
		if i < len(llines) {
			r.setFont(famG, sizeLabel)
			r.color(colMuted)
			r.text(x, y+0.3, lw, lineBody, llines[i])
		}
		if v.quote && i < len(vlines) {
			r.fill(colQuote)
			r.pdf.Rect(vx, y, vw, lineBody, "F")
			r.fill(colQuoteB)
			r.pdf.Rect(vx, y, 0.8, lineBody, "F")
		}
		if i < len(vlines) {
			r.setFont(fam, size)
			switch {
			case v.empty || v.muted:
				r.color(colMuted)
			default:
				r.color(colBlack)
			}
			r.text(vx+pad, y, vw-2*pad, lineBody, vlines[i])
		}
		r.pdf.SetXY(marginL, y+lineBody)
	}
	r.color(colBlack)
	r.setFont(famG, sizeBody)
	r.gap(0.8)
}

// field is a row of an entry: the value, or the "not stated" marker.
func (r *renderer) field(lbl, text string, v value) {
	v.text = text
	if strings.TrimSpace(text) == "" {
		v = value{text: r.tr("report.empty"), empty: true}
	}
	r.row(marginL, labelW, lbl, v)
}

// --- formatting -------------------------------------------------------------------

// timeText formats t in its own offset: "2026-10-03 (土) 14:30 +09:00".
func (r *renderer) timeText(t time.Time) string {
	if t.IsZero() {
		return r.tr("report.empty")
	}
	if r.japaneseOnly() {
		return japaneseTime(t)
	}
	var wd []string
	for _, l := range r.langs {
		wd = append(wd, r.cat.T(l, "report.weekday."+strconv.Itoa(int(t.Weekday()))))
	}
	return fmt.Sprintf("%s (%s) %s", t.Format("2006-01-02"), strings.Join(wd, " "), t.Format("15:04:05 -07:00"))
}

// japaneseOnly reports a report in Japanese only (--lang ja): dates as a
// Japanese filing writes them.
func (r *renderer) japaneseOnly() bool { return len(r.langs) == 1 && r.langs[0] == LangJA }

// japaneseTime writes t as 2026年9月14日（月）10時15分 (with 30秒 when the
// seconds are not zero), in Japan time: a time kept in UTC (the system
// clock's: recorded times, the ledger head, timestamps) is shown in Japan
// time, and a time stated in another offset keeps it, named
// (（UTC+07:00）). The cover says once that times are Japan time.
func japaneseTime(t time.Time) string {
	if t.Location() == time.UTC {
		t = t.In(japan)
	}
	s := JapaneseDate(t, true)
	if sec := t.Second(); sec != 0 {
		s = strings.Replace(s, "分", fmt.Sprintf("分%02d秒", sec), 1)
	}
	return s
}

func dateText(t time.Time) string { return t.Format("2006-01-02") }

// durationText formats d as h:mm:ss.
func durationText(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign = "-"
		d = -d
		if d < 0 { // math.MinInt64
			d = math.MaxInt64
		}
	}
	s := int64(d / time.Second)
	return fmt.Sprintf("%s%d:%02d:%02d", sign, s/3600, s/60%60, s%60)
}

// groupDigits writes n with thousands separators.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// hoursText writes hours as hours and minutes, 103:30, as Japanese time
// sheets and lawyers do (103.50 reads as 103 hours 50 minutes).
func hoursText(h float64) string {
	if math.IsNaN(h) || math.IsInf(h, 0) || math.Abs(h) > 1e9 {
		return "—"
	}
	m := int64(math.Round(h * 60))
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	return fmt.Sprintf("%s%d:%02d", sign, m/60, m%60)
}

func (r *renderer) join(items []string) string { return strings.Join(items, r.in("report.sep")) }

func (r *renderer) personText(p Person) string {
	name := strings.TrimSpace(p.Name)
	role := strings.TrimSpace(p.Role)
	if role == "" {
		return name
	}
	if r.cat.Has("en", "role."+role) {
		role = r.tr("role." + role)
	}
	if name == "" {
		return "(" + role + ")"
	}
	return name + " (" + role + ")"
}

func (r *renderer) peopleText(ps []Person) string {
	var out []string
	for _, p := range ps {
		if s := r.personText(p); s != "" {
			out = append(out, s)
		}
	}
	return r.join(out)
}

func (r *renderer) categoryText(ids []string) string {
	var out []string
	for _, id := range ids {
		if t, ok := r.cats[id]; ok && r.label(t) != "" {
			out = append(out, r.label(t))
		} else if strings.TrimSpace(id) != "" {
			out = append(out, id)
		}
	}
	return r.join(out)
}

func nonEmpty(items []string) []string {
	var out []string
	for _, s := range items {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// keyOr translates prefix+id when the catalog knows it, else shows id.
func (r *renderer) keyOr(prefix, id string) string {
	if id != "" && r.cat.Has("en", prefix+id) {
		return r.tr(prefix + id)
	}
	return id
}

// --- footer ---------------------------------------------------------------------------

// footerTotalW is the box, in millimetres, for the number of pages.
const footerTotalW = 12.0

// footer draws the rule, the ledger head and "n / N" at the foot of a new
// page; N is drawn at the end, once known (pageTotal).
func (r *renderer) footer() {
	p := r.pdf
	fam, size, col := r.fam, r.size, p.text
	y := pageH - 12
	r.draw(colRule)
	p.SetLineWidth(0.2)
	p.Line(marginL, y, marginL+contentW, y)
	r.color(colMuted)
	r.setFont(famG, 7)
	lbl := r.cleanLine(r.tr("report.footer.head", r.d.HeadSeq))
	r.textS(marginL, y+1, r.width(lbl)+1.5, 4, lbl)
	x := marginL + r.width(lbl) + 1.5
	r.setFont(famM, 7)
	head := r.d.HeadLink
	if !plainASCII(head) {
		head = ""
	}
	if len(head) > 16 {
		head = head[:16] + "..."
	}
	r.textS(x, y+1, 60, 4, head)
	r.setFont(famG, 7)
	right := marginL + contentW - footerTotalW
	r.textRight(right-40, y+1, 40, 4, fmt.Sprintf("%d / ", p.PageNo()))
	p.page.Use(r.total, right*ptPerMM, (y+1)*ptPerMM)
	r.fam, r.size, p.text = fam, size, col
}

// pageTotal draws the number of pages into the box every footer shows.
func (r *renderer) pageTotal() {
	r.setFont(famG, 7)
	l := r.one(strconv.Itoa(r.pdf.PageNo()))
	for _, run := range l.Runs {
		if f := r.pdf.font(run.Face); f != nil {
			r.total.Text(f, r.size, run.X, (2+0.3*r.size/ptPerMM)*ptPerMM, rgb(colMuted), r.pdf.clusters(run))
		}
	}
}

// plainASCII reports whether s is printable ASCII.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
