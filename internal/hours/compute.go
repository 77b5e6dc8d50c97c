package hours

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Statutory limits of the Labor Standards Act (art. 32).
const (
	DailyLimit  Minutes = 8 * 60
	WeeklyLimit Minutes = 40 * 60
)

// Options configure Compute. The zero value is the usual setting: weeks
// start on Sunday, years on 1 January.
type Options struct {
	// WeekStart is the first day of the week for the 40-hour limit. Work
	// rules may set it; where they do not, the week runs Sunday to
	// Saturday.
	WeekStart time.Weekday
	// YearStartMonth is the first month of the year used for the yearly
	// caps (360 h, 720 h, six months over 45 h). The law counts them over
	// the year set in the Article 36 agreement; 0 means January (the
	// calendar year).
	YearStartMonth time.Month
}

func (o Options) normalized() Options {
	if o.WeekStart < time.Sunday || o.WeekStart > time.Saturday {
		o.WeekStart = time.Sunday
	}
	if o.YearStartMonth < time.January || o.YearStartMonth > time.December {
		o.YearStartMonth = time.January
	}
	return o
}

// Totals are the sums over a week, month or year.
type Totals struct {
	DaysWorked int `json:"days_worked"`
	// Worked is all time worked, breaks excluded.
	Worked Minutes `json:"worked_minutes"`
	// DailyOvertime is work beyond 8 hours in a day, WeeklyOvertime work
	// beyond 40 hours in a week not already counted as daily overtime;
	// Overtime is their sum (法定時間外労働). None of them includes work on
	// statutory holidays.
	DailyOvertime  Minutes `json:"daily_overtime_minutes"`
	WeeklyOvertime Minutes `json:"weekly_overtime_minutes"`
	Overtime       Minutes `json:"overtime_minutes"`
	// HolidayWork is all work on statutory holidays (法定休日労働).
	HolidayWork Minutes `json:"holiday_work_minutes"`
	// OvertimeAndHoliday is Overtime plus HolidayWork: what the under-100-
	// hours and 80-hour-average caps of art. 36(6) count.
	OvertimeAndHoliday Minutes `json:"overtime_and_holiday_minutes"`
	// RousaiOvertime is work beyond 40 hours in each week, every day
	// counted, statutory holidays included: "overtime" as the Rousai
	// evaluation table counts it.
	RousaiOvertime Minutes `json:"rousai_overtime_minutes"`
	// LateNight is work between 22:00 and 05:00 (see DaySummary).
	LateNight Minutes `json:"late_night_minutes"`
	// ShiftsCrossingMidnight counts shifts that ended the next day.
	ShiftsCrossingMidnight int `json:"shifts_crossing_midnight"`
}

func (t *Totals) add(d DaySummary) {
	t.DaysWorked++
	t.Worked += d.Worked
	t.DailyOvertime += d.DailyOvertime
	t.WeeklyOvertime += d.WeeklyOvertime
	t.Overtime += d.Overtime
	t.HolidayWork += d.HolidayWork
	t.OvertimeAndHoliday += d.Overtime + d.HolidayWork
	t.RousaiOvertime += d.RousaiOvertime
	t.LateNight += d.LateNight
	if d.CrossesMidnight {
		t.ShiftsCrossingMidnight++
	}
}

// DaySummary is one logged day with its computed hours.
type DaySummary struct {
	Day
	Worked Minutes `json:"worked_minutes"`
	// DailyOvertime is work beyond 8 hours on a workday or non-statutory
	// holiday; 0 on a statutory holiday.
	DailyOvertime Minutes `json:"daily_overtime_minutes"`
	// WeeklyOvertime is the part of this day's first 8 hours that took the
	// week's non-overtime hours beyond 40. Weekly overtime arises on the
	// day the limit is crossed, so a week straddling two months gives each
	// month the overtime of its own days.
	WeeklyOvertime Minutes `json:"weekly_overtime_minutes"`
	Overtime       Minutes `json:"overtime_minutes"`
	HolidayWork    Minutes `json:"holiday_work_minutes"`
	// RousaiOvertime is the part of this day's work that took the week's
	// total (all days) beyond 40 hours.
	RousaiOvertime Minutes `json:"rousai_overtime_minutes"`
	// LateNight is the part of the span from start to end that lies
	// between 22:00 and 05:00, at most the time worked. Breaks have no
	// recorded time of day, so they are not placed: when a break was taken
	// at night the true figure is lower by up to the break.
	LateNight       Minutes `json:"late_night_minutes"`
	CrossesMidnight bool    `json:"crosses_midnight"`
	// Week is the first day of the week the day belongs to.
	Week Date `json:"week"`
}

