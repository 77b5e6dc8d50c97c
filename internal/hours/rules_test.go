package hours_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/hours"
	"github.com/kiroku-app/kiroku/internal/rules"
)

// Every flag names rules that exist in the embedded library, and every
// flag id can be raised.
func TestFlagsCiteExistingRules(t *testing.T) {
	long := newLog(t, "2026-01-01", "2026-12-31")
	for _, m := range months("2026-01", 12) {
		long.extra(m, 3601)
	}
	var run []hours.Day
	for i := 0; i < 12; i++ {
		run = append(run, hours.Day{Date: date(t, "2025-06-01").AddDays(i), Start: 540, End: 1020, Type: hours.Workday})
	}
	reports := []hours.Report{
		newLog(t, "2026-01-04", "2026-03-28").extra("2026-01", 9700).extra("2026-02", 7300).extra("2026-03", 6100).report(),
		long.report(),
		compute(t, run, hours.Options{}),
	}
	lib := rules.Default()
	seen := map[string]bool{}
	for _, r := range reports {
		for _, f := range r.Flags {
			seen[f.ID] = true
			for _, id := range append([]string{f.Rule}, f.Related...) {
				if _, ok := lib.Rule(id); !ok {
					t.Errorf("flag %s cites unknown rule %q", f.ID, id)
				}
			}
			if m := f.Measure.Label("ja"); strings.HasPrefix(m, "hours.") {
				t.Errorf("measure %s has no label", f.Measure)
			}
		}
	}
	for _, id := range hours.FlagIDs() {
		if !seen[id] {
			t.Errorf("flag %s never raised", id)
		}
	}
	if len(seen) != len(hours.FlagIDs()) {
		t.Errorf("raised %v", seen)
	}
}

func TestReportJSON(t *testing.T) {
	days := []hours.Day{shift(t, "2026-04-06", "22:00", "06:00", 60, hours.Workday)}
	days[0].Note = "夜勤"
	r := compute(t, days, hours.Options{WeekStart: time.Monday})
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"week_start":"monday"`, `"date":"2026-04-06"`, `"start":"22:00"`, `"end":"06:00"`,
		`"day_type":"workday"`, `"note":"夜勤"`, `"worked_minutes":420`, `"late_night_minutes":420`,
		`"crosses_midnight":true`, `"week":"2026-04-06"`, `"month":"2026-04"`, `"flags":[]`, `"overtime_and_holiday_minutes":0`} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON lacks %s:\n%s", want, s)
		}
	}
	var back hours.Report
	if err := json.Unmarshal(b, &back); err != nil || back.Days[0].Day != r.Days[0].Day {
		t.Errorf("JSON round trip: %v %+v", err, back.Days)
	}
}

func TestNotesAndLabels(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		notes := hours.Notes(lang)
		if len(notes) < 5 || slices.ContainsFunc(notes, func(s string) bool { return strings.HasPrefix(s, "hours.") || strings.Contains(s, "%!") }) {
			t.Errorf("%s notes %q", lang, notes)
		}
		for _, dt := range hours.DayTypes {
			if l := dt.Label(lang); strings.HasPrefix(l, "hours.") {
				t.Errorf("%s label of %s missing", lang, dt)
			}
		}
	}
	if hours.StatutoryHoliday.Label("ja") != "法定休日" {
		t.Error(hours.StatutoryHoliday.Label("ja"))
	}
}
