package local_test

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/hours"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/settings"
	"github.com/kiroku-app/kiroku/internal/vault"
)

func hoursStore(t *testing.T) (*local.Store, string) {
	t.Helper()
	seal.TestUseLowCostKDF(t)
	path := filepath.Join(t.TempDir(), "diary.kiroku")
	st, _, err := local.Vaults{KDF: seal.LowCost}.Create(path, []byte("violet harbour pencil thunder"))
	if err != nil {
		t.Fatal(err)
	}
	return st.(*local.Store), path
}

func day(t *testing.T, date, start, end string, brk int, typ hours.DayType, note string) hours.Day {
	t.Helper()
	d, err := hours.ParseDate(date)
	if err != nil {
		t.Fatal(err)
	}
	s, err := hours.ParseClock(start)
	if err != nil {
		t.Fatal(err)
	}
	e, err := hours.ParseClock(end)
	if err != nil {
		t.Fatal(err)
	}
	return hours.Day{Date: d, Start: s, End: e, BreakMinutes: brk, Type: typ, Note: note}
}

// The adapter saves days in one go, counts the dates it replaces, removes
// a date by a removal record and keeps every earlier record in the log,
// and the vault still checks clean.
func TestHoursThroughAdapter(t *testing.T) {
	st, path := hoursStore(t)
	var hs app.HoursStore = st // the screen's type assertion holds

	days := []hours.Day{
		day(t, "2026-04-01", "09:00", "18:00", 60, hours.Workday, ""),
		day(t, "2026-04-03", "22:00", "06:00", 45, hours.Workday, "night shift"),
	}
	if n, err := hs.SaveHours(days, "csv hours.csv"); err != nil || n != 0 {
		t.Fatalf("first save: replaced %d, %v", n, err)
	}
	edited := day(t, "2026-04-01", "09:00", "21:00", 60, hours.Workday, "inventory")
	n, err := hs.SaveHours([]hours.Day{edited, day(t, "2026-04-05", "10:00", "15:00", 0, hours.StatutoryHoliday, "")}, "app")
	if err != nil || n != 1 {
		t.Fatalf("second save: replaced %d (want 1), %v", n, err)
	}
	got, err := hs.HoursDays()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0] != edited || got[1] != days[1] || got[2].Type != hours.StatutoryHoliday {
		t.Fatalf("days %+v", got)
	}

	if err := hs.RemoveHours(days[1].Date); err != nil {
		t.Fatal(err)
	}
	if err := hs.RemoveHours(days[1].Date); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("removing a date no longer logged: %v, want ErrNotFound", err)
	}
	got, _ = hs.HoursDays()
	if len(got) != 2 || got[0].Date.String() != "2026-04-01" || got[1].Date.String() != "2026-04-05" {
		t.Fatalf("after removal %+v", got)
	}
	log, err := st.HoursLog()
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 5 || !log[4].Removed || log[4].Date != "2026-04-03" || log[0].End != "18:00" || log[0].Source != "csv hours.csv" {
		t.Errorf("history not kept: %+v", log)
	}

	// A bad batch writes nothing.
	bad := []hours.Day{day(t, "2026-04-06", "09:00", "18:00", 60, hours.Workday, ""), day(t, "2026-04-06", "10:00", "18:00", 0, hours.Workday, "")}
	if _, err := hs.SaveHours(bad, "app"); !errors.Is(err, apperr.ErrInvalidInput) {
		t.Errorf("repeated date: %v", err)
	}
	if log2, _ := st.HoursLog(); len(log2) != len(log) {
		t.Errorf("a refused batch wrote %d records", len(log2)-len(log))
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Unlock([]byte("violet harbour pencil thunder")); err != nil {
		t.Fatal(err)
	}
	if rep, err := v.Check(); err != nil || !rep.OK() {
		t.Errorf("check: %v %+v", err, rep)
	}
}

// Week start and year start are vault settings under the documented keys,
// Sunday and January when unset or unreadable.
func TestHoursOptionsInVault(t *testing.T) {
	st, _ := hoursStore(t)
	defer st.Close()
	o, err := st.HoursOptions()
	if err != nil || o.WeekStart != time.Sunday || o.YearStartMonth != time.January {
		t.Fatalf("defaults %+v %v", o, err)
	}
	if err := st.SetHoursOptions(hours.Options{WeekStart: time.Monday, YearStartMonth: time.April}); err != nil {
		t.Fatal(err)
	}
	if w, _, _ := st.Setting(settings.KeyHoursWeekStart); w != "monday" {
		t.Errorf("%s = %q", settings.KeyHoursWeekStart, w)
	}
	if y, _, _ := st.Setting(settings.KeyHoursYearStart); y != "4" {
		t.Errorf("%s = %q", settings.KeyHoursYearStart, y)
	}
	if o, _ := st.HoursOptions(); o.WeekStart != time.Monday || o.YearStartMonth != time.April {
		t.Errorf("read back %+v", o)
	}
	if err := st.SetHoursOptions(hours.Options{WeekStart: time.Monday, YearStartMonth: 13}); !errors.Is(err, apperr.ErrInvalidInput) {
		t.Errorf("month 13: %v", err)
	}
	st.SetSetting(settings.KeyHoursYearStart, "thirteen")
	st.SetSetting(settings.KeyHoursWeekStart, "someday")
	if o, err := st.HoursOptions(); err != nil || o.WeekStart != time.Sunday || o.YearStartMonth != time.January {
		t.Errorf("unreadable values: %+v %v", o, err)
	}
}
