package audio

// Tests of the assembly path without a device: they call onData, the
// function miniaudio calls on the audio thread, directly and faster than
// real time.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gen2brain/malgo"

	"github.com/kiroku-app/kiroku/internal/pcm"
)

// feeder produces a continuous 440 Hz tone in device-callback-sized blocks.
type feeder struct {
	r     *MalgoRecorder
	block int   // frames per callback
	pos   int64 // frames produced
	buf   []byte
	sent  bytes.Buffer // everything fed, when keep is set
	keep  bool
}

func newFeeder(r *MalgoRecorder, block int) *feeder {
	return &feeder{r: r, block: block, buf: make([]byte, block*r.bpf)}
}

func (f *feeder) tone(i int64) int16 {
	return int16(16000 * math.Sin(2*math.Pi*440*float64(i)/float64(f.r.f.SampleRate)))
}

// feed delivers n frames; with wait it waits for ring space, as a real
// device would never need to, so that nothing is dropped.
func (f *feeder) feed(n int, wait bool) {
	for n > 0 {
		k := min(n, f.block)
		b := f.buf[:k*f.r.bpf]
		for i := range k {
			binary.LittleEndian.PutUint16(b[2*i:], uint16(f.tone(f.pos+int64(i))))
		}
		for wait && len(f.r.ring.blocks)-int(f.r.ring.head.Load()-f.r.ring.tail.Load()) < 2 {
			runtime.Gosched()
		}
		f.r.onData(nil, b, uint32(k))
		if f.keep {
			f.sent.Write(b)
		}
		f.pos += int64(k)
		n -= k
	}
}

