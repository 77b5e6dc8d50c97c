package ui

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/hours"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// maxCSVBytes bounds the file an import reads: 100,000 rows (hours.MaxRows)
// of a long note each stay far below it.
const maxCSVBytes = 64 << 20

// hoursScreen is the working-hours log: a month's days with their totals
// and flags, a chart of twelve months, and the form and CSV import that
// fill the log.
type hoursScreen struct {
	a     *App
	month hours.Date // first day of the month shown

	loaded  bool
	loadErr *message
	days    []hours.Day
	opts    hours.Options
	rep     hours.Report
	note    *message // what the last save, removal or import did
	busy    bool     // a write is in flight

	form *dayForm     // the open day form, nil if none
	imp  *importPanel // the open import panel, nil if none

	// The onset view: the date typed and what it gives (hours.Onset).
	onset    *textEntry
	onsetV   *hours.OnsetView
	onsetErr *message

	focusOn string // the control to focus after a render: "prev", "next", "add"...
	// rebuilt by build
	focusable map[string]fyne.Focusable
	notes     *widget.Accordion
}

// showHours opens the working-hours screen at the current month.
func (a *App) showHours() {
	now := a.now().In(a.loc)
	s := &hoursScreen{a: a, month: hours.Date{Year: now.Year(), Month: now.Month(), Day: 1}, focusOn: "add", onset: a.newEntry()}
	s.onset.SetPlaceHolder("YYYY-MM-DD")
	a.show(s)
	s.load()
}

func (s *hoursScreen) navID() string { return "hours" }

func (s *hoursScreen) focus() fyne.Focusable {
	if s.form != nil || s.imp != nil {
		return nil // the dialog keeps the focus
	}
	if f, ok := s.focusable[s.focusOn]; ok {
		return f
	}
	return nil
}

// save is Ctrl+S: it saves the open day form, or starts the import.
func (s *hoursScreen) save() {
	switch {
	case s.form != nil:
		s.form.submit()
	case s.imp != nil:
		s.imp.start()
	}
}

// hoursStore returns the open vault's hours log, if it has one.
func (s *hoursScreen) hoursStore() (app.Store, app.HoursStore, bool) {
	st := s.a.store
	hs, ok := st.(app.HoursStore)
	return st, hs, ok && st != nil
}

// load reads the log and the settings and computes the report, off the
// Fyne thread.
func (s *hoursScreen) load() {
	a := s.a
	st, hs, ok := s.hoursStore()
	if !ok {
		s.loaded, s.loadErr = true, msgKey("ui.hours.unsupported")
		a.render()
		return
	}
	a.background(func() func() {
		var days []hours.Day
		var opts hours.Options
		var err error
		a.withStore(st, func(app.Store) {
			if days, err = hs.HoursDays(); err == nil {
				opts, err = hs.HoursOptions()
			}
		})
		var rep hours.Report
		if err == nil {
			rep, err = hours.Compute(days, opts)
		}
		return func() {
			if a.cur != s {
				return
			}
			s.loaded, s.loadErr = true, msgErr(err)
			if err == nil {
				s.days, s.opts, s.rep = days, opts, rep
				if s.onsetV != nil { // the log changed: so may the periods
					if v, err := hours.Onset(days, s.onsetV.Onset, opts); err == nil {
						s.onsetV = &v
					}
				}
			}
			a.render()
		}
	})
}

// goMonth shows the month n months from the one shown.
func (s *hoursScreen) goMonth(n int, focus string) {
	s.a.touch()
	s.month = addMonths(s.month, n)
	s.focusOn = focus
	s.a.render()
}

func (s *hoursScreen) thisMonth() {
	now := s.a.now().In(s.a.loc)
	s.month = hours.Date{Year: now.Year(), Month: now.Month(), Day: 1}
	s.focusOn = "today"
	s.a.render()
}

// dayOf returns the logged day of date, if any.
func (s *hoursScreen) dayOf(date hours.Date) (hours.Day, bool) {
	for _, d := range s.days {
		if d.Date == date {
			return d, true
		}
	}
	return hours.Day{}, false
}

