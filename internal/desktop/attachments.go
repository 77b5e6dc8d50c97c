package desktop

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/kiroku-app/kiroku/internal/ui"
	"github.com/kiroku-app/kiroku/internal/vault"
)

func attachmentInfo(a vault.Attachment) ui.AttachmentInfo {
	return ui.AttachmentInfo{ID: a.ID, Name: a.Name, Size: a.Size, SHA256: a.SHA256,
		MediaType: a.MediaType, ImportedAt: a.ImportedAt, EntryID: a.EntryID}
}

// Import implements ui.Store.
func (s *Store) Import(path string, entryID int64) (ui.AttachmentInfo, error) {
	// The vault reports a missing file as a missing record; the UI says
	// "file not found" for fs.ErrNotExist.
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return ui.AttachmentInfo{}, fmt.Errorf("import: %w", err)
	}
	a, err := s.Vault.Import(path, entryID)
	if err != nil {
		return ui.AttachmentInfo{}, err
	}
	return attachmentInfo(a), nil
}

// Attachments implements ui.Store.
func (s *Store) Attachments(entryID int64) ([]ui.AttachmentInfo, error) {
	all, err := s.Vault.Attachments()
	var out []ui.AttachmentInfo
	for _, a := range all {
		if a.EntryID == entryID {
			out = append(out, attachmentInfo(a))
		}
	}
	return out, err
}

// limitWriter keeps at most max bytes and fails beyond.
type limitWriter struct {
	buf bytes.Buffer
	max int64
}

func (w *limitWriter) Write(p []byte) (int, error) {
	if int64(w.buf.Len())+int64(len(p)) > w.max {
		return 0, ui.ErrTooLarge
	}
	return w.buf.Write(p)
}

// AttachmentBytes implements ui.Store. The size on record is checked
// first; the bounded buffer guards against a record that lies.
func (s *Store) AttachmentBytes(id int64, max int64) ([]byte, error) {
	a, err := s.Vault.Attachment(id)
	if err != nil {
		return nil, err
	}
	if a.Size > max {
		return nil, fmt.Errorf("attachment %d: %d bytes: %w", id, a.Size, ui.ErrTooLarge)
	}
	w := &limitWriter{max: max}
	w.buf.Grow(int(a.Size))
	if _, err := s.Vault.ExportAttachment(id, w); err != nil {
		clear(w.buf.Bytes())
		return nil, err
	}
	return w.buf.Bytes(), nil
}
