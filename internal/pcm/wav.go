package pcm

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
)

// WAVHeaderSize is the size of the canonical header.
const WAVHeaderSize = 44

// MaxWAVData is the largest data chunk a RIFF file can describe; above it
// the header's sizes saturate (see Header).
const MaxWAVData = 0xFFFFFFFF - (WAVHeaderSize - 8) - 1

// Header returns the canonical 44-byte header of a PCM WAV file holding
// dataLen bytes of PCM in format f: RIFF, a 16-byte "fmt " chunk (format
// tag 1) and the "data" chunk header, with nothing optional, so that
// exporting the same audio twice gives the same bytes (the vault's
// wav_sha256 hashes them; docs/FORMAT.md, "Canonical WAV export"). If
// dataLen is odd, the file ends with one zero pad byte (WriteWAV writes
// it), which the RIFF size includes. Above 4 GiB a WAV cannot state its
// sizes: both saturate at 0xFFFFFFFF, which readers take as "to the end
// of the file". Header does not check f; WAVHeader does.
func Header(f Format, dataLen int64) []byte {
	sat := func(n int64) uint32 { return uint32(min(max(n, 0), 0xFFFFFFFF)) }
	h := make([]byte, 0, WAVHeaderSize)
	le := binary.LittleEndian
	h = append(h, "RIFF"...)
	h = le.AppendUint32(h, sat(WAVHeaderSize-8+dataLen+dataLen&1))
	h = append(h, "WAVEfmt "...)
	h = le.AppendUint32(h, 16)
	h = le.AppendUint16(h, 1) // WAVE_FORMAT_PCM
	h = le.AppendUint16(h, uint16(f.Channels))
	h = le.AppendUint32(h, uint32(f.SampleRate))
	h = le.AppendUint32(h, uint32(f.SampleRate*f.BytesPerFrame()))
	h = le.AppendUint16(h, uint16(f.BytesPerFrame()))
	h = le.AppendUint16(h, uint16(f.BitsPerSample))
	h = append(h, "data"...)
	h = le.AppendUint32(h, sat(dataLen))
	return h
}

// WAVHeader is Header for a writer: it refuses a format this package
// cannot describe, a negative length and one that is not whole frames.
func WAVHeader(f Format, dataLen int64) ([]byte, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if dataLen < 0 {
		return nil, fmt.Errorf("audio: WAV data length %d out of range", dataLen)
	}
	if dataLen%int64(f.BytesPerFrame()) != 0 {
		return nil, fmt.Errorf("audio: WAV data length %d is not whole %d-byte frames", dataLen, f.BytesPerFrame())
	}
	return Header(f, dataLen), nil
}

// WriteWAVHeader writes WAVHeader(f, dataLen) to w; the caller then writes
// exactly dataLen bytes of PCM (and a pad byte if dataLen is odd).
func WriteWAVHeader(w io.Writer, f Format, dataLen int64) error {
	h, err := WAVHeader(f, dataLen)
	if err != nil {
		return err
	}
	_, err = w.Write(h)
	return err
}

// WriteWAV writes pcm as a complete canonical WAV file.
func WriteWAV(w io.Writer, f Format, pcm []byte) error {
	if err := WriteWAVHeader(w, f, int64(len(pcm))); err != nil {
		return err
	}
	if _, err := w.Write(pcm); err != nil {
		return err
	}
	if len(pcm)%2 == 1 {
		_, err := w.Write([]byte{0})
		return err
	}
	return nil
}

// WAVInfo describes a WAV file's PCM data.
type WAVInfo struct {
	Format     Format
	DataOffset int64 // where the PCM starts in the file
	DataLen    int64 // bytes of PCM, whole frames
}

// The subformat GUID of WAVE_FORMAT_EXTENSIBLE for PCM, after its first
// two bytes (which hold the format tag, 1).
var pcmSubformatTail = []byte("\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71")

