package vault

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// Vault format 3 keeps three kinds of sealed housekeeping rows under the
// subkey "meta": settings that travel with the vault (the timestamp
// authority, backup preferences), the RFC 3161 tokens that anchor ledger
// heads, and the log of backups. None of them is a record of the ledger:
// they describe the record, they are not part of it.

func settingAD(key string) []byte { return seal.AD("settings", "value", key, "3") }

func anchorAD(id int64, seq uint64) []byte {
	return seal.AD("anchors", "body", strconv.FormatInt(id, 10), strconv.FormatUint(seq, 10), "3")
}

func backupAD(id int64) []byte { return seal.AD("backups", "body", strconv.FormatInt(id, 10), "3") }

// metaKey returns the meta subkey or ErrLocked. Callers hold v.mu.
func (v *Vault) metaKey() (*seal.Key, error) {
	if v.meta == nil {
		return nil, apperr.ErrLocked
	}
	return v.meta, nil
}

// Setting returns the value of a vault setting and whether it is set.
func (v *Vault) Setting(key string) (string, bool, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	k, err := v.metaKey()
	if err != nil {
		return "", false, err
	}
	var sealed []byte
	err = v.db.QueryRow(`SELECT value FROM settings WHERE key = ?`, key).Scan(&sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, mapSQLite(err)
	}
	val, _, err := openSealed(k, sealed, settingAD(key), fmt.Sprintf("setting %q", key), func(b []byte) (string, error) { return string(b), nil }, nil)
	if err != nil {
		return "", false, err
	}
	return val, true, nil
}

// SetSetting stores a vault setting; an empty value removes it.
func (v *Vault) SetSetting(key, value string) error {
	if key == "" || len(key) > 128 {
		return fmt.Errorf("setting name %q: %w", key, apperr.ErrInvalidInput)
	}
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	k, err := v.metaKey()
	if err != nil {
		return err
	}
	return v.write(ctx, func(tx *sql.Tx) error {
		var err error
		if value == "" {
			_, err = tx.ExecContext(ctx, `DELETE FROM settings WHERE key = ?`, key)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, k.Seal(pad([]byte(value)), settingAD(key)))
		}
		if err != nil {
			return err
		}
		return v.touchMeta(ctx, tx, digestSettings)
	})
}

// Anchor is an RFC 3161 timestamp token over the anchor text of one ledger
// link (ledger.AnchorText).
type Anchor struct {
	ID        int64       `json:"id"`
	Seq       uint64      `json:"seq"`
	Link      ledger.Hash `json:"link"`
	TSA       string      `json:"tsa"`      // the URL it came from
	Signer    string      `json:"signer"`   // the TSA certificate's subject
	GenTime   time.Time   `json:"gen_time"` // the time the TSA signed
	Serial    string      `json:"serial"`
	Response  []byte      `json:"response"` // DER TimeStampResp as received
	StampedAt time.Time   `json:"stamped_at"`
}

// SaveAnchor stores a token. The link must be the vault's own link at
// a.Seq: a token over anything else is refused.
func (v *Vault) SaveAnchor(a Anchor) (Anchor, error) {
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	k, err := v.metaKey()
	if err != nil {
		return Anchor{}, err
	}
	var link []byte
	if err := v.db.QueryRowContext(ctx, `SELECT link FROM ledger WHERE seq = ?`, a.Seq).Scan(&link); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Anchor{}, fmt.Errorf("anchor: no ledger link %d: %w", a.Seq, apperr.ErrInvalidInput)
		}
		return Anchor{}, mapSQLite(err)
	}
	if string(link) != string(a.Link[:]) {
		return Anchor{}, fmt.Errorf("anchor: the token names a different link %d than this vault's: %w", a.Seq, apperr.ErrInvalidInput)
	}
	if len(a.Response) == 0 {
		return Anchor{}, fmt.Errorf("anchor: empty token: %w", apperr.ErrInvalidInput)
	}
	err = v.write(ctx, func(tx *sql.Tx) error {
		id, err := v.nextID(ctx, tx, "anchors", "id")
		if err != nil {
			return err
		}
		a.ID = id
		body, err := json.Marshal(a)
		if err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `INSERT INTO anchors (id, seq, body) VALUES (?, ?, ?)`,
			id, a.Seq, k.Seal(pad(body), anchorAD(id, a.Seq))); err != nil {
			return err
		}
		return v.touchMeta(ctx, tx, digestAnchors)
	})
	if err != nil {
		return Anchor{}, fmt.Errorf("save anchor: %w", err)
	}
	return a, nil
}

// Anchors returns every stored token, oldest first.
func (v *Vault) Anchors() ([]Anchor, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.anchors(context.Background())
}

func (v *Vault) anchors(ctx context.Context) ([]Anchor, error) {
	var out []Anchor
	err := v.sealedJSONRows(ctx, `SELECT id, seq, body FROM anchors ORDER BY id`, "anchor",
		func(id int64, seq uint64, open func(ad []byte, dst any) bool) bool {
			var a Anchor
			if !open(anchorAD(id, seq), &a) || a.ID != id || a.Seq != seq {
				return false
			}
			out = append(out, a)
			return true
		})
	return out, err
}

