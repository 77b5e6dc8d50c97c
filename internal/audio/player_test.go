package audio_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/audio"
	"github.com/kiroku-app/kiroku/internal/pcm"
)

func waitState(t *testing.T, p *audio.Player, want audio.PlayerState, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for p.State() != want {
		if time.Now().After(deadline) {
			t.Fatalf("state %v after %v, want %v (position %v)", p.State(), within, want, p.Position())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestPlayerNull(t *testing.T) {
	f := pcm.Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}
	pcm := sine(int(f.Frames(800*time.Millisecond)), 0.5, 440, f.SampleRate)
	p, err := audio.NewPlayer(bytes.NewReader(pcm), int64(len(pcm)), audio.PlayerConfig{Backend: audio.Null, Format: f})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop()
	if p.State() != audio.Paused || p.Position() != 0 || p.Duration() != 800*time.Millisecond {
		t.Fatalf("new player: %v at %v of %v", p.State(), p.Position(), p.Duration())
	}

	if err := p.Play(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if err := p.Pause(); err != nil {
		t.Fatal(err)
	}
	pos := p.Position()
	if pos < 150*time.Millisecond || pos > 500*time.Millisecond {
		t.Errorf("after 300 ms of play: position %v", pos)
	}
	time.Sleep(200 * time.Millisecond)
	if p.Position() != pos || p.State() != audio.Paused {
		t.Errorf("paused player moved: %v -> %v", pos, p.Position())
	}

	if err := p.Seek(600 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if got := p.Position(); got != 600*time.Millisecond {
		t.Errorf("after Seek(600ms): %v", got)
	}
	if err := p.Play(); err != nil {
		t.Fatal(err)
	}
	waitState(t, p, audio.Ended, 2*time.Second)
	if p.Position() != p.Duration() {
		t.Errorf("ended at %v of %v", p.Position(), p.Duration())
	}

	// Seeking while playing keeps playing; past the end clamps.
	if err := p.Play(); err != nil { // from the start again
		t.Fatal(err)
	}
	if p.State() != audio.Playing || p.Position() > 200*time.Millisecond {
		t.Errorf("replay: %v at %v", p.State(), p.Position())
	}
	if err := p.Seek(400 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if p.State() != audio.Playing {
		t.Errorf("Seek stopped playback: %v", p.State())
	}
	if err := p.Seek(time.Hour); err != nil {
		t.Fatal(err)
	}
	waitState(t, p, audio.Ended, time.Second)
	if err := p.Err(); err != nil {
		t.Errorf("Err: %v", err)
	}

	if err := p.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := p.Stop(); err != nil {
		t.Fatal(err)
	}
	if p.State() != audio.Closed {
		t.Errorf("state after Stop: %v", p.State())
	}
	if err := p.Play(); !errors.Is(err, audio.ErrClosed) {
		t.Errorf("Play after Stop: %v", err)
	}
}

// shortReader claims more than it has, as a truncated file would.
type shortReader struct{ *bytes.Reader }

func TestPlayerShortSource(t *testing.T) {
	f := pcm.Format{SampleRate: 8000, Channels: 1, BitsPerSample: 16}
	pcm := sine(800, 0.5, 440, f.SampleRate) // 100 ms
	p, err := audio.NewPlayer(shortReader{bytes.NewReader(pcm)}, 10*int64(len(pcm)), audio.PlayerConfig{Backend: audio.Null, Format: f})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop()
	if err := p.Play(); err != nil {
		t.Fatal(err)
	}
	waitState(t, p, audio.Ended, 2*time.Second)
	if p.Duration() != 100*time.Millisecond || p.Err() != nil {
		t.Errorf("duration %v, err %v", p.Duration(), p.Err())
	}
}

func TestPlayerRejects(t *testing.T) {
	if _, err := audio.NewPlayer(bytes.NewReader(nil), 0, audio.PlayerConfig{Backend: audio.Null, Format: pcm.Format{SampleRate: 8000, Channels: 1, BitsPerSample: 12}}); !errors.Is(err, audio.ErrUnsupportedFormat) {
		t.Errorf("12-bit: %v", err)
	}
	if _, err := audio.NewPlayer(bytes.NewReader(nil), 0, audio.PlayerConfig{Backend: audio.Null, DeviceID: "ff"}); !errors.Is(err, audio.ErrDeviceNotFound) {
		t.Errorf("unknown device: %v", err)
	}
}

// At half speed the position moves half as fast; changing the speed keeps
// the position and the length.
func TestPlayerSpeed(t *testing.T) {
	f := pcm.Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}
	pcm := sine(int(f.Frames(2*time.Second)), 0.5, 440, f.SampleRate)
	p, err := audio.NewPlayer(bytes.NewReader(pcm), int64(len(pcm)), audio.PlayerConfig{Backend: audio.Null, Format: f})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop()
	if err := p.Seek(500 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := p.SetSpeed(10); err != nil { // clamped to MinSpeed
		t.Fatal(err)
	}
	if p.Speed() != audio.MinSpeed || p.Position() != 500*time.Millisecond || p.Duration() != 2*time.Second {
		t.Fatalf("speed %d, position %v, duration %v", p.Speed(), p.Position(), p.Duration())
	}
	if err := p.Play(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(400 * time.Millisecond)
	if err := p.Pause(); err != nil {
		t.Fatal(err)
	}
	moved := p.Position() - 500*time.Millisecond
	if moved < 100*time.Millisecond || moved > 320*time.Millisecond {
		t.Errorf("400 ms at half speed moved the position %v", moved)
	}
	pos := p.Position()
	if err := p.SetSpeed(100); err != nil {
		t.Fatal(err)
	}
	if p.Position() != pos {
		t.Errorf("SetSpeed moved the position: %v -> %v", pos, p.Position())
	}
}
