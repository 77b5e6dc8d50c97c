package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/hours"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// fakeHours is an in-memory hours log that keeps every record written, as
// the vault does.
type fakeHours struct {
	mu     sync.Mutex
	log    []fakeHoursRecord
	opts   hours.Options
	saves  int   // SaveHours calls that wrote
	optErr error // if set, SetHoursOptions fails with it
}

type fakeHoursRecord struct {
	day     hours.Day
	removed bool
	source  string
}

func (f *fakeHours) current() map[hours.Date]hours.Day {
	out := map[hours.Date]hours.Day{}
	for _, r := range f.log {
		if r.removed {
			delete(out, r.day.Date)
		} else {
			out[r.day.Date] = r.day
		}
	}
	return out
}

// hoursFakeStore is the fake Store with an hours log.
type hoursFakeStore struct {
	*fakeStore
	h *fakeHours
}

var _ app.HoursStore = hoursFakeStore{}

func (s hoursFakeStore) HoursDays() ([]hours.Day, error) {
	s.h.mu.Lock()
	defer s.h.mu.Unlock()
	var out []hours.Day
	for _, d := range s.h.current() {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b hours.Day) int { return a.Date.Compare(b.Date) })
	return out, nil
}

func (s hoursFakeStore) SaveHours(days []hours.Day, source string) (int, error) {
	if err := hours.Validate(days); err != nil {
		return 0, err
	}
	s.h.mu.Lock()
	defer s.h.mu.Unlock()
	cur := s.h.current()
	n := 0
	for _, d := range days {
		if _, ok := cur[d.Date]; ok {
			n++
		}
		s.h.log = append(s.h.log, fakeHoursRecord{day: d, source: source})
	}
	s.h.saves++
	return n, nil
}

func (s hoursFakeStore) RemoveHours(date hours.Date) error {
	s.h.mu.Lock()
	defer s.h.mu.Unlock()
	if _, ok := s.h.current()[date]; !ok {
		return fmt.Errorf("remove %s: %w", date, apperr.ErrNotFound)
	}
	s.h.log = append(s.h.log, fakeHoursRecord{day: hours.Day{Date: date}, removed: true, source: "app"})
	return nil
}

func (s hoursFakeStore) HoursOptions() (hours.Options, error) {
	s.h.mu.Lock()
	defer s.h.mu.Unlock()
	return s.h.opts, nil
}

func (s hoursFakeStore) SetHoursOptions(o hours.Options) error {
	s.h.mu.Lock()
	defer s.h.mu.Unlock()
	if s.h.optErr != nil {
		return s.h.optErr
	}
	s.h.opts = o
	return nil
}

// hoursVaults hands out stores with the hours log.
type hoursVaults struct {
	*fakeVaults
	h *fakeHours
}

func (v hoursVaults) Open(path string, pass []byte) (app.Store, error) {
	st, err := v.fakeVaults.Open(path, pass)
	if err != nil {
		return nil, err
	}
	return hoursFakeStore{st.(*fakeStore), v.h}, nil
}

// newHoursHarness unlocks a fake vault whose hours log holds days and
// opens the hours screen with its Ctrl+digit.
func newHoursHarness(t *testing.T, days ...hours.Day) (*harness, *fakeHours, *hoursScreen) {
	t.Helper()
	fv, _ := vaultWith()
	fh := &fakeHours{}
	for _, d := range days {
		fh.log = append(fh.log, fakeHoursRecord{day: d, source: "test"})
	}
	h := newHarness(t, hoursVaults{fv, fh}, Options{VaultPath: testPath})
	h.unlock()
	return h, fh, openHours(t, h)
}

// openHours presses the Ctrl+digit of the hours screen.
func openHours(t *testing.T, h *harness) *hoursScreen {
	t.Helper()
	i := slices.IndexFunc(navItems, func(it navItem) bool { return it.id == "hours" })
	if i < 0 || i >= len(navKeys) {
		t.Fatalf("hours is item %d of the side menu: no Ctrl+digit", i)
	}
	h.shortcut(ctrl(navKeys[i]))
	s, ok := h.a.cur.(*hoursScreen)
	if !ok || !s.loaded {
		t.Fatalf("Ctrl+%d opened %T; texts %q", i+1, h.a.cur, h.texts())
	}
	return s
}

