package hours_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/hours"
)

// logBuilder makes logs whose monthly figures are known by construction:
// every weekday in a range is an 8-hour workday (08:00-16:00, no break),
// so with at most five workdays a week there is never weekly overtime and
// each month's overtime is exactly the extra time added to its days.
type logBuilder struct {
	t    testing.TB
	days map[hours.Date]hours.Day
}

func newLog(t testing.TB, from, to string) *logBuilder {
	b := &logBuilder{t, map[hours.Date]hours.Day{}}
	for d := date(t, from); !date(t, to).Before(d); d = d.AddDays(1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			b.days[d] = hours.Day{Date: d, Start: 8 * 60, End: 16 * 60, Type: hours.Workday}
		}
	}
	return b
}

// extra spreads minutes of extra work over the logged weekdays of month
// ym, at most 600 a day.
func (b *logBuilder) extra(ym string, minutes int) *logBuilder {
	b.t.Helper()
	for _, d := range b.sorted() {
		if minutes == 0 {
			return b
		}
		if d.Date.YearMonth() != ym || d.Type != hours.Workday || d.End != 16*60 {
			continue
		}
		x := min(minutes, 600)
		d.End = hours.Clock((16*60 + x) % (24 * 60))
		b.days[d.Date] = d
		minutes -= x
	}
	if minutes > 0 {
		b.t.Fatalf("%s: %d minutes left over", ym, minutes)
	}
	return b
}

// holiday adds work on a statutory holiday from 08:00.
func (b *logBuilder) holiday(day string, minutes int) *logBuilder {
	d := date(b.t, day)
	b.days[d] = hours.Day{Date: d, Start: 8 * 60, End: hours.Clock(8*60 + minutes), Type: hours.StatutoryHoliday}
	return b
}

func (b *logBuilder) sorted() []hours.Day {
	var out []hours.Day
	for _, d := range b.days {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, c hours.Day) int { return a.Date.Compare(c.Date) })
	return out
}

func (b *logBuilder) report() hours.Report { return compute(b.t, b.sorted(), hours.Options{}) }

func findFlags(r hours.Report, id string) []hours.Flag {
	var out []hours.Flag
	for _, f := range r.Flags {
		if f.ID == id {
			out = append(out, f)
		}
	}
	return out
}

func months(from string, n int) []string {
	d, _ := hours.ParseDate(from + "-01")
	var out []string
	for i := 0; i < n; i++ {
		out = append(out, d.YearMonth())
		d = hours.Date{Year: d.Year + int(d.Month)/12, Month: d.Month%12 + 1, Day: 1}
	}
	return out
}

