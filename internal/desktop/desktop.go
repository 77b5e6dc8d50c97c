// Package desktop adapts the encrypted vault to the interfaces the UI
// screens use (ui.Vaults and ui.Store), so that package ui never touches
// the vault or SQLite itself.
package desktop

import (
	"os"

	"github.com/kiroku-app/kiroku/internal/audio"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/ui"
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
}

func (d Vaults) store(v *vault.Vault) *Store {
	b := d.Backend
	if b == audio.Default {
		b = backendFromEnv()
	}
	s := &Store{Vault: v, kdf: d.KDF, backend: b}
	s.ts.open(v) // trusted timestamps, if a TSA is set in the vault
	return s
}

var _ ui.Vaults = Vaults{}

// DefaultPath implements ui.Vaults.
func (Vaults) DefaultPath() string { return vault.DefaultPath() }

// Exists implements ui.Vaults.
func (Vaults) Exists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}

// Create implements ui.Vaults.
func (d Vaults) Create(path string, passphrase []byte) (ui.Store, string, error) {
	v, rec, err := vault.Create(path, passphrase, vault.Options{KDF: d.KDF})
	if err != nil {
		return nil, "", err
	}
	return d.store(v), rec, nil
}

// Open implements ui.Vaults.
func (d Vaults) Open(path string, passphrase []byte) (ui.Store, error) {
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

// Recover implements ui.Vaults.
func (d Vaults) Recover(path, recoveryKey string, newPassphrase []byte) (ui.Store, error) {
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

// Store is an unlocked vault as the UI sees it.
type Store struct {
	*vault.Vault
	kdf     seal.Params
	backend audio.Backend
	jobs    jobs       // exports in progress, cancelled by Close
	ts      timestamps // the TSA Anchorer while a URL is set
}

var _ ui.Store = (*Store)(nil)

var _ ui.MetaStore = (*Store)(nil) // settings, tokens, backup log changed outside Kiroku

// ChangePassphrase implements ui.Store: a re-key, so that a key slot kept
// from an old copy of the file opens nothing written from now on.
func (s *Store) ChangePassphrase(old, new []byte) (string, error) {
	return s.Vault.RekeyPassphrase(old, new, s.kdf)
}

// NewRecoveryKey implements ui.Store.
func (s *Store) NewRecoveryKey(passphrase []byte) (string, error) {
	return s.Vault.RekeyPassphrase(passphrase, passphrase, s.kdf)
}

// Add implements ui.Store; like every write, it wakes the timestamps.
func (s *Store) Add(f record.Fields) (record.Entry, error) {
	e, err := s.Vault.Add(f)
	if err == nil {
		s.notifyWrite()
	}
	return e, err
}

// Edit implements ui.Store.
func (s *Store) Edit(id int64, f record.Fields, reason string) (record.Entry, error) {
	e, err := s.Vault.Edit(id, f, reason)
	if err == nil {
		s.notifyWrite()
	}
	return e, err
}

// Delete implements ui.Store.
func (s *Store) Delete(id int64, reason string) error {
	err := s.Vault.Delete(id, reason)
	if err == nil {
		s.notifyWrite()
	}
	return err
}

// Close implements ui.Store: exports in progress are cancelled (they leave
// nothing behind) and the timestamp Anchorer stops before the vault closes.
func (s *Store) Close() error {
	s.jobs.stop()
	s.ts.close()
	return s.Vault.Close()
}