func (s *hoursScreen) build() fyne.CanvasObject {
	a := s.a
	s.focusable = map[string]fyne.Focusable{}
	prev := a.button(i18n.T("ui.hours.prev"), theme.NavigateBackIcon(), func() { s.goMonth(-1, "prev") })
	next := a.button(i18n.T("ui.hours.next"), theme.NavigateNextIcon(), func() { s.goMonth(1, "next") })
	today := a.button(i18n.T("ui.hours.this_month"), nil, s.thisMonth)
	add := a.button(i18n.T("ui.hours.add"), theme.ContentAddIcon(), func() { s.openForm(nil) })
	add.Importance = widget.HighImportance
	imp := a.button(i18n.T("ui.hours.import"), theme.FolderOpenIcon(), s.openImport)
	s.focusable["prev"], s.focusable["next"], s.focusable["today"] = prev, next, today
	s.focusable["add"], s.focusable["import"] = add, imp
	monthLabel := widget.NewLabel(monthTitle(s.month))
	monthLabel.SizeName = theme.SizeNameSubHeadingText
	// Two rows: one row of everything is wider than the window beside
	// the side menu, in English at least.
	header := container.NewBorder(nil, nil, nil, container.NewHBox(add, imp), heading(i18n.T("ui.hours.title")))
	toolbar := container.NewHBox(prev, monthLabel, next, today)
	if !s.loaded || s.busy || s.hasLoadErr() {
		add.Disable()
		imp.Disable()
	}

	objs := []fyne.CanvasObject{header, caption(i18n.T("ui.hours.intro")), toolbar}
	if s.note != nil {
		l := paragraph(s.note.String())
		l.Importance = widget.SuccessImportance
		objs = append(objs, l)
	}
	switch {
	case !s.loaded:
		objs = append(objs, caption(i18n.T("ui.hours.loading")))
	case s.loadErr != nil:
		objs = append(objs, errorLabel(s.loadErr.String()))
	default:
		md, ok := s.rep.MonthDetail(s.month.YearMonth())
		if !ok {
			md = hours.MonthDetail{MonthSummary: hours.MonthSummary{Month: s.month.YearMonth()}}
		}
		top := container.NewBorder(nil, nil, s.totalsView(md), nil, hoursChartView(s.rep, s.month))
		objs = append(objs, widget.NewSeparator(), top, widget.NewSeparator(), s.flagsView(md.Flags),
			widget.NewSeparator(), s.daysView(md.Days), widget.NewSeparator(), s.onsetView())
	}
	objs = append(objs, widget.NewSeparator(), s.settingsView(), s.notesView())
	return container.NewVScroll(container.NewPadded(container.NewVBox(objs...)))
}

func (s *hoursScreen) hasLoadErr() bool { return s.loadErr != nil }

// totalsView lists the month's totals, each under the name the law or the
// Rousai criteria give it.
func (s *hoursScreen) totalsView(md hours.MonthDetail) fyne.CanvasObject {
	t := md.Totals
	rows := []struct {
		key   string
		value string
	}{
		{"ui.hours.total.days", strconv.Itoa(t.DaysWorked)},
		{"ui.hours.total.worked", t.Worked.String()},
		{"ui.hours.total.daily", t.DailyOvertime.String()},
		{"ui.hours.total.weekly", t.WeeklyOvertime.String()},
		{"ui.hours.total.overtime", t.Overtime.String()},
		{"ui.hours.total.holiday", t.HolidayWork.String()},
		{"ui.hours.total.overtime_holiday", t.OvertimeAndHoliday.String()},
		{"ui.hours.total.rousai", t.RousaiOvertime.String()},
		{"ui.hours.total.late_night", t.LateNight.String()},
		{"ui.hours.total.midnight", strconv.Itoa(t.ShiftsCrossingMidnight)},
	}
	grid := container.New(layout.NewFormLayout())
	for _, r := range rows {
		// Neither wrapped nor truncated: a form layout gives such a label
		// the width of a letter.
		name := widget.NewLabel(i18n.T(r.key))
		v := widget.NewLabel(r.value)
		v.Alignment = fyne.TextAlignTrailing
		grid.Add(name)
		grid.Add(v)
	}
	return container.NewVBox(fieldName(i18n.T("ui.hours.totals", monthTitle(s.month))), grid)
}

// flagsView lists the flags whose period touches the month, each with the
// rule behind it, which opens in the rights library.
func (s *hoursScreen) flagsView(flags []hours.Flag) fyne.CanvasObject {
	a := s.a
	lang := i18n.Language()
	objs := []fyne.CanvasObject{fieldName(i18n.T("ui.hours.flags")), caption(i18n.T("ui.hours.pointer"))}
	if len(flags) == 0 {
		objs = append(objs, paragraph(i18n.T("ui.hours.no_flags")))
	}
	for _, f := range flags {
		title := widget.NewLabel(f.Title(lang))
		title.Importance = widget.WarningImportance
		title.Wrapping = uiWrap()
		parts := []fyne.CanvasObject{title, paragraph(f.Text(lang))}
		for _, id := range append([]string{f.Rule}, f.Related...) {
			r, ok := library().Rule(id)
			if !ok {
				continue
			}
			b := a.button(i18n.T("ui.hours.rule_link", r.Title.In(lang)), theme.InfoIcon(), func() { a.showRights(id) })
			b.Alignment = widget.ButtonAlignLeading
			b.Importance = widget.LowImportance
			parts = append(parts, b)
		}
		objs = append(objs, container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil,
			container.NewVBox(parts...)))
	}
	return container.NewVBox(objs...)
}

