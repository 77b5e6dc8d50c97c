package opus

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Vendor is the OpusTags vendor string of every file Kiroku writes. It
// names no version: the file's bytes must not change with the program.
const Vendor = "Kiroku"

// PageFrames is about how much audio one page holds (one second).
const PageFrames = SampleRate

// Head is the part of OpusHead that varies.
type Head struct {
	Channels int
	PreSkip  int
}

func (h Head) valid() error {
	if h.Channels < 1 || h.Channels > 2 || h.PreSkip < 0 || h.PreSkip > 65535 {
		return fmt.Errorf("opus: bad stream head %+v", h)
	}
	return nil
}

// Page header flags.
const (
	flagContinued = 0x01
	flagBOS       = 0x02
	flagEOS       = 0x04
)

func opusHead(h Head) []byte {
	b := make([]byte, 0, 19)
	b = append(b, "OpusHead"...)
	b = append(b, 1, byte(h.Channels))
	b = binary.LittleEndian.AppendUint16(b, uint16(h.PreSkip))
	b = binary.LittleEndian.AppendUint32(b, SampleRate)
	b = binary.LittleEndian.AppendUint16(b, 0) // output gain
	return append(b, 0)                        // mapping family 0
}

func opusTags() []byte {
	b := append([]byte("OpusTags"), 0, 0, 0, 0)
	binary.LittleEndian.PutUint32(b[8:], uint32(len(Vendor)))
	b = append(b, Vendor...)
	return binary.LittleEndian.AppendUint32(b, 0) // no user comments
}

// OggWriter writes the canonical Ogg Opus file of a packet stream (see
// the package comment). It holds at most two pages of packets.
type OggWriter struct {
	w       io.Writer
	serial  uint32
	head    Head
	seq     uint32
	tagsOut bool

	cur      [][]byte // packets of the page being filled
	curSegs  int
	curFr    int64
	held     [][]byte // a closed page, written once we know it is not the last
	heldGran int64
	granule  int64 // frames of every packet so far, pre-skip included
	lastGran int64 // granule position of the last page written
	packets  int64
	err      error
	closed   bool
}

// NewOggWriter writes the identification header page to w.
func NewOggWriter(w io.Writer, serial uint32, h Head) (*OggWriter, error) {
	if err := h.valid(); err != nil {
		return nil, err
	}
	o := &OggWriter{w: w, serial: serial, head: h}
	if err := o.page(flagBOS, 0, [][]byte{opusHead(h)}); err != nil {
		return nil, err
	}
	return o, nil
}

func segments(n int) int { return n/255 + 1 }

// WritePacket appends one packet.
func (o *OggWriter) WritePacket(p []byte) error {
	if o.err != nil {
		return o.err
	}
	if o.closed {
		return errors.New("opus: ogg writer closed")
	}
	fr, err := PacketFrames(p)
	if err != nil {
		return err
	}
	if !o.tagsOut {
		if o.err = o.page(0, 0, [][]byte{opusTags()}); o.err != nil {
			return o.err
		}
		o.tagsOut = true
	}
	if o.curSegs+segments(len(p)) > 255 {
		o.closePage()
	}
	if o.held != nil {
		if o.err = o.page(0, o.heldGran, o.held); o.err != nil {
			return o.err
		}
		o.held = nil
	}
	o.cur = append(o.cur, append([]byte(nil), p...))
	o.curSegs += segments(len(p))
	o.curFr += int64(fr)
	o.granule += int64(fr)
	o.packets++
	if o.curFr >= PageFrames {
		o.closePage()
	}
	return nil
}

func (o *OggWriter) closePage() {
	if len(o.cur) == 0 {
		return
	}
	o.held, o.heldGran = o.cur, o.granule
	o.cur, o.curSegs, o.curFr = nil, 0, 0
}

// Close writes the last page (EOS) with the granule position trimmed to
// frames of audio after the pre-skip. frames must leave the last page
// some audio and may not exceed what the packets hold.
func (o *OggWriter) Close(frames int64) error {
	if o.err != nil {
		return o.err
	}
	if o.closed {
		return errors.New("opus: ogg writer closed")
	}
	o.closed = true
	if o.packets == 0 {
		if frames != 0 {
			return fmt.Errorf("opus: %d frames but no packets", frames)
		}
		// Headers only: the tags page ends the stream.
		return o.page(flagEOS, 0, [][]byte{opusTags()})
	}
	final := int64(o.head.PreSkip) + frames
	if final > o.granule || frames < 0 {
		return fmt.Errorf("opus: %d frames, the packets hold %d after a pre-skip of %d", frames, o.granule-int64(o.head.PreSkip), o.head.PreSkip)
	}
	if len(o.cur) > 0 {
		if o.held != nil {
			if err := o.page(0, o.heldGran, o.held); err != nil {
				return err
			}
		}
		o.held, o.heldGran = o.cur, o.granule
	}
	if final <= o.lastGran {
		return fmt.Errorf("opus: end trimming of %d frames reaches before the last page", o.granule-final)
	}
	return o.page(flagEOS, final, o.held)
}

// page writes one page holding whole packets.
func (o *OggWriter) page(flags byte, granule int64, packets [][]byte) error {
	var lacing []byte
	size := 0
	for _, p := range packets {
		for n := len(p); ; n -= 255 {
			if n < 255 {
				lacing = append(lacing, byte(n))
				break
			}
			lacing = append(lacing, 255)
		}
		size += len(p)
	}
	if len(lacing) > 255 {
		return fmt.Errorf("opus: %d lacing values on one page", len(lacing))
	}
	b := make([]byte, 27, 27+len(lacing)+size)
	copy(b, "OggS")
	b[5] = flags
	binary.LittleEndian.PutUint64(b[6:], uint64(granule))
	binary.LittleEndian.PutUint32(b[14:], o.serial)
	binary.LittleEndian.PutUint32(b[18:], o.seq)
	b[26] = byte(len(lacing))
	b = append(b, lacing...)
	for _, p := range packets {
		b = append(b, p...)
	}
	binary.LittleEndian.PutUint32(b[22:], crc(b))
	if _, err := o.w.Write(b); err != nil {
		return fmt.Errorf("opus: write page %d: %w", o.seq, err)
	}
	o.seq++
	o.lastGran = granule
	return nil
}

// crcTable is Ogg's CRC-32: polynomial 0x04c11db7, not reflected, no
// initial or final XOR (RFC 3533).
var crcTable = func() (t [256]uint32) {
	for i := range t {
		r := uint32(i) << 24
		for range 8 {
			if r&0x80000000 != 0 {
				r = r<<1 ^ 0x04c11db7
			} else {
				r <<= 1
			}
		}
		t[i] = r
	}
	return t
}()

func crc(b []byte) uint32 {
	var c uint32
	for _, x := range b {
		c = c<<8 ^ crcTable[byte(c>>24)^x]
	}
	return c
}
