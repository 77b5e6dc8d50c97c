package report

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/kiroku-app/kiroku/assets"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// ErrLanguage: Document.Lang is not LangJA, LangEN, LangBoth or empty.
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

	famG = "gothic"  // IPAex Gothic, embedded as a subset
	famM = "Courier" // PDF core font, for hashes, paths and commands (ASCII only)

	sizeBody  = 9.5
	lineBody  = 5.0
	sizeLabel = 8.0
	labelW    = 40.0 // label column of an entry's fields
)

// pageCountAlias is replaced by the number of pages when the PDF is written.
// It holds a control character, which clean never lets through, so no user
// text can ever be mistaken for it.
const pageCountAlias = "\x01nb\x01"

// producer is the fixed /Producer and /Creator of every report: no version
// or time, so that the same Document gives the same bytes.
const producer = "Kiroku"

var (
	glyphsOnce sync.Once
	glyphs     *glyphSet
	glyphsErr  error
)

// fontGlyphs returns the characters IPAex Gothic can draw.
func fontGlyphs() (*glyphSet, error) {
	glyphsOnce.Do(func() { glyphs, glyphsErr = parseCmap(assets.FontGothic) })
	return glyphs, glyphsErr
}

type renderer struct {
	pdf    *fpdf.Fpdf
	d      *Document
	cat    *i18n.Catalog
	langs  []string // "ja", "en" or both, in the order shown
	glyphs *glyphSet

	fam    string
	size   float64                 // points
	k      float64                 // points per millimetre
	widths map[string]map[rune]int // per font family, in 1/1000 em

	cats       map[string]Text
	rules      map[string]*Rule
	entryLinks []int // internal link per entry, by index in d.Entries
}

// Write renders d as a PDF report to w. The same Document always gives the
// same bytes: the PDF's dates come from HeadTime and nothing random or
// time-dependent is written. Characters the font cannot draw are shown as
// Placeholder; nothing in d makes Write fail except an unknown language.
func Write(w io.Writer, d *Document) (err error) {
	if d == nil {
		return errors.New("report: no document")
	}
	langs, err := languages(d.Lang)
	if err != nil {
		return err
	}
	g, err := fontGlyphs()
	if err != nil {
		return fmt.Errorf("report: read font: %w", err)
	}
	// fpdf is third-party code fed with user text; a panic inside it must
	// not take the app down with it.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("report: render: %v", p)
		}
	}()
	r := &renderer{
		d: d, cat: i18n.Default(), langs: langs, glyphs: g,
		widths: map[string]map[rune]int{},
		cats:   map[string]Text{},
		rules:  map[string]*Rule{},
	}
	for _, c := range d.Categories {
		r.cats[c.ID] = c.Label
	}
	for i := range d.Rules {
		if _, dup := r.rules[d.Rules[i].ID]; !dup {
			r.rules[d.Rules[i].ID] = &d.Rules[i]
		}
	}
	r.setup()
	r.cover()
	r.index()
	r.entries()
	r.unattached()
	r.hours()
	r.relatedRules()
	r.verify()
	if err := r.pdf.Output(w); err != nil {
		return fmt.Errorf("report: write pdf: %w", err)
	}
	return nil
}

func languages(lang string) ([]string, error) {
	switch lang {
	case LangJA:
		return []string{"ja"}, nil
	case LangEN:
		return []string{"en"}, nil
	case LangBoth, "":
		return []string{"ja", "en"}, nil
	}
	return nil, fmt.Errorf("report: %w: %q", ErrLanguage, lang)
}

func (r *renderer) setup() {
	p := fpdf.New("P", "mm", "A4", "")
	r.pdf = p
	r.k = p.GetConversionRatio()
	// Deterministic output: fixed dates and producer, sorted catalogs.
	p.SetCatalogSort(true)
	created := r.d.HeadTime
	if created.IsZero() {
		created = time.Unix(0, 0)
	}
	p.SetCreationDate(created.UTC())
	p.SetModificationDate(created.UTC())
	p.SetProducer(producer, false)
	p.SetCreator(producer, false)
	p.SetLang(r.langs[0])
	p.SetTitle(r.cleanLine(strings.Join(r.pick(r.title()), " / ")), true)
	p.SetMargins(marginL, marginT, marginR)
	p.SetAutoPageBreak(true, marginB)
	p.AliasNbPages(pageCountAlias)
	p.AddUTF8FontFromBytes(famG, "", assets.FontGothic)
	p.SetFooterFunc(r.footer)
	r.setFont(famG, sizeBody)
}

