// Package apperr defines the error sentinels that cross package boundaries
// and that each front end maps to a message for the user (kirokuctl in
// internal/cli, the app in internal/ui). Packages wrap them with context:
//
//	fmt.Errorf("open %s: %w", path, apperr.ErrWrongPassphrase)
//
// It imports nothing, so every package (with or without cgo) can use it.
package apperr

import "errors"

var (
	// ErrWrongPassphrase: no key slot opened with the passphrase given.
	ErrWrongPassphrase = errors.New("wrong passphrase")
	// ErrBadRecoveryKey: the recovery key is mistyped (checksum) or does
	// not open this vault.
	ErrBadRecoveryKey = errors.New("recovery key not valid")
	// ErrVaultInUse: another process has the vault open.
	ErrVaultInUse = errors.New("vault is in use by another program")
	// ErrNotVault: the file is not a Kiroku vault.
	ErrNotVault = errors.New("not a Kiroku vault")
	// ErrBusy: the vault is recording or importing; the operation (a
	// re-key) must wait until that ends.
	ErrBusy = errors.New("a recording or import is in progress")
	// ErrKeySlotDamaged: a key slot is malformed (unreadable or
	// out-of-range parameters, wrong lengths), so it cannot be opened with
	// any passphrase or recovery key; not the same as a wrong passphrase.
	ErrKeySlotDamaged = errors.New("key slot is damaged")
	// ErrDamaged: the vault file or a record in it is damaged or was
	// changed outside Kiroku.
	ErrDamaged = errors.New("vault is damaged")
	// ErrUnsupportedVersion: the vault was written by a newer Kiroku.
	ErrUnsupportedVersion = errors.New("vault format is newer than this program")
	// ErrExists: refusing to overwrite an existing file.
	ErrExists = errors.New("file already exists")
	// ErrNotFound: no such entry, recording or file.
	ErrNotFound = errors.New("not found")
	// ErrDiskFull: the disk has no space left.
	ErrDiskFull = errors.New("disk is full")
	// ErrLocked: the vault is locked; unlock it first.
	ErrLocked = errors.New("vault is locked")
	// ErrInvalidInput: a value given by the user is not acceptable.
	ErrInvalidInput = errors.New("invalid input")
	// ErrInvalidText: a text given is not valid UTF-8 (a multi-byte
	// character cut short, or bytes of another encoding). It is also
	// ErrInvalidInput, for front ends that do not tell them apart. Refused
	// on the way in, so the vault never holds a record it cannot read back.
	ErrInvalidText error = &subError{"text is not valid UTF-8", ErrInvalidInput}
	// ErrWeakPassphrase: the passphrase is too short or empty.
	ErrWeakPassphrase = errors.New("passphrase too weak")
	// ErrReadOnly: the vault was opened read-only (a backup being looked
	// at); nothing can be written to it.
	ErrReadOnly = errors.New("vault is open read-only")
)

// subError is a sentinel that is also a more general one.
type subError struct {
	msg    string
	parent error
}

func (e *subError) Error() string { return e.msg }
func (e *subError) Unwrap() error { return e.parent }
