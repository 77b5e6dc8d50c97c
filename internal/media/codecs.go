package media

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"time"

	mp3 "github.com/hajimehoshi/go-mp3"
	"github.com/jfreymuth/oggvorbis"
	faad2 "github.com/llehouerou/go-faad2"
	"github.com/mewkiz/flac"
	"github.com/thesyncim/gopus"
	"github.com/thesyncim/gopus/container/ogg"

	"github.com/kiroku-app/kiroku/internal/pcm"
)

// Why these libraries: each is pure Go (so Windows and macOS builds need
// nothing installed), maintained, and was checked on files from Debian's
// ffmpeg against ffmpeg's own decode (docs/research/audio-codecs.md):
// go-mp3 (used by Ebitengine), mewkiz/flac, jfreymuth/oggvorbis, gopus
// (matches libopus on SILK, CELT and hybrid packets), and go-faad2 for
// AAC (FAAD2 in WebAssembly; the pure-Go AAC decoders at hand lost
// frames).

func damaged(what string, err error) error {
	return fmt.Errorf("%w: %s: %v", ErrDamaged, what, err)
}

// --- WAV -----------------------------------------------------------------

type wavDecoder struct {
	info Info
	r    io.Reader
	bps  int // bytes per sample
	left int64
	buf  []byte
}

func openWAV(r io.ReadSeeker) (Decoder, error) {
	h, err := pcm.ReadWAVHeader(r)
	if err != nil {
		return nil, damaged("wav", err)
	}
	f := h.Format
	return guarded{&wavDecoder{info: Info{Kind: KindWAV, Codec: CodecPCM, SampleRate: f.SampleRate, Channels: f.Channels},
		r: r, bps: f.BitsPerSample / 8, left: h.DataLen}}, nil
}

func (d *wavDecoder) Info() Info   { return d.info }
func (d *wavDecoder) Close() error { return nil }

func (d *wavDecoder) Read(p []int16) (int, error) {
	ch := d.info.Channels
	n := min(int64(len(p)/ch*ch), d.left/int64(d.bps))
	if n == 0 {
		return 0, io.EOF
	}
	need := int(n) * d.bps
	if cap(d.buf) < need {
		d.buf = make([]byte, need)
	}
	b := d.buf[:need]
	got, err := io.ReadFull(d.r, b)
	got -= got % (d.bps * ch)
	d.left -= int64(got)
	for i := 0; i < got/d.bps; i++ {
		s := b[i*d.bps : (i+1)*d.bps]
		switch d.bps {
		case 1: // 8-bit WAV is unsigned
			p[i] = int16(int(s[0])-128) << 8
		default: // little-endian, the top 16 bits
			p[i] = int16(binary.LittleEndian.Uint16(s[d.bps-2:]))
		}
	}
	if err != nil && got == 0 {
		// The header promised more data than the file holds: what was
		// there has been read.
		return 0, io.EOF
	}
	return got / d.bps, nil
}

// --- MP3 -----------------------------------------------------------------

type mp3Decoder struct {
	info Info
	d    *mp3.Decoder
	buf  []byte
	skip int64 // samples per channel still to drop at the start
	left int64 // samples per channel still to give; -1: all there are
}

func openMP3(r io.ReadSeeker) (Decoder, error) {
	head, err := mp3Head(r)
	if err != nil {
		return nil, fmt.Errorf("read audio: %w", err)
	}
	gap := readMP3Gap(head)
	d, err := mp3.NewDecoder(r)
	if err != nil {
		return nil, damaged("mp3", err)
	}
	// go-mp3 always yields 16-bit stereo; Length is in bytes (0 when not
	// known). Drop the encoder's delay and padding (mp3gap.go).
	md := &mp3Decoder{info: Info{Kind: KindMP3, Codec: CodecMP3, SampleRate: d.SampleRate(), Channels: 2}, d: d, left: -1}
	if total := d.Length() / 4; total > 0 && gap.skip+gap.pad < total {
		md.skip, md.left = gap.skip, total-gap.skip-gap.pad
	}
	return guarded{md}, nil
}

func (d *mp3Decoder) Info() Info   { return d.info }
func (d *mp3Decoder) Close() error { return nil }

func (d *mp3Decoder) Read(p []int16) (int, error) {
	for d.skip > 0 {
		drop := make([]int16, 2*min(d.skip, 4096))
		n, err := d.read(drop)
		d.skip -= int64(n / 2)
		if err != nil {
			return 0, err
		}
	}
	if d.left == 0 {
		return 0, io.EOF
	}
	if d.left > 0 && int64(len(p)/2) > d.left {
		p = p[:2*d.left]
	}
	n, err := d.read(p)
	if d.left > 0 {
		d.left -= int64(n / 2)
	}
	return n, err
}

