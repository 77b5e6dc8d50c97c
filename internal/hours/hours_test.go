package hours_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/hours"
)

func date(t testing.TB, s string) hours.Date {
	t.Helper()
	d, err := hours.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func clock(t testing.TB, s string) hours.Clock {
	t.Helper()
	c, err := hours.ParseClock(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func shift(t testing.TB, d, start, end string, brk int, typ hours.DayType) hours.Day {
	t.Helper()
	return hours.Day{Date: date(t, d), Start: clock(t, start), End: clock(t, end), BreakMinutes: brk, Type: typ}
}

func compute(t testing.TB, days []hours.Day, opts hours.Options) hours.Report {
	t.Helper()
	r, err := hours.Compute(days, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func month(t testing.TB, r hours.Report, ym string) hours.MonthSummary {
	t.Helper()
	m, ok := r.Month(ym)
	if !ok {
		t.Fatalf("month %s missing", ym)
	}
	return m
}

func TestParseDateAndClock(t *testing.T) {
	for _, s := range []string{"2028-02-29", "2026-12-31", "1900-01-01", "2999-12-31"} {
		if d, err := hours.ParseDate(s); err != nil || d.String() != s {
			t.Errorf("ParseDate(%q) = %v, %v", s, d, err)
		}
	}
	for _, s := range []string{"2027-02-29", "2026-13-01", "2026-04-31", "2026-4-1", "26-04-01", "2026/04/01", "", "1899-12-31", "3000-01-01", "+026-04-01"} {
		if _, err := hours.ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) accepted", s)
		}
	}
	clocks := map[string]int{"9:00": 540, "09:00": 540, "0:00": 0, "23:59": 1439, "24:00": 1440}
	for s, want := range clocks {
		if c, err := hours.ParseClock(s); err != nil || int(c) != want {
			t.Errorf("ParseClock(%q) = %d, %v; want %d", s, c, err, want)
		}
	}
	for _, s := range []string{"24:01", "25:00", "9:60", "9", "9:0", "009:00", "-1:00", "9:00:00", "９:00", " 9:00"} {
		if _, err := hours.ParseClock(s); err == nil {
			t.Errorf("ParseClock(%q) accepted", s)
		}
	}
}

func TestDayFigures(t *testing.T) {
	tests := []struct {
		name                                    string
		day                                     hours.Day
		worked, dailyOT, holiday, night, rousai int
		crosses                                 bool
	}{
		{"ordinary", shift(t, "2026-04-06", "09:00", "18:00", 60, hours.Workday), 480, 0, 0, 0, 0, false},
		{"two hours over", shift(t, "2026-04-06", "9:00", "20:00", 60, hours.Workday), 600, 120, 0, 0, 0, false},
		// 22:00-06:00 is 8 h; 22:00-05:00 is 7 h of night, capped at the 7 h worked.
		{"night shift with break", shift(t, "2026-04-06", "22:00", "06:00", 60, hours.Workday), 420, 0, 0, 420, 0, true},
		// 20:00-07:00: 11 h span, 10 h worked, night 22:00-05:00 = 7 h.
		{"long night shift", shift(t, "2026-04-06", "20:00", "07:00", 60, hours.Workday), 600, 120, 0, 420, 0, true},
		// 00:00-05:00 and 22:00-24:00 are night: 5 h + 2 h.
		{"whole day", shift(t, "2026-04-06", "00:00", "24:00", 0, hours.Workday), 1440, 960, 0, 420, 0, false},
		{"early and late", shift(t, "2026-04-06", "04:00", "23:00", 0, hours.Workday), 1140, 660, 0, 120, 0, false},
		{"ends at midnight", shift(t, "2026-04-06", "23:00", "00:00", 0, hours.Workday), 60, 0, 0, 60, 0, false},
		{"ends one minute after midnight", shift(t, "2026-04-06", "23:00", "00:01", 0, hours.Workday), 61, 0, 0, 61, 0, true},
		// Everything on a statutory holiday is holiday work, never overtime.
		{"statutory holiday", shift(t, "2026-04-05", "09:00", "20:00", 60, hours.StatutoryHoliday), 600, 0, 600, 0, 0, false},
		{"non-statutory holiday", shift(t, "2026-04-11", "09:00", "20:00", 60, hours.NonStatutoryHoliday), 600, 120, 0, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := compute(t, []hours.Day{tt.day}, hours.Options{})
			d := r.Days[0]
			got := []int{int(d.Worked), int(d.DailyOvertime), int(d.HolidayWork), int(d.LateNight), int(d.RousaiOvertime)}
			want := []int{tt.worked, tt.dailyOT, tt.holiday, tt.night, tt.rousai}
			if fmt.Sprint(got) != fmt.Sprint(want) || d.CrossesMidnight != tt.crosses {
				t.Errorf("worked, daily OT, holiday, night, rousai = %v crosses=%v; want %v crosses=%v", got, d.CrossesMidnight, want, tt.crosses)
			}
			if d.Overtime != d.DailyOvertime+d.WeeklyOvertime {
				t.Errorf("overtime %d != daily %d + weekly %d", d.Overtime, d.DailyOvertime, d.WeeklyOvertime)
			}
		})
	}
}

func TestDayValidation(t *testing.T) {
	tests := []struct {
		name string
		day  hours.Day
		want error
	}{
		{"same start and end", shift(t, "2026-04-06", "09:00", "09:00", 0, hours.Workday), hours.ErrAmbiguousShift},
		{"break as long as shift", shift(t, "2026-04-06", "09:00", "10:00", 60, hours.Workday), hours.ErrBreakTooLong},
		{"break longer than shift", shift(t, "2026-04-06", "22:00", "01:00", 181, hours.Workday), hours.ErrBreakTooLong},
		{"negative break", shift(t, "2026-04-06", "09:00", "10:00", -1, hours.Workday), hours.ErrBadBreak},
		{"bad type", shift(t, "2026-04-06", "09:00", "10:00", 0, "holiday"), hours.ErrBadDayType},
		{"start 24:00", shift(t, "2026-04-06", "24:00", "10:00", 0, hours.Workday), hours.ErrBadTime},
		{"zero date", hours.Day{Start: 60, End: 120, Type: hours.Workday}, hours.ErrBadDate},
		{"note with newline", hours.Day{Date: date(t, "2026-04-06"), Start: 60, End: 120, Type: hours.Workday, Note: "a\nb"}, hours.ErrBadNote},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.day.Validate()
			if !errors.Is(err, tt.want) || !errors.Is(err, apperr.ErrInvalidInput) {
				t.Fatalf("Validate = %v, want %v", err, tt.want)
			}
			if _, err := hours.Compute([]hours.Day{tt.day}, hours.Options{}); !errors.Is(err, tt.want) {
				t.Fatalf("Compute accepted an invalid day: %v", err)
			}
		})
	}
	d := shift(t, "2026-04-06", "09:00", "18:00", 60, hours.Workday)
	if _, err := hours.Compute([]hours.Day{d, d}, hours.Options{}); !errors.Is(err, hours.ErrDuplicateDate) {
		t.Fatalf("Compute with a repeated date: %v", err)
	}
}

