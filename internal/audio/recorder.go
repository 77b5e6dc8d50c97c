package audio

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gen2brain/malgo"

	"github.com/kiroku-app/kiroku/internal/pcm"
)

// Recorder captures audio and hands it out in chunks of at most one second.
// A Recorder records once: Start, any number of Pause/Resume/Marker, Stop.
type Recorder interface {
	// Start opens the device and begins capturing. Cancelling ctx ends the
	// recording as Stop does.
	Start(ctx context.Context) error
	// Pause stops taking audio; paused time produces no chunks and is not
	// part of the recording timeline or Elapsed. What was captured before
	// the pause is delivered at once.
	Pause()
	Resume()
	// Stop ends the recording. Chunks then delivers what remains, the last
	// chunk flagged Final, and is closed. Stop is safe to call twice and
	// returns the error that ended the recording early, if any.
	Stop() error
	// Marker notes a point of the recording, e.g. "he raised his voice".
	Marker(label string) Marker
	// Level is the RMS and peak of the latest audio (about every 100 ms),
	// as fractions of full scale; see DBFS.
	Level() (rms, peak float64)
	// Elapsed is the wall-clock time spent recording, without pauses.
	Elapsed() time.Duration
	// Chunks delivers the audio. The consumer must keep receiving until the
	// channel is closed, which happens right after the Final chunk.
	Chunks() <-chan Chunk
	// Stats counts frames captured, delivered and dropped.
	Stats() Stats
	// Err is the error that ended the recording early (ErrDeviceLost), or nil.
	Err() error
}

// Chunk is a run of contiguous audio. Seq counts from 0 without gaps;
// within the recording timeline (which excludes paused time)
//
//	next.StartFrame == prev.StartFrame + prev.Frames + next.Dropped
type Chunk struct {
	Seq        uint64
	PCM        []byte // s16le, interleaved; owned by the receiver
	Frames     int
	StartFrame int64         // position of the first frame in the recording timeline
	Start      time.Duration // StartFrame as time
	// Wall is when the device delivered the first frame, to within one
	// device period (100 ms).
	Wall time.Time
	// Dropped counts frames lost right before this chunk because the
	// consumer fell behind and the buffer was full. The timeline keeps
	// counting them, so positions stay true to the clock.
	Dropped int64
	// Final marks the last chunk. It may be empty (Frames == 0), e.g. when
	// the recording is stopped while paused.
	Final bool
}

// Marker is a labelled point in a recording.
type Marker struct {
	Label    string
	Frame    int64         // frames captured before the marker
	Position time.Duration // Frame as time in the recording timeline
	Wall     time.Time
}

// Stats describes the flow of frames through a Recorder.
type Stats struct {
	Captured      int64  // frames taken from the device (the timeline length)
	Delivered     int64  // frames handed out in chunks
	Dropped       int64  // frames lost because the consumer fell behind
	Overruns      int64  // device callbacks that lost frames
	Chunks        uint64 // chunks handed out
	Buffered      int    // frames waiting between the device and the chunk queue
	Interruptions int64  // unexpected "device stopped" notifications
}

// Config configures a MalgoRecorder. The zero value records mono 16-bit
// 48 kHz from the default microphone of the platform's audio system.
type Config struct {
	Backend  Backend
	DeviceID string // from Devices; empty for the system default
	// Format must be 16-bit; zero means DefaultFormat.
	Format pcm.Format
	// ChunkDuration is the length of a chunk; 0 means 1 s, the maximum.
	ChunkDuration time.Duration
	// BufferDuration is how much audio the queue between the device
	// callback and the chunk assembler holds; 0 means 10 s.
	BufferDuration time.Duration
	// QueueChunks is how many finished chunks may wait for the consumer;
	// 0 means 8.
	QueueChunks int
	// StallTimeout ends the recording with ErrDeviceLost when the device,
	// having delivered audio, then delivers nothing for this long; 0 means
	// 3 s, negative disables. miniaudio hears nothing from PulseAudio when
	// a source is removed (seen with an unloaded null sink): its stream
	// just goes quiet, and this is what notices.
	StallTimeout time.Duration
}

