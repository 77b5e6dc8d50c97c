// Package vault stores Kiroku's records in one encrypted SQLite file.
//
// SQLite sees only ciphertext of anything sensitive. Each sensitive value is
// sealed (package seal) under a subkey of the vault's master key, with
// associated data naming its table, column, row and format version, so that
// a value moved to another row does not open. What SQLite can read in the
// clear is limited to ids, kinds, sizes rounded up to 256 bytes, counts and
// key-slot parameters (see docs/DESIGN.md, "Threat model").
//
// The master key is random. It is stored only wrapped: once under a key
// derived from the passphrase with Argon2id, once under a recovery key. It is
// held in memory only while the vault is unlocked; Lock wipes it.
//
// Records are append-only. An entry is a list of immutable revisions: an
// edit adds one, a delete adds a tombstone. Every record gets a link in the
// ledger hash chain (package ledger) in the same transaction; the head of the
// chain is also kept sealed in the meta table so that cutting records off the
// end is noticed. Purge is the one deliberate exception: it erases content
// for real and keeps only its hash.
//
// The file is opened with WAL, synchronous=FULL, secure_delete, foreign keys
// and an exclusive lock: one process, one writer, and a committed record
// survives a crash or power cut.
package vault

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// Sentinels, re-exported from apperr so that callers can write
// vault.ErrWrongPassphrase.
var (
	ErrWrongPassphrase    = apperr.ErrWrongPassphrase
	ErrBadRecoveryKey     = apperr.ErrBadRecoveryKey
	ErrVaultInUse         = apperr.ErrVaultInUse
	ErrNotVault           = apperr.ErrNotVault
	ErrDamaged            = apperr.ErrDamaged
	ErrKeySlotDamaged     = apperr.ErrKeySlotDamaged
	ErrUnsupportedVersion = apperr.ErrUnsupportedVersion
	ErrLocked             = apperr.ErrLocked
	ErrNotFound           = apperr.ErrNotFound
)

// Extension is the file name extension of vaults.
const Extension = ".kiroku"

// Vault is an open vault file. It is safe for use by several goroutines;
// writes are serialised.
type Vault struct {
	path string
	db   *sql.DB
	id   []byte // random vault id, readable

	mu      sync.Mutex
	master  *seal.Key // nil while locked
	records *seal.Key // subkey "records"
	audio   *seal.Key // subkey "audio"
	attach  *seal.Key // subkey "attachments"
	meta    *seal.Key // subkey "meta": settings, anchors, backup log
	now     func() time.Time

	// Cached next ids and ledger head. Safe because this process holds the
	// file's exclusive lock; dropped whenever a write fails.
	next map[string]int64
	head *ledger.Link

	stmts map[string]*sql.Stmt // prepared once; the hot path of every write

	readOnly bool // OpenReadOnly: never write

	// metaChanged marks the covered tables (head_meta.go) whose rows did
	// not match the sealed head's digests at unlock. Their digests are
	// left as they were until AcceptMetaChanges, so that the next setting
	// or token written cannot absorb a deletion made outside Kiroku.
	metaChanged [3]bool

	// sealed is the plaintext of the sealed head as this process last
	// wrote it (sealHead), so that a write moving the head need not read
	// and open it again; dropped with head whenever a write fails, and
	// at every unlock.
	sealed *sealedHead
}

// hotStatements are prepared when the vault opens: they run on every
// entry and every second of audio.
var hotStatements = []string{
	`INSERT INTO entries (id) VALUES (?)`,
	`INSERT INTO revisions (id, entry_id, rev, body) VALUES (?, ?, ?, ?)`,
	`INSERT INTO ledger (seq, kind, ref, record_hash, link) VALUES (?, ?, ?, ?, ?)`,
	`UPDATE meta SET value = ? WHERE key = 'head'`,
	`INSERT INTO recording_chunks (recording_id, seq, final, frames, body) VALUES (?, ?, 0, ?, ?)`,
	insertAttachmentChunk,
}

