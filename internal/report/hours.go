package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/kiroku-app/kiroku/internal/typeset"
)

var hoursColumns = []struct {
	key string
	w   float64
}{
	{"report.hours.month", 28},
	{"report.hours.days", 22},
	{"report.hours.total", 32},
	{"report.hours.overtime", 32},
	{"report.hours.holiday", 33},
	{"report.hours.latenight", 33},
}

// colHoliday draws holiday work on the chart, stacked on overtime.
var colHoliday = [3]int{150, 110, 190}

// Overtime lines drawn on the chart: the monthly cap without a special
// clause, and the level treated as excessive (Labor Standards Act art. 36).
var overtimeLines = []float64{45, 80}

func (r *renderer) hours() {
	h := r.d.Hours
	if h == nil {
		return
	}
	r.heading(0, r.tr("report.hours.title"))
	r.setFont(famG, sizeBody)
	for _, s := range r.pick(h.Note) {
		r.para(marginL, contentW, lineBody, s)
	}
	for _, s := range r.paras("report.hours.intro") {
		r.para(marginL, contentW, lineBody, s)
	}
	r.gap(3)
	if len(h.Months) > 0 {
		r.hoursTable(h.Months)
		r.gap(6)
		r.hoursChart(h.Months)
	}
	if len(h.Flags) > 0 {
		r.heading(1, r.tr("report.hours.flags"))
		for _, f := range h.Flags {
			text := strings.Join(r.pick(f.Text), "\n")
			if f.RuleID != "" {
				text += "\n" + r.ruleLine(f.RuleID)
			}
			r.row(marginL, labelW, f.Period, value{text: text})
		}
	}
	if len(h.Months) > 0 {
		r.hoursPremiums(h.Months)
	}
	if len(h.Days) > 0 {
		r.hoursDays(h.Days)
	}
}

