package ui

import (
	"github.com/kiroku-app/kiroku/internal/record"
)

// Vaults creates, opens and recovers vault files. The desktop package
// implements it with the real encrypted vault; tests use fakes too.
//
// Open, Create and Recover run the passphrase KDF (about a second): screens
// call them from a goroutine and update widgets through fyne.Do.
type Vaults interface {
	// DefaultPath is where a new vault goes unless the user picks a folder.
	DefaultPath() string
	// Exists reports whether a file exists at path.
	Exists(path string) bool
	// Create makes a new vault and returns it unlocked with its recovery key,
	// which must be shown to the user exactly once.
	Create(path string, passphrase []byte) (Store, string, error)
	// Open unlocks an existing vault.
	Open(path string, passphrase []byte) (Store, error)
	// Recover unlocks with the recovery key and sets a new passphrase.
	Recover(path, recoveryKey string, newPassphrase []byte) (Store, error)
}

// Store is an unlocked vault.
type Store interface {
	Path() string
	// Entries returns the current state of every entry that is not deleted,
	// newest event first.
	Entries() ([]record.Entry, error)
	Entry(id int64) (record.Entry, error)
	Add(f record.Fields) (record.Entry, error)
	Edit(id int64, f record.Fields, reason string) (record.Entry, error)
	Delete(id int64, reason string) error
	// History returns every revision of an entry, oldest first.
	History(id int64) ([]record.Revision, error)
	ChangePassphrase(old, new []byte) error
	// Close wipes the keys from memory and releases the file.
	Close() error
}

// Errors from Vaults and Store are wrapped sentinels of package apperr;
// screens test them with errors.Is to show a message in the user's language.
