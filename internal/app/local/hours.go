package local

import (
	"fmt"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/hours"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/settings"
	"github.com/kiroku-app/kiroku/internal/vault"
)

var _ app.HoursStore = (*Store)(nil)

// HoursDays implements app.HoursStore: the current record of each date,
// as `kirokuctl hours list` shows it.
func (s *Store) HoursDays() ([]hours.Day, error) {
	log, err := s.Vault.HoursLog()
	if err != nil {
		return nil, err
	}
	return hours.FromRecords(vault.CurrentHours(log))
}

// SaveHours implements app.HoursStore. Like `kirokuctl hours import`, it
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

// RemoveHours implements app.HoursStore with a removal record, as
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

// HoursOptions implements app.HoursStore with the vault's settings, as
// kirokuctl and exports read them (settings.Hours).
func (s *Store) HoursOptions() (hours.Options, error) {
	return settings.Hours(s.Vault)
}

// SetHoursOptions implements app.HoursStore.
func (s *Store) SetHoursOptions(o hours.Options) error {
	return settings.SetHours(s.Vault, o)
}
