package vault

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// sealedColumn is one column of sealed values: how to list its rows and the
// associated data each row's value was sealed with.
type sealedColumn struct {
	table, col string
	subkey     string // purpose of the subkey it is sealed under
	// parts selects three values (as text; '' when unused) that ad turns
	// into the row's associated data.
	parts string
	where string
	ad    func(p [3]string) ([]byte, error)
}

func atoi(s string) (int64, error) { return strconv.ParseInt(s, 10, 64) }

func ad1(f func(int64) []byte) func([3]string) ([]byte, error) {
	return func(p [3]string) ([]byte, error) {
		a, err := atoi(p[0])
		if err != nil {
			return nil, err
		}
		return f(a), nil
	}
}

func ad2(f func(a, b int64) []byte) func([3]string) ([]byte, error) {
	return func(p [3]string) ([]byte, error) {
		a, err1 := atoi(p[0])
		b, err2 := atoi(p[1])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("row key %q: not a number", p)
		}
		return f(a, b), nil
	}
}

func ad3(f func(a, b, c int64) []byte) func([3]string) ([]byte, error) {
	return func(p [3]string) ([]byte, error) {
		a, err1 := atoi(p[0])
		b, err2 := atoi(p[1])
		c, err3 := atoi(p[2])
		if err1 != nil || err2 != nil || err3 != nil {
			return nil, fmt.Errorf("row key %q: not a number", p)
		}
		return f(a, b, c), nil
	}
}

// sealedColumns is every sealed value a vault holds, with the AD helpers
// that wrote it. A new table must be added here or to plainTables;
// TestRekeyCoversSchema fails otherwise, and Rekey refuses a vault with a
// table it does not know (a value left under the old key would be lost).
var sealedColumns = []sealedColumn{
	{"revisions", "body", "records", "id, '', ''", "body IS NOT NULL", ad1(revisionAD)},
	{"purges", "body", "records", "id, '', ''", "", ad1(purgeAD)},
	{"meta", "value", "records", "key, '', ''", "key = 'head'", func([3]string) ([]byte, error) { return headAD, nil }},
	{"hours", "body", "records", "id, '', ''", "", ad1(hoursAD)},
	{"recordings", "start", "audio", "id, '', ''", "", ad1(recStartAD)},
	{"recordings", "end", "audio", "id, '', ''", "end IS NOT NULL", ad1(recEndAD)},
	{"recording_chunks", "body", "audio", "recording_id, seq, final", "", ad3(func(r, s, f int64) []byte { return chunkAD(r, s, f == 1) })},
	{"recording_markers", "body", "audio", "id, recording_id, ''", "", ad2(markerAD)},
	{"marker_labels", "body", "audio", "id, recording_id, marker_id", "", ad3(markerLabelAD)},
	{"attachments", "meta", "attachments", "id, '', ''", "", ad1(attachmentMetaAD)},
	{"attachment_chunks", "body", "attachments", "attachment_id, seq, final", "", ad3(func(a, s, f int64) []byte { return attachmentChunkAD(a, s, f == 1) })},
	{"anchors", "body", "meta", "id, seq, ''", "", ad2(func(id, seq int64) []byte { return anchorAD(id, uint64(seq)) })},
	{"settings", "value", "meta", "key, '', ''", "", func(p [3]string) ([]byte, error) { return settingAD(p[0]), nil }},
	{"backups", "body", "meta", "id, '', ''", "", ad1(backupAD)},
	{"exports", "body", "records", "id, '', ''", "", ad1(exportAD)},
	{"transcripts", "body", "records", "id, '', ''", "", ad1(transcriptAD)},
	{"translations", "body", "records", "id, '', ''", "body IS NOT NULL", ad1(translationAD)},
}

// plainTables hold nothing sealed under the master key: ids, the ledger
// (salted hashes), and the key slots, which Rekey writes anew.
var plainTables = map[string]bool{"entries": true, "ledger": true, "keyslots": true}

// metaPlainKeys are the meta rows that are not sealed; 'head' is in
// sealedColumns. Any other meta key makes Rekey refuse.
var metaPlainKeys = map[string]bool{"vault_id": true}