func (r *renderer) title() Text {
	t := r.d.Title
	if strings.TrimSpace(t.JA) == "" && strings.TrimSpace(t.EN) == "" {
		return Text{JA: r.cat.T("ja", "report.title"), EN: r.cat.T("en", "report.title")}
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

func (r *renderer) setFont(fam string, size float64) {
	if fam == r.fam && size == r.size {
		return
	}
	r.pdf.SetFont(fam, "", size)
	r.fam, r.size = fam, size
}

func (r *renderer) units(c rune) int {
	m := r.widths[r.fam]
	if m == nil {
		m = map[rune]int{}
		r.widths[r.fam] = m
	}
	u, ok := m[c]
	if !ok {
		u = r.pdf.GetStringSymbolWidth(string(c))
		m[c] = u
	}
	return u
}

func (r *renderer) runeWidth(c rune) float64 { return float64(r.units(c)) * r.size / 1000 / r.k }

func (r *renderer) width(s string) float64 {
	w := 0.0
	for _, c := range s {
		w += r.runeWidth(c)
	}
	return w
}

// cleanText makes s drawable in the gothic font, keeping line breaks.
func (r *renderer) cleanText(s string) string {
	s, _ = clean(s, r.glyphs.has, true)
	return s
}

// cleanLine is cleanText for a single line.
func (r *renderer) cleanLine(s string) string {
	s, _ = clean(s, r.glyphs.has, false)
	return s
}

// lines wraps s (cleaned) to width w in the current font.
func (r *renderer) lines(s string, w float64) []string {
	if r.fam == famM {
		return wrap(s, w, r.runeWidth)
	}
	return wrap(r.cleanText(s), w, r.runeWidth)
}

// plainASCII reports whether s can be drawn in the core Courier font.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// truncate keeps at most n lines; if lines were dropped, the last kept line
// ends in an ellipsis that fits in w.
func (r *renderer) truncate(lines []string, n int, w float64) []string {
	if len(lines) <= n {
		return lines
	}
	lines = lines[:n]
	last := []rune(lines[n-1])
	ell := r.width("…")
	for len(last) > 0 && r.width(string(last))+ell > w {
		last = last[:len(last)-1]
	}
	lines[n-1] = string(last) + "…"
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

func (r *renderer) text(x, y, w, h float64, s string) {
	r.pdf.SetXY(x, y)
	r.pdf.CellFormat(w, h, s, "", 0, "L", false, 0, "")
}

func (r *renderer) textRight(x, y, w, h float64, s string) {
	r.pdf.SetXY(x, y)
	r.pdf.CellFormat(w, h, s, "", 0, "R", false, 0, "")
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

func (r *renderer) color(c [3]int) { r.pdf.SetTextColor(c[0], c[1], c[2]) }
func (r *renderer) fill(c [3]int)  { r.pdf.SetFillColor(c[0], c[1], c[2]) }
func (r *renderer) draw(c [3]int)  { r.pdf.SetDrawColor(c[0], c[1], c[2]) }

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
	empty bool // nothing stated: text is the "not stated" marker
}

// row writes a label in a column of width lw at x and v to its right, up to
// the right margin; long values continue on the next pages.
func (r *renderer) row(x, lw float64, lbl string, v value) {
	vx := x + lw + 2
	vw := marginL + contentW - vx
	r.setFont(famG, sizeLabel)
	llines := r.lines(lbl, lw)

	fam, size := famG, sizeBody
	if v.mono && plainASCII(v.text) {
		fam, size = famM, 7.8
	}
	pad := 0.0
	if v.quote {
		pad = 2.5
	}
	r.setFont(fam, size)
	vlines := r.lines(v.text, vw-2*pad)
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
	var wd []string
	for _, l := range r.langs {
		wd = append(wd, r.cat.T(l, "report.weekday."+strconv.Itoa(int(t.Weekday()))))
	}
	return fmt.Sprintf("%s (%s) %s", t.Format("2006-01-02"), strings.Join(wd, " "), t.Format("15:04:05 -07:00"))
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

func hoursText(h float64) string {
	if math.IsNaN(h) || math.IsInf(h, 0) {
		return "—"
	}
	return strconv.FormatFloat(h, 'f', 2, 64)
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

func (r *renderer) footer() {
	p := r.pdf
	y := pageH - 12
	r.draw(colRule)
	p.SetLineWidth(0.2)
	p.Line(marginL, y, marginL+contentW, y)
	p.SetTextColor(colMuted[0], colMuted[1], colMuted[2])
	p.SetFont(famG, "", 7)
	lbl := r.cleanLine(r.tr("report.footer.head", r.d.HeadSeq))
	p.SetXY(marginL, y+1)
	p.CellFormat(p.GetStringWidth(lbl)+1.5, 4, lbl, "", 0, "L", false, 0, "")
	p.SetFont(famM, "", 7)
	head := r.d.HeadLink
	if !plainASCII(head) {
		head = ""
	}
	if len(head) > 16 {
		head = head[:16] + "..."
	}
	p.CellFormat(60, 4, head, "", 0, "L", false, 0, "")
	p.SetXY(marginL+contentW-40, y+1)
	p.CellFormat(40, 4, fmt.Sprintf("%d / %s", p.PageNo(), pageCountAlias), "", 0, "R", false, 0, "")
	// r.fam and r.size stay as they are: fpdf restores the body font on the
	// next page.
}
