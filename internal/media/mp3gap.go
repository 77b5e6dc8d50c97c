package media

import (
	"encoding/binary"
	"errors"
	"io"
)

// An MP3 file starts and ends with samples that are not the recording:
// the encoder's delay and the padding of its last frame, and, when the
// encoder wrote one, a first frame that holds no sound but the Xing/Info
// tag. LAME and FFmpeg write both counts in that tag (the LAME extension:
// 12 bits of delay and 12 of padding). go-mp3 decodes every frame, so
// without trimming a phone's MP3 plays about a tenth of a second longer
// than what was recorded, and every time in a transcript of it is late by
// the delay. mp3Gap reads the counts; the decoder drops those samples, as
// gapless players (VLC, browsers, ffmpeg) do.

// mp3Gap is what to drop from a decoded MP3, in samples per channel.
type mp3Gap struct {
	skip, pad int64
}

// readMP3Gap reads the Xing/Info tag of the first frame of the MP3 file
// starting in head. A file without one needs nothing dropped.
func readMP3Gap(head []byte) mp3Gap {
	o := 0
	if len(head) >= 10 && string(head[:3]) == "ID3" {
		// ID3v2: a syncsafe size after the 10-byte header (and a footer).
		o = 10 + id3Size(head)
		if head[5]&0x10 != 0 {
			o += 10
		}
	}
	if o < 0 || o+4 > len(head) || head[o] != 0xFF || head[o+1]&0xE0 != 0xE0 || (head[o+1]>>1)&3 != 1 {
		return mp3Gap{} // not a Layer III frame where the tag would be
	}
	mpeg1 := (head[o+1]>>3)&3 == 3
	mono := head[o+3]>>6 == 3
	side, spf := 17, int64(576)
	switch {
	case mpeg1 && mono:
		side, spf = 17, 1152
	case mpeg1:
		side, spf = 32, 1152
	case mono:
		side = 9
	}
	t := o + 4 + side
	if t+8 > len(head) || (string(head[t:t+4]) != "Xing" && string(head[t:t+4]) != "Info") {
		return mp3Gap{}
	}
	gap := mp3Gap{skip: spf} // the tag's frame is not sound
	flags := binary.BigEndian.Uint32(head[t+4:])
	p := t + 8
	for _, f := range []struct {
		bit  uint32
		size int
	}{{1, 4}, {2, 4}, {4, 100}, {8, 4}} {
		if flags&f.bit != 0 {
			p += f.size
		}
	}
	// The LAME extension: a 9-byte encoder name ("LAME3.100", "Lavc59..."),
	// then 12 bytes, then the delay and padding.
	if p+24 > len(head) || !isLetters(head[p:p+4]) {
		return gap
	}
	x := head[p+21 : p+24]
	delay, pad := int64(x[0])<<4|int64(x[1]>>4), int64(x[1]&0x0f)<<8|int64(x[2])
	// The decoder's own delay (529 samples: the synthesis filterbank)
	// moves the sound later and into the padding, as FFmpeg counts it.
	const decoderDelay = 529
	gap.skip += delay + decoderDelay
	gap.pad = max(pad-decoderDelay, 0)
	return gap
}

// id3Size is the size of an ID3v2 tag's body: four syncsafe bytes.
func id3Size(h []byte) int {
	return int(h[6]&0x7f)<<21 | int(h[7]&0x7f)<<14 | int(h[8]&0x7f)<<7 | int(h[9]&0x7f)
}

func isLetters(b []byte) bool {
	for _, c := range b {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// mp3Head reads the first bytes of r for readMP3Gap (an ID3 tag with a
// cover picture can be long: up to 1 MiB is read) and seeks back.
func mp3Head(r io.ReadSeeker) ([]byte, error) {
	head := make([]byte, 10)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, err
	}
	want := 4 << 10
	if n == 10 && string(head[:3]) == "ID3" {
		want += id3Size(head)
	}
	want = min(want, 1<<20+4<<10)
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	head = make([]byte, want)
	n, err = io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return head[:n], nil
}