// unknownForRekey reports the first table of the vault's schema that Rekey
// does not know how to carry over, or "".
func (v *Vault) unknownForRekey(ctx context.Context, tx *sql.Tx) (string, error) {
	known := map[string]bool{}
	for t := range plainTables {
		known[t] = true
	}
	for _, c := range sealedColumns {
		known[c.table] = true
	}
	rows, err := tx.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return "", err
		}
		if !known[n] {
			return "table " + n, nil
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	mrows, err := tx.QueryContext(ctx, `SELECT key FROM meta`)
	if err != nil {
		return "", err
	}
	defer mrows.Close()
	for mrows.Next() {
		var k string
		if err := mrows.Scan(&k); err != nil {
			return "", err
		}
		if k != "head" && !metaPlainKeys[k] {
			return "meta key " + k, nil
		}
	}
	return "", mrows.Err()
}

// rekeyHook lets a test fail the re-key after some values were re-sealed,
// to show that the transaction leaves the old vault whole.
var rekeyHook func(table string) error

// RekeyPassphrase checks the current passphrase, then re-keys the vault
// (see rekey) so that its new passphrase is newPassphrase. It returns the
// new recovery key, to be shown once; the old one no longer opens this file.
func (v *Vault) RekeyPassphrase(old, newPassphrase []byte, p seal.Params) (string, error) {
	ctx := context.Background()
	if len(newPassphrase) == 0 {
		return "", fmt.Errorf("empty passphrase: %w", apperr.ErrWeakPassphrase)
	}
	master, _, err := v.unwrapPassphrase(ctx, old)
	if err != nil {
		return "", err
	}
	if v.Locked() {
		// kirokuctl passwd opens the vault locked: the old passphrase
		// unlocks it here (finishUnlock takes the key).
		if err := v.finishUnlock(master); err != nil {
			return "", err
		}
	} else {
		master.Wipe()
	}
	return v.rekey(ctx, newPassphrase, p)
}

// NewRecoveryKey checks the passphrase and re-keys the vault under the same
// passphrase: the old recovery key (and any key slot copied before) stops
// opening this file. It returns the new recovery key, to be shown once.
func (v *Vault) NewRecoveryKey(passphrase []byte) (string, error) {
	return v.RekeyPassphrase(passphrase, passphrase, seal.Params{})
}

// rekey replaces the master key: a new random master key, every sealed
// value opened with the old subkeys and sealed again with the new ones (same
// associated data, same padded plaintext, so record hashes and the ledger do
// not change), new passphrase and recovery key slots, the old slots
// deleted; all in one transaction, so a crash leaves either the old vault
// or the new one, whole. secure_delete zeroes the freed pages and the
// checkpoint removes the old ciphertext from the WAL. A key slot or
// recovery key copied from before no longer opens anything written after.
// Old copies of the file (backups) keep their old keys: re-keying cannot
// reach them.
func (v *Vault) rekey(ctx context.Context, passphrase []byte, p seal.Params) (string, error) {
	if p == (seal.Params{}) {
		p = seal.Calibrate(time.Second)
	}
	if err := p.Valid(); err != nil {
		return "", err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.master == nil {
		return "", apperr.ErrLocked
	}
	oldKeys := map[string]*seal.Key{"records": v.records, "audio": v.audio, "attachments": v.attach, "meta": v.meta}
	master := seal.NewKey()
	newKeys := map[string]*seal.Key{}
	for purpose := range oldKeys {
		newKeys[purpose] = master.Subkey(purpose)
	}
	wipeNew := func() {
		master.Wipe()
		for _, k := range newKeys {
			k.Wipe()
		}
	}
	rawRec, recText := seal.NewRecoveryKey()
	defer clear(rawRec)

	err := v.write(ctx, func(tx *sql.Tx) error {
		// A recording or import in progress would block on v.mu for the
		// whole re-key (live audio lost to gaps) or fail on the new key.
		var active int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM recordings WHERE state = 'recording')
			+ (SELECT COUNT(*) FROM attachment_chunks WHERE attachment_id NOT IN (SELECT id FROM attachments))`).Scan(&active); err != nil {
			return err
		}
		if active > 0 {
			return fmt.Errorf("stop the recording or import first: %w", apperr.ErrBusy)
		}
		if what, err := v.unknownForRekey(ctx, tx); err != nil {
			return err
		} else if what != "" {
			return fmt.Errorf("this Kiroku cannot re-key the vault's %s: %w", what, apperr.ErrUnsupportedVersion)
		}
		for _, c := range sealedColumns {
			if err := resealColumn(ctx, tx, c, oldKeys[c.subkey], newKeys[c.subkey]); err != nil {
				return err
			}
			if rekeyHook != nil {
				if err := rekeyHook(c.table); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM keyslots`); err != nil {
			return err
		}
		if err := v.addPassphraseSlot(ctx, tx, master, passphrase, p); err != nil {
			return err
		}
		if err := v.addRecoverySlot(ctx, tx, master, rawRec); err != nil {
			return err
		}
		// The new passphrase slot must open to the new master key before
		// anything is committed.
		return v.checkSlotInTx(ctx, tx, master, passphrase)
	})
	if err != nil {
		wipeNew()
		return "", fmt.Errorf("re-key vault: %w", err)
	}
	v.master.Wipe()
	for _, k := range oldKeys {
		k.Wipe()
	}
	v.master, v.records, v.audio, v.attach, v.meta = master, newKeys["records"], newKeys["audio"], newKeys["attachments"], newKeys["meta"]
	if _, err := v.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return "", fmt.Errorf("re-key vault: checkpoint: %w", mapSQLite(err))
	}
	return recText, nil
}