// daysView is the table of the month's logged days; each date opens the
// day in the form.
func (s *hoursScreen) daysView(days []hours.DaySummary) fyne.CanvasObject {
	a := s.a
	lang := i18n.Language()
	head := fieldName(i18n.T("ui.hours.days", len(days)))
	if len(days) == 0 {
		return container.NewVBox(head, paragraph(i18n.T("ui.hours.no_days")))
	}
	cols := []string{"date", "weekday", "start", "end", "break", "type", "worked", "overtime", "late_night", "note"}
	table := container.New(&tableLayout{cols: len(cols), stretch: len(cols) - 1})
	// Small text, so that ten columns fit beside the side menu.
	cell := func(text string) *widget.Label {
		l := widget.NewLabel(text)
		l.SizeName = theme.SizeNameCaptionText
		return l
	}
	for _, c := range cols {
		l := cell(i18n.T("ui.hours.col." + c))
		l.Importance = widget.HighImportance
		table.Add(l)
	}
	dash := func(m hours.Minutes) string {
		if m == 0 {
			return "–"
		}
		return m.String()
	}
	for _, d := range days {
		date := a.button(d.Date.String(), theme.DocumentCreateIcon(), func() {
			if day, ok := s.dayOf(d.Date); ok {
				s.openForm(&day)
			}
		})
		date.Importance = widget.LowImportance
		end := d.End.String()
		if d.End < d.Start {
			end = i18n.T("ui.hours.next_day", end)
		}
		note := cell(d.Note)
		note.Truncation = fyne.TextTruncateEllipsis
		cells := []fyne.CanvasObject{date,
			cell(i18n.T(weekdayKeys[d.Date.Weekday()])),
			cell(d.Start.String()),
			cell(end),
			cell(strconv.Itoa(d.BreakMinutes)),
			cell(d.Type.Label(lang)),
			cell(d.Worked.String()),
			cell(dash(d.Overtime)),
			cell(dash(d.LateNight)),
			note,
		}
		for _, c := range cells {
			table.Add(c)
		}
	}
	// Scrolls sideways rather than widen the window if a language's
	// labels are long.
	return container.NewVBox(head, caption(i18n.T("ui.hours.days_hint")), container.NewHScroll(table))
}

// onsetView counts overtime back from the day an illness began, as a
// Rousai claim does: six 30-day periods before it (hours.Onset).
func (s *hoursScreen) onsetView() fyne.CanvasObject {
	a := s.a
	show := a.button(i18n.T("ui.hours.onset_show"), theme.SearchIcon(), s.computeOnset)
	s.onset.OnSubmitted = func(string) { s.computeOnset() }
	s.focusable["onset"] = s.onset
	objs := []fyne.CanvasObject{fieldName(i18n.T("ui.hours.onset")), caption(i18n.T("ui.hours.onset_intro")),
		container.NewBorder(nil, nil, widget.NewLabel(i18n.T("ui.hours.onset_date")), show, s.onset)}
	if s.onsetErr != nil {
		objs = append(objs, errorLabel(s.onsetErr.String()))
	}
	v := s.onsetV
	if v == nil {
		return container.NewVBox(objs...)
	}
	cell := func(text string) *widget.Label {
		l := widget.NewLabel(text)
		l.SizeName = theme.SizeNameCaptionText
		return l
	}
	table := container.New(&tableLayout{cols: 5, stretch: 4})
	for _, c := range []string{"period", "dates", "worked", "overtime", "logged"} {
		l := cell(i18n.T("ui.hours.onset_col." + c))
		l.Importance = widget.HighImportance
		table.Add(l)
	}
	for _, p := range v.Periods {
		over := cell(p.Overtime.String())
		if p.Overtime >= 80*60 {
			over.Importance = widget.WarningImportance
		}
		table.Add(cell(strconv.Itoa(p.N)))
		table.Add(cell(i18n.T("ui.hours.onset_dates", p.From.String(), p.To.String())))
		table.Add(cell(p.Worked.String()))
		table.Add(over)
		table.Add(cell(strconv.Itoa(p.LoggedDays)))
	}
	objs = append(objs, container.NewHScroll(table))
	var avg []string
	for k := 2; k <= len(v.Average); k++ {
		avg = append(avg, i18n.T("ui.hours.onset_average", k, v.Average[k-1].String()))
	}
	objs = append(objs, paragraph(strings.Join(avg, i18n.T("ui.list.sep"))))
	lang := i18n.Language()
	if len(v.Flags) == 0 {
		objs = append(objs, paragraph(i18n.T("ui.hours.no_flags")))
	}
	for _, f := range v.Flags {
		parts := []fyne.CanvasObject{paragraph(f.Text(lang))}
		if r, ok := library().Rule(f.Rule); ok {
			id := f.Rule
			b := a.button(i18n.T("ui.hours.rule_link", r.Title.In(lang)), theme.InfoIcon(), func() { a.showRights(id) })
			b.Alignment = widget.ButtonAlignLeading
			b.Importance = widget.LowImportance
			parts = append(parts, b)
		}
		objs = append(objs, container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil,
			container.NewVBox(parts...)))
	}
	objs = append(objs, caption(i18n.T("ui.hours.onset_note")))
	return container.NewVBox(objs...)
}

// computeOnset reads the onset date and computes the view from the days
// loaded (no disk: the log is in memory).
func (s *hoursScreen) computeOnset() {
	s.a.touch()
	s.focusOn = "onset"
	d, err := hours.ParseDate(strings.TrimSpace(s.onset.Text))
	if err != nil {
		s.onsetV, s.onsetErr = nil, msgKey("ui.hours.onset_err")
		s.a.render()
		return
	}
	v, err := hours.Onset(s.days, d, s.opts)
	if err != nil {
		s.onsetV, s.onsetErr = nil, msgErr(err)
	} else {
		s.onsetV, s.onsetErr = &v, nil
	}
	s.a.render()
}