func TestFlagThresholds(t *testing.T) {
	type want struct {
		from, to         string
		value, threshold int
		months           int
		rule             string
	}
	// Rousai logs run 2026-01-04 (Sunday) to 03-28 (Saturday): whole Sunday
	// weeks that never straddle a month (Jan 31 and Feb 28 are Saturdays),
	// each with five 8-hour days, so Rousai overtime = the extra time.
	rousaiLog := func(t testing.TB) *logBuilder { return newLog(t, "2026-01-04", "2026-03-28") }
	each := func(b *logBuilder, ms []string, minutes int) *logBuilder {
		for _, m := range ms {
			b.extra(m, minutes)
		}
		return b
	}
	tests := []struct {
		name string
		id   string
		log  func(t testing.TB) *logBuilder
		want *want // nil: the flag must not be raised
	}{
		{"45:00 in a month", hours.FlagOver45hMonth,
			func(t testing.TB) *logBuilder { return newLog(t, "2026-02-01", "2026-02-28").extra("2026-02", 2700) }, nil},
		{"45:01 in a month", hours.FlagOver45hMonth,
			func(t testing.TB) *logBuilder { return newLog(t, "2026-02-01", "2026-02-28").extra("2026-02", 2701) },
			&want{"2026-02", "2026-02", 2701, 2700, 0, "overtime-caps"}},
		// The seed's example: 44 h overtime + 56 h holiday work = 100 h.
		{"44 h overtime + 55:59 holiday work", hours.Flag100hMonth,
			func(t testing.TB) *logBuilder {
				return newLog(t, "2026-02-01", "2026-02-28").extra("2026-02", 44*60).
					holiday("2026-02-01", 840).holiday("2026-02-08", 840).holiday("2026-02-15", 840).holiday("2026-02-22", 839)
			}, nil},
		{"44 h overtime + 56 h holiday work", hours.Flag100hMonth,
			func(t testing.TB) *logBuilder {
				return newLog(t, "2026-02-01", "2026-02-28").extra("2026-02", 44*60).
					holiday("2026-02-01", 840).holiday("2026-02-08", 840).holiday("2026-02-15", 840).holiday("2026-02-22", 840)
			}, &want{"2026-02", "2026-02", 6000, 6000, 0, "overtime-caps"}},
		{"44 h overtime + 56 h holiday work is not over 45 h", hours.FlagOver45hMonth,
			func(t testing.TB) *logBuilder {
				return newLog(t, "2026-02-01", "2026-02-28").extra("2026-02", 44*60).
					holiday("2026-02-01", 840).holiday("2026-02-08", 840).holiday("2026-02-15", 840).holiday("2026-02-22", 840)
			}, nil},
		{"2 months averaging 80:00", hours.FlagAverageOver80h,
			func(t testing.TB) *logBuilder {
				return newLog(t, "2026-01-01", "2026-02-28").extra("2026-01", 4800).extra("2026-02", 4800)
			}, nil},
		{"2 months averaging 80:00:30", hours.FlagAverageOver80h,
			func(t testing.TB) *logBuilder {
				return newLog(t, "2026-01-01", "2026-02-28").extra("2026-01", 4800).extra("2026-02", 4801)
			}, &want{"2026-01", "2026-02", 9601, 9600, 2, "overtime-caps"}},
		{"6 months of 80:00", hours.FlagAverageOver80h,
			func(t testing.TB) *logBuilder {
				return each(newLog(t, "2026-01-01", "2026-06-30"), months("2026-01", 6), 4800)
			}, nil},
		// Every window averages 80:01; the longest is reported for June.
		{"6 months of 80:01", hours.FlagAverageOver80h,
			func(t testing.TB) *logBuilder {
				return each(newLog(t, "2026-01-01", "2026-06-30"), months("2026-01", 6), 4801)
			}, &want{"2026-01", "2026-06", 6 * 4801, 6 * 4800, 6, "overtime-caps"}},
		{"360:00 in a year", hours.FlagOver360hYear,
			func(t testing.TB) *logBuilder {
				return each(newLog(t, "2026-01-01", "2026-12-31"), months("2026-01", 12), 1800)
			}, nil},
		{"360:01 in a year", hours.FlagOver360hYear,
			func(t testing.TB) *logBuilder {
				return each(newLog(t, "2026-01-01", "2026-12-31"), months("2026-01", 12), 1800).extra("2026-12", 1)
			}, &want{"2026-01", "2026-12", 21601, 21600, 0, "overtime-caps"}},
		{"720:00 in a year", hours.FlagOver720hYear,
			func(t testing.TB) *logBuilder {
				return each(newLog(t, "2026-01-01", "2026-12-31"), months("2026-01", 12), 3600)
			}, nil},
		{"720:01 in a year", hours.FlagOver720hYear,
			func(t testing.TB) *logBuilder {
				return each(newLog(t, "2026-01-01", "2026-12-31"), months("2026-01", 12), 3600).extra("2026-12", 1)
			}, &want{"2026-01", "2026-12", 43201, 43200, 0, "overtime-caps"}},
		{"6 months over 45 h", hours.FlagOver45hMoreThan6Month,
			func(t testing.TB) *logBuilder {
				return each(newLog(t, "2026-01-01", "2026-12-31"), months("2026-01", 6), 2701)
			}, nil},
		{"7 months over 45 h", hours.FlagOver45hMoreThan6Month,
			func(t testing.TB) *logBuilder {
				return each(newLog(t, "2026-01-01", "2026-12-31"), months("2026-01", 7), 2701)
			}, &want{"2026-01", "2026-12", 7, 6, 0, "overtime-caps"}},
		{"7 months of exactly 45 h", hours.FlagOver45hMoreThan6Month,
			func(t testing.TB) *logBuilder {
				return each(newLog(t, "2026-01-01", "2026-12-31"), months("2026-01", 7), 2700)
			}, nil},
		{"Rousai 79:59", hours.FlagRousai80hMonth,
			func(t testing.TB) *logBuilder { return rousaiLog(t).extra("2026-02", 4799) }, nil},
		{"Rousai 80:00", hours.FlagRousai80hMonth,
			func(t testing.TB) *logBuilder { return rousaiLog(t).extra("2026-02", 4800) },
			&want{"2026-02", "2026-02", 4800, 4800, 0, "rousai-item-80-hours"}},
		// Holiday work counts for Rousai: 76 h on weekdays + 4 h on a statutory Sunday.
		{"Rousai 80:00 with holiday work", hours.FlagRousai80hMonth,
			func(t testing.TB) *logBuilder { return rousaiLog(t).extra("2026-02", 4560).holiday("2026-02-08", 240) },
			&want{"2026-02", "2026-02", 4800, 4800, 0, "rousai-item-80-hours"}},
		{"Rousai 160:00", hours.FlagRousai160hMonth,
			func(t testing.TB) *logBuilder { return rousaiLog(t).extra("2026-02", 9600) }, nil},
		{"Rousai 160:01", hours.FlagRousai160hMonth,
			func(t testing.TB) *logBuilder { return rousaiLog(t).extra("2026-02", 9601) },
			&want{"2026-02", "2026-02", 9601, 9600, 0, "rousai-special-events"}},
		{"Rousai 100 h, 100 h, 99:59", hours.FlagRousai100h3Months,
			func(t testing.TB) *logBuilder {
				return rousaiLog(t).extra("2026-01", 6000).extra("2026-02", 6000).extra("2026-03", 5999)
			}, nil},
		{"Rousai 100 h in each of 3 months", hours.FlagRousai100h3Months,
			func(t testing.TB) *logBuilder { return each(rousaiLog(t), months("2026-01", 3), 6000) },
			&want{"2026-01", "2026-03", 6000, 6000, 3, "rousai-item-80-hours"}},
		{"Rousai 120 h then 119:59", hours.FlagRousai120h2Months,
			func(t testing.TB) *logBuilder { return rousaiLog(t).extra("2026-01", 7200).extra("2026-02", 7199) }, nil},
		{"Rousai 120 h in each of 2 months", hours.FlagRousai120h2Months,
			func(t testing.TB) *logBuilder { return rousaiLog(t).extra("2026-01", 7200).extra("2026-02", 7200) },
			&want{"2026-01", "2026-02", 7200, 7200, 2, "rousai-item-80-hours"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.log(t).report()
			got := findFlags(r, tt.id)
			if tt.want == nil {
				if len(got) > 0 {
					t.Fatalf("raised %+v", got)
				}
				return
			}
			// An average flag is raised for every month that ends an
			// exceeding window; check the last one.
			if len(got) == 0 {
				t.Fatalf("not raised; flags %+v", r.Flags)
			}
			f := got[len(got)-1]
			w := tt.want
			if f.From != w.from || f.To != w.to || f.Value != w.value || f.Threshold != w.threshold || f.Months != w.months || f.Rule != w.rule {
				t.Errorf("flag %+v, want %+v", f, *w)
			}
			for _, lang := range []string{"en", "ja"} {
				text, title := f.Text(lang), f.Title(lang)
				if strings.Contains(text, "%!") || strings.HasPrefix(text, "hours.") || strings.HasPrefix(title, "hours.") || !strings.Contains(text, w.from) {
					t.Errorf("%s text %q title %q", lang, text, title)
				}
			}
		})
	}
}