// prepare readies hotStatements. It must run while no transaction holds
// the single connection.
func (v *Vault) prepare(ctx context.Context) error {
	v.stmts = map[string]*sql.Stmt{}
	for _, q := range hotStatements {
		st, err := v.db.PrepareContext(ctx, q)
		if err != nil {
			return mapSQLite(err)
		}
		v.stmts[q] = st
	}
	return nil
}

// exec runs query in tx, through its prepared statement when it has one.
func (v *Vault) exec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	if st, ok := v.stmts[query]; ok {
		return tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, query, args...)
}

// Options tune Create.
type Options struct {
	// KDF parameters for the passphrase slot. The zero value calibrates to
	// about one second on this machine (never below seal.Minimum).
	KDF seal.Params
}

// Create makes a new vault at path (which must not exist), protected by
// passphrase. It returns the vault unlocked, and the recovery key to show the
// user once.
func Create(path string, passphrase []byte, opts Options) (*Vault, string, error) {
	if len(passphrase) == 0 {
		return nil, "", fmt.Errorf("empty passphrase: %w", apperr.ErrWeakPassphrase)
	}
	if _, err := os.Lstat(path); err == nil {
		return nil, "", fmt.Errorf("%s: %w", path, apperr.ErrExists)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, "", fmt.Errorf("create folder: %w", mapSQLite(err))
		}
	}
	// Create the file ourselves so that it is private from the start;
	// SQLite gives its WAL the same permissions.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, "", fmt.Errorf("%s: %w", path, apperr.ErrExists)
		}
		return nil, "", fmt.Errorf("create vault: %w", mapSQLite(err))
	}
	f.Close()
	v, rec, err := create(path, passphrase, opts)
	if err != nil {
		removeVaultFiles(path)
		return nil, "", err
	}
	return v, rec, nil
}

func removeVaultFiles(path string) {
	for _, s := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + s)
	}
}

func create(path string, passphrase []byte, opts Options) (*Vault, string, error) {
	ctx := context.Background()
	params := opts.KDF
	if params == (seal.Params{}) {
		params = seal.Calibrate(time.Second)
	}
	if err := params.Valid(); err != nil {
		return nil, "", err
	}
	db, err := openDB(path, false)
	if err != nil {
		return nil, "", err
	}
	v := &Vault{path: path, db: db, now: time.Now}
	if _, err := db.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
		db.Close()
		return nil, "", mapSQLite(err)
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, "", err
	}
	if err := v.prepare(ctx); err != nil {
		db.Close()
		return nil, "", err
	}
	master := seal.NewKey()
	v.id = seal.Random(16)
	rawRec, recText := seal.NewRecoveryKey()
	defer clear(rawRec)

	err = v.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('vault_id', ?)`, v.id); err != nil {
			return err
		}
		if err := v.addPassphraseSlot(ctx, tx, master, passphrase, params); err != nil {
			return err
		}
		if err := v.addRecoverySlot(ctx, tx, master, rawRec); err != nil {
			return err
		}
		v.setKeys(master)
		return v.storeHead(ctx, tx, 0, ledger.Genesis(v.id))
	})
	if err != nil {
		v.Lock()
		db.Close()
		return nil, "", fmt.Errorf("create vault: %w", err)
	}
	return v, recText, nil
}

// Open opens the vault at path, locked. It fails with ErrNotVault,
// ErrDamaged, ErrUnsupportedVersion or ErrVaultInUse before any key is
// needed.
func Open(path string) (*Vault, error) {
	return open(path, false)
}

// OpenReadOnly opens a vault without ever writing to it: for looking at a
// backup on a USB stick, possibly write-protected, on another computer. No
// migration runs (an older format is refused: restore it instead), and
// unlocking does not finish interrupted recordings or clear partial
// imports. Every write returns ErrReadOnly.
func OpenReadOnly(path string) (*Vault, error) {
	return open(path, true)
}

func open(path string, readOnly bool) (*Vault, error) {
	if err := sniff(path); err != nil {
		return nil, err
	}
	db, err := openDB(path, readOnly)
	if err != nil {
		return nil, err
	}
	v := &Vault{path: path, db: db, now: time.Now, readOnly: readOnly}
	if err := v.init(); err != nil {
		db.Close()
		return nil, err
	}
	return v, nil
}

func (v *Vault) init() error {
	ctx := context.Background()
	// Take the exclusive lock now, so a second process learns at once that
	// the vault is in use (and this one cannot lose it later).
	tx, err := v.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("open vault: %w", damagedUnlessKnown(err))
	}
	var appID int64
	err = tx.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID)
	tx.Rollback()
	if err != nil {
		return fmt.Errorf("open vault: %w", damagedUnlessKnown(err))
	}
	if appID != applicationID {
		return fmt.Errorf("%s: %w", v.path, apperr.ErrNotVault)
	}
	ver, err := userVersion(ctx, v.db)
	if err != nil {
		return damagedUnlessKnown(err)
	}
	// Before anything else runs on this file (a migration, a write that
	// could fire a planted trigger), its schema must be Kiroku's own.
	if ver <= Format {
		if err := checkSchema(ctx, v.db, ver); err != nil {
			return fmt.Errorf("%s: %w", v.path, damagedUnlessKnown(err))
		}
	}
	if v.readOnly {
		switch {
		case ver > Format:
			return fmt.Errorf("%s: format %d: %w", v.path, ver, apperr.ErrUnsupportedVersion)
		case ver < Format:
			return fmt.Errorf("%s is in the older format %d; restore it to a new file to open it: %w", v.path, ver, apperr.ErrReadOnly)
		}
	} else if err := migrate(ctx, v.db); err != nil {
		return damagedUnlessKnown(err)
	}
	if err := v.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'vault_id'`).Scan(&v.id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("vault id missing: %w", apperr.ErrDamaged)
		}
		return fmt.Errorf("read vault id: %w", damagedUnlessKnown(err))
	}
	if len(v.id) != 16 {
		return fmt.Errorf("vault id: %w", apperr.ErrDamaged)
	}
	return damagedUnlessKnown(v.prepare(ctx))
}

