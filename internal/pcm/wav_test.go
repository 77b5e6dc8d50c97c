package pcm_test

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"testing"

	"github.com/kiroku-app/kiroku/internal/pcm"
)

func TestWAVHeaderGolden(t *testing.T) {
	// 48 kHz mono 16-bit, 96000 bytes (1 s), byte by byte.
	want := "52494646" + "24770100" + "57415645" + // RIFF, 36+96000, WAVE
		"666d7420" + "10000000" + "0100" + "0100" + // "fmt ", 16, PCM, 1 ch
		"80bb0000" + "00770100" + "0200" + "1000" + // 48000 Hz, 96000 B/s, align 2, 16 bit
		"64617461" + "00770100" // data, 96000
	h, err := pcm.WAVHeader(pcm.DefaultFormat(), 96000)
	if err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(h); got != want {
		t.Fatalf("header\n got %s\nwant %s", got, want)
	}
	var buf bytes.Buffer
	if err := pcm.WriteWAVHeader(&buf, pcm.DefaultFormat(), 96000); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), h) || len(h) != pcm.WAVHeaderSize {
		t.Fatal("WriteWAVHeader differs from WAVHeader")
	}
}

func TestWAVHeaderRejects(t *testing.T) {
	tests := []struct {
		name string
		f    pcm.Format
		n    int64
	}{
		{"partial frame", pcm.Format{SampleRate: 8000, Channels: 2, BitsPerSample: 16}, 6},
		{"negative", pcm.DefaultFormat(), -2},
		{"float bits", pcm.Format{SampleRate: 8000, Channels: 1, BitsPerSample: 64}, 0},
		{"no channels", pcm.Format{SampleRate: 8000, BitsPerSample: 16}, 0},
		{"no rate", pcm.Format{Channels: 1, BitsPerSample: 16}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := pcm.WAVHeader(tt.f, tt.n); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

// Above 4 GiB the sizes saturate, as the vault's wav_sha256 of a very
// long recording has always hashed them; below, they are exact. Header is
// what the vault hashes, WAVHeader what writers use: the same bytes.
func TestWAVHeaderSizes(t *testing.T) {
	f := pcm.DefaultFormat()
	for _, tt := range []struct {
		n          int64
		riff, data uint32
	}{
		{0, 36, 0},
		{96000, 96036, 96000},
		{pcm.MaxWAVData, 0xFFFFFFFE, pcm.MaxWAVData},
		{pcm.MaxWAVData + 2, 0xFFFFFFFF, pcm.MaxWAVData + 2},
		{0xFFFFFFFF - 1, 0xFFFFFFFF, 0xFFFFFFFE},
		{1 << 33, 0xFFFFFFFF, 0xFFFFFFFF},
	} {
		h := pcm.Header(f, tt.n)
		riff, data := binary.LittleEndian.Uint32(h[4:]), binary.LittleEndian.Uint32(h[40:])
		if len(h) != pcm.WAVHeaderSize || riff != tt.riff || data != tt.data {
			t.Errorf("%d bytes: RIFF %#x data %#x, want %#x %#x", tt.n, riff, data, tt.riff, tt.data)
		}
		if w, err := pcm.WAVHeader(f, tt.n); err != nil || !bytes.Equal(w, h) {
			t.Errorf("%d bytes: WAVHeader %v, or differs from Header", tt.n, err)
		}
	}
}

func TestWAVRoundTrip(t *testing.T) {
	formats := []pcm.Format{
		pcm.DefaultFormat(),
		{SampleRate: 22050, Channels: 2, BitsPerSample: 16},
		{SampleRate: 8000, Channels: 1, BitsPerSample: 8},
		{SampleRate: 96000, Channels: 2, BitsPerSample: 24},
		{SampleRate: 44100, Channels: 6, BitsPerSample: 32},
	}
	for _, f := range formats {
		bpf := f.BytesPerFrame()
		for _, frames := range []int{0, 1, 2, 3, 1000, 1001} {
			samples := make([]byte, frames*bpf)
			for i := range samples {
				samples[i] = byte(i*7 + 3)
			}
			var a, b bytes.Buffer
			if err := pcm.WriteWAV(&a, f, samples); err != nil {
				t.Fatal(err)
			}
			if err := pcm.WriteWAV(&b, f, samples); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatalf("%v: two exports differ", f)
			}
			if want := pcm.WAVHeaderSize + len(samples) + len(samples)%2; a.Len() != want {
				t.Fatalf("%v %d frames: file is %d bytes, want %d", f, frames, a.Len(), want)
			}
			gf, gpcm, err := pcm.ReadWAV(bytes.NewReader(a.Bytes()))
			if err != nil {
				t.Fatalf("%v %d frames: %v", f, frames, err)
			}
			if gf != f || !bytes.Equal(gpcm, samples) {
				t.Fatalf("%v %d frames: read back %v, %d bytes", f, frames, gf, len(gpcm))
			}
		}
	}
}

// wavFile builds a RIFF file from raw chunks, for the parser tests.
func wavFile(chunks ...[]byte) []byte {
	body := []byte("WAVE")
	for _, c := range chunks {
		body = append(body, c...)
	}
	out := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...)
	return append(out, body...)
}

func chunk(id string, data []byte) []byte {
	c := append([]byte(id), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
	c = append(c, data...)
	if len(data)%2 == 1 {
		c = append(c, 0)
	}
	return c
}

func fmtData(tag uint16, ch, rate, align, bits int, extra ...byte) []byte {
	le := binary.LittleEndian
	b := le.AppendUint16(nil, tag)
	b = le.AppendUint16(b, uint16(ch))
	b = le.AppendUint32(b, uint32(rate))
	b = le.AppendUint32(b, uint32(rate*align))
	b = le.AppendUint16(b, uint16(align))
	b = le.AppendUint16(b, uint16(bits))
	return append(b, extra...)
}

var pcmGUIDTail = []byte("\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71")

func extensible(subformat uint16, tail []byte) []byte {
	le := binary.LittleEndian
	e := le.AppendUint16(nil, 22)     // cbSize
	e = le.AppendUint16(e, 16)        // valid bits
	e = le.AppendUint32(e, 4)         // channel mask
	e = le.AppendUint16(e, subformat) // GUID start
	return append(e, tail...)
}

func TestReadWAV(t *testing.T) {
	mono16 := fmtData(1, 1, 16000, 2, 16)
	data := []byte{1, 2, 3, 4}
	tests := []struct {
		name    string
		file    []byte
		wantErr bool
		want    pcm.Format
	}{
		{"canonical", wavFile(chunk("fmt ", mono16), chunk("data", data)), false, pcm.Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}},
		{"LIST chunk skipped", wavFile(chunk("fmt ", mono16), chunk("LIST", []byte("INFOxyz")), chunk("data", data)), false, pcm.Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}},
		{"odd chunk before fmt", wavFile(chunk("junk", []byte{9}), chunk("fmt ", mono16), chunk("data", data)), false, pcm.Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}},
		{"fmt with cbSize", wavFile(chunk("fmt ", fmtData(1, 1, 16000, 2, 16, 0, 0)), chunk("data", data)), false, pcm.Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}},
		{"extensible PCM", wavFile(chunk("fmt ", fmtData(0xFFFE, 1, 16000, 2, 16, extensible(1, pcmGUIDTail)...)), chunk("data", data)), false, pcm.Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}},
		{"extensible float", wavFile(chunk("fmt ", fmtData(0xFFFE, 1, 16000, 4, 32, extensible(3, pcmGUIDTail)...)), chunk("data", data)), true, pcm.Format{}},
		{"float", wavFile(chunk("fmt ", fmtData(3, 1, 16000, 4, 32)), chunk("data", data)), true, pcm.Format{}},
		{"data before fmt", wavFile(chunk("data", data), chunk("fmt ", mono16)), true, pcm.Format{}},
		{"no data", wavFile(chunk("fmt ", mono16)), true, pcm.Format{}},
		{"two fmt", wavFile(chunk("fmt ", mono16), chunk("fmt ", mono16), chunk("data", data)), true, pcm.Format{}},
		{"short fmt", wavFile(chunk("fmt ", mono16[:14]), chunk("data", data)), true, pcm.Format{}},
		{"bad block align", wavFile(chunk("fmt ", fmtData(1, 2, 16000, 2, 16)), chunk("data", data)), true, pcm.Format{}},
		{"zero channels", wavFile(chunk("fmt ", fmtData(1, 0, 16000, 0, 16)), chunk("data", nil)), true, pcm.Format{}},
		{"12-bit", wavFile(chunk("fmt ", fmtData(1, 1, 16000, 2, 12)), chunk("data", data)), true, pcm.Format{}},
		{"partial frame", wavFile(chunk("fmt ", mono16), chunk("data", data[:3])), true, pcm.Format{}},
		{"truncated data", wavFile(chunk("fmt ", mono16), chunk("data", data))[:44+2], true, pcm.Format{}},
		{"huge claimed data", append(wavFile(chunk("fmt ", mono16)), "data\xfe\xff\xff\x7f\x01\x02"...), true, pcm.Format{}},
		{"RIFX", append([]byte("RIFX"), wavFile(chunk("fmt ", mono16), chunk("data", data))[4:]...), true, pcm.Format{}},
		{"empty", nil, true, pcm.Format{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, samples, err := pcm.ReadWAV(bytes.NewReader(tt.file))
			if tt.wantErr {
				if !errors.Is(err, pcm.ErrInvalidWAV) {
					t.Fatalf("err = %v, want ErrInvalidWAV", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if f != tt.want || !bytes.Equal(samples, data) {
				t.Fatalf("got %v %x", f, samples)
			}
		})
	}
}

func TestReadWAVHeaderOffset(t *testing.T) {
	file := wavFile(chunk("fmt ", fmtData(1, 1, 16000, 2, 16)), chunk("LIST", []byte("abc")), chunk("data", []byte{1, 2}))
	r := bytes.NewReader(file)
	info, err := pcm.ReadWAVHeader(r)
	if err != nil {
		t.Fatal(err)
	}
	if info.DataOffset != int64(len(file)-2) || info.DataLen != 2 {
		t.Fatalf("info %+v, file %d bytes", info, len(file))
	}
	rest, _ := io.ReadAll(r)
	if !bytes.Equal(rest, []byte{1, 2}) {
		t.Fatalf("reader left at %x", rest)
	}
}

func FuzzReadWAV(f *testing.F) {
	var canon bytes.Buffer
	_ = pcm.WriteWAV(&canon, pcm.DefaultFormat(), s16(1, -1, 300, -300))
	f.Add(canon.Bytes())
	var odd bytes.Buffer
	_ = pcm.WriteWAV(&odd, pcm.Format{SampleRate: 8000, Channels: 1, BitsPerSample: 8}, []byte{1, 2, 3})
	f.Add(odd.Bytes())
	f.Add(wavFile(chunk("junk", []byte{9}), chunk("fmt ", fmtData(0xFFFE, 2, 44100, 6, 24, extensible(1, pcmGUIDTail)...)), chunk("data", make([]byte, 12))))
	f.Add(wavFile(chunk("fmt ", fmtData(1, 1, 16000, 2, 16)), chunk("data", []byte{1, 2, 3})))
	f.Add([]byte("RIFF\x00\x00\x00\x00WAVE"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		format, samples, err := pcm.ReadWAV(bytes.NewReader(b))
		if err != nil {
			if !errors.Is(err, pcm.ErrInvalidWAV) {
				t.Fatalf("error not ErrInvalidWAV: %v", err)
			}
			return
		}
		if len(samples)%format.BytesPerFrame() != 0 {
			t.Fatalf("%d bytes of %v is not whole frames", len(samples), format)
		}
		// Anything readable re-encodes canonically, and that reads back
		// the same and re-encodes to the same bytes.
		var w1 bytes.Buffer
		if err := pcm.WriteWAV(&w1, format, samples); err != nil {
			t.Fatalf("re-encoding %v: %v", format, err)
		}
		f2, pcm2, err := pcm.ReadWAV(bytes.NewReader(w1.Bytes()))
		if err != nil || f2 != format || !bytes.Equal(samples, pcm2) {
			t.Fatalf("round trip: %v %v", f2, err)
		}
		var w2 bytes.Buffer
		_ = pcm.WriteWAV(&w2, f2, pcm2)
		if !bytes.Equal(w1.Bytes(), w2.Bytes()) {
			t.Fatal("canonical encoding is not stable")
		}
	})
}
