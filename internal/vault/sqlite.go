package vault

import (
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"syscall"

	"github.com/mattn/go-sqlite3"

	"github.com/kiroku-app/kiroku/internal/apperr"
)

const driverName = "kiroku-sqlite3"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: configure})
}

// configure sets the pragmas in an order the DSN parameters cannot give:
// locking_mode=EXCLUSIVE must come before the first WAL access so that no
// shared-memory file is used and a second process is shut out for as long
// as this connection lives (ErrVaultInUse).
func configure(c *sqlite3.SQLiteConn) error {
	if defensiveErr != nil {
		return defensiveErr
	}
	for _, p := range []string{
		// Functions and virtual tables named in the file's schema (views,
		// triggers, defaults) may not run with Kiroku's rights: the file is
		// untrusted until checkSchema has compared it with ours.
		"PRAGMA trusted_schema = OFF",
		"PRAGMA locking_mode = EXCLUSIVE",
		"PRAGMA journal_mode = WAL",
		"PRAGMA synchronous = FULL",
		"PRAGMA secure_delete = ON",
		"PRAGMA foreign_keys = ON",
		"PRAGMA temp_store = MEMORY",
		"PRAGMA cell_size_check = ON",
	} {
		if _, err := c.Exec(p, nil); err != nil {
			return fmt.Errorf("%s: %w", p, mapSQLite(err))
		}
	}
	return nil
}

func openDB(path string, readOnly bool) (*sql.DB, error) {
	q := url.Values{}
	q.Set("_txlock", "immediate")
	q.Set("_busy_timeout", "200") // the driver sets 5 s before our hook runs
	// Set by the driver as the connection opens: the hook below runs too
	// late on an existing WAL vault, which then gets a -shm file.
	q.Set("_locking_mode", "EXCLUSIVE")
	if readOnly {
		q.Set("mode", "ro")
		// A closed vault is one file. Read-only WAL access would need to
		// create -wal and -shm files next to it (impossible on a
		// write-protected stick); immutable reads the file as it is.
		if _, err := os.Stat(path + "-wal"); errors.Is(err, os.ErrNotExist) {
			q.Set("immutable", "1")
		}
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, err
	}
	// One connection: one writer, and the exclusive lock stays with it.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	return db, nil
}

// mapSQLite turns SQLite's error codes into Kiroku's sentinels, keeping the
// original error for the log.
func mapSQLite(err error) error {
	if err == nil {
		return nil
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return fmt.Errorf("%w (%v)", apperr.ErrVaultInUse, err)
		case sqlite3.ErrReadonly:
			return fmt.Errorf("%w (%v)", apperr.ErrReadOnly, err)
		case sqlite3.ErrFull:
			return fmt.Errorf("%w (%v)", apperr.ErrDiskFull, err)
		case sqlite3.ErrCorrupt, sqlite3.ErrNotADB, sqlite3.ErrFormat:
			return fmt.Errorf("%w (%v)", apperr.ErrDamaged, err)
		case sqlite3.ErrIoErr:
			if isENOSPC(err) {
				return fmt.Errorf("%w (%v)", apperr.ErrDiskFull, err)
			}
		}
	}
	if isENOSPC(err) {
		return fmt.Errorf("%w (%v)", apperr.ErrDiskFull, err)
	}
	return err
}

func isENOSPC(err error) bool { return errors.Is(err, syscall.ENOSPC) }

// sqliteMagic starts every SQLite database file.
const sqliteMagic = "SQLite format 3\x00"

// sniff checks a file before SQLite sees it, so that the user hears "this
// is not a vault" or "this vault is truncated" instead of an SQLite code.
func sniff(path string) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%s: %w", path, apperr.ErrNotFound)
		}
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.IsDir() {
		return fmt.Errorf("%s is a folder: %w", path, apperr.ErrNotVault)
	}
	var h [100]byte
	n, err := io.ReadFull(f, h[:])
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return err
	}
	if n < len(sqliteMagic) || string(h[:len(sqliteMagic)]) != sqliteMagic {
		return fmt.Errorf("%s: %w", path, apperr.ErrNotVault)
	}
	if n < 100 {
		return fmt.Errorf("%s is truncated: %w", path, apperr.ErrDamaged)
	}
	pageSize := int64(h[16])<<8 | int64(h[17])
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(h[28])<<24 | int64(h[29])<<16 | int64(h[30])<<8 | int64(h[31])
	// The page count is valid when the "version-valid-for" number equals
	// the change counter (bytes 92-95 and 24-27).
	if string(h[92:96]) == string(h[24:28]) && pageSize >= 512 && pages*pageSize > st.Size() {
		return fmt.Errorf("%s is truncated (%d of %d bytes): %w", path, st.Size(), pages*pageSize, apperr.ErrDamaged)
	}
	return nil
}
