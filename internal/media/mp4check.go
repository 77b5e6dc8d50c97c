package media

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// checkMP4Boxes walks an MP4 file's box tree and refuses sizes that do not
// fit in their parent (or the file). The MP4 libraries allocate a box's
// stated size before reading it, so a few damaged bytes could otherwise
// ask for gigabytes (found by FuzzOpen).
func checkMP4Boxes(r io.ReadSeeker) error {
	size, err := r.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	if err := walkBoxes(r, 0, size, 0, size); err != nil {
		return err
	}
	_, err = r.Seek(0, io.SeekStart)
	return err
}

// containers hold only boxes (meta holds 4 bytes of version and flags
// first; stsd 8 bytes: version, flags and an entry count).
var containers = map[string]int64{
	"moov": 0, "trak": 0, "mdia": 0, "minf": 0, "stbl": 0, "udta": 0, "edts": 0, "dinf": 0,
	"mvex": 0, "moof": 0, "traf": 0, "ilst": 0, "meta": 4, "stsd": 8,
}

// tables are the full boxes whose body is an entry count and that many
// entries of a fixed size (elst's depends on its version; stsz has a
// uniform size before its count and entries only when that is 0).
var tables = map[string]int64{"stts": 8, "ctts": 8, "stsc": 12, "stco": 4, "co64": 8, "stss": 4, "elst": 12, "stsz": 4}

// checkTable refuses a table whose entry count is more than its body
// holds, and sample counts the file cannot hold (every sample is at least
// a byte of it): the MP4 libraries loop over, or make a slice of, the
// stated count (an edit list of four billion entries, a uniform sample
// size with four billion samples: found by FuzzOpen).
func checkTable(r io.ReadSeeker, typ string, body, n, fileSize int64) error {
	entry, ok := tables[typ]
	if !ok {
		return nil
	}
	head := int64(8) // version and flags, count
	if typ == "stsz" {
		head = 12 // version and flags, uniform size, count
	}
	if n < head {
		return errors.New("table too short")
	}
	var b [12]byte
	if _, err := r.Seek(body, io.SeekStart); err != nil {
		return err
	}
	if _, err := io.ReadFull(r, b[:head]); err != nil {
		return err
	}
	count := int64(binary.BigEndian.Uint32(b[head-4 : head]))
	switch {
	case typ == "elst" && b[0] == 1:
		entry = 20
	case typ == "stsz" && binary.BigEndian.Uint32(b[4:8]) != 0:
		// One size for every sample: no table, but the samples must fit.
		if count > fileSize/int64(binary.BigEndian.Uint32(b[4:8])) {
			return fmt.Errorf("%d samples of %d bytes in a file of %d", count, binary.BigEndian.Uint32(b[4:8]), fileSize)
		}
		return nil
	}
	if count > (n-head)/entry {
		return fmt.Errorf("%d entries in %d bytes", count, n-head)
	}
	if typ == "stts" {
		// Runs of samples with one duration: the runs' samples must fit.
		var total int64
		e := make([]byte, 8)
		for range count {
			if _, err := io.ReadFull(r, e); err != nil {
				return err
			}
			if total += int64(binary.BigEndian.Uint32(e[:4])); total > fileSize {
				return fmt.Errorf("more samples than the file's %d bytes", fileSize)
			}
		}
	}
	return nil
}

// boxHeader reads the header of the box at off, which must end by end:
// its type, its size (header included) and the header's length.
func boxHeader(r io.ReadSeeker, off, end int64) (typ string, size, hdr int64, err error) {
	var h [16]byte
	if _, err := r.Seek(off, io.SeekStart); err != nil {
		return "", 0, 0, err
	}
	if _, err := io.ReadFull(r, h[:8]); err != nil {
		return "", 0, 0, err
	}
	size, hdr, typ = int64(binary.BigEndian.Uint32(h[:4])), 8, string(h[4:8])
	switch size {
	case 0: // to the end
		size = end - off
	case 1: // a 64-bit size follows
		if end-off < 16 {
			return "", 0, 0, fmt.Errorf("box %q at %d: short large size", typ, off)
		}
		if _, err := io.ReadFull(r, h[8:16]); err != nil {
			return "", 0, 0, err
		}
		u := binary.BigEndian.Uint64(h[8:16])
		if u > uint64(end-off) {
			return "", 0, 0, fmt.Errorf("box %q at %d: size %d beyond its parent", typ, off, u)
		}
		size, hdr = int64(u), 16
	}
	if size < hdr || size > end-off {
		return "", 0, 0, fmt.Errorf("box %q at %d: size %d does not fit", typ, off, size)
	}
	return typ, size, hdr, nil
}

func walkBoxes(r io.ReadSeeker, start, end int64, depth int, fileSize int64) error {
	if depth > 16 {
		return errors.New("boxes nested too deep")
	}
	for off := start; off < end; {
		if end-off < 8 {
			return fmt.Errorf("%d stray bytes at %d", end-off, off)
		}
		typ, size, hdr, err := boxHeader(r, off, end)
		if err != nil {
			return err
		}
		if err := checkTable(r, typ, off+hdr, size-hdr, fileSize); err != nil {
			return fmt.Errorf("box %q at %d: %w", typ, off, err)
		}
		if skip, ok := containers[typ]; ok && size-hdr >= skip {
			// A sample description's entries (mp4a...) are boxes with
			// fields before their children: their own sizes are checked,
			// and the walk stops there.
			if err := walkBoxes(r, off+hdr+skip, off+size, depth+1, fileSize); err != nil {
				return err
			}
		}
		off += size
	}
	return nil
}