// damagedUnlessKnown maps an error met while reading the schema of a file
// that is a Kiroku vault: any SQLite error that is not a known condition
// (in use, disk full, newer format) means the file is damaged.
func damagedUnlessKnown(err error) error {
	err = mapSQLite(err)
	for _, known := range []error{apperr.ErrVaultInUse, apperr.ErrDiskFull, apperr.ErrUnsupportedVersion, apperr.ErrDamaged, apperr.ErrNotVault} {
		if errors.Is(err, known) {
			return err
		}
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		return fmt.Errorf("%w (%v)", apperr.ErrDamaged, err)
	}
	return err
}

// ReadOnly reports whether the vault was opened with OpenReadOnly.
func (v *Vault) ReadOnly() bool { return v.readOnly }

// Path returns the vault's file path.
func (v *Vault) Path() string { return v.path }

// ID returns the vault's random id (readable without a key).
func (v *Vault) ID() []byte { return append([]byte(nil), v.id...) }

// Close locks the vault and closes the file.
func (v *Vault) Close() error {
	v.Lock()
	if v.db == nil {
		return nil
	}
	// A final checkpoint folds the WAL into the main file, so the vault is
	// one file again when the program is not running.
	for _, st := range v.stmts {
		st.Close()
	}
	v.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	err := v.db.Close()
	v.db = nil
	return err
}

// Lock wipes the keys from memory. The file stays open (and locked against
// other processes); Unlock opens it again.
func (v *Vault) Lock() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.master.Wipe()
	v.records.Wipe()
	v.audio.Wipe()
	v.attach.Wipe()
	v.meta.Wipe()
	v.master, v.records, v.audio, v.attach, v.meta = nil, nil, nil, nil, nil
}

// Locked reports whether the keys are wiped.
func (v *Vault) Locked() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.master == nil
}

func (v *Vault) setKeys(master *seal.Key) {
	v.master = master
	v.records = master.Subkey("records")
	v.audio = master.Subkey("audio")
	v.attach = master.Subkey("attachments")
	v.meta = master.Subkey("meta")
}

