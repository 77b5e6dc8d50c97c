package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/kiroku-app/kiroku/internal/hours"
)

// The hours screen's onset view: the hand-computed case of hours.Onset
// (30 days of 11 hours before 2026-10-01: 158:34 of overtime), typed as a
// worker would; a date that is not one says so; a day saved afterwards
// changes the periods.
func TestHoursOnsetView(t *testing.T) {
	var days []hours.Day
	for d := 1; d <= 30; d++ {
		days = append(days, mustDay(t, fmt.Sprintf("2026-09-%02d", d), "08:00", "20:00", 60, hours.Workday))
	}
	h, _, s := newHoursHarness(t, days...)
	test.Type(s.onset, "2026-10-1")
	h.tap("ui.hours.onset_show")
	if !h.hasText("Enter the day as YYYY-MM-DD, for example 2026-10-01.") || s.onsetV != nil {
		t.Fatalf("a bad date: texts %q", h.texts())
	}
	s.onset.SetText("")
	test.Type(s.onset, "2026-10-01")
	h.tap("ui.hours.onset_show")
	v := s.onsetV
	if v == nil || v.Periods[0].Overtime != 9514 || !h.hasText("158:34") || !h.hasText("2026-09-01 to 2026-09-30") {
		t.Fatalf("onset view %+v; texts %q", v, h.texts())
	}
	if len(v.Flags) != 1 || !h.hasText(v.Flags[0].Text("en")) {
		t.Fatalf("flags %+v; texts %q", v.Flags, h.texts())
	}
	// Another day logged in period 2 moves its figures.
	_, hs, _ := s.hoursStore()
	if _, err := hs.SaveHours([]hours.Day{mustDay(t, "2026-08-20", "09:00", "21:00", 0, hours.Workday)}, "test"); err != nil {
		t.Fatal(err)
	}
	s.load()
	h.settle()
	if s.onsetV == nil || s.onsetV.Periods[1].Worked != 12*60 || s.onsetV.Periods[1].LoggedDays != 1 {
		t.Fatalf("after a save: %+v", s.onsetV)
	}
}
