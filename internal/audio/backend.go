package audio

import (
	"errors"
	"fmt"
	"runtime"
	"unsafe"

	"github.com/gen2brain/malgo"
)

// Backend selects the audio system miniaudio talks to.
type Backend int

const (
	// Default lets miniaudio try the platform's real audio systems in its
	// usual order (WASAPI, Core Audio, PulseAudio, ALSA, ...). It never
	// falls back to the null backend, so a machine without sound reports
	// ErrNoBackend or ErrNoDevice instead of recording silence.
	Default Backend = iota
	// Pulse is PulseAudio (or PipeWire's pulse server).
	Pulse
	// Null is miniaudio's null backend: a clock-driven device that captures
	// silence and discards playback in real time. For tests.
	Null
)

// nullBackend works around a bug in malgo v0.11.24: its constant
// malgo.BackendNull (13) is miniaudio's ma_backend_custom, because malgo's
// list lacks ma_backend_custom. Passing it fails with "No backend".
// The real ma_backend_null is 14.
const nullBackend = malgo.Backend(14)

// platformBackends is miniaudio's default order without custom and null.
var platformBackends = []malgo.Backend{
	malgo.BackendWasapi, malgo.BackendDsound, malgo.BackendWinmm,
	malgo.BackendCoreaudio, malgo.BackendSndio, malgo.BackendAudio4,
	malgo.BackendOss, malgo.BackendPulseaudio, malgo.BackendAlsa,
	malgo.BackendJack, malgo.BackendAaudio, malgo.BackendOpensl,
	malgo.BackendWebaudio,
}

func (b Backend) malgo() ([]malgo.Backend, error) {
	switch b {
	case Default:
		return platformBackends, nil
	case Pulse:
		return []malgo.Backend{malgo.BackendPulseaudio}, nil
	case Null:
		return []malgo.Backend{nullBackend}, nil
	}
	return nil, fmt.Errorf("audio: unknown backend %d", int(b))
}

func (b Backend) String() string {
	switch b {
	case Default:
		return "default"
	case Pulse:
		return "pulseaudio"
	case Null:
		return "null"
	}
	return fmt.Sprintf("Backend(%d)", int(b))
}

// Device is an audio device as the audio system lists it.
type Device struct {
	// ID identifies the device for Config.DeviceID. It is stable while the
	// device stays plugged in; on some systems it changes across reboots,
	// so store Name alongside it.
	ID      string
	Name    string
	Default bool // the system's default device of its kind

	raw malgo.DeviceID
}

// Devices lists the capture devices (microphones) of backend.
func Devices(backend Backend) ([]Device, error) {
	return listDevices(backend, malgo.Capture)
}

// OutputDevices lists the playback devices (speakers) of backend.
func OutputDevices(backend Backend) ([]Device, error) {
	return listDevices(backend, malgo.Playback)
}

func listDevices(backend Backend, kind malgo.DeviceType) ([]Device, error) {
	ctx, err := openContext(backend)
	if err != nil {
		return nil, err
	}
	defer closeContext(ctx)
	return devicesOf(ctx, kind)
}

func openContext(backend Backend) (*malgo.AllocatedContext, error) {
	list, err := backend.malgo()
	if err != nil {
		return nil, err
	}
	ctx, err := malgo.InitContext(list, malgo.ContextConfig{}, nil)
	if err != nil {
		return nil, mapErr("opening "+backend.String(), err)
	}
	return ctx, nil
}

func closeContext(ctx *malgo.AllocatedContext) {
	_ = ctx.Uninit()
	ctx.Free()
}

func devicesOf(ctx *malgo.AllocatedContext, kind malgo.DeviceType) ([]Device, error) {
	infos, err := ctx.Devices(kind)
	if err != nil {
		return nil, mapErr("listing devices", err)
	}
	out := make([]Device, 0, len(infos))
	for _, in := range infos {
		out = append(out, Device{ID: in.ID.String(), Name: in.Name(), Default: in.IsDefault != 0, raw: in.ID})
	}
	return out, nil
}

// pickDevice finds the device with id in the list; the empty id means the
// system default, which miniaudio selects itself. It fails with ErrNoDevice
// when there is no device at all, so that "no microphone" is not mistaken
// for a later, vaguer init failure.
func pickDevice(ctx *malgo.AllocatedContext, kind malgo.DeviceType, id string) (*malgo.DeviceID, error) {
	devs, err := devicesOf(ctx, kind)
	if err != nil {
		return nil, err
	}
	if len(devs) == 0 {
		return nil, ErrNoDevice
	}
	if id == "" {
		return nil, nil
	}
	for _, d := range devs {
		if d.ID == id {
			raw := d.raw
			return &raw, nil
		}
	}
	return nil, fmt.Errorf("%w: %q", ErrDeviceNotFound, id)
}

// initDevice initialises a malgo device. A chosen device ID is Go memory
// referenced from the C config, so it is pinned for the call; miniaudio
// copies it during ma_device_init.
func initDevice(ctx *malgo.AllocatedContext, cfg malgo.DeviceConfig, id *malgo.DeviceID, cb malgo.DeviceCallbacks) (*malgo.Device, error) {
	if id != nil {
		var pin runtime.Pinner
		pin.Pin(id)
		defer pin.Unpin()
		p := unsafe.Pointer(id)
		if cfg.DeviceType == malgo.Capture {
			cfg.Capture.DeviceID = p
		} else {
			cfg.Playback.DeviceID = p
		}
	}
	dev, err := malgo.InitDevice(ctx.Context, cfg, cb)
	if id == nil && errors.Is(err, malgo.ErrFailedToOpenBackendDevice) {
		// The system's default device cannot be opened: on ALSA without a
		// sound card that is how "no microphone" shows up, while the
		// device list is full of plugins.
		return nil, fmt.Errorf("%w: opening default device: %w", ErrNoDevice, err)
	}
	if err != nil {
		return nil, mapErr("opening device", err)
	}
	return dev, nil
}

func (d Device) String() string {
	s := fmt.Sprintf("%s [%s]", d.Name, d.ID)
	if d.Default {
		s += " (default)"
	}
	return s
}

func malgoFormat(bits int) malgo.FormatType {
	switch bits {
	case 8:
		return malgo.FormatU8
	case 16:
		return malgo.FormatS16
	case 24:
		return malgo.FormatS24
	case 32:
		return malgo.FormatS32
	}
	return malgo.FormatUnknown
}
