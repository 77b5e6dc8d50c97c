package vault

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// A revision table holds the sealed revisions of one kind of record kept
// beside the entries (transcripts, translations; vault format 7): each
// save is a new row (id, <thing>_id, [entry_id], rev, body) with its own
// ledger link, sealed with the records key under the row's AD. The
// functions here are the part they share: opening a row, listing,
// reading the last revision, the canonical bytes, sealing a new row and
// the check; each kind adds what it alone knows (which audio or which
// entry wording a revision belongs to, purges).

// revTable describes one revision table whose records parse as T.
type revTable[T any] struct {
	table  string // "transcripts"
	idCol  string // "transcript_id"
	noun   string // "transcript", for messages
	link   string // its ledger kind (LinkTranscript); refs are link + ":" + row id
	format string // the vault format its AD names
	// entryCol: the table has an entry_id column (translations);
	// purgeable: a purge of that entry erases bodies (NULL), which are
	// then left out rather than damage.
	entryCol, purgeable bool
	parse               func([]byte) (T, error)
	// names returns what the record says that its row does not ("" when
	// the record is the row's: same thing, revision and entry).
	names func(t T, r revRow) string
}

// revRow is one row of a revision table; body is nil when purged.
type revRow struct {
	id, tid, eid int64
	rev          int
	body         []byte
}

func (tb *revTable[T]) ref(id int64) string { return tb.link + ":" + strconv.FormatInt(id, 10) }

func (tb *revTable[T]) ad(id int64) []byte {
	return seal.AD(tb.table, "body", strconv.FormatInt(id, 10), tb.format)
}

// columns selects a revRow (0 for the entry of a table without one).
func (tb *revTable[T]) columns() string {
	entry := "0"
	if tb.entryCol {
		entry = "entry_id"
	}
	return "id, " + tb.idCol + ", " + entry + ", rev, body"
}

func scanRevRow(s interface{ Scan(...any) error }) (revRow, error) {
	var r revRow
	err := s.Scan(&r.id, &r.tid, &r.eid, &r.rev, &r.body)
	return r, err
}

// open opens a row's sealed revision and checks that it is the record the
// row says. Callers hold v.mu.
func (tb *revTable[T]) open(v *Vault, r revRow) (T, []byte, error) {
	var zero T
	k, err := v.recordsKey()
	if err != nil {
		return zero, nil, err
	}
	if r.body == nil && tb.purgeable {
		return zero, nil, errNoBody
	}
	return openSealed(k, r.body, tb.ad(r.id), tb.ref(r.id), tb.parse, func(t T) string { return tb.names(t, r) })
}

// last returns the latest revision of thing tid. Callers hold v.mu.
func (tb *revTable[T]) last(ctx context.Context, v *Vault, q querier, tid int64) (T, error) {
	var zero T
	r, err := scanRevRow(q.QueryRowContext(ctx, `SELECT `+tb.columns()+` FROM `+tb.table+` WHERE `+tb.idCol+` = ? ORDER BY rev DESC LIMIT 1`, tid))
	if err == sql.ErrNoRows {
		return zero, fmt.Errorf("%s %d: %w", tb.noun, tid, apperr.ErrNotFound)
	}
	if err != nil {
		return zero, mapSQLite(err)
	}
	if r.body == nil && tb.purgeable {
		return zero, fmt.Errorf("%s %d was purged with entry %d: %w", tb.noun, tid, r.eid, apperr.ErrNotFound)
	}
	t, _, err := tb.open(v, r)
	return t, err
}

// list opens the revisions the where clause selects, ordered by thing
// and revision, with their ledger refs; purged rows are skipped, rows that
// do not open are named in a *DamageError returned with the others.
// Callers hold v.mu.
func (tb *revTable[T]) list(ctx context.Context, v *Vault, where string, args ...any) ([]T, []string, error) {
	if _, err := v.recordsKey(); err != nil {
		return nil, nil, err
	}
	rows, err := v.db.QueryContext(ctx, `SELECT `+tb.columns()+` FROM `+tb.table+` `+where+` ORDER BY `+tb.idCol+`, rev`, args...)
	if err != nil {
		return nil, nil, mapSQLite(err)
	}
	defer rows.Close()
	var out []T
	var refs, damaged []string
	for rows.Next() {
		r, err := scanRevRow(rows)
		if err != nil {
			return nil, nil, mapSQLite(err)
		}
		if r.body == nil && tb.purgeable {
			continue // purged with its entry (check tells a purge from damage)
		}
		t, _, err := tb.open(v, r)
		if err != nil {
			damaged = append(damaged, tb.ref(r.id))
			continue
		}
		out = append(out, t)
		refs = append(refs, tb.ref(r.id))
	}
	if err := rows.Err(); err != nil {
		return nil, nil, mapSQLite(err)
	}
	if len(damaged) > 0 {
		return out, refs, &DamageError{Refs: damaged}
	}
	return out, refs, nil
}

