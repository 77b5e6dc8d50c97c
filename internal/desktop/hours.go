package desktop

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/hours"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/ui"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// Vault settings of the hours screen. They are sealed in the vault rather
// than kept in the app's preferences: they come from the worker's own work
// rules and Article 36 agreement, so they belong with the record (a second
// computer, or an export, counts the same way), and preferences hold only
// app-level choices that are read before unlocking.
const (
	SettingWeekStart = "hours.week_start" // "sunday", "monday", ...
	SettingYearStart = "hours.year_start" // "1" to "12"
)

var _ ui.HoursStore = (*Store)(nil)

// HoursDays implements ui.HoursStore: the current record of each date,
// as `kirokuctl hours list` shows it.
func (s *Store) HoursDays() ([]hours.Day, error) {
	log, err := s.Vault.HoursLog()
	if err != nil {
		return nil, err
	}
	return hours.FromRecords(vault.CurrentHours(log))
}

// SaveHours implements ui.HoursStore. Like `kirokuctl hours import`, it
// counts the dates already logged, which the new records supersede, and
// writes every day in one transaction.
func (s *Store) SaveHours(days []hours.Day, source string) (int, error) {
	if len(days) == 0 {
		return 0, nil
	}
	if err := hours.Validate(days); err != nil {
		return 0, fmt.Errorf("save hours: %w", err)
	}
	existing, err := s.loggedDates()
	if err != nil {
		return 0, err
	}
	recs := make([]record.Hours, len(days))
	replaced := 0
	for i, d := range days {
		recs[i] = hours.ToRecord(d, source)
		if existing[recs[i].Date] {
			replaced++
		}
	}
	if _, err := s.Vault.AddHours(recs); err != nil {
		return 0, err
	}
	s.notifyWrite()
	return replaced, nil
}

// RemoveHours implements ui.HoursStore with a removal record, as
// `kirokuctl hours add --remove` writes.
func (s *Store) RemoveHours(date hours.Date) error {
	if !date.Valid() {
		return fmt.Errorf("remove hours: date %04d-%02d-%02d: %w", date.Year, int(date.Month), date.Day, apperr.ErrInvalidInput)
	}
	existing, err := s.loggedDates()
	if err != nil {
		return err
	}
	if !existing[date.String()] {
		return fmt.Errorf("remove hours %s: %w", date, apperr.ErrNotFound)
	}
	if _, err = s.Vault.AddHours([]record.Hours{{Date: date.String(), Removed: true, Source: "app"}}); err != nil {
		return err
	}
	s.notifyWrite()
	return nil
}

func (s *Store) loggedDates() (map[string]bool, error) {
	log, err := s.Vault.HoursLog()
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, h := range vault.CurrentHours(log) {
		out[h.Date] = true
	}
	return out, nil
}

// HoursOptions implements ui.HoursStore. A value this version does not
// understand counts as unset.
func (s *Store) HoursOptions() (hours.Options, error) {
	var o hours.Options
	w, ok, err := s.Vault.Setting(SettingWeekStart)
	if err != nil {
		return o, err
	}
	if ok {
		o.WeekStart = parseWeekday(w)
	}
	y, ok, err := s.Vault.Setting(SettingYearStart)
	if err != nil {
		return o, err
	}
	if n, err := strconv.Atoi(y); ok && err == nil && n >= 1 && n <= 12 {
		o.YearStartMonth = time.Month(n)
	} else {
		o.YearStartMonth = time.January
	}
	return o, nil
}

// SetHoursOptions implements ui.HoursStore.
func (s *Store) SetHoursOptions(o hours.Options) error {
	if o.WeekStart < time.Sunday || o.WeekStart > time.Saturday || o.YearStartMonth < time.January || o.YearStartMonth > time.December {
		return fmt.Errorf("hours settings %d, %d: %w", o.WeekStart, o.YearStartMonth, apperr.ErrInvalidInput)
	}
	if err := s.Vault.SetSetting(SettingWeekStart, strings.ToLower(o.WeekStart.String())); err != nil {
		return err
	}
	return s.Vault.SetSetting(SettingYearStart, strconv.Itoa(int(o.YearStartMonth)))
}

func parseWeekday(s string) time.Weekday {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.EqualFold(s, d.String()) {
			return d
		}
	}
	return time.Sunday
}