// week builds consecutive days from first, one per spec "HH:MM-HH:MM/break/type".
func week(t testing.TB, first string, specs ...string) []hours.Day {
	t.Helper()
	d := date(t, first)
	var out []hours.Day
	for i, s := range specs {
		if s == "" {
			continue
		}
		var start, end, typ string
		var brk int
		parts := strings.Split(s, "/")
		start, end, _ = strings.Cut(parts[0], "-")
		fmt.Sscan(parts[1], &brk)
		typ = parts[2]
		out = append(out, hours.Day{Date: d.AddDays(i), Start: clock(t, start), End: clock(t, end), BreakMinutes: brk, Type: hours.DayType(typ)})
	}
	return out
}

const (
	w8  = "09:00-17:00/0/workday"               // 8 h
	w10 = "09:00-20:00/60/workday"              // 10 h
	n8  = "09:00-17:00/0/non_statutory_holiday" // 8 h
	n5  = "09:00-14:00/0/non_statutory_holiday" // 5 h
	s8  = "09:00-17:00/0/statutory_holiday"     // 8 h
)

func TestWeeks(t *testing.T) {
	tests := []struct {
		name       string
		days       []hours.Day
		opts       hours.Options
		weeklyOT   []int // per day, in order
		overtime   int
		holiday    int
		rousai     int
		weekStarts []string
	}{
		{
			// Mon 2026-04-06 to Sun 04-12, 8 h each. Sunday weeks: Mon-Sat is
			// 48 h, 8 h beyond 40 arise on Saturday; Sunday starts a new week.
			name:       "six days then Sunday, Sunday start",
			days:       week(t, "2026-04-06", w8, w8, w8, w8, w8, w8, w8),
			weeklyOT:   []int{0, 0, 0, 0, 0, 480, 0},
			overtime:   480,
			rousai:     480,
			weekStarts: []string{"2026-04-05", "2026-04-12"},
		},
		{
			// The same days in one Monday week: 56 h, Saturday and Sunday beyond 40.
			name:       "six days then Sunday, Monday start",
			days:       week(t, "2026-04-06", w8, w8, w8, w8, w8, w8, w8),
			opts:       hours.Options{WeekStart: time.Monday},
			weeklyOT:   []int{0, 0, 0, 0, 0, 480, 480},
			overtime:   960,
			rousai:     960,
			weekStarts: []string{"2026-04-06"},
		},
		{
			// Daily overtime first: 5 x 2 h = 10 h; the remaining 5 x 8 h make
			// exactly 40, so Saturday's 5 h (non-statutory day off) are weekly
			// overtime. Total 15 h. Rousai: 55 h in the week, 15 beyond 40.
			name:       "daily first, then weekly",
			days:       week(t, "2026-04-06", w10, w10, w10, w10, w10, n5),
			weeklyOT:   []int{0, 0, 0, 0, 0, 300},
			overtime:   900,
			rousai:     900,
			weekStarts: []string{"2026-04-05"},
		},
		{
			// A statutory day off (Sunday 04-05) is holiday work: not counted
			// towards 40 h for overtime, but counted for Rousai (63 h - 40).
			name:       "statutory holiday stays out of the 40 hours",
			days:       week(t, "2026-04-05", s8, w10, w10, w10, w10, w10, n5),
			weeklyOT:   []int{0, 0, 0, 0, 0, 0, 300},
			overtime:   900,
			holiday:    480,
			rousai:     1380,
			weekStarts: []string{"2026-04-05"},
		},
		{
			// The same week with Sunday as a non-statutory day off: its 8 h
			// count towards 40, which Sunday to Thursday reach (8 + 4 x 8), so
			// Friday's first 8 h and Saturday's 5 h are weekly overtime.
			name:       "non-statutory holiday counts towards the 40 hours",
			days:       week(t, "2026-04-05", n8, w10, w10, w10, w10, w10, n5),
			weeklyOT:   []int{0, 0, 0, 0, 0, 480, 300},
			overtime:   1380,
			rousai:     1380,
			weekStarts: []string{"2026-04-05"},
		},
		{
			// Four 10-hour days: 8 h of overtime a day basis, none for Rousai.
			name:       "forty hours in four days",
			days:       week(t, "2026-04-06", w10, w10, w10, w10),
			weeklyOT:   []int{0, 0, 0, 0},
			overtime:   480,
			rousai:     0,
			weekStarts: []string{"2026-04-05"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := compute(t, tt.days, tt.opts)
			var weekly []int
			var ot, hol, rou int
			for _, d := range r.Days {
				weekly = append(weekly, int(d.WeeklyOvertime))
				ot += int(d.Overtime)
				hol += int(d.HolidayWork)
				rou += int(d.RousaiOvertime)
			}
			if fmt.Sprint(weekly) != fmt.Sprint(tt.weeklyOT) {
				t.Errorf("weekly overtime per day %v, want %v", weekly, tt.weeklyOT)
			}
			if ot != tt.overtime || hol != tt.holiday || rou != tt.rousai {
				t.Errorf("overtime %d holiday %d rousai %d; want %d %d %d", ot, hol, rou, tt.overtime, tt.holiday, tt.rousai)
			}
			var starts []string
			var weekOT int
			for _, w := range r.Weeks {
				starts = append(starts, w.Start.String())
				weekOT += int(w.Overtime)
				if w.End != w.Start.AddDays(6) {
					t.Errorf("week %s ends %s", w.Start, w.End)
				}
			}
			if fmt.Sprint(starts) != fmt.Sprint(tt.weekStarts) || weekOT != tt.overtime {
				t.Errorf("weeks %v (overtime %d), want %v (%d)", starts, weekOT, tt.weekStarts, tt.overtime)
			}
		})
	}
}

