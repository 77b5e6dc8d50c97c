package vault

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// Purge erases the content of every revision of an entry for good. The
// ledger keeps the revisions' hashes and gains a purge record, so the chain
// still verifies and shows that something was erased, and when. Front ends
// must have the user confirm twice before calling it.
//
// The erased ciphertext is overwritten in the database file (secure_delete)
// and the WAL is checkpointed and truncated, so not even the passphrase can
// bring the content back.
func (v *Vault) Purge(id int64) error {
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	k, err := v.recordsKey()
	if err != nil {
		return err
	}
	if _, err := v.history(ctx, id); err != nil {
		return err
	}
	err = v.write(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM revisions WHERE entry_id = ? ORDER BY rev`, id)
		if err != nil {
			return err
		}
		var revs []int64
		for rows.Next() {
			var rid int64
			if err := rows.Scan(&rid); err != nil {
				rows.Close()
				return err
			}
			revs = append(revs, rid)
		}
		rows.Close()
		if _, err := tx.ExecContext(ctx, `UPDATE revisions SET body = NULL WHERE entry_id = ?`, id); err != nil {
			return err
		}
		// The entry's translations (訳文) carry its words too.
		trs, err := rowIDs(ctx, tx, `SELECT id FROM translations WHERE entry_id = ? AND body IS NOT NULL ORDER BY id`, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE translations SET body = NULL WHERE entry_id = ?`, id); err != nil {
			return err
		}
		var salt [32]byte
		copy(salt[:], seal.Random(32))
		p := record.Purge{Version: record.CanonicalVersion, Salt: record.SaltHex(salt), EntryID: id,
			Revisions: revs, Translations: trs, RecordedAt: v.now().Round(0)}
		canon, err := p.Canonical()
		if err != nil {
			return err
		}
		if err := readsBack("the purge record", canon, record.ParsePurge); err != nil {
			return err
		}
		pid, err := v.nextID(ctx, tx, "purges", "id")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO purges (id, entry_id, body) VALUES (?, ?, ?)`,
			pid, id, k.Seal(pad(canon), purgeAD(pid))); err != nil {
			return err
		}
		_, err = v.appendLink(ctx, tx, LinkPurge, purgeRef(pid), ledger.Hash(record.Hash(canon)))
		return err
	})
	if err != nil {
		return fmt.Errorf("purge entry %d: %w", id, err)
	}
	if _, err := v.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("purge entry %d: checkpoint: %w", id, mapSQLite(err))
	}
	return nil
}

// Purged reports whether entry id was purged.
func (v *Vault) Purged(id int64) (bool, error) {
	var n int
	err := v.db.QueryRow(`SELECT COUNT(*) FROM purges WHERE entry_id = ?`, id).Scan(&n)
	if err != nil {
		return false, mapSQLite(err)
	}
	if n == 0 {
		var e int
		if err := v.db.QueryRow(`SELECT COUNT(*) FROM entries WHERE id = ?`, id).Scan(&e); err != nil {
			return false, mapSQLite(err)
		}
		if e == 0 {
			return false, fmt.Errorf("entry %d: %w", id, apperr.ErrNotFound)
		}
	}
	return n > 0, nil
}

// purgeIndex opens every purge record and maps each revision row id it
// lists to the entry it was purged from. A NULL revision body counts as
// purged only if an opened purge record of the same entry lists that row:
// the clear columns (entry_id, rev, body) can be changed by anyone with the
// file, the sealed list cannot. Purge records that do not open are left
// out, so the revisions they would list show as damaged, never as purged.
// Callers hold v.mu.
func (v *Vault) purgeIndex(ctx context.Context) (map[int64]int64, error) {
	k, err := v.recordsKey()
	if err != nil {
		return nil, err
	}
	rows, err := v.db.QueryContext(ctx, `SELECT id, entry_id, body FROM purges ORDER BY id`)
	if err != nil {
		return nil, mapSQLite(err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, eid int64
		var body []byte
		if err := rows.Scan(&id, &eid, &body); err != nil {
			return nil, mapSQLite(err)
		}
		p, _, err := openPurge(k, id, eid, body)
		if err != nil {
			continue
		}
		for _, rid := range p.Revisions {
			out[rid] = p.EntryID
		}
	}
	return out, mapSQLite(rows.Err())
}

// openPurge opens purge record id and checks that it names the entry its
// row names.
func openPurge(k *seal.Key, id, entryID int64, sealed []byte) (record.Purge, []byte, error) {
	return openSealed(k, sealed, purgeAD(id), purgeRef(id), record.ParsePurge, func(p record.Purge) string {
		return namesOther("entry", p.EntryID, entryID)
	})
}

// purgedOr says what a NULL revision body is: errPurged when an opened
// purge record of entryID lists row rid, damage otherwise.
func purgedOr(index map[int64]int64, rid, entryID int64) error {
	if eid, ok := index[rid]; ok && eid == entryID {
		return errPurged
	}
	return fmt.Errorf("%s: content erased without a purge record that lists it: %w", revisionRef(rid), apperr.ErrDamaged)
}

// rowIDs runs a query of one integer column and returns its values.
func rowIDs(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
