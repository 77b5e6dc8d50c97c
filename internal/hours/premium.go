package hours

// Premiums split a month's hours by the premium rate the Labor Standards
// Act (art. 37) sets for them, so that a lawyer can price unpaid overtime
// from the worker's hourly wage: overtime 25 % up to 60 hours in the month
// and 50 % beyond, work on the statutory holiday 35 %, late-night work
// (22:00-05:00) 25 % more, added to the others (overtime and late night
// 50 %, or 75 % beyond 60 hours; holiday and late night 60 %). Each
// minute is in one band only; the bands add up to the time worked less
// the regular daytime hours.
//
// Where in a shift the overtime and the breaks fell is not logged, so the
// split assumes what is usual: the breaks were taken within the regular
// hours, and the overtime was the end of the shift (the hours beyond 60
// in the month the last of it). A break taken at night makes the real
// late-night figures lower by up to the break.
type Premiums struct {
	Overtime25      Minutes `json:"overtime_25_minutes"`       // overtime within 60 h in the month, by day
	Overtime50      Minutes `json:"overtime_50_minutes"`       // overtime beyond 60 h in the month, by day
	Holiday35       Minutes `json:"holiday_35_minutes"`        // statutory holiday work, by day
	Night25         Minutes `json:"night_25_minutes"`          // late night within the regular hours
	OvertimeNight50 Minutes `json:"overtime_night_50_minutes"` // overtime within 60 h, at night
	OvertimeNight75 Minutes `json:"overtime_night_75_minutes"` // overtime beyond 60 h, at night
	HolidayNight60  Minutes `json:"holiday_night_60_minutes"`  // statutory holiday work at night
}

// premiumMonthly is the monthly overtime beyond which the rate is 50 %.
const premiumMonthly Minutes = 60 * 60

// nightIn is the part of the span from a to b (minutes from the start of
// the shift's day; b may pass midnight) that lies between 22:00 and 05:00.
func nightIn(a, b int) Minutes {
	var n int
	for _, w := range nightWindows {
		n += max(0, min(b, w[1])-max(a, w[0]))
	}
	return Minutes(n)
}

// addDay adds day d to p; cum is the month's overtime before d, and the
// month's overtime after it is returned.
func (p *Premiums) addDay(d DaySummary, cum Minutes) Minutes {
	s, e := int(d.Start), int(d.End)
	if e <= s {
		e += int(MidnightEnd)
	}
	if d.HolidayWork > 0 {
		night := min(d.LateNight, d.HolidayWork)
		p.HolidayNight60 += night
		p.Holiday35 += d.HolidayWork - night
		return cum
	}
	ot := d.Overtime
	// The overtime is the last ot minutes of the shift; of it, the part
	// beyond 60 hours in the month is the last.
	within := min(ot, max(0, premiumMonthly-cum))
	beyond := ot - within
	nightOT := min(nightIn(e-int(ot), e), ot)
	nightBeyond := min(nightIn(e-int(beyond), e), beyond)
	nightWithin := nightOT - nightBeyond
	p.Overtime25 += within - nightWithin
	p.OvertimeNight50 += nightWithin
	p.Overtime50 += beyond - nightBeyond
	p.OvertimeNight75 += nightBeyond
	p.Night25 += max(0, min(d.LateNight-nightOT, d.Worked-ot))
	return cum + ot
}
