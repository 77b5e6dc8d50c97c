package vault

// Backups. A backup is a page-for-page copy of the vault made with SQLite's
// online backup API through the vault's own connection, a few pages per
// step with the vault's lock released in between, so that entries and a
// running recording keep committing while it runs. Because the copy is
// driven by the same connection that writes, SQLite carries every page a
// commit changes into the copy as well: the finished copy holds every
// transaction committed before its last step, and the ledger head read in
// that last step (under the vault's lock) is exactly the copy's head.
//
// The copy is the same sealed file: the same key slots, the same
// ciphertext. No key, passphrase or plaintext is written. Verifying a copy
// opens it as a second vault with the key material the source already
// holds (or with the passphrase, for a restore) without running anything
// that writes: no interrupted recording is finished, no partial import
// removed.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// BackupInfo describes a snapshot written by Backup.
type BackupInfo struct {
	Path     string      `json:"path"`
	Size     int64       `json:"size"`      // bytes of the copy
	Pages    int         `json:"pages"`     // SQLite pages copied
	HeadSeq  uint64      `json:"head_seq"`  // ledger head when the snapshot completed
	HeadLink ledger.Hash `json:"head_link"` // (the copy's sealed head must equal it)
	At       time.Time   `json:"at"`        // when the snapshot completed
}

// Step sizes of the copy, in pages: each step holds the vault's lock, so it
// is kept near backupStepTarget (a recording commits every half second).
const (
	backupMinStep    = 16
	backupMaxStep    = 1 << 15
	backupStepTarget = 20 * time.Millisecond
)

// backupState is one copy in progress.
type backupState struct {
	dest  *sqlite3.SQLiteConn
	src   *sqlite3.SQLiteConn // the vault's connection the copy is bound to
	bk    *sqlite3.SQLiteBackup
	total int
	left  int
}

// Backup writes a consistent copy of the vault to dest, which must not
// exist, and reports progress in pages (done of total) after each step.
// The vault must be unlocked: the head it returns is read from the sealed
// head. dest is created with mode 0600 and synced; on any error or when ctx
// is cancelled it is removed. The caller picks a temporary name and renames
// the copy once it has verified it (VerifyBackup).
func (v *Vault) Backup(ctx context.Context, dest string, progress func(done, total int)) (BackupInfo, error) {
	v.mu.Lock()
	closed, locked := v.db == nil, v.master == nil
	v.mu.Unlock()
	switch {
	case closed:
		return BackupInfo{}, errors.New("backup: vault is closed")
	case locked:
		return BackupInfo{}, fmt.Errorf("backup: %w", apperr.ErrLocked)
	}
	f, err := os.OpenFile(dest, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return BackupInfo{}, fmt.Errorf("backup: %s: %w", dest, apperr.ErrExists)
		}
		return BackupInfo{}, fmt.Errorf("backup: create %s: %w", dest, mapSQLite(err))
	}
	f.Close()
	info, err := v.backup(ctx, dest, progress)
	if err != nil {
		removeVaultFiles(dest)
		return BackupInfo{}, err
	}
	return info, nil
}

func (v *Vault) backup(ctx context.Context, dest string, progress func(done, total int)) (BackupInfo, error) {
	// The copy is written without a journal and without syncs: it is a new
	// file nobody relies on until it is synced below and verified.
	q := url.Values{}
	q.Set("_journal_mode", "OFF")
	q.Set("_sync", "OFF")
	q.Set("_locking_mode", "EXCLUSIVE")
	dc, err := (&sqlite3.SQLiteDriver{}).Open("file:" + (&url.URL{Path: dest}).EscapedPath() + "?" + q.Encode())
	if err != nil {
		return BackupInfo{}, fmt.Errorf("backup: open %s: %w", dest, mapSQLite(err))
	}
	st := &backupState{dest: dc.(*sqlite3.SQLiteConn)}
	defer func() {
		if st.bk != nil {
			v.backupFinish(st)
		}
		st.dest.Close()
	}()
	wb := startCopyWriteback(dest)
	defer wb.stop()
	info := BackupInfo{Path: dest}
	n := 64
	for {
		if err := ctx.Err(); err != nil {
			return BackupInfo{}, fmt.Errorf("backup: %w", err)
		}
		start := time.Now()
		done, err := v.backupStep(ctx, st, n, &info)
		if err != nil {
			return BackupInfo{}, fmt.Errorf("backup to %s: %w", dest, err)
		}
		if progress != nil {
			progress(st.total-st.left, st.total)
		}
		wb.poke()
		if done {
			break
		}
		switch d := time.Since(start); {
		case d < backupStepTarget/2 && n < backupMaxStep:
			n *= 2
		case d > backupStepTarget*2 && n > backupMinStep:
			n /= 2
		}
	}
	if err := st.dest.Close(); err != nil {
		return BackupInfo{}, fmt.Errorf("backup: close %s: %w", dest, mapSQLite(err))
	}
	wb.stop()
	f, err := os.OpenFile(dest, os.O_RDWR, 0)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return BackupInfo{}, fmt.Errorf("backup: sync %s: %w", dest, mapSQLite(err))
	}
	fi, err := f.Stat()
	if err != nil {
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	info.Size = fi.Size()
	return info, f.Close()
}

