package record

import (
	"fmt"
	"time"
)

// Attachment describes a file imported into the vault as it was: its bytes
// are stored in sealed chunks, and this record (sealed too) is what the
// ledger commits to. SHA256 covers the file's bytes exactly, so the record
// hash in the ledger commits to the content.
type Attachment struct {
	Version      int       `json:"v"`
	Salt         string    `json:"n"`
	AttachmentID int64     `json:"attachment"`
	Name         string    `json:"name"` // base name of the original file
	Size         int64     `json:"size"` // bytes
	ModTime      time.Time `json:"mod_time"`
	SHA256       string    `json:"sha256"`     // 64 lower-case hex digits
	MediaType    string    `json:"media_type"` // e.g. "audio/mp4", "application/pdf"
	ImportedAt   time.Time `json:"imported_at"`
	EntryID      int64     `json:"entry"`  // 0: not attached to an entry
	Chunks       int64     `json:"chunks"` // data chunks, not counting the empty final chunk
}

// Canonical returns the canonical encoding of a.
func (a Attachment) Canonical() ([]byte, error) {
	if err := checkHeader(a.Version, a.Salt); err != nil {
		return nil, err
	}
	if a.AttachmentID <= 0 || a.Size < 0 || a.Chunks < 0 || a.EntryID < 0 {
		return nil, fmt.Errorf("%w: attachment record out of range", errInvalid)
	}
	if err := ValidText("file name", a.Name); err != nil {
		return nil, err
	}
	if a.Name == "" {
		return nil, fmt.Errorf("%w: attachment name must be non-empty UTF-8", errInvalid)
	}
	if !isLowerHex(a.SHA256, 64) {
		return nil, fmt.Errorf("%w: attachment sha256 must be 64 lower-case hex digits", errInvalid)
	}
	a.ModTime = a.ModTime.Round(0)
	a.ImportedAt = a.ImportedAt.Round(0)
	return canonical(a)
}

// ParseAttachment decodes canonical bytes.
func ParseAttachment(b []byte) (Attachment, error) {
	var a Attachment
	if err := parseCanonical(b, &a, func() ([]byte, error) { return a.Canonical() }); err != nil {
		return Attachment{}, err
	}
	return a, nil
}

func isLowerHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
