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
	if err := walkBoxes(r, 0, size, 0); err != nil {
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

func walkBoxes(r io.ReadSeeker, start, end int64, depth int) error {
	if depth > 16 {
		return errors.New("boxes nested too deep")
	}
	for off := start; off < end; {
		if end-off < 8 {
			return fmt.Errorf("%d stray bytes at %d", end-off, off)
		}
		var h [16]byte
		if _, err := r.Seek(off, io.SeekStart); err != nil {
			return err
		}
		if _, err := io.ReadFull(r, h[:8]); err != nil {
			return err
		}
		size, hdr := int64(binary.BigEndian.Uint32(h[:4])), int64(8)
		typ := string(h[4:8])
		switch size {
		case 0: // to the end
			size = end - off
		case 1: // a 64-bit size follows
			if end-off < 16 {
				return fmt.Errorf("box %q at %d: short large size", typ, off)
			}
			if _, err := io.ReadFull(r, h[8:16]); err != nil {
				return err
			}
			u := binary.BigEndian.Uint64(h[8:16])
			if u > uint64(end-off) {
				return fmt.Errorf("box %q at %d: size %d beyond its parent", typ, off, u)
			}
			size, hdr = int64(u), 16
		}
		if size < hdr || size > end-off {
			return fmt.Errorf("box %q at %d: size %d does not fit", typ, off, size)
		}
		if skip, ok := containers[typ]; ok && size-hdr >= skip {
			// A sample description's entries (mp4a...) are boxes with
			// fields before their children: their own sizes are checked,
			// and the walk stops there.
			if err := walkBoxes(r, off+hdr+skip, off+size, depth+1); err != nil {
				return err
			}
		}
		off += size
	}
	return nil
}