// keys returns the records key or ErrLocked. Callers hold v.mu.
func (v *Vault) recordsKey() (*seal.Key, error) {
	if v.records == nil {
		return nil, apperr.ErrLocked
	}
	return v.records, nil
}

type slot struct {
	id      int64
	kind    string
	params  string
	salt    []byte
	wrapped []byte
}

func (v *Vault) slots(ctx context.Context, kind string) ([]slot, error) {
	rows, err := v.db.QueryContext(ctx, `SELECT id, kind, params, salt, wrapped FROM keyslots WHERE kind = ? ORDER BY id`, kind)
	if err != nil {
		return nil, mapSQLite(err)
	}
	defer rows.Close()
	var out []slot
	for rows.Next() {
		var s slot
		if err := rows.Scan(&s.id, &s.kind, &s.params, &s.salt, &s.wrapped); err != nil {
			return nil, mapSQLite(err)
		}
		out = append(out, s)
	}
	return out, mapSQLite(rows.Err())
}

func (v *Vault) slotAD(id int64, kind, params string) []byte {
	return seal.AD("keyslots", "wrapped", strconv.FormatInt(id, 10), "1", kind, params, hex.EncodeToString(v.id))
}

func nextID(ctx context.Context, tx *sql.Tx, table, col string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX("+col+"), 0) + 1 FROM "+table).Scan(&id)
	return id, err
}

// nextID is nextID with the value cached between transactions of this
// process (callers hold v.mu; write drops the cache on failure).
func (v *Vault) nextID(ctx context.Context, tx *sql.Tx, table, col string) (int64, error) {
	key := table + "." + col
	if id, ok := v.next[key]; ok {
		v.next[key] = id + 1
		return id, nil
	}
	id, err := nextID(ctx, tx, table, col)
	if err != nil {
		return 0, err
	}
	if v.next == nil {
		v.next = map[string]int64{}
	}
	v.next[key] = id + 1
	return id, nil
}

func (v *Vault) addPassphraseSlot(ctx context.Context, tx *sql.Tx, master *seal.Key, passphrase []byte, p seal.Params) error {
	pj, _ := json.Marshal(p)
	salt := seal.Random(seal.SaltSize)
	kek, err := seal.PassphraseKey(passphrase, salt, p)
	if err != nil {
		return err
	}
	defer kek.Wipe()
	id, err := nextID(ctx, tx, "keyslots", "id")
	if err != nil {
		return err
	}
	w := kek.Wrap(master, v.slotAD(id, "passphrase", string(pj)))
	_, err = tx.ExecContext(ctx, `INSERT INTO keyslots (id, kind, params, salt, wrapped) VALUES (?, 'passphrase', ?, ?, ?)`, id, string(pj), salt, w)
	return err
}

// recoveryParams is the one parameter text of recovery slots.
const recoveryParams = `{"kdf":"hkdf-sha256"}`

func (v *Vault) addRecoverySlot(ctx context.Context, tx *sql.Tx, master *seal.Key, raw []byte) error {
	salt := seal.Random(seal.SaltSize)
	kek := seal.RecoveryKEK(raw, salt)
	defer kek.Wipe()
	id, err := nextID(ctx, tx, "keyslots", "id")
	if err != nil {
		return err
	}
	w := kek.Wrap(master, v.slotAD(id, "recovery", recoveryParams))
	_, err = tx.ExecContext(ctx, `INSERT INTO keyslots (id, kind, params, salt, wrapped) VALUES (?, 'recovery', ?, ?, ?)`, id, recoveryParams, salt, w)
	return err
}

// openSlot opens one passphrase slot. A slot that cannot be a Kiroku slot
// (unparsable or out-of-range parameters, wrong salt or wrapped length) is
// ErrKeySlotDamaged, told apart before any key derivation runs; an AEAD
// failure is ErrWrongPassphrase, since a changed slot and a wrong passphrase
// look the same there (the slot's parameters are in its AD).
func (v *Vault) openSlot(s slot, passphrase []byte) (*seal.Key, error) {
	p, err := slotParams(s)
	if err != nil {
		return nil, err
	}
	kek, err := seal.PassphraseKey(passphrase, s.salt, p)
	if err != nil {
		return nil, fmt.Errorf("key slot %d: %v: %w", s.id, err, apperr.ErrKeySlotDamaged)
	}
	defer kek.Wipe()
	master, err := kek.Unwrap(s.wrapped, v.slotAD(s.id, s.kind, s.params))
	if err != nil {
		return nil, apperr.ErrWrongPassphrase
	}
	return master, nil
}