const (
	// periodsPerSecond sets the capture device period. Recording needs no
	// low latency; fewer callbacks (each a cgo call from the audio thread
	// and a goroutine wake-up) cost less CPU. 10 Hz still updates the level
	// meter often enough and keeps chunks far under a second.
	periodsPerSecond = 10 // device callback every 100 ms
	// playbackPeriodsPerSecond keeps playback responsive to pause and seek.
	playbackPeriodsPerSecond = 50
	maxChunk                 = time.Second
)

// MalgoRecorder records through miniaudio. The device callback only copies
// frames into a preallocated ring and signals; a goroutine assembles
// chunks. See the package comment.
type MalgoRecorder struct {
	cfg         Config
	f           pcm.Format
	bpf         int
	chunkFrames int
	stall       time.Duration
	ring        *captureRing

	out   chan Chunk
	wake  chan struct{} // device callback: frames arrived
	flush chan struct{} // Pause: deliver what is assembled
	lost  chan struct{} // device stopped without being asked
	stop  chan struct{} // closed by Stop
	done  chan struct{} // closed when the assembler has finished

	// Written on the audio thread.
	paused        atomic.Bool
	captured      atomic.Int64
	dropped       atomic.Int64
	overruns      atomic.Int64
	lastData      atomic.Int64 // UnixNano of the latest device callback
	stopping      atomic.Bool
	interruptions atomic.Int64

	// Written by the assembler.
	delivered atomic.Int64
	chunks    atomic.Uint64
	rms, peak atomic.Uint64 // float64 bits

	lifeMu   sync.Mutex // serialises Start and Stop
	began    bool
	stopOnce sync.Once
	stopErr  error

	mu        sync.Mutex
	started   bool
	ended     bool
	running   bool // recording and not paused
	accum     time.Duration
	resumedAt time.Time
	markers   []Marker
	err       error

	devMu sync.Mutex
	mctx  *malgo.AllocatedContext
	dev   *malgo.Device
}

var _ Recorder = (*MalgoRecorder)(nil)

// NewRecorder checks cfg and preallocates the recorder's buffers. No
// device is opened before Start.
func NewRecorder(cfg Config) (*MalgoRecorder, error) {
	if cfg.Format == (pcm.Format{}) {
		cfg.Format = pcm.DefaultFormat()
	}
	f := cfg.Format
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if f.BitsPerSample != 16 {
		return nil, fmt.Errorf("%w: recorder captures 16-bit PCM, not %d-bit", ErrUnsupportedFormat, f.BitsPerSample)
	}
	if cfg.ChunkDuration == 0 {
		cfg.ChunkDuration = maxChunk
	}
	if cfg.ChunkDuration < 0 || cfg.ChunkDuration > maxChunk {
		return nil, fmt.Errorf("audio: chunk duration %v not in (0, %v]", cfg.ChunkDuration, maxChunk)
	}
	if cfg.BufferDuration == 0 {
		cfg.BufferDuration = 10 * time.Second
	}
	if cfg.QueueChunks == 0 {
		cfg.QueueChunks = 8
	}
	if cfg.BufferDuration < 0 || cfg.QueueChunks < 0 {
		return nil, fmt.Errorf("audio: negative buffer size")
	}
	if cfg.StallTimeout == 0 {
		cfg.StallTimeout = 3 * time.Second
	}
	if _, err := cfg.Backend.malgo(); err != nil {
		return nil, err
	}

	slotFrames := max(1, f.SampleRate/periodsPerSecond)
	period := f.Duration(int64(slotFrames))
	slots := max(4, int((cfg.BufferDuration+period-1)/period))
	r := &MalgoRecorder{
		cfg:         cfg,
		f:           f,
		bpf:         f.BytesPerFrame(),
		chunkFrames: max(1, int(f.Frames(cfg.ChunkDuration))),
		stall:       cfg.StallTimeout,
		ring:        newCaptureRing(slots, slotFrames, f.BytesPerFrame()),
		out:         make(chan Chunk, cfg.QueueChunks),
		wake:        make(chan struct{}, 1),
		flush:       make(chan struct{}, 1),
		lost:        make(chan struct{}, 1),
		stop:        make(chan struct{}),
		done:        make(chan struct{}),
	}
	return r, nil
}

// Format is the format of the chunks' PCM.
func (r *MalgoRecorder) Format() pcm.Format { return r.f }

