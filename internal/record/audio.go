package record

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Recording states.
const (
	StateComplete    = "complete"    // stopped normally
	StateInterrupted = "interrupted" // the program ended mid-recording; finished on the next unlock
)

// Codecs a recording is stored in.
const (
	// CodecPCM: chunks hold s16le PCM; the canonical export is a WAV
	// file (every recording before vault format 8; a setting since).
	CodecPCM = "pcm_s16le"
	// CodecOpus: chunks hold Opus packets (48 kHz, 20 ms); the canonical
	// export is an Ogg Opus file (vault format 8 and later).
	CodecOpus = "opus"
)

// AudioFormat describes a recording's audio: the PCM that was captured
// (and that playback decodes to) and the codec its chunks hold.
type AudioFormat struct {
	Codec      string `json:"codec"` // CodecPCM or CodecOpus
	SampleRate int    `json:"rate"`
	Channels   int    `json:"channels"`
	Bits       int    `json:"bits"`
	// PreSkip is the Opus encoder's delay in frames (OpusHead's
	// pre-skip); absent for PCM, so PCM records keep their bytes.
	PreSkip int `json:"pre_skip,omitempty"`
}

// BytesPerFrame is the size of one frame of all channels.
func (f AudioFormat) BytesPerFrame() int { return f.Channels * f.Bits / 8 }

// Opus reports whether the chunks hold Opus packets.
func (f AudioFormat) Opus() bool { return f.Codec == CodecOpus }

// Ext is the file name extension of the canonical export.
func (f AudioFormat) Ext() string {
	if f.Opus() {
		return ".opus"
	}
	return ".wav"
}

// Valid reports whether Kiroku can store and export f.
func (f AudioFormat) Valid() error {
	switch {
	case f.Codec == CodecPCM && f.Bits == 16 && f.Channels >= 1 && f.Channels <= 8 && f.SampleRate >= 8000 && f.SampleRate <= 192000 && f.PreSkip == 0:
		return nil
	case f.Codec == CodecOpus && f.Bits == 16 && f.Channels >= 1 && f.Channels <= 2 && f.SampleRate == 48000 && f.PreSkip >= 0 && f.PreSkip <= 65535:
		return nil
	}
	return fmt.Errorf("%w: unsupported audio format %+v", errInvalid, f)
}

// RecordingStart is written (sealed) when a recording begins.
type RecordingStart struct {
	Version     int         `json:"v"`
	Salt        string      `json:"n"`
	RecordingID int64       `json:"recording"`
	StartedAt   time.Time   `json:"started_at"`
	Format      AudioFormat `json:"format"`
	Device      string      `json:"device"`
	EntryID     int64       `json:"entry"` // 0: not attached to an entry
	Label       string      `json:"label"`
}

// Marker is a point in a recording the user flagged while recording.
type Marker struct {
	At    time.Duration `json:"at_ns"` // position in the recording
	Wall  time.Time     `json:"wall"`  // system clock when pressed
	Label string        `json:"label"`
}

// RecordingEnd is written when a recording stops (or, after a crash, on the
// next unlock). Its hash is what the ledger commits to; it names the start
// record's hash, so the chain covers both.
type RecordingEnd struct {
	Version     int       `json:"v"`
	Salt        string    `json:"n"`
	RecordingID int64     `json:"recording"`
	StartHash   string    `json:"start_hash"` // hex record hash of the RecordingStart
	EndedAt     time.Time `json:"ended_at"`
	State       string    `json:"state"`
	Chunks      int64     `json:"chunks"` // data chunks, not counting the empty final chunk
	Frames      int64     `json:"frames"`
	DurationNS  int64     `json:"duration_ns"`
	// The SHA-256 of the canonical export: WAVSHA256 for a PCM recording
	// (the canonical WAV), OpusSHA256 for an Opus one (the canonical Ogg
	// Opus file). Exactly one is set; see FileSHA256.
	WAVSHA256  string   `json:"wav_sha256,omitempty"`
	OpusSHA256 string   `json:"opus_sha256,omitempty"`
	Markers    []Marker `json:"markers"`
}

// FileSHA256 is the SHA-256 of the recording's canonical export file,
// whichever codec it is in.
func (e RecordingEnd) FileSHA256() string {
	if e.OpusSHA256 != "" {
		return e.OpusSHA256
	}
	return e.WAVSHA256
}

// canonical encodes v compactly without HTML escaping.
func canonical(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// parseCanonical decodes b into v strictly and checks that b is canonical.
func parseCanonical(b []byte, v any, again func() ([]byte, error)) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: %v", errInvalid, err)
	}
	if dec.More() {
		return fmt.Errorf("%w: trailing data", errInvalid)
	}
	c, err := again()
	if err != nil {
		return err
	}
	if !bytes.Equal(c, b) {
		return fmt.Errorf("%w: not in canonical form", errInvalid)
	}
	return nil
}

func checkHeader(v int, salt string) error {
	if v != CanonicalVersion || len(salt) != 64 {
		return fmt.Errorf("%w: bad record header", errInvalid)
	}
	return nil
}

// Canonical returns the canonical encoding of s.
func (s RecordingStart) Canonical() ([]byte, error) {
	if err := checkHeader(s.Version, s.Salt); err != nil {
		return nil, err
	}
	s.StartedAt = s.StartedAt.Round(0)
	return canonical(s)
}

// ParseRecordingStart decodes canonical bytes.
func ParseRecordingStart(b []byte) (RecordingStart, error) {
	var s RecordingStart
	err := parseCanonical(b, &s, func() ([]byte, error) { return s.Canonical() })
	return s, err
}

// Canonical returns the canonical encoding of e.
func (e RecordingEnd) Canonical() ([]byte, error) {
	if err := checkHeader(e.Version, e.Salt); err != nil {
		return nil, err
	}
	e.EndedAt = e.EndedAt.Round(0)
	if (e.WAVSHA256 == "") == (e.OpusSHA256 == "") {
		return nil, fmt.Errorf("%w: an end record names exactly one of wav_sha256 and opus_sha256", errInvalid)
	}
	if e.Markers == nil {
		e.Markers = []Marker{}
	}
	return canonical(e)
}

// ParseRecordingEnd decodes canonical bytes.
func ParseRecordingEnd(b []byte) (RecordingEnd, error) {
	var e RecordingEnd
	err := parseCanonical(b, &e, func() ([]byte, error) { return e.Canonical() })
	return e, err
}

// Canonical returns the canonical encoding of m.
func (m Marker) Canonical() ([]byte, error) {
	m.Wall = m.Wall.Round(0)
	return canonical(m)
}

// ParseMarker decodes canonical bytes.
func ParseMarker(b []byte) (Marker, error) {
	var m Marker
	err := parseCanonical(b, &m, func() ([]byte, error) { return m.Canonical() })
	return m, err
}
