package ui

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/localzone"
)

// inputLayout is how the entry form shows an event time for editing.
const inputLayout = "2006-01-02 15:04"

// inputLayouts are accepted when parsing what the user typed: ISO-style and
// the slashes common in Japan, with or without seconds and leading zeros.
var inputLayouts = []string{
	"2006-1-2 15:04",
	"2006/1/2 15:04",
	"2006-1-2 15:04:05",
	"2006/1/2 15:04:05",
	"2006-1-2T15:04",
}

// parseEventTime reads a date and time typed by the user in loc. Full-width
// digits and punctuation from a Japanese input method are accepted.
func parseEventTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.Join(strings.Fields(foldWidth(s)), " ")
	for _, l := range inputLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a date and time", s)
}

// foldWidth maps full-width ASCII (U+FF01-U+FF5E) and the ideographic space
// to their ASCII forms.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		}
		return r
	}, s)
}

// eventLocation is the zone an entry's event time is shown and edited in:
// the IANA zone the user was in if this machine knows it, else the offset
// stored with the time.
func eventLocation(t time.Time, zone string) *time.Location {
	if zone != "" {
		if loc, ok := loadLocation(zone); ok {
			return loc
		}
	}
	return t.Location()
}

// locations caches time.LoadLocation, which reads the zone file on every
// call; timeline rows need it for each row they show.
var locations sync.Map // IANA name -> *time.Location (nil if unknown)

func loadLocation(name string) (*time.Location, bool) {
	if v, ok := locations.Load(name); ok {
		loc := v.(*time.Location)
		return loc, loc != nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = nil
	}
	locations.Store(name, loc)
	return loc, loc != nil
}

// formatDateTime shows t as "2026-04-01 (Wed) 14:30" in the current
// language, optionally followed by the zone abbreviation.
func formatDateTime(t time.Time, withZone bool) string {
	s := i18n.T("ui.datetime", t.Format("2006-01-02"), i18n.T(weekdayKeys[t.Weekday()]), t.Format("15:04"))
	if withZone {
		s += " " + zoneAbbrev(t)
	}
	return s
}

// formatEventTime shows an entry's event time in the zone it happened in.
func formatEventTime(t time.Time, zone string, withZone bool) string {
	return formatDateTime(t.In(eventLocation(t, zone)), withZone)
}

func zoneAbbrev(t time.Time) string {
	name, _ := t.Zone()
	if name == "" || name[0] == '+' || name[0] == '-' {
		return t.Format("UTC-07:00")
	}
	return name
}

var weekdayKeys = [7]string{
	"ui.weekday.sun", "ui.weekday.mon", "ui.weekday.tue", "ui.weekday.wed",
	"ui.weekday.thu", "ui.weekday.fri", "ui.weekday.sat",
}

// zoneName returns the IANA name of loc, or "" when it cannot be known.
func zoneName(loc *time.Location) string {
	name := loc.String()
	if name == "Local" {
		name = localzone.Name()
	}
	if name == "" {
		return ""
	}
	if _, ok := loadLocation(name); !ok {
		return ""
	}
	return name
}

// splitList splits witnesses or categories typed as one text, separated by
// commas (ASCII, Japanese or full-width), semicolons or new lines.
func splitList(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case ',', '、', '，', ';', '；', '\n', '\r':
			return true
		}
		return false
	})
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// firstLine returns the first non-empty line of s.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

// formatDate writes the date of t as YYYY-MM-DD, in both languages.
func formatDate(t time.Time) string { return t.Format(time.DateOnly) }