// settingsView chooses the week start and the first month of the year.
func (s *hoursScreen) settingsView() fyne.CanvasObject {
	days := []time.Weekday{time.Sunday, time.Monday}
	var dayLabels []string
	for _, d := range days {
		dayLabels = append(dayLabels, i18n.T(fmt.Sprintf("ui.hours.weekday.%d", int(d))))
	}
	week := widget.NewSelect(dayLabels, nil)
	week.Selected = dayLabels[0]
	if s.opts.WeekStart == time.Monday {
		week.Selected = dayLabels[1]
	}
	var monthLabels []string
	for m := 1; m <= 12; m++ {
		monthLabels = append(monthLabels, i18n.T(fmt.Sprintf("ui.hours.month.%d", m)))
	}
	year := widget.NewSelect(monthLabels, nil)
	ys := s.opts.YearStartMonth
	if ys < time.January || ys > time.December {
		ys = time.January
	}
	year.Selected = monthLabels[ys-1]
	week.OnChanged = func(label string) {
		for i, l := range dayLabels {
			if l == label && days[i] != s.opts.WeekStart {
				o := s.opts
				o.WeekStart = days[i]
				s.setOptions(o, "week")
			}
		}
	}
	year.OnChanged = func(label string) {
		for i, l := range monthLabels {
			if l == label && time.Month(i+1) != ys {
				o := s.opts
				o.YearStartMonth = time.Month(i + 1)
				s.setOptions(o, "year")
			}
		}
	}
	if !s.loaded || s.hasLoadErr() || s.busy {
		week.Disable()
		year.Disable()
	}
	s.focusable["week"], s.focusable["year"] = week, year
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(i18n.T("ui.hours.week_start")), container.NewHBox(week),
		widget.NewLabel(i18n.T("ui.hours.year_start")), container.NewHBox(year))
	return container.NewVBox(fieldName(i18n.T("ui.hours.settings")), caption(i18n.T("ui.hours.settings_hint")), form)
}

// setOptions stores new settings in the vault and recomputes the figures.
func (s *hoursScreen) setOptions(opts hours.Options, focus string) {
	a := s.a
	st, hs, ok := s.hoursStore()
	if !ok || s.busy {
		return
	}
	a.touch()
	s.busy, s.note, s.focusOn = true, nil, focus
	days := s.days
	a.background(func() func() {
		var err error
		a.withStore(st, func(app.Store) { err = hs.SetHoursOptions(opts) })
		var rep hours.Report
		if err == nil {
			rep, err = hours.Compute(days, opts)
		}
		return func() {
			s.busy = false
			if a.cur != s {
				return
			}
			if err != nil {
				s.note = nil
				s.loadErr = msgErr(err)
			} else {
				s.opts, s.rep = opts, rep
				s.note = msgKey("ui.hours.settings_saved")
			}
			a.render()
		}
	})
}

// notesView is the expander with the assumptions behind the figures.
func (s *hoursScreen) notesView() fyne.CanvasObject {
	open := s.notes != nil && len(s.notes.Items) > 0 && s.notes.Items[0].Open
	objs := []fyne.CanvasObject{}
	for _, n := range hours.Notes(i18n.Language()) {
		objs = append(objs, paragraph("• "+n))
	}
	pointer := paragraph(i18n.T("ui.hours.pointer"))
	pointer.Importance = widget.WarningImportance
	objs = append(objs, pointer)
	item := widget.NewAccordionItem(i18n.T("ui.hours.how"), container.NewVBox(objs...))
	item.Open = open
	s.notes = widget.NewAccordion(item)
	return s.notes
}

// written is called on the Fyne thread after a save, removal or import:
// it shows what happened and reloads the log.
func (s *hoursScreen) written(note *message, month hours.Date) {
	s.note = note
	if month.Valid() {
		s.month = hours.Date{Year: month.Year, Month: month.Month, Day: 1}
	}
	s.load()
}

// tableLayout lays out cells row by row in cols columns, each as wide as
// its widest cell; the stretch column takes the width left over.
type tableLayout struct {
	cols, stretch int
}

func (l *tableLayout) sizes(objs []fyne.CanvasObject) (widths, heights []float32) {
	widths = make([]float32, l.cols)
	for i, o := range objs {
		m := o.MinSize()
		c, r := i%l.cols, i/l.cols
		widths[c] = max(widths[c], m.Width)
		if r >= len(heights) {
			heights = append(heights, 0)
		}
		heights[r] = max(heights[r], m.Height)
	}
	return widths, heights
}

func (l *tableLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w, h := l.sizes(objs)
	var s fyne.Size
	for _, x := range w {
		s.Width += x
	}
	for _, y := range h {
		s.Height += y
	}
	return s
}

func (l *tableLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w, h := l.sizes(objs)
	total := l.MinSize(objs).Width
	if extra := size.Width - total; extra > 0 {
		w[l.stretch] += extra
	}
	var y float32
	for r := range h {
		var x float32
		for c := 0; c < l.cols; c++ {
			i := r*l.cols + c
			if i >= len(objs) {
				return
			}
			objs[i].Move(fyne.NewPos(x, y))
			objs[i].Resize(fyne.NewSize(w[c], h[r]))
			x += w[c]
		}
		y += h[r]
	}
}

