// Package settings is every setting Kiroku keeps inside the vault: its
// name, its default, how a stored value is read and what a new value must
// be, in one place, so that the app, kirokuctl, exports and backups read
// each one the same way.
//
// These are settings of the record, not of a computer: they are sealed in
// the vault's settings table (docs/FORMAT.md) and covered by the sealed
// head's digest of that table, so they travel with the vault to a second
// computer and a change made outside Kiroku is noticed. Preferences of
// one computer (language, theme, window) stay in the app's preferences.
//
// A stored value this version does not understand reads as the default,
// never as an error that would keep the vault from being used.
package settings

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/hours"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// The names of the settings in the vault's table. They are part of the
// format: a new setting gets a new name, and a name is never reused.
const (
	KeyBackupKeep       = "backup.keep"        // backups of a vault kept per folder
	KeyBackupRemindDays = "backup.remind_days" // remind after this many days without a backup
	KeyTSAURL           = "tsa.url"            // the timestamp authority; absent or "": off
	KeyHoursWeekStart   = "hours.week_start"   // "sunday" ... "saturday"
	KeyHoursYearStart   = "hours.year_start"   // "1" to "12"
	KeyRecordingCodec   = "recording.codec"    // record.CodecOpus (absent: the default) or record.CodecPCM
	// KeyDraft holds the entry form's unsaved contents while the app is
	// locked (versioned JSON, written by app/local); never exported.
	KeyDraft = "ui.draft"
	// KeyTranslationDraft holds the translation screen's unsaved contents
	// (訳文) while the app is locked, like KeyDraft.
	KeyTranslationDraft = "ui.draft.translation"
	// KeyTranscriptDraft holds the transcript editor's unsaved contents
	// (反訳) while the app is locked, like KeyDraft.
	KeyTranscriptDraft = "ui.draft.transcript"
)

// Store is what the settings are kept in: an unlocked vault.
type Store interface {
	Setting(key string) (string, bool, error)
	SetSetting(key, value string) error
}

var _ Store = (*vault.Vault)(nil)

// Backup is how many backups are kept and when the app reminds.
type Backup struct {
	Keep       int // backups of this vault kept per folder
	RemindDays int // remind after this many days without a backup
}

// DefaultBackup is Backup when nothing is set.
var DefaultBackup = Backup{Keep: 3, RemindDays: 7}

// ReadBackup reads the backup settings; a value missing, unreadable or not
// a positive number is its default.
func ReadBackup(s Store) Backup {
	return Backup{Keep: positive(s, KeyBackupKeep, DefaultBackup.Keep),
		RemindDays: positive(s, KeyBackupRemindDays, DefaultBackup.RemindDays)}
}

// WriteBackup stores b; a zero field leaves that setting as it is, a
// negative one is apperr.ErrInvalidInput (and nothing is written).
func WriteBackup(s Store, b Backup) error {
	if b.Keep < 0 || b.RemindDays < 0 {
		return fmt.Errorf("backup settings keep %d, remind %d: %w", b.Keep, b.RemindDays, apperr.ErrInvalidInput)
	}
	for _, kv := range []struct {
		key string
		n   int
	}{{KeyBackupKeep, b.Keep}, {KeyBackupRemindDays, b.RemindDays}} {
		if kv.n > 0 {
			if err := s.SetSetting(kv.key, strconv.Itoa(kv.n)); err != nil {
				return err
			}
		}
	}
	return nil
}

func positive(s Store, key string, def int) int {
	v, ok, err := s.Setting(key)
	if err != nil || !ok {
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n <= 0 {
		return def
	}
	return n
}

// RecordingCodec is the codec new recordings are stored in: Opus unless
// the worker chose lossless PCM (issue 19: speech at about 11 MB an hour
// instead of 346).
func RecordingCodec(s Store) string {
	v, ok, err := s.Setting(KeyRecordingCodec)
	if err == nil && ok && strings.TrimSpace(v) == record.CodecPCM {
		return record.CodecPCM
	}
	return record.CodecOpus
}

// SetRecordingCodec keeps the codec for new recordings; recordings made
// before keep theirs.
func SetRecordingCodec(s Store, codec string) error {
	if codec != record.CodecOpus && codec != record.CodecPCM {
		return fmt.Errorf("recording codec %q: %w", codec, apperr.ErrInvalidInput)
	}
	return s.SetSetting(KeyRecordingCodec, codec)
}

// TSAURL is the timestamp authority's address, "" while timestamps are off.
func TSAURL(s Store) (string, error) {
	u, ok, err := s.Setting(KeyTSAURL)
	if err != nil || !ok {
		return "", err
	}
	return strings.TrimSpace(u), nil
}

// SetTSAURL keeps the timestamp authority's address (trimmed) after
// CheckTSAURL; "" turns timestamps off.
func SetTSAURL(s Store, raw string) error {
	u := strings.TrimSpace(raw)
	if u != "" {
		if err := CheckTSAURL(u); err != nil {
			return err
		}
	}
	return s.SetSetting(KeyTSAURL, u)
}

// CheckTSAURL accepts only absolute http and https URLs with a host and
// no user name or password.
func CheckTSAURL(raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return fmt.Errorf("%q is not an http(s) address of a timestamp authority: %w", raw, apperr.ErrInvalidInput)
	}
	return nil
}

// Hours reads the hours calculator's options. They are vault settings, not
// preferences, because they come from the worker's own work rules and
// Article 36 agreement: the app, kirokuctl and an export count the same
// way on any computer. Missing or not understood: Sunday and January; an
// error reading the settings is returned with those defaults.
func Hours(s Store) (hours.Options, error) {
	o := hours.Options{WeekStart: time.Sunday, YearStartMonth: time.January}
	w, ok, err := s.Setting(KeyHoursWeekStart)
	if err != nil {
		return o, err
	}
	if ok {
		for d := time.Sunday; d <= time.Saturday; d++ {
			if strings.EqualFold(strings.TrimSpace(w), d.String()) {
				o.WeekStart = d
			}
		}
	}
	y, ok, err := s.Setting(KeyHoursYearStart)
	if err != nil {
		return o, err
	}
	if n, err := strconv.Atoi(strings.TrimSpace(y)); ok && err == nil && n >= 1 && n <= 12 {
		o.YearStartMonth = time.Month(n)
	}
	return o, nil
}

// SetHours stores the hours calculator's options.
func SetHours(s Store, o hours.Options) error {
	if o.WeekStart < time.Sunday || o.WeekStart > time.Saturday || o.YearStartMonth < time.January || o.YearStartMonth > time.December {
		return fmt.Errorf("hours settings %d, %d: %w", o.WeekStart, o.YearStartMonth, apperr.ErrInvalidInput)
	}
	if err := s.SetSetting(KeyHoursWeekStart, strings.ToLower(o.WeekStart.String())); err != nil {
		return err
	}
	return s.SetSetting(KeyHoursYearStart, strconv.Itoa(int(o.YearStartMonth)))
}
