package vault

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// padBlock hides the exact length of a sealed record: plaintexts are padded
// (ISO/IEC 7816-4: 0x80 then zeros) to a multiple of this many bytes.
const padBlock = 256

func pad(b []byte) []byte {
	n := (len(b)/padBlock + 1) * padBlock
	out := make([]byte, n)
	copy(out, b)
	out[len(b)] = 0x80
	return out
}

func unpad(b []byte) ([]byte, error) {
	i := len(b) - 1
	for i >= 0 && b[i] == 0 {
		i--
	}
	if i < 0 || b[i] != 0x80 {
		return nil, errors.New("bad padding")
	}
	return b[:i], nil
}

// readsBack refuses a record whose canonical bytes would not parse back
// to a valid record: sealing it would leave a record that Check, show and
// export call damaged, blaming the vault for bad input. The input checks
// (record.ValidText and the like) should refuse such values first; this
// is the net under them for every writer.
func readsBack[T any](what string, canon []byte, parse func([]byte) (T, error)) error {
	if _, err := parse(canon); err != nil {
		return fmt.Errorf("%s cannot be stored as given (%v): %w", what, err, apperr.ErrInvalidInput)
	}
	return nil
}

func revisionAD(id int64) []byte {
	return seal.AD("revisions", "body", strconv.FormatInt(id, 10), "1")
}

func purgeAD(id int64) []byte {
	return seal.AD("purges", "body", strconv.FormatInt(id, 10), "1")
}

func revisionRef(id int64) string { return "revision:" + strconv.FormatInt(id, 10) }
func purgeRef(id int64) string    { return "purge:" + strconv.FormatInt(id, 10) }

// Ledger kinds written by this package.
const (
	LinkRevision = "revision"
	LinkPurge    = "purge"
)

// DamageError lists records that failed to open. Listing functions return
// the records that did open together with a DamageError, so one damaged
// record never hides the others.
type DamageError struct {
	Refs []string
}

func (e *DamageError) Error() string {
	return fmt.Sprintf("damaged records: %s", strings.Join(e.Refs, ", "))
}

func (e *DamageError) Unwrap() error { return apperr.ErrDamaged }

func (v *Vault) newRevision(entryID int64, rev int, kind string, f record.Fields, reason string) record.Revision {
	var salt [32]byte
	copy(salt[:], seal.Random(32))
	return record.Revision{
		Version:    record.RevisionVersion(f),
		Salt:       record.SaltHex(salt),
		EntryID:    entryID,
		Rev:        rev,
		Kind:       kind,
		RecordedAt: v.now().Round(0).Truncate(time.Microsecond),
		Fields:     f,
		Reason:     record.NFC(reason),
	}
}

// insertRevision seals r into a new revisions row and links it. Callers
// hold v.mu.
func (v *Vault) insertRevision(ctx context.Context, tx *sql.Tx, r record.Revision) error {
	k, err := v.recordsKey()
	if err != nil {
		return err
	}
	canon, err := r.Canonical()
	if err != nil {
		return err
	}
	if err := readsBack("the entry", canon, record.ParseRevision); err != nil {
		return err
	}
	id, err := v.nextID(ctx, tx, "revisions", "id")
	if err != nil {
		return err
	}
	body := pad(canon)
	sealed := k.Seal(body, revisionAD(id))
	clear(body)
	if _, err := v.exec(ctx, tx, `INSERT INTO revisions (id, entry_id, rev, body) VALUES (?, ?, ?, ?)`,
		id, r.EntryID, r.Rev, sealed); err != nil {
		return err
	}
	_, err = v.appendLink(ctx, tx, LinkRevision, revisionRef(id), ledger.Hash(record.Hash(canon)))
	return err
}

// Add stores a new entry. The recorded time is the system clock now.
func (v *Vault) Add(f record.Fields) (record.Entry, error) {
	f = f.Normalize()
	if err := f.Validate(); err != nil {
		return record.Entry{}, err
	}
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, err := v.recordsKey(); err != nil {
		return record.Entry{}, err
	}
	var r record.Revision
	err := v.write(ctx, func(tx *sql.Tx) error {
		id, err := v.nextID(ctx, tx, "entries", "id")
		if err != nil {
			return err
		}
		if _, err := v.exec(ctx, tx, `INSERT INTO entries (id) VALUES (?)`, id); err != nil {
			return err
		}
		r = v.newRevision(id, 1, record.KindCreate, f, "")
		return v.insertRevision(ctx, tx, r)
	})
	if err != nil {
		return record.Entry{}, fmt.Errorf("add entry: %w", err)
	}
	return entryFrom(r, r), nil
}