func mustDay(t *testing.T, date, start, end string, brk int, typ hours.DayType) hours.Day {
	t.Helper()
	d, err := hours.ParseDate(date)
	if err != nil {
		t.Fatal(err)
	}
	s, err := hours.ParseClock(start)
	if err != nil {
		t.Fatal(err)
	}
	e, err := hours.ParseClock(end)
	if err != nil {
		t.Fatal(err)
	}
	return hours.Day{Date: d, Start: s, End: e, BreakMinutes: brk, Type: typ}
}

// march2026 is a week worked out by hand (1 March 2026 is a Sunday):
//
//	Mon 2  09:00-19:00 break 60  9:00 worked, 1:00 beyond 8 h
//	Tue 3  09:00-18:00 break 60  8:00
//	Wed 4  22:00-07:00 break 60  8:00, 7:00 late night, past midnight
//	Thu 5, Fri 6 as Tuesday      8:00 each
//	Sat 7  other day off 09:00-14:00  5:00: the week's regular hours
//	       reach 45, so 5:00 beyond 40 h; all hours 46, Rousai 6:00
//	Sun 8  statutory day off 10:00-15:00  5:00 day-off work; a new week
//
// Month: 7 days, 51:00 worked, overtime 1:00 + 5:00 = 6:00, day-off work
// 5:00, together 11:00, Rousai 6:00, late night 7:00, 1 shift past
// midnight. With weeks from Monday, Sunday joins the week: Rousai 11:00.
func march2026(t *testing.T) []hours.Day {
	return []hours.Day{
		mustDay(t, "2026-03-02", "09:00", "19:00", 60, hours.Workday),
		mustDay(t, "2026-03-03", "09:00", "18:00", 60, hours.Workday),
		mustDay(t, "2026-03-04", "22:00", "07:00", 60, hours.Workday),
		mustDay(t, "2026-03-05", "09:00", "18:00", 60, hours.Workday),
		mustDay(t, "2026-03-06", "09:00", "18:00", 60, hours.Workday),
		mustDay(t, "2026-03-07", "09:00", "14:00", 0, hours.NonStatutoryHoliday),
		mustDay(t, "2026-03-08", "10:00", "15:00", 0, hours.StatutoryHoliday),
	}
}

var valueRE = regexp.MustCompile(`^\d+(:\d\d)?$`)

// totalValue returns the value shown beside the total named key.
func totalValue(t *testing.T, h *harness, key string) string {
	t.Helper()
	texts := h.texts() // a label's text comes twice: the widget's, then what it draws
	for i, s := range texts {
		if s != i18n.T(key) {
			continue
		}
		for _, v := range texts[i+1:] {
			if v != s {
				if valueRE.MatchString(v) { // not the chart's legend of the same name
					return v
				}
				break
			}
		}
	}
	t.Fatalf("no total %q; texts %q", i18n.T(key), texts)
	return ""
}

func TestHoursMonthNavigation(t *testing.T) {
	h, _, s := newHoursHarness(t, march2026(t)...)
	// The clock says 1 April 2026: the screen opens at April, empty.
	if s.month.YearMonth() != "2026-04" || !h.hasText("April 2026") || !h.hasText(i18n.T("ui.hours.no_days")) {
		t.Fatalf("opened at %s; texts %q", s.month, h.texts())
	}
	h.tap("ui.hours.prev")
	if !h.hasText("March 2026") || h.button("2026-03-04") == nil || h.hasText(i18n.T("ui.hours.no_days")) {
		t.Fatalf("previous month: texts %q", h.texts())
	}
	if !h.hasText(i18n.T("ui.hours.days", 7)) {
		t.Errorf("March does not count 7 days; texts %q", h.texts())
	}
	h.tap("ui.hours.prev")
	h.tap("ui.hours.prev")
	if !h.hasText("January 2026") || h.button("2026-03-04") != nil {
		t.Errorf("two months back: texts %q", h.texts())
	}
	h.tap("ui.hours.next")
	h.tap("ui.hours.next")
	h.tap("ui.hours.next")
	h.tap("ui.hours.next")
	if !h.hasText("May 2026") {
		t.Errorf("four months on: texts %q", h.texts())
	}
	h.tap("ui.hours.this_month")
	if s.month.YearMonth() != "2026-04" {
		t.Errorf("this month: %s", s.month)
	}
	// The button pressed keeps the keyboard focus across the re-render.
	h.tap("ui.hours.prev")
	if f := h.w.Canvas().Focused(); f == nil || f.(*widget.Button).Text != i18n.T("ui.hours.prev") {
		t.Errorf("focus after Previous: %v", f)
	}
	// In Japanese the month reads 年月.
	h.a.SetLanguage("ja")
	if !h.hasText("2026年3月") {
		t.Errorf("Japanese month title missing; texts %q", h.texts())
	}
}

