package hours

import "testing"

// A month computed by hand. Ten weekdays of 08:00-23:00 with an hour's
// break: 14 h worked, 6 h of daily overtime each, the last six hours of
// the shift (17:00-23:00), of which 22:00-23:00 at night. After ten days
// the month has 60 h of overtime, so the eleventh day's six hours are
// beyond 60. A night shift 21:00-05:00 with an hour's break (7 h, no
// overtime): 7 h at night within the regular hours. A statutory holiday
// 20:00-02:00: 6 h, 4 of them at night.
//
//	overtime 25 %        10 × (6 h − 1 h)  = 50 h   = 3000 min
//	overtime + night 50 % 10 × 1 h          = 10 h   =  600
//	overtime 50 %         1 × 5 h           =  5 h   =  300
//	overtime + night 75 % 1 × 1 h           =  1 h   =   60
//	night 25 %            7 h               =           420
//	holiday 35 %          2 h               =           120
//	holiday + night 60 %  4 h               =           240
func TestPremiumsHandComputed(t *testing.T) {
	var days []Day
	for _, d := range []string{"2026-10-05", "2026-10-06", "2026-10-07", "2026-10-08", "2026-10-09",
		"2026-10-12", "2026-10-13", "2026-10-14", "2026-10-15", "2026-10-16", "2026-10-19"} {
		days = append(days, Day{Date: mustDate(t, d), Start: 8 * 60, End: 23 * 60, BreakMinutes: 60, Type: Workday})
	}
	days = append(days,
		Day{Date: mustDate(t, "2026-10-22"), Start: 21 * 60, End: 5 * 60, BreakMinutes: 60, Type: Workday},
		Day{Date: mustDate(t, "2026-10-25"), Start: 20 * 60, End: 2 * 60, Type: StatutoryHoliday})
	rep, err := Compute(days, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, ok := rep.Month("2026-10")
	if !ok {
		t.Fatal("no October")
	}
	want := Premiums{Overtime25: 3000, OvertimeNight50: 600, Overtime50: 300, OvertimeNight75: 60, Night25: 420, Holiday35: 120, HolidayNight60: 240}
	if m.Premiums != want {
		t.Fatalf("premiums %+v, want %+v", m.Premiums, want)
	}
	// Every minute of overtime and of holiday work is in one band.
	p := m.Premiums
	if p.Overtime25+p.OvertimeNight50+p.Overtime50+p.OvertimeNight75 != m.Overtime || p.Holiday35+p.HolidayNight60 != m.HolidayWork {
		t.Fatalf("bands do not add up: %+v, overtime %d, holiday %d", p, m.Overtime, m.HolidayWork)
	}
}

// The 60-hour band is counted per calendar month: a new month starts
// again at 25 %.
func TestPremiumsBandPerMonth(t *testing.T) {
	var days []Day
	for d := mustDate(t, "2026-10-01"); d.Before(mustDate(t, "2026-11-06")); d = d.AddDays(1) {
		if w := d.Weekday(); w == 0 || w == 6 {
			continue
		}
		days = append(days, Day{Date: d, Start: 8 * 60, End: 21 * 60, BreakMinutes: 60, Type: Workday}) // 4 h overtime, none at night
	}
	rep, err := Compute(days, Options{})
	if err != nil {
		t.Fatal(err)
	}
	oct, _ := rep.Month("2026-10")
	nov, _ := rep.Month("2026-11")
	// October has 22 weekdays: 88 h of overtime, 60 at 25 %, 28 at 50 %.
	if oct.Premiums.Overtime25 != 3600 || oct.Premiums.Overtime50 != 28*60 {
		t.Fatalf("October %+v", oct.Premiums)
	}
	if nov.Premiums.Overtime25 != nov.Overtime || nov.Premiums.Overtime50 != 0 {
		t.Fatalf("November %+v", nov.Premiums)
	}
}