// slotParams parses and bounds a passphrase slot's parameters.
func slotParams(s slot) (seal.Params, error) {
	var p seal.Params
	dec := json.NewDecoder(strings.NewReader(s.params))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return p, fmt.Errorf("key slot %d: parameters unreadable: %w", s.id, apperr.ErrKeySlotDamaged)
	}
	if err := p.Valid(); err != nil {
		return p, fmt.Errorf("key slot %d: %v: %w", s.id, err, apperr.ErrKeySlotDamaged)
	}
	if len(s.salt) != seal.SaltSize || len(s.wrapped) != seal.Overhead+seal.KeySize {
		return p, fmt.Errorf("key slot %d: salt or wrapped key of the wrong length: %w", s.id, apperr.ErrKeySlotDamaged)
	}
	return p, nil
}

// unwrapPassphrase tries the passphrase slots (never a recovery slot: a
// passphrase is not a recovery key), cheapest first, so that a costly slot
// planted beside the user's own is derived only if the user's does not
// open. Malformed slots are skipped without deriving anything. When none
// opens, the error says whether a slot was damaged.
func (v *Vault) unwrapPassphrase(ctx context.Context, passphrase []byte) (*seal.Key, int64, error) {
	slots, err := v.slots(ctx, "passphrase")
	if err != nil {
		return nil, 0, err
	}
	if len(slots) == 0 {
		return nil, 0, fmt.Errorf("no passphrase key slot: %w", apperr.ErrKeySlotDamaged)
	}
	type candidate struct {
		s    slot
		work uint64
	}
	var good []candidate
	var damaged error
	for _, s := range slots {
		p, err := slotParams(s)
		if err != nil {
			damaged = err
			continue
		}
		good = append(good, candidate{s, uint64(p.Time) * uint64(p.MemoryKiB)})
	}
	sort.SliceStable(good, func(i, j int) bool { return good[i].work < good[j].work })
	for _, c := range good {
		master, err := v.openSlot(c.s, passphrase)
		if err == nil {
			return master, c.s.id, nil
		}
		if errors.Is(err, apperr.ErrKeySlotDamaged) {
			damaged = err
		}
	}
	if len(good) == 0 {
		return nil, 0, damaged
	}
	if damaged != nil {
		return nil, 0, fmt.Errorf("%w (and %v)", apperr.ErrWrongPassphrase, damaged)
	}
	return nil, 0, apperr.ErrWrongPassphrase
}

// Unlock derives the key from passphrase (about a second) and opens the
// vault. A wrong passphrase changes nothing.
func (v *Vault) Unlock(passphrase []byte) error {
	master, _, err := v.unwrapPassphrase(context.Background(), passphrase)
	if err != nil {
		return err
	}
	return v.finishUnlock(master)
}

func (v *Vault) finishUnlock(master *seal.Key) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.master.Wipe()
	v.records.Wipe()
	v.audio.Wipe()
	v.attach.Wipe()
	v.meta.Wipe()
	v.setKeys(master)
	v.sealed = nil
	ctx := context.Background()
	// The sealed head proves the key is right for this vault's data.
	if _, _, err := v.loadHead(ctx, v.db); err != nil && !errors.Is(err, apperr.ErrDamaged) {
		return err
	}
	v.findMetaChanges(ctx)
	if v.readOnly {
		return nil
	}
	// A vault upgraded without its key gets the head of its new format.
	if err := v.upgradeHead(ctx); err != nil && !errors.Is(err, apperr.ErrDamaged) {
		return err
	}
	// A recording cut off by a crash keeps what was committed and is
	// ended now, marked interrupted. A damaged one is left for Check.
	if err := v.finishInterrupted(ctx); err != nil && !errors.Is(err, apperr.ErrDamaged) {
		return err
	}
	// Chunks of an import cut off by a crash are invisible; remove them.
	v.removePartialImports(ctx)
	return nil
}

