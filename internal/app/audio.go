package app

import (
	"fmt"

	"github.com/kiroku-app/kiroku/internal/record"
)

// RecordOptions choose what a recording captures. The zero value is what
// the app records: the system's default microphone in its own format,
// attached to no entry.
type RecordOptions struct {
	// EntryID is the entry the recording is attached to. With 0 and
	// NewEntry set, that entry is made once the microphone has opened (a
	// missing microphone leaves no empty entry behind); with 0 and no
	// NewEntry the recording belongs to no entry.
	EntryID  int64
	NewEntry *record.Fields
	// Device is a microphone's ID or name from Microphones (a part of a
	// name will do); empty: the system's default.
	Device string
	// SampleRate in Hz; 0: the recorder's default.
	SampleRate int
	// Label is kept in the recording's start record.
	Label string
	// Codec is record.CodecOpus or record.CodecPCM; empty: the vault's
	// setting (RecordingCodecs). Opus needs 48 kHz: at another sample
	// rate the recording is PCM.
	Codec string
}

// RecordingCodecs is a Store that keeps the codec new recordings are
// stored in (a vault setting: it travels with the vault).
type RecordingCodecs interface {
	// RecordingCodec is record.CodecOpus (the default) or record.CodecPCM.
	RecordingCodec() (string, error)
	SetRecordingCodec(codec string) error
}

// Recorder is a Store that records with chosen options. StartRecording is
// Record with the defaults and a new entry, so the app and kirokuctl run
// the same capture loop: the device opens first, then the vault record is
// made, then each chunk is sealed and committed as it arrives.
type Recorder interface {
	Record(o RecordOptions) (RecordingSession, error)
}

// AudioDevice is a microphone the audio system offers.
type AudioDevice struct {
	ID      string
	Name    string
	Default bool
}

// ErrMicrophoneNotFound: the microphone asked for by name is not there.
// It wraps ErrNoMicrophone.
var ErrMicrophoneNotFound = fmt.Errorf("that microphone was not found: %w", ErrNoMicrophone)
