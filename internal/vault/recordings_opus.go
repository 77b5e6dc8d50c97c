package vault

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"io"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/opus"
	"github.com/kiroku-app/kiroku/internal/pcm"
	"github.com/kiroku-app/kiroku/internal/record"
)

// Opus recordings (vault format 8). A chunk's plaintext is the Opus
// packets of at most one second, each preceded by its length as a 16-bit
// little-endian number; the chunk's frames column counts the 48 kHz
// frames its packets decode to (20 ms = 960 each). The encoder runs on
// the writer's goroutine and keeps less than 20 ms of audio between
// chunks, so a crash still loses at most the chunk in flight and that.
// The canonical export is the Ogg Opus file opus.OggWriter makes of the
// stored packets (docs/FORMAT.md, "Canonical Ogg Opus export"): the end
// record carries its SHA-256 in opus_sha256, and check makes it again.

// maxChunkPackets keeps an Opus chunk within MaxChunkDuration.
const maxChunkPackets = int(MaxChunkDuration / (20 * 1_000_000))

// packChunk lays packets out as a chunk's plaintext.
func packChunk(packets [][]byte) ([]byte, int64) {
	var n int
	for _, p := range packets {
		n += 2 + len(p)
	}
	b := make([]byte, 0, n)
	var frames int64
	for _, p := range packets {
		b = binary.LittleEndian.AppendUint16(b, uint16(len(p)))
		b = append(b, p...)
		fr, _ := opus.PacketFrames(p) // the encoder's own packets
		frames += int64(fr)
	}
	return b, frames
}

// unpackChunk splits a chunk's plaintext into packets and checks each.
func unpackChunk(b []byte, fn func(p []byte) error) (frames int64, err error) {
	for len(b) > 0 {
		if len(b) < 2 {
			return 0, fmt.Errorf("%w: a packet length cut short", apperr.ErrDamaged)
		}
		n := int(binary.LittleEndian.Uint16(b))
		b = b[2:]
		if n == 0 || n > len(b) {
			return 0, fmt.Errorf("%w: a packet of %d bytes", apperr.ErrDamaged, n)
		}
		fr, err := opus.PacketFrames(b[:n])
		if err != nil {
			return 0, fmt.Errorf("%w: %v", apperr.ErrDamaged, err)
		}
		if fn != nil {
			if err := fn(b[:n]); err != nil {
				return 0, err
			}
		}
		frames += int64(fr)
		b = b[n:]
	}
	return frames, nil
}

// oggSerial is the Ogg serial number of a recording's canonical file:
// the first four bytes of its start record's hash, fixed for the
// recording and different between recordings.
func oggSerial(start record.RecordingStart) uint32 {
	canon, _ := start.Canonical()
	h := record.Hash(canon)
	return binary.BigEndian.Uint32(h[:4])
}

// audioSink takes a recording's data chunks in order and gives the
// SHA-256 of its canonical export file and its length in frames.
type audioSink interface {
	chunk(body []byte, frames int64) error
	sum() ([]byte, int64, error)
}

// wavSink hashes the canonical WAV of a PCM recording; the header needs
// the data length first.
type wavSink struct {
	h      hash.Hash
	w      io.Writer
	frames int64
}

func newWAVSink(f record.AudioFormat, dataLen int64, out io.Writer) (*wavSink, error) {
	s := &wavSink{h: sha256.New()}
	s.w = s.h
	if out != nil {
		s.w = io.MultiWriter(out, s.h)
	}
	if _, err := s.w.Write(pcm.Header(pcm.Format{SampleRate: f.SampleRate, Channels: f.Channels, BitsPerSample: f.Bits}, dataLen)); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *wavSink) chunk(body []byte, frames int64) error {
	s.frames += frames
	_, err := s.w.Write(body)
	return err
}

func (s *wavSink) sum() ([]byte, int64, error) { return s.h.Sum(nil), s.frames, nil }

// oggSink builds the canonical Ogg Opus file of an Opus recording from
// its packets, hashing it (and writing it to out, if set).
type oggSink struct {
	id      int64
	h       hash.Hash
	w       *opus.OggWriter
	preSkip int64
	encoded int64 // frames the packets decode to, pre-skip included
	frames  int64 // the length to trim to; -1: everything after the pre-skip
}

// newOggSink: frames is the recording's length (from its end record or
// its writer), or -1 for a recording cut off by a crash, whose length is
// what its packets hold.
func newOggSink(id int64, start record.RecordingStart, frames int64, out io.Writer) (*oggSink, error) {
	s := &oggSink{id: id, h: sha256.New(), preSkip: int64(start.Format.PreSkip), frames: frames}
	var w io.Writer = s.h
	if out != nil {
		w = io.MultiWriter(out, s.h)
	}
	ow, err := opus.NewOggWriter(w, oggSerial(start), opus.Head{Channels: start.Format.Channels, PreSkip: start.Format.PreSkip})
	if err != nil {
		return nil, err
	}
	s.w = ow
	return s, nil
}

func (s *oggSink) packet(p []byte) error { return s.w.WritePacket(p) }

func (s *oggSink) chunk(body []byte, frames int64) error {
	got, err := unpackChunk(body, s.packet)
	if err != nil {
		return fmt.Errorf("%s: %w", recordingRef(s.id), err)
	}
	if got != frames {
		return fmt.Errorf("%s: a chunk's packets hold %d frames, its row says %d: %w", recordingRef(s.id), got, frames, apperr.ErrDamaged)
	}
	s.encoded += got
	return nil
}

