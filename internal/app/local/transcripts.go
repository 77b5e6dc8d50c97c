package local

import (
	"encoding/json"
	"fmt"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/settings"
)

var _ app.TranscriptStore = (*Store)(nil) // transcripts of audio (反訳)

// AudioTranscripts implements app.TranscriptStore.
func (s *Store) AudioTranscripts(ref string) ([]record.TranscriptRevision, error) {
	if ref != "" {
		if _, _, err := record.ParseAudioRef(ref); err != nil {
			return nil, fmt.Errorf("transcripts: %w", apperr.ErrInvalidInput)
		}
	}
	all, err := s.Vault.Transcripts()
	if err != nil {
		return nil, fmt.Errorf("transcripts: %w", err)
	}
	var out []record.TranscriptRevision
	for _, t := range all {
		if ref == "" || t.Audio.Ref == ref {
			out = append(out, t)
		}
	}
	return out, nil
}

// SaveTranscript implements app.TranscriptStore; like every write, it
// wakes the timestamps.
func (s *Store) SaveTranscript(t record.TranscriptRevision) (record.TranscriptRevision, error) {
	t, err := s.Vault.SaveTranscript(t)
	if err == nil {
		s.notifyWrite()
	}
	return t, err
}

type transcriptDraftJSON struct {
	V int `json:"v"`
	app.TranscriptDraft
}

// SaveTranscriptDraft implements app.TranscriptStore: the draft is the
// vault setting settings.KeyTranscriptDraft, sealed like every setting,
// outside the ledger, never exported.
func (s *Store) SaveTranscriptDraft(d app.TranscriptDraft) error {
	b, err := json.Marshal(transcriptDraftJSON{V: draftVersion, TranscriptDraft: d})
	if err != nil {
		return fmt.Errorf("save transcript draft: %w", err)
	}
	if err := s.Vault.SetSetting(settings.KeyTranscriptDraft, string(b)); err != nil {
		return fmt.Errorf("save transcript draft: %w", err)
	}
	return nil
}

// TranscriptDraft implements app.TranscriptStore.
func (s *Store) TranscriptDraft() (app.TranscriptDraft, bool, error) {
	v, ok, err := s.Vault.Setting(settings.KeyTranscriptDraft)
	if err != nil || !ok || v == "" {
		return app.TranscriptDraft{}, false, err
	}
	var d transcriptDraftJSON
	if err := json.Unmarshal([]byte(v), &d); err != nil {
		return app.TranscriptDraft{}, false, fmt.Errorf("transcript draft: %v: %w", err, apperr.ErrDamaged)
	}
	if d.V != draftVersion {
		return app.TranscriptDraft{}, false, fmt.Errorf("transcript draft version %d: %w", d.V, apperr.ErrUnsupportedVersion)
	}
	return d.TranscriptDraft, true, nil
}

// ClearTranscriptDraft implements app.TranscriptStore.
func (s *Store) ClearTranscriptDraft() error {
	if err := s.Vault.SetSetting(settings.KeyTranscriptDraft, ""); err != nil {
		return fmt.Errorf("clear transcript draft: %w", err)
	}
	return nil
}

// A backup looked at read-only saves no transcript and offers no draft.

func (s *readOnlyStore) SaveTranscript(record.TranscriptRevision) (record.TranscriptRevision, error) {
	return record.TranscriptRevision{}, refuse("save transcript")
}
func (s *readOnlyStore) SaveTranscriptDraft(app.TranscriptDraft) error {
	return refuse("save transcript draft")
}
func (s *readOnlyStore) TranscriptDraft() (app.TranscriptDraft, bool, error) {
	return app.TranscriptDraft{}, false, nil
}
func (s *readOnlyStore) ClearTranscriptDraft() error { return refuse("clear transcript draft") }