func TestWeekStraddlingMonths(t *testing.T) {
	// Sun 2026-04-26 to Sat 05-02. Mon-Thu (April) 10 h: 4 x 2 h daily
	// overtime in April, 32 h regular. Fri 05-01 8 h reaches 40; Sat 05-02
	// 8 h is weekly overtime in May. Rousai: 40 h are reached on Thursday
	// (4 x 10 h), so Friday's 8 h and Saturday's 8 h are beyond, in May.
	days := week(t, "2026-04-27", w10, w10, w10, w10, w8, w8)
	r := compute(t, days, hours.Options{})
	apr, may := month(t, r, "2026-04"), month(t, r, "2026-05")
	if apr.Overtime != 480 || apr.DailyOvertime != 480 || apr.WeeklyOvertime != 0 {
		t.Errorf("April overtime %+v", apr.Totals)
	}
	if may.Overtime != 480 || may.WeeklyOvertime != 480 {
		t.Errorf("May overtime %+v", may.Totals)
	}
	if apr.RousaiOvertime != 0 || may.RousaiOvertime != 960 {
		t.Errorf("Rousai April %d May %d, want 0 and 960", apr.RousaiOvertime, may.RousaiOvertime)
	}
	if len(r.Weeks) != 1 || r.Weeks[0].Overtime != 960 || r.Weeks[0].Start.String() != "2026-04-26" {
		t.Errorf("weeks %+v", r.Weeks)
	}
	// With Monday weeks, a Sunday 05-03 (non-statutory) is in the same week: 8 h more in May.
	days = append(days, shift(t, "2026-05-03", "09:00", "17:00", 0, hours.NonStatutoryHoliday))
	r = compute(t, days, hours.Options{WeekStart: time.Monday})
	if may := month(t, r, "2026-05"); may.Overtime != 960 {
		t.Errorf("Monday weeks: May overtime %d, want 960", may.Overtime)
	}
}

