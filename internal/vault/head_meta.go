package vault

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ledger"
)

// The settings, the timestamp tokens and the backup log are not ledger
// records, and their rows are sealed where they are: without the key no one
// can forge one, but anyone could delete one (a TSA URL, a token, the line
// that says a backup was made) or put back an older sealed row from a
// backup, and nothing would show it. So from the format of
// migrationHeadDigests on, the sealed head also carries one digest per
// table over the rows' opened contents, rewritten in the same transaction as
// every write to that table; Check recomputes them (check_head.go).
//
// Head plaintext: seq (8) || link (32), and in the new form then
// settings digest (32) || anchors digest (32) || backup-log digest (32).

// metaDigests are the digests of metaTables, in that order.
type metaDigests [3]ledger.Hash

const (
	digestSettings = iota
	digestAnchors
	digestBackups
)

// metaTables names the covered tables, in the order of metaDigests, and
// the query that lists each one's rows in a defined order: a row key, a
// seq (0 where the table has none) and the sealed value.
var metaTables = [3]struct{ name, query string }{
	{"settings", `SELECT key, 0, value FROM settings ORDER BY key`},
	{"anchors", `SELECT CAST(id AS TEXT), seq, body FROM anchors ORDER BY id`},
	{"backups", `SELECT CAST(id AS TEXT), 0, body FROM backups ORDER BY id`},
}

const (
	headOldLen = 8 + 32
	headLen    = headOldLen + 3*32
)

// headUpgradeKey is the meta row migrationHeadDigests leaves: the vault
// was upgraded without its key, so its head is still in the old form until
// the next unlock rewrites it (finishUnlock, through storeHead). Without
// this row an old-form head in a vault of the new format means an old head
// was put back.
const headUpgradeKey = "head_upgrade"

// migrationHeadDigests is the migration to the format whose head covers
// settings, anchors and the backup log. Its format number is wherever it
// stands in migrations (formatHeadDigests), so it is said in one place.
const migrationHeadDigests = `INSERT INTO meta (key, value) VALUES ('` + headUpgradeKey + `', X'01');`

// formatHeadDigests is the first vault format whose sealed head carries
// metaDigests.
var formatHeadDigests = func() int {
	for i, m := range migrations {
		if m == migrationHeadDigests {
			return i + 1
		}
	}
	panic("vault: migrationHeadDigests is not in migrations")
}()

// sealedHead is the sealed head as read: digests is nil in the old form.
type sealedHead struct {
	seq     uint64
	link    ledger.Hash
	digests *metaDigests
}