// WeekSummary is one week that has logged days.
type WeekSummary struct {
	Start Date `json:"start"`
	End   Date `json:"end"`
	Totals
}

// MonthSummary is one calendar month. Months between the first and the
// last logged day are all present, with zero totals when nothing was
// logged.
type MonthSummary struct {
	Month string `json:"month"` // YYYY-MM
	Totals
	// Premiums splits the month's hours by premium rate (premium.go).
	Premiums Premiums `json:"premiums"`
}

// YearSummary is one year as set by Options.YearStartMonth.
type YearSummary struct {
	Year int    `json:"year"` // calendar year of its first month
	From string `json:"from"` // first month, YYYY-MM
	To   string `json:"to"`   // last month, YYYY-MM
	Totals
	// MonthsOver45 counts months whose overtime (holiday work excluded)
	// was more than 45 hours.
	MonthsOver45 int `json:"months_over_45h"`
}

// Report is what Compute finds: every day, week, month and year, and the
// flags raised. Slices are in date order and never nil.
type Report struct {
	WeekStart      string         `json:"week_start"`       // "sunday", "monday", ...
	YearStartMonth int            `json:"year_start_month"` // 1-12
	Days           []DaySummary   `json:"days"`
	Weeks          []WeekSummary  `json:"weeks"`
	Months         []MonthSummary `json:"months"`
	Years          []YearSummary  `json:"years"`
	Flags          []Flag         `json:"flags"`
}

// MonthDetail is one month with its days and the flags whose period
// touches it: what `hours report --month` shows.
type MonthDetail struct {
	MonthSummary
	Days  []DaySummary `json:"days"`
	Flags []Flag       `json:"flags"`
}

// Month returns the summary of month ym (YYYY-MM).
func (r Report) Month(ym string) (MonthSummary, bool) {
	for _, m := range r.Months {
		if m.Month == ym {
			return m, true
		}
	}
	return MonthSummary{}, false
}

// MonthDetail returns month ym (YYYY-MM) with its days and every flag whose
// period includes that month (a year flag, a run of months, a run of days).
func (r Report) MonthDetail(ym string) (MonthDetail, bool) {
	m, ok := r.Month(ym)
	if !ok {
		return MonthDetail{}, false
	}
	md := MonthDetail{MonthSummary: m, Days: []DaySummary{}, Flags: []Flag{}}
	for _, d := range r.Days {
		if d.Date.YearMonth() == ym {
			md.Days = append(md.Days, d)
		}
	}
	for _, f := range r.Flags {
		if f.Touches(ym) {
			md.Flags = append(md.Flags, f)
		}
	}
	return md, true
}

// Validate checks every day and that no date repeats.
func Validate(days []Day) error {
	var errs []error
	seen := map[Date]bool{}
	for _, d := range days {
		if err := d.Validate(); err != nil {
			errs = append(errs, err)
			continue
		}
		if seen[d.Date] {
			errs = append(errs, fmt.Errorf("day %s: %w", d.Date, newProblem(ErrDuplicateDate, "hours.err.duplicate_day", d.Date.String())))
		}
		seen[d.Date] = true
	}
	return errors.Join(errs...)
}

