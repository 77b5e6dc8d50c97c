package local

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/vault"
)

func attachmentInfo(a vault.Attachment) app.AttachmentInfo {
	return app.AttachmentInfo{ID: a.ID, Name: a.Name, Size: a.Size, SHA256: a.SHA256,
		MediaType: a.MediaType, ImportedAt: a.ImportedAt, EntryID: a.EntryID}
}

// Import implements app.Store with vault.ImportFile, as `kirokuctl
// import` does: streamed, stopped at once when ctx is cancelled (the vault
// then keeps nothing of it), and refused if the file changed while it was
// read (the check runs before the record is committed).
func (s *Store) Import(ctx context.Context, path string, entryID int64, progress func(done, total int64)) (app.AttachmentInfo, error) {
	if _, err := os.Stat(path); err != nil {
		// fs.ErrNotExist: "file not found" in the user's language (the
		// vault's own ErrNotFound would say an entry is missing).
		return app.AttachmentInfo{}, fmt.Errorf("import: %w", err)
	}
	a, err := s.Vault.ImportFile(ctx, path, entryID, progress)
	if err != nil {
		return app.AttachmentInfo{}, err
	}
	s.notifyWrite()
	return attachmentInfo(a), nil
}

// Stats implements app.Store.
func (s *Store) Stats() (map[int64]app.EntryStats, error) {
	out := map[int64]app.EntryStats{}
	recs, err := s.Vault.Recordings()
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		st := out[r.Start.EntryID]
		st.Recordings++
		out[r.Start.EntryID] = st
	}
	atts, err := s.Vault.Attachments()
	if err != nil {
		return nil, err
	}
	for _, a := range atts {
		st := out[a.EntryID]
		st.Attachments++
		out[a.EntryID] = st
	}
	trs, err := s.Vault.Translations(0)
	var de *DamageError
	if err != nil && !errors.As(err, &de) {
		return nil, err
	}
	for _, t := range trs {
		st := out[t.EntryID]
		st.Translations++
		out[t.EntryID] = st
	}
	return out, nil
}

// Attachments implements app.Store.
func (s *Store) Attachments(entryID int64) ([]app.AttachmentInfo, error) {
	all, err := s.Vault.Attachments()
	var out []app.AttachmentInfo
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
		return 0, app.ErrTooLarge
	}
	return w.buf.Write(p)
}

// AttachmentBytes implements app.Store. The size on record is checked
// first; the bounded buffer guards against a record that lies.
func (s *Store) AttachmentBytes(id int64, max int64) ([]byte, error) {
	a, err := s.Vault.Attachment(id)
	if err != nil {
		return nil, err
	}
	if a.Size > max {
		return nil, fmt.Errorf("attachment %d: %d bytes: %w", id, a.Size, app.ErrTooLarge)
	}
	w := &limitWriter{max: max}
	w.buf.Grow(int(a.Size))
	if _, err := s.Vault.ExportAttachment(id, w); err != nil {
		clear(w.buf.Bytes())
		return nil, err
	}
	return w.buf.Bytes(), nil
}
