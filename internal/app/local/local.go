// Package local implements the application contract (package app) on this
// computer: over the encrypted vault, the audio devices, the exporter, the
// backup writer and the timestamp authority the user set. The GUI gets it
// from cmd/kiroku and sees only package app, so it never touches the vault,
// SQLite or miniaudio itself. kirokuctl (internal/cli) uses the Store
// itself, with the methods and types of the vault, exporter and backup
// writer it prints as they are, and never imports those packages: every
// capability is written once, here or below.
package local

import (
	"os"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/audio"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// Vaults opens vault files for the app.
type Vaults struct {
	// KDF for new passphrase slots; the zero value calibrates to about a
	// second (never below seal.Minimum).
	KDF seal.Params
	// Backend is the audio system recordings capture from. Default (the
	// zero value) takes KIROKU_AUDIO_BACKEND from the environment
	// ("pulse", or "null" for silence in tests), else the platform's own.
	Backend audio.Backend
	// DefaultFile, if set, is the path DefaultPath offers for a new
	// vault instead of one in the user's data folder.
	DefaultFile string
}

func (d Vaults) store(v *vault.Vault) *Store {
	s := d.attach(v)
	s.ts.open(v) // trusted timestamps, if a TSA is set in the vault
	return s
}

// attach makes a Store of v without background timestamping. Closing the
// Store closes v.
func (d Vaults) attach(v *vault.Vault) *Store {
	return &Store{Vault: v, kdf: d.KDF, backend: d.audioBackend()}
}

// OpenLocked opens the vault file at path, still locked, for a command
// (kirokuctl): a file that is no vault, or in use, is refused before any
// passphrase is asked for; the caller then unlocks it (Store.Unlock),
// re-keys it (Store.ChangePassphrase) or recovers it (Store.Recover), and
// prints its own warnings. readOnly opens it with vault.OpenReadOnly: the
// vault refuses every write. Unlike Open it starts no background
// timestamping: a command that ends in seconds stamps only when asked to
// (kirokuctl tsa stamp). Closing the Store closes the file.
func (d Vaults) OpenLocked(path string, readOnly bool) (*Store, error) {
	open := vault.Open
	if readOnly {
		open = vault.OpenReadOnly
	}
	v, err := open(path)
	if err != nil {
		return nil, err
	}
	return d.attach(v), nil
}

// CreateStore is Create for a command: the new vault, unlocked, as the
// Store itself, with its recovery key, and no background timestamping.
func (d Vaults) CreateStore(path string, passphrase []byte) (*Store, string, error) {
	v, rec, err := vault.Create(path, passphrase, vault.Options{KDF: d.KDF})
	if err != nil {
		return nil, "", err
	}
	return d.attach(v), rec, nil
}

var _ app.Vaults = Vaults{}

// DefaultPath implements app.Vaults.
func (d Vaults) DefaultPath() string {
	if d.DefaultFile != "" {
		return d.DefaultFile
	}
	return vault.DefaultPath()
}

// Exists implements app.Vaults.
func (Vaults) Exists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}

// Create implements app.Vaults.
func (d Vaults) Create(path string, passphrase []byte) (app.Store, string, error) {
	s, rec, err := d.CreateStore(path, passphrase)
	if err != nil {
		return nil, "", err
	}
	s.ts.open(s.Vault) // trusted timestamps, if a TSA is set in the vault
	return s, rec, nil
}

// Open implements app.Vaults.
func (d Vaults) Open(path string, passphrase []byte) (app.Store, error) {
	v, err := vault.Open(path)
	if err != nil {
		return nil, err
	}
	if err := v.Unlock(passphrase); err != nil {
		v.Close()
		return nil, err
	}
	return d.store(v), nil
}

// Recover implements app.Vaults.
func (d Vaults) Recover(path, recoveryKey string, newPassphrase []byte) (app.Store, error) {
	v, err := vault.Open(path)
	if err != nil {
		return nil, err
	}
	if err := v.Recover(recoveryKey, newPassphrase, d.KDF); err != nil {
		v.Close()
		return nil, err
	}
	return d.store(v), nil
}

// Store is an unlocked vault: app.Store and the optional capabilities.
type Store struct {
	*vault.Vault
	kdf     seal.Params
	backend audio.Backend
	jobs    jobs       // exports in progress, cancelled by Close
	ts      timestamps // the TSA Anchorer while a URL is set
}

var _ app.Store = (*Store)(nil)

var _ app.TranslationStore = (*Store)(nil) // translations of entries (訳文)

var _ app.MetaStore = (*Store)(nil) // settings, tokens, backup log changed outside Kiroku

// ChangePassphrase implements app.Store: a re-key, so that a key slot kept
// from an old copy of the file opens nothing written from now on.
func (s *Store) ChangePassphrase(old, new []byte) (string, error) {
	return s.Vault.RekeyPassphrase(old, new, s.kdf)
}

// NewRecoveryKey implements app.Store.
func (s *Store) NewRecoveryKey(passphrase []byte) (string, error) {
	return s.Vault.RekeyPassphrase(passphrase, passphrase, s.kdf)
}

// Add implements app.Store; like every write, it wakes the timestamps.
func (s *Store) Add(f record.Fields) (record.Entry, error) {
	e, err := s.Vault.Add(f)
	if err == nil {
		s.notifyWrite()
	}
	return e, err
}

// Edit implements app.Store.
func (s *Store) Edit(id int64, f record.Fields, reason string) (record.Entry, error) {
	e, err := s.Vault.Edit(id, f, reason)
	if err == nil {
		s.notifyWrite()
	}
	return e, err
}

// Delete implements app.Store.
func (s *Store) Delete(id int64, reason string) error {
	err := s.Vault.Delete(id, reason)
	if err == nil {
		s.notifyWrite()
	}
	return err
}

// Close implements app.Store: exports in progress are cancelled (they leave
// nothing behind) and the timestamp Anchorer stops before the vault closes.
func (s *Store) Close() error {
	s.jobs.stop()
	s.ts.close()
	return s.Vault.Close()
}
