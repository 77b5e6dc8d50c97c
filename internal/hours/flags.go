package hours

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// Flag ids. They are stable: exports and the app refer to them.
const (
	FlagOver45hMonth          = "over-45h-month"
	FlagOver360hYear          = "over-360h-year"
	FlagOver720hYear          = "over-720h-year"
	Flag100hMonth             = "100h-month"
	FlagAverageOver80h        = "average-over-80h"
	FlagOver45hMoreThan6Month = "over-45h-more-than-6-months"
	FlagRousai80hMonth        = "rousai-80h-month"
	FlagRousai100h3Months     = "rousai-100h-3-months"
	FlagRousai120h2Months     = "rousai-120h-2-months"
	FlagRousai160hMonth       = "rousai-160h-month"
	FlagRousaiContinuousWork  = "rousai-continuous-work"
)

// flagOrder is the display order of flags that start in the same period.
var flagOrder = []string{
	FlagRousai160hMonth, FlagRousai120h2Months, FlagRousai100h3Months, FlagRousai80hMonth,
	Flag100hMonth, FlagAverageOver80h, FlagOver45hMonth,
	FlagOver720hYear, FlagOver360hYear, FlagOver45hMoreThan6Month,
	FlagRousaiContinuousWork,
}

// FlagIDs returns every flag id in display order.
func FlagIDs() []string { return slices.Clone(flagOrder) }

// Thresholds. Sources: Labor Standards Act art. 36 as explained in
// "Explanations of Labor-Related Laws" ch. 7 I(4), PDF pp. 93-94; the
// 2020 psychological-load evaluation table (training pack, material 3):
// special events, item 16 and item 17 (items 12 and 13 of the 2023 table,
// which keeps these hours; docs/RULES.md).
const (
	cap45Month          Minutes = 45 * 60  // overtime, more than
	cap360Year          Minutes = 360 * 60 // overtime, more than
	cap720Year          Minutes = 720 * 60 // overtime, more than
	cap100Month         Minutes = 100 * 60 // overtime + holiday work, at least
	capAverage          Minutes = 80 * 60  // overtime + holiday work, average more than
	capMonthsOver45             = 6        // months over 45 h in a year, more than
	rousai80            Minutes = 80 * 60  // at least
	rousai100           Minutes = 100 * 60 // at least, each of 3 consecutive months
	rousai120           Minutes = 120 * 60 // at least, each of 2 consecutive months
	rousai160           Minutes = 160 * 60 // more than
	rousaiContinuousDay         = 12       // days in a row, at least
)

// Measure names what a flag's value counts.
type Measure string

const (
	// MeasureOvertime: work beyond 8 h a day and 40 h a week, statutory
	// holiday work excluded (Totals.Overtime).
	MeasureOvertime Measure = "overtime"
	// MeasureOvertimeAndHoliday: Overtime plus statutory holiday work
	// (Totals.OvertimeAndHoliday).
	MeasureOvertimeAndHoliday Measure = "overtime_and_holiday"
	// MeasureRousaiOvertime: work beyond 40 h in each week, every day
	// counted (Totals.RousaiOvertime).
	MeasureRousaiOvertime Measure = "rousai_overtime"
	// MeasureMonthsOver45h: months in a year with Overtime over 45 h.
	MeasureMonthsOver45h Measure = "months_over_45h"
	// MeasureDaysInARow: consecutive calendar days with work logged.
	MeasureDaysInARow Measure = "days_in_a_row"
)

// Unit is the unit of a flag's value and threshold.
type Unit string

const (
	UnitMinutes Unit = "minutes"
	UnitMonths  Unit = "months"
	UnitDays    Unit = "days"
)

// Flag is a limit or pattern the log reaches. It is a pointer to a rule,
// not a finding: only a labour office or a court decides.
type Flag struct {
	ID string `json:"id"`
	// Rule is the id of the rule in the library (internal/rules) that
	// explains the limit; Related are further rules worth reading.
	Rule    string   `json:"rule"`
	Related []string `json:"related_rules,omitempty"`
	// From and To are the period: YYYY-MM for months and years, YYYY-MM-DD
	// for runs of days. Equal for a single month.
	From    string  `json:"from"`
	To      string  `json:"to"`
	Measure Measure `json:"measure"`
	Unit    Unit    `json:"unit"`
	// Value is what was measured. For a run of months it is the lowest
	// month of the run; for an average it is the total over the window
	// (the average is Value/Months) and Threshold is 80 h times Months.
	Value     int `json:"value"`
	Threshold int `json:"threshold"`
	// AtLeast: the flag is raised at Value >= Threshold; otherwise only
	// at Value > Threshold.
	AtLeast bool `json:"at_least"`
	// Months is the length of the window or run of months; 0 otherwise.
	Months int `json:"months,omitempty"`
}

