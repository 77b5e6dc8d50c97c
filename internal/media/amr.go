package media

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"time"
)

// AMR-NB (what .amr and .3gp voice recorders and many Android call
// recorders write) has no maintained pure-Go decoder. Kiroku reads the
// file format itself (RFC 4867 section 5, the storage format: "#!AMR\n",
// then frames of one header byte and a payload whose size the header's
// frame type gives) and hands each frame to the system's AMR decoder when
// one is installed: on Linux the OpenCORE AMR-NB library that FFmpeg and
// GStreamer use (libopencore-amrnb.so.0, loaded at run time, so nothing
// is needed to start Kiroku). Where none is found the file is named as
// amr-nb audio that cannot be decoded on this computer, and stays stored.

// amrFrameBytes is the payload size of each frame type (RFC 4867 table 1
// and 3GPP TS 26.101): modes 4.75 to 12.2 kbit/s, comfort noise (8), and
// no data (15); 9 to 14 are reserved or for other systems.
var amrFrameBytes = [16]int{12, 13, 15, 17, 19, 20, 26, 31, 5, -1, -1, -1, -1, -1, -1, 0}

const (
	amrMagic       = "#!AMR\n"
	amrFrameLen    = 160  // samples per frame: 20 ms at 8 kHz
	amrMaxFrame    = 32   // header byte and the largest payload
	amrSampleRate  = 8000 // AMR-NB
	amrBufferBytes = 64   // what the decoder is given: a frame zero-padded
)

// amrCodec is a decoder of single AMR-NB frames (amrNew returns one, or
// nil when this computer has none).
type amrCodec interface {
	// decode turns one frame (header byte and payload, zero-padded to
	// amrBufferBytes) into amrFrameLen samples.
	decode(frame *[amrBufferBytes]byte, out *[amrFrameLen]int16)
	close()
}

// amrNew opens the system's AMR-NB decoder; nil when there is none. Tests
// replace it to act out a computer without one.
var amrNew = systemAMR

// readAMRFrame reads the next frame of an AMR storage-format stream into
// f (zero-padded). io.EOF at a clean end; a truncated or reserved frame is
// damage.
func readAMRFrame(r io.ByteReader, rd io.Reader, f *[amrBufferBytes]byte) error {
	h, err := r.ReadByte()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return io.EOF
		}
		return err
	}
	if h&0x83 != 0 { // the padding bits must be zero
		return fmt.Errorf("frame header %#02x", h)
	}
	n := amrFrameBytes[h>>3&0x0f]
	if n < 0 {
		return fmt.Errorf("reserved frame type %d", h>>3&0x0f)
	}
	*f = [amrBufferBytes]byte{}
	f[0] = h
	if _, err := io.ReadFull(rd, f[1:1+n]); err != nil {
		return fmt.Errorf("a frame cut short: %w", err)
	}
	return nil
}

type amrDecoder struct {
	info  Info
	r     *bufio.Reader
	codec amrCodec
	frame [amrBufferBytes]byte
	out   [amrFrameLen]int16
	have  []int16 // decoded samples not read yet
	err   error
}