func TestOvernightShiftAcrossMonthEnd(t *testing.T) {
	// 2026-04-30 22:00 to 05-01 06:00 with a 60-minute break belongs to April.
	r := compute(t, []hours.Day{shift(t, "2026-04-30", "22:00", "06:00", 60, hours.Workday)}, hours.Options{})
	if len(r.Months) != 1 || r.Months[0].Month != "2026-04" {
		t.Fatalf("months %+v", r.Months)
	}
	m := r.Months[0]
	if m.Worked != 420 || m.LateNight != 420 || m.ShiftsCrossingMidnight != 1 {
		t.Errorf("April %+v", m.Totals)
	}
}

func TestLeapYear(t *testing.T) {
	// Mon 2028-02-28 to Sat 03-04, 8 h each; the Sunday week runs
	// 02-27 to 03-04 across the leap day. Saturday's 8 h are March's.
	days := week(t, "2028-02-28", w8, w8, w8, w8, w8, w8)
	if days[1].Date.String() != "2028-02-29" || days[2].Date.String() != "2028-03-01" {
		t.Fatalf("dates %v %v", days[1].Date, days[2].Date)
	}
	r := compute(t, days, hours.Options{})
	if len(r.Weeks) != 1 || r.Weeks[0].Start.String() != "2028-02-27" {
		t.Fatalf("weeks %+v", r.Weeks)
	}
	feb, mar := month(t, r, "2028-02"), month(t, r, "2028-03")
	if feb.DaysWorked != 2 || feb.Worked != 960 || feb.Overtime != 0 || mar.Overtime != 480 {
		t.Errorf("Feb %+v Mar %+v", feb.Totals, mar.Totals)
	}
	if _, err := hours.ParseCSV(strings.NewReader("date,start,end,break_minutes,day_type\n2027-02-29,09:00,17:00,0,workday\n")); !errors.Is(err, hours.ErrBadDate) {
		t.Errorf("2027-02-29 accepted: %v", err)
	}
}

func TestMonthsAreContiguousAndYearsConfigurable(t *testing.T) {
	days := []hours.Day{
		shift(t, "2026-01-05", "09:00", "19:00", 0, hours.Workday),
		shift(t, "2026-04-06", "09:00", "19:00", 0, hours.Workday),
	}
	r := compute(t, days, hours.Options{})
	var ms []string
	for _, m := range r.Months {
		ms = append(ms, m.Month)
	}
	if fmt.Sprint(ms) != "[2026-01 2026-02 2026-03 2026-04]" {
		t.Errorf("months %v", ms)
	}
	if len(r.Years) != 1 || r.Years[0].From != "2026-01" || r.Years[0].To != "2026-12" || r.Years[0].Overtime != 240 {
		t.Errorf("calendar years %+v", r.Years)
	}
	r = compute(t, days, hours.Options{YearStartMonth: time.April})
	if len(r.Years) != 2 || r.Years[0].From != "2025-04" || r.Years[0].To != "2026-03" || r.Years[1].From != "2026-04" ||
		r.Years[0].Overtime != 120 || r.Years[1].Overtime != 120 || r.Years[0].Year != 2025 {
		t.Errorf("April years %+v", r.Years)
	}
	if r.YearStartMonth != 4 || r.WeekStart != "sunday" {
		t.Errorf("options in report: %d %s", r.YearStartMonth, r.WeekStart)
	}
	empty := compute(t, nil, hours.Options{})
	if empty.Days == nil || empty.Flags == nil || empty.Months == nil {
		t.Errorf("empty report has nil slices: %+v", empty)
	}
}
