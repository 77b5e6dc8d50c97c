package pcm_test

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/kiroku-app/kiroku/internal/pcm"
)

// s16 encodes samples as s16le.
func s16(samples ...int16) []byte {
	b := make([]byte, 0, 2*len(samples))
	for _, s := range samples {
		b = binary.LittleEndian.AppendUint16(b, uint16(s))
	}
	return b
}

// sine returns n samples of a sine of amplitude amp (fraction of full
// scale) and freq Hz at rate.
func sine(n int, amp, freq float64, rate int) []byte {
	out := make([]int16, n)
	for i := range out {
		out[i] = int16(math.Round(amp * 32767 * math.Sin(2*math.Pi*freq*float64(i)/float64(rate))))
	}
	return s16(out...)
}

func TestLevels(t *testing.T) {
	tests := []struct {
		name      string
		pcm       []byte
		rms, peak float64
	}{
		{"empty", nil, 0, 0},
		{"odd byte only", []byte{0x7f}, 0, 0},
		{"silence", s16(0, 0, 0, 0), 0, 0},
		{"positive full scale", s16(32767, 32767), 32767.0 / 32768, 32767.0 / 32768},
		{"negative full scale", s16(-32768, -32768), 1, 1},
		{"square", s16(-32768, 32767, -32768, 32767), math.Sqrt((32768.0*32768 + 32767.0*32767) / 2 / 32768 / 32768), 1},
		{"one LSB", s16(1, -1), 1.0 / 32768, 1.0 / 32768},
		{"half then silence", s16(16384, 0, 0, 0), 0.25, 0.5},
		{"trailing odd byte ignored", append(s16(16384), 0xff), 0.5, 0.5},
		{"sine -6 dBFS", sine(48000, 0.5, 1000, 48000), 0.5 * 32767 / 32768 / math.Sqrt2, 0.5 * 32767 / 32768},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rms, peak := pcm.Levels(tt.pcm)
			if math.Abs(rms-tt.rms) > 1e-4 || math.Abs(peak-tt.peak) > 1e-4 {
				t.Errorf("Levels = (%.6f, %.6f), want (%.6f, %.6f)", rms, peak, tt.rms, tt.peak)
			}
			if r := pcm.RMS(tt.pcm); r != rms {
				t.Errorf("RMS = %v, Levels says %v", r, rms)
			}
			if p := pcm.Peak(tt.pcm); p != peak {
				t.Errorf("Peak = %v, Levels says %v", p, peak)
			}
		})
	}
}

func TestDBFS(t *testing.T) {
	tests := []struct {
		level, want float64
	}{
		{1, 0},
		{2, 0}, // clamped: nothing is louder than full scale
		{0.5, -6.0206},
		{0.1, -20},
		{1.0 / 32768, -90.309},
		{0, pcm.MinDBFS},
		{-1, pcm.MinDBFS},
		{1e-9, pcm.MinDBFS},
		{math.NaN(), pcm.MinDBFS},
	}
	for _, tt := range tests {
		if got := pcm.DBFS(tt.level); math.Abs(got-tt.want) > 1e-3 {
			t.Errorf("DBFS(%v) = %v, want %v", tt.level, got, tt.want)
		}
	}
}