// copyWriteback has the drive write the copy while it is being made, so
// that the fsync at the end waits for the last pages only, not for the
// whole copy. The fsync still decides: this only starts writes early.
type copyWriteback struct {
	kick chan struct{}
	done chan struct{}
	once sync.Once
}

// copyWritebackMin is the least new data worth a writeback request.
const copyWritebackMin = 16 << 20

func startCopyWriteback(path string) *copyWriteback {
	w := &copyWriteback{kick: make(chan struct{}, 1), done: make(chan struct{})}
	f, err := os.Open(path)
	if err != nil {
		close(w.done) // only a hint: the fsync does it all
		return w
	}
	go func() {
		defer close(w.done)
		defer f.Close()
		var off int64
		for range w.kick {
			fi, err := f.Stat()
			if err != nil {
				continue
			}
			if n := fi.Size() - off; n >= copyWritebackMin {
				startWriteback(f, off, n)
				off += n
			}
		}
	}()
	return w
}

// poke asks for the pages written so far, without waiting.
func (w *copyWriteback) poke() {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

func (w *copyWriteback) stop() {
	w.once.Do(func() { close(w.kick) })
	<-w.done
}

// backupStep copies up to n pages while holding the vault's lock and its
// connection. The step that completes the copy also reads the ledger head,
// before any other write can run.
func (v *Vault) backupStep(ctx context.Context, st *backupState, n int, info *BackupInfo) (bool, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.db == nil {
		return false, errors.New("the vault was closed during the backup")
	}
	if v.master == nil {
		return false, fmt.Errorf("the vault was locked during the backup: %w", apperr.ErrLocked)
	}
	conn, err := v.db.Conn(ctx)
	if err != nil {
		return false, mapSQLite(err)
	}
	defer conn.Close()
	var done bool
	err = conn.Raw(func(raw any) error {
		src, ok := raw.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", raw)
		}
		if st.bk == nil {
			bk, err := st.dest.Backup("main", src, "main")
			if err != nil {
				return err
			}
			st.src, st.bk = src, bk
		} else if src != st.src {
			// Pages written through another connection would not reach
			// the copy; the vault never replaces its connection, but a
			// copy must not silently depend on that.
			return errors.New("the vault's connection changed during the backup")
		}
		var err error
		done, err = st.bk.Step(n)
		st.left, st.total = st.bk.Remaining(), st.bk.PageCount()
		if err != nil {
			return stepError(err)
		}
		if done {
			bk := st.bk
			st.bk = nil
			if err := bk.Finish(); err != nil {
				return stepError(err)
			}
		}
		return nil
	})
	if err != nil {
		return false, mapSQLite(err)
	}
	if done {
		seq, link, err := v.loadHead(ctx, conn)
		if err != nil {
			return false, fmt.Errorf("read the ledger head: %w", err)
		}
		info.HeadSeq, info.HeadLink, info.Pages, info.At = seq, link, st.total, v.now().Round(0)
	}
	return done, nil
}

// backupFinish abandons a copy in progress (rolling back the destination).
func (v *Vault) backupFinish(st *backupState) {
	v.mu.Lock()
	defer v.mu.Unlock()
	bk := st.bk
	st.bk = nil
	if v.db == nil {
		bk.Finish()
		return
	}
	conn, err := v.db.Conn(context.Background())
	if err != nil {
		bk.Finish()
		return
	}
	defer conn.Close()
	conn.Raw(func(any) error { return bk.Finish() })
}

// stepError keeps the primary code of a backup step's error: the step
// returns a bare code, often extended (SQLITE_IOERR_WRITE), which
// mapSQLite would not recognise.
func stepError(err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	return sqlite3.Error{Code: sqlite3.ErrNo(int(se.Code) & 0xff)}
}

