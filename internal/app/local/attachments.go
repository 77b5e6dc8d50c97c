package local

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/vault"
)

func attachmentInfo(a vault.Attachment) app.AttachmentInfo {
	return app.AttachmentInfo{ID: a.ID, Name: a.Name, Size: a.Size, SHA256: a.SHA256,
		MediaType: a.MediaType, ImportedAt: a.ImportedAt, EntryID: a.EntryID}
}

// Import implements app.Store. The file is streamed through a reader that
// reports progress and stops at once when ctx is cancelled; the vault then
// abandons the import and keeps nothing of it. As vault.Import does, it
// refuses a file that changed while it was read: the check runs before the
// reader reports the end, so a changed file is never committed.
func (s *Store) Import(ctx context.Context, path string, entryID int64, progress func(done, total int64)) (app.AttachmentInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		// "file not found" for fs.ErrNotExist, in the user's language.
		return app.AttachmentInfo{}, fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return app.AttachmentInfo{}, fmt.Errorf("import: %w", err)
	}
	if !st.Mode().IsRegular() {
		return app.AttachmentInfo{}, fmt.Errorf("%w: %s is not a regular file", apperr.ErrInvalidInput, filepath.Base(path))
	}
	r := &importReader{ctx: ctx, f: f, st: st, progress: progress}
	a, err := s.Vault.ImportReader(r, filepath.Base(path), st.ModTime(), entryID)
	if err != nil {
		return app.AttachmentInfo{}, err
	}
	s.notifyWrite()
	return attachmentInfo(a), nil
}

// importReader reads the file being imported, for Import.
type importReader struct {
	ctx      context.Context
	f        *os.File
	st       fs.FileInfo
	n        int64
	progress func(done, total int64)
}

func (r *importReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := r.f.Read(p)
	r.n += int64(n)
	if r.progress != nil && n > 0 {
		r.progress(r.n, r.st.Size())
	}
	if err == io.EOF {
		now, serr := r.f.Stat()
		if serr != nil {
			return n, serr
		}
		if r.n != r.st.Size() || now.Size() != r.st.Size() || !now.ModTime().Equal(r.st.ModTime()) {
			return n, fmt.Errorf("%w: %s changed while it was imported; try again when nothing writes to it",
				apperr.ErrInvalidInput, r.st.Name())
		}
	}
	return n, err
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