// Touches reports whether the flag's period includes month ym (YYYY-MM).
func (f Flag) Touches(ym string) bool {
	if len(f.From) < 7 || len(f.To) < 7 {
		return false
	}
	return f.From[:7] <= ym && ym <= f.To[:7]
}

// Title is a short name of the flag in lang ("ja" or "en").
func (f Flag) Title(lang string) string { return i18n.Default().T(lang, "hours.flag_title."+f.ID) }

// Text is one sentence in lang saying what was reached, with the figures.
func (f Flag) Text(lang string) string {
	c := i18n.Default()
	key := "hours.flag." + f.ID
	val := Minutes(f.Value).String()
	switch f.ID {
	case FlagOver45hMonth, Flag100hMonth, FlagRousai80hMonth, FlagRousai160hMonth:
		return c.T(lang, key, f.From, val)
	case FlagOver360hYear, FlagOver720hYear:
		return c.T(lang, key, f.From, f.To, val)
	case FlagAverageOver80h:
		return c.T(lang, key, f.From, f.To, f.Months, averageLabel(f.Value, f.Months), val)
	case FlagOver45hMoreThan6Month:
		return c.T(lang, key, f.From, f.To, f.Value)
	case FlagRousai100h3Months, FlagRousai120h2Months:
		return c.T(lang, key, f.From, f.To, f.Months, val)
	case FlagRousaiContinuousWork:
		return c.T(lang, key, f.From, f.To, f.Value)
	}
	return f.ID
}

// averageLabel formats total/months as H:MM, with seconds when the
// average is not a whole minute, so that 80:00:10 is never shown as 80:00.
func averageLabel(total, months int) string {
	if months <= 0 {
		return "0:00"
	}
	sec := total * 60 / months
	s := Minutes(sec / 60).String()
	if sec%60 != 0 {
		s += fmt.Sprintf(":%02d", sec%60)
	}
	return s
}

// Notes are the assumptions behind the figures, in lang, for reports and
// exports to print with them.
func Notes(lang string) []string {
	c := i18n.Default()
	out := make([]string, len(noteKeys))
	for i, k := range noteKeys {
		out[i] = c.T(lang, k)
	}
	return out
}

var noteKeys = []string{
	"hours.note.start_date",
	"hours.note.overtime",
	"hours.note.holiday",
	"hours.note.rousai",
	"hours.note.late_night",
	"hours.note.gaps",
	"hours.note.year",
	"hours.note.systems",
}

// flags finds every flag in a computed report. r.Months is contiguous.
func flags(r Report) []Flag {
	var out []Flag
	ms := r.Months
	month := func(id, rule string, m MonthSummary, meas Measure, v, limit Minutes, atLeast bool, related ...string) {
		out = append(out, Flag{ID: id, Rule: rule, Related: related, From: m.Month, To: m.Month,
			Measure: meas, Unit: UnitMinutes, Value: int(v), Threshold: int(limit), AtLeast: atLeast})
	}
	for i, m := range ms {
		if m.Overtime > cap45Month {
			month(FlagOver45hMonth, "overtime-caps", m, MeasureOvertime, m.Overtime, cap45Month, false)
		}
		if m.OvertimeAndHoliday >= cap100Month {
			month(Flag100hMonth, "overtime-caps", m, MeasureOvertimeAndHoliday, m.OvertimeAndHoliday, cap100Month, true)
		}
		if f, ok := averageFlag(ms, i); ok {
			out = append(out, f)
		}
		if m.RousaiOvertime >= rousai80 {
			month(FlagRousai80hMonth, "rousai-item-80-hours", m, MeasureRousaiOvertime, m.RousaiOvertime, rousai80, true)
		}
		if m.RousaiOvertime > rousai160 {
			month(FlagRousai160hMonth, "rousai-special-events", m, MeasureRousaiOvertime, m.RousaiOvertime, rousai160, false, "rousai-item-80-hours")
		}
	}
	out = append(out, monthRuns(ms, FlagRousai100h3Months, rousai100, 3, "rousai-overall-assessment")...)
	out = append(out, monthRuns(ms, FlagRousai120h2Months, rousai120, 2)...)
	for _, y := range r.Years {
		year := func(id string, v, limit int, meas Measure, unit Unit) {
			out = append(out, Flag{ID: id, Rule: "overtime-caps", From: y.From, To: y.To,
				Measure: meas, Unit: unit, Value: v, Threshold: limit})
		}
		if y.Overtime > cap360Year {
			year(FlagOver360hYear, int(y.Overtime), int(cap360Year), MeasureOvertime, UnitMinutes)
		}
		if y.Overtime > cap720Year {
			year(FlagOver720hYear, int(y.Overtime), int(cap720Year), MeasureOvertime, UnitMinutes)
		}
		if y.MonthsOver45 > capMonthsOver45 {
			year(FlagOver45hMoreThan6Month, y.MonthsOver45, capMonthsOver45, MeasureMonthsOver45h, UnitMonths)
		}
	}
	out = append(out, continuousRuns(r.Days)...)

	rank := func(id string) int { return slices.Index(flagOrder, id) }
	slices.SortStableFunc(out, func(a, b Flag) int {
		if c := strings.Compare(a.From, b.From); c != 0 {
			return c
		}
		return cmpInt(rank(a.ID), rank(b.ID))
	})
	if out == nil {
		out = []Flag{}
	}
	return out
}

