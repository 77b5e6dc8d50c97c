package record

import (
	"fmt"
	"time"
)

// Day types of the hours log (the CSV column day_type uses the same ids).
const (
	DayWorkday             = "workday"
	DayStatutoryHoliday    = "statutory_holiday"
	DayNonStatutoryHoliday = "non_statutory_holiday"
)

// Hours is one day of the working-hours log as the user recorded it: a
// sealed record with its own ledger link, like an entry revision. A later
// record for the same date supersedes an earlier one (both stay: the log
// keeps its history); Removed marks a date as taken back.
type Hours struct {
	Version      int    `json:"v"`
	Salt         string `json:"n"`
	HoursID      int64  `json:"hours"`
	Date         string `json:"date"`  // YYYY-MM-DD, the day the shift started
	Start        string `json:"start"` // HH:MM
	End          string `json:"end"`   // HH:MM; earlier than Start: the next day; "24:00" allowed
	BreakMinutes int    `json:"break_minutes"`
	DayType      string `json:"day_type"`
	Note         string `json:"note"`
	Source       string `json:"source"` // "app", or "csv <file name> line <n>"
	// Basis is what the worker took the times from (one of HoursBases);
	// "" when not said. Records that carry it are version
	// HoursVersionBasis; those without stay version 1, byte for byte.
	Basis      string    `json:"basis,omitempty"`
	Removed    bool      `json:"removed"`
	RecordedAt time.Time `json:"recorded_at"`
}

// HoursBases are the values of Hours.Basis: a time card (or IC card or
// attendance system), the computer's log, the worker's own note, or
// something else.
var HoursBases = []string{"timecard", "pc-log", "own-note", "other"}

// HoursVersionBasis is the version of an hours record that says its
// basis.
const HoursVersionBasis = 2

// HoursVersion is the version an hours record h is written in.
func HoursVersion(h Hours) int {
	if h.Basis != "" {
		return HoursVersionBasis
	}
	return CanonicalVersion
}

// IsHoursBasis reports whether s is one of HoursBases.
func IsHoursBasis(s string) bool { return contains(HoursBases, s) }

// Canonical returns the canonical encoding of h.
func (h Hours) Canonical() ([]byte, error) {
	v := h.Version
	if v == HoursVersionBasis {
		v = CanonicalVersion // the header check knows version 1
	}
	if err := checkHeader(v, h.Salt); err != nil {
		return nil, err
	}
	if h.Version != HoursVersion(h) {
		return nil, fmt.Errorf("%w: hours record version %d does not match its basis %q", errInvalid, h.Version, h.Basis)
	}
	if h.Basis != "" && !IsHoursBasis(h.Basis) {
		return nil, fmt.Errorf("%w: hours basis %q (one of %v)", errInvalid, h.Basis, HoursBases)
	}
	if h.HoursID <= 0 {
		return nil, fmt.Errorf("%w: hours id out of range", errInvalid)
	}
	if _, err := time.Parse(time.DateOnly, h.Date); err != nil {
		return nil, fmt.Errorf("%w: hours date %q is not YYYY-MM-DD", errInvalid, h.Date)
	}
	if !h.Removed {
		if err := h.ValidShift(); err != nil {
			return nil, err
		}
	}
	if err := ValidText("hours note", h.Note); err != nil {
		return nil, err
	}
	if err := ValidText("hours source", h.Source); err != nil {
		return nil, err
	}
	if len(h.Note) > 4096 || len(h.Source) > 1024 {
		return nil, fmt.Errorf("%w: hours note or source too long or not UTF-8", errInvalid)
	}
	h.RecordedAt = h.RecordedAt.Round(0)
	return canonical(h)
}

// ValidShift checks the shift fields: clock times, break and day type.
func (h Hours) ValidShift() error {
	s, okS := ClockMinutes(h.Start)
	e, okE := ClockMinutes(h.End)
	switch {
	case !okS || s == 24*60:
		return fmt.Errorf("%w: start %q is not a time HH:MM from 00:00 to 23:59", errInvalid, h.Start)
	case !okE:
		return fmt.Errorf("%w: end %q is not a time HH:MM from 00:00 to 24:00", errInvalid, h.End)
	case s == e:
		return fmt.Errorf("%w: start and end are both %s (a 0 or 24 hour shift is ambiguous)", errInvalid, h.Start)
	case h.BreakMinutes < 0:
		return fmt.Errorf("%w: break minutes cannot be negative", errInvalid)
	}
	span := e - s
	if span < 0 {
		span += 24 * 60
	}
	if h.BreakMinutes >= span {
		return fmt.Errorf("%w: a break of %d minutes does not fit in a shift of %d minutes", errInvalid, h.BreakMinutes, span)
	}
	switch h.DayType {
	case DayWorkday, DayStatutoryHoliday, DayNonStatutoryHoliday:
	default:
		return fmt.Errorf("%w: day type %q is not workday, statutory_holiday or non_statutory_holiday", errInvalid, h.DayType)
	}
	return nil
}

// ClockMinutes parses "HH:MM" (exactly two digits each, 00:00 to 24:00)
// into minutes since midnight.
func ClockMinutes(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	d := func(c byte) int { return int(c - '0') }
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	hh, mm := d(s[0])*10+d(s[1]), d(s[3])*10+d(s[4])
	if mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, false
	}
	return hh*60 + mm, true
}

// ParseHours decodes canonical bytes.
func ParseHours(b []byte) (Hours, error) {
	var h Hours
	if err := parseCanonical(b, &h, func() ([]byte, error) { return h.Canonical() }); err != nil {
		return Hours{}, err
	}
	return h, nil
}
