package app

import "github.com/kiroku-app/kiroku/internal/hours"

// HoursStore is the working-hours log of an unlocked vault. The desktop
// adapter implements it beside Store; the hours screen finds it with a
// type assertion on the Store, so Store itself stays as it is. Like
// Store's, its methods write to disk: screens call them from a goroutine.
type HoursStore interface {
	// HoursDays returns the days currently logged (the latest record of
	// each date, removed dates left out), in date order.
	HoursDays() ([]hours.Day, error)
	// SaveHours logs days in one transaction, all or none, and returns how
	// many of their dates were logged already: those are replaced, their
	// earlier records kept in the vault's history. source says where the
	// days came from ("app", "csv hours.csv").
	SaveHours(days []hours.Day, source string) (replaced int, err error)
	// RemoveHours takes date out of the log by adding a removal record;
	// the earlier records stay in the history. A date not logged is
	// apperr.ErrNotFound.
	RemoveHours(date hours.Date) error
	// HoursOptions are the week start and the first month of the year the
	// figures use, kept in the vault because they come from the worker's
	// own work rules and Article 36 agreement; unset, Sunday and January.
	HoursOptions() (hours.Options, error)
	SetHoursOptions(opts hours.Options) error
}