func (v *Vault) unwrapRecovery(ctx context.Context, text string) (*seal.Key, error) {
	raw, err := seal.ParseRecoveryKey(text)
	if err != nil {
		return nil, fmt.Errorf("%w: it looks mistyped", apperr.ErrBadRecoveryKey)
	}
	defer clear(raw)
	slots, err := v.slots(ctx, "recovery")
	if err != nil {
		return nil, err
	}
	var damaged error
	tried := 0
	for _, s := range slots {
		if s.params != recoveryParams || len(s.salt) != seal.SaltSize || len(s.wrapped) != seal.Overhead+seal.KeySize {
			damaged = fmt.Errorf("key slot %d: %w", s.id, apperr.ErrKeySlotDamaged)
			continue
		}
		tried++
		kek := seal.RecoveryKEK(raw, s.salt)
		master, err := kek.Unwrap(s.wrapped, v.slotAD(s.id, s.kind, s.params))
		kek.Wipe()
		if err == nil {
			return master, nil
		}
	}
	if tried == 0 {
		if damaged == nil {
			damaged = fmt.Errorf("no recovery key slot: %w", apperr.ErrKeySlotDamaged)
		}
		return nil, damaged
	}
	return nil, fmt.Errorf("%w: it does not open this vault", apperr.ErrBadRecoveryKey)
}

// Recover opens the vault with its recovery key and replaces the passphrase
// with newPassphrase. The recovery key stays valid.
func (v *Vault) Recover(recoveryKey string, newPassphrase []byte, p seal.Params) error {
	ctx := context.Background()
	if len(newPassphrase) == 0 {
		return fmt.Errorf("empty passphrase: %w", apperr.ErrWeakPassphrase)
	}
	master, err := v.unwrapRecovery(ctx, recoveryKey)
	if err != nil {
		return err
	}
	if err := v.replacePassphrase(ctx, master, newPassphrase, p); err != nil {
		master.Wipe()
		return err
	}
	return v.finishUnlock(master)
}

// ChangePassphrase checks old and replaces it with new. The new key slot is
// committed and checked before the old one is removed, so a crash in between
// leaves a vault that opens with either passphrase.
func (v *Vault) ChangePassphrase(old, new []byte, p seal.Params) error {
	ctx := context.Background()
	if len(new) == 0 {
		return fmt.Errorf("empty passphrase: %w", apperr.ErrWeakPassphrase)
	}
	master, _, err := v.unwrapPassphrase(ctx, old)
	if err != nil {
		return err
	}
	defer master.Wipe()
	return v.replacePassphrase(ctx, master, new, p)
}