// dayForm enters a new day or edits a logged one, in a dialog.
type dayForm struct {
	s    *hoursScreen
	orig *hours.Day // nil for a new day

	date, start, end, brk, note *textEntry
	typ                         *widget.RadioGroup
	typeIDs                     []hours.DayType
	typeLabels                  []string
	basis                       *widget.RadioGroup // what the times were taken from; none chosen: not said
	basisLabels                 []string           // of record.HoursBases

	errs    map[string]*widget.Label // by field, and "general"
	preview *widget.Label            // span, worked time, next day
	exists  *widget.Label            // the date typed is logged already
	save    *widget.Button
	remove  *widget.Button
	dlg     dialog.Dialog
	busy    bool
}

// openForm opens the day form, for a new day (orig nil) or for orig.
func (s *hoursScreen) openForm(orig *hours.Day) {
	a := s.a
	if s.form != nil || s.imp != nil || !s.loaded || s.loadErr != nil {
		return
	}
	a.touch()
	f := &dayForm{s: s, orig: orig, errs: map[string]*widget.Label{},
		date: a.newEntry(), start: a.newEntry(), end: a.newEntry(), brk: a.newEntry(), note: a.newEntry()}
	f.date.SetPlaceHolder(i18n.T("ui.hours.form.date_placeholder"))
	f.start.SetPlaceHolder("09:00")
	f.end.SetPlaceHolder("18:00")
	f.brk.SetPlaceHolder(i18n.T("ui.hours.form.break_placeholder"))
	f.note.SetPlaceHolder(i18n.T("ui.hours.form.note_placeholder"))
	lang := i18n.Language()
	for _, t := range hours.DayTypes {
		f.typeIDs = append(f.typeIDs, t)
		f.typeLabels = append(f.typeLabels, t.Label(lang))
	}
	f.typ = widget.NewRadioGroup(f.typeLabels, func(string) { a.touch() })
	f.typ.Required = true
	f.typ.Horizontal = true
	for _, b := range record.HoursBases {
		f.basisLabels = append(f.basisLabels, i18n.T("hours.basis."+b))
	}
	f.basis = widget.NewRadioGroup(f.basisLabels, func(string) { a.touch() })
	f.basis.Horizontal = true
	if orig != nil {
		f.date.SetText(orig.Date.String())
		f.start.SetText(orig.Start.String())
		f.end.SetText(orig.End.String())
		f.brk.SetText(strconv.Itoa(orig.BreakMinutes))
		f.note.SetText(orig.Note)
		f.setType(orig.Type)
		for i, b := range record.HoursBases {
			if b == orig.Basis {
				f.basis.SetSelected(f.basisLabels[i])
			}
		}
	} else {
		f.date.SetText(s.defaultDate().String())
		f.setType(hours.Workday)
	}
	s.form = f
	f.show()
}

// defaultDate is today when the month shown is the current one, else the
// first day of the month shown.
func (s *hoursScreen) defaultDate() hours.Date {
	now := s.a.now().In(s.a.loc)
	if now.Year() == s.month.Year && now.Month() == s.month.Month {
		return hours.Date{Year: now.Year(), Month: now.Month(), Day: now.Day()}
	}
	return s.month
}

func (f *dayForm) setType(t hours.DayType) {
	for i, id := range f.typeIDs {
		if id == t {
			f.typ.SetSelected(f.typeLabels[i])
		}
	}
}

func (f *dayForm) selectedType() hours.DayType {
	for i, l := range f.typeLabels {
		if l == f.typ.Selected {
			return f.typeIDs[i]
		}
	}
	return ""
}

func (f *dayForm) show() {
	a := f.s.a
	errL := func(name string) *widget.Label {
		l := errorLabel("")
		f.errs[name] = l
		return l
	}
	title := i18n.T("ui.hours.form.title_new")
	if f.orig != nil {
		title = i18n.T("ui.hours.form.title_edit", f.orig.Date.String())
	}
	f.preview = caption("")
	f.exists = caption("")
	f.exists.Importance = widget.WarningImportance
	f.exists.Hide()
	for _, e := range []*textEntry{f.date, f.start, f.end, f.brk, f.note} {
		e.OnSubmitted = func(string) { f.submit() }
		e.OnEscape = f.cancel
	}
	f.date.OnChanged = func(string) { f.update() }
	f.start.OnChanged = func(string) { f.update() }
	f.end.OnChanged = func(string) { f.update() }
	f.brk.OnChanged = func(string) { f.update() }
	label := func(key string) fyne.CanvasObject { return widget.NewLabel(i18n.T(key)) }
	times := container.NewGridWithColumns(3,
		container.NewVBox(label("ui.hours.form.start"), f.start),
		container.NewVBox(label("ui.hours.form.end"), f.end),
		container.NewVBox(label("ui.hours.form.break"), f.brk))
	f.save = a.button(i18n.T("ui.hours.form.save"), theme.DocumentSaveIcon(), f.submit)
	f.save.Importance = widget.HighImportance
	cancel := a.button(i18n.T("ui.form.cancel"), theme.CancelIcon(), f.cancel)
	buttons := container.NewHBox(layout.NewSpacer(), cancel, f.save)
	objs := []fyne.CanvasObject{
		label("ui.hours.form.date"), f.date, errL("date"), f.exists,
		times, errL("start"), errL("end"), errL("break"),
		caption(i18n.T("ui.hours.form.end_hint")), f.preview,
		label("ui.hours.form.type"), f.typ, caption(i18n.T("ui.hours.form.type_hint")), errL("type"),
		label("ui.hours.form.note"), f.note, errL("note"),
		label("ui.hours.form.basis"), f.basis, caption(i18n.T("ui.hours.form.basis_hint")),
		errL("general"),
	}
	if f.orig != nil {
		f.remove = a.button(i18n.T("ui.hours.form.remove"), theme.DeleteIcon(), f.confirmRemove)
		f.remove.Importance = widget.DangerImportance
		buttons = container.NewHBox(f.remove, layout.NewSpacer(), cancel, f.save)
		objs = append(objs, caption(i18n.T("ui.hours.form.remove_hint")))
	}
	objs = append(objs, caption(i18n.T("ui.hours.form.keys", shortcutName("S"))), buttons)
	content := container.New(widthLayout{width: 560}, container.NewVBox(objs...))
	f.dlg = dialog.NewCustomWithoutButtons(title, container.NewVScroll(content), a.win)
	f.dlg.SetOnClosed(func() {
		if f.s.form == f {
			f.s.form = nil
		}
	})
	f.dlg.Resize(fyne.NewSize(640, 640))
	f.update()
	a.showDialog(f.dlg)
	if f.orig == nil {
		a.win.Canvas().Focus(f.date)
	} else {
		a.win.Canvas().Focus(f.start)
	}
}