// averageFlag checks the windows of 2 to 6 months ending at month i and
// reports the one with the highest average above 80 hours (the longest
// on a tie), if any.
func averageFlag(ms []MonthSummary, i int) (Flag, bool) {
	bestN, bestTotal := 0, Minutes(0)
	var total Minutes
	for n := 1; n <= 6 && n <= i+1; n++ {
		total += ms[i-n+1].OvertimeAndHoliday
		if n < 2 || total <= capAverage*Minutes(n) {
			continue
		}
		// total/n >= bestTotal/bestN, compared without division.
		if bestN == 0 || int(total)*bestN >= int(bestTotal)*n {
			bestN, bestTotal = n, total
		}
	}
	if bestN == 0 {
		return Flag{}, false
	}
	return Flag{ID: FlagAverageOver80h, Rule: "overtime-caps", From: ms[i-bestN+1].Month, To: ms[i].Month,
		Measure: MeasureOvertimeAndHoliday, Unit: UnitMinutes, Value: int(bestTotal),
		Threshold: int(capAverage) * bestN, Months: bestN}, true
}

// monthRuns flags each maximal run of at least n consecutive months whose
// Rousai overtime is each at least limit.
func monthRuns(ms []MonthSummary, id string, limit Minutes, n int, related ...string) []Flag {
	var out []Flag
	for i := 0; i < len(ms); {
		if ms[i].RousaiOvertime < limit {
			i++
			continue
		}
		j, low := i, ms[i].RousaiOvertime
		for j < len(ms) && ms[j].RousaiOvertime >= limit {
			low = min(low, ms[j].RousaiOvertime)
			j++
		}
		if j-i >= n {
			out = append(out, Flag{ID: id, Rule: "rousai-item-80-hours", Related: related,
				From: ms[i].Month, To: ms[j-1].Month, Measure: MeasureRousaiOvertime, Unit: UnitMinutes,
				Value: int(low), Threshold: int(limit), AtLeast: true, Months: j - i})
		}
		i = j
	}
	return out
}

// continuousRuns flags each run of at least 12 consecutive calendar days
// with work logged. days are sorted and every one has work.
func continuousRuns(days []DaySummary) []Flag {
	var out []Flag
	for i := 0; i < len(days); {
		j := i + 1
		for j < len(days) && days[j].Date == days[j-1].Date.AddDays(1) {
			j++
		}
		if j-i >= rousaiContinuousDay {
			out = append(out, Flag{ID: FlagRousaiContinuousWork, Rule: "rousai-item-continuous-work",
				Related: []string{"breaks-and-days-off"},
				From:    days[i].Date.String(), To: days[j-1].Date.String(), Measure: MeasureDaysInARow,
				Unit: UnitDays, Value: j - i, Threshold: rousaiContinuousDay, AtLeast: true})
		}
		i = j
	}
	return out
}

// Label names the measure in lang ("ja" or "en").
func (m Measure) Label(lang string) string { return i18n.Default().T(lang, "hours.measure."+string(m)) }