func (v *Vault) replacePassphrase(ctx context.Context, master *seal.Key, passphrase []byte, p seal.Params) error {
	if p == (seal.Params{}) {
		p = seal.Calibrate(time.Second)
	}
	old, err := v.slots(ctx, "passphrase")
	if err != nil {
		return err
	}
	if err := v.write(ctx, func(tx *sql.Tx) error {
		return v.addPassphraseSlot(ctx, tx, master, passphrase, p)
	}); err != nil {
		return fmt.Errorf("add new passphrase: %w", err)
	}
	check, newID, err := v.unwrapPassphrase(ctx, passphrase)
	if err != nil {
		return fmt.Errorf("new passphrase does not open the vault, old one kept: %w", err)
	}
	check.Wipe()
	if err := v.write(ctx, func(tx *sql.Tx) error {
		for _, s := range old {
			if s.id == newID {
				continue
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM keyslots WHERE id = ?`, s.id); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return fmt.Errorf("remove old passphrase: %w", err)
	}
	// Secure delete zeroed the old slot in the database; the checkpoint
	// removes its copy from the WAL.
	v.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return nil
}

// KDFParams returns the parameters of the passphrase slots (readable
// without a key; they are not secret).
func (v *Vault) KDFParams() ([]seal.Params, error) {
	slots, err := v.slots(context.Background(), "passphrase")
	if err != nil {
		return nil, err
	}
	var out []seal.Params
	for _, s := range slots {
		var p seal.Params
		if err := json.Unmarshal([]byte(s.params), &p); err == nil {
			out = append(out, p)
		}
	}
	return out, nil
}

// write runs fn in one immediate transaction and commits it durably.
func (v *Vault) write(ctx context.Context, fn func(*sql.Tx) error) error {
	if v.db == nil {
		return errors.New("vault is closed")
	}
	if v.readOnly {
		return fmt.Errorf("%s: %w", v.path, apperr.ErrReadOnly)
	}
	tx, err := v.db.BeginTx(ctx, nil)
	if err != nil {
		return mapSQLite(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		v.next, v.head, v.sealed = nil, nil, nil
		return mapSQLite(err)
	}
	if err := tx.Commit(); err != nil {
		v.next, v.head, v.sealed = nil, nil, nil
		return mapSQLite(err)
	}
	return nil
}

// The head of the chain is sealed in meta as seq (8 bytes) || link (32),
// followed from formatHeadDigests on by digests of the settings, anchors
// and backup log (head_meta.go).
var headAD = seal.AD("meta", "value", "head", "1")

type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// loadHead reads the sealed head's seq and link. Callers hold v.mu.
func (v *Vault) loadHead(ctx context.Context, q rowQuerier) (uint64, ledger.Hash, error) {
	h, err := v.readHead(ctx, q)
	return h.seq, h.link, err
}

// appendLink adds a ledger link for a record in tx and moves the sealed
// head. Callers hold v.mu.
func (v *Vault) appendLink(ctx context.Context, tx *sql.Tx, kind, ref string, recordHash ledger.Hash) (ledger.Link, error) {
	var seq uint64
	prev := ledger.Genesis(v.id)
	if v.head != nil {
		seq, prev = v.head.Seq, v.head.Hash
	} else {
		var prevB []byte
		err := tx.QueryRowContext(ctx, `SELECT seq, link FROM ledger ORDER BY seq DESC LIMIT 1`).Scan(&seq, &prevB)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			seq = 0
		case err != nil:
			return ledger.Link{}, err
		default:
			if len(prevB) != len(prev) {
				return ledger.Link{}, fmt.Errorf("ledger link %d: %w", seq, apperr.ErrDamaged)
			}
			copy(prev[:], prevB)
		}
	}
	l := ledger.Link{Seq: seq + 1, Kind: kind, Ref: ref, RecordHash: recordHash}
	l.Hash = ledger.Next(prev, l.Seq, l.Kind, l.Ref, l.RecordHash)
	if _, err := v.exec(ctx, tx, `INSERT INTO ledger (seq, kind, ref, record_hash, link) VALUES (?, ?, ?, ?, ?)`,
		l.Seq, l.Kind, l.Ref, l.RecordHash[:], l.Hash[:]); err != nil {
		return ledger.Link{}, err
	}
	if err := v.storeHead(ctx, tx, l.Seq, l.Hash); err != nil {
		return ledger.Link{}, err
	}
	v.head = &l // kept only if the transaction commits (write drops it otherwise)
	return l, nil
}

// Head returns the ledger head: the number of records and the last link.
func (v *Vault) Head() (uint64, ledger.Hash, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.loadHead(context.Background(), v.db)
}

// Links returns the whole ledger in order.
func (v *Vault) Links() ([]ledger.Link, error) {
	rows, err := v.db.Query(`SELECT seq, kind, ref, record_hash, link FROM ledger ORDER BY seq`)
	if err != nil {
		return nil, mapSQLite(err)
	}
	defer rows.Close()
	var out []ledger.Link
	for rows.Next() {
		var l ledger.Link
		var rh, lh []byte
		if err := rows.Scan(&l.Seq, &l.Kind, &l.Ref, &rh, &lh); err != nil {
			return nil, mapSQLite(err)
		}
		copy(l.RecordHash[:], rh)
		copy(l.Hash[:], lh)
		out = append(out, l)
	}
	return out, mapSQLite(rows.Err())
}
