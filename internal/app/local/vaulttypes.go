package local

import "github.com/kiroku-app/kiroku/internal/vault"

// The vault's own types that a front end names: kirokuctl prints them as
// they are (its --json output is these types, field for field), so it
// takes them from here, never from package vault.
type (
	// DamageError lists the records a listing left out because they do
	// not open; the listing returns the others beside it.
	DamageError = vault.DamageError
	// Report is what Check found; Problem is one thing wrong.
	Report  = vault.Report
	Problem = vault.Problem
	// SeenCheck compares the vault with a seen token (CompareSeen).
	SeenCheck = vault.SeenCheck
	// Marker is a marker of a recording with every label given to it.
	Marker = vault.Marker
	// BackupLog is one backup the vault remembers.
	BackupLog = vault.BackupLog
	// Anchor is a trusted timestamp kept in the vault.
	Anchor = vault.Anchor
	// Attachment is an imported file; Recording is a recording.
	Attachment = vault.Attachment
	Recording  = vault.Recording
)

// SeenDiverged is the SeenCheck.Status of a vault with a different history
// at the token's record (an older copy written to since); the other
// rolled-back status is a vault behind the token.
const SeenDiverged = vault.SeenDiverged

// AllAttachments lists every file imported into the vault, oldest first.
// With damaged records it returns the others and a *DamageError
// (kirokuctl attachments).
func (s *Store) AllAttachments() ([]Attachment, error) { return s.Vault.Attachments() }

// AllRecordings lists every recording of the vault, oldest first. With
// damaged records it returns the others and a *DamageError (kirokuctl
// recordings).
func (s *Store) AllRecordings() ([]Recording, error) { return s.Vault.Recordings() }
