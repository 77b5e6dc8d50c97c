package local

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/audio"
	"github.com/kiroku-app/kiroku/internal/pcm"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/settings"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// EnvAudioBackend names the environment variable that picks the audio
// system when Vaults.Backend is left at Default.
const EnvAudioBackend = "KIROKU_AUDIO_BACKEND"

func backendFromEnv() audio.Backend {
	b, err := ParseBackend(os.Getenv(EnvAudioBackend))
	if err != nil {
		return audio.Default
	}
	return b
}

// audioBackend is the audio system this Vaults' stores use.
func (d Vaults) audioBackend() audio.Backend {
	if d.Backend == audio.Default {
		return backendFromEnv()
	}
	return d.Backend
}

// audioError wraps an error of package audio in the sentinel the UI shows
// a sentence for, keeping the original for logs.
func audioError(err error) error {
	for _, m := range []struct{ from, to error }{
		{audio.ErrNoDevice, app.ErrNoMicrophone},
		{audio.ErrDeviceNotFound, app.ErrNoMicrophone},
		{audio.ErrDeviceLost, app.ErrMicrophoneLost},
		{audio.ErrPermissionDenied, app.ErrMicrophoneDenied},
		{audio.ErrNoBackend, app.ErrNoAudioSystem},
	} {
		if errors.Is(err, m.from) {
			return fmt.Errorf("%w (%w)", m.to, err)
		}
	}
	return err
}

// StartRecording implements app.Store: Record with the defaults.
func (s *Store) StartRecording(entryID int64, newEntry record.Fields) (app.RecordingSession, error) {
	o := app.RecordOptions{EntryID: entryID}
	if entryID == 0 {
		o.NewEntry = &newEntry
	}
	return s.Record(o)
}

var _ app.Recorder = (*Store)(nil)

