package vault

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// The hours log: one sealed record per day as entered, each with a ledger
// link. Records are never changed: a later record for the same date
// supersedes the earlier one, and a record with Removed takes a date back.

// LinkHours is the ledger kind of an hours record.
const LinkHours = "hours"

func hoursAD(id int64) []byte { return seal.AD("hours", "body", strconv.FormatInt(id, 10), "3") }

func hoursRef(id int64) string { return "hours:" + strconv.FormatInt(id, 10) }

// AddHours stores days in one transaction: all of them or, on any error,
// none. The vault sets each record's id, salt and recorded time; the
// caller fills the date, shift, day type, note and source (or Removed).
func (v *Vault) AddHours(days []record.Hours) ([]record.Hours, error) {
	if len(days) == 0 {
		return nil, nil
	}
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	k, err := v.recordsKey()
	if err != nil {
		return nil, err
	}
	out := make([]record.Hours, 0, len(days))
	err = v.write(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		now := v.now().Round(0).Truncate(time.Microsecond)
		for i, d := range days {
			id, err := v.nextID(ctx, tx, "hours", "id")
			if err != nil {
				return err
			}
			var salt [32]byte
			copy(salt[:], seal.Random(32))
			d.Version, d.Salt, d.HoursID, d.RecordedAt = record.HoursVersion(d), record.SaltHex(salt), id, now
			d.Note, d.Source = record.NFC(d.Note), record.NFC(d.Source)
			canon, err := d.Canonical()
			if err == nil {
				err = readsBack("the day", canon, record.ParseHours)
			}
			if err != nil {
				return fmt.Errorf("day %d (%s): %w", i+1, d.Date, err)
			}
			body := pad(canon)
			sealed := k.Seal(body, hoursAD(id))
			clear(body)
			if _, err := tx.ExecContext(ctx, `INSERT INTO hours (id, body) VALUES (?, ?)`, id, sealed); err != nil {
				return err
			}
			if _, err := v.appendLink(ctx, tx, LinkHours, hoursRef(id), ledger.Hash(record.Hash(canon))); err != nil {
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("add hours: %w", err)
	}
	return out, nil
}

// HoursLog returns every hours record in the order written. Records that
// do not open are named in a *DamageError returned with the others.
func (v *Vault) HoursLog() ([]record.Hours, error) {
	list, _, err := v.hoursLog(context.Background(), true)
	return list, err
}

// HoursCanonical returns the canonical bytes of hours record id, for export.
func (v *Vault) HoursCanonical(id int64) ([]byte, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	var sealed []byte
	if err := v.db.QueryRow(`SELECT body FROM hours WHERE id = ?`, id).Scan(&sealed); err != nil {
		if err == sql.ErrNoRows {
			return nil, fmt.Errorf("%s: %w", hoursRef(id), apperr.ErrNotFound)
		}
		return nil, mapSQLite(err)
	}
	_, canon, err := v.openHours(id, sealed)
	return canon, err
}

func (v *Vault) hoursLog(ctx context.Context, lock bool) ([]record.Hours, [][]byte, error) {
	if lock {
		v.mu.Lock()
		defer v.mu.Unlock()
	}
	if _, err := v.recordsKey(); err != nil {
		return nil, nil, err
	}
	rows, err := v.db.QueryContext(ctx, `SELECT id, body FROM hours ORDER BY id`)
	if err != nil {
		return nil, nil, mapSQLite(err)
	}
	defer rows.Close()
	var out []record.Hours
	var canons [][]byte
	var damaged []string
	for rows.Next() {
		var id int64
		var sealed []byte
		if err := rows.Scan(&id, &sealed); err != nil {
			return nil, nil, mapSQLite(err)
		}
		h, canon, err := v.openHours(id, sealed)
		if err != nil {
			damaged = append(damaged, hoursRef(id))
			continue
		}
		out = append(out, h)
		canons = append(canons, canon)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, mapSQLite(err)
	}
	if len(damaged) > 0 {
		return out, canons, &DamageError{Refs: damaged}
	}
	return out, canons, nil
}

// openHours opens a sealed hours record and checks that it belongs to row
// id. Callers hold v.mu.
func (v *Vault) openHours(id int64, sealed []byte) (record.Hours, []byte, error) {
	k, err := v.recordsKey()
	if err != nil {
		return record.Hours{}, nil, err
	}
	return openSealed(k, sealed, hoursAD(id), hoursRef(id), record.ParseHours, func(h record.Hours) string {
		return namesOther("hours", h.HoursID, id)
	})
}

// CurrentHours reduces a log to the current record of each date (the
// latest written wins; a removal drops the date), sorted by date.
func CurrentHours(log []record.Hours) []record.Hours {
	last := map[string]record.Hours{}
	for _, h := range log {
		if p, ok := last[h.Date]; !ok || h.HoursID > p.HoursID {
			last[h.Date] = h
		}
	}
	out := make([]record.Hours, 0, len(last))
	for _, h := range last {
		if !h.Removed {
			out = append(out, h)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out
}

func (v *Vault) checkHours(ctx context.Context, rep *Report, byRef map[string]ledger.Link, seen map[string]bool) {
	v.checkRecordTable(ctx, rep, byRef, seen, recordTable{
		table: "hours", what: "hours record", whats: "the hours log", kind: LinkHours, ref: hoursRef,
		open: func(id int64, sealed []byte) ([]byte, error) {
			_, canon, err := v.openHours(id, sealed)
			return canon, err
		},
	})
}
