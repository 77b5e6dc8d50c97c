package ui

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
)

// fakeAttachment is an imported file as the fake vault keeps it.
type fakeAttachment struct {
	info app.AttachmentInfo
	data []byte
}

func (s *fakeStore) Import(ctx context.Context, path string, entryID int64, progress func(done, total int64)) (app.AttachmentInfo, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return app.AttachmentInfo{}, fmt.Errorf("import: %w", err)
	}
	if progress != nil {
		progress(int64(len(data))/2, int64(len(data)))
	}
	s.mu.Lock()
	gate := s.importGate
	s.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return app.AttachmentInfo{}, fmt.Errorf("import: %w", ctx.Err())
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return app.AttachmentInfo{}, apperr.ErrLocked
	}
	if _, ok := s.revs[entryID]; !ok {
		return app.AttachmentInfo{}, apperr.ErrNotFound
	}
	sum := sha256.Sum256(data)
	info := app.AttachmentInfo{ID: int64(len(s.atts) + 1), Name: filepath.Base(path), Size: int64(len(data)),
		SHA256: hex.EncodeToString(sum[:]), MediaType: http.DetectContentType(data), ImportedAt: s.now(), EntryID: entryID}
	s.atts = append(s.atts, fakeAttachment{info: info, data: data})
	return info, nil
}

func (s *fakeStore) Attachments(entryID int64) ([]app.AttachmentInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, apperr.ErrLocked
	}
	var out []app.AttachmentInfo
	for _, a := range s.atts {
		if a.info.EntryID == entryID {
			out = append(out, a.info)
		}
	}
	return out, nil
}

func (s *fakeStore) AttachmentBytes(id int64, max int64) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, apperr.ErrLocked
	}
	for _, a := range s.atts {
		if a.info.ID == id {
			if a.info.Size > max {
				return nil, app.ErrTooLarge
			}
			return append([]byte(nil), a.data...), nil
		}
	}
	return nil, apperr.ErrNotFound
}

func (s *fakeStore) Stats() (map[int64]app.EntryStats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, apperr.ErrLocked
	}
	out := map[int64]app.EntryStats{}
	for _, r := range s.recs {
		st := out[r.entryID]
		st.Recordings++
		out[r.entryID] = st
	}
	for _, a := range s.atts {
		st := out[a.info.EntryID]
		st.Attachments++
		out[a.info.EntryID] = st
	}
	return out, nil
}
