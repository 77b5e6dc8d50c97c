package desktop

import (
	"encoding/json"
	"fmt"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ui"
)

// SettingDraft is the vault setting that holds the entry form's unsaved
// contents while the app is locked: sealed with the meta subkey like every
// setting, outside the ledger, never exported.
const SettingDraft = "ui.draft"

// draftVersion is the version of the draft's JSON; a newer one is refused.
const draftVersion = 1

// draftJSON is what the setting holds: ui.Draft with a version.
type draftJSON struct {
	V int `json:"v"`
	ui.Draft
}

// SaveDraft implements ui.Store.
func (s *Store) SaveDraft(d ui.Draft) error {
	b, err := json.Marshal(draftJSON{V: draftVersion, Draft: d})
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	if err := s.Vault.SetSetting(SettingDraft, string(b)); err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	return nil
}

// Draft implements ui.Store.
func (s *Store) Draft() (ui.Draft, bool, error) {
	v, ok, err := s.Vault.Setting(SettingDraft)
	if err != nil || !ok {
		return ui.Draft{}, false, err
	}
	return parseDraft(v)
}

func parseDraft(v string) (ui.Draft, bool, error) {
	var d draftJSON
	if err := json.Unmarshal([]byte(v), &d); err != nil {
		return ui.Draft{}, false, fmt.Errorf("draft: %v: %w", err, apperr.ErrDamaged)
	}
	if d.V != draftVersion {
		return ui.Draft{}, false, fmt.Errorf("draft version %d: %w", d.V, apperr.ErrUnsupportedVersion)
	}
	return d.Draft, true, nil
}

// ClearDraft implements ui.Store.
func (s *Store) ClearDraft() error {
	if err := s.Vault.SetSetting(SettingDraft, ""); err != nil {
		return fmt.Errorf("clear draft: %w", err)
	}
	return nil
}

// A backup looked at read-only offers no draft: it could not be saved
// there.

func (s *readOnlyStore) SaveDraft(ui.Draft) error       { return refuse("save draft") }
func (s *readOnlyStore) Draft() (ui.Draft, bool, error) { return ui.Draft{}, false, nil }
func (s *readOnlyStore) ClearDraft() error              { return refuse("clear draft") }