// Record implements app.Recorder. The device is opened before the vault
// record is made, so a missing microphone leaves no empty recording (and
// no empty entry) behind; the recorder's queue holds the audio of that
// moment. Chunks are half a second: with the device period and the commit
// on top, a crash still loses well under one second.
func (s *Store) Record(o app.RecordOptions) (app.RecordingSession, error) {
	cfg := audio.Config{Backend: s.backend, ChunkDuration: vault.SafeChunkDuration}
	if o.SampleRate != 0 {
		cfg.Format = pcm.Format{SampleRate: o.SampleRate, Channels: 1, BitsPerSample: 16}
	}
	devName := "default"
	if o.Device != "" {
		d, err := findMicrophone(s.backend, o.Device)
		if err != nil {
			return nil, err
		}
		cfg.DeviceID, devName = d.ID, d.Name
	}
	rec, err := audio.NewRecorder(cfg)
	if err != nil {
		return nil, audioError(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := rec.Start(ctx); err != nil {
		cancel()
		return nil, audioError(err)
	}
	abort := func(err error) (app.RecordingSession, error) {
		cancel()
		rec.Stop()
		for range rec.Chunks() {
		}
		return nil, err
	}
	entryID := o.EntryID
	if entryID == 0 && o.NewEntry != nil {
		e, err := s.Add(*o.NewEntry)
		if err != nil {
			return abort(err)
		}
		entryID = e.ID
	}
	f := rec.Format()
	format := record.AudioFormat{Codec: recordCodec(s.Vault, o.Codec, f), SampleRate: f.SampleRate, Channels: f.Channels, Bits: f.BitsPerSample}
	w, err := s.Vault.StartRecording(format, devName, entryID, o.Label)
	if err != nil {
		return abort(err)
	}
	sess := &session{rec: rec, w: w, entryID: entryID, format: format, cancel: cancel, done: make(chan struct{}), written: s.notifyWrite}
	go sess.consume()
	return sess, nil
}

// Microphones lists the capture devices of the audio system.
func (d Vaults) Microphones() ([]app.AudioDevice, error) {
	devs, err := audio.Devices(d.audioBackend())
	if err != nil {
		return nil, audioError(err)
	}
	out := make([]app.AudioDevice, 0, len(devs))
	for _, dv := range devs {
		out = append(out, app.AudioDevice{ID: dv.ID, Name: dv.Name, Default: dv.Default})
	}
	return out, nil
}

// findMicrophone finds a device by ID or name, else by a part of a name.
func findMicrophone(b audio.Backend, name string) (audio.Device, error) {
	devs, err := audio.Devices(b)
	if err != nil {
		return audio.Device{}, audioError(err)
	}
	for _, d := range devs {
		if d.Name == name || d.ID == name {
			return d, nil
		}
	}
	for _, d := range devs {
		if strings.Contains(strings.ToLower(d.Name), strings.ToLower(name)) {
			return d, nil
		}
	}
	return audio.Device{}, fmt.Errorf("%q: %w", name, app.ErrMicrophoneNotFound)
}

// ParseBackend reads an audio system's name as kirokuctl's --backend and
// KIROKU_AUDIO_BACKEND give it: "default" (or ""), "pulse", "null".
func ParseBackend(name string) (audio.Backend, error) {
	switch strings.ToLower(name) {
	case "", "default":
		return audio.Default, nil
	case "pulse", "pulseaudio":
		return audio.Pulse, nil
	case "null":
		return audio.Null, nil
	}
	return audio.Default, fmt.Errorf("%w: audio system %q", apperr.ErrInvalidInput, name)
}

// recordCodec is the codec a new recording is stored in: the one asked
// for, else the vault's setting; Opus only at 48 kHz mono or stereo.
func recordCodec(v settings.Store, asked string, f pcm.Format) string {
	c := asked
	if c == "" {
		c = settings.RecordingCodec(v)
	}
	if c == record.CodecOpus && (f.SampleRate != 48000 || f.Channels > 2) {
		c = record.CodecPCM
	}
	return c
}

var _ app.RecordingCodecs = (*Store)(nil)

// RecordingCodec implements app.RecordingCodecs.
func (s *Store) RecordingCodec() (string, error) { return settings.RecordingCodec(s.Vault), nil }

// SetRecordingCodec implements app.RecordingCodecs.
func (s *Store) SetRecordingCodec(codec string) error {
	return settings.SetRecordingCodec(s.Vault, codec)
}

// session is one recording: the recorder's chunks go into the vault on
// the consumer goroutine, one committed transaction per chunk, as
// kirokuctl record does.
type session struct {
	rec     *audio.MalgoRecorder
	entryID int64
	format  record.AudioFormat
	cancel  context.CancelFunc

	wmu      sync.Mutex // guards w and finished: the writer is not safe for concurrent use
	w        *vault.RecordingWriter
	finished bool

	written func() // after the recording is finished in the vault (timestamps)

	done   chan struct{} // closed once the recording is finished in the vault
	result app.RecordingResult
	err    error
	stop   sync.Once
}

var _ app.RecordingSession = (*session)(nil)

func (s *session) consume() {
	defer close(s.done)
	var writeErr error
	for c := range s.rec.Chunks() {
		if writeErr != nil {
			continue // keep draining so the recorder can finish
		}
		s.wmu.Lock()
		if c.Dropped > 0 {
			writeErr = s.w.WriteGap(c.Dropped, c.Start)
		}
		if writeErr == nil && len(c.PCM) > 0 {
			writeErr = s.w.Write(c.PCM)
		}
		s.wmu.Unlock()
		if writeErr != nil {
			s.cancel() // stop capturing: the disk or the vault failed
		}
	}
	s.cancel()
	recErr := s.rec.Err()
	s.wmu.Lock()
	r, ferr := s.w.Finish()
	s.finished = true
	s.wmu.Unlock()
	if s.written != nil {
		s.written()
	}
	if ferr == nil {
		s.result = app.RecordingResult{ID: r.ID, Duration: r.Duration}
		if r.End != nil {
			s.result.SHA256 = r.End.FileSHA256()
		}
	}
	switch {
	case writeErr != nil:
		s.err = fmt.Errorf("recording %d stored until here: %w", s.w.ID(), writeErr)
	case ferr != nil:
		s.err = ferr
	case recErr != nil && !errors.Is(recErr, context.Canceled):
		s.err = audioError(recErr)
	}
}

func (s *session) ID() int64                  { return s.w.ID() }
func (s *session) EntryID() int64             { return s.entryID }
func (s *session) Level() (rms, peak float64) { return s.rec.Level() }
func (s *session) Elapsed() time.Duration     { return s.rec.Elapsed() }
func (s *session) Pause()                     { s.rec.Pause() }
func (s *session) Resume()                    { s.rec.Resume() }
func (s *session) Paused() bool               { return s.rec.Paused() }
func (s *session) Done() <-chan struct{}      { return s.done }

// Marker implements app.RecordingSession.
func (s *session) Marker(label string) (int64, error) {
	m := s.rec.Marker(label)
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.finished {
		return 0, errors.New("recording already finished")
	}
	return s.w.Marker(m.Position, label)
}

// Stop implements app.RecordingSession.
func (s *session) Stop() (app.RecordingResult, error) {
	s.stop.Do(func() { s.rec.Stop() })
	<-s.done
	return s.result, s.err
}

// Recordings implements app.Store.
func (s *Store) Recordings(entryID int64) ([]app.RecordingInfo, error) {
	all, err := s.Vault.Recordings()
	var out []app.RecordingInfo
	for _, r := range all {
		if r.Start.EntryID != entryID {
			continue
		}
		info := app.RecordingInfo{ID: r.ID, Started: r.Start.StartedAt, Duration: r.Duration,
			State: r.State, Markers: len(r.Markers)}
		ms, merr := s.Vault.Markers(r.ID)
		if merr != nil {
			// The markers as the recording lists them, without ids: they
			// show, but cannot be labelled.
			for _, m := range r.Markers {
				info.Marks = append(info.Marks, app.Mark{At: m.At, Wall: m.Wall, Label: m.Label, Placed: m.Label})
			}
			err = errors.Join(err, merr)
		}
		for _, m := range ms {
			info.Marks = append(info.Marks, Mark(m))
		}
		if r.End != nil {
			info.SHA256 = r.End.FileSHA256()
		}
		out = append(out, info)
	}
	return out, err
}

// LabelMarker implements app.Store.
func (s *Store) LabelMarker(recordingID, markerID int64, label string) (app.Mark, error) {
	m, err := s.RelabelMarker(recordingID, markerID, label)
	if err != nil {
		return app.Mark{}, err
	}
	return Mark(m), nil
}

// RelabelMarker is LabelMarker returning the vault's marker, with the ids
// of every label it was given (kirokuctl marker prints them).
func (s *Store) RelabelMarker(recordingID, markerID int64, label string) (Marker, error) {
	return s.Vault.LabelMarker(recordingID, markerID, label)
}

// Mark converts a vault marker with its label history for the ui.
func Mark(m vault.Marker) app.Mark {
	out := app.Mark{ID: m.ID, At: m.At, Wall: m.Wall, Label: m.Current(), Placed: m.Label}
	for _, l := range m.Labels {
		out.History = append(out.History, app.MarkLabel{Label: l.Label, RecordedAt: l.RecordedAt})
	}
	return out
}