// Start opens the device and starts capturing. Errors: ErrNoBackend,
// ErrNoDevice, ErrDeviceNotFound, ErrPermissionDenied, ErrAlreadyStarted.
// If Start fails, Chunks is closed without a chunk.
func (r *MalgoRecorder) Start(ctx context.Context) error {
	r.lifeMu.Lock()
	defer r.lifeMu.Unlock()
	if r.began {
		return ErrAlreadyStarted
	}
	r.began = true
	if err := r.openDevice(); err != nil {
		r.mu.Lock()
		r.ended, r.err = true, err
		r.mu.Unlock()
		close(r.out)
		close(r.done)
		return err
	}
	r.startPipeline(ctx)
	return nil
}

func (r *MalgoRecorder) openDevice() error {
	mctx, err := openContext(r.cfg.Backend)
	if err != nil {
		return err
	}
	id, err := pickDevice(mctx, malgo.Capture, r.cfg.DeviceID)
	if err != nil {
		closeContext(mctx)
		return err
	}
	dc := malgo.DefaultDeviceConfig(malgo.Capture)
	dc.Capture.Format = malgo.FormatS16
	dc.Capture.Channels = uint32(r.f.Channels)
	dc.SampleRate = uint32(r.f.SampleRate)
	// With miniaudio's default fixed-size callback every callback then
	// carries exactly one ring slot.
	dc.PeriodSizeInFrames = uint32(r.ring.slotFrames)
	dc.Pulse.StreamNameCapture = "Kiroku recording"
	dev, err := initDevice(mctx, dc, id, malgo.DeviceCallbacks{Data: r.onData, Stop: r.onStop})
	if err != nil {
		closeContext(mctx)
		return err
	}
	r.devMu.Lock()
	r.mctx, r.dev = mctx, dev
	r.devMu.Unlock()
	if err := dev.Start(); err != nil {
		_ = r.teardown()
		return mapErr("starting device", err)
	}
	return nil
}

// startPipeline starts the clock and the assembler. Tests call it without
// a device and feed onData themselves.
func (r *MalgoRecorder) startPipeline(ctx context.Context) {
	r.mu.Lock()
	r.started, r.running, r.resumedAt = true, true, time.Now()
	r.mu.Unlock()
	go r.run(ctx)
}

