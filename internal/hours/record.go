package hours

import (
	"fmt"

	"github.com/kiroku-app/kiroku/internal/record"
)

// ToRecord turns a day into the fields of an hours record for the vault
// (which sets the id, salt and recorded time). source says where it came
// from, e.g. "app" or "csv hours.csv line 4".
func ToRecord(d Day, source string) record.Hours {
	return record.Hours{
		Date: d.Date.String(), Start: d.Start.String(), End: d.End.String(),
		BreakMinutes: d.BreakMinutes, DayType: string(d.Type), Note: d.Note, Source: source, Basis: d.Basis,
	}
}

// FromRecord turns a stored hours record back into a day.
func FromRecord(h record.Hours) (Day, error) {
	date, err := ParseDate(h.Date)
	if err != nil {
		return Day{}, fmt.Errorf("hours record %d: %w", h.HoursID, err)
	}
	start, err := ParseClock(h.Start)
	if err != nil {
		return Day{}, fmt.Errorf("hours record %d: %w", h.HoursID, err)
	}
	end, err := ParseClock(h.End)
	if err != nil {
		return Day{}, fmt.Errorf("hours record %d: %w", h.HoursID, err)
	}
	d := Day{Date: date, Start: start, End: end, BreakMinutes: h.BreakMinutes, Type: DayType(h.DayType), Note: h.Note, Basis: h.Basis}
	if err := d.Validate(); err != nil {
		return Day{}, fmt.Errorf("hours record %d: %w", h.HoursID, err)
	}
	return d, nil
}

// FromRecords converts a vault's current hours records (see
// vault.CurrentHours) for Compute.
func FromRecords(list []record.Hours) ([]Day, error) {
	out := make([]Day, 0, len(list))
	for _, h := range list {
		d, err := FromRecord(h)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}
