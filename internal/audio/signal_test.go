package audio_test

import (
	"encoding/binary"
	"math"
)

// sine returns n s16le samples of a sine of amplitude amp (fraction of
// full scale) and freq Hz at rate: a known signal to play.
func sine(n int, amp, freq float64, rate int) []byte {
	b := make([]byte, 0, 2*n)
	for i := range n {
		s := int16(math.Round(amp * 32767 * math.Sin(2*math.Pi*freq*float64(i)/float64(rate))))
		b = binary.LittleEndian.AppendUint16(b, uint16(s))
	}
	return b
}
