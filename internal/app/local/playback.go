package local

import (
	"errors"
	"fmt"
	"time"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/audio"
	"github.com/kiroku-app/kiroku/internal/pcm"
)

// OpenPlayback implements app.Store: the vault's PCMReader (one sealed
// chunk open at a time) feeds audio.Player, which reads ahead on its own
// goroutine, never on the audio thread.
func (s *Store) OpenPlayback(recordingID int64) (app.Playback, error) {
	src, err := s.Vault.OpenPCM(recordingID)
	if err != nil {
		return nil, err
	}
	f := src.Format
	format := pcm.Format{SampleRate: f.SampleRate, Channels: f.Channels, BitsPerSample: f.Bits}
	p, err := audio.NewPlayer(src, src.Size(), audio.PlayerConfig{Backend: s.backend, Format: format})
	if err != nil {
		return nil, outputError(err)
	}
	pb := &playback{p: p, format: format}
	pb.peaks = func(n int) ([]float32, error) {
		// A reader of its own, so that drawing the waveform never
		// disturbs the player's read-ahead.
		src, err := s.Vault.OpenPCM(recordingID)
		if err != nil {
			return nil, err
		}
		return pcm.Peaks(src, src.Size(), format.BitsPerSample, format.Channels, n)
	}
	return pb, nil
}

// outputError is audioError for the playback device: a missing device is
// a missing speaker, not a missing microphone.
func outputError(err error) error {
	if errors.Is(err, audio.ErrNoDevice) || errors.Is(err, audio.ErrDeviceNotFound) {
		return fmt.Errorf("%w (%w)", app.ErrNoAudioOutput, err)
	}
	return audioError(err)
}

type playback struct {
	p      *audio.Player
	format pcm.Format
	peaks  func(n int) ([]float32, error)
}

var (
	_ app.Playback     = (*playback)(nil)
	_ app.SpeedControl = (*playback)(nil)
)

func (b *playback) SetSpeed(percent int) error { return outputError(b.p.SetSpeed(percent)) }
func (b *playback) Speed() int                 { return b.p.Speed() }

func (b *playback) Duration() time.Duration      { return b.p.Duration() }
func (b *playback) Position() time.Duration      { return b.p.Position() }
func (b *playback) Playing() bool                { return b.p.State() == audio.Playing }
func (b *playback) Play() error                  { return outputError(b.p.Play()) }
func (b *playback) Pause() error                 { return outputError(b.p.Pause()) }
func (b *playback) Seek(pos time.Duration) error { return outputError(b.p.Seek(pos)) }
func (b *playback) Close() error                 { return b.p.Stop() }

func (b *playback) Err() error {
	if err := b.p.Err(); err != nil {
		return outputError(err)
	}
	return nil
}

// Peaks implements app.Playback.
func (b *playback) Peaks(n int) ([]float32, error) { return b.peaks(n) }