// VerifyBackup checks a copy written by Backup with this vault's key: it
// opens the copy as a second vault (nothing is written to it), runs
// SQLite's integrity check and Check (every sealed value opens, the chain
// verifies up to the sealed head), and compares the copy's head with the
// head the snapshot recorded. Problems are in the report; the error is for
// a copy that cannot be opened or checked at all (damaged: ErrDamaged).
func (v *Vault) VerifyBackup(ctx context.Context, path string, info BackupInfo) (Report, error) {
	v.mu.Lock()
	if v.master == nil {
		v.mu.Unlock()
		return Report{}, fmt.Errorf("verify backup: %w", apperr.ErrLocked)
	}
	master, err := seal.KeyFromBytes(v.master.Bytes())
	id := append([]byte(nil), v.id...)
	v.mu.Unlock()
	if err != nil {
		return Report{}, err
	}
	return verifyCopy(ctx, path, func(c *Vault) (*seal.Key, error) {
		if string(c.id) != string(id) {
			master.Wipe()
			return nil, fmt.Errorf("%s is a copy of another vault: %w", path, apperr.ErrDamaged)
		}
		return master, nil
	}, &info, nil)
}

// VerifyFile checks a vault file, typically a backup or a file being
// restored, with its passphrase: integrity check and Check, as
// VerifyBackup, without a head to compare with. Nothing is written to the
// file unless its format is older than this build's (it is then
// migrated, as opening it would).
func VerifyFile(ctx context.Context, path string, passphrase []byte) (Report, error) {
	return verifyCopy(ctx, path, secretKey(ctx, passphrase), nil, nil)
}

// secretKey opens a copy with its passphrase or, when that is not it and
// the secret has the recovery key's form, with the recovery key: a worker
// who forgot the passphrase may have only the USB drive and the key.
func secretKey(ctx context.Context, secret []byte) func(*Vault) (*seal.Key, error) {
	return func(c *Vault) (*seal.Key, error) {
		if IsRecoveryKey(string(secret)) {
			// Cheap to try first: no key derivation.
			if master, err := c.unwrapRecovery(ctx, string(secret)); err == nil {
				return master, nil
			}
		}
		master, _, err := c.unwrapPassphrase(ctx, secret)
		return master, err
	}
}

// IsRecoveryKey reports whether s has the form of a recovery key (not
// whether it opens anything).
func IsRecoveryKey(s string) bool {
	raw, err := seal.ParseRecoveryKey(s)
	clear(raw)
	return err == nil
}

// VerifyRestored is VerifyFile for a copy about to be restored: when the
// copy verifies, the backup it came from is added to the copy's backup log
// (from, with the copy's ledger head), so that the restored vault knows a
// backup of it exists and when it was made. The ledger is not touched.
func VerifyRestored(ctx context.Context, path string, passphrase []byte, from BackupLog) (Report, error) {
	rep, _, err := VerifyRestoredSeen(ctx, path, passphrase, from, "")
	return rep, err
}

// verifyCopy opens the vault file at path with key, checks it (and its
// head against want, when set) and, when it verified, calls after.
func verifyCopy(ctx context.Context, path string, key func(*Vault) (*seal.Key, error), want *BackupInfo, after func(*Vault) error) (Report, error) {
	if err := ctx.Err(); err != nil {
		return Report{}, err
	}
	c, err := Open(path)
	if err != nil {
		return Report{}, fmt.Errorf("verify %s: %w", path, err)
	}
	defer c.Close()
	master, err := key(c)
	if err != nil {
		return Report{}, fmt.Errorf("verify %s: %w", path, err)
	}
	// The keys are set without finishUnlock: verifying must not end an
	// interrupted recording or remove a partial import in the copy.
	c.mu.Lock()
	c.setKeys(master)
	c.mu.Unlock()
	rep, err := c.Check()
	if err != nil {
		return Report{}, fmt.Errorf("verify %s: %w", path, err)
	}
	if want != nil {
		seq, link, err := c.Head()
		switch {
		case err != nil:
			// Check has reported it.
		case seq != want.HeadSeq || link != want.HeadLink:
			rep.add("head", "the copy's ledger head (%d, %s) is not the snapshot's (%d, %s)",
				seq, link, want.HeadSeq, want.HeadLink)
		}
	}
	if after != nil && rep.OK() {
		if err := after(c); err != nil {
			return rep, fmt.Errorf("verify %s: %w", path, err)
		}
	}
	return rep, nil
}

// FileID reads the vault id of a vault file that is not open, without
// locking or changing it (the id is not secret). It tells backups of
// different vaults apart.
func FileID(path string) ([]byte, error) {
	if err := sniff(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&immutable=1")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var appID int64
	if err := db.QueryRow("PRAGMA application_id").Scan(&appID); err != nil {
		return nil, fmt.Errorf("%s: %w", path, damagedUnlessKnown(err))
	}
	if appID != applicationID {
		return nil, fmt.Errorf("%s: %w", path, apperr.ErrNotVault)
	}
	var id []byte
	if err := db.QueryRow(`SELECT value FROM meta WHERE key = 'vault_id'`).Scan(&id); err != nil || len(id) != 16 {
		return nil, fmt.Errorf("%s: vault id: %w", path, apperr.ErrDamaged)
	}
	return id, nil
}