func TestAverageTextShowsSeconds(t *testing.T) {
	r := newLog(t, "2026-01-01", "2026-02-28").extra("2026-01", 4800).extra("2026-02", 4801).report()
	f := findFlags(r, hours.FlagAverageOver80h)
	if len(f) != 1 || !strings.Contains(f[0].Text("en"), "80:00:30") || !strings.Contains(f[0].Text("ja"), "80:00:30") {
		t.Fatalf("flags %+v", f)
	}
}

func TestContinuousWork(t *testing.T) {
	run := func(from string, n int) []hours.Day {
		d := date(t, from)
		var out []hours.Day
		for i := 0; i < n; i++ {
			out = append(out, hours.Day{Date: d.AddDays(i), Start: 9 * 60, End: 17 * 60, Type: hours.Workday})
		}
		return out
	}
	tests := []struct {
		name string
		days []hours.Day
		want []string // from..to of each flag
	}{
		{"11 days", run("2026-04-01", 11), nil},
		{"12 days", run("2026-04-01", 12), []string{"2026-04-01..2026-04-12"}},
		{"12 days across a month end", run("2026-04-25", 12), []string{"2026-04-25..2026-05-06"}},
		{"a day off breaks the run", append(run("2026-04-01", 11), run("2026-04-13", 11)...), nil},
		{"two runs", append(run("2026-04-01", 12), run("2026-04-14", 30)...), []string{"2026-04-01..2026-04-12", "2026-04-14..2026-05-13"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := compute(t, tt.days, hours.Options{})
			var got []string
			for _, f := range findFlags(r, hours.FlagRousaiContinuousWork) {
				got = append(got, f.From+".."+f.To)
				if f.Unit != hours.UnitDays || f.Threshold != 12 || !f.AtLeast || f.Rule != "rousai-item-continuous-work" {
					t.Errorf("flag %+v", f)
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("runs %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMonthDetail(t *testing.T) {
	b := newLog(t, "2026-01-01", "2026-03-31")
	for _, m := range months("2026-01", 3) {
		b.extra(m, 2701)
	}
	r := b.report()
	md, ok := r.MonthDetail("2026-02")
	if !ok {
		t.Fatal("no February")
	}
	if md.Month != "2026-02" || len(md.Days) != 20 || md.Overtime != 2701 {
		t.Errorf("February %s: %d days, overtime %d", md.Month, len(md.Days), md.Overtime)
	}
	var ids []string
	for _, f := range md.Flags {
		ids = append(ids, f.ID+"@"+f.From)
	}
	// February's 45-hour flag, not January's or March's.
	if !slices.Contains(ids, "over-45h-month@2026-02") || slices.Contains(ids, "over-45h-month@2026-01") || slices.Contains(ids, "over-45h-month@2026-03") {
		t.Errorf("February flags %v", ids)
	}
	for _, f := range md.Flags {
		if !f.Touches("2026-02") {
			t.Errorf("flag %+v does not touch February", f)
		}
	}
	if _, ok := r.MonthDetail("2026-07"); ok {
		t.Error("a month outside the log")
	}
}

func TestFlagsAreOrdered(t *testing.T) {
	b := rousaiLog2(t)
	r := b.report()
	for i := 1; i < len(r.Flags); i++ {
		if r.Flags[i-1].From > r.Flags[i].From {
			t.Errorf("flags out of order: %s before %s", r.Flags[i-1].From, r.Flags[i].From)
		}
	}
	if len(r.Flags) == 0 {
		t.Fatal("no flags")
	}
}

func rousaiLog2(t testing.TB) *logBuilder {
	return newLog(t, "2026-01-04", "2026-03-28").extra("2026-01", 9700).extra("2026-02", 7300).extra("2026-03", 6100)
}