// ReadWAVHeader parses a RIFF/WAVE header up to the start of the PCM data,
// where it leaves r. It reads integer PCM only (format tag 1, or
// extensible with the PCM subformat), skips other chunks, and ignores the
// RIFF size, which many writers get wrong.
func ReadWAVHeader(r io.Reader) (WAVInfo, error) {
	var info WAVInfo
	var hdr [12]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return info, fmt.Errorf("%w: %w", ErrInvalidWAV, err)
	}
	if string(hdr[0:4]) != "RIFF" || string(hdr[8:12]) != "WAVE" {
		return info, fmt.Errorf("%w: no RIFF/WAVE signature", ErrInvalidWAV)
	}
	off := int64(12)
	haveFmt := false
	le := binary.LittleEndian
	for {
		var ch [8]byte
		if _, err := io.ReadFull(r, ch[:]); err != nil {
			return info, fmt.Errorf("%w: no data chunk: %w", ErrInvalidWAV, err)
		}
		off += 8
		id, size := string(ch[0:4]), int64(le.Uint32(ch[4:8]))
		switch id {
		case "fmt ":
			if haveFmt {
				return info, fmt.Errorf("%w: two fmt chunks", ErrInvalidWAV)
			}
			if size < 16 || size > 1024 {
				return info, fmt.Errorf("%w: fmt chunk of %d bytes", ErrInvalidWAV, size)
			}
			b := make([]byte, size+size&1)
			if _, err := io.ReadFull(r, b); err != nil {
				return info, fmt.Errorf("%w: short fmt chunk: %w", ErrInvalidWAV, err)
			}
			off += int64(len(b))
			f, err := parseFmt(b[:size])
			if err != nil {
				return info, err
			}
			info.Format, haveFmt = f, true
		case "data":
			if !haveFmt {
				return info, fmt.Errorf("%w: data before fmt", ErrInvalidWAV)
			}
			if size%int64(info.Format.BytesPerFrame()) != 0 {
				return info, fmt.Errorf("%w: data of %d bytes is not whole frames", ErrInvalidWAV, size)
			}
			info.DataOffset, info.DataLen = off, size
			return info, nil
		default:
			n, err := io.CopyN(io.Discard, r, size+size&1)
			off += n
			if err != nil {
				return info, fmt.Errorf("%w: short %q chunk: %w", ErrInvalidWAV, id, err)
			}
		}
	}
}

func parseFmt(b []byte) (Format, error) {
	le := binary.LittleEndian
	tag := le.Uint16(b[0:2])
	f := Format{
		Channels:      int(le.Uint16(b[2:4])),
		SampleRate:    int(le.Uint32(b[4:8])),
		BitsPerSample: int(le.Uint16(b[14:16])),
	}
	blockAlign := int(le.Uint16(b[12:14]))
	switch tag {
	case 1:
	case 0xFFFE:
		if len(b) < 40 || le.Uint16(b[24:26]) != 1 || !bytes.Equal(b[26:40], pcmSubformatTail) {
			return f, fmt.Errorf("%w: extensible format is not PCM", ErrInvalidWAV)
		}
	default:
		return f, fmt.Errorf("%w: format tag %#x is not PCM", ErrInvalidWAV, tag)
	}
	if err := f.Validate(); err != nil {
		return f, fmt.Errorf("%w: %w", ErrInvalidWAV, err)
	}
	if blockAlign != f.BytesPerFrame() {
		return f, fmt.Errorf("%w: block align %d for %v", ErrInvalidWAV, blockAlign, f)
	}
	return f, nil
}

// ReadWAV reads a whole PCM WAV file into memory. Memory grows with the
// bytes actually present, not with what the header claims.
func ReadWAV(r io.Reader) (Format, []byte, error) {
	info, err := ReadWAVHeader(r)
	if err != nil {
		return Format{}, nil, err
	}
	pcm, err := io.ReadAll(io.LimitReader(r, info.DataLen))
	if err != nil {
		return Format{}, nil, err
	}
	if int64(len(pcm)) != info.DataLen {
		return Format{}, nil, fmt.Errorf("%w: data chunk truncated at %d of %d bytes: %w",
			ErrInvalidWAV, len(pcm), info.DataLen, io.ErrUnexpectedEOF)
	}
	return info.Format, pcm, nil
}
