package pcm

import (
	"encoding/binary"
	"math"
)

// How Kiroku's tests and benchmarks tell that audio came through a codec
// or a microphone as the same speech: the energy envelopes of the two
// signals correlate. Envelopes ignore phase and the fine detail a lossy
// codec drops, and keep what a listener follows (syllables, pauses).

// Mono converts interleaved s16le to floats in [-1, 1), channels
// averaged.
func Mono(data []byte, channels int) []float64 {
	bpf := 2 * channels
	out := make([]float64, 0, len(data)/bpf)
	for i := 0; i+bpf <= len(data); i += bpf {
		var v float64
		for c := range channels {
			v += float64(int16(binary.LittleEndian.Uint16(data[i+2*c:])))
		}
		out = append(out, v/float64(channels)/32768)
	}
	return out
}

// Envelope is the RMS of s over consecutive windows of win seconds.
func Envelope(s []float64, rate int, win float64) []float64 {
	n := max(1, int(float64(rate)*win))
	var e []float64
	for i := 0; i+n <= len(s); i += n {
		sum := 0.0
		for _, x := range s[i : i+n] {
			sum += x * x
		}
		e = append(e, math.Sqrt(sum/float64(n)))
	}
	return e
}

// Correlate is the Pearson correlation of a and b over their common
// length; 0 when either is constant.
func Correlate(a, b []float64) float64 {
	n := min(len(a), len(b))
	if n == 0 {
		return 0
	}
	var ma, mb float64
	for i := range n {
		ma += a[i]
		mb += b[i]
	}
	ma /= float64(n)
	mb /= float64(n)
	var num, da, db float64
	for i := range n {
		num += (a[i] - ma) * (b[i] - mb)
		da += (a[i] - ma) * (a[i] - ma)
		db += (b[i] - mb) * (b[i] - mb)
	}
	if da == 0 || db == 0 {
		return 0
	}
	return num / math.Sqrt(da*db)
}

// BestCorrelation is the highest Correlate of envelope a with envelope
// b delayed by 0 to maxLag windows: codecs and sound servers add a few
// milliseconds of delay.
func BestCorrelation(a, b []float64, maxLag int) float64 {
	best := -1.0
	for lag := 0; lag <= maxLag && lag < len(b); lag++ {
		best = math.Max(best, Correlate(a, b[lag:]))
	}
	return best
}
