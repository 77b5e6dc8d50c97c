package ui

import (
	"fmt"
	"image/color"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/hours"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// hoursChartMonths is how many months the hours chart shows, ending with
// the month on screen.
const hoursChartMonths = 12

// The dashed reference lines: 45 h is the monthly overtime cap, 80 h the
// average cap (overtime plus statutory day-off work) and the Rousai
// pointer. Both are drawn on the same scale as the bars.
const (
	chartLine45 = 45 * 60
	chartLine80 = 80 * 60
)

// Bar and line colours: mid tones that read on the light and the dark
// theme's background alike.
var (
	colorWorked   = color.NRGBA{R: 0x7f, G: 0x9c, B: 0xb8, A: 0xff}
	colorOvertime = color.NRGBA{R: 0xe0, G: 0x8a, B: 0x2f, A: 0xff}
	colorHoliday  = color.NRGBA{R: 0x9a, G: 0x6b, B: 0xd0, A: 0xff}
	colorLine45   = color.NRGBA{R: 0xd9, G: 0xa4, B: 0x1e, A: 0xff}
	colorLine80   = color.NRGBA{R: 0xd8, G: 0x3c, B: 0x3c, A: 0xff}
)

// monthBar is one month of the chart.
type monthBar struct {
	month    hours.Date // first day of the month
	worked   hours.Minutes
	overtime hours.Minutes // beyond 8 h a day and 40 h a week
	holiday  hours.Minutes // work on statutory days off
}

// chartBars returns the hoursChartMonths months ending with last (the
// first day of a month), oldest first, from the report; months without
// logged days are zero.
func chartBars(rep hours.Report, last hours.Date) []monthBar {
	out := make([]monthBar, hoursChartMonths)
	for i := range out {
		m := addMonths(last, i-hoursChartMonths+1)
		b := monthBar{month: m}
		if s, ok := rep.Month(m.YearMonth()); ok {
			b.worked, b.overtime, b.holiday = s.Worked, s.Overtime, s.HolidayWork
		}
		out[i] = b
	}
	return out
}

// hoursChart draws monthBar values as bars with canvas primitives: for
// each month the hours worked, and beside it overtime with statutory
// day-off work stacked on top, under dashed lines at 45 h and 80 h.
type hoursChart struct {
	widget.BaseWidget
	bars []monthBar
}

func newHoursChart(bars []monthBar) *hoursChart {
	c := &hoursChart{bars: bars}
	c.ExtendBaseWidget(c)
	return c
}

// scale is the value at the top of the plot: the tallest bar, but at
// least 100 h so that both reference lines show, rounded up to a step.
func (c *hoursChart) scale() (top, step hours.Minutes) {
	m := hours.Minutes(100 * 60)
	for _, b := range c.bars {
		m = max(m, b.worked, b.overtime+b.holiday)
	}
	step = 50 * 60
	if m > 200*60 {
		step = 100 * 60
	}
	top = (m + step - 1) / step * step
	return top, step
}

// Margins of the plot inside the widget: axis labels left, month labels
// below.
const (
	chartLeft   = 54
	chartBottom = 34
	chartTop    = 6
	dashCount   = 60 // segments per dashed line, whatever the width
)

type hoursChartRenderer struct {
	c        *hoursChart
	worked   []*canvas.Rectangle
	overtime []*canvas.Rectangle
	holiday  []*canvas.Rectangle
	months   []*canvas.Text // month numbers
	years    []*canvas.Text // the year under the first month and each January
	grid     []*canvas.Line // solid gridlines at each step
	gridText []*canvas.Text
	dash45   []*canvas.Line
	dash80   []*canvas.Line
	text45   *canvas.Text
	text80   *canvas.Text
	axis     *canvas.Line
}

func (c *hoursChart) CreateRenderer() fyne.WidgetRenderer {
	r := &hoursChartRenderer{c: c}
	small := theme.TextSize() * 0.85
	txt := func(s string) *canvas.Text {
		t := canvas.NewText(s, theme.Color(theme.ColorNameForeground))
		t.TextSize = small
		return t
	}
	for i, b := range c.bars {
		r.worked = append(r.worked, canvas.NewRectangle(colorWorked))
		r.overtime = append(r.overtime, canvas.NewRectangle(colorOvertime))
		r.holiday = append(r.holiday, canvas.NewRectangle(colorHoliday))
		mt := txt(strconv.Itoa(int(b.month.Month)))
		mt.Alignment = fyne.TextAlignCenter
		r.months = append(r.months, mt)
		y := ""
		// The year under the first month and each January; not under a
		// December followed by January, where the two would overlap (the
		// chart's title names the first month).
		nextJan := i+1 < len(c.bars) && c.bars[i+1].month.Month == 1
		if (i == 0 && !nextJan) || b.month.Month == 1 {
			y = strconv.Itoa(b.month.Year)
		}
		yt := txt(y)
		yt.Alignment = fyne.TextAlignCenter
		r.years = append(r.years, yt)
	}
	top, step := c.scale()
	for v := step; v <= top; v += step {
		r.grid = append(r.grid, canvas.NewLine(theme.Color(theme.ColorNameSeparator)))
		gt := txt(i18n.T("ui.hours.chart.h", int(v/60)))
		gt.Alignment = fyne.TextAlignTrailing
		r.gridText = append(r.gridText, gt)
	}
	for range dashCount {
		l45 := canvas.NewLine(colorLine45)
		l45.StrokeWidth = 2
		r.dash45 = append(r.dash45, l45)
		l80 := canvas.NewLine(colorLine80)
		l80.StrokeWidth = 2
		r.dash80 = append(r.dash80, l80)
	}
	r.text45 = txt(i18n.T("ui.hours.chart.h", 45))
	r.text45.Color = colorLine45
	r.text80 = txt(i18n.T("ui.hours.chart.h", 80))
	r.text80.Color = colorLine80
	r.axis = canvas.NewLine(theme.Color(theme.ColorNameForeground))
	return r
}

// y is the vertical position of value v in a plot of height h.
func (r *hoursChartRenderer) y(v hours.Minutes, h float32) float32 {
	top, _ := r.c.scale()
	return chartTop + h - float32(v)/float32(top)*h
}

func (r *hoursChartRenderer) Layout(size fyne.Size) {
	plotW := size.Width - chartLeft
	plotH := size.Height - chartTop - chartBottom
	if plotW <= 0 || plotH <= 0 {
		return
	}
	slot := plotW / float32(len(r.c.bars))
	gap := max(2, slot/6)
	barW := (slot - gap) / 2
	base := chartTop + plotH
	textH := r.months[0].MinSize().Height
	for i, b := range r.c.bars {
		x := chartLeft + float32(i)*slot + gap/2
		place := func(rect *canvas.Rectangle, x, from, to float32) {
			rect.Move(fyne.NewPos(x, to))
			rect.Resize(fyne.NewSize(barW, from-to))
		}
		yWorked := r.y(b.worked, plotH)
		place(r.worked[i], x, base, yWorked)
		yOver := r.y(b.overtime, plotH)
		place(r.overtime[i], x+barW, base, yOver)
		place(r.holiday[i], x+barW, yOver, r.y(b.overtime+b.holiday, plotH))
		r.months[i].Move(fyne.NewPos(chartLeft+float32(i)*slot, base+2))
		r.months[i].Resize(fyne.NewSize(slot, textH))
		r.years[i].Move(fyne.NewPos(chartLeft+float32(i)*slot-slot/2, base+2+textH))
		r.years[i].Resize(fyne.NewSize(slot*2, textH))
	}
	_, step := r.c.scale()
	y80 := r.y(chartLine80, plotH)
	for i, l := range r.grid {
		y := r.y(step*hours.Minutes(i+1), plotH)
		l.Position1, l.Position2 = fyne.NewPos(chartLeft, y), fyne.NewPos(size.Width, y)
		r.gridText[i].Move(fyne.NewPos(0, y-textH/2))
		r.gridText[i].Resize(fyne.NewSize(chartLeft-4, textH))
		// A label that would overlap the 80 h line's stays hidden.
		r.gridText[i].Hidden = y80-y < textH
	}
	dashes := func(lines []*canvas.Line, v hours.Minutes) float32 {
		y := r.y(v, plotH)
		period := plotW / dashCount
		for k, l := range lines {
			x := chartLeft + float32(k)*period
			l.Position1, l.Position2 = fyne.NewPos(x, y), fyne.NewPos(x+period*0.6, y)
		}
		return y
	}
	y45 := dashes(r.dash45, chartLine45)
	dashes(r.dash80, chartLine80)
	r.text45.Move(fyne.NewPos(0, y45-textH/2))
	r.text45.Resize(fyne.NewSize(chartLeft-4, textH))
	r.text45.Alignment = fyne.TextAlignTrailing
	r.text80.Move(fyne.NewPos(0, y80-textH/2))
	r.text80.Resize(fyne.NewSize(chartLeft-4, textH))
	r.text80.Alignment = fyne.TextAlignTrailing
	r.axis.Position1, r.axis.Position2 = fyne.NewPos(chartLeft, base), fyne.NewPos(size.Width, base)
}

func (r *hoursChartRenderer) MinSize() fyne.Size {
	return fyne.NewSize(chartLeft+float32(len(r.c.bars))*22, 200)
}

func (r *hoursChartRenderer) Objects() []fyne.CanvasObject {
	var objs []fyne.CanvasObject
	for _, l := range r.grid {
		objs = append(objs, l)
	}
	for _, t := range r.gridText {
		objs = append(objs, t)
	}
	for i := range r.c.bars {
		objs = append(objs, r.worked[i], r.overtime[i], r.holiday[i], r.months[i], r.years[i])
	}
	for i := range r.dash45 {
		objs = append(objs, r.dash45[i], r.dash80[i])
	}
	return append(objs, r.text45, r.text80, r.axis)
}

// Refresh follows a theme change: text, gridlines and axis take the new
// theme's colours; bars and reference lines keep theirs.
func (r *hoursChartRenderer) Refresh() {
	fg := theme.Color(theme.ColorNameForeground)
	for _, t := range append(append(r.months, r.years...), r.gridText...) {
		t.Color = fg
	}
	for _, l := range r.grid {
		l.StrokeColor = theme.Color(theme.ColorNameSeparator)
	}
	r.axis.StrokeColor = fg
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *hoursChartRenderer) Destroy() {}

// hoursChartView is the chart with its title and legend.
func hoursChartView(rep hours.Report, month hours.Date) fyne.CanvasObject {
	bars := chartBars(rep, month)
	c := newHoursChart(bars)
	title := fieldName(i18n.T("ui.hours.chart.title", bars[0].month.YearMonth(), bars[len(bars)-1].month.YearMonth()))
	swatch := func(col color.Color, label string) fyne.CanvasObject {
		sw := canvas.NewRectangle(col)
		sw.SetMinSize(fyne.NewSize(10, 10))
		l := widget.NewLabel(label)
		l.SizeName = theme.SizeNameCaptionText
		return container.NewHBox(container.NewCenter(sw), l)
	}
	dash := func(col color.Color, label string) fyne.CanvasObject {
		box := container.NewWithoutLayout()
		for k := range 3 {
			l := canvas.NewLine(col)
			l.StrokeWidth = 2
			l.Position1, l.Position2 = fyne.NewPos(float32(k)*6, 5), fyne.NewPos(float32(k)*6+4, 5)
			box.Add(l)
		}
		holder := container.New(widthLayout{width: 16}, box)
		l := widget.NewLabel(label)
		l.SizeName = theme.SizeNameCaptionText
		return container.NewHBox(container.NewCenter(holder), l)
	}
	// One column: two would make the chart wider than the space beside
	// the totals.
	legend := container.New(tightVBox{},
		swatch(colorWorked, i18n.T("ui.hours.chart.worked")),
		swatch(colorOvertime, i18n.T("ui.hours.chart.overtime")),
		swatch(colorHoliday, i18n.T("ui.hours.chart.holiday")),
		dash(colorLine45, i18n.T("ui.hours.chart.line45")),
		dash(colorLine80, i18n.T("ui.hours.chart.line80")),
	)
	return container.NewVBox(title, c, legend)
}

// tightVBox stacks objects with no space between them: the legend's
// captions carry their own padding.
type tightVBox struct{}

func (tightVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
	}
	return s
}

func (tightVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var y float32
	for _, o := range objs {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h
	}
}

// addMonths returns the first day of the month n months after d's.
func addMonths(d hours.Date, n int) hours.Date {
	i := d.Year*12 + int(d.Month) - 1 + n
	return hours.Date{Year: i / 12, Month: time.Month(i%12 + 1), Day: 1}
}

// monthTitle names a month: "April 2026", "2026年4月".
func monthTitle(d hours.Date) string {
	return i18n.T("ui.hours.month_title", d.Year, i18n.T(fmt.Sprintf("ui.hours.month.%d", int(d.Month))))
}