func TestHoursTotalsHandComputed(t *testing.T) {
	h, fh, _ := newHoursHarness(t, march2026(t)...)
	h.tap("ui.hours.prev")
	want := map[string]string{
		"ui.hours.total.days":             "7",
		"ui.hours.total.worked":           "51:00",
		"ui.hours.total.daily":            "1:00",
		"ui.hours.total.weekly":           "5:00",
		"ui.hours.total.overtime":         "6:00",
		"ui.hours.total.holiday":          "5:00",
		"ui.hours.total.overtime_holiday": "11:00",
		"ui.hours.total.rousai":           "6:00",
		"ui.hours.total.late_night":       "7:00",
		"ui.hours.total.midnight":         "1",
	}
	for key, v := range want {
		if got := totalValue(t, h, key); got != v {
			t.Errorf("%s = %q, want %q", i18n.T(key), got, v)
		}
	}
	// The night shift's row: end on the next day, late night, type.
	for _, s := range []string{"Wed", "22:00", i18n.T("ui.hours.next_day", "07:00"), "7:00", "Statutory day off", "Other day off"} {
		if !h.hasText(s) {
			t.Errorf("table lacks %q", s)
		}
	}
	if !h.hasText(i18n.T("ui.hours.no_flags")) {
		t.Error("a month under every limit shows flags")
	}
	for _, n := range hours.Notes("en") {
		if !h.hasText(n) {
			t.Errorf("the notes lack %q", n)
		}
	}
	if !h.hasText(i18n.T("ui.hours.how")) || !h.hasText(i18n.T("ui.hours.pointer")) {
		t.Error("no expander for the notes, or no pointer line")
	}

	// Weeks from Monday: stored in the vault, figures recomputed.
	h.selectOption("Sunday", "Monday")
	if fh.opts.WeekStart != time.Monday {
		t.Fatalf("week start stored %v", fh.opts.WeekStart)
	}
	if got := totalValue(t, h, "ui.hours.total.rousai"); got != "11:00" {
		t.Errorf("Rousai with Monday weeks = %q, want 11:00", got)
	}
	if got := totalValue(t, h, "ui.hours.total.overtime"); got != "6:00" {
		t.Errorf("overtime with Monday weeks = %q, want 6:00", got)
	}
	h.selectOption("January", "April")
	if fh.opts.YearStartMonth != time.April || fh.opts.WeekStart != time.Monday {
		t.Errorf("year start stored %+v", fh.opts)
	}
	// A failing store says so in words.
	fh.optErr = fmt.Errorf("set: %w", apperr.ErrDiskFull)
	h.selectOption("Monday", "Sunday")
	if !h.hasText(i18n.T("ui.err.disk_full")) {
		t.Errorf("disk full not shown; texts %q", h.texts())
	}
}

// february2026 has 20 days of 12 hours (1 February 2026 is a Sunday):
// 80:00 of overtime, 80:00 beyond 40 h a week.
func february2026(t *testing.T) []hours.Day {
	var out []hours.Day
	for d := 1; d <= 28; d++ {
		date := fmt.Sprintf("2026-02-%02d", d)
		if wd := time.Date(2026, 2, d, 0, 0, 0, 0, time.UTC).Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		out = append(out, mustDay(t, date, "09:00", "22:00", 60, hours.Workday))
	}
	return out
}