// AddMany stores several entries in one transaction: all or none. It is
// for imports; interactive capture uses Add, one durable transaction each.
func (v *Vault) AddMany(list []record.Fields) error {
	for i := range list {
		list[i] = list[i].Normalize()
		if err := list[i].Validate(); err != nil {
			return fmt.Errorf("entry %d of %d: %w", i+1, len(list), err)
		}
	}
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, err := v.recordsKey(); err != nil {
		return err
	}
	err := v.write(ctx, func(tx *sql.Tx) error {
		for _, f := range list {
			id, err := v.nextID(ctx, tx, "entries", "id")
			if err != nil {
				return err
			}
			if _, err := v.exec(ctx, tx, `INSERT INTO entries (id) VALUES (?)`, id); err != nil {
				return err
			}
			if err := v.insertRevision(ctx, tx, v.newRevision(id, 1, record.KindCreate, f, "")); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("add %d entries: %w", len(list), err)
	}
	return nil
}

// Edit adds a revision replacing the fields of entry id. The old revision
// stays in the history.
func (v *Vault) Edit(id int64, f record.Fields, reason string) (record.Entry, error) {
	f = f.Normalize()
	if err := f.Validate(); err != nil {
		return record.Entry{}, err
	}
	return v.appendRevision(id, record.KindEdit, f, reason)
}

// Delete adds a tombstone: the entry leaves the timeline, its history stays.
func (v *Vault) Delete(id int64, reason string) error {
	_, err := v.appendRevision(id, record.KindDelete, record.Fields{}, reason)
	return err
}

func (v *Vault) appendRevision(id int64, kind string, f record.Fields, reason string) (record.Entry, error) {
	if err := record.ValidText("reason", reason); err != nil {
		return record.Entry{}, err
	}
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, err := v.recordsKey(); err != nil {
		return record.Entry{}, err
	}
	revs, err := v.history(ctx, id)
	if err != nil {
		return record.Entry{}, err
	}
	last := revs[len(revs)-1]
	if last.Kind == record.KindDelete {
		return record.Entry{}, fmt.Errorf("entry %d was deleted: %w", id, apperr.ErrNotFound)
	}
	var r record.Revision
	err = v.write(ctx, func(tx *sql.Tx) error {
		r = v.newRevision(id, last.Rev+1, kind, f, reason)
		return v.insertRevision(ctx, tx, r)
	})
	if err != nil {
		return record.Entry{}, fmt.Errorf("%s entry %d: %w", kind, id, err)
	}
	return entryFrom(revs[0], r), nil
}

// openRevision opens a sealed revision body and checks that it belongs to
// the row it was read from.
func (v *Vault) openRevision(id, entryID int64, rev int, sealed []byte) (record.Revision, []byte, error) {
	return v.openRevisionMode(id, entryID, rev, sealed, true)
}

// openRevisionMode opens a revision; strict also checks that the bytes are
// canonical (for Check). Reading for display skips that re-encoding: the
// seal already authenticates the bytes Kiroku wrote.
func (v *Vault) openRevisionMode(id, entryID int64, rev int, sealed []byte, strict bool) (record.Revision, []byte, error) {
	return v.openRevisionTo(nil, id, entryID, rev, sealed, strict)
}

// openRevisionTo is openRevisionMode decrypting into buf's storage; the
// canonical bytes it returns share it.
func (v *Vault) openRevisionTo(buf []byte, id, entryID int64, rev int, sealed []byte, strict bool) (record.Revision, []byte, error) {
	k, err := v.recordsKey()
	if err != nil {
		return record.Revision{}, nil, err
	}
	if sealed == nil {
		return record.Revision{}, nil, errNoBody
	}
	parse := record.DecodeRevision
	if strict {
		parse = record.ParseRevision
	}
	// The row check is done here rather than through openSealed's names:
	// listing opens every entry, and a closure per record would be an
	// allocation per record.
	r, canon, err := openSealedTo(buf, k, sealed, revisionAD(id), revisionRef(id), parse, nil)
	if err == nil && (r.EntryID != entryID || r.Rev != rev) {
		return record.Revision{}, nil, fmt.Errorf("%s: the record names entry %d rev %d: %w", revisionRef(id), r.EntryID, r.Rev, apperr.ErrDamaged)
	}
	return r, canon, err
}

// errNoBody is what openRevisionMode says of a NULL body. It is not yet
// "purged": callers ask purgedOr, which says errPurged only when an opened
// purge record lists the row, and damage otherwise.
var (
	errNoBody = errors.New("no content")
	errPurged = errors.New("purged")
)

func entryFrom(first, last record.Revision) record.Entry {
	e := record.Entry{
		ID:         last.EntryID,
		Rev:        last.Rev,
		RecordedAt: first.RecordedAt,
		EditedAt:   last.RecordedAt,
		Fields:     last.Fields,
	}
	if last.Kind == record.KindDelete {
		e.Deleted = true
	}
	return e
}

// history returns the revisions of an entry, oldest first. Callers hold v.mu.
func (v *Vault) history(ctx context.Context, id int64) ([]record.Revision, error) {
	rows, err := v.db.QueryContext(ctx, `SELECT id, rev, body FROM revisions WHERE entry_id = ? ORDER BY rev`, id)
	if err != nil {
		return nil, mapSQLite(err)
	}
	defer rows.Close()
	type row struct {
		rid  int64
		rev  int
		body []byte
	}
	var list []row
	for rows.Next() {
		var x row
		if err := rows.Scan(&x.rid, &x.rev, &x.body); err != nil {
			return nil, mapSQLite(err)
		}
		list = append(list, x)
	}
	if err := rows.Err(); err != nil {
		return nil, mapSQLite(err)
	}
	rows.Close()
	var out []record.Revision
	var index map[int64]int64
	purged := false
	for _, x := range list {
		r, _, err := v.openRevision(x.rid, id, x.rev, x.body)
		if errors.Is(err, errNoBody) {
			if index == nil {
				if index, err = v.purgeIndex(ctx); err != nil {
					return nil, err
				}
			}
			err = purgedOr(index, x.rid, id)
		}
		if errors.Is(err, errPurged) {
			purged = true
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if purged {
		return nil, fmt.Errorf("entry %d was purged: %w", id, apperr.ErrNotFound)
	}
	if len(out) == 0 {
		// An entry row without revisions lost them outside Kiroku (a
		// purge keeps the rows): damage, not "no such entry".
		var n int
		if err := v.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM entries WHERE id = ?`, id).Scan(&n); err != nil {
			return nil, mapSQLite(err)
		}
		if n > 0 {
			return nil, fmt.Errorf("entry %d has no revision: %w", id, apperr.ErrDamaged)
		}
		return nil, fmt.Errorf("entry %d: %w", id, apperr.ErrNotFound)
	}
	return out, nil
}

// History returns every revision of an entry, oldest first, deletes
// included.
func (v *Vault) History(id int64) ([]record.Revision, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, err := v.recordsKey(); err != nil {
		return nil, err
	}
	return v.history(context.Background(), id)
}

// Entry returns the current state of one entry (deleted ones too).
func (v *Vault) Entry(id int64) (record.Entry, error) {
	revs, err := v.History(id)
	if err != nil {
		return record.Entry{}, err
	}
	return entryFrom(revs[0], revs[len(revs)-1]), nil
}

// Entries returns every entry that is neither deleted nor purged, newest
// event first (then newest recorded). If some records do not open, the
// others are returned with a *DamageError.
func (v *Vault) Entries() ([]record.Entry, error) {
	return v.entries(false)
}

// AllEntries is Entries with deleted entries included.
func (v *Vault) AllEntries() ([]record.Entry, error) {
	return v.entries(true)
}

func (v *Vault) entries(withDeleted bool) ([]record.Entry, error) {
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, err := v.recordsKey(); err != nil {
		return nil, err
	}
	all, err := v.firstAndLastRevisions(ctx)
	if err != nil {
		return nil, err
	}
	v.openRevisionRows(all)
	// A NULL body is purged only if a purge record lists it (purgeIndex).
	var index map[int64]int64
	for i := range all {
		x := &all[i]
		if !errors.Is(x.err, errNoBody) {
			continue
		}
		if index == nil {
			if index, err = v.purgeIndex(ctx); err != nil {
				return nil, err
			}
		}
		x.err = purgedOr(index, x.rid, x.eid)
	}
	damaged, err := v.entriesWithoutRevisions(ctx)
	if err != nil {
		return nil, err
	}
	out, bad := entriesOf(all, withDeleted)
	damaged = append(damaged, bad...)
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].EventTime.Equal(out[j].EventTime) {
			return out[i].EventTime.After(out[j].EventTime)
		}
		return out[i].ID > out[j].ID
	})
	if len(damaged) > 0 {
		return out, &DamageError{Refs: damaged}
	}
	return out, nil
}

// revisionRow is a revision read for a listing, opened by openRevisionRows.
type revisionRow struct {
	rid, eid    int64
	rev, maxrev int // maxrev: the entry's latest revision
	body        []byte
	r           record.Revision
	err         error
}

// firstAndLastRevisions reads, in one ordered pass, the first and the
// latest revision row of every entry (a middle one is replaced by the
// next as it is read), not yet opened.
func (v *Vault) firstAndLastRevisions(ctx context.Context) ([]revisionRow, error) {
	// At most the first and the last revision of each entry are kept:
	// sized once, the slice of these large rows is never copied as it grows.
	var entries, revisions int
	if err := v.db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM entries), (SELECT COUNT(*) FROM revisions)`).Scan(&entries, &revisions); err != nil {
		return nil, mapSQLite(err)
	}
	rows, err := v.db.QueryContext(ctx, `SELECT id, entry_id, rev, body FROM revisions ORDER BY entry_id, rev`)
	if err != nil {
		return nil, mapSQLite(err)
	}
	defer rows.Close()
	all := make([]revisionRow, 0, min(revisions, 2*entries)+1)
	for rows.Next() {
		var x revisionRow
		if err := rows.Scan(&x.rid, &x.eid, &x.rev, &x.body); err != nil {
			return nil, mapSQLite(err)
		}
		n := len(all)
		switch {
		case n > 0 && all[n-1].eid == x.eid && all[n-1].rev != 1:
			all[n-1] = x // a middle revision: replaced by a later one
		default:
			all = append(all, x)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, mapSQLite(err)
	}
	// The latest revision of each entry is the last row with its id.
	for i := range all {
		all[i].maxrev = all[i].rev
		if i+1 < len(all) && all[i+1].eid == all[i].eid {
			all[i].maxrev = all[i+1].rev
		}
	}
	return all, nil
}

// openRevisionRows opens and decodes the rows on every core: this is most
// of the time of a listing.
func (v *Vault) openRevisionRows(all []revisionRow) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			// One plaintext buffer per worker, cleared after each record:
			// the decoded fields are copies, so no plaintext is left behind
			// in freed memory, and 10,000 records allocate one buffer.
			var buf []byte
			for i := w; i < len(all); i += workers {
				x := &all[i]
				var canon []byte
				x.r, canon, x.err = v.openRevisionTo(buf, x.rid, x.eid, x.rev, x.body, false)
				if cap(canon) > cap(buf) {
					buf = canon[:0]
				}
				clear(buf[:cap(buf)])
				x.body = nil // the sealed bytes are no longer needed
			}
		}(w)
	}
	wg.Wait()
}

// entriesWithoutRevisions names the entry rows with no revision at all:
// they lost their content outside Kiroku (a purge keeps the rows, with
// their bodies erased).
func (v *Vault) entriesWithoutRevisions(ctx context.Context) ([]string, error) {
	rows, err := v.db.QueryContext(ctx, `SELECT id FROM entries WHERE id NOT IN (SELECT entry_id FROM revisions) ORDER BY id`)
	if err != nil {
		return nil, mapSQLite(err)
	}
	defer rows.Close()
	var damaged []string
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, mapSQLite(err)
		}
		damaged = append(damaged, "entry:"+strconv.FormatInt(id, 10))
	}
	return damaged, mapSQLite(rows.Err())
}