// Compute works out the hours of every day, week, month and year and the
// flags they raise. Days may come in any order; a day that does not
// validate, or a repeated date, is an error (wrapping
// apperr.ErrInvalidInput) and nothing is computed.
func Compute(days []Day, opts Options) (Report, error) {
	if err := Validate(days); err != nil {
		return Report{}, fmt.Errorf("compute hours: %w", err)
	}
	opts = opts.normalized()
	sorted := slices.Clone(days)
	slices.SortFunc(sorted, func(a, b Day) int { return a.Date.Compare(b.Date) })

	r := Report{
		WeekStart:      strings.ToLower(opts.WeekStart.String()),
		YearStartMonth: int(opts.YearStartMonth),
		Days:           make([]DaySummary, 0, len(sorted)),
		Weeks:          []WeekSummary{},
		Months:         []MonthSummary{},
		Years:          []YearSummary{},
	}
	var (
		week              Date
		regular, allHours Minutes // running totals of the current week
	)
	for i, d := range sorted {
		s := DaySummary{Day: d, Worked: d.Worked(), CrossesMidnight: d.CrossesMidnight()}
		s.Week = weekStart(d.Date, opts.WeekStart)
		if i == 0 || s.Week != week {
			week, regular, allHours = s.Week, 0, 0
			r.Weeks = append(r.Weeks, WeekSummary{Start: s.Week, End: s.Week.AddDays(6)})
		}
		s.LateNight = min(lateNight(d.Start, d.End), s.Worked)
		if d.Type == StatutoryHoliday {
			s.HolidayWork = s.Worked
		} else {
			reg := min(s.Worked, DailyLimit)
			s.DailyOvertime = s.Worked - reg
			s.WeeklyOvertime = beyond(regular+reg, WeeklyLimit) - beyond(regular, WeeklyLimit)
			regular += reg
			s.Overtime = s.DailyOvertime + s.WeeklyOvertime
		}
		s.RousaiOvertime = beyond(allHours+s.Worked, WeeklyLimit) - beyond(allHours, WeeklyLimit)
		allHours += s.Worked
		r.Days = append(r.Days, s)
		r.Weeks[len(r.Weeks)-1].add(s)
	}
	if len(sorted) == 0 {
		r.Flags = []Flag{}
		return r, nil
	}

	first, last := monthIndex(sorted[0].Date), monthIndex(sorted[len(sorted)-1].Date)
	for m := first; m <= last; m++ {
		r.Months = append(r.Months, MonthSummary{Month: monthLabel(m)})
	}
	monthOT := make([]Minutes, len(r.Months)) // overtime so far, for the 60-hour band
	for _, d := range r.Days {
		i := monthIndex(d.Date) - first
		r.Months[i].add(d)
		monthOT[i] = r.Months[i].Premiums.addDay(d, monthOT[i])
	}

	ys := int(opts.YearStartMonth) - 1
	yearOf := func(m int) int { return (m - ys) / 12 } // m >= 0, ys <= 11
	for y := yearOf(first); y <= yearOf(last); y++ {
		from := y*12 + ys
		r.Years = append(r.Years, YearSummary{Year: from / 12, From: monthLabel(from), To: monthLabel(from + 11)})
	}
	y0 := yearOf(first)
	for i, m := range r.Months {
		y := &r.Years[yearOf(first+i)-y0]
		y.Totals = sumTotals(y.Totals, m.Totals)
		if m.Overtime > cap45Month {
			y.MonthsOver45++
		}
	}
	r.Flags = flags(r)
	return r, nil
}

func beyond(m, limit Minutes) Minutes { return max(0, m-limit) }

// weekStart returns the first day of d's week.
func weekStart(d Date, start time.Weekday) Date {
	back := (int(d.Weekday()) - int(start) + 7) % 7
	return d.AddDays(-back)
}

// monthIndex numbers months from year 0 so that consecutive months differ
// by one.
func monthIndex(d Date) int { return d.Year*12 + int(d.Month) - 1 }

func monthLabel(i int) string { return fmt.Sprintf("%04d-%02d", i/12, i%12+1) }

func sumTotals(a, b Totals) Totals {
	return Totals{
		DaysWorked:             a.DaysWorked + b.DaysWorked,
		Worked:                 a.Worked + b.Worked,
		DailyOvertime:          a.DailyOvertime + b.DailyOvertime,
		WeeklyOvertime:         a.WeeklyOvertime + b.WeeklyOvertime,
		Overtime:               a.Overtime + b.Overtime,
		HolidayWork:            a.HolidayWork + b.HolidayWork,
		OvertimeAndHoliday:     a.OvertimeAndHoliday + b.OvertimeAndHoliday,
		RousaiOvertime:         a.RousaiOvertime + b.RousaiOvertime,
		LateNight:              a.LateNight + b.LateNight,
		ShiftsCrossingMidnight: a.ShiftsCrossingMidnight + b.ShiftsCrossingMidnight,
	}
}

// Late-night windows (22:00-05:00) on a two-day timeline in minutes from
// the start day's midnight; a shift lies within [0, 2880).
var nightWindows = [][2]int{{0, 5 * 60}, {22 * 60, 29 * 60}, {46 * 60, 53 * 60}}

// lateNight is the overlap of the span from start to end with 22:00-05:00.
func lateNight(start, end Clock) Minutes {
	s, e := int(start), int(end)
	if e <= s {
		e += int(MidnightEnd)
	}
	var n int
	for _, w := range nightWindows {
		n += max(0, min(e, w[1])-max(s, w[0]))
	}
	return Minutes(n)
}