func (s *oggSink) sum() ([]byte, int64, error) {
	n := s.frames
	avail := max(s.encoded-s.preSkip, 0)
	if n < 0 {
		n = avail
	}
	// The encoder pads the last packet: what the packets hold beyond the
	// length is less than one 20 ms packet.
	if n > avail || (s.encoded > 0 && avail-n >= opus.FrameSamples) || (s.encoded == 0 && n != 0) {
		return nil, 0, fmt.Errorf("%s: %d frames of audio, the packets hold %d: %w", recordingRef(s.id), n, avail, apperr.ErrDamaged)
	}
	if err := s.w.Close(n); err != nil {
		return nil, 0, fmt.Errorf("%s: %w (%w)", recordingRef(s.id), apperr.ErrDamaged, err)
	}
	return s.h.Sum(nil), n, nil
}

// hashOgg makes the canonical Ogg Opus file of recording id from its
// stored chunks and then tail (packets not yet stored), hashing it and
// writing it to out if set. It returns the hash, the number of data
// chunks (the tail's included) and the length in frames (see newOggSink
// for frames). Callers hold v.mu.
func (v *Vault) hashOgg(ctx context.Context, id int64, start record.RecordingStart, requireFinal bool, tail [][]byte, frames int64, out io.Writer) ([]byte, int64, int64, error) {
	s, err := newOggSink(id, start, frames, out)
	if err != nil {
		return nil, 0, 0, err
	}
	chunks, _, err := v.eachChunk(ctx, id, requireFinal, func(_ int64, body []byte, fr int64) error {
		return s.chunk(body, fr)
	})
	if err != nil {
		return nil, 0, 0, err
	}
	for len(tail) > 0 {
		n := min(len(tail), maxChunkPackets)
		body, fr := packChunk(tail[:n])
		if err := s.chunk(body, fr); err != nil {
			return nil, 0, 0, err
		}
		tail = tail[n:]
		chunks++
	}
	sum, n, err := s.sum()
	return sum, chunks, n, err
}

// exportOpusWAV decodes an Opus recording into a canonical WAV, one chunk
// at a time, and checks the packets against the recorded Ogg hash on
// the way. Callers hold v.mu.
func (v *Vault) exportOpusWAV(ctx context.Context, r Recording, w io.Writer) ([]byte, error) {
	f := r.Start.Format
	bpf := int64(f.BytesPerFrame())
	h := sha256.New()
	mw := io.MultiWriter(w, h)
	if _, err := mw.Write(pcm.Header(pcm.Format{SampleRate: f.SampleRate, Channels: f.Channels, BitsPerSample: f.Bits}, r.Frames*bpf)); err != nil {
		return nil, err
	}
	dec, err := opus.NewDecoder(f.Channels)
	if err != nil {
		return nil, err
	}
	sink, err := newOggSink(r.ID, r.Start, endFrames(r.End), nil)
	if err != nil {
		return nil, err
	}
	trim := opus.NewTrim(f.Channels, f.PreSkip, r.Frames)
	_, _, err = v.eachChunk(ctx, r.ID, r.End != nil, func(_ int64, body []byte, fr int64) error {
		if err := sink.chunk(body, fr); err != nil {
			return err
		}
		_, err := unpackChunk(body, func(p []byte) error {
			out, err := dec.Decode(p)
			if err != nil {
				return fmt.Errorf("%s: %w (%w)", recordingRef(r.ID), apperr.ErrDamaged, err)
			}
			_, err = mw.Write(trim.Cut(out))
			return err
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	if trim.Left() != 0 {
		return nil, fmt.Errorf("%s: %d frames of audio missing: %w", recordingRef(r.ID), trim.Left(), apperr.ErrDamaged)
	}
	osum, _, err := sink.sum()
	if err != nil {
		return nil, err
	}
	if r.End != nil && hex.EncodeToString(osum) != r.End.OpusSHA256 {
		return nil, fmt.Errorf("%s: the audio does not match its recorded hash: %w", recordingRef(r.ID), apperr.ErrDamaged)
	}
	return h.Sum(nil), nil
}

// loadOpus decodes chunk i into p.buf. Played in order, one decoder runs
// through the chunks; after a seek a fresh decoder first decodes the
// chunk before (half a second, far more than the 80 ms RFC 7845 asks for
// to converge) and drops it. Callers hold v.mu.
func (p *PCMReader) loadOpus(i int64, open func(int64) ([]byte, error)) error {
	f := p.Format
	bpf := int64(f.BytesPerFrame())
	if p.dec == nil || p.decNext != i {
		d, err := opus.NewDecoder(f.Channels)
		if err != nil {
			return err
		}
		p.dec, p.decNext = d, -1
		if i > 0 {
			body, err := open(i - 1)
			if err != nil {
				return err
			}
			if _, err := unpackChunk(body, func(pk []byte) error { _, err := p.dec.Decode(pk); return err }); err != nil {
				return fmt.Errorf("%s: chunk %d: %w", recordingRef(p.id), i-1, err)
			}
		}
	}
	body, err := open(i)
	if err != nil {
		return err
	}
	skip := max(int64(f.PreSkip)-p.raw[i], 0) * bpf
	out := p.buf[:0]
	if _, err := unpackChunk(body, func(pk []byte) error {
		b, err := p.dec.Decode(pk)
		if err != nil {
			return err
		}
		k := min(skip, int64(len(b)))
		skip -= k
		out = append(out, b[k:]...)
		return nil
	}); err != nil {
		p.dec, p.cached = nil, -1
		return fmt.Errorf("%s: chunk %d: %w", recordingRef(p.id), i, err)
	}
	if int64(len(out)) < p.chunkSize[i] {
		p.dec, p.cached = nil, -1
		return fmt.Errorf("%s: chunk %d decodes short: %w", recordingRef(p.id), i, apperr.ErrDamaged)
	}
	p.buf, p.cached, p.decNext = out[:p.chunkSize[i]], i, i+1
	return nil
}