// sealedJSONRows reads rows of (id, seq, sealed padded JSON) under the meta
// key. each opens a row through open and reports whether it belongs where
// it is; rows that do not are named "<ref>:<id>" in a *DamageError returned
// with the others, so one damaged row never hides the rest. A query with
// no seq column selects a constant 0 in its place.
func (v *Vault) sealedJSONRows(ctx context.Context, query, ref string,
	each func(id int64, seq uint64, open func(ad []byte, dst any) bool) bool) error {
	k, err := v.metaKey()
	if err != nil {
		return err
	}
	rows, err := v.db.QueryContext(ctx, query)
	if err != nil {
		return mapSQLite(err)
	}
	defer rows.Close()
	var damaged []string
	for rows.Next() {
		var id int64
		var seq uint64
		var sealed []byte
		if err := rows.Scan(&id, &seq, &sealed); err != nil {
			return mapSQLite(err)
		}
		open := func(ad []byte, dst any) bool {
			b, err := k.Open(sealed, ad)
			if err == nil {
				b, err = unpad(b)
			}
			return err == nil && json.Unmarshal(b, dst) == nil
		}
		if !each(id, seq, open) {
			damaged = append(damaged, ref+":"+strconv.FormatInt(id, 10))
		}
	}
	if err := rows.Err(); err != nil {
		return mapSQLite(err)
	}
	if len(damaged) > 0 {
		return &DamageError{Refs: damaged}
	}
	return nil
}

// LastAnchorSeq is the highest anchored ledger seq (0: none).
func (v *Vault) LastAnchorSeq() (uint64, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, err := v.metaKey(); err != nil {
		return 0, err
	}
	var seq uint64
	if err := v.db.QueryRow(`SELECT COALESCE(MAX(seq), 0) FROM anchors`).Scan(&seq); err != nil {
		return 0, mapSQLite(err)
	}
	return seq, nil
}

// BackupLog is one line of the backup log: where a verified backup went.
type BackupLog struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Dest     string    `json:"dest"` // folder
	File     string    `json:"file"` // final file name, or the first part of a split set
	Size     int64     `json:"size"`
	Parts    int       `json:"parts"`
	FS       string    `json:"fs"`
	HeadSeq  uint64    `json:"head_seq"`
	HeadLink string    `json:"head_link"`
	SHA256   string    `json:"sha256"` // of the backup file, or of the joined parts
}

// LogBackup appends to the backup log (sealed; not a ledger record).
func (v *Vault) LogBackup(b BackupLog) error {
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	k, err := v.metaKey()
	if err != nil {
		return err
	}
	return v.write(ctx, func(tx *sql.Tx) error {
		id, err := v.nextID(ctx, tx, "backups", "id")
		if err != nil {
			return err
		}
		b.ID = id
		body, err := json.Marshal(b)
		if err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `INSERT INTO backups (id, body) VALUES (?, ?)`, id, k.Seal(pad(body), backupAD(id))); err != nil {
			return err
		}
		return v.touchMeta(ctx, tx, digestBackups)
	})
}

// BackupLogs returns the backup log, oldest first.
func (v *Vault) BackupLogs() ([]BackupLog, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.backupLogs(context.Background())
}

func (v *Vault) backupLogs(ctx context.Context) ([]BackupLog, error) {
	var out []BackupLog
	err := v.sealedJSONRows(ctx, `SELECT id, 0, body FROM backups ORDER BY id`, "backup",
		func(id int64, _ uint64, open func(ad []byte, dst any) bool) bool {
			var b BackupLog
			if !open(backupAD(id), &b) || b.ID != id {
				return false
			}
			out = append(out, b)
			return true
		})
	return out, err
}

// checkMeta opens every settings, anchor and backup-log row, and checks
// each anchor's link against the ledger.
func (v *Vault) checkMeta(ctx context.Context, rep *Report, links []ledger.Link) {
	k, err := v.metaKey()
	if err != nil {
		return
	}
	rows, err := v.db.QueryContext(ctx, `SELECT key, value FROM settings ORDER BY key`)
	if err != nil {
		rep.add("database", "cannot read settings: %v", mapSQLite(err))
	} else {
		for rows.Next() {
			var key string
			var sealed []byte
			if rows.Scan(&key, &sealed) != nil {
				rep.add("database", "cannot read a setting")
				continue
			}
			if _, err := k.Open(sealed, settingAD(key)); err != nil {
				rep.add("setting:"+key, "does not open: damaged or changed outside Kiroku")
			}
		}
		rows.Close()
	}
	anchors, err := v.anchors(ctx)
	var de *DamageError
	if errors.As(err, &de) {
		for _, r := range de.Refs {
			rep.add(r, "timestamp token does not open: damaged or changed outside Kiroku")
		}
	} else if err != nil {
		rep.add("database", "cannot read timestamp tokens: %v", err)
	}
	for _, a := range anchors {
		switch {
		case a.Seq == 0 || a.Seq > uint64(len(links)):
			rep.add("anchor:"+strconv.FormatInt(a.ID, 10), "names ledger link %d, which does not exist", a.Seq)
		case links[a.Seq-1].Hash != a.Link:
			rep.add("anchor:"+strconv.FormatInt(a.ID, 10), "ledger link %d changed after it was timestamped", a.Seq)
		}
	}
	if _, err := v.backupLogs(ctx); errors.As(err, &de) {
		for _, r := range de.Refs {
			rep.add(r, "backup log line does not open: damaged or changed outside Kiroku")
		}
	} else if err != nil {
		rep.add("database", "cannot read the backup log: %v", err)
	}
}