func TestHoursFlagWithRule(t *testing.T) {
	days := february2026(t)
	h, _, _ := newHoursHarness(t, days...)
	h.tap("ui.hours.prev")
	h.tap("ui.hours.prev")
	rep, err := hours.Compute(days, hours.Options{})
	if err != nil {
		t.Fatal(err)
	}
	md, _ := rep.MonthDetail("2026-02")
	ids := []string{}
	for _, f := range md.Flags {
		ids = append(ids, f.ID)
		if !h.hasText(f.Text("en")) || !h.hasText(f.Title("en")) {
			t.Errorf("flag %s not shown; texts %q", f.ID, h.texts())
		}
	}
	if !slices.Contains(ids, hours.FlagOver45hMonth) || !slices.Contains(ids, hours.FlagRousai80hMonth) {
		t.Fatalf("flags %v, want over 45 h and Rousai 80 h", ids)
	}
	if got := totalValue(t, h, "ui.hours.total.overtime"); got != "80:00" {
		t.Errorf("overtime %q", got)
	}
	rule, ok := library().Rule("overtime-caps")
	if !ok {
		t.Fatal("no rule overtime-caps")
	}
	b := h.button(i18n.T("ui.hours.rule_link", rule.Title.In("en")))
	if b == nil {
		t.Fatalf("no link to %s; texts %q", rule.ID, h.texts())
	}
	test.Tap(b)
	h.settle()
	r, ok := h.a.cur.(*rightsScreen)
	if !ok || r.selected != "overtime-caps" || !h.hasText(rule.Summary.In("en")) {
		t.Fatalf("link opened %T", h.a.cur)
	}
	// The same flag in Japanese.
	openHours(t, h)
	h.tap("ui.hours.prev")
	h.tap("ui.hours.prev")
	h.a.SetLanguage("ja")
	if !h.hasText(md.Flags[0].Text("ja")) {
		t.Errorf("flag not in Japanese; texts %q", h.texts())
	}
}

// The chart draws a pair of bars per month on one scale, with the 45 h
// line below the 80 h line.
func TestHoursChart(t *testing.T) {
	days := append(february2026(t), march2026(t)...)
	rep, err := hours.Compute(days, hours.Options{})
	if err != nil {
		t.Fatal(err)
	}
	bars := chartBars(rep, hours.Date{Year: 2026, Month: 4, Day: 1})
	if len(bars) != 12 || bars[0].month.YearMonth() != "2025-05" || bars[9].worked != 240*60 || bars[10].worked != 51*60 {
		t.Fatalf("bars %+v", bars)
	}
	test.NewTempApp(t)
	c := newHoursChart(bars)
	c.Resize(fyne.NewSize(480, 220))
	r := test.WidgetRenderer(c).(*hoursChartRenderer)
	r.Layout(c.Size())
	if h := r.worked[9].Size().Height; h <= r.worked[10].Size().Height || r.worked[0].Size().Height != 0 {
		t.Errorf("worked heights: Feb %v, Mar %v, May %v", h, r.worked[10].Size().Height, r.worked[0].Size().Height)
	}
	if r.overtime[9].Size().Height <= 0 || r.holiday[10].Size().Height <= 0 || r.holiday[9].Size().Height != 0 {
		t.Error("overtime or day-off bars missing")
	}
	y45, y80 := r.dash45[0].Position1.Y, r.dash80[0].Position1.Y
	if !(y80 < y45 && y45 < r.axis.Position1.Y) {
		t.Errorf("lines: 80 h at %v, 45 h at %v, axis at %v", y80, y45, r.axis.Position1.Y)
	}
	// February's overtime bar (80 h) reaches the 80 h line.
	if top := r.overtime[9].Position().Y; top < y80-1 || top > y80+1 {
		t.Errorf("80 h bar top %v, line %v", top, y80)
	}
	var texts []string
	for _, o := range r.Objects() {
		if tx, ok := o.(*canvas.Text); ok {
			texts = append(texts, tx.Text)
		}
	}
	for _, s := range []string{"45 h", "80 h", "2025", "2026", "5", "4"} {
		if !slices.Contains(texts, s) {
			t.Errorf("chart text %q missing from %q", s, texts)
		}
	}
}

