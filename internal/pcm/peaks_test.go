package pcm_test

import (
	"bytes"
	"testing"

	"github.com/kiroku-app/kiroku/internal/pcm"
)

func TestPeaks(t *testing.T) {
	half := s16(0, 16384, -16384, 0) // ±0.5 of full scale
	loud := s16(32767, -32768, 0, 0)
	tests := []struct {
		name           string
		data           []byte
		bits, channels int
		n              int
		want           []float32
	}{
		{"s16 mono, two parts", append(append([]byte{}, half...), loud...), 16, 1, 2, []float32{0.5, 1}},
		{"s16 mono, one part", append(append([]byte{}, half...), loud...), 16, 1, 1, []float32{1}},
		{"s16 stereo, frames split evenly", append(append([]byte{}, half...), loud...), 16, 2, 2, []float32{0.5, 1}},
		{"u8: 128 is silence", []byte{128, 128, 0, 255}, 8, 1, 2, []float32{0, 1}},
		{"empty", nil, 16, 1, 3, []float32{0, 0, 0}},
		{"trailing partial frame ignored", append(append([]byte{}, half...), 0xff), 16, 1, 1, []float32{0.5}},
		{"no parts", half, 16, 1, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pcm.Peaks(bytes.NewReader(tt.data), int64(len(tt.data)), tt.bits, tt.channels, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if d := got[i] - tt.want[i]; d > 0.001 || d < -0.001 {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
	if _, err := pcm.Peaks(bytes.NewReader(half), 4, 12, 1, 2); err == nil {
		t.Error("12-bit samples accepted")
	}
}
