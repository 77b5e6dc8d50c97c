package opus

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/thesyncim/gopus"
)

// What Kiroku records with: 48 kHz (Opus's native rate, the rate granule
// positions count in), 20 ms frames, 24 kbit/s VBR, speech.
const (
	SampleRate   = 48000
	FrameSamples = SampleRate / 50 // 20 ms
	Bitrate      = 24000
	// Complexity 5 of 10 takes about two thirds of the default's CPU
	// (measured on noisy speech: 1.07% vs 1.66% of one core) for an
	// envelope correlation of 0.997 instead of 0.998: the whole
	// recording path must stay under 3% of one core.
	Complexity = 5
	// MaxPacket bounds one Opus packet (RFC 6716: 120 ms of 1275-byte
	// frames with some padding fits well within it).
	MaxPacket = 1 << 16
)

// ErrDamaged reports bytes that are not a valid Opus packet or Ogg Opus
// file of the kind this package writes.
var ErrDamaged = errors.New("opus: damaged")

// Encoder turns 16-bit PCM at 48 kHz into 20 ms Opus packets. It keeps
// the samples of an incomplete frame until more arrive. Not safe for
// concurrent use.
type Encoder struct {
	enc      *gopus.Encoder
	channels int
	pending  []int16 // samples of an incomplete frame, interleaved
	buf      []byte
	in       int64 // frames taken
	out      int64 // frames covered by packets handed out
	flushed  bool
}

// NewEncoder returns an encoder for channels (1 or 2) at 48 kHz.
func NewEncoder(channels int) (*Encoder, error) {
	if channels < 1 || channels > 2 {
		return nil, fmt.Errorf("opus: %d channels: only mono and stereo are encoded", channels)
	}
	enc, err := gopus.NewEncoder(gopus.EncoderConfig{SampleRate: SampleRate, Channels: channels, Application: gopus.ApplicationVoIP})
	if err != nil {
		return nil, fmt.Errorf("opus: new encoder: %w", err)
	}
	for _, set := range []func() error{
		func() error { return enc.SetBitrate(Bitrate) },
		func() error { return enc.SetComplexity(Complexity) },
		func() error { return enc.SetSignal(gopus.SignalVoice) },
		func() error { return enc.SetFrameSize(FrameSamples) },
	} {
		if err := set(); err != nil {
			return nil, fmt.Errorf("opus: configure encoder: %w", err)
		}
	}
	return &Encoder{enc: enc, channels: channels, pending: make([]int16, 0, FrameSamples*channels), buf: make([]byte, 4000)}, nil
}

// PreSkip is the encoder's delay in samples: what a decoder drops at the
// start (OpusHead's pre-skip).
func (e *Encoder) PreSkip() int { return e.enc.Lookahead() }

// Frames is the number of frames (samples per channel) taken so far.
func (e *Encoder) Frames() int64 { return e.in }

// Encode takes interleaved s16le PCM (whole frames) and returns the
// packets it completes, possibly none.
func (e *Encoder) Encode(pcm []byte) ([][]byte, error) {
	if e.flushed {
		return nil, errors.New("opus: encoder already flushed")
	}
	bpf := 2 * e.channels
	if len(pcm)%bpf != 0 {
		return nil, fmt.Errorf("opus: %d bytes is not whole frames", len(pcm))
	}
	e.in += int64(len(pcm) / bpf)
	var out [][]byte
	frame := FrameSamples * e.channels
	for len(pcm) > 0 {
		k := min(frame-len(e.pending), len(pcm)/2)
		for i := range k {
			e.pending = append(e.pending, int16(binary.LittleEndian.Uint16(pcm[2*i:])))
		}
		pcm = pcm[2*k:]
		if len(e.pending) == frame {
			p, err := e.encodePending()
			if err != nil {
				return out, err
			}
			out = append(out, p)
		}
	}
	return out, nil
}

func (e *Encoder) encodePending() ([]byte, error) {
	n, err := e.enc.EncodeInt16(e.pending, e.buf)
	if err != nil {
		return nil, fmt.Errorf("opus: encode: %w", err)
	}
	e.pending = e.pending[:0]
	e.out += FrameSamples
	return append([]byte(nil), e.buf[:n]...), nil
}

// Flush ends the stream: it pads with silence until every frame taken
// has come out of the encoder (its delay included) and returns the last
// packets. The encoder takes nothing after Flush.
func (e *Encoder) Flush() ([][]byte, error) {
	if e.flushed {
		return nil, nil
	}
	e.flushed = true
	var out [][]byte
	need := e.in + int64(e.PreSkip())
	for e.out < need {
		for len(e.pending) < cap(e.pending) {
			e.pending = append(e.pending, 0)
		}
		p, err := e.encodePending()
		if err != nil {
			return out, err
		}
		out = append(out, p)
	}
	return out, nil
}

// PacketFrames is the number of 48 kHz frames packet p decodes to, or an
// error wrapping ErrDamaged when p is not a valid Opus packet.
func PacketFrames(p []byte) (int, error) {
	if len(p) > MaxPacket {
		return 0, fmt.Errorf("%w: packet of %d bytes", ErrDamaged, len(p))
	}
	info, err := gopus.ParsePacket(p)
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	n := info.TOC.FrameSize * info.FrameCount
	if n <= 0 || n > 5760 {
		return 0, fmt.Errorf("%w: packet of %d samples", ErrDamaged, n)
	}
	return n, nil
}
