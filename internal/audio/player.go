package audio

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gen2brain/malgo"

	"github.com/kiroku-app/kiroku/internal/pcm"
)

// PlayerState is what a Player is doing.
type PlayerState int32

const (
	Paused  PlayerState = iota // not playing; the initial state
	Playing                    // audio is going to the device
	Ended                      // played to the end; Play starts again from 0
	Closed                     // Stop was called, or the device failed to open
)

func (s PlayerState) String() string {
	switch s {
	case Paused:
		return "paused"
	case Playing:
		return "playing"
	case Ended:
		return "ended"
	case Closed:
		return "closed"
	}
	return fmt.Sprintf("PlayerState(%d)", int32(s))
}

// PlayerConfig configures a Player.
type PlayerConfig struct {
	Backend  Backend
	DeviceID string // from OutputDevices; empty for the system default
	// Format is the layout of the source PCM; zero means DefaultFormat.
	Format pcm.Format
	// BufferDuration is how far ahead of the device the source is read;
	// 0 means 1 s.
	BufferDuration time.Duration
}

// Player plays PCM from a random-access source. The source is read on the
// player's own goroutine, never on the audio thread, so it may be slow
// (decrypting from the vault): the device callback only copies from a
// read-ahead ring and plays silence if the ring runs dry.
type Player struct {
	f     pcm.Format
	bpf   int
	src   io.ReaderAt
	total atomic.Int64 // frames in the source; lowered if it turns out shorter

	ring    *byteRing
	scratch []byte
	silence byte // sample value of silence: 0x80 for unsigned 8-bit

	// Written on the audio thread.
	played    atomic.Int64 // frames given to the device since the last seek
	idle      atomic.Int64 // consecutive callbacks that found the ring empty
	underruns atomic.Int64 // callbacks that ran short while data remained
	allRead   atomic.Bool  // the source has been read to its end
	need      chan struct{}

	base  atomic.Int64 // frame of the last seek
	state atomic.Int32
	// speed is the playback speed in percent of normal (MinSpeed to
	// MaxSpeed): the device gets source frames stepped through at that
	// rate, so pitch follows speed. It changes only through SetSpeed,
	// which seeks, so that the device frames played since the last seek
	// times the speed is the distance travelled in the source.
	speed atomic.Int32

	// Owned by the actor goroutine.
	readOff int64
	frac    float64 // the part of a source frame stepped past readOff (speed ≠ 100)
	stepped []byte  // frames made from scratch at another speed
	mctx    *malgo.AllocatedContext
	dev     *malgo.Device

	reqs chan func()
	quit chan struct{}
	done chan struct{}
	once sync.Once

	mu  sync.Mutex
	err error
}

// NewPlayer opens the playback device for size bytes of PCM in src, in
// cfg.Format. It starts paused at position 0.
func NewPlayer(src io.ReaderAt, size int64, cfg PlayerConfig) (*Player, error) {
	if cfg.Format == (pcm.Format{}) {
		cfg.Format = pcm.DefaultFormat()
	}
	f := cfg.Format
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if size < 0 {
		return nil, fmt.Errorf("audio: negative source size")
	}
	if cfg.BufferDuration <= 0 {
		cfg.BufferDuration = time.Second
	}
	bpf := f.BytesPerFrame()
	period := max(1, f.SampleRate/playbackPeriodsPerSecond)
	ringFrames := max(4*period, int(f.Frames(cfg.BufferDuration)))
	p := &Player{
		f:       f,
		bpf:     bpf,
		src:     src,
		ring:    newByteRing(ringFrames * bpf), // whole frames, so reads and writes stay frame-aligned
		scratch: make([]byte, 5*period*bpf),
		need:    make(chan struct{}, 1),
		reqs:    make(chan func()),
		quit:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	p.total.Store(size / int64(bpf))
	p.speed.Store(100)
	p.stepped = make([]byte, 2*len(p.scratch))
	if f.BitsPerSample == 8 {
		p.silence = 0x80
	}

	mctx, err := openContext(cfg.Backend)
	if err != nil {
		return nil, err
	}
	id, err := pickDevice(mctx, malgo.Playback, cfg.DeviceID)
	if err != nil {
		closeContext(mctx)
		return nil, err
	}
	dc := malgo.DefaultDeviceConfig(malgo.Playback)
	dc.Playback.Format = malgoFormat(f.BitsPerSample)
	dc.Playback.Channels = uint32(f.Channels)
	dc.SampleRate = uint32(f.SampleRate)
	dc.PeriodSizeInFrames = uint32(period)
	dc.Pulse.StreamNamePlayback = "Kiroku playback"
	dev, err := initDevice(mctx, dc, id, malgo.DeviceCallbacks{Data: p.onData})
	if err != nil {
		closeContext(mctx)
		return nil, err
	}
	p.mctx, p.dev = mctx, dev
	p.state.Store(int32(Paused))
	go p.run()
	return p, nil
}

// onData runs on the audio thread: copy from the ring, pad with silence.
func (p *Player) onData(out, _ []byte, _ uint32) {
	n := p.ring.read(out)
	if n < len(out) {
		fill := out[n:]
		for i := range fill {
			fill[i] = p.silence
		}
		if n == 0 {
			p.idle.Add(1)
		}
		if !p.allRead.Load() {
			p.underruns.Add(1)
		}
	}
	if n > 0 {
		p.idle.Store(0)
		p.played.Add(int64(n / p.bpf))
	}
	select {
	case p.need <- struct{}{}:
	default:
	}
}

func (p *Player) run() {
	defer close(p.done)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case fn := <-p.reqs:
			fn()
		case <-p.need:
		case <-tick.C:
			p.watch()
		case <-p.quit:
			p.close()
			return
		}
		p.fill()
	}
}