func newTestRecorder(t *testing.T, cfg Config) *MalgoRecorder {
	t.Helper()
	cfg.Backend = Null
	if cfg.Format == (pcm.Format{}) {
		cfg.Format = pcm.Format{SampleRate: 48000, Channels: 1, BitsPerSample: 16}
	}
	r, err := NewRecorder(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r.began = true // as Start would, minus the device
	r.startPipeline(t.Context())
	return r
}

func drainAll(t *testing.T, r *MalgoRecorder) []Chunk {
	t.Helper()
	var cs []Chunk
	for c := range r.Chunks() {
		cs = append(cs, c)
	}
	return cs
}

func TestMemoryFlatLongRecording(t *testing.T) {
	r := newTestRecorder(t, Config{})
	f := newFeeder(r, 960)
	var frames int64
	var chunks int
	consumed := make(chan struct{})
	go func() {
		defer close(consumed)
		for c := range r.Chunks() {
			frames += int64(c.Frames) // the chunk is dropped, as after a commit
			chunks++
		}
	}()

	var before, after runtime.MemStats
	f.feed(5*48000, true) // warm up: ring, channel, timers
	runtime.GC()
	runtime.ReadMemStats(&before)
	begin := time.Now()
	f.feed(60*48000, true)
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("60 s of audio in %v; heap %d -> %d kB; %d MB allocated in total",
		time.Since(begin).Round(time.Millisecond), before.HeapAlloc>>10, after.HeapAlloc>>10,
		(after.TotalAlloc-before.TotalAlloc)>>20)
	// A leak of the audio itself would be 5.5 MB; allow 1 MB for chunks in
	// flight and the runtime.
	if grow := int64(after.HeapAlloc) - int64(before.HeapAlloc); grow > 1<<20 {
		t.Errorf("heap grew by %d kB over 60 s of audio", grow>>10)
	}
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	<-consumed
	if frames != 65*48000 || r.Stats().Dropped != 0 {
		t.Errorf("delivered %d frames of %d, stats %+v", frames, 65*48000, r.Stats())
	}
	if chunks != 65 {
		t.Errorf("%d chunks for 65 s", chunks)
	}
}

// Boundaries as in age's stream tests: a chunk's worth of frames minus
// one, exactly, plus one, fed in blocks that do and do not divide it.
func TestChunkBoundaries(t *testing.T) {
	const chunk = 480 // 10 ms at 48 kHz
	tests := []struct {
		frames, block int
		sizes         []int
	}{
		{0, 160, []int{0}},
		{1, 160, []int{1}},
		{chunk - 1, 160, []int{chunk - 1}},
		{chunk, 160, []int{chunk}},
		{chunk + 1, 160, []int{chunk, 1}},
		{2*chunk - 1, 7, []int{chunk, chunk - 1}},
		{2 * chunk, 7, []int{chunk, chunk}},
		{2*chunk + 1, 1000, []int{chunk, chunk, 1}},
	}
	for _, tt := range tests {
		t.Run("", func(t *testing.T) {
			r := newTestRecorder(t, Config{ChunkDuration: 10 * time.Millisecond})
			f := newFeeder(r, tt.block)
			f.keep = true
			f.feed(tt.frames, true)
			if err := r.Stop(); err != nil {
				t.Fatal(err)
			}
			cs := drainAll(t, r)
			var sizes []int
			var pcm []byte
			for i, c := range cs {
				sizes = append(sizes, c.Frames)
				pcm = append(pcm, c.PCM...)
				if c.Seq != uint64(i) || c.Final != (i == len(cs)-1) {
					t.Errorf("chunk %d: seq %d final %v", i, c.Seq, c.Final)
				}
				if c.StartFrame != int64(i*chunk) || c.Start != r.f.Duration(c.StartFrame) {
					t.Errorf("chunk %d starts at %d (%v)", i, c.StartFrame, c.Start)
				}
			}
			if !equalInts(sizes, tt.sizes) {
				t.Errorf("%d frames in blocks of %d: chunk sizes %v, want %v", tt.frames, tt.block, sizes, tt.sizes)
			}
			if !bytes.Equal(pcm, f.sent.Bytes()) {
				t.Error("chunk PCM differs from the input")
			}
		})
	}
}

// summary prints chunks without their PCM.
func summary(cs []Chunk) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "[seq %d start %d frames %d dropped %d final %v] ", c.Seq, c.StartFrame, c.Frames, c.Dropped, c.Final)
	}
	return b.String()
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A consumer that stops reading must never block the audio thread: frames
// beyond the buffer are dropped, counted, and visible as a gap.
func TestSlowConsumerDropsAndReports(t *testing.T) {
	r := newTestRecorder(t, Config{
		ChunkDuration:  100 * time.Millisecond,
		BufferDuration: 200 * time.Millisecond,
		QueueChunks:    1,
	})
	f := newFeeder(r, 960)
	done := make(chan struct{})
	go func() {
		defer close(done)
		f.feed(3*48000, false) // nobody reads: must not block
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("onData blocked on a stuck consumer")
	}
	st := r.Stats()
	if st.Dropped == 0 || st.Overruns == 0 || st.Captured != 3*48000 {
		t.Fatalf("stats %+v", st)
	}
	cs := make(chan []Chunk)
	go func() { cs <- drainAll(t, r) }() // the consumer is back
	f.feed(48000, true)                  // and more audio comes
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	got := <-cs
	st = r.Stats()
	var frames, dropped int64
	gaps := 0
	for i, c := range got {
		frames += int64(c.Frames)
		dropped += c.Dropped
		if c.Dropped > 0 {
			gaps++
		}
		if i > 0 && c.StartFrame != got[i-1].StartFrame+int64(got[i-1].Frames)+c.Dropped {
			t.Errorf("chunk %d: timeline broken", i)
		}
	}
	if !got[len(got)-1].Final {
		t.Error("no final chunk")
	}
	if dropped != st.Dropped || frames != st.Delivered || frames+dropped != st.Captured || st.Captured != 4*48000 {
		t.Errorf("chunks carry %d frames and %d dropped; stats %+v", frames, dropped, st)
	}
	if gaps == 0 {
		t.Error("no chunk reports the gap")
	}
	t.Logf("%d chunks, %d frames dropped in %d gaps", len(got), dropped, gaps)
}

