package media

import (
	"bufio"
	"errors"
	"fmt"
	"io"
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

// openAMR checks the magic and opens the system decoder.
func openAMR(r io.Reader) (Decoder, error) {
	br := bufio.NewReaderSize(r, 4096)
	magic := make([]byte, len(amrMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != amrMagic {
		return nil, damaged("amr", errors.New("no #!AMR header"))
	}
	codec := amrNew()
	if codec == nil {
		return nil, &CodecMissingError{Codec: CodecAMRNB}
	}
	return guarded{&amrDecoder{info: Info{Kind: KindAMR, Codec: CodecAMRNB, SampleRate: amrSampleRate, Channels: 1}, r: br, codec: codec}}, nil
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
