package opus

import (
	"encoding/binary"
	"fmt"

	"github.com/thesyncim/gopus"
)

// Decoder turns packets back into 16-bit PCM at 48 kHz. Not safe for
// concurrent use.
type Decoder struct {
	d        *gopus.Decoder
	channels int
	out      []int16
	b        []byte
}

// NewDecoder returns a decoder for channels (1 or 2).
func NewDecoder(channels int) (*Decoder, error) {
	if channels < 1 || channels > 2 {
		return nil, fmt.Errorf("opus: %d channels: only mono and stereo are decoded", channels)
	}
	d, err := gopus.NewDecoder(gopus.DefaultDecoderConfig(SampleRate, channels))
	if err != nil {
		return nil, fmt.Errorf("opus: new decoder: %w", err)
	}
	return &Decoder{d: d, channels: channels, out: make([]int16, 5760*channels)}, nil
}

// Decode returns the interleaved s16le PCM of packet p. The slice is
// valid until the next call.
func (d *Decoder) Decode(p []byte) ([]byte, error) {
	if _, err := PacketFrames(p); err != nil {
		return nil, err
	}
	n, err := d.d.DecodeInt16(p, d.out)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	s := d.out[:n*d.channels]
	if cap(d.b) < 2*len(s) {
		d.b = make([]byte, 2*len(s))
	}
	b := d.b[:2*len(s)]
	for i, v := range s {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(v))
	}
	return b, nil
}

// Trim drops the pre-skip at the start of decoded audio and stops at the
// stream's length: feed it what Decode returns, in order.
type Trim struct {
	skip, left int64 // frames
	bpf        int
}

// NewTrim drops preSkip frames and then passes frames frames.
func NewTrim(channels, preSkip int, frames int64) *Trim {
	return &Trim{skip: int64(preSkip), left: frames, bpf: 2 * channels}
}

// Cut returns the part of pcm that belongs to the stream.
func (t *Trim) Cut(pcm []byte) []byte {
	n := int64(len(pcm) / t.bpf)
	k := min(t.skip, n)
	t.skip -= k
	pcm = pcm[k*int64(t.bpf):]
	n -= k
	n = min(n, t.left)
	t.left -= n
	return pcm[:n*int64(t.bpf)]
}

// Left is the number of frames still expected.
func (t *Trim) Left() int64 { return t.left }
