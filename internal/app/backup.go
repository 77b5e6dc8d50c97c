package app

import (
	"context"
	"strings"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
)

// Drive is a place a backup can go: a removable drive, or a folder the
// user chose.
type Drive struct {
	Path      string // mount point, drive root or folder
	Label     string // volume label, or the folder's name
	FS        string // filesystem type, lower case: vfat, exfat, ext4...
	FAT       bool   // FAT12/16/32: files stay under 4 GiB
	Free      int64  // bytes this user may write
	Total     int64
	Removable bool
}

// BackupProgress is reported while a backup or a restore runs. Phases:
// "copy" (the snapshot), "split" (writing parts for FAT32), "verify"
// (reading the copy back and checking it), "join" (restore: reading the
// backup).
type BackupProgress struct {
	Phase       string
	Done, Total int64
}

// BackupResult is a backup that was written and verified.
type BackupResult struct {
	Path     string // the backup file, or the folder of a part set
	Parts    int    // 0 for a single file
	Size     int64
	SHA256   string
	FS       string
	HeadSeq  uint64 // the last ledger record the backup holds, verified
	HeadLink string
	Removed  []string // older backups removed to keep the newest Keep
	Keep     int
	// NewerSeq, when not 0, is the records of a newer state of this vault
	// once backed up to this folder: nothing was removed, the newer
	// backups there may be all that is left of it (seen.go).
	NewerSeq uint64
	// Carried is the number of problems the vault has of its own that
	// the copy carries, and no others: a damaged vault is backed up too.
	Carried int
}

// BackupLogLine is one backup the vault remembers.
type BackupLogLine struct {
	At       time.Time
	Dest     string // folder
	File     string // file name, or the first part of a set
	Size     int64
	Parts    int
	FS       string
	HeadSeq  uint64
	HeadLink string
	SHA256   string
}

// BackupSettings are kept (sealed) in the vault.
type BackupSettings struct {
	Keep       int // backups of this vault kept per folder
	RemindDays int // remind after this many days without a backup
}

// Backups is a Store that can back itself up. Package local's Store
// implements it; screens find it by type assertion.
type Backups interface {
	// Drives lists the removable drives mounted now.
	Drives() ([]Drive, error)
	// FolderInfo tells the filesystem and free space of any folder.
	FolderInfo(dir string) (Drive, error)
	// RunBackup writes a verified backup into dir. It is safe to call
	// while other Store calls run; cancelling ctx leaves no backup and no
	// temporary file. progress is called from RunBackup's goroutine.
	// acceptOlder: the vault is older than the folder's record of it on
	// purpose (an older backup restored): remove old backups and note this
	// state as usual.
	RunBackup(ctx context.Context, dir string, acceptOlder bool, progress func(BackupProgress)) (BackupResult, error)
	// BackupLog lists the backups made, oldest first. With damaged lines
	// it returns the others and an error.
	BackupLog() ([]BackupLogLine, error)
	BackupSettings() (BackupSettings, error)
	SetBackupSettings(BackupSettings) error
}

// BackupDamage is a backup that did not verify: What names each problem
// ("part002: missing", "revision:12: ..."). It wraps apperr.ErrDamaged.
type BackupDamage struct {
	What []string
	// Changed is a backup whose bytes differ from its checksum file:
	// changed after it was written (What is then empty).
	Changed string
	// Intact (restore): every byte matches the backup's checksum, so What
	// is the damage the vault had when it was backed up; a restore with
	// RestoreOptions.AcceptDamaged gives it back as it was.
	Intact bool
}

// BackupSource is a backup found on disk, before any passphrase.
type BackupSource struct {
	Path  string // the backup file, or the manifest of a part set
	Parts int    // 0 for a single file
	Size  int64
}

// Restored is a backup restored as a vault file, verified.
type Restored struct {
	Path    string // the vault file written
	From    string
	Parts   int
	Size    int64
	SHA256  string
	Records int    // sealed records checked
	Old     string // where the replaced vault was kept, if one was
	// NoChecksum: the backup had no checksum file beside it, so only
	// what the vault uses was checked, not every byte.
	NoChecksum bool
	// NewerSeq, when not 0: the backup's folder once held a newer state
	// of this vault, with that many records (seen.go).
	NewerSeq uint64
	// Carried: restored with AcceptDamaged, the vault has this many
	// damaged records, the ones it had when it was backed up.
	Carried int
}

// RestoreOptions choose how a backup is restored.
type RestoreOptions struct {
	// Replace writes over the vault file there, which is kept under
	// another name (Restored.Old).
	Replace bool
	// AcceptDamaged restores a backup that carries its vault's own damage
	// (BackupDamage.Intact) as it is, rather than not at all.
	AcceptDamaged bool
}

// Restorer is a Vaults that restores backups. Package local's
// Vaults implements it; screens find it by type assertion.
type Restorer interface {
	// InspectBackup finds the backup at path: a .kiroku file, or a part
	// set named by its folder, its manifest or any part. It needs no
	// passphrase and changes nothing.
	InspectBackup(path string) (BackupSource, error)
	// Restore verifies the backup with its passphrase and writes it as
	// the vault file to. An existing file there is refused unless
	// opts.Replace, and is then kept under another name (Restored.Old).
	// Cancelling ctx leaves nothing behind.
	Restore(ctx context.Context, from, to string, passphrase []byte, opts RestoreOptions, progress func(BackupProgress)) (Restored, error)
}

// ReadOnlyOpener is a Vaults that opens a vault file read-only: every
// write of the Store it returns fails with apperr.ErrReadOnly, and its
// ReadOnly method reports true.
type ReadOnlyOpener interface {
	OpenReadOnly(path string, passphrase []byte) (Store, error)
}

func (e *BackupDamage) Error() string {
	return "backup did not verify: " + strings.Join(e.What, "; ")
}

func (e *BackupDamage) Unwrap() error { return apperr.ErrDamaged }
