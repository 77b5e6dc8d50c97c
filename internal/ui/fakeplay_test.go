package ui

import (
	"strings"
	"sync"
	"time"

	"github.com/kiroku-app/kiroku/internal/app"
)

// fakePlayback is a player whose position moves only when the test says.
type fakePlayback struct {
	mu      sync.Mutex
	dur     time.Duration
	pos     time.Duration
	playing bool
	closed  bool
	seeks   []time.Duration
	peaks   func(n int) ([]float32, error)
}

var _ app.Playback = (*fakePlayback)(nil)

func (p *fakePlayback) Duration() time.Duration { return p.dur }

func (p *fakePlayback) Position() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pos
}

func (p *fakePlayback) Playing() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.playing
}

func (p *fakePlayback) Play() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.playing = true
	return nil
}

func (p *fakePlayback) Pause() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.playing = false
	return nil
}

func (p *fakePlayback) Seek(pos time.Duration) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pos = max(0, min(pos, p.dur))
	p.seeks = append(p.seeks, pos)
	return nil
}

// advance moves the position as playing would.
func (p *fakePlayback) advance(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pos = min(p.pos+d, p.dur)
}

func (p *fakePlayback) Peaks(n int) ([]float32, error) {
	if p.peaks != nil {
		return p.peaks(n)
	}
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(i%10) / 10
	}
	return out, nil
}

func (p *fakePlayback) Err() error { return nil }

func (p *fakePlayback) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	return nil
}

func (p *fakePlayback) isClosed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}

// OpenPlayback opens a fake player over the recording's duration; the
// store keeps it for the test to inspect.
func (s *fakeStore) OpenPlayback(id int64) (app.Playback, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.recs {
		if r.info.ID == id {
			p := &fakePlayback{dur: r.info.Duration}
			s.players = append(s.players, p)
			return p, nil
		}
	}
	return nil, errNotFoundFake
}

// OpenAttachmentPlayback opens a fake player of 42 s over an attachment
// whose media type is audio; other files are not audio.
func (s *fakeStore) OpenAttachmentPlayback(id int64) (app.Playback, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.atts {
		if a.info.ID == id {
			if !strings.HasPrefix(a.info.MediaType, "audio/") {
				return nil, app.ErrNotAudio
			}
			if a.info.MediaType == "audio/amr" {
				return nil, &app.CodecMissingError{Codec: "amr-nb"}
			}
			p := &fakePlayback{dur: 42 * time.Second}
			s.players = append(s.players, p)
			return p, nil
		}
	}
	return nil, errNotFoundFake
}