func TestPauseFlushesPartialChunk(t *testing.T) {
	r := newTestRecorder(t, Config{})
	f := newFeeder(r, 960)
	f.feed(48000+4800, true) // 1.1 s
	c := <-r.Chunks()
	if c.Frames != 48000 {
		t.Fatalf("first chunk %d frames", c.Frames)
	}
	r.Pause()
	select {
	case c = <-r.Chunks():
		if c.Frames != 4800 || c.Final || c.StartFrame != 48000 {
			t.Fatalf("flushed chunk %s", summary([]Chunk{c}))
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Pause did not deliver the partial chunk")
	}
	f.feed(4800, true) // discarded: paused
	r.Resume()
	f.feed(960, true)
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	c = <-r.Chunks()
	if c.Frames != 960 || !c.Final || c.StartFrame != 52800 || c.Dropped != 0 {
		t.Fatalf("last chunk %s", summary([]Chunk{c}))
	}
	if _, ok := <-r.Chunks(); ok {
		t.Fatal("chunk after Final")
	}
}

func TestStopWhilePausedSendsEmptyFinal(t *testing.T) {
	r := newTestRecorder(t, Config{})
	f := newFeeder(r, 960)
	f.feed(9600, true)
	r.Pause()
	c := <-r.Chunks() // flushed by Pause
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	cs := append([]Chunk{c}, drainAll(t, r)...)
	if len(cs) != 2 || cs[0].Frames != 9600 || cs[0].Final || cs[1].Frames != 0 || !cs[1].Final || cs[1].StartFrame != 9600 {
		t.Fatalf("chunks %s", summary(cs))
	}
}

func TestLevelFollowsInput(t *testing.T) {
	r := newTestRecorder(t, Config{})
	f := newFeeder(r, 960)
	f.feed(9600, true)
	deadline := time.Now().Add(2 * time.Second)
	for {
		rms, peak := r.Level()
		want := 16000.0 / 32768
		if math.Abs(rms-want/math.Sqrt2) < 0.01 && math.Abs(peak-want) < 0.01 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("level %v %v, want %v %v", rms, peak, want/math.Sqrt2, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	drainAll(t, r)
	if rms, peak := r.Level(); rms != 0 || peak != 0 {
		t.Errorf("level after Stop: %v %v", rms, peak)
	}
}

// The OS stopping the device behind our back (unplugged) ends the
// recording with ErrDeviceLost, after delivering what was captured.
func TestDeviceLostNull(t *testing.T) {
	r, err := NewRecorder(Config{Backend: Null, Format: pcm.Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	r.devMu.Lock()
	_ = r.dev.Stop() // as the backend would; r.stopping is not set
	r.devMu.Unlock()

	var cs []Chunk
	timeout := time.After(5 * time.Second)
	for done := false; !done; {
		select {
		case c, ok := <-r.Chunks():
			if !ok {
				done = true
				break
			}
			cs = append(cs, c)
		case <-timeout:
			t.Fatal("recording did not end after the device stopped")
		}
	}
	if len(cs) == 0 || !cs[len(cs)-1].Final {
		t.Fatalf("chunks %s", summary(cs))
	}
	var frames int64
	for _, c := range cs {
		frames += int64(c.Frames)
	}
	if frames < 6000 {
		t.Errorf("only %d frames delivered of about 8000", frames)
	}
	if !errors.Is(r.Err(), ErrDeviceLost) {
		t.Errorf("Err = %v", r.Err())
	}
	if err := r.Stop(); !errors.Is(err, ErrDeviceLost) {
		t.Errorf("Stop = %v", err)
	}
	if r.Stats().Interruptions != 1 {
		t.Errorf("stats %+v", r.Stats())
	}
}

func TestMapErr(t *testing.T) {
	tests := []struct {
		in   error
		want error
	}{
		{malgo.ErrNoBackend, ErrNoBackend},
		{malgo.ErrNoDevice, ErrNoDevice},
		{malgo.ErrDoesNotExist, ErrDeviceNotFound},
		{malgo.ErrAccessDenied, ErrPermissionDenied},
		{malgo.ErrFormatNotSupported, ErrUnsupportedFormat},
	}
	for _, tt := range tests {
		if got := mapErr("x", tt.in); !errors.Is(got, tt.want) || !errors.Is(got, tt.in) {
			t.Errorf("mapErr(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if mapErr("x", nil) != nil {
		t.Error("mapErr(nil) != nil")
	}
}

// The audio-thread callbacks must not allocate: a GC assist or a stall
// there is a dropout.
func TestCallbacksDoNotAllocate(t *testing.T) {
	r, err := NewRecorder(Config{Backend: Null, BufferDuration: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	in := make([]byte, 960*2)
	// No assembler runs: the ring fills after 50 calls, so both the copy
	// and the drop paths are measured.
	if n := testing.AllocsPerRun(200, func() { r.onData(nil, in, 960) }); n != 0 {
		t.Errorf("recorder onData: %v allocations per call", n)
	}
	if r.Stats().Dropped == 0 {
		t.Error("the drop path was not exercised")
	}

	p := &Player{bpf: 2, ring: newByteRing(4096), need: make(chan struct{}, 1)}
	p.ring.write(make([]byte, 4096))
	out := make([]byte, 960*2)
	if n := testing.AllocsPerRun(200, func() { p.onData(out, nil, 960) }); n != 0 {
		t.Errorf("player onData: %v allocations per call", n)
	}
}
