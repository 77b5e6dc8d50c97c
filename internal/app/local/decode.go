package local

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/audio"
	"github.com/kiroku-app/kiroku/internal/media"
	"github.com/kiroku-app/kiroku/internal/pcm"
)

// MaxDecodeSize bounds an imported audio file decoded at once: the
// original bytes are opened into memory (never to disk) for the decoder.
// A phone's voice memo of several hours is far below it.
const MaxDecodeSize = 1 << 30

// DecodeAttachmentWAV decodes imported audio file id and writes it to w
// as a 16-bit PCM WAV, for listening and for tools that need WAV. The
// original stays in the vault as imported; its bytes are opened into
// memory only, checked against their SHA-256 on the way (as for extract),
// and the decoded audio goes to w only. w must seek (the header's lengths
// are written last). A file no decoder here reads gives an error that
// media.IsCodecMissing names.
func (s *Store) DecodeAttachmentWAV(id int64, w io.WriteSeeker) (media.Info, int64, error) {
	a, err := s.Vault.Attachment(id)
	if err != nil {
		return media.Info{}, 0, err
	}
	if a.Size > MaxDecodeSize {
		return media.Info{}, 0, fmt.Errorf("attachment:%d: %d bytes is more than can be decoded at once: %w", id, a.Size, apperr.ErrInvalidInput)
	}
	var buf bytes.Buffer
	buf.Grow(int(a.Size))
	if _, err := s.Vault.ExportAttachment(id, &buf); err != nil {
		return media.Info{}, 0, err
	}
	d, err := media.Open(bytes.NewReader(buf.Bytes()))
	if err != nil {
		return media.Info{}, 0, fmt.Errorf("attachment:%d (%s): %w", id, a.Name, audioFileError(err))
	}
	defer d.Close()
	info := d.Info()
	f := pcm.Format{SampleRate: info.SampleRate, Channels: info.Channels, BitsPerSample: 16}
	if err := f.Validate(); err != nil {
		return info, 0, fmt.Errorf("attachment:%d (%s): %w: %v", id, a.Name, app.ErrAudioUndecodable, err)
	}
	if err := pcm.WriteWAVHeader(w, f, 0); err != nil {
		return info, 0, err
	}
	samples := make([]int16, 16384)
	out := make([]byte, 2*len(samples))
	var n64 int64
	for {
		n, err := d.Read(samples)
		for i, v := range samples[:n] {
			out[2*i], out[2*i+1] = byte(v), byte(uint16(v)>>8)
		}
		if _, werr := w.Write(out[:2*n]); werr != nil {
			return info, 0, werr
		}
		n64 += int64(n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return info, 0, fmt.Errorf("attachment:%d (%s): %w", id, a.Name, audioFileError(err))
		}
	}
	if _, err := w.Seek(0, io.SeekStart); err != nil {
		return info, 0, err
	}
	if err := pcm.WriteWAVHeader(w, f, 2*n64); err != nil {
		return info, 0, err
	}
	_, err = w.Seek(0, io.SeekEnd)
	return info, n64 / int64(info.Channels), err
}

// MaxPlayPCM bounds an imported recording decoded in memory for
// listening: mono 16-bit, so about 90 minutes at 48 kHz, 3 hours at 24
// kHz. Longer files say so (app.ErrAudioTooLong) and can be extracted;
// keeping decoded audio sealed in the vault instead is the next step.
const MaxPlayPCM = 512 << 20

// OpenAttachmentPlayback implements app.Store: the imported file is
// opened into memory (never to disk), decoded to mono, and played from
// memory; the waveform is drawn from the same samples.
func (s *Store) OpenAttachmentPlayback(id int64) (app.Playback, error) {
	a, err := s.Vault.Attachment(id)
	if err != nil {
		return nil, err
	}
	if a.Size > MaxDecodeSize {
		return nil, fmt.Errorf("attachment:%d: %w", id, app.ErrAudioTooLong)
	}
	var buf bytes.Buffer
	buf.Grow(int(a.Size))
	if _, err := s.Vault.ExportAttachment(id, &buf); err != nil {
		return nil, err
	}
	d, err := media.Open(bytes.NewReader(buf.Bytes()))
	if err != nil {
		return nil, fmt.Errorf("attachment:%d: %w", id, audioFileError(err))
	}
	defer d.Close()
	info := d.Info()
	ch := info.Channels
	var data []byte
	samples := make([]int16, 16384/ch*ch)
	for {
		n, err := d.Read(samples)
		for i := 0; i+ch <= n; i += ch {
			var sum int32
			for c := range ch {
				sum += int32(samples[i+c])
			}
			v := int16(sum / int32(ch))
			data = append(data, byte(v), byte(uint16(v)>>8))
		}
		if len(data) > MaxPlayPCM {
			return nil, fmt.Errorf("attachment:%d: %w", id, app.ErrAudioTooLong)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("attachment:%d: %w", id, audioFileError(err))
		}
	}
	format := pcm.Format{SampleRate: info.SampleRate, Channels: 1, BitsPerSample: 16}
	p, err := audio.NewPlayer(bytes.NewReader(data), int64(len(data)), audio.PlayerConfig{Backend: s.backend, Format: format})
	if err != nil {
		return nil, outputError(err)
	}
	pb := &playback{p: p, format: format}
	pb.peaks = func(n int) ([]float32, error) {
		return pcm.Peaks(bytes.NewReader(data), int64(len(data)), 16, 1, n)
	}
	return pb, nil
}

// audioFileError turns internal/media's errors into the application's, so
// that front ends map them without knowing the decoders.
func audioFileError(err error) error {
	if codec, ok := media.IsCodecMissing(err); ok {
		return &app.CodecMissingError{Codec: codec}
	}
	switch {
	case errors.Is(err, media.ErrNotAudio):
		return fmt.Errorf("%w (%v)", app.ErrNotAudio, err)
	case errors.Is(err, media.ErrDamaged):
		return fmt.Errorf("%w (%v)", app.ErrAudioUndecodable, err)
	}
	return err
}
