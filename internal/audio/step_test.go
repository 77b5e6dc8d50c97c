package audio

import (
	"bytes"
	"testing"
)

// Stepping through frames: half speed repeats each frame, 1.5 skips every
// third, normal copies; the fraction carries over between calls, so two
// calls give what one would.
func TestStepFrames(t *testing.T) {
	src := []byte{1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6} // six 2-byte frames
	tests := []struct {
		name string
		rate float64
		want []byte
		used int
	}{
		{"half", 0.5, []byte{1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6}, 6},
		{"normal", 1, src, 6},
		{"one and a half", 1.5, []byte{1, 1, 2, 2, 4, 4, 5, 5}, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := make([]byte, 64)
			n, used, frac := stepFrames(dst, src, 2, 0, tt.rate)
			if !bytes.Equal(dst[:n*2], tt.want) || used != tt.used || frac != 0 {
				t.Fatalf("got %v, used %d, frac %v; want %v, used %d", dst[:n*2], used, frac, tt.want, tt.used)
			}
			// In two calls, the second from where the first stopped.
			n1, used1, frac1 := stepFrames(dst, src[:6], 2, 0, tt.rate)
			n2, _, _ := stepFrames(dst[n1*2:], src[used1*2:], 2, frac1, tt.rate)
			if !bytes.Equal(dst[:(n1+n2)*2], tt.want) {
				t.Fatalf("in two calls: %v, want %v", dst[:(n1+n2)*2], tt.want)
			}
		})
	}
	// A full destination stops early and says how far it got.
	dst := make([]byte, 4)
	if n, used, frac := stepFrames(dst, src, 2, 0, 0.5); n != 2 || used != 1 || frac != 0 || !bytes.Equal(dst, []byte{1, 1, 1, 1}) {
		t.Fatalf("full dst: n %d used %d frac %v %v", n, used, frac, dst)
	}
}
