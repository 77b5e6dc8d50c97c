package hours

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// The onset view: how the labour standards office counts overtime for a
// Rousai claim for a mental disorder. It does not use calendar months but
// 30-day periods counted back from the onset of the illness (発病日), six of
// them, and counts as overtime all work beyond 40 hours a week, statutory
// holidays included, by the ministry's method for a period of n days:
//
//	overtime = hours worked in the period − 40 × n ÷ 7
//
// The periods here end the day before onset: period 1 is the 30 days
// before the onset day, period 2 the 30 before those, and so on. A lawyer
// who counts the onset day itself enters the next day as onset.

// OnsetPeriodDays is the length of one period (the ministry's "1か月").
const OnsetPeriodDays = 30

// OnsetPeriods is how many periods the view shows: the six months before
// onset that the criteria evaluate.
const OnsetPeriods = 6

// OnsetPeriod is one 30-day period before onset.
type OnsetPeriod struct {
	N    int  `json:"n"` // 1: the 30 days just before onset
	From Date `json:"from"`
	To   Date `json:"to"`
	// Worked is all work logged in the period, statutory holidays
	// included; days without a log line count as no work.
	Worked Minutes `json:"worked_minutes"`
	// Overtime is Worked less 40 × 30 ÷ 7 hours (171:26), rounded to the
	// minute, and never below zero.
	Overtime   Minutes `json:"overtime_minutes"`
	LoggedDays int     `json:"logged_days"` // days of the period with a log line
}

// OnsetView is the six periods before an onset date and what the Rousai
// table says of their overtime.
type OnsetView struct {
	Onset   Date          `json:"onset"`
	Periods []OnsetPeriod `json:"periods"` // nearest first
	// Average[k-1] is the average overtime of periods 1 to k.
	Average []Minutes   `json:"average_minutes"`
	Flags   []OnsetFlag `json:"flags"`
}

// OnsetFlag is a threshold of the Rousai criteria that the periods reach.
type OnsetFlag struct {
	ID      string `json:"id"`   // one of the FlagRousai... ids
	Rule    string `json:"rule"` // the rule library's id
	Periods []int  `json:"periods"`
	// Value is the overtime that reached it: the lowest of Periods.
	Value Minutes `json:"value_minutes"`
}

// Onset computes the onset view of days for a disorder that began on
// onset.
func Onset(days []Day, onset Date, opts Options) (OnsetView, error) {
	if !onset.Valid() {
		return OnsetView{}, fmt.Errorf("onset date %v: %w", onset, apperr.ErrInvalidInput)
	}
	v := OnsetView{Onset: onset, Periods: []OnsetPeriod{}, Average: []Minutes{}, Flags: []OnsetFlag{}}
	var rep Report
	if len(days) > 0 {
		var err error
		if rep, err = Compute(days, opts); err != nil {
			return OnsetView{}, err
		}
	}
	for n := 1; n <= OnsetPeriods; n++ {
		p := OnsetPeriod{N: n, From: onset.AddDays(-OnsetPeriodDays * n), To: onset.AddDays(-OnsetPeriodDays*(n-1) - 1)}
		for _, d := range rep.Days {
			if !d.Date.Before(p.From) && !p.To.Before(d.Date) {
				p.Worked += d.Worked
				p.LoggedDays++
			}
		}
		p.Overtime = ministryOvertime(p.Worked, OnsetPeriodDays)
		v.Periods = append(v.Periods, p)
	}
	var sum Minutes
	for i, p := range v.Periods {
		sum += p.Overtime
		v.Average = append(v.Average, roundDiv(sum, Minutes(i+1)))
	}
	v.Flags = onsetFlags(v.Periods)
	return v, nil
}

// ministryOvertime is worked − 40 h × days ÷ 7, rounded half up to the
// minute, at least 0.
func ministryOvertime(worked Minutes, days int) Minutes {
	// In sevenths of a minute, to stay exact: 7·worked − 40·60·days.
	sevenths := 7*int64(worked) - int64(WeeklyLimit)*int64(days)
	if sevenths <= 0 {
		return 0
	}
	return Minutes((sevenths + 3) / 7)
}

func roundDiv(a, b Minutes) Minutes { return (a + b/2) / b }

// onsetFlags applies the Rousai evaluation table's hours to the periods
// before onset (2023 table, item 12 and the special event of extremely
// long hours): more than about 160 hours in the period just before onset;
// about 120 hours in each of the two periods before onset; about 100 in
// each of the three; 80 hours or more in any period.
func onsetFlags(ps []OnsetPeriod) []OnsetFlag {
	out := []OnsetFlag{}
	if len(ps) == 0 {
		return out
	}
	if ps[0].Overtime > rousai160 {
		out = append(out, OnsetFlag{ID: FlagRousai160hMonth, Rule: "rousai-special-events", Periods: []int{1}, Value: ps[0].Overtime})
	}
	run := func(id, rule string, limit Minutes, n int) {
		if len(ps) < n {
			return
		}
		low := ps[0].Overtime
		var periods []int
		for _, p := range ps[:n] {
			if p.Overtime < limit {
				return
			}
			low = min(low, p.Overtime)
			periods = append(periods, p.N)
		}
		out = append(out, OnsetFlag{ID: id, Rule: rule, Periods: periods, Value: low})
	}
	run(FlagRousai120h2Months, "rousai-item-80-hours", rousai120, 2)
	run(FlagRousai100h3Months, "rousai-overall-assessment", rousai100, 3)
	var over80 []int
	low := Minutes(-1)
	for _, p := range ps {
		if p.Overtime >= rousai80 {
			over80 = append(over80, p.N)
			if low < 0 || p.Overtime < low {
				low = p.Overtime
			}
		}
	}
	if len(over80) > 0 {
		out = append(out, OnsetFlag{ID: FlagRousai80hMonth, Rule: "rousai-item-80-hours", Periods: over80, Value: low})
	}
	return out
}

// Text is the flag in lang ("ja" or "en"), with its periods and figure.
func (f OnsetFlag) Text(lang string) string {
	var ps []string
	for _, p := range f.Periods {
		ps = append(ps, strconv.Itoa(p))
	}
	sep := ", "
	if lang == "ja" || lang == "ja-x-easy" {
		sep = "・"
	}
	return i18n.Default().T(lang, "hours.onset_flag."+f.ID, strings.Join(ps, sep), f.Value.String())
}