// fill reads the source into the ring while there is room.
func (p *Player) fill() {
	if s := p.State(); s != Playing && s != Paused {
		return
	}
	end := p.total.Load() * int64(p.bpf)
	defer func() { p.allRead.Store(p.readOff >= p.total.Load()*int64(p.bpf)) }()
	if sp := p.speed.Load(); sp != 100 {
		p.fillStepped(float64(sp)/100, end)
		return
	}
	for p.readOff < end {
		free := p.ring.free() / p.bpf * p.bpf
		n := min(int64(free), int64(len(p.scratch)), end-p.readOff)
		if n == 0 {
			return
		}
		got, err := p.src.ReadAt(p.scratch[:n], p.readOff)
		got = got / p.bpf * p.bpf
		p.ring.write(p.scratch[:got])
		p.readOff += int64(got)
		if err != nil {
			if !errors.Is(err, io.EOF) {
				p.fail(fmt.Errorf("audio: reading playback source: %w", err))
			}
			// The source is shorter than announced: end where it ends.
			p.total.Store(p.readOff / int64(p.bpf))
			return
		}
	}
}

// fillStepped is fill at another speed: it reads source frames and
// writes every rate-th of them (repeating frames below 1, skipping some
// above) into the ring.
func (p *Player) fillStepped(rate float64, end int64) {
	for p.readOff < end {
		out := min(p.ring.free()/p.bpf, len(p.stepped)/p.bpf)
		if out == 0 {
			return
		}
		want := min(int64(p.frac+float64(out)*rate)+1, int64(len(p.scratch)/p.bpf), (end-p.readOff)/int64(p.bpf))
		got, err := p.src.ReadAt(p.scratch[:want*int64(p.bpf)], p.readOff)
		got = got / p.bpf * p.bpf
		n, consumed, frac := stepFrames(p.stepped[:out*p.bpf], p.scratch[:got], p.bpf, p.frac, rate)
		p.ring.write(p.stepped[:n*p.bpf])
		p.frac = frac
		p.readOff = min(p.readOff+int64(consumed*p.bpf), end)
		if err != nil {
			if !errors.Is(err, io.EOF) {
				p.fail(fmt.Errorf("audio: reading playback source: %w", err))
			}
			p.total.Store(p.readOff / int64(p.bpf))
			return
		}
	}
}

// stepFrames writes frames of src (bpf bytes each) into dst, stepping
// rate frames at a time from the fraction frac of its first frame. It
// returns the frames written, the whole source frames stepped past
// (which may exceed those in src above speed 1: they are skipped) and the
// fraction left over.
func stepFrames(dst, src []byte, bpf int, frac, rate float64) (written, consumed int, left float64) {
	have := len(src) / bpf
	pos := frac
	for written < len(dst)/bpf && int(pos) < have {
		i := int(pos)
		copy(dst[written*bpf:(written+1)*bpf], src[i*bpf:(i+1)*bpf])
		written++
		pos += rate
	}
	consumed = int(pos)
	return written, consumed, pos - float64(consumed)
}

// The speeds SetSpeed takes, in percent.
const (
	MinSpeed = 50
	MaxSpeed = 150
)

// SetSpeed plays at percent of normal speed from now on (clamped to
// MinSpeed..MaxSpeed), keeping the position, play or pause. Frames are
// stepped through, not time-stretched: slower is also lower.
func (p *Player) SetSpeed(percent int) error {
	percent = min(max(percent, MinSpeed), MaxSpeed)
	return p.do(func() error {
		frame := p.positionFrame()
		ended := p.State() == Ended
		p.speed.Store(int32(percent))
		p.frac = 0
		if ended {
			return nil
		}
		return p.seek(frame)
	})
}