// history is every revision of thing tid, oldest first, or ErrNotFound.
// Callers hold v.mu.
func (tb *revTable[T]) history(ctx context.Context, v *Vault, tid int64) ([]T, error) {
	list, _, err := tb.list(ctx, v, `WHERE `+tb.idCol+` = ?`, tid)
	if err == nil && len(list) == 0 {
		err = fmt.Errorf("%s %d: %w", tb.noun, tid, apperr.ErrNotFound)
	}
	return list, err
}

// canonical returns row id's canonical record bytes. Callers hold v.mu.
func (tb *revTable[T]) canonical(ctx context.Context, v *Vault, id int64) ([]byte, error) {
	r, err := scanRevRow(v.db.QueryRowContext(ctx, `SELECT `+tb.columns()+` FROM `+tb.table+` WHERE id = ?`, id))
	if err != nil {
		if err == sql.ErrNoRows {
			return nil, fmt.Errorf("%s: %w", tb.ref(id), apperr.ErrNotFound)
		}
		return nil, mapSQLite(err)
	}
	if r.body == nil && tb.purgeable {
		return nil, fmt.Errorf("%s was purged: %w", tb.ref(id), apperr.ErrNotFound)
	}
	_, canon, err := tb.open(v, r)
	return canon, err
}

// current keeps the last revision of each thing that is not a deletion,
// from a list ordered by thing and revision.
func current[T any](list []T, thing func(T) int64, kind func(T) string) []T {
	var out []T
	for i, t := range list {
		if i+1 < len(list) && thing(list[i+1]) == thing(t) {
			continue
		}
		if kind(t) != record.KindDelete {
			out = append(out, t)
		}
	}
	return out
}

// stamp gives a record about to be sealed its format version, a fresh
// salt and the vault's recorded time.
func (v *Vault) stamp() (version int, salt string, at time.Time) {
	var s [32]byte
	copy(s[:], seal.Random(32))
	return record.CanonicalVersion, record.SaltHex(s), v.now().Round(0).Truncate(time.Microsecond)
}

// insert seals canon (which must parse back) as a new row of the table
// and appends its ledger link, in tx. Callers hold v.mu.
func (tb *revTable[T]) insert(ctx context.Context, v *Vault, tx *sql.Tx, k *seal.Key, r revRow, canon []byte) error {
	if err := readsBack("the "+tb.noun, canon, tb.parse); err != nil {
		return err
	}
	body := pad(canon)
	sealed := k.Seal(body, tb.ad(r.id))
	clear(body)
	cols, vals, args := "id, "+tb.idCol+", rev, body", "?, ?, ?, ?", []any{r.id, r.tid, r.rev, sealed}
	if tb.entryCol {
		cols, vals, args = cols+", entry_id", vals+", ?", append(args, r.eid)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+tb.table+` (`+cols+`) VALUES (`+vals+`)`, args...); err != nil {
		return err
	}
	_, err := v.appendLink(ctx, tx, tb.link, tb.ref(r.id), ledger.Hash(record.Hash(canon)))
	return err
}

// check opens every row, checks it is the record its row says and that
// it hashes to its link; in a purgeable table a row without a body is
// passed to erased (elsewhere it is damage). It returns
// which rows have no body. Callers hold v.mu.
func (tb *revTable[T]) check(ctx context.Context, v *Vault, rep *Report, byRef map[string]ledger.Link, seen map[string]bool, erased func(r revRow)) map[int64]bool {
	rows, err := v.db.QueryContext(ctx, `SELECT `+tb.columns()+` FROM `+tb.table+` ORDER BY id`)
	if err != nil {
		rep.add("database", "cannot read %ss: %v", tb.noun, mapSQLite(err))
		return nil
	}
	defer rows.Close()
	isNull := map[int64]bool{}
	for rows.Next() {
		r, err := scanRevRow(rows)
		if err != nil {
			rep.add("database", "cannot read a %s: %v", tb.noun, mapSQLite(err))
			continue
		}
		ref := tb.ref(r.id)
		seen[ref] = true
		isNull[r.id] = r.body == nil
		if r.body == nil && tb.purgeable {
			erased(r)
			continue
		}
		_, canon, err := tb.open(v, r)
		if err != nil {
			rep.add(ref, "%s %d revision %d does not open: the record is damaged or was changed outside Kiroku", tb.noun, r.tid, r.rev)
			continue
		}
		v.checkLink(rep, byRef, ref, tb.link, canon)
	}
	if err := rows.Err(); err != nil {
		rep.add("database", "reading %ss stopped: %v", tb.noun, mapSQLite(err))
	}
	return isNull
}
