// Package media decodes the audio files workers record on their phones
// (AAC in .m4a, MP3, Opus and Vorbis in .ogg, FLAC, WAV) into 16-bit PCM
// for listening, and reads what a file says of when it was recorded.
//
// Everything here is pure Go and runs in memory: decoded audio is handed
// to the caller and never written anywhere, so the app can keep it sealed
// or play it and drop it. The decoders are maintained libraries made for
// the job (see Open); AAC runs FAAD2 compiled to WebAssembly inside the
// process (github.com/llehouerou/go-faad2, GPL-2.0-or-later). AMR-NB
// (.amr) goes to the system's decoder where one is installed (amr.go).
// Files that no decoder here reads (AMR in .3gp, AMR-WB, AMR without a
// system decoder) are named with their codec in a *CodecMissingError and
// stay stored as they are.
//
// The bytes come from a worker's phone, or from anyone: a decoder that
// panics on malformed input is caught and reported as damaged.
package media

import (
	"errors"
	"fmt"
	"io"
	"time"
)

// Kinds of file, as Sniff tells them from their first bytes.
const (
	KindWAV       = "wav"
	KindMP3       = "mp3"
	KindFLAC      = "flac"
	KindOggVorbis = "ogg-vorbis"
	KindOggOpus   = "ogg-opus"
	KindMP4       = "mp4" // .m4a, .mp4, .3gp: the codec is inside
	KindAMR       = "amr" // raw AMR-NB (#!AMR)
	KindAMRWB     = "amr-wb"
)

// Codecs, as Info.Codec names them.
const (
	CodecPCM    = "pcm"
	CodecMP3    = "mp3"
	CodecFLAC   = "flac"
	CodecVorbis = "vorbis"
	CodecOpus   = "opus"
	CodecAAC    = "aac"
	CodecAMRNB  = "amr-nb"
	CodecAMRWB  = "amr-wb"
)

// Info is what a decoder says of its audio.
type Info struct {
	Kind       string // one of the Kind constants
	Codec      string // one of the Codec constants
	SampleRate int    // of the decoded samples, in Hz
	Channels   int    // of the decoded samples, interleaved
	// Created is when the file says it was recorded (the MP4 movie
	// header's creation time), in UTC; zero when it says nothing. It is
	// the file's own claim, set by the phone's clock: the app shows it
	// as such, beside the import time and the time the worker states.
	Created time.Time
}

// Decoder yields a file's audio as interleaved signed 16-bit samples.
type Decoder interface {
	Info() Info
	// Read fills p with samples (whole frames: a multiple of
	// Info().Channels) and returns how many, or io.EOF at the end.
	Read(p []int16) (int, error)
	// Close frees what the decoder holds (the AAC decoder's WebAssembly
	// instance); it does not close the reader given to Open.
	Close() error
}

var (
	// ErrNotAudio: the bytes are not a kind of audio file Kiroku knows.
	ErrNotAudio = errors.New("not an audio file Kiroku can read (WAV, MP3, M4A/AAC, Ogg Vorbis or Opus, FLAC)")
	// ErrDamaged: the file says it is audio but does not decode.
	ErrDamaged = errors.New("the audio file does not decode")
	// ErrTooLong: DecodeAll's limit was reached.
	ErrTooLong = errors.New("the audio is longer than can be decoded at once")
)

// CodecMissingError says that a file is audio of a codec this computer
// cannot decode. The file itself is fine and stays stored.
type CodecMissingError struct{ Codec string }

func (e *CodecMissingError) Error() string {
	return fmt.Sprintf("no decoder for %s audio on this computer (the file is kept as it is)", e.Codec)
}

// IsCodecMissing reports whether err says a codec is missing, and which.
func IsCodecMissing(err error) (string, bool) {
	var cm *CodecMissingError
	if errors.As(err, &cm) {
		return cm.Codec, true
	}
	return "", false
}

// Open reads the start of r, tells its kind and returns a decoder for it.
func Open(r io.ReadSeeker) (d Decoder, err error) {
	defer catch(&err)
	head := make([]byte, 64)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		if errors.Is(err, io.EOF) {
			return nil, ErrNotAudio
		}
		return nil, fmt.Errorf("read audio: %w", err)
	}
	kind := Sniff(head[:n])
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("read audio: %w", err)
	}
	switch kind {
	case KindWAV:
		return openWAV(r)
	case KindMP3:
		return openMP3(r)
	case KindFLAC:
		return openFLAC(r)
	case KindOggVorbis:
		return openVorbis(r)
	case KindOggOpus:
		return openOpus(r)
	case KindMP4:
		return openMP4(r)
	case KindAMR:
		return openAMR(r)
	case KindAMRWB:
		return nil, &CodecMissingError{Codec: CodecAMRWB}
	}
	return nil, ErrNotAudio
}

// catch turns a panic inside a decoder (malformed input reaching a
// library's unchecked path) into ErrDamaged.
func catch(err *error) {
	if p := recover(); p != nil {
		*err = fmt.Errorf("%w (%v)", ErrDamaged, p)
	}
}

// guarded wraps a decoder so that a panic in Read is an error too.
type guarded struct{ Decoder }

func (g guarded) Read(p []int16) (n int, err error) {
	defer catch(&err)
	return g.Decoder.Read(p)
}

// Sniff tells a file's kind from its first bytes (64 are enough), not its
// name: phones and messengers name files freely. "" when unknown.
func Sniff(b []byte) string {
	has := func(off int, s string) bool { return len(b) >= off+len(s) && string(b[off:off+len(s)]) == s }
	switch {
	case has(0, "RIFF") && has(8, "WAVE"):
		return KindWAV
	case has(0, "fLaC"):
		return KindFLAC
	case has(0, "OggS"):
		// The first page holds the codec's identification header.
		if len(b) > 27 {
			seg := 27 + int(b[26])
			switch {
			case has(seg, "OpusHead"):
				return KindOggOpus
			case has(seg, "\x01vorbis"):
				return KindOggVorbis
			}
		}
		return ""
	case has(4, "ftyp"):
		return KindMP4
	case has(0, "#!AMR-WB\n"):
		return KindAMRWB
	case has(0, "#!AMR\n"):
		return KindAMR
	case has(0, "ID3"):
		return KindMP3
	case len(b) >= 2 && b[0] == 0xFF && b[1]&0xE0 == 0xE0 && b[1]&0x06 != 0:
		// An MPEG audio frame sync with a layer set.
		return KindMP3
	}
	return ""
}

// DecodeAll decodes the whole of r into interleaved little-endian 16-bit
// PCM, refusing audio longer than max (memory is what bounds it).
func DecodeAll(r io.ReadSeeker, max time.Duration) (Info, []byte, error) {
	d, err := Open(r)
	if err != nil {
		return Info{}, nil, err
	}
	defer d.Close()
	info := d.Info()
	limit := int64(max.Seconds()*float64(info.SampleRate)) * int64(info.Channels)
	var out []byte
	buf := make([]int16, 8192)
	var total int64
	for {
		n, err := d.Read(buf)
		total += int64(n)
		if total > limit {
			return info, nil, fmt.Errorf("%w (%v)", ErrTooLong, max)
		}
		for _, s := range buf[:n] {
			out = append(out, byte(s), byte(uint16(s)>>8))
		}
		if errors.Is(err, io.EOF) {
			return info, out, nil
		}
		if err != nil {
			return info, nil, err
		}
	}
}
