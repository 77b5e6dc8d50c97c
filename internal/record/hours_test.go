package record_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
)

func sampleHours() record.Hours {
	return record.Hours{
		Version: 1, Salt: strings.Repeat("cd", 32), HoursID: 3, Date: "2026-10-30",
		Start: "21:30", End: "06:15", BreakMinutes: 45, DayType: record.DayWorkday,
		Note: "棚卸し <night>", Source: "csv hours.csv line 4",
		RecordedAt: time.Date(2026, 11, 21, 1, 2, 3, 4, time.UTC),
	}
}

func TestHoursCanonical(t *testing.T) {
	h := sampleHours()
	b, err := h.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"v":1,"n":"` + strings.Repeat("cd", 32) + `","hours":3,"date":"2026-10-30","start":"21:30","end":"06:15",` +
		`"break_minutes":45,"day_type":"workday","note":"棚卸し <night>","source":"csv hours.csv line 4","removed":false,` +
		`"recorded_at":"2026-11-21T01:02:03.000000004Z"}`
	if string(b) != want {
		t.Fatalf("canonical:\n%s\nwant:\n%s", b, want)
	}
	got, err := record.ParseHours(b)
	if err != nil {
		t.Fatal(err)
	}
	if got != h {
		t.Fatalf("round trip: %+v", got)
	}
	// A removal needs no shift.
	r := record.Hours{Version: 1, Salt: h.Salt, HoursID: 4, Date: h.Date, Removed: true, RecordedAt: h.RecordedAt}
	if b, err := r.Canonical(); err != nil {
		t.Fatal(err)
	} else if _, err := record.ParseHours(b); err != nil {
		t.Fatal(err)
	}
}

func TestHoursRejects(t *testing.T) {
	mod := func(f func(*record.Hours)) record.Hours { h := sampleHours(); f(&h); return h }
	tests := map[string]record.Hours{
		"bad date":       mod(func(h *record.Hours) { h.Date = "2026-02-30" }),
		"start 24:00":    mod(func(h *record.Hours) { h.Start = "24:00" }),
		"end 24:01":      mod(func(h *record.Hours) { h.End = "24:01" }),
		"one digit hour": mod(func(h *record.Hours) { h.Start = "9:00" }),
		"minute 60":      mod(func(h *record.Hours) { h.End = "10:60" }),
		"equal":          mod(func(h *record.Hours) { h.End = h.Start }),
		"break too long": mod(func(h *record.Hours) { h.BreakMinutes = 525 }),
		"negative break": mod(func(h *record.Hours) { h.BreakMinutes = -1 }),
		"day type":       mod(func(h *record.Hours) { h.DayType = "holiday" }),
		"zero id":        mod(func(h *record.Hours) { h.HoursID = 0 }),
		"bad utf8":       mod(func(h *record.Hours) { h.Note = "a\xff" }),
	}
	for name, h := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := h.Canonical(); !errors.Is(err, apperr.ErrInvalidInput) {
				t.Fatalf("accepted: %v", err)
			}
		})
	}
	if _, err := mod(func(h *record.Hours) { h.BreakMinutes = 524 }).Canonical(); err != nil {
		t.Fatalf("a break one minute shorter than the shift was refused: %v", err)
	}
	if _, err := mod(func(h *record.Hours) { h.Start, h.End = "00:00", "24:00" }).Canonical(); err != nil {
		t.Fatalf("00:00-24:00 refused: %v", err)
	}
}

func FuzzParseHours(f *testing.F) {
	b, _ := sampleHours().Canonical()
	f.Add(b)
	f.Add([]byte(`{}`))
	f.Add(bytes.Replace(b, []byte(`"end":"06:15"`), []byte(`"end":"24:00"`), 1))
	f.Fuzz(func(t *testing.T, in []byte) {
		h, err := record.ParseHours(in)
		if err != nil {
			return
		}
		out, err := h.Canonical()
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("accepted bytes are not canonical")
		}
		if !h.Removed && h.ValidShift() != nil {
			t.Fatalf("accepted an invalid shift: %+v", h)
		}
	})
}

// An hours record that says what its times come from is version 2, with
// "basis" after "source"; one without stays version 1, byte for byte.
func TestHoursBasis(t *testing.T) {
	h := sampleHours()
	h.Basis, h.Version = "timecard", record.HoursVersionBasis
	if record.HoursVersion(h) != 2 {
		t.Fatal("version")
	}
	b, err := h.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte(`{"v":2,`)) || !bytes.Contains(b, []byte(`"source":"csv hours.csv line 4","basis":"timecard","removed":false`)) {
		t.Fatalf("canonical: %s", b)
	}
	got, err := record.ParseHours(b)
	if err != nil || got != h {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	for name, in := range map[string][]byte{
		"v1 with a basis":    bytes.Replace(b, []byte(`{"v":2,`), []byte(`{"v":1,`), 1),
		"v2 without one":     bytes.Replace(b, []byte(`,"basis":"timecard"`), nil, 1),
		"empty basis":        bytes.Replace(b, []byte(`"basis":"timecard"`), []byte(`"basis":""`), 1),
		"unknown basis":      bytes.Replace(b, []byte(`"basis":"timecard"`), []byte(`"basis":"memory"`), 1),
		"version 3":          bytes.Replace(b, []byte(`{"v":2,`), []byte(`{"v":3,`), 1),
		"basis after remove": bytes.Replace(bytes.Replace(b, []byte(`,"basis":"timecard"`), nil, 1), []byte(`"removed":false`), []byte(`"removed":false,"basis":"timecard"`), 1),
	} {
		if _, err := record.ParseHours(in); !errors.Is(err, apperr.ErrInvalidInput) {
			t.Errorf("%s: accepted: %v", name, err)
		}
	}
	for _, ok := range record.HoursBases {
		if !record.IsHoursBasis(ok) {
			t.Errorf("%s", ok)
		}
	}
}
