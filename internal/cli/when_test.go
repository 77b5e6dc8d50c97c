package cli

import (
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/record"
)

// A time without an offset is read in --zone when one is given: a worker
// whose laptop is still on its home zone types the time in Japan.
func TestWhenInZone(t *testing.T) {
	for _, tt := range []struct {
		when, zone string
		want       string
	}{
		{"2026-05-20 08:30", "Asia/Tokyo", "2026-05-20T08:30:00+09:00"},
		{"2026-05-20T08:30:00+07:00", "Asia/Tokyo", "2026-05-20T08:30:00+07:00"}, // an explicit offset stays
		{"2026-05-20 08:30", "", time.Date(2026, 5, 20, 8, 30, 0, 0, time.Local).Format(time.RFC3339)},
	} {
		ff := fieldFlags{when: tt.when, zone: tt.zone, set: map[string]bool{"when": true, "zone": tt.zone != ""}}
		f, err := ff.apply(record.Fields{})
		if err != nil {
			t.Fatal(err)
		}
		if got := f.EventTime.Format(time.RFC3339); got != tt.want {
			t.Errorf("--when %q --zone %q: %s, want %s", tt.when, tt.zone, got, tt.want)
		}
	}
}
