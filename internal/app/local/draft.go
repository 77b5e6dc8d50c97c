package local

import (
	"encoding/json"
	"fmt"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/settings"
)

// The draft is the vault setting settings.KeyDraft: the entry form's
// unsaved contents while the app is locked, sealed with the meta subkey
// like every setting, outside the ledger, never exported.

// draftVersion is the version of the draft's JSON; a newer one is refused.
const draftVersion = 1

// draftJSON is what the setting holds: app.Draft with a version.
type draftJSON struct {
	V int `json:"v"`
	app.Draft
}

// SaveDraft implements app.Store.
func (s *Store) SaveDraft(d app.Draft) error {
	b, err := json.Marshal(draftJSON{V: draftVersion, Draft: d})
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	if err := s.Vault.SetSetting(settings.KeyDraft, string(b)); err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	return nil
}

// Draft implements app.Store.
func (s *Store) Draft() (app.Draft, bool, error) {
	v, ok, err := s.Vault.Setting(settings.KeyDraft)
	if err != nil || !ok {
		return app.Draft{}, false, err
	}
	return parseDraft(v)
}

func parseDraft(v string) (app.Draft, bool, error) {
	var d draftJSON
	if err := json.Unmarshal([]byte(v), &d); err != nil {
		return app.Draft{}, false, fmt.Errorf("draft: %v: %w", err, apperr.ErrDamaged)
	}
	if d.V != draftVersion {
		return app.Draft{}, false, fmt.Errorf("draft version %d: %w", d.V, apperr.ErrUnsupportedVersion)
	}
	return d.Draft, true, nil
}

// ClearDraft implements app.Store.
func (s *Store) ClearDraft() error {
	if err := s.Vault.SetSetting(settings.KeyDraft, ""); err != nil {
		return fmt.Errorf("clear draft: %w", err)
	}
	return nil
}

// A backup looked at read-only offers no draft: it could not be saved
// there.

func (s *readOnlyStore) SaveDraft(app.Draft) error       { return refuse("save draft") }
func (s *readOnlyStore) Draft() (app.Draft, bool, error) { return app.Draft{}, false, nil }
func (s *readOnlyStore) ClearDraft() error               { return refuse("clear draft") }

type translationDraftJSON struct {
	V int `json:"v"`
	app.TranslationDraft
}

// SaveTranslationDraft implements app.TranslationStore.
func (s *Store) SaveTranslationDraft(d app.TranslationDraft) error {
	b, err := json.Marshal(translationDraftJSON{V: draftVersion, TranslationDraft: d})
	if err != nil {
		return fmt.Errorf("save translation draft: %w", err)
	}
	if err := s.Vault.SetSetting(settings.KeyTranslationDraft, string(b)); err != nil {
		return fmt.Errorf("save translation draft: %w", err)
	}
	return nil
}

// TranslationDraft implements app.TranslationStore.
func (s *Store) TranslationDraft() (app.TranslationDraft, bool, error) {
	v, ok, err := s.Vault.Setting(settings.KeyTranslationDraft)
	if err != nil || !ok || v == "" {
		return app.TranslationDraft{}, false, err
	}
	var d translationDraftJSON
	if err := json.Unmarshal([]byte(v), &d); err != nil {
		return app.TranslationDraft{}, false, fmt.Errorf("translation draft: %v: %w", err, apperr.ErrDamaged)
	}
	if d.V != draftVersion {
		return app.TranslationDraft{}, false, fmt.Errorf("translation draft version %d: %w", d.V, apperr.ErrUnsupportedVersion)
	}
	return d.TranslationDraft, true, nil
}

// ClearTranslationDraft implements app.TranslationStore.
func (s *Store) ClearTranslationDraft() error {
	if err := s.Vault.SetSetting(settings.KeyTranslationDraft, ""); err != nil {
		return fmt.Errorf("clear translation draft: %w", err)
	}
	return nil
}