// update refreshes the live hints: the span and time worked, whether the
// shift ends the next day, and whether the date is logged already.
func (f *dayForm) update() {
	f.s.a.touch()
	start, err1 := parseClockInput(f.start.Text)
	end, err2 := parseClockInput(f.end.Text)
	if err1 != nil || err2 != nil || start == end || start == hours.MidnightEnd {
		f.preview.SetText("")
	} else {
		d := hours.Day{Start: start, End: end}
		text := i18n.T("ui.hours.form.span", d.Span().String())
		if b, err := parseBreakInput(f.brk.Text); err == nil && hours.Minutes(b) < d.Span() {
			d.BreakMinutes = b
			text = i18n.T("ui.hours.form.worked", d.Span().String(), b, d.Worked().String())
		}
		if end < start {
			text += " " + i18n.T("ui.hours.form.next_day", start.String(), end.String())
		}
		f.preview.SetText(text)
	}
	date, err := parseDateInput(f.date.Text)
	if err == nil && (f.orig == nil || date != f.orig.Date) {
		if d, ok := f.s.dayOf(date); ok {
			f.exists.SetText(i18n.T("ui.hours.form.exists", date.String(), d.Start.String(), d.End.String()))
			f.exists.Show()
			return
		}
	}
	f.exists.Hide()
}

// validate reads the form into a day, or shows what is wrong with it.
func (f *dayForm) validate() (hours.Day, bool) {
	errs := map[string]string{}
	var d hours.Day
	var err error
	if d.Date, err = parseDateInput(f.date.Text); err != nil {
		errs["date"] = i18n.T("ui.hours.form.err_date")
	} else if today := f.s.a.now().In(f.s.a.loc); d.Date.Time().After(time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)) {
		errs["date"] = i18n.T("ui.hours.form.err_future", d.Date.String())
	}
	if d.Start, err = parseClockInput(f.start.Text); err != nil || d.Start == hours.MidnightEnd {
		errs["start"] = i18n.T("ui.hours.form.err_start")
	}
	if d.End, err = parseClockInput(f.end.Text); err != nil {
		errs["end"] = i18n.T("ui.hours.form.err_end")
	}
	if d.BreakMinutes, err = parseBreakInput(f.brk.Text); err != nil {
		errs["break"] = i18n.T("ui.hours.form.err_break")
	}
	if d.Type = f.selectedType(); !d.Type.Valid() {
		errs["type"] = i18n.T("ui.hours.form.err_type")
	}
	d.Note = strings.TrimSpace(f.note.Text)
	for i, l := range f.basisLabels {
		if l == f.basis.Selected {
			d.Basis = record.HoursBases[i]
		}
	}
	if len(errs) == 0 {
		if err := d.Validate(); err != nil {
			switch {
			case errors.Is(err, hours.ErrAmbiguousShift):
				errs["end"] = i18n.T("ui.hours.form.err_same", d.Start.String())
			case errors.Is(err, hours.ErrBreakTooLong):
				errs["break"] = i18n.T("ui.hours.form.err_break_long", d.BreakMinutes, d.Span().String())
			case errors.Is(err, hours.ErrBadNote):
				errs["note"] = i18n.T("ui.hours.form.err_note", hours.MaxNoteRunes)
			default:
				errs["general"] = messageFor(err)
			}
		}
	}
	for name, l := range f.errs {
		setError(l, errs[name])
	}
	return d, len(errs) == 0
}