// writeCSV writes a file in t's temporary directory.
func writeCSV(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// importFile opens the import panel, types path and presses Enter.
func importFile(t *testing.T, h *harness, path string) *importPanel {
	t.Helper()
	h.tap("ui.hours.import")
	s := h.a.cur.(*hoursScreen)
	p := s.imp
	if p == nil {
		t.Fatal("no import panel")
	}
	if h.w.Canvas().Focused() != p.path {
		t.Error("the path field does not have the focus")
	}
	test.Type(p.path, path)
	p.path.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	return p
}

const badCSV = "date,start,end,break_minutes,day_type,note\n" +
	"2026-03-10,09:00,18:00,60,workday,\n" +
	"2026-03-11,25:00,18:00,60,workday,\n" +
	"2026-03-12,09:00,18:00,60,workday,ok\n" +
	"2026-03-13,09:00,18:00,60,holiday,\n"

func TestHoursImportBadCSVImportsNothing(t *testing.T) {
	h, fh, _ := newHoursHarness(t, march2026(t)...)
	p := importFile(t, h, writeCSV(t, "bad.csv", badCSV))
	if h.a.cur.(*hoursScreen).imp != p {
		t.Fatal("the panel closed on a bad file")
	}
	for _, s := range []string{"date,start,end,break_minutes,day_type,note", "CSV UTF-8", i18n.T("ui.hours.import.problems", "bad.csv", 2)} {
		if !h.hasText(s) {
			t.Errorf("panel lacks %q; texts %q", s, h.texts())
		}
	}
	var lines []string
	for _, s := range h.texts() {
		if strings.HasPrefix(s, "line ") && !slices.Contains(lines, s) {
			lines = append(lines, s)
		}
	}
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "line 3, start:") || !strings.HasPrefix(lines[1], "line 5, day_type:") {
		t.Errorf("problems listed %q", lines)
	}
	if fh.saves != 0 || len(fh.log) != 7 {
		t.Errorf("a bad file wrote: %d saves, %d records", fh.saves, len(fh.log))
	}

	// Fixed, it imports; one date was logged already.
	fixed := strings.NewReplacer("25:00", "09:30", "holiday", "non_statutory_holiday").Replace(badCSV) +
		"2026-03-08,10:00,16:00,0,statutory_holiday,\n"
	p.path.SetText(writeCSV(t, "good.csv", fixed))
	h.shortcut(ctrlS)
	if h.a.cur.(*hoursScreen).imp != nil {
		t.Fatalf("panel still open; texts %q", h.texts())
	}
	if fh.saves != 1 || len(fh.log) != 12 || fh.log[7].source != "csv good.csv" {
		t.Errorf("import wrote %d saves, %d records", fh.saves, len(fh.log))
	}
	if !h.hasText(i18n.T("ui.hours.import.done", 5, "good.csv", 1, "March 2026")) {
		t.Errorf("no success note; texts %q", h.texts())
	}
	if h.button("2026-03-13") == nil || totalValue(t, h, "ui.hours.total.days") != "11" {
		t.Errorf("imported days not shown; texts %q", h.texts())
	}

	// A missing file and an empty one are said in words.
	p = importFile(t, h, filepath.Join(t.TempDir(), "nope.csv"))
	if !h.hasText(i18n.T("ui.err.no_file")) {
		t.Errorf("missing file: texts %q", h.texts())
	}
	p.path.SetText(writeCSV(t, "empty.csv", "date,start,end,break_minutes,day_type\n"))
	p.start()
	h.settle()
	if !h.hasText(i18n.T("ui.hours.import.empty", "empty.csv")) || fh.saves != 1 {
		t.Errorf("header-only file: texts %q", h.texts())
	}
	p.path.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.a.cur.(*hoursScreen).imp != nil {
		t.Error("Escape left the panel open")
	}
}

// dayRow opens the day of date in the form by its button in the table.
func dayRow(t *testing.T, h *harness, date string) *dayForm {
	t.Helper()
	b := h.button(date)
	if b == nil {
		t.Fatalf("no row %s; texts %q", date, h.texts())
	}
	test.Tap(b)
	h.settle()
	f := h.a.cur.(*hoursScreen).form
	if f == nil {
		t.Fatal("no form")
	}
	return f
}