func (v *Vault) checkSlotInTx(ctx context.Context, tx *sql.Tx, master *seal.Key, passphrase []byte) error {
	var s slot
	if err := tx.QueryRowContext(ctx, `SELECT id, kind, params, salt, wrapped FROM keyslots WHERE kind = 'passphrase'`).
		Scan(&s.id, &s.kind, &s.params, &s.salt, &s.wrapped); err != nil {
		return err
	}
	got, err := v.openSlot(s, passphrase)
	if err != nil {
		return fmt.Errorf("new key slot does not open: %w", err)
	}
	defer got.Wipe()
	if string(got.Bytes()) != string(master.Bytes()) {
		return fmt.Errorf("new key slot opens to another key: %w", apperr.ErrDamaged)
	}
	return nil
}

// resealColumn opens every value of c with old and seals it with nw, in tx.
// A value that does not open stops the re-key: it would otherwise stay
// under a key that is about to be forgotten.
func resealColumn(ctx context.Context, tx *sql.Tx, c sealedColumn, old, nw *seal.Key) error {
	q := `SELECT rowid, ` + c.parts + ` FROM ` + c.table
	if c.where != "" {
		q += ` WHERE ` + c.where
	}
	type row struct {
		rowid int64
		ad    []byte
	}
	var list []row
	rows, err := tx.QueryContext(ctx, q+` ORDER BY rowid`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var r row
		var p [3]string
		if err := rows.Scan(&r.rowid, &p[0], &p[1], &p[2]); err != nil {
			rows.Close()
			return err
		}
		if r.ad, err = c.ad(p); err != nil {
			rows.Close()
			return fmt.Errorf("%s row %d: %v: %w", c.table, r.rowid, err, apperr.ErrDamaged)
		}
		list = append(list, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	sel := `SELECT ` + c.col + ` FROM ` + c.table + ` WHERE rowid = ?`
	upd := `UPDATE ` + c.table + ` SET ` + c.col + ` = ? WHERE rowid = ?`
	for _, r := range list {
		var sealed []byte
		if err := tx.QueryRowContext(ctx, sel, r.rowid).Scan(&sealed); err != nil {
			return err
		}
		plain, err := old.Open(sealed, r.ad)
		if err != nil {
			return fmt.Errorf("%s.%s row %d does not open (run check first): %w", c.table, c.col, r.rowid, apperr.ErrDamaged)
		}
		resealed := nw.Seal(plain, r.ad)
		clear(plain)
		if _, err := tx.ExecContext(ctx, upd, resealed, r.rowid); err != nil {
			return err
		}
	}
	return nil
}