// onData runs on the audio thread. It must not block, allocate or call
// into anything slow: copy, count, signal.
func (r *MalgoRecorder) onData(_, in []byte, frames uint32) {
	now := time.Now()
	r.lastData.Store(now.UnixNano())
	if r.paused.Load() {
		return
	}
	n := min(int(frames), len(in)/r.bpf)
	pos := r.captured.Load()
	if d := r.ring.push(in[:n*r.bpf], pos, now); d > 0 {
		r.dropped.Add(int64(d))
		r.overruns.Add(1)
	}
	r.captured.Store(pos + int64(n))
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// onStop runs on the audio thread whenever the device stops, including
// when we stop it; only unrequested stops matter.
func (r *MalgoRecorder) onStop() {
	if r.stopping.Load() {
		return
	}
	r.interruptions.Add(1)
	select {
	case r.lost <- struct{}{}:
	default:
	}
}

// assembly is the assembler goroutine's state.
type assembly struct {
	cur     *Chunk // being filled
	pending *Chunk // full, held back until we know whether it is the last
	expect  int64  // timeline frame the next block should start at
	gap     int64  // dropped frames to report on the next chunk
	seq     uint64
}

func (r *MalgoRecorder) run(ctx context.Context) {
	defer close(r.done)
	defer close(r.out)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var a assembly
	var cause error
loop:
	for {
		select {
		case <-r.wake:
			r.drain(&a)
		case <-r.flush:
			r.drain(&a)
			r.flushChunks(&a)
		case <-r.lost:
			// Some backends (PulseAudio) report a suspended stream as
			// stopped and resume it later; only a device that is really
			// no longer running is lost. The ticker catches the rest.
			if cause = r.checkDevice(); cause != nil {
				break loop
			}
		case <-tick.C:
			if cause = r.checkDevice(); cause != nil {
				break loop
			}
		case <-ctx.Done():
			break loop
		case <-r.stop:
			break loop
		}
	}
	_ = r.teardown() // no callbacks after this
	r.end(cause)
	r.drain(&a)
	r.finish(&a)
}

// checkDevice returns ErrDeviceLost if the device stopped by itself or has
// delivered nothing for the stall timeout.
func (r *MalgoRecorder) checkDevice() error {
	r.devMu.Lock()
	present := r.dev != nil
	started := present && r.dev.IsStarted()
	r.devMu.Unlock()
	if !present || r.stopping.Load() {
		return nil
	}
	if !started {
		return fmt.Errorf("%w: device stopped", ErrDeviceLost)
	}
	// The stall clock starts with the first callback: some sources (a
	// PulseAudio monitor of an idle sink) deliver nothing until there is
	// sound, and are not lost.
	if last := r.lastData.Load(); r.stall > 0 && last != 0 {
		if quiet := time.Since(time.Unix(0, last)); quiet > r.stall {
			return fmt.Errorf("%w: no audio for %v", ErrDeviceLost, quiet.Round(time.Millisecond))
		}
	}
	return nil
}

// drain moves every queued block into chunks and updates the level meter.
func (r *MalgoRecorder) drain(a *assembly) {
	var sumSq, peak float64
	var samples int
	for b := r.ring.peek(); b != nil; b = r.ring.peek() {
		data := b.buf[:b.frames*r.bpf]
		rms, pk := pcm.Levels(data)
		n := len(data) / 2
		sumSq += rms * rms * float64(n)
		peak = max(peak, pk)
		samples += n
		r.add(a, b)
		r.ring.pop()
	}
	if samples > 0 && !r.paused.Load() {
		r.rms.Store(math.Float64bits(math.Sqrt(sumSq / float64(samples))))
		r.peak.Store(math.Float64bits(peak))
	}
}

func (r *MalgoRecorder) add(a *assembly, b *block) {
	if b.pos != a.expect {
		// Frames were dropped before b: end the chunk so that every chunk
		// is contiguous, and report the gap on the next one.
		a.gap += b.pos - a.expect
		r.flushChunks(a)
	}
	data := b.buf[:b.frames*r.bpf]
	pos, wall := b.pos, b.wall
	size := r.chunkFrames * r.bpf
	for len(data) > 0 {
		if a.cur == nil {
			if a.pending != nil {
				r.send(a, a.pending, false)
				a.pending = nil
			}
			a.cur = &Chunk{
				StartFrame: pos,
				Start:      r.f.Duration(pos),
				Wall:       wall,
				Dropped:    a.gap,
				PCM:        make([]byte, 0, size),
			}
			a.gap = 0
		}
		k := min(size-len(a.cur.PCM), len(data))
		a.cur.PCM = append(a.cur.PCM, data[:k]...)
		data = data[k:]
		pos += int64(k / r.bpf)
		wall = wall.Add(r.f.Duration(int64(k / r.bpf)))
		if len(a.cur.PCM) == size {
			a.pending, a.cur = a.cur, nil
		}
	}
	a.expect = b.pos + int64(b.frames)
}

// flushChunks hands out everything assembled so far.
func (r *MalgoRecorder) flushChunks(a *assembly) {
	if a.pending != nil {
		r.send(a, a.pending, false)
		a.pending = nil
	}
	if a.cur != nil && len(a.cur.PCM) > 0 {
		r.send(a, a.cur, false)
	}
	a.cur = nil
}

// finish hands out the rest with the last chunk flagged Final.
func (r *MalgoRecorder) finish(a *assembly) {
	if trailing := r.captured.Load() - a.expect; trailing > 0 {
		// Dropped at the very end: report the gap on an empty final chunk.
		a.gap += trailing
		a.expect += trailing
		r.flushChunks(a)
	}
	switch {
	case a.cur != nil && len(a.cur.PCM) > 0:
		if a.pending != nil {
			r.send(a, a.pending, false)
		}
		r.send(a, a.cur, true)
	case a.pending != nil:
		r.send(a, a.pending, true)
	default:
		r.send(a, &Chunk{StartFrame: a.expect, Start: r.f.Duration(a.expect), Wall: time.Now(), Dropped: a.gap}, true)
	}
}

// send blocks while the queue is full; meanwhile the ring fills and, once
// full, the audio thread drops and counts frames.
func (r *MalgoRecorder) send(a *assembly, c *Chunk, final bool) {
	c.Frames = len(c.PCM) / r.bpf
	c.Seq = a.seq
	c.Final = final
	a.seq++
	r.out <- *c
	r.delivered.Add(int64(c.Frames))
	r.chunks.Add(1)
}

// teardown stops and releases the device; Stop before Uninit, since
// Uninit of a running PulseAudio device can hang.
func (r *MalgoRecorder) teardown() error {
	r.devMu.Lock()
	defer r.devMu.Unlock()
	if r.dev == nil {
		return nil
	}
	r.stopping.Store(true)
	err := r.dev.Stop()
	r.dev.Uninit()
	closeContext(r.mctx)
	r.dev, r.mctx = nil, nil
	return mapErr("stopping device", err)
}

// end stops the clock and records why the recording ended.
func (r *MalgoRecorder) end(cause error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running {
		r.accum += time.Since(r.resumedAt)
		r.running = false
	}
	r.ended = true
	if r.err == nil {
		r.err = cause
	}
	r.rms.Store(0)
	r.peak.Store(0)
}

// Stop ends the recording; see Recorder.
func (r *MalgoRecorder) Stop() error {
	r.lifeMu.Lock()
	defer r.lifeMu.Unlock()
	if !r.began {
		r.began = true
		r.end(nil)
		close(r.out)
		close(r.done)
		return nil
	}
	r.stopOnce.Do(func() {
		r.end(nil)
		r.stopErr = r.teardown()
		close(r.stop)
	})
	if err := r.Err(); err != nil {
		return err
	}
	return r.stopErr
}

// Pause stops taking audio until Resume.
func (r *MalgoRecorder) Pause() {
	r.mu.Lock()
	if r.ended || !r.running {
		r.mu.Unlock()
		return
	}
	r.accum += time.Since(r.resumedAt)
	r.running = false
	r.paused.Store(true)
	r.mu.Unlock()
	r.rms.Store(0)
	r.peak.Store(0)
	select {
	case r.flush <- struct{}{}:
	default:
	}
}

// Resume continues a paused recording.
func (r *MalgoRecorder) Resume() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.started || r.ended || r.running {
		return
	}
	r.running, r.resumedAt = true, time.Now()
	r.paused.Store(false)
}

