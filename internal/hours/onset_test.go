package hours

import (
	"slices"
	"testing"
)

func mustDate(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A case computed by hand with the ministry's formula. Onset 2026-10-01:
// period 1 is 2026-09-01 to 2026-09-30, period 2 2026-08-02 to 2026-08-31.
//
// Period 1: every day 08:00-20:00 with a 1-hour break, 11 h × 30 days =
// 330 h = 19,800 min, statutory holidays included (the 6th is one).
// Overtime = 19,800 − 40 × 60 × 30 ÷ 7 = 19,800 − 10,285 5/7 = 9,514 2/7
// → 9,514 min = 158:34.
//
// Period 2: 22 days of 09:00-19:30 with a 1-hour break (9.5 h) =
// 209 h = 12,540 min; overtime = 12,540 − 10,285 5/7 = 2,254 2/7 → 2,254
// min = 37:34. The days 2026-08-01 and before are in period 3: 31 July,
// 10 h, gives 600 min < 171:26, overtime 0.
func TestOnsetHandComputed(t *testing.T) {
	var days []Day
	for d := mustDate(t, "2026-09-01"); d.Before(mustDate(t, "2026-10-01")); d = d.AddDays(1) {
		typ := Workday
		if d.Day == 6 {
			typ = StatutoryHoliday
		}
		days = append(days, Day{Date: d, Start: 8 * 60, End: 20 * 60, BreakMinutes: 60, Type: typ})
	}
	n := 0
	for d := mustDate(t, "2026-08-02"); n < 22; d = d.AddDays(1) {
		if d.Weekday() == 0 { // Sundays off, and the days after the 22 worked ones
			continue
		}
		days = append(days, Day{Date: d, Start: 9 * 60, End: 19*60 + 30, BreakMinutes: 60, Type: Workday})
		n++
	}
	days = append(days, Day{Date: mustDate(t, "2026-07-31"), Start: 8 * 60, End: 19 * 60, BreakMinutes: 60, Type: Workday})
	// The onset day itself is not counted.
	days = append(days, Day{Date: mustDate(t, "2026-10-01"), Start: 0, End: 23 * 60, Type: Workday})

	v, err := Onset(days, mustDate(t, "2026-10-01"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := v.Periods
	if len(p) != 6 || p[0].From != mustDate(t, "2026-09-01") || p[0].To != mustDate(t, "2026-09-30") ||
		p[1].From != mustDate(t, "2026-08-02") || p[1].To != mustDate(t, "2026-08-31") || p[5].From != mustDate(t, "2026-04-04") {
		t.Fatalf("periods %+v", p)
	}
	if p[0].Worked != 19800 || p[0].Overtime != 9514 || p[0].LoggedDays != 30 {
		t.Errorf("period 1: %+v, want 19800 worked, 9514 overtime", p[0])
	}
	if p[1].Worked != 12540 || p[1].Overtime != 2254 || p[1].LoggedDays != 22 {
		t.Errorf("period 2: %+v, want 12540 worked, 2254 overtime", p[1])
	}
	if p[2].Worked != 600 || p[2].Overtime != 0 {
		t.Errorf("period 3: %+v", p[2])
	}
	if p[0].Overtime.String() != "158:34" {
		t.Errorf("shown as %s", p[0].Overtime)
	}
	// Averages: (9514+2254)/2 = 5884; over 6 periods 11768/6 = 1961.33 → 1961.
	if v.Average[0] != 9514 || v.Average[1] != 5884 || v.Average[5] != 1961 {
		t.Errorf("averages %v", v.Average)
	}
	// 158:34 in period 1: 80 h or more, not more than 160; period 2 is
	// under 120, so no two-period run.
	var ids []string
	for _, f := range v.Flags {
		ids = append(ids, f.ID)
	}
	if !slices.Equal(ids, []string{FlagRousai80hMonth}) || !slices.Equal(v.Flags[0].Periods, []int{1}) {
		t.Errorf("flags %+v", v.Flags)
	}
}

func TestOnsetThresholds(t *testing.T) {
	// Each period's overtime set directly through worked hours: worked =
	// overtime + 171:25 5/7.
	at := func(over ...Minutes) []OnsetPeriod {
		var ps []OnsetPeriod
		for i, o := range over {
			ps = append(ps, OnsetPeriod{N: i + 1, Overtime: o})
		}
		return ps
	}
	for _, tt := range []struct {
		name string
		over []Minutes
		want []string
	}{
		{"none", []Minutes{79 * 60, 0, 0, 0, 0, 0}, []string{}},
		{"80 exactly", []Minutes{0, 0, 0, 0, 80 * 60, 0}, []string{FlagRousai80hMonth}},
		{"160 is not more than 160", []Minutes{160 * 60, 0, 0, 0, 0, 0}, []string{FlagRousai80hMonth}},
		{"extreme", []Minutes{160*60 + 1, 0, 0, 0, 0, 0}, []string{FlagRousai160hMonth, FlagRousai80hMonth}},
		{"120 twice", []Minutes{120 * 60, 120 * 60, 0, 0, 0, 0}, []string{FlagRousai120h2Months, FlagRousai80hMonth}},
		{"120 not just before onset", []Minutes{0, 120 * 60, 120 * 60, 0, 0, 0}, []string{FlagRousai80hMonth}},
		{"100 three times", []Minutes{100 * 60, 100 * 60, 100 * 60, 0, 0, 0}, []string{FlagRousai100h3Months, FlagRousai80hMonth}},
	} {
		var ids []string
		for _, f := range onsetFlags(at(tt.over...)) {
			ids = append(ids, f.ID)
		}
		if ids == nil {
			ids = []string{}
		}
		if !slices.Equal(ids, tt.want) {
			t.Errorf("%s: flags %v, want %v", tt.name, ids, tt.want)
		}
	}
	if _, err := Onset(nil, Date{Year: 2026, Month: 2, Day: 30}, Options{}); err == nil {
		t.Error("an impossible onset date was accepted")
	}
	if v, err := Onset(nil, mustDate(t, "2026-10-01"), Options{}); err != nil || len(v.Periods) != 6 || v.Periods[0].Overtime != 0 {
		t.Errorf("no hours: %+v %v", v, err)
	}
}