// submit validates and saves the day.
func (f *dayForm) submit() {
	s, a := f.s, f.s.a
	a.touch()
	if f.busy {
		return
	}
	d, ok := f.validate()
	if !ok {
		return
	}
	st, hs, ok := s.hoursStore()
	if !ok {
		return
	}
	f.busy = true
	f.save.Disable()
	a.background(func() func() {
		var replaced int
		var err error
		a.withStore(st, func(app.Store) {
			replaced, err = hs.SaveHours([]hours.Day{d}, "app")
			// Editing a day to another date moves it: the old date goes.
			if err == nil && f.orig != nil && f.orig.Date != d.Date {
				err = hs.RemoveHours(f.orig.Date)
			}
		})
		return func() {
			f.busy = false
			f.save.Enable()
			if err != nil {
				setError(f.errs["general"], messageFor(err))
				return
			}
			f.close()
			if a.cur != s {
				return
			}
			key := "ui.hours.saved"
			if replaced > 0 {
				key = "ui.hours.saved_replaced"
			}
			s.written(msgKey(key, d.Date.String()), d.Date)
		}
	})
}

func (f *dayForm) cancel() {
	f.s.a.touch()
	f.close()
}

func (f *dayForm) close() {
	if f.s.form == f {
		f.s.form = nil
	}
	f.dlg.Hide()
	if f.s.a.cur == f.s {
		f.s.a.render() // gives the focus back to the screen
	}
}

// confirmRemove explains what removing keeps and asks before doing it.
func (f *dayForm) confirmRemove() {
	s, a := f.s, f.s.a
	a.touch()
	if f.orig == nil || f.busy {
		return
	}
	date := f.orig.Date
	c := dialog.NewConfirm(i18n.T("ui.hours.remove.title", date.String()), i18n.T("ui.hours.remove.body"), func(ok bool) {
		a.touch()
		if !ok {
			return
		}
		st, hs, ok := s.hoursStore()
		if !ok {
			return
		}
		f.busy = true
		a.background(func() func() {
			var err error
			a.withStore(st, func(app.Store) { err = hs.RemoveHours(date) })
			return func() {
				f.busy = false
				if err != nil {
					setError(f.errs["general"], messageFor(err))
					return
				}
				f.close()
				if a.cur == s {
					s.written(msgKey("ui.hours.removed", date.String()), date)
				}
			}
		})
	}, a.win)
	c.SetConfirmText(i18n.T("ui.hours.remove.confirm"))
	c.SetDismissText(i18n.T("ui.form.cancel"))
	a.showDialog(c)
}

// parseDateInput reads a date typed as 2026-04-01, 2026-4-1 or 2026/4/1,
// with full-width digits from a Japanese input method too.
func parseDateInput(s string) (hours.Date, error) {
	s = strings.TrimSpace(foldWidth(s))
	for _, l := range []string{"2006-1-2", "2006/1/2"} {
		if t, err := time.Parse(l, s); err == nil {
			if d, ok := hours.NewDate(t.Year(), t.Month(), t.Day()); ok {
				return d, nil
			}
		}
	}
	return hours.Date{}, fmt.Errorf("date %q", s)
}

// parseClockInput reads H:MM or HH:MM (full-width too).
func parseClockInput(s string) (hours.Clock, error) {
	return hours.ParseClock(strings.TrimSpace(foldWidth(s)))
}

// parseBreakInput reads whole minutes; empty is an error, not zero, so a
// forgotten break is asked for rather than assumed.
func parseBreakInput(s string) (int, error) {
	s = strings.TrimSpace(foldWidth(s))
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 24*60 || strings.ContainsAny(s, "+-") {
		return 0, fmt.Errorf("break %q", s)
	}
	return n, nil
}

// importPanel imports a CSV file: the format, a path field, a button for
// the file dialog, and every problem found.
type importPanel struct {
	s        *hoursScreen
	path     *textEntry
	problems *fyne.Container
	status   *widget.Label
	run      *widget.Button
	choose   *widget.Button
	dlg      dialog.Dialog
	busy     bool
}

func (s *hoursScreen) openImport() {
	a := s.a
	if s.form != nil || s.imp != nil || !s.loaded || s.loadErr != nil {
		return
	}
	a.touch()
	p := &importPanel{s: s, path: a.newEntry(), problems: container.NewVBox(), status: caption("")}
	p.status.Hide()
	p.path.SetPlaceHolder(i18n.T("ui.hours.import.path_placeholder"))
	p.path.OnSubmitted = func(string) { p.start() }
	p.path.OnEscape = p.close
	s.imp = p
	example := widget.NewLabel(strings.Join([]string{
		"date,start,end,break_minutes,day_type,note",
		"2026-04-01,09:00,18:30,60,workday,",
		"2026-04-03,22:00,06:00,45,workday,night shift",
		"2026-04-05,10:00,15:00,0,statutory_holiday,",
	}, "\n"))
	example.TextStyle = fyne.TextStyle{Monospace: true}
	p.choose = a.button(i18n.T("ui.hours.import.choose"), theme.FolderOpenIcon(), p.chooseFile)
	p.run = a.button(i18n.T("ui.hours.import.run"), theme.UploadIcon(), p.start)
	p.run.Importance = widget.HighImportance
	cancel := a.button(i18n.T("ui.form.cancel"), theme.CancelIcon(), p.close)
	var help []string
	for _, k := range []string{"ui.hours.import.help_date", "ui.hours.import.help_times", "ui.hours.import.help_break",
		"ui.hours.import.help_type", "ui.hours.import.help_note"} {
		help = append(help, "• "+i18n.T(k))
	}
	objs := []fyne.CanvasObject{paragraph(i18n.T("ui.hours.import.intro")), example, caption(strings.Join(help, "\n"))}
	objs = append(objs,
		paragraph(i18n.T("ui.hours.import.help_utf8")),
		paragraph(i18n.T("ui.hours.import.help_all")),
		widget.NewSeparator(),
		widget.NewLabel(i18n.T("ui.hours.import.path")),
		container.NewBorder(nil, nil, nil, p.choose, p.path),
		p.status,
	)
	body := container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), cancel, p.run), nil, nil,
		container.NewVScroll(container.New(widthLayout{width: 600}, container.NewVBox(append(objs, p.problems)...))))
	p.dlg = dialog.NewCustomWithoutButtons(i18n.T("ui.hours.import.title"), body, a.win)
	p.dlg.SetOnClosed(func() {
		if s.imp == p {
			s.imp = nil
		}
	})
	p.dlg.Resize(fyne.NewSize(700, 640))
	p.dlg.Show()
	a.win.Canvas().Focus(p.path)
}

