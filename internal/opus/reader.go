package opus

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Reader reads an Ogg Opus file strictly: one logical stream, mono or
// stereo, every page's CRC, sequence and serial checked, headers on
// pages of their own, granule positions that agree with the packets
// (only the last page may trim), and nothing after the EOS page. Memory
// stays bounded by one page and one packet whatever the input.
type Reader struct {
	r      io.Reader
	Head   Head
	Serial uint32
	Vendor string

	seq     uint32
	granule int64 // frames of every packet read, pre-skip included
	final   int64 // granule position of the EOS page
	eos     bool
	packets [][]byte // complete packets of the current page not yet returned
	partial []byte   // a packet continued onto the next page
	lastPg  int64    // granule of the previous page
	err     error
}

// MaxTags bounds the OpusTags packet Reader accepts.
const MaxTags = 64 << 10

func damaged(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrDamaged, fmt.Sprintf(format, a...))
}

// NewReader reads and checks the two header pages.
func NewReader(r io.Reader) (*Reader, error) {
	rd := &Reader{r: r}
	pg, err := rd.readPage(true)
	if err != nil {
		return nil, err
	}
	if pg.flags != flagBOS || pg.granule != 0 || len(pg.packets) != 1 || pg.tail != nil {
		return nil, damaged("first page is not a lone OpusHead")
	}
	h := pg.packets[0]
	if len(h) != 19 || string(h[:8]) != "OpusHead" || h[8] != 1 || (h[9] != 1 && h[9] != 2) || h[18] != 0 {
		return nil, damaged("not a mono or stereo OpusHead of version 1")
	}
	rd.Head = Head{Channels: int(h[9]), PreSkip: int(binary.LittleEndian.Uint16(h[10:]))}
	if rate := binary.LittleEndian.Uint32(h[12:]); rate == 0 {
		return nil, damaged("OpusHead input rate 0")
	}
	pg, err = rd.readPage(false)
	if err != nil {
		return nil, err
	}
	if pg.flags&^flagEOS != 0 || pg.granule != 0 || len(pg.packets) != 1 || pg.tail != nil {
		return nil, damaged("second page is not a lone OpusTags")
	}
	if rd.Vendor, err = parseTags(pg.packets[0]); err != nil {
		return nil, err
	}
	if pg.flags&flagEOS != 0 {
		rd.eos = true
	}
	return rd, nil
}

func parseTags(t []byte) (string, error) {
	if len(t) < 16 || string(t[:8]) != "OpusTags" {
		return "", damaged("no OpusTags")
	}
	rest := t[8:]
	vl := int64(binary.LittleEndian.Uint32(rest))
	rest = rest[4:]
	if vl > int64(len(rest))-4 {
		return "", damaged("OpusTags vendor length")
	}
	vendor := string(rest[:vl])
	rest = rest[vl:]
	n := int64(binary.LittleEndian.Uint32(rest))
	rest = rest[4:]
	for range n {
		if len(rest) < 4 {
			return "", damaged("OpusTags comment count")
		}
		cl := int64(binary.LittleEndian.Uint32(rest))
		rest = rest[4:]
		if cl > int64(len(rest)) {
			return "", damaged("OpusTags comment length")
		}
		rest = rest[cl:]
	}
	// RFC 7845 allows data after the comments (when its first bit is
	// set); Kiroku writes none and accepts none.
	if len(rest) != 0 {
		return "", damaged("OpusTags trailing data")
	}
	return vendor, nil
}

type page struct {
	flags   byte
	granule int64
	packets [][]byte // complete packets (the first may be a continuation's end)
	tail    []byte   // unfinished packet at the end of the page
}

// readPage reads and checks one page. first: the BOS page, which sets
// the serial.
func (rd *Reader) readPage(first bool) (page, error) {
	var hdr [27]byte
	if _, err := io.ReadFull(rd.r, hdr[:]); err != nil {
		if errors.Is(err, io.EOF) {
			return page{}, damaged("ends without an EOS page")
		}
		return page{}, damaged("page %d: %v", rd.seq, err)
	}
	if string(hdr[:4]) != "OggS" || hdr[4] != 0 {
		return page{}, damaged("page %d: no Ogg capture pattern", rd.seq)
	}
	flags := hdr[5]
	if flags&^(flagContinued|flagBOS|flagEOS) != 0 {
		return page{}, damaged("page %d: unknown flags %#x", rd.seq, flags)
	}
	serial := binary.LittleEndian.Uint32(hdr[14:])
	if first {
		rd.Serial = serial
	} else if serial != rd.Serial || flags&flagBOS != 0 {
		return page{}, damaged("page %d: a second logical stream", rd.seq)
	}
	if seq := binary.LittleEndian.Uint32(hdr[18:]); seq != rd.seq {
		return page{}, damaged("page %d: numbered %d", rd.seq, seq)
	}
	nseg := int(hdr[26])
	buf := make([]byte, 27+nseg, 27+nseg+255*nseg)
	copy(buf, hdr[:])
	if _, err := io.ReadFull(rd.r, buf[27:]); err != nil {
		return page{}, damaged("page %d: lacing: %v", rd.seq, err)
	}
	size := 0
	for _, l := range buf[27:] {
		size += int(l)
	}
	buf = buf[:27+nseg+size]
	if _, err := io.ReadFull(rd.r, buf[27+nseg:]); err != nil {
		return page{}, damaged("page %d: body: %v", rd.seq, err)
	}
	want := binary.LittleEndian.Uint32(buf[22:])
	binary.LittleEndian.PutUint32(buf[22:], 0)
	if crc(buf) != want {
		return page{}, damaged("page %d: CRC mismatch", rd.seq)
	}
	pg := page{flags: flags, granule: int64(binary.LittleEndian.Uint64(hdr[6:]))}
	body := buf[27+nseg:]
	start := 0
	end := 0
	for _, l := range buf[27 : 27+nseg] {
		end += int(l)
		if l < 255 {
			pg.packets = append(pg.packets, body[start:end])
			start = end
		}
	}
	if start < end {
		pg.tail = body[start:end]
	}
	if (flags&flagContinued != 0) != (rd.partial != nil) {
		return page{}, damaged("page %d: continuation flag disagrees with the previous page", rd.seq)
	}
	rd.seq++
	return pg, nil
}