// entriesOf makes the entries of the opened rows, in the rows' order,
// leaving out purged entries (and deleted ones unless withDeleted); it
// names the rows that did not open.
func entriesOf(all []revisionRow, withDeleted bool) ([]record.Entry, []string) {
	var damaged []string
	out := make([]record.Entry, 0, len(all)/2+1)
	// The rows come ordered by entry: each entry's rows are one run.
	for lo := 0; lo < len(all); {
		hi := lo + 1
		for hi < len(all) && all[hi].eid == all[lo].eid {
			hi++
		}
		var first, last *record.Revision
		purged := false
		for i := lo; i < hi; i++ {
			x := &all[i]
			switch {
			case errors.Is(x.err, errPurged):
				purged = true
			case x.err != nil:
				damaged = append(damaged, revisionRef(x.rid))
			default:
				if x.rev == 1 {
					first = &x.r
				}
				if x.rev == x.maxrev {
					last = &x.r
				}
			}
		}
		lo = hi
		if purged || last == nil {
			continue
		}
		if first == nil {
			first = last // first revision damaged; show what we have
		}
		e := entryFrom(*first, *last)
		if e.Deleted && !withDeleted {
			continue
		}
		out = append(out, e)
	}
	return out, damaged
}

// Count returns the number of entries and revisions (readable without a key).
func (v *Vault) Count() (entries, revisions int, err error) {
	err = v.db.QueryRow(`SELECT (SELECT COUNT(*) FROM entries), (SELECT COUNT(*) FROM revisions)`).Scan(&entries, &revisions)
	return entries, revisions, mapSQLite(err)
}
