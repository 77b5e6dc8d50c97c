package local

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/kiroku-app/kiroku/internal/apperr"
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
		return media.Info{}, 0, fmt.Errorf("attachment:%d (%s): %w", id, a.Name, err)
	}
	defer d.Close()
	info := d.Info()
	f := pcm.Format{SampleRate: info.SampleRate, Channels: info.Channels, BitsPerSample: 16}
	if err := f.Validate(); err != nil {
		return info, 0, fmt.Errorf("attachment:%d (%s): %w: %v", id, a.Name, media.ErrDamaged, err)
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
			return info, 0, fmt.Errorf("attachment:%d (%s): %w", id, a.Name, err)
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