// ruleLine names a flag's rule once per language: "規定：<ja title> (id) /
// Rule: <en title> (id)", not each title in both languages twice.
func (r *renderer) ruleLine(id string) string {
	var parts []string
	for _, l := range r.langs {
		name := id
		if ru, ok := r.rules[id]; ok {
			t := ru.Title.EN
			if l == LangJA && ru.Title.JA != "" || t == "" {
				t = ru.Title.JA
			}
			if t != "" {
				name = t + " (" + id + ")"
			}
		}
		s := r.cat.T(l, "report.hours.flag.rule", name)
		if len(parts) == 0 || parts[0] != s {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " / ")
}

func (r *renderer) hoursTable(months []Month) {
	p := r.pdf
	const lh, pad = 4.2, 1.2
	header := func() {
		r.setFont(famG, sizeLabel)
		cells := make([][]typeset.Line, len(hoursColumns))
		n := 1
		for i, c := range hoursColumns {
			cells[i] = r.lines(r.tr(c.key), c.w-2*pad)
			n = max(n, len(cells[i]))
		}
		h := float64(n)*lh + 2*pad
		r.ensure(h + lh + 2*pad)
		y := p.GetY()
		r.fill(colShade)
		p.Rect(marginL, y, contentW, h, "F")
		x := marginL
		for i, c := range hoursColumns {
			for j, l := range cells[i] {
				r.text(x+pad, y+pad+float64(j)*lh, c.w-2*pad, lh, l)
			}
			x += c.w
		}
		p.SetXY(marginL, y+h)
	}
	header()
	r.setFont(famG, sizeLabel)
	for _, m := range months {
		month := r.truncate(r.lines(m.Month, hoursColumns[0].w-2*pad), 1, hoursColumns[0].w-2*pad)[0]
		cells := []string{month.Text, strconv.Itoa(m.Days), hoursText(m.Total), hoursText(m.Overtime), hoursText(m.HolidayWork), hoursText(m.LateNight)}
		h := lh + 2*pad
		if r.ensure(h) {
			header()
			r.setFont(famG, sizeLabel)
		}
		y := p.GetY()
		if m.Overtime+m.HolidayWork >= overtimeLines[len(overtimeLines)-1] || m.Overtime >= overtimeLines[0] {
			r.color(colWarn)
		}
		x := marginL
		for i, c := range hoursColumns {
			if i == 0 {
				r.text(x+pad, y+pad, c.w-2*pad, lh, month)
			} else {
				r.textRight(x+pad, y+pad, c.w-2*pad, lh, cells[i])
			}
			x += c.w
		}
		r.color(colBlack)
		r.draw(colRule)
		p.Line(marginL, y+h, marginL+contentW, y+h)
		p.SetXY(marginL, y+h)
	}
}

// maxChartHours bounds the chart's scale; a month has at most 744 hours.
const maxChartHours = 10000

// finite returns h clamped to [0, maxChartHours], and 0 for NaN, so that
// odd input cannot break the chart's scale.
func finite(h float64) float64 {
	if math.IsNaN(h) || h < 0 {
		return 0
	}
	return min(h, maxChartHours)
}

func (r *renderer) hoursChart(months []Month) {
	p := r.pdf
	const (
		chartH = 70.0
		axisW  = 12.0
	)
	r.ensure(chartH + 30)
	r.setFont(famG, sizeLabel)
	r.color(colBlack)
	r.para(marginL, contentW, lineBody, r.tr("report.hours.chart"))
	r.gap(2)
	top := p.GetY()
	x0, w := marginL+axisW, contentW-axisW
	bottom := top + chartH

	top0 := 100.0
	for _, m := range months {
		top0 = max(top0, finite(m.Total), finite(m.Overtime)+finite(m.HolidayWork))
	}
	step := niceStep(top0 / 5)
	yMax := math.Ceil(top0/step) * step
	y := func(h float64) float64 { return bottom - finite(h)/yMax*chartH }

	// Grid and axis labels.
	r.setFont(famM, 6.5)
	r.draw(colRule)
	p.SetLineWidth(0.1)
	for v := 0.0; v <= yMax+step/2; v += step {
		p.Line(x0, y(v), x0+w, y(v))
		r.color(colMuted)
		r.textRight(marginL, y(v)-1.5, axisW-1.5, 3, strconv.FormatFloat(v, 'f', -1, 64))
	}
	p.SetLineWidth(0.2)

	n := len(months)
	slot := w / float64(n)
	bw := slot * 0.36
	every := (n + 11) / 12
	for i, m := range months {
		bx := x0 + slot*float64(i) + slot*0.12
		r.fill([3]int{170, 185, 210})
		p.Rect(bx, y(m.Total), bw, bottom-y(m.Total), "F")
		// Overtime, and holiday work stacked on it: the 45-hour line is
		// read against overtime alone, the 80-hour line against both
		// (Labor Standards Act art. 36(6)).
		r.fill(colWarn)
		p.Rect(bx+bw, y(m.Overtime), bw, bottom-y(m.Overtime), "F")
		if hw := finite(m.HolidayWork); hw > 0 {
			r.fill(colHoliday)
			top := y(finite(m.Overtime) + hw)
			p.Rect(bx+bw, top, bw, y(m.Overtime)-top, "F")
		}
		if i%every == 0 {
			r.setFont(famG, 6)
			r.color(colMuted)
			lbl := r.truncate(r.lines(m.Month, slot*float64(every)), 1, slot*float64(every))[0]
			r.text(x0+slot*float64(i), bottom+0.8, slot*float64(every), 3, lbl)
		}
	}

	// The overtime lines.
	r.draw(colWarn)
	p.SetLineWidth(0.35)
	p.SetDashPattern([]float64{1.5, 1}, 0)
	r.setFont(famM, 6.5)
	for _, v := range overtimeLines {
		p.Line(x0, y(v), x0+w, y(v))
		r.color(colWarn)
		r.textRight(x0+w-20, y(v)-3.2, 20, 3, fmt.Sprintf("%g h", v))
	}
	p.SetDashPattern(nil, 0)
	p.SetLineWidth(0.2)
	r.draw(colBlack)
	p.Line(x0, bottom, x0+w, bottom)

	// Legend.
	p.SetXY(marginL, bottom+6)
	r.setFont(famG, sizeLabel)
	ly := p.GetY()
	lx := x0
	for _, it := range []struct {
		c   [3]int
		key string
	}{{[3]int{170, 185, 210}, "report.hours.total"}, {colWarn, "report.hours.overtime"}, {colHoliday, "report.hours.holiday"}} {
		r.fill(it.c)
		p.Rect(lx, ly+1, 3, 3, "F")
		s := r.cleanLine(r.tr(it.key))
		r.color(colBlack)
		r.textS(lx+4, ly, r.width(s)+1, 5, s)
		lx += r.width(s) + 10
	}
	p.SetXY(marginL, ly+5)
	r.color(colMuted)
	for _, s := range r.paras("report.hours.lines") {
		r.para(x0, w, 4.2, s)
	}
	r.color(colBlack)
	r.setFont(famG, sizeBody)
}

// niceStep rounds s up to 1, 2 or 5 times a power of ten.
func niceStep(s float64) float64 {
	if s <= 0 || math.IsNaN(s) || math.IsInf(s, 0) {
		return 20
	}
	mag := math.Pow(10, math.Floor(math.Log10(s)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= s {
			return m * mag
		}
	}
	return 10 * mag
}

// hoursDays is the daily table: every logged day with its hours and where
// it came from, over as many pages as it takes.
func (r *renderer) hoursDays(days []HoursDay) {
	r.heading(1, r.tr("report.hours.days_title"))
	cols := []filingColumn{
		{r.tr("report.hours.col.date"), 26}, {r.tr("report.hours.col.time"), 26}, {r.tr("report.hours.col.break"), 14},
		{r.tr("report.hours.col.type"), 20}, {r.tr("report.hours.total"), 17}, {r.tr("report.hours.overtime"), 19},
		{r.tr("report.hours.holiday"), 19}, {r.tr("report.hours.latenight"), 17}, {r.tr("report.hours.col.source"), 22},
	}
	t := r.newTable(cols, 7, 3.4)
	r.tableHeader(t)
	for _, d := range days {
		var wd []string
		for _, l := range r.langs {
			wd = append(wd, r.cat.T(l, "report.weekday."+strconv.Itoa(d.Weekday)))
		}
		end := d.End
		if d.End < d.Start {
			end = r.tr("report.hours.next_day", d.End)
		}
		dash := func(h float64) string {
			if h == 0 {
				return "–"
			}
			return hoursText(h)
		}
		r.tableRow(t, [][]cellPart{
			{{text: d.Date + " (" + strings.Join(wd, " ") + ")"}},
			{{text: d.Start + "–" + end}},
			{{text: strconv.Itoa(d.Break)}},
			{{text: r.label(d.Type)}},
			{{text: hoursText(d.Worked)}},
			{{text: dash(d.Overtime)}},
			{{text: dash(d.HolidayWork)}},
			{{text: dash(d.LateNight)}},
			{{text: r.label(d.Source), muted: true}},
		})
	}
}

// hoursPremiums is the month's hours by premium rate, for a lawyer to
// price unpaid overtime from the hourly wage.
func (r *renderer) hoursPremiums(months []Month) {
	r.heading(1, r.tr("report.hours.premiums_title"))
	r.setFont(famG, sizeLabel)
	r.color(colMuted)
	for _, s := range r.paras("report.hours.premiums_note") {
		r.para(marginL, contentW, 4.2, s)
	}
	r.color(colBlack)
	r.gap(1.5)
	cols := []filingColumn{{r.tr("report.hours.month"), 19}}
	for _, k := range []string{"ot25", "ot50", "hol35", "night25", "otnight50", "otnight75", "holnight60"} {
		cols = append(cols, filingColumn{r.tr("report.hours.premium." + k), 23})
	}
	t := r.newTable(cols, 7, 3.4)
	r.tableHeader(t)
	for _, m := range months {
		p := m.Premiums
		cells := [][]cellPart{{{text: m.Month}}}
		for _, h := range []float64{p.Overtime25, p.Overtime50, p.Holiday35, p.Night25, p.OvertimeNight50, p.OvertimeNight75, p.HolidayNight60} {
			s := "–"
			if h != 0 {
				s = hoursText(h)
			}
			cells = append(cells, []cellPart{{text: s}})
		}
		r.tableRow(t, cells)
	}
	r.gap(3)
}
