// Package wav writes the canonical WAV header Kiroku exports recordings
// with: a 44-byte RIFF/WAVE header for integer PCM, nothing else, so that
// the same recording always exports to the same bytes (and hash).
package wav

import "encoding/binary"

// HeaderSize is the size of the canonical header.
const HeaderSize = 44

// Header returns the canonical header for dataLen bytes of little-endian
// integer PCM.
func Header(sampleRate, channels, bits int, dataLen int64) []byte {
	h := make([]byte, HeaderSize)
	blockAlign := channels * bits / 8
	riffLen := dataLen + 36
	if riffLen > 0xFFFFFFFF {
		riffLen = 0xFFFFFFFF // over 4 GiB a WAV cannot state its size
	}
	dl := dataLen
	if dl > 0xFFFFFFFF {
		dl = 0xFFFFFFFF
	}
	copy(h[0:], "RIFF")
	binary.LittleEndian.PutUint32(h[4:], uint32(riffLen))
	copy(h[8:], "WAVE")
	copy(h[12:], "fmt ")
	binary.LittleEndian.PutUint32(h[16:], 16)
	binary.LittleEndian.PutUint16(h[20:], 1) // PCM
	binary.LittleEndian.PutUint16(h[22:], uint16(channels))
	binary.LittleEndian.PutUint32(h[24:], uint32(sampleRate))
	binary.LittleEndian.PutUint32(h[28:], uint32(sampleRate*blockAlign))
	binary.LittleEndian.PutUint16(h[32:], uint16(blockAlign))
	binary.LittleEndian.PutUint16(h[34:], uint16(bits))
	copy(h[36:], "data")
	binary.LittleEndian.PutUint32(h[40:], uint32(dl))
	return h
}
