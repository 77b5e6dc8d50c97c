// Package export makes evidence bundles from a vault (docs/FORMAT.md,
// "Evidence bundle"): it chooses what leaves the vault, writes the payload
// through package bundle, renders the report through package report, and
// optionally encrypts the zip for sending with age.
package export

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// Selection is what the user chose to hand over. Every filter that is set
// must match (an entry listed in Entries is still subject to the others).
type Selection struct {
	From, To   time.Time // event dates, inclusive; zero: open
	Categories []string  // any of them
	People     []string  // any of them (names as entered, case-insensitive)
	Entries    []int64   // exactly these

	Recordings  bool // include recordings of the selected entries
	Attachments bool // include imported files of the selected entries
	Hours       bool // include the hours log (within From..To)
	Metadata    bool // include device names and recording start records
}

// Filtered reports whether any filter narrows the entries beyond dates.
func (s Selection) Filtered() bool {
	return len(s.Categories) > 0 || len(s.People) > 0 || len(s.Entries) > 0
}

// inRange reports whether t falls on a date between From and To
// (inclusive), in t's own zone: the date the user saw.
func (s Selection) inRange(t time.Time) bool {
	d := t.Format(time.DateOnly)
	if !s.From.IsZero() && d < s.From.Format(time.DateOnly) {
		return false
	}
	if !s.To.IsZero() && d > s.To.Format(time.DateOnly) {
		return false
	}
	return true
}

func (s Selection) inDateRange(date string) bool {
	if !s.From.IsZero() && date < s.From.Format(time.DateOnly) {
		return false
	}
	if !s.To.IsZero() && date > s.To.Format(time.DateOnly) {
		return false
	}
	return true
}

// Match reports whether an entry is selected.
func (s Selection) Match(e record.Entry) bool {
	if e.Deleted {
		return false
	}
	if len(s.Entries) > 0 && !slices.Contains(s.Entries, e.ID) {
		return false
	}
	if !s.inRange(e.Fields.EventTime) {
		return false
	}
	if len(s.Categories) > 0 && !slices.ContainsFunc(e.Fields.Categories, func(c string) bool { return slices.Contains(s.Categories, c) }) {
		return false
	}
	if len(s.People) > 0 && !slices.ContainsFunc(e.Fields.People, func(p record.Person) bool {
		return slices.ContainsFunc(s.People, func(n string) bool { return strings.EqualFold(strings.TrimSpace(n), strings.TrimSpace(p.Name)) })
	}) {
		return false
	}
	return true
}

// Plan is what an export will contain: the preview the user confirms.
type Plan struct {
	Selection   Selection
	Entries     []record.Entry
	Recordings  []vault.Recording
	Attachments []vault.Attachment
	Hours       []record.Hours // current day records within the range
	Bytes       int64          // approximate payload size of audio and files
	// Damaged names the records ("revision:12", "recording:3"...) that
	// the vault could not open: they are left out, and the bundle says so
	// (entries.json "damaged", VERIFY.txt, the report) instead of the
	// whole export failing. Their links stay in the bundle's chain.
	Damaged []string
}

// leftOut keeps the records a listing could not open and passes on any
// other error.
func (p *Plan) leftOut(what string, err error) error {
	var de *vault.DamageError
	if errors.As(err, &de) {
		p.Damaged = append(p.Damaged, de.Refs...)
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	return nil
}

// Prepare chooses what leaves the vault. Recordings and attachments go with
// their entries; those attached to no entry go along when no filter other
// than dates is set and they fall in the date range.
func Prepare(v *vault.Vault, sel Selection) (*Plan, error) {
	if !sel.From.IsZero() && !sel.To.IsZero() && sel.To.Before(sel.From) {
		return nil, fmt.Errorf("the end date is before the start date: %w", apperr.ErrInvalidInput)
	}
	p := &Plan{Selection: sel}
	all, err := v.Entries()
	if err := p.leftOut("entries", err); err != nil {
		return nil, err
	}
	chosen := map[int64]bool{}
	for _, e := range all {
		if sel.Match(e) {
			p.Entries = append(p.Entries, e)
			chosen[e.ID] = true
		}
	}
	for _, id := range sel.Entries {
		if !chosen[id] && !slices.ContainsFunc(all, func(e record.Entry) bool { return e.ID == id }) {
			if len(p.Damaged) > 0 {
				return nil, fmt.Errorf("entry %d: not among the entries that open (damaged records: %s): %w",
					id, strings.Join(p.Damaged, ", "), apperr.ErrDamaged)
			}
			return nil, fmt.Errorf("entry %d: %w", id, apperr.ErrNotFound)
		}
	}
	slices.SortFunc(p.Entries, func(a, b record.Entry) int {
		if c := a.Fields.EventTime.Compare(b.Fields.EventTime); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	loose := func(entry int64, t time.Time) bool {
		if entry != 0 {
			return chosen[entry]
		}
		return !sel.Filtered() && sel.inRange(t)
	}
	if sel.Recordings {
		recs, err := v.Recordings()
		if err := p.leftOut("recordings", err); err != nil {
			return nil, err
		}
		for _, r := range recs {
			if r.End != nil && loose(r.Start.EntryID, r.Start.StartedAt) {
				p.Recordings = append(p.Recordings, r)
				p.Bytes += 44 + r.Frames*int64(r.Start.Format.BytesPerFrame())
			}
		}
	}
	if sel.Attachments {
		atts, err := v.Attachments()
		if err := p.leftOut("attachments", err); err != nil {
			return nil, err
		}
		for _, a := range atts {
			if loose(a.EntryID, a.ImportedAt) {
				p.Attachments = append(p.Attachments, a)
				p.Bytes += a.Size
			}
		}
	}
	if sel.Hours {
		log, err := v.HoursLog()
		if err := p.leftOut("the hours log", err); err != nil {
			return nil, err
		}
		for _, h := range vault.CurrentHours(log) {
			if sel.inDateRange(h.Date) {
				p.Hours = append(p.Hours, h)
			}
		}
	}
	slices.Sort(p.Damaged)
	p.Damaged = slices.Compact(p.Damaged)
	return p, nil
}