func TestHoursEditDay(t *testing.T) {
	h, fh, _ := newHoursHarness(t, march2026(t)...)
	h.tap("ui.hours.prev")
	f := dayRow(t, h, "2026-03-03")
	if f.start.Text != "09:00" || f.end.Text != "18:00" || f.brk.Text != "60" || f.selectedType() != hours.Workday {
		t.Fatalf("form filled %q %q %q %s", f.start.Text, f.end.Text, f.brk.Text, f.selectedType())
	}
	if h.w.Canvas().Focused() != f.start {
		t.Error("the start field does not have the focus")
	}
	// Bad values: each field says what it wants; nothing is saved.
	f.start.SetText("9h")
	f.brk.SetText("")
	test.Tap(f.save)
	h.settle()
	for field, k := range map[string]string{"start": "ui.hours.form.err_start", "break": "ui.hours.form.err_break"} {
		if l := f.errs[field]; !l.Visible() || l.Text != i18n.T(k) {
			t.Errorf("%s: message %q, want %q", field, l.Text, i18n.T(k))
		}
	}
	f.start.SetText("18:00")
	f.brk.SetText("0")
	test.Tap(f.save)
	h.settle()
	if !h.hasText(i18n.T("ui.hours.form.err_same", "18:00")) {
		t.Errorf("same start and end accepted; texts %q", h.texts())
	}
	if len(fh.log) != 7 {
		t.Fatalf("an invalid day was saved: %d records", len(fh.log))
	}
	// A night shift: the form says it ends the next day; Ctrl+S saves.
	f.start.SetText("21:00")
	f.end.SetText("６:３０") // full width, as a Japanese input method types it
	f.brk.SetText("45")
	f.note.SetText("cover for Sato")
	f.basis.SetSelected(i18n.T("hours.basis.own-note"))
	if !strings.Contains(f.preview.Text, i18n.T("ui.hours.form.next_day", "21:00", "06:30")) ||
		!strings.Contains(f.preview.Text, "8:45") {
		t.Errorf("preview %q", f.preview.Text)
	}
	f.note.TypedShortcut(ctrlS)
	h.settle()
	if h.a.cur.(*hoursScreen).form != nil {
		t.Fatalf("form still open; texts %q", h.texts())
	}
	got := fh.current()[mustDay(t, "2026-03-03", "00:00", "01:00", 0, "").Date]
	if got.Start != 21*60 || got.End != 6*60+30 || got.BreakMinutes != 45 || got.Note != "cover for Sato" || got.Basis != "own-note" || fh.log[7].source != "app" {
		t.Errorf("saved %+v", got)
	}
	if !h.hasText(i18n.T("ui.hours.saved_replaced", "2026-03-03")) || !h.hasText(i18n.T("ui.hours.next_day", "06:30")) {
		t.Errorf("no note or row not updated; texts %q", h.texts())
	}

	// A new day from "Add a day": the date defaults to the month shown;
	// a date in the future is refused; Escape closes the form.
	h.tap("ui.hours.add")
	f = h.a.cur.(*hoursScreen).form
	if f.date.Text != "2026-03-01" || h.w.Canvas().Focused() != f.date {
		t.Errorf("new day: date %q, focus %v", f.date.Text, h.w.Canvas().Focused())
	}
	f.date.SetText("2026-04-02")
	f.start.SetText("09:00")
	f.end.SetText("17:00")
	f.brk.SetText("60")
	test.Tap(f.save)
	h.settle()
	if !h.hasText(i18n.T("ui.hours.form.err_future", "2026-04-02")) {
		t.Errorf("future date accepted; texts %q", h.texts())
	}
	f.date.SetText("2026/3/8")
	if !f.exists.Visible() {
		t.Error("no warning that 8 March is logged already")
	}
	f.date.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.a.cur.(*hoursScreen).form != nil || len(fh.log) != 8 {
		t.Errorf("Escape: form %v, %d records", h.a.cur.(*hoursScreen).form, len(fh.log))
	}
}