func (p *importPanel) close() {
	s := p.s
	if s.imp == p {
		s.imp = nil
	}
	p.dlg.Hide()
	if s.a.cur == s {
		s.a.render()
	}
}

// chooseFile opens the file dialog; the file chosen is imported at once.
func (p *importPanel) chooseFile() {
	a := p.s.a
	a.touch()
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		a.touch()
		if err != nil {
			p.showError(msgErr(err))
			return
		}
		if r == nil {
			return // cancelled
		}
		path := r.URI().Path()
		r.Close()
		p.path.SetText(path)
		p.start()
	}, a.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".CSV", ".txt", ".TXT"}))
	d.Resize(fyne.NewSize(800, 560))
	showFileDialog(d, "ui.dialog.open_file")
}

func (p *importPanel) showError(m *message) {
	p.problems.Objects = nil
	p.problems.Refresh()
	p.status.Importance = widget.DangerImportance
	p.status.SetText(m.String())
	p.status.Show()
}

// maxProblemsShown bounds the lines listed; the count says how many more.
const maxProblemsShown = 200

// showProblems lists every line of a file that was refused.
func (p *importPanel) showProblems(name string, ce *hours.CSVError) {
	p.status.Importance = widget.DangerImportance
	p.status.SetText(i18n.T("ui.hours.import.problems", name, len(ce.Lines)))
	p.status.Show()
	var objs []fyne.CanvasObject
	for i, le := range ce.Lines {
		if i == maxProblemsShown {
			objs = append(objs, errorLabel(i18n.T("hours.csv.more", len(ce.Lines)-maxProblemsShown)))
			break
		}
		objs = append(objs, errorLabel(le.Error()))
	}
	p.problems.Objects = objs
	p.problems.Refresh()
}

// start reads, checks and imports the file in the path field.
func (p *importPanel) start() {
	s, a := p.s, p.s.a
	a.touch()
	path := strings.TrimSpace(p.path.Text)
	if p.busy {
		return
	}
	if path == "" {
		p.showError(msgKey("ui.hours.import.no_path"))
		return
	}
	st, hs, ok := s.hoursStore()
	if !ok {
		return
	}
	p.busy = true
	p.run.Disable()
	p.choose.Disable()
	p.problems.Objects = nil
	p.problems.Refresh()
	p.status.Importance = widget.MediumImportance
	p.status.SetText(i18n.T("ui.hours.import.reading", filepath.Base(path)))
	p.status.Show()
	name := filepath.Base(path)
	a.background(func() func() {
		// Read and check the whole file before writing anything: a bad
		// row costs nothing, and nothing is half imported.
		days, err := readHoursCSV(path)
		var replaced int
		if err == nil && len(days) > 0 {
			a.withStore(st, func(app.Store) { replaced, err = hs.SaveHours(days, "csv "+name) })
		}
		return func() {
			p.busy = false
			p.run.Enable()
			p.choose.Enable()
			var ce *hours.CSVError
			switch {
			case errors.As(err, &ce):
				p.showProblems(name, ce)
				return
			case errors.Is(err, errCSVTooLarge):
				p.showError(msgKey("ui.hours.import.too_large", name, maxCSVBytes>>20))
				return
			case errors.Is(err, errIsFolder):
				p.showError(msgKey("ui.hours.import.folder", name))
				return
			case err != nil:
				p.showError(msgKey("ui.hours.import.failed", name, messageFor(err)))
				return
			case len(days) == 0:
				p.showError(msgKey("ui.hours.import.empty", name))
				return
			}
			if s.imp == p {
				s.imp = nil
			}
			p.dlg.Hide()
			if a.cur != s {
				return
			}
			last := days[0].Date
			for _, d := range days {
				if last.Before(d.Date) {
					last = d.Date
				}
			}
			s.written(msgKey("ui.hours.import.done", len(days), name, replaced, monthTitle(last)), last)
		}
	})
}

// readHoursCSV reads and checks a whole hours file.
func readHoursCSV(path string) ([]hours.Day, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, fmt.Errorf("%s: %w", path, errIsFolder)
	} else if err == nil && st.Size() > maxCSVBytes {
		return nil, fmt.Errorf("%s: %w", path, errCSVTooLarge)
	}
	return hours.ParseCSV(io.LimitReader(f, maxCSVBytes))
}

var (
	errIsFolder    = errors.New("is a folder")
	errCSVTooLarge = errors.New("file too large")
)
