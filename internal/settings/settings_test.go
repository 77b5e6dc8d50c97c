package settings

import (
	"errors"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/hours"
)

type mapStore map[string]string

func (m mapStore) Setting(k string) (string, bool, error) { v, ok := m[k]; return v, ok, nil }
func (m mapStore) SetSetting(k, v string) error {
	if v == "" {
		delete(m, k)
	} else {
		m[k] = v
	}
	return nil
}

// Values written by another version, or by hand, read as the default.
func TestReadBackup(t *testing.T) {
	tests := []struct {
		keep, remind string
		want         Backup
	}{
		{"", "", DefaultBackup},
		{"5", "14", Backup{5, 14}},
		{" 5\n", "14", Backup{5, 14}},
		{"0", "-3", DefaultBackup},
		{"many", "7 days", DefaultBackup},
	}
	for _, tt := range tests {
		m := mapStore{}
		if tt.keep != "" {
			m[KeyBackupKeep] = tt.keep
		}
		if tt.remind != "" {
			m[KeyBackupRemindDays] = tt.remind
		}
		if got := ReadBackup(m); got != tt.want {
			t.Errorf("keep %q remind %q: %+v, want %+v", tt.keep, tt.remind, got, tt.want)
		}
	}
}

func TestWriteBackup(t *testing.T) {
	m := mapStore{KeyBackupKeep: "4"}
	if err := WriteBackup(m, Backup{RemindDays: 10}); err != nil || ReadBackup(m) != (Backup{4, 10}) {
		t.Fatalf("zero keeps the value: %v %+v", err, ReadBackup(m))
	}
	if err := WriteBackup(m, Backup{Keep: -1, RemindDays: 3}); !errors.Is(err, apperr.ErrInvalidInput) || ReadBackup(m) != (Backup{4, 10}) {
		t.Fatalf("negative: %v, and nothing written: %+v", err, ReadBackup(m))
	}
}

func TestTSAURL(t *testing.T) {
	tests := []struct {
		in   string
		want string // stored, read back
		ok   bool
	}{
		{"https://tsa.example.jp/tsa", "https://tsa.example.jp/tsa", true},
		{"  http://127.0.0.1:8080/ \n", "http://127.0.0.1:8080/", true},
		{"", "", true}, // off
		{"file:///etc/passwd", "", false},
		{"https://user:pw@tsa.example.jp/", "", false},
		{"tsa.example.jp", "", false},
		{"https:///path", "", false},
	}
	for _, tt := range tests {
		m := mapStore{}
		err := SetTSAURL(m, tt.in)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, apperr.ErrInvalidInput)) {
			t.Errorf("%q: %v", tt.in, err)
		}
		if got, _ := TSAURL(m); got != tt.want {
			t.Errorf("%q read back %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHours(t *testing.T) {
	tests := []struct {
		week, year string
		want       hours.Options
	}{
		{"", "", hours.Options{WeekStart: time.Sunday, YearStartMonth: time.January}},
		{"monday", "4", hours.Options{WeekStart: time.Monday, YearStartMonth: time.April}},
		{"Saturday", " 12 ", hours.Options{WeekStart: time.Saturday, YearStartMonth: time.December}},
		{"someday", "13", hours.Options{WeekStart: time.Sunday, YearStartMonth: time.January}},
	}
	for _, tt := range tests {
		m := mapStore{}
		if tt.week != "" {
			m[KeyHoursWeekStart] = tt.week
		}
		if tt.year != "" {
			m[KeyHoursYearStart] = tt.year
		}
		if got, err := Hours(m); err != nil || got != tt.want {
			t.Errorf("%q %q: %+v %v", tt.week, tt.year, got, err)
		}
	}
	m := mapStore{}
	o := hours.Options{WeekStart: time.Wednesday, YearStartMonth: time.October}
	if err := SetHours(m, o); err != nil {
		t.Fatal(err)
	}
	if got, _ := Hours(m); got != o {
		t.Errorf("round trip %+v", got)
	}
	if err := SetHours(m, hours.Options{WeekStart: 9, YearStartMonth: 1}); !errors.Is(err, apperr.ErrInvalidInput) {
		t.Errorf("bad week start: %v", err)
	}
}
