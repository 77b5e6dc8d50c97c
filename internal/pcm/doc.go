// Package pcm is the audio format code that needs no sound device and no
// cgo, so that the vault, the verifier and the app share one copy: the PCM
// Format, the one canonical WAV header Kiroku exports recordings with, a
// small fuzzed WAV parser for imports and tests, levels and waveform peaks.
// internal/audio keeps only what talks to miniaudio.
package pcm

import "errors"

var (
	// ErrUnsupportedFormat means a Format the recorder, player or WAV code
	// cannot handle.
	ErrUnsupportedFormat = errors.New("audio: unsupported format")
	// ErrInvalidWAV means bytes that are not a PCM WAV file this package reads.
	ErrInvalidWAV = errors.New("audio: not a valid PCM WAV file")
)