// readHead opens the sealed head. Callers hold v.mu.
func (v *Vault) readHead(ctx context.Context, q rowQuerier) (sealedHead, error) {
	var sealed []byte
	if err := q.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'head'`).Scan(&sealed); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return sealedHead{}, fmt.Errorf("sealed ledger head missing: %w", apperr.ErrDamaged)
		}
		return sealedHead{}, mapSQLite(err)
	}
	k, err := v.recordsKey()
	if err != nil {
		return sealedHead{}, err
	}
	b, err := k.Open(sealed, headAD)
	if err != nil || (len(b) != headOldLen && len(b) != headLen) {
		return sealedHead{}, fmt.Errorf("sealed ledger head does not open: %w", apperr.ErrDamaged)
	}
	h := sealedHead{seq: binary.BigEndian.Uint64(b[:8])}
	copy(h.link[:], b[8:40])
	if len(b) == headLen {
		var d metaDigests
		for i := range d {
			copy(d[i][:], b[40+32*i:])
		}
		h.digests = &d
	}
	return h, nil
}

// sealHead writes the head; digests nil writes the old form.
func (v *Vault) sealHead(ctx context.Context, tx *sql.Tx, h sealedHead) error {
	b := make([]byte, headOldLen, headLen)
	binary.BigEndian.PutUint64(b[:8], h.seq)
	copy(b[8:], h.link[:])
	if h.digests != nil {
		for _, d := range h.digests {
			b = append(b, d[:]...)
		}
	}
	sealed := v.records.Seal(b, headAD)
	c := h
	if h.digests != nil {
		d := *h.digests
		c.digests = &d
	}
	v.sealed = &c // kept only if the transaction commits (write drops it otherwise)
	if h.seq > 0 {
		res, err := v.exec(ctx, tx, `UPDATE meta SET value = ? WHERE key = 'head'`, sealed)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('head', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, sealed)
	return err
}

// storeHead moves the head to (seq, link) and keeps its digests. A vault
// just upgraded (or being created) gets them computed now and leaves the
// old form. An old-form head without the upgrade row stays in the old
// form, so that Check keeps saying an older head was put back rather than
// the next write hiding it.
func (v *Vault) storeHead(ctx context.Context, tx *sql.Tx, seq uint64, link ledger.Hash) error {
	if c := v.sealed; c != nil && c.digests != nil {
		// The head this process wrote last, in the new form: no need to
		// read and open it again on every entry and audio chunk.
		h := *c
		d := *c.digests
		h.digests = &d
		h.seq, h.link = seq, link
		return v.sealHead(ctx, tx, h)
	}
	h, err := v.readHead(ctx, tx)
	switch {
	case err == nil && h.digests != nil:
	case err == nil && !v.headUpgradePending(ctx, tx):
		h.digests = nil
	default: // upgrade pending; no head yet (Create); a damaged head is replaced, as before
		d, err := v.computeDigests(ctx, tx)
		if err != nil {
			return err
		}
		h.digests = &d
		if _, err := tx.ExecContext(ctx, `DELETE FROM meta WHERE key = ?`, headUpgradeKey); err != nil {
			return err
		}
	}
	h.seq, h.link = seq, link
	return v.sealHead(ctx, tx, h)
}

// headUpgradePending reports whether the vault still waits for its first
// unlock since migrationHeadDigests.
func (v *Vault) headUpgradePending(ctx context.Context, q rowQuerier) bool {
	var one []byte
	return q.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, headUpgradeKey).Scan(&one) == nil
}

// touchMeta rewrites the head's digest of one table after a write to it,
// in the same transaction. It costs one read of the head and one pass over
// that table (settings: a handful of rows, ui.draft among them). A head
// that does not open or is in the old form is left for Check to report: a
// setting, token or backup line is still saved.
func (v *Vault) touchMeta(ctx context.Context, tx *sql.Tx, table int) error {
	h, err := v.readHead(ctx, tx)
	if errors.Is(err, apperr.ErrDamaged) {
		return nil
	}
	if err != nil {
		return err
	}
	if h.digests == nil {
		if v.headUpgradePending(ctx, tx) {
			return v.storeHead(ctx, tx, h.seq, h.link)
		}
		return nil
	}
	if v.metaChanged[table] {
		return nil // kept until the user accepts the change (AcceptMetaChanges)
	}
	d, err := v.tableDigest(ctx, tx, table)
	if err != nil {
		return err
	}
	h.digests[table] = d
	return v.sealHead(ctx, tx, h)
}

func (v *Vault) computeDigests(ctx context.Context, q rowsQuerier) (metaDigests, error) {
	var d metaDigests
	for i := range d {
		var err error
		if d[i], err = v.tableDigest(ctx, q, i); err != nil {
			return d, err
		}
	}
	return d, nil
}

// tableDigest hashes one covered table: per row, in order, its key, its
// seq and its opened, unpadded content (so a re-key, which re-seals every
// value, leaves it unchanged). A row that does not open is hashed as its
// sealed bytes, marked so: a damaged row never blocks a write, and Check
// names it on its own.
func (v *Vault) tableDigest(ctx context.Context, q rowsQuerier, table int) (ledger.Hash, error) {
	k, err := v.metaKey()
	if err != nil {
		return ledger.Hash{}, err
	}
	t := metaTables[table]
	rows, err := q.QueryContext(ctx, t.query)
	if err != nil {
		return ledger.Hash{}, mapSQLite(err)
	}
	defer rows.Close()
	h := sha256.New()
	field := func(b []byte) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	field([]byte("kiroku/v1/head-digest/" + t.name))
	for rows.Next() {
		var key string
		var seq uint64
		var sealed []byte
		if err := rows.Scan(&key, &seq, &sealed); err != nil {
			return ledger.Hash{}, mapSQLite(err)
		}
		var ad []byte
		switch table {
		case digestSettings:
			ad = settingAD(key)
		case digestAnchors:
			id, _ := strconv.ParseInt(key, 10, 64)
			ad = anchorAD(id, seq)
		default:
			id, _ := strconv.ParseInt(key, 10, 64)
			ad = backupAD(id)
		}
		field([]byte(key))
		field([]byte(strconv.FormatUint(seq, 10)))
		if b, err := k.Open(sealed, ad); err == nil {
			if p, err := unpad(b); err == nil {
				field([]byte{1})
				field(p)
				continue
			}
		}
		field([]byte{0})
		field(sealed)
	}
	if err := rows.Err(); err != nil {
		return ledger.Hash{}, mapSQLite(err)
	}
	var out ledger.Hash
	copy(out[:], h.Sum(nil))
	return out, nil
}

// findMetaChanges compares the covered tables with the head's digests at
// unlock and marks those that differ (metaChanged). Callers hold v.mu. A
// head that does not open or is in the old form is Check's to report.
func (v *Vault) findMetaChanges(ctx context.Context) {
	v.metaChanged = [3]bool{}
	h, err := v.readHead(ctx, v.db)
	if err != nil || h.digests == nil {
		return
	}
	got, err := v.computeDigests(ctx, v.db)
	if err != nil {
		return
	}
	for i := range got {
		v.metaChanged[i] = got[i] != h.digests[i]
	}
}

// MetaChanges names the covered tables ("settings", "anchors", "backups")
// that were changed outside Kiroku since the vault last wrote them: a
// setting, timestamp token or backup log line removed, added or put back
// from an older copy. Found at unlock; the finding stays (at every unlock
// and in Check) until AcceptMetaChanges.
func (v *Vault) MetaChanges() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	var out []string
	for i, changed := range v.metaChanged {
		if changed {
			out = append(out, metaTables[i].name)
		}
	}
	return out
}

// AcceptMetaChanges is the user's word that the settings, timestamp
// tokens and backup log as they are now are the ones to keep: the head's
// digests are rewritten over the rows there now.
func (v *Vault) AcceptMetaChanges() error {
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.readOnly {
		return fmt.Errorf("accept changes: %w", apperr.ErrReadOnly)
	}
	if _, err := v.metaKey(); err != nil {
		return err
	}
	err := v.write(ctx, func(tx *sql.Tx) error {
		h, err := v.readHead(ctx, tx)
		if err != nil {
			return err
		}
		if h.digests == nil {
			return nil
		}
		d, err := v.computeDigests(ctx, tx)
		if err != nil {
			return err
		}
		*h.digests = d
		return v.sealHead(ctx, tx, h)
	})
	if err != nil {
		return fmt.Errorf("accept changes: %w", err)
	}
	v.metaChanged = [3]bool{}
	return nil
}

// upgradeHead writes the new form of the head at the first unlock after
// migrationHeadDigests (the migration ran without the key). Callers hold
// v.mu.
func (v *Vault) upgradeHead(ctx context.Context) error {
	if !v.headUpgradePending(ctx, v.db) {
		return nil
	}
	return v.write(ctx, func(tx *sql.Tx) error {
		h, err := v.readHead(ctx, tx)
		if err != nil {
			return err
		}
		return v.storeHead(ctx, tx, h.seq, h.link)
	})
}
