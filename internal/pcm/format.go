package pcm

import (
	"fmt"
	"time"
)

// Format describes interleaved little-endian linear PCM.
type Format struct {
	SampleRate    int // frames per second
	Channels      int
	BitsPerSample int // 8 (unsigned), 16, 24 or 32 (signed)
}

// DefaultFormat is what Kiroku records: mono, 16-bit, 48 kHz. Speech needs
// far less, but 48 kHz is every device's native rate, so miniaudio does not
// resample, and 96 kB/s is cheap to seal and store.
func DefaultFormat() Format {
	return Format{SampleRate: 48000, Channels: 1, BitsPerSample: 16}
}

// Limits of what Validate accepts; generous for imports, bounded so that
// sizes computed from a header cannot overflow.
const (
	maxSampleRate = 1_000_000
	maxChannels   = 32
)

// Validate reports whether f is a PCM layout this package can describe.
func (f Format) Validate() error {
	switch {
	case f.SampleRate < 1 || f.SampleRate > maxSampleRate:
		return fmt.Errorf("%w: sample rate %d", ErrUnsupportedFormat, f.SampleRate)
	case f.Channels < 1 || f.Channels > maxChannels:
		return fmt.Errorf("%w: %d channels", ErrUnsupportedFormat, f.Channels)
	}
	switch f.BitsPerSample {
	case 8, 16, 24, 32:
		return nil
	}
	return fmt.Errorf("%w: %d bits per sample", ErrUnsupportedFormat, f.BitsPerSample)
}

// BytesPerFrame is the size of one sample for every channel.
func (f Format) BytesPerFrame() int { return f.Channels * f.BitsPerSample / 8 }

// Duration converts a frame count to time without overflowing for any
// length a recording can reach.
func (f Format) Duration(frames int64) time.Duration {
	rate := int64(f.SampleRate)
	if rate <= 0 {
		return 0
	}
	sec := frames / rate
	rem := frames % rate
	return time.Duration(sec)*time.Second + time.Duration(rem)*time.Second/time.Duration(rate)
}

// Frames converts a duration to a frame count, rounding down.
func (f Format) Frames(d time.Duration) int64 {
	rate := int64(f.SampleRate)
	sec := int64(d / time.Second)
	rem := int64(d % time.Second)
	return sec*rate + rem*rate/int64(time.Second)
}

func (f Format) String() string {
	return fmt.Sprintf("%d Hz, %d ch, %d-bit", f.SampleRate, f.Channels, f.BitsPerSample)
}