// read is go-mp3's output as samples, whole stereo frames.
func (d *mp3Decoder) read(p []int16) (int, error) {
	n := len(p) / 2 * 2
	if n == 0 {
		return 0, nil
	}
	if cap(d.buf) < 2*n {
		d.buf = make([]byte, 2*n)
	}
	b := d.buf[:2*n]
	got, err := io.ReadFull(d.d, b)
	got -= got % 4
	for i := 0; i < got/2; i++ {
		p[i] = int16(binary.LittleEndian.Uint16(b[2*i:]))
	}
	switch {
	case got > 0:
		return got / 2, nil
	case err == nil, errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return 0, io.EOF
	}
	return 0, damaged("mp3", err)
}

// --- FLAC ----------------------------------------------------------------

type flacDecoder struct {
	info    Info
	s       *flac.Stream
	bits    int
	pending []int16
}

func openFLAC(r io.ReadSeeker) (Decoder, error) {
	s, err := flac.New(r)
	if err != nil {
		return nil, damaged("flac", err)
	}
	if s.Info.NChannels == 0 || s.Info.SampleRate == 0 {
		return nil, damaged("flac", errors.New("no channels or sample rate"))
	}
	return guarded{&flacDecoder{info: Info{Kind: KindFLAC, Codec: CodecFLAC, SampleRate: int(s.Info.SampleRate), Channels: int(s.Info.NChannels)},
		s: s, bits: int(s.Info.BitsPerSample)}}, nil
}

func (d *flacDecoder) Info() Info   { return d.info }
func (d *flacDecoder) Close() error { return nil }

func (d *flacDecoder) Read(p []int16) (int, error) {
	for len(d.pending) == 0 {
		f, err := d.s.ParseNext()
		if errors.Is(err, io.EOF) {
			return 0, io.EOF
		}
		if err != nil {
			return 0, damaged("flac", err)
		}
		ch := len(f.Subframes)
		if ch != d.info.Channels {
			return 0, damaged("flac", fmt.Errorf("a frame of %d channels in a stream of %d", ch, d.info.Channels))
		}
		n := int(f.Subframes[0].NSamples)
		for c := 1; c < ch; c++ {
			if int(f.Subframes[c].NSamples) != n || len(f.Subframes[c].Samples) < n {
				return 0, damaged("flac", errors.New("channels of unequal length"))
			}
		}
		if len(f.Subframes[0].Samples) < n {
			return 0, damaged("flac", errors.New("short subframe"))
		}
		shift := d.bits - 16
		for i := 0; i < n; i++ {
			for c := 0; c < ch; c++ {
				v := f.Subframes[c].Samples[i]
				if shift > 0 {
					v >>= shift
				} else if shift < 0 {
					v <<= -shift
				}
				d.pending = append(d.pending, clamp16(v))
			}
		}
	}
	n := copy(p[:len(p)/d.info.Channels*d.info.Channels], d.pending)
	d.pending = d.pending[n:]
	return n, nil
}

func clamp16(v int32) int16 {
	return int16(max(math.MinInt16, min(math.MaxInt16, v)))
}

// --- Ogg Vorbis ----------------------------------------------------------

type vorbisDecoder struct {
	info Info
	r    *oggvorbis.Reader
	buf  []float32
}

func openVorbis(r io.ReadSeeker) (Decoder, error) {
	vr, err := oggvorbis.NewReader(r)
	if err != nil {
		return nil, damaged("vorbis", err)
	}
	if vr.Channels() < 1 || vr.SampleRate() < 1 {
		return nil, damaged("vorbis", errors.New("no channels or sample rate"))
	}
	return guarded{&vorbisDecoder{info: Info{Kind: KindOggVorbis, Codec: CodecVorbis, SampleRate: vr.SampleRate(), Channels: vr.Channels()}, r: vr}}, nil
}

func (d *vorbisDecoder) Info() Info   { return d.info }
func (d *vorbisDecoder) Close() error { return nil }

func (d *vorbisDecoder) Read(p []int16) (int, error) {
	n := len(p) / d.info.Channels * d.info.Channels
	if cap(d.buf) < n {
		d.buf = make([]float32, n)
	}
	got, err := d.r.Read(d.buf[:n])
	for i, v := range d.buf[:got] {
		p[i] = floatTo16(v)
	}
	switch {
	case got > 0:
		return got, nil
	case err == nil, errors.Is(err, io.EOF):
		return 0, io.EOF
	}
	return 0, damaged("vorbis", err)
}

func floatTo16(v float32) int16 {
	return int16(max(-32768, min(32767, math.Round(float64(v)*32767))))
}

// --- Ogg Opus ------------------------------------------------------------

// opusRate is the rate Opus decodes to (RFC 7845: granule positions count
// 48 kHz samples whatever the input rate was).
const opusRate = 48000

type opusDecoder struct {
	info    Info
	r       *ogg.Reader
	d       *gopus.Decoder
	skip    int64 // pre-skip frames still to drop
	emitted int64 // frames given out
	preskip int64
	out     []int16
	pending []int16
}

