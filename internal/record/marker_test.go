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

func sampleMarkerLabel() record.MarkerLabel {
	return record.MarkerLabel{
		Version: 1, Salt: strings.Repeat("ef", 32), LabelID: 2, RecordingID: 1, MarkerID: 3, Index: 1,
		At: 1500 * time.Millisecond, Wall: time.Date(2026, 11, 21, 1, 2, 3, 0, time.FixedZone("JST", 9*3600)),
		Label: "怒鳴り始めた <here>", RecordedAt: time.Date(2026, 11, 22, 4, 5, 6, 7, time.UTC),
	}
}

func TestMarkerLabelCanonical(t *testing.T) {
	l := sampleMarkerLabel()
	b, err := l.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"v":1,"n":"` + strings.Repeat("ef", 32) + `","marker_label":2,"recording":1,"marker":3,"index":1,` +
		`"at_ns":1500000000,"wall":"2026-11-21T01:02:03+09:00","label":"怒鳴り始めた <here>",` +
		`"recorded_at":"2026-11-22T04:05:06.000000007Z"}`
	if string(b) != want {
		t.Fatalf("canonical:\n%s\nwant:\n%s", b, want)
	}
	got, err := record.ParseMarkerLabel(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Label != l.Label || !got.Wall.Equal(l.Wall) || !got.RecordedAt.Equal(l.RecordedAt) || got.Index != 1 || got.MarkerID != 3 {
		t.Fatalf("round trip: %+v", got)
	}
	// A cleared label is a label too.
	l.Label = ""
	if b, err := l.Canonical(); err != nil {
		t.Fatal(err)
	} else if _, err := record.ParseMarkerLabel(b); err != nil {
		t.Fatal(err)
	}
}

func TestMarkerLabelRejects(t *testing.T) {
	mod := func(f func(*record.MarkerLabel)) record.MarkerLabel { l := sampleMarkerLabel(); f(&l); return l }
	tests := []struct {
		name string
		l    record.MarkerLabel
	}{
		{"no id", mod(func(l *record.MarkerLabel) { l.LabelID = 0 })},
		{"no recording", mod(func(l *record.MarkerLabel) { l.RecordingID = 0 })},
		{"no marker", mod(func(l *record.MarkerLabel) { l.MarkerID = -1 })},
		{"negative index", mod(func(l *record.MarkerLabel) { l.Index = -1 })},
		{"negative position", mod(func(l *record.MarkerLabel) { l.At = -1 })},
		{"bad salt", mod(func(l *record.MarkerLabel) { l.Salt = "ab" })},
		{"version", mod(func(l *record.MarkerLabel) { l.Version = 2 })},
		{"not UTF-8", mod(func(l *record.MarkerLabel) { l.Label = "a\xffb" })},
		{"line break", mod(func(l *record.MarkerLabel) { l.Label = "a\nb" })},
		{"too long", mod(func(l *record.MarkerLabel) { l.Label = strings.Repeat("あ", 400) })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.l.Canonical(); !errors.Is(err, apperr.ErrInvalidInput) {
				t.Fatalf("err = %v", err)
			}
		})
	}
	b, _ := sampleMarkerLabel().Canonical()
	bad := map[string][]byte{
		"unknown field": bytes.Replace(b, []byte(`"index":1,`), []byte(`"index":1,"x":1,`), 1),
		"spaces":        bytes.Replace(b, []byte(`,"index"`), []byte(`, "index"`), 1),
		"field order":   bytes.Replace(b, []byte(`"recording":1,"marker":3`), []byte(`"marker":3,"recording":1`), 1),
		"trailing":      append(append([]byte{}, b...), []byte(` {}`)...),
		"escaped html":  bytes.Replace(b, []byte(`<here>`), []byte(`\u003chere>`), 1),
		"missing wall":  bytes.Replace(b, []byte(`"wall":"2026-11-21T01:02:03+09:00",`), nil, 1),
	}
	for name, in := range bad {
		t.Run(name, func(t *testing.T) {
			if _, err := record.ParseMarkerLabel(in); err == nil {
				t.Fatalf("accepted %s", in)
			}
		})
	}
}

func FuzzParseMarkerLabel(f *testing.F) {
	b, _ := sampleMarkerLabel().Canonical()
	f.Add(b)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"v":1}`))
	f.Add(bytes.Replace(b, []byte(`"label":"怒鳴`), []byte(`"label":"\ud800`), 1))
	f.Add(bytes.Replace(b, []byte(`"index":1`), []byte(`"index":1e0`), 1))
	f.Fuzz(func(t *testing.T, in []byte) {
		l, err := record.ParseMarkerLabel(in)
		if err != nil {
			return
		}
		out, err := l.Canonical()
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("accepted bytes are not canonical")
		}
		if l.LabelID <= 0 || l.RecordingID <= 0 || l.MarkerID <= 0 || l.Index < 0 || l.At < 0 || record.ValidMarkerLabel(l.Label) != nil {
			t.Fatalf("accepted an out-of-range record: %+v", l)
		}
	})
}
