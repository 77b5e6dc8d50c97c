package pcm

import (
	"fmt"
	"io"
)

// Peaks returns, for each of n equal parts of the size bytes of PCM in r
// (little-endian, bits per sample, interleaved channels),
// the loudest sample as a fraction of full scale. It reads r once, in
// order, with a small buffer.
func Peaks(r io.ReaderAt, size int64, bits, channels, n int) ([]float32, error) {
	if n <= 0 {
		return nil, nil
	}
	out := make([]float32, n)
	bps := bits / 8
	bpf := int64(bps * channels)
	if bits%8 != 0 || bps < 1 || bps > 4 || bpf <= 0 {
		return nil, fmt.Errorf("peaks: unsupported format: %d bits, %d channels", bits, channels)
	}
	frames := size / bpf
	if frames == 0 {
		return out, nil
	}
	buf := make([]byte, 64*1024/int(bpf)*int(bpf))
	full := float64(int64(1) << (bits - 1))
	var frame int64
	for off := int64(0); off < frames*bpf; {
		m, err := r.ReadAt(buf[:min(int64(len(buf)), frames*bpf-off)], off)
		m -= m % int(bpf)
		for i := 0; i+bps <= m; i += bps {
			v := sample(buf[i:i+bps], bps)
			if v < 0 {
				v = -v
			}
			k := int(frame * int64(n) / frames)
			if a := float32(float64(v) / full); a > out[k] {
				out[k] = min(a, 1)
			}
			if (i/bps+1)%channels == 0 {
				frame++
			}
		}
		off += int64(m)
		if err != nil && err != io.EOF {
			return nil, err
		}
		if m == 0 {
			break
		}
	}
	return out, nil
}

// sample decodes one little-endian sample: unsigned for 8 bits (as WAV
// stores it), signed otherwise.
func sample(b []byte, bps int) int64 {
	switch bps {
	case 1:
		return int64(b[0]) - 128
	case 2:
		return int64(int16(uint16(b[0]) | uint16(b[1])<<8))
	case 3:
		return int64(int32(uint32(b[0])<<8|uint32(b[1])<<16|uint32(b[2])<<24) >> 8)
	default:
		return int64(int32(uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24))
	}
}