func openOpus(r io.ReadSeeker) (Decoder, error) {
	or, err := ogg.NewReader(r)
	if err != nil {
		return nil, damaged("opus", err)
	}
	ch := int(or.Channels())
	if ch < 1 || ch > 2 {
		// Multichannel (surround) Opus is not what a phone records.
		return nil, &CodecMissingError{Codec: fmt.Sprintf("%s (%d channels)", CodecOpus, ch)}
	}
	dec, err := gopus.NewDecoder(gopus.DefaultDecoderConfig(opusRate, ch))
	if err != nil {
		return nil, damaged("opus", err)
	}
	return guarded{&opusDecoder{info: Info{Kind: KindOggOpus, Codec: CodecOpus, SampleRate: opusRate, Channels: ch},
		r: or, d: dec, skip: int64(or.PreSkip()), preskip: int64(or.PreSkip()), out: make([]int16, 5760*ch)}}, nil
}

func (d *opusDecoder) Info() Info   { return d.info }
func (d *opusDecoder) Close() error { return nil }

func (d *opusDecoder) Read(p []int16) (int, error) {
	ch := d.info.Channels
	for len(d.pending) == 0 {
		pkt, granule, err := d.r.ReadPacket()
		if errors.Is(err, io.EOF) {
			return 0, io.EOF
		}
		if err != nil {
			return 0, damaged("opus", err)
		}
		n, err := d.d.DecodeInt16(pkt, d.out)
		if err != nil {
			return 0, damaged("opus", err)
		}
		frames := d.out[:n*ch]
		if d.skip > 0 {
			k := min(d.skip, int64(n))
			frames = frames[k*int64(ch):]
			d.skip -= k
		}
		// The last page's granule position says where the audio ends:
		// the encoder padded the final packet.
		if d.r.EOF() && granule > 0 {
			if end := int64(granule) - d.preskip; d.emitted+int64(len(frames)/ch) > end {
				frames = frames[:max(0, end-d.emitted)*int64(ch)]
			}
		}
		d.emitted += int64(len(frames) / ch)
		d.pending = frames
	}
	n := copy(p[:len(p)/ch*ch], d.pending)
	d.pending = d.pending[n:]
	return n, nil
}

// --- MP4: AAC ------------------------------------------------------------

type aacDecoder struct {
	info Info
	r    *faad2.M4AReader
}

// aacMu serialises the AAC decoders: go-faad2 runs them all in one
// WebAssembly instance, which is not safe for calls from two goroutines
// at once.
var aacMu sync.Mutex

// openMP4 reads the movie header (for its creation time) and the audio
// track's codec, and decodes AAC, or AMR-NB (.3gp) with the system's
// decoder.
func openMP4(r io.ReadSeeker) (Decoder, error) {
	m, err := readMP4(r)
	if err != nil {
		return nil, damaged("mp4", err)
	}
	created := m.created
	codec := ""
	var track *mp4Track
	for i := range m.tracks {
		t := &m.tracks[i]
		if t.handler != "soun" || t.entry == "" {
			continue
		}
		track = t
		switch t.entry {
		case "mp4a":
			codec = CodecAAC
		case "samr":
			codec = CodecAMRNB
		case "sawb":
			codec = CodecAMRWB
		default:
			codec = t.entry
		}
		break
	}
	switch codec {
	case "":
		return nil, fmt.Errorf("%w: an MP4 file without a sound track", ErrNotAudio)
	case CodecAAC:
	case CodecAMRNB:
		return openMP4AMR(r, track, created)
	default:
		return nil, &CodecMissingError{Codec: codec}
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("read audio: %w", err)
	}
	a, err := openM4A(r)
	if err != nil {
		return nil, damaged("aac", err)
	}
	if a.Channels() < 1 || a.SampleRate() < 1 {
		return nil, damaged("aac", errors.New("no channels or sample rate"))
	}
	return guarded{&aacDecoder{info: Info{Kind: KindMP4, Codec: CodecAAC, SampleRate: int(a.SampleRate()), Channels: int(a.Channels()), Created: created}, r: a}}, nil
}

// openM4A opens go-faad2's reader holding aacMu, released even when the
// library panics on malformed input (the panic is caught above as damage;
// a mutex left locked would hang every later AAC file).
func openM4A(r io.ReadSeeker) (*faad2.M4AReader, error) {
	aacMu.Lock()
	defer aacMu.Unlock()
	return faad2.OpenM4A(context.Background(), r)
}

// mp4Time is an MP4 creation time (seconds since 1904, given here as
// Unix seconds) in UTC; zero for the 1904 epoch itself or for nothing,
// which is how writers say "not set".
func mp4Time(unix int64) time.Time {
	const epoch1904 = -2082844800
	if unix == 0 || unix == epoch1904 {
		return time.Time{}
	}
	return time.Unix(unix, 0).UTC()
}

func (d *aacDecoder) Info() Info { return d.info }

func (d *aacDecoder) Close() error {
	aacMu.Lock()
	defer aacMu.Unlock()
	return d.r.Close(context.Background())
}

func (d *aacDecoder) Read(p []int16) (int, error) {
	aacMu.Lock()
	defer aacMu.Unlock()
	n, err := d.r.Read(context.Background(), p[:len(p)/d.info.Channels*d.info.Channels])
	switch {
	case n > 0:
		return n, nil
	case err == nil, errors.Is(err, io.EOF):
		return 0, io.EOF
	}
	return 0, damaged("aac", err)
}