// Speed is the playback speed in percent of normal.
func (p *Player) Speed() int { return int(p.speed.Load()) }

// watch notices the end of the source and a device that stopped by itself.
func (p *Player) watch() {
	if p.State() != Playing {
		return
	}
	if !p.dev.IsStarted() {
		p.state.Store(int32(Paused))
		p.fail(fmt.Errorf("%w: playback device stopped", ErrDeviceLost))
		return
	}
	// Everything was read and handed to the device, and the device has
	// since asked for more twice: the last frames have left the buffer.
	if p.readOff >= p.total.Load()*int64(p.bpf) && p.ring.len() == 0 && p.idle.Load() >= 2 {
		_ = p.dev.Stop()
		p.state.Store(int32(Ended))
	}
}

func (p *Player) fail(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err == nil {
		p.err = err
	}
	if p.State() == Playing {
		_ = p.dev.Stop()
		p.state.Store(int32(Paused))
	}
}

// seek repositions with the device stopped, so the ring has no reader.
func (p *Player) seek(frame int64) error {
	frame = min(max(frame, 0), p.total.Load())
	playing := p.State() == Playing
	if playing {
		if err := p.dev.Stop(); err != nil {
			return mapErr("stopping playback", err)
		}
	}
	p.ring.reset()
	p.readOff = frame * int64(p.bpf)
	p.frac = 0
	p.allRead.Store(frame >= p.total.Load())
	p.played.Store(0)
	p.idle.Store(0)
	p.base.Store(frame)
	if p.State() == Ended {
		p.state.Store(int32(Paused))
	}
	if playing {
		p.fill()
		if err := p.dev.Start(); err != nil {
			p.state.Store(int32(Paused))
			return mapErr("starting playback", err)
		}
	}
	return nil
}

func (p *Player) close() {
	p.state.Store(int32(Closed))
	_ = p.dev.Stop() // before Uninit: Uninit of a running PulseAudio device can hang
	p.dev.Uninit()
	closeContext(p.mctx)
}

// do runs fn on the player's goroutine.
func (p *Player) do(fn func() error) error {
	res := make(chan error, 1)
	select {
	case p.reqs <- func() { res <- fn() }:
		return <-res
	case <-p.done:
		return ErrClosed
	}
}

// Play starts or continues playback; after the end it starts again from 0.
func (p *Player) Play() error {
	return p.do(func() error {
		switch p.State() {
		case Playing:
			return nil
		case Ended:
			if err := p.seek(0); err != nil {
				return err
			}
		}
		p.fill()
		p.idle.Store(0)
		if err := p.dev.Start(); err != nil {
			return mapErr("starting playback", err)
		}
		p.state.Store(int32(Playing))
		return nil
	})
}

// Pause stops playback, keeping the position.
func (p *Player) Pause() error {
	return p.do(func() error {
		if p.State() != Playing {
			return nil
		}
		p.state.Store(int32(Paused))
		return mapErr("stopping playback", p.dev.Stop())
	})
}

// Seek moves to pos (clamped to the source), keeping play or pause.
func (p *Player) Seek(pos time.Duration) error {
	return p.do(func() error { return p.seek(p.f.Frames(pos)) })
}

// Stop ends playback and releases the device. Safe to call twice.
func (p *Player) Stop() error {
	p.once.Do(func() { close(p.quit) })
	<-p.done
	return nil
}

// Position is the point of the source the device has reached.
func (p *Player) Position() time.Duration {
	if p.State() == Ended {
		return p.Duration()
	}
	return p.f.Duration(p.positionFrame())
}

// positionFrame is the source frame the device has reached.
func (p *Player) positionFrame() int64 {
	played := p.played.Load()
	if sp := int64(p.speed.Load()); sp != 100 {
		played = played * sp / 100
	}
	return min(p.base.Load()+played, p.total.Load())
}

// Duration is the length of the source.
func (p *Player) Duration() time.Duration { return p.f.Duration(p.total.Load()) }

// State reports whether the player is playing, paused, ended or closed.
func (p *Player) State() PlayerState { return PlayerState(p.state.Load()) }

// Underruns counts device callbacks that got less audio than they asked
// for while there was more to play: the source was read too slowly.
func (p *Player) Underruns() int64 { return p.underruns.Load() }

// Err is the first error playback met (ErrDeviceLost, a source read
// error), or nil.
func (p *Player) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}