func TestHoursRemoveDay(t *testing.T) {
	h, fh, _ := newHoursHarness(t, march2026(t)...)
	h.tap("ui.hours.prev")
	f := dayRow(t, h, "2026-03-04")
	if !h.hasText(i18n.T("ui.hours.form.remove_hint")) {
		t.Error("the form does not say what removing keeps")
	}
	test.Tap(f.remove)
	h.settle()
	if !h.hasText(i18n.T("ui.hours.remove.body")) {
		t.Fatalf("no confirmation; texts %q", h.texts())
	}
	b := h.overlayButton(i18n.T("ui.hours.remove.confirm"))
	if b == nil {
		t.Fatal("no Remove button in the confirmation")
	}
	test.Tap(b)
	h.settle()
	if h.a.cur.(*hoursScreen).form != nil || h.button("2026-03-04") != nil {
		t.Fatalf("day still shown; texts %q", h.texts())
	}
	last := fh.log[len(fh.log)-1]
	if len(fh.log) != 8 || !last.removed || last.day.Date.String() != "2026-03-04" {
		t.Errorf("log %+v", fh.log)
	}
	if !h.hasText(i18n.T("ui.hours.removed", "2026-03-04")) || totalValue(t, h, "ui.hours.total.midnight") != "0" {
		t.Errorf("after removal: texts %q", h.texts())
	}
}

// A Store without an hours log gets a sentence, not a crash.
func TestHoursUnsupportedStore(t *testing.T) {
	v, _ := vaultWith()
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	i := slices.IndexFunc(navItems, func(it navItem) bool { return it.id == "hours" })
	h.shortcut(ctrl(navKeys[i]))
	if !h.hasText(i18n.T("ui.hours.unsupported")) || !h.button(i18n.T("ui.hours.add")).Disabled() {
		t.Errorf("texts %q", h.texts())
	}
}

// The whole round with the real encrypted vault: import, totals, edit,
// remove; the vault keeps every record and checks clean.
func TestHoursRealVault(t *testing.T) {
	dir := t.TempDir()
	seal.TestUseLowCostKDF(t)
	h := newHarness(t, realVaults(dir), Options{})
	createRealVault(t, h)
	openHours(t, h)
	var b strings.Builder
	b.WriteString("date,start,end,break_minutes,day_type\n")
	for _, d := range march2026(t) {
		fmt.Fprintf(&b, "%s,%s,%s,%d,%s\n", d.Date, d.Start, d.End, d.BreakMinutes, d.Type)
	}
	importFile(t, h, writeCSV(t, "bad.csv", badCSV))
	st := h.a.store.(realStore)
	if log, _ := st.HoursLog(); len(log) != 0 {
		t.Fatalf("a bad file wrote %d records", len(log))
	}
	h.a.cur.(*hoursScreen).imp.close()
	importFile(t, h, writeCSV(t, "march.csv", b.String()))
	if got := totalValue(t, h, "ui.hours.total.overtime_holiday"); got != "11:00" {
		t.Errorf("overtime + day-off work %q; texts %q", got, h.texts())
	}
	f := dayRow(t, h, "2026-03-02")
	f.end.SetText("20:00")
	f.basis.SetSelected(i18n.T("hours.basis.timecard"))
	f.end.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	if got := totalValue(t, h, "ui.hours.total.daily"); got != "2:00" {
		t.Errorf("after the edit, beyond 8 h a day %q", got)
	}
	f = dayRow(t, h, "2026-03-08")
	test.Tap(f.remove)
	h.settle()
	test.Tap(h.overlayButton(i18n.T("ui.hours.remove.confirm")))
	h.settle()
	if got := totalValue(t, h, "ui.hours.total.holiday"); got != "0:00" {
		t.Errorf("after removing Sunday, day-off work %q", got)
	}
	log, err := st.HoursLog()
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 9 || log[7].End != "20:00" || log[7].Source != "app" || log[7].Basis != "timecard" || log[7].Version != record.HoursVersionBasis ||
		!log[8].Removed || log[0].Source != "csv march.csv" || log[0].Version != 1 {
		t.Errorf("log %+v", log)
	}
	if rep, err := st.Check(); err != nil || !rep.OK() {
		t.Errorf("check %v %+v", err, rep)
	}
}
