package media

import (
	"encoding/binary"
	"errors"
	"io"
	"time"
)

// Kiroku reads the little it needs of an MP4 file's movie box itself (the
// creation time, each track's handler and sample entry, the sample
// tables), walking boxes whose sizes and table counts checkMP4Boxes has
// already held to the file: a general MP4 library decodes every box it
// knows, wherever it is, and loops over or allocates whatever count the
// bytes state (found by FuzzOpen: seconds of CPU and gigabytes asked for
// by a few hundred bytes).

// mp4Movie is what Kiroku reads of a movie box.
type mp4Movie struct {
	created time.Time // the movie header's creation time; zero if not set
	tracks  []mp4Track
}

// mp4Track is one track: its handler ("soun"), its first sample entry's
// type ("mp4a", "samr") and its sample tables.
type mp4Track struct {
	handler, entry string
	stsc           []stscEntry
	sizes          []uint32 // per sample; empty when uniform is set
	uniform, count uint32   // stsz: one size for every sample, and how many
	offsets        []uint64 // chunk offsets (stco or co64)
}

type stscEntry struct{ firstChunk, perChunk uint32 }

// readMP4 checks the file's boxes and reads its movie box.
func readMP4(r io.ReadSeeker) (*mp4Movie, error) {
	if err := checkMP4Boxes(r); err != nil {
		return nil, err
	}
	size, err := r.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, err
	}
	m := &mp4Movie{}
	var tr *mp4Track
	err = eachBox(r, 0, size, func(typ string, body, n int64) (bool, error) {
		var b []byte
		read := func(k int64) error {
			if k > n {
				return errors.New(typ + " too short")
			}
			b = make([]byte, k)
			if _, err := r.Seek(body, io.SeekStart); err != nil {
				return err
			}
			_, err := io.ReadFull(r, b)
			return err
		}
		switch typ {
		case "moov", "mdia", "minf", "stbl":
			return true, nil
		case "trak":
			m.tracks = append(m.tracks, mp4Track{})
			tr = &m.tracks[len(m.tracks)-1]
			return true, nil
		case "mvhd":
			if err := read(12); err != nil {
				return false, err
			}
			t := uint64(binary.BigEndian.Uint32(b[4:8]))
			if b[0] == 1 {
				t = binary.BigEndian.Uint64(b[4:12])
			}
			if t > 1<<40 {
				t = 0 // beyond any clock: not a time
			}
			m.created = mp4Time(int64(t) - 2082844800)
		}
		if tr == nil {
			return false, nil
		}
		var err error
		switch typ {
		case "hdlr":
			if err = read(12); err == nil {
				tr.handler = string(b[8:12])
			}
		case "stsd":
			if err = read(16); err == nil && binary.BigEndian.Uint32(b[4:8]) > 0 {
				tr.entry = string(b[12:16])
			}
		case "stsc":
			if err = read(n); err == nil {
				for i := int64(0); i < int64(binary.BigEndian.Uint32(b[4:8])); i++ {
					e := b[8+12*i:]
					tr.stsc = append(tr.stsc, stscEntry{binary.BigEndian.Uint32(e), binary.BigEndian.Uint32(e[4:])})
				}
			}
		case "stsz":
			if err = read(n); err == nil {
				tr.uniform, tr.count = binary.BigEndian.Uint32(b[4:8]), binary.BigEndian.Uint32(b[8:12])
				if tr.uniform == 0 {
					for i := int64(0); i < int64(tr.count); i++ {
						tr.sizes = append(tr.sizes, binary.BigEndian.Uint32(b[12+4*i:]))
					}
				}
			}
		case "stco", "co64":
			if err = read(n); err == nil {
				w := int64(4)
				if typ == "co64" {
					w = 8
				}
				for i := int64(0); i < int64(binary.BigEndian.Uint32(b[4:8])); i++ {
					if w == 8 {
						tr.offsets = append(tr.offsets, binary.BigEndian.Uint64(b[8+8*i:]))
					} else {
						tr.offsets = append(tr.offsets, uint64(binary.BigEndian.Uint32(b[8+4*i:])))
					}
				}
			}
		}
		return false, err
	})
	if err != nil {
		return nil, err
	}
	_, err = r.Seek(0, io.SeekStart)
	return m, err
}

// eachBox calls f for each box from start to end (sizes checked already
// by checkMP4Boxes) with its type, where its body starts and how long it
// is; f says whether to go into it.
func eachBox(r io.ReadSeeker, start, end int64, f func(typ string, body, n int64) (bool, error)) error {
	for off := start; end-off >= 8; {
		typ, size, hdr, err := boxHeader(r, off, end)
		if err != nil {
			return err
		}
		into, err := f(typ, off+hdr, size-hdr)
		if err != nil {
			return err
		}
		if into {
			if err := eachBox(r, off+hdr, off+size, f); err != nil {
				return err
			}
		}
		off += size
	}
	return nil
}
