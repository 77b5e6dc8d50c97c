package pcm

import "math"

// Levels returns the RMS and peak of s16le PCM as fractions of full scale,
// so 1.0 is 0 dBFS. All channels count alike. A trailing odd byte is ignored.
func Levels(pcm []byte) (rms, peak float64) {
	n := len(pcm) / 2
	if n == 0 {
		return 0, 0
	}
	var sum float64
	var maxAbs int32
	for i := 0; i < n; i++ {
		s := int32(int16(uint16(pcm[2*i]) | uint16(pcm[2*i+1])<<8))
		if s < 0 {
			s = -s
		}
		maxAbs = max(maxAbs, s)
		sum += float64(s) * float64(s)
	}
	return math.Sqrt(sum/float64(n)) / 32768, float64(maxAbs) / 32768
}

// RMS is the root mean square of s16le PCM relative to full scale.
func RMS(pcm []byte) float64 {
	r, _ := Levels(pcm)
	return r
}

// Peak is the largest absolute s16le sample relative to full scale.
func Peak(pcm []byte) float64 {
	_, p := Levels(pcm)
	return p
}

// MinDBFS is the floor DBFS reports for silence, below any 16-bit signal
// (one LSB is about -90 dBFS).
const MinDBFS = -120.0

// DBFS converts a level from Levels to decibels relative to full scale,
// clamped to [MinDBFS, 0].
func DBFS(level float64) float64 {
	if level <= 0 || math.IsNaN(level) {
		return MinDBFS
	}
	return math.Min(0, math.Max(MinDBFS, 20*math.Log10(level)))
}
