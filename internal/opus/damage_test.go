package opus_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"testing"

	"github.com/kiroku-app/kiroku/internal/opus"
)

// sample is a small valid file: 3 s of packets on three audio pages.
func sample(t testing.TB) []byte {
	t.Helper()
	var in [][]byte
	for i := range 150 {
		in = append(in, packet(30+i%5, byte(i)))
	}
	return ogg(t, in, 312, 150*960-312-7)
}

// pageAt returns the offset of the n-th page.
func pageAt(b []byte, n int) int {
	off := 0
	for range n {
		nseg := int(b[off+26])
		size := 27 + nseg
		for _, l := range b[off+27 : off+27+nseg] {
			size += int(l)
		}
		off += size
	}
	return off
}

// recrc fixes the CRC of the page at off after a deliberate change, so
// that the check behind the CRC is what the test reaches.
func recrc(b []byte, off int) {
	nseg := int(b[off+26])
	size := 27 + nseg
	for _, l := range b[off+27 : off+27+nseg] {
		size += int(l)
	}
	binary.LittleEndian.PutUint32(b[off+22:], 0)
	binary.LittleEndian.PutUint32(b[off+22:], oggCRC(b[off:off+size]))
}

func oggCRC(b []byte) uint32 {
	var c uint32
	for _, x := range b {
		c ^= uint32(x) << 24
		for range 8 {
			if c&0x80000000 != 0 {
				c = c<<1 ^ 0x04c11db7
			} else {
				c <<= 1
			}
		}
	}
	return c
}

func readAll(b []byte) (int64, error) {
	r, err := opus.NewReader(bytes.NewReader(b))
	if err != nil {
		return 0, err
	}
	for {
		_, err := r.Next()
		if errors.Is(err, io.EOF) {
			return r.Frames(), nil
		}
		if err != nil {
			return 0, err
		}
	}
}

func TestReaderRefusesDamage(t *testing.T) {
	good := sample(t)
	if n, err := readAll(good); err != nil || n != 150*960-312-7 {
		t.Fatalf("good file: %d, %v", n, err)
	}
	p2, p3, p4 := pageAt(good, 2), pageAt(good, 3), pageAt(good, 4)
	for _, tt := range []struct {
		name   string
		damage func(b []byte) []byte
	}{
		{"empty", func(b []byte) []byte { return nil }},
		{"cut in the head", func(b []byte) []byte { return b[:20] }},
		{"cut before EOS", func(b []byte) []byte { return b[:p4] }},
		{"cut inside the last page", func(b []byte) []byte { return b[:len(b)-3] }},
		{"flipped bit", func(b []byte) []byte { b[p3+40] ^= 1; return b }},
		{"trailing bytes", func(b []byte) []byte { return append(b, 0) }},
		{"trailing page", func(b []byte) []byte { return append(b, b[p2:p3]...) }},
		{"page dropped", func(b []byte) []byte { return append(b[:p2:p2], b[p3:]...) }},
		{"pages swapped", func(b []byte) []byte {
			return append(append(append(append([]byte(nil), b[:p2]...), b[p3:p4]...), b[p2:p3]...), b[p4:]...)
		}},
		{"other serial", func(b []byte) []byte { b[p3+14]++; recrc(b, p3); return b }},
		{"second BOS", func(b []byte) []byte { b[p3+5] |= 2; recrc(b, p3); return b }},
		{"early EOS", func(b []byte) []byte { b[p2+5] |= 4; recrc(b, p2); return b }},
		{"unknown flag", func(b []byte) []byte { b[p3+5] |= 8; recrc(b, p3); return b }},
		{"granule off by one", func(b []byte) []byte { b[p2+6]++; recrc(b, p2); return b }},
		{"final granule beyond the packets", func(b []byte) []byte { b[p4+6] += 10; recrc(b, p4); return b }},
		{"head version 2", func(b []byte) []byte { b[27+1+8] = 2; recrc(b, 0); return b }},
		{"three channels", func(b []byte) []byte { b[27+1+9] = 3; recrc(b, 0); return b }},
		{"mapping family 1", func(b []byte) []byte { b[27+1+18] = 1; recrc(b, 0); return b }},
		{"vendor length too long", func(b []byte) []byte { o := pageAt(b, 1) + 28 + 8; b[o+3] = 0x7f; recrc(b, pageAt(b, 1)); return b }},
		{"not Ogg", func(b []byte) []byte { copy(b, "RIFF"); return b }},
		{"bad packet", func(b []byte) []byte { b[p2+27+50] = 0x03; recrc(b, p2); return b }}, // code 3, no count byte... within a 30-byte packet: invalid frame count 0
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.damage(bytes.Clone(good))
			if _, err := readAll(b); !errors.Is(err, opus.ErrDamaged) {
				t.Fatalf("err %v", err)
			}
			var sink bytes.Buffer
			if _, _, err := opus.Decode(bytes.NewReader(b), &sink); err == nil {
				t.Fatal("Decode accepted it")
			}
		})
	}
}

// A decoder given bytes that are no Opus packet says so.
func TestDecoderRefusesGarbage(t *testing.T) {
	d, err := opus.NewDecoder(1)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range [][]byte{nil, {0x03}, {0x03, 0x00}, bytes.Repeat([]byte{0xF8}, 2000)} {
		if _, err := d.Decode(p); !errors.Is(err, opus.ErrDamaged) {
			t.Errorf("packet % x...: err %v", p[:min(4, len(p))], err)
		}
	}
}