// Paused reports whether the recording is paused.
func (r *MalgoRecorder) Paused() bool { return r.paused.Load() }

// Marker records a labelled point at the current timeline position.
func (r *MalgoRecorder) Marker(label string) Marker {
	r.mu.Lock()
	defer r.mu.Unlock()
	pos := r.captured.Load()
	m := Marker{Label: label, Frame: pos, Position: r.f.Duration(pos), Wall: time.Now()}
	r.markers = append(r.markers, m)
	return m
}

// Markers returns the markers made so far, in order.
func (r *MalgoRecorder) Markers() []Marker {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Marker(nil), r.markers...)
}

// Level returns the latest RMS and peak; zero while paused or stopped.
func (r *MalgoRecorder) Level() (rms, peak float64) {
	return math.Float64frombits(r.rms.Load()), math.Float64frombits(r.peak.Load())
}

// Elapsed is the time spent recording, without pauses.
func (r *MalgoRecorder) Elapsed() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	d := r.accum
	if r.running {
		d += time.Since(r.resumedAt)
	}
	return d
}

// Chunks delivers the recording; see Recorder.
func (r *MalgoRecorder) Chunks() <-chan Chunk { return r.out }

// Done is closed when the last chunk has been handed out.
func (r *MalgoRecorder) Done() <-chan struct{} { return r.done }

// Stats reports frame counts so far.
func (r *MalgoRecorder) Stats() Stats {
	return Stats{
		Captured:      r.captured.Load(),
		Delivered:     r.delivered.Load(),
		Dropped:       r.dropped.Load(),
		Overruns:      r.overruns.Load(),
		Chunks:        r.chunks.Load(),
		Buffered:      r.ring.buffered(),
		Interruptions: r.interruptions.Load(),
	}
}

// Err is the error that ended the recording early, or nil.
func (r *MalgoRecorder) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}
