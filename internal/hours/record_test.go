package hours

import (
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/record"
)

// Every day ParseCSV accepts survives the trip through a vault record,
// whose canonical form is stricter ("09:00", never "9:00").
func TestRecordRoundTrip(t *testing.T) {
	days, err := ParseCSV(strings.NewReader("date,start,end,break_minutes,day_type,note\n" +
		"2028-02-29,9:00,18:00,60,workday,閏日\n" +
		"2026-10-31,22:00,06:00,45,statutory_holiday,\n" +
		"2026-11-01,00:00,24:00,90,non_statutory_holiday,全日\n"))
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range days {
		r := ToRecord(d, "csv x.csv line 2")
		r.Version, r.Salt, r.HoursID = record.CanonicalVersion, strings.Repeat("00", 32), int64(i+1)
		b, err := r.Canonical()
		if err != nil {
			t.Fatalf("%v: %v", d, err)
		}
		back, err := record.ParseHours(b)
		if err != nil {
			t.Fatal(err)
		}
		got, err := FromRecord(back)
		if err != nil || got != d {
			t.Fatalf("round trip: %+v, want %+v (%v)", got, d, err)
		}
	}
}
