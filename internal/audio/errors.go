package audio

import (
	"errors"
	"fmt"

	"github.com/gen2brain/malgo"

	"github.com/kiroku-app/kiroku/internal/pcm"
)

// Sentinel errors. Front ends map these to user messages; the wrapped
// miniaudio error (if any) is kept for logs via %w.
var (
	// ErrNoBackend means no audio system could be opened (no PulseAudio,
	// ALSA, WASAPI, Core Audio, ... on this machine).
	ErrNoBackend = errors.New("audio: no audio system available")
	// ErrNoDevice means the audio system has no capture (or playback) device:
	// no microphone is connected or enabled.
	ErrNoDevice = errors.New("audio: no audio device")
	// ErrDeviceNotFound means a device was asked for by ID and is not there
	// (unplugged since it was listed).
	ErrDeviceNotFound = errors.New("audio: device not found")
	// ErrDeviceLost means the device stopped delivering audio while in use:
	// unplugged, disabled, or the sound server went away. Audio captured
	// before the loss is still delivered, ending with a Final chunk.
	ErrDeviceLost = errors.New("audio: device lost")
	// ErrPermissionDenied means the OS refused access to the device
	// (microphone privacy settings). On macOS a missing permission is not
	// reported by Core Audio: capture then succeeds with silence.
	ErrPermissionDenied = errors.New("audio: permission to use the device denied")
	// ErrUnsupportedFormat means a Format the recorder or player cannot
	// handle; the same sentinel as pcm's.
	ErrUnsupportedFormat = pcm.ErrUnsupportedFormat
	// ErrAlreadyStarted is returned by Start after Start or Stop: a recorder
	// records once.
	ErrAlreadyStarted = errors.New("audio: recorder already used")
	// ErrClosed is returned by Player methods after Stop.
	ErrClosed = errors.New("audio: player closed")
)

// mapErr turns a miniaudio result into one of the sentinels above, keeping
// the original for logs. Errors without a matching sentinel are wrapped
// with what.
func mapErr(what string, err error) error {
	if err == nil {
		return nil
	}
	var sentinel error
	switch {
	case errors.Is(err, malgo.ErrNoBackend), errors.Is(err, malgo.ErrFailedToInitBackend),
		errors.Is(err, malgo.ErrAPINotFound):
		sentinel = ErrNoBackend
	case errors.Is(err, malgo.ErrNoDevice):
		sentinel = ErrNoDevice
	case errors.Is(err, malgo.ErrDoesNotExist):
		sentinel = ErrDeviceNotFound
	case errors.Is(err, malgo.ErrAccessDenied):
		sentinel = ErrPermissionDenied
	case errors.Is(err, malgo.ErrFormatNotSupported), errors.Is(err, malgo.ErrDeviceTypeNotSupported),
		errors.Is(err, malgo.ErrShareModeNotSupported):
		sentinel = ErrUnsupportedFormat
	default:
		return fmt.Errorf("audio: %s: %w", what, err)
	}
	return fmt.Errorf("%w: %s: %w", sentinel, what, err)
}