// openAMR checks the magic of an .amr file and decodes its frames.
func openAMR(r io.Reader) (Decoder, error) {
	br := bufio.NewReaderSize(r, 4096)
	magic := make([]byte, len(amrMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != amrMagic {
		return nil, damaged("amr", errors.New("no #!AMR header"))
	}
	return newAMRDecoder(br, Info{Kind: KindAMR})
}

// newAMRDecoder decodes the AMR-NB frames read from br (storage format,
// without the magic) with the system decoder; info gives the kind and the
// creation time.
func newAMRDecoder(br *bufio.Reader, info Info) (Decoder, error) {
	codec := amrNew()
	if codec == nil {
		return nil, &CodecMissingError{Codec: CodecAMRNB}
	}
	info.Codec, info.SampleRate, info.Channels = CodecAMRNB, amrSampleRate, 1
	return guarded{&amrDecoder{info: info, r: br, codec: codec}}, nil
}

// mp4Ranges lists where the samples of a track are in an MP4 file of
// size bytes (offset and length each, in order), from its sample tables;
// the tables come from anyone, so every number is checked against the
// file before it is used.
func mp4Ranges(t *mp4Track, size int64) ([][2]int64, error) {
	if t == nil || len(t.stsc) == 0 || t.stsc[0].firstChunk != 1 {
		return nil, errors.New("no chunk table")
	}
	n := int64(t.count)
	if t.uniform == 0 {
		n = int64(len(t.sizes))
	}
	var out [][2]int64
	var total int64
	sample, e := int64(1), 0
	for c := 1; c <= len(t.offsets) && sample <= n; c++ {
		for e+1 < len(t.stsc) && uint64(c) >= uint64(t.stsc[e+1].firstChunk) {
			e++
		}
		per := int64(t.stsc[e].perChunk)
		if per == 0 {
			return nil, errors.New("a chunk of no samples")
		}
		off := t.offsets[c-1]
		for i := int64(0); i < per && sample <= n; i++ {
			sz := int64(t.uniform)
			if t.uniform == 0 {
				sz = int64(t.sizes[sample-1])
			}
			if sz <= 0 || off > uint64(size) || sz > size-int64(off) || total+sz > size {
				return nil, fmt.Errorf("sample %d outside the file", sample)
			}
			out = append(out, [2]int64{int64(off), sz})
			off += uint64(sz)
			total += sz
			sample++
		}
	}
	if sample <= n {
		return nil, fmt.Errorf("%d samples, chunks for %d", n, sample-1)
	}
	return out, nil
}

// rangeReader reads the ranges of r one after another.
type rangeReader struct {
	r      io.ReadSeeker
	ranges [][2]int64
	left   int64 // of the current range
}

func (rr *rangeReader) Read(p []byte) (int, error) {
	for rr.left == 0 {
		if len(rr.ranges) == 0 {
			return 0, io.EOF
		}
		if _, err := rr.r.Seek(rr.ranges[0][0], io.SeekStart); err != nil {
			return 0, err
		}
		rr.left = rr.ranges[0][1]
		rr.ranges = rr.ranges[1:]
	}
	if int64(len(p)) > rr.left {
		p = p[:rr.left]
	}
	n, err := rr.r.Read(p)
	rr.left -= int64(n)
	if errors.Is(err, io.EOF) && rr.left > 0 {
		err = io.ErrUnexpectedEOF
	} else if errors.Is(err, io.EOF) {
		err = nil
	}
	return n, err
}

// openMP4AMR decodes the AMR-NB track of a .3gp file: each sample is one
// or more frames in the storage format (3GPP TS 26.244).
func openMP4AMR(r io.ReadSeeker, t *mp4Track, created time.Time) (Decoder, error) {
	size, err := r.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, fmt.Errorf("read audio: %w", err)
	}
	ranges, err := mp4Ranges(t, size)
	if err != nil {
		return nil, damaged("3gp", err)
	}
	return newAMRDecoder(bufio.NewReaderSize(&rangeReader{r: r, ranges: ranges}, 4096), Info{Kind: KindMP4, Created: created})
}

func (d *amrDecoder) Info() Info { return d.info }

func (d *amrDecoder) Close() error {
	if d.codec != nil {
		d.codec.close()
		d.codec = nil
	}
	return nil
}

func (d *amrDecoder) Read(p []int16) (int, error) {
	n := 0
	for n < len(p) {
		if len(d.have) == 0 {
			if d.err != nil || d.codec == nil {
				break
			}
			if err := readAMRFrame(d.r, d.r, &d.frame); err != nil {
				if errors.Is(err, io.EOF) {
					d.err = io.EOF
				} else {
					d.err = damaged("amr", err)
				}
				break
			}
			d.codec.decode(&d.frame, &d.out)
			d.have = d.out[:]
		}
		c := copy(p[n:], d.have)
		n += c
		d.have = d.have[c:]
	}
	if n > 0 {
		return n, nil
	}
	if d.err == nil {
		d.err = io.EOF
	}
	return 0, d.err
}
