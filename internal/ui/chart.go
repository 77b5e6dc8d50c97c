package ui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// chartWeeks is how many weeks the incidents chart shows.
const chartWeeks = 12

// chartHeight is the height of the bars' area.
const chartHeight = 64

// weekCounts is the chart's data: for each of chartWeeks weeks (Monday to
// Sunday, oldest first), the number of entries per category group; entries
// with no known category count under "".
type weekCounts struct {
	start  time.Time // Monday 00:00 of the first week, in loc
	counts [chartWeeks]map[string]int
}

// countWeeks counts the entries ents[i] for i in view by week and group,
// over the chartWeeks weeks that end with the week of end.
func countWeeks(ents []record.Entry, view []int, end time.Time, loc *time.Location) weekCounts {
	end = end.In(loc)
	monday := time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, loc)
	monday = monday.AddDate(0, 0, -((int(monday.Weekday()) + 6) % 7))
	w := weekCounts{start: monday.AddDate(0, 0, -7*(chartWeeks-1))}
	for i := range w.counts {
		w.counts[i] = map[string]int{}
	}
	for _, i := range view {
		t := ents[i].EventTime.In(loc)
		if t.Before(w.start) {
			continue
		}
		k := int(t.Sub(w.start).Hours() / (24 * 7))
		if k >= chartWeeks {
			continue
		}
		w.counts[k][entryGroup(ents[i])]++
	}
	return w
}

// entryGroup is the group of the entry's first known category, or "".
func entryGroup(e record.Entry) string {
	for _, c := range e.Categories {
		if cat, ok := library().Category(c); ok {
			return cat.Group
		}
	}
	return ""
}

// groupColor gives each category group a colour that reads in light and
// dark themes; "" (no category) is grey.
func groupColor(group string) color.Color {
	switch group {
	case "harassment":
		return color.NRGBA{R: 0xd0, G: 0x5a, B: 0x4e, A: 0xff}
	case "employment":
		return color.NRGBA{R: 0xe0, G: 0x9a, B: 0x2f, A: 0xff}
	case "conditions":
		return color.NRGBA{R: 0x3f, G: 0x8f, B: 0xc4, A: 0xff}
	case "health":
		return color.NRGBA{R: 0x5a, G: 0xa0, B: 0x5a, A: 0xff}
	}
	return color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}
}

// chartGroups are the stacking order: the library's groups, then "".
func chartGroups() []string {
	var out []string
	for _, g := range library().Groups() {
		out = append(out, g.ID)
	}
	return append(out, "")
}

// weekChart draws weekCounts as stacked bars with canvas rectangles.
type weekChart struct {
	widget.BaseWidget
	data weekCounts
}

func newWeekChart(data weekCounts) *weekChart {
	c := &weekChart{data: data}
	c.ExtendBaseWidget(c)
	return c
}

// max is the tallest week's total.
func (c *weekChart) max() int {
	m := 0
	for _, wk := range c.data.counts {
		n := 0
		for _, v := range wk {
			n += v
		}
		m = max(m, n)
	}
	return m
}

func (c *weekChart) CreateRenderer() fyne.WidgetRenderer {
	r := &chartRenderer{c: c, axis: canvas.NewLine(theme.Color(theme.ColorNameSeparator))}
	groups := chartGroups()
	for k := range chartWeeks {
		for _, g := range groups {
			if n := c.data.counts[k][g]; n > 0 {
				rect := canvas.NewRectangle(groupColor(g))
				r.bars = append(r.bars, chartBar{rect: rect, week: k, n: n, group: g})
			}
		}
	}
	return r
}

type chartBar struct {
	rect  *canvas.Rectangle
	week  int
	n     int
	group string
}

type chartRenderer struct {
	c    *weekChart
	bars []chartBar
	axis *canvas.Line
}

func (r *chartRenderer) Layout(size fyne.Size) {
	m := r.c.max()
	slot := size.Width / chartWeeks
	gap := max(2, slot/5)
	base := size.Height - 1
	stacked := [chartWeeks]float32{}
	for _, b := range r.bars {
		h := float32(b.n) / float32(max(m, 1)) * (size.Height - 2)
		y := base - stacked[b.week] - h
		stacked[b.week] += h
		b.rect.Move(fyne.NewPos(float32(b.week)*slot+gap/2, y))
		b.rect.Resize(fyne.NewSize(slot-gap, h))
	}
	r.axis.Position1 = fyne.NewPos(0, base)
	r.axis.Position2 = fyne.NewPos(size.Width, base)
}

func (r *chartRenderer) MinSize() fyne.Size { return fyne.NewSize(chartWeeks*8, chartHeight) }

func (r *chartRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.axis}
	for _, b := range r.bars {
		objs = append(objs, b.rect)
	}
	return objs
}

func (r *chartRenderer) Refresh() {
	r.axis.StrokeColor = theme.Color(theme.ColorNameSeparator)
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *chartRenderer) Destroy() {}

// chartView is the chart with its title, scale and legend.
func chartView(data weekCounts) fyne.CanvasObject {
	c := newWeekChart(data)
	last := data.start.AddDate(0, 0, 7*chartWeeks-1)
	// One line each, truncated: a wrapping label beside others shrinks to
	// a letter per line.
	line := func(text string) *widget.Label {
		l := widget.NewLabel(text)
		l.SizeName = theme.SizeNameCaptionText
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	// The end first: with a filter the weeks end at the newest entry
	// shown, not today, and "the last 12 weeks" would mislead.
	title := line(i18n.T("ui.chart.title", chartWeeks, formatDate(last), c.max()))
	legend := container.NewHBox()
	for _, g := range chartGroups() {
		used := false
		for _, wk := range data.counts {
			used = used || wk[g] > 0
		}
		if !used {
			continue
		}
		sw := canvas.NewRectangle(groupColor(g))
		sw.SetMinSize(fyne.NewSize(10, 10))
		l := widget.NewLabel(groupLabel(g))
		l.SizeName = theme.SizeNameCaptionText
		legend.Add(container.NewHBox(container.NewCenter(sw), l))
	}
	return container.NewVBox(title, c, container.NewHScroll(legend))
}