// Next returns the next audio packet, or io.EOF after the EOS page. The
// packet is valid until the next call.
func (rd *Reader) Next() ([]byte, error) {
	if rd.err != nil {
		return nil, rd.err
	}
	for len(rd.packets) == 0 {
		if rd.eos {
			rd.err = rd.atEOS()
			return nil, rd.err
		}
		if err := rd.nextPage(); err != nil {
			rd.err = err
			return nil, err
		}
	}
	p := rd.packets[0]
	rd.packets = rd.packets[1:]
	return p, nil
}

func (rd *Reader) atEOS() error {
	var one [1]byte
	if n, _ := io.ReadFull(rd.r, one[:]); n != 0 {
		return damaged("data after the EOS page")
	}
	return io.EOF
}

func (rd *Reader) nextPage() error {
	pg, err := rd.readPage(false)
	if err != nil {
		return err
	}
	pkts := pg.packets
	if rd.partial != nil && len(pkts) > 0 {
		joined := append(rd.partial, pkts[0]...)
		rd.partial = nil
		if len(joined) > MaxPacket {
			return damaged("page %d: packet over %d bytes", rd.seq-1, MaxPacket)
		}
		pkts = append([][]byte{joined}, pkts[1:]...)
	} else if rd.partial != nil {
		rd.partial = append(rd.partial, pg.tail...)
		pg.tail = nil
		if len(rd.partial) > MaxPacket {
			return damaged("page %d: packet over %d bytes", rd.seq-1, MaxPacket)
		}
	}
	if pg.tail != nil {
		rd.partial = append([]byte(nil), pg.tail...)
	}
	var frames int64
	for _, p := range pkts {
		n, err := PacketFrames(p)
		if err != nil {
			return fmt.Errorf("page %d: %w", rd.seq-1, err)
		}
		frames += int64(n)
	}
	rd.granule += frames
	eos := pg.flags&flagEOS != 0
	switch {
	case len(pkts) == 0:
		// Only a page that finishes no packet may say -1.
		if pg.granule != -1 || eos {
			return damaged("page %d: finishes no packet but has granule %d", rd.seq-1, pg.granule)
		}
	case eos:
		if rd.partial != nil {
			return damaged("page %d: stream ends inside a packet", rd.seq-1)
		}
		if pg.granule > rd.granule || pg.granule <= rd.lastPg || pg.granule < int64(rd.Head.PreSkip) {
			return damaged("page %d: final granule %d for %d frames", rd.seq-1, pg.granule, rd.granule)
		}
		rd.final = pg.granule
		rd.eos = true
	default:
		if pg.granule != rd.granule {
			return damaged("page %d: granule %d, the packets give %d", rd.seq-1, pg.granule, rd.granule)
		}
	}
	if len(pkts) > 0 {
		rd.lastPg = pg.granule
	}
	rd.packets = pkts
	return nil
}

// Frames is the stream's length in frames after pre-skip and end
// trimming; known once Next has returned io.EOF.
func (rd *Reader) Frames() int64 {
	if !rd.eos || rd.final == 0 {
		return 0
	}
	return rd.final - int64(rd.Head.PreSkip)
}

// Decode reads the whole file from r and writes its PCM (s16le, pre-skip
// dropped, end trimmed) to w, one packet at a time. It returns the head
// and the number of frames written.
func Decode(r io.Reader, w io.Writer) (Head, int64, error) {
	rd, err := NewReader(r)
	if err != nil {
		return Head{}, 0, err
	}
	dec, err := NewDecoder(rd.Head.Channels)
	if err != nil {
		return rd.Head, 0, err
	}
	// The length is known at the end: hold back what may be trimmed.
	skip := int64(rd.Head.PreSkip)
	bpf := 2 * rd.Head.Channels
	var held bytes.Buffer
	var pos int64 // frames decoded, pre-skip included
	var wrote int64
	for {
		p, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rd.Head, wrote, err
		}
		pcm, err := dec.Decode(p)
		if err != nil {
			return rd.Head, wrote, err
		}
		n := int64(len(pcm) / bpf)
		if k := min(max(skip-pos, 0), n); k > 0 {
			pcm = pcm[k*int64(bpf):]
		}
		pos += n
		// Write out all but a page's worth: end trimming only touches the last page.
		held.Write(pcm)
		if extra := held.Len() - maxPageFrames*bpf; extra > 0 {
			extra -= extra % bpf
			if _, err := w.Write(held.Next(extra)); err != nil {
				return rd.Head, wrote, err
			}
			wrote += int64(extra / bpf)
		}
	}
	left := rd.Frames() - wrote
	if left < 0 || left*int64(bpf) > int64(held.Len()) {
		return rd.Head, wrote, damaged("end trimming beyond the held audio")
	}
	if _, err := w.Write(held.Next(int(left) * bpf)); err != nil {
		return rd.Head, wrote, err
	}
	return rd.Head, wrote + left, nil
}

// maxPageFrames is the most audio one page can hold: 255 packets of
// 120 ms.
const maxPageFrames = 255 * 5760
