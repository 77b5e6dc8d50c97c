package hours

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a civil date (no time of day, no zone): the day a shift starts.
// The zero Date is not valid; use ParseDate or NewDate.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Dates outside this range are refused: they are typing mistakes, and the
// bound keeps all arithmetic far from overflow.
const (
	minYear = 1900
	maxYear = 2999
)

// NewDate returns the date if it exists in the proleptic Gregorian calendar
// (2028-02-29 does, 2027-02-29 does not) and lies within years 1900-2999.
func NewDate(year int, month time.Month, day int) (Date, bool) {
	if year < minYear || year > maxYear || month < time.January || month > time.December || day < 1 {
		return Date{}, false
	}
	if day > daysIn(year, month) {
		return Date{}, false
	}
	return Date{year, month, day}, true
}

// ParseDate reads exactly YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	y, err1 := digits(s[0:4])
	m, err2 := digits(s[5:7])
	d, err3 := digits(s[8:10])
	if err1 != nil || err2 != nil || err3 != nil {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	date, ok := NewDate(y, time.Month(m), d)
	if !ok {
		return Date{}, fmt.Errorf("date %q does not exist or is out of range", s)
	}
	return date, nil
}

// digits parses a run of ASCII digits (no sign, no spaces).
func digits(s string) (int, error) {
	if s == "" {
		return 0, strconv.ErrSyntax
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, strconv.ErrSyntax
		}
		n = n*10 + int(c-'0')
	}
	return n, nil
}

func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Valid reports whether d is a real date within the supported range.
func (d Date) Valid() bool {
	_, ok := NewDate(d.Year, d.Month, d.Day)
	return ok
}

// String formats the date as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// YearMonth formats the date's month as YYYY-MM.
func (d Date) YearMonth() string { return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month)) }

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return d.Time().Weekday() }

// AddDays returns the date n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date {
	t := d.Time().AddDate(0, 0, n)
	return Date{t.Year(), t.Month(), t.Day()}
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	default:
		return cmpInt(d.Day, e.Day)
	}
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// MarshalText writes YYYY-MM-DD, so dates are plain strings in JSON.
func (d Date) MarshalText() ([]byte, error) {
	if !d.Valid() {
		return nil, fmt.Errorf("hours: marshal invalid date %04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Clock is a time of day in minutes since midnight. 1440 ("24:00") is
// allowed only as the end of a shift.
type Clock int

// MidnightEnd is "24:00": a shift that ends exactly at the end of its day.
const MidnightEnd Clock = 24 * 60

// ParseClock reads H:MM or HH:MM, from 0:00 to 24:00.
func ParseClock(s string) (Clock, error) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 {
		return 0, fmt.Errorf("time %q: want HH:MM", s)
	}
	hh, err1 := digits(h)
	mm, err2 := digits(m)
	if err1 != nil || err2 != nil || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("time %q: want HH:MM between 00:00 and 24:00", s)
	}
	return Clock(hh*60 + mm), nil
}

// String formats the clock as HH:MM (24:00 for MidnightEnd).
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// MarshalText writes HH:MM, so clock times are plain strings in JSON.
func (c Clock) MarshalText() ([]byte, error) {
	if c < 0 || c > MidnightEnd {
		return nil, fmt.Errorf("hours: marshal invalid clock %d", int(c))
	}
	return []byte(c.String()), nil
}

// UnmarshalText reads H:MM or HH:MM.
func (c *Clock) UnmarshalText(b []byte) error {
	v, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Minutes is a duration in whole minutes. It is a plain number in JSON.
type Minutes int

// String formats the duration as H:MM (hours may exceed 24): 45:01.
func (m Minutes) String() string {
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	return fmt.Sprintf("%s%d:%02d", sign, int(m)/60, int(m)%60)
}

// Hours returns the duration in hours.
func (m Minutes) Hours() float64 { return float64(m) / 60 }
