package audio_test

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/audio"
	"github.com/kiroku-app/kiroku/internal/pcm"
)

// collect receives chunks until the channel closes, checking the
// invariants every consumer relies on.
func collect(t *testing.T, r audio.Recorder, maxFrames int) []audio.Chunk {
	t.Helper()
	var got []audio.Chunk
	timeout := time.After(30 * time.Second)
	for {
		select {
		case c, ok := <-r.Chunks():
			if !ok {
				checkChunks(t, got, maxFrames)
				return got
			}
			got = append(got, c)
		case <-timeout:
			t.Fatalf("chunks not closed after 30 s; got %d", len(got))
		}
	}
}

func checkChunks(t *testing.T, cs []audio.Chunk, maxFrames int) {
	t.Helper()
	if len(cs) == 0 {
		t.Fatal("no chunks")
	}
	for i, c := range cs {
		if c.Seq != uint64(i) {
			t.Errorf("chunk %d has Seq %d", i, c.Seq)
		}
		if c.Frames > maxFrames {
			t.Errorf("chunk %d has %d frames, more than %d", i, c.Frames, maxFrames)
		}
		if len(c.PCM) != 2*c.Frames {
			t.Errorf("chunk %d: %d bytes for %d mono frames", i, len(c.PCM), c.Frames)
		}
		if c.Final != (i == len(cs)-1) {
			t.Errorf("chunk %d of %d: Final = %v", i, len(cs), c.Final)
		}
		if c.Frames == 0 && !c.Final {
			t.Errorf("chunk %d is empty and not final", i)
		}
		if i > 0 {
			p := cs[i-1]
			if c.StartFrame != p.StartFrame+int64(p.Frames)+c.Dropped {
				t.Errorf("chunk %d starts at %d, previous ends at %d, %d dropped", i, c.StartFrame, p.StartFrame+int64(p.Frames), c.Dropped)
			}
		}
	}
}

func totalFrames(cs []audio.Chunk) int64 {
	var n int64
	for _, c := range cs {
		n += int64(c.Frames)
	}
	return n
}

func within(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol*want {
		t.Errorf("%s = %.3f, want %.3f ± %.0f%%", what, got, want, tol*100)
	}
}

func TestDevicesNull(t *testing.T) {
	for name, list := range map[string]func(audio.Backend) ([]audio.Device, error){
		"capture": audio.Devices, "playback": audio.OutputDevices,
	} {
		devs, err := list(audio.Null)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(devs) != 1 || !devs[0].Default || devs[0].Name == "" || devs[0].ID == "" {
			t.Fatalf("%s: null backend devices %v", name, devs)
		}
	}
}

func TestRecordNull(t *testing.T) {
	for _, chunkDur := range []time.Duration{0, 250 * time.Millisecond, 333 * time.Millisecond} {
		t.Run(chunkDur.String(), func(t *testing.T) {
			const rate = 16000
			f := pcm.Format{SampleRate: rate, Channels: 1, BitsPerSample: 16}
			r, err := audio.NewRecorder(audio.Config{Backend: audio.Null, Format: f, ChunkDuration: chunkDur})
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Start(t.Context()); err != nil {
				t.Fatal(err)
			}
			maxFrames := rate
			if chunkDur != 0 {
				maxFrames = int(f.Frames(chunkDur))
			}
			began := time.Now()
			var markers []audio.Marker
			var markedAt []time.Duration
			var ran time.Duration
			go func() {
				for _, label := range []string{"a", "b", "c"} {
					time.Sleep(400 * time.Millisecond)
					markedAt = append(markedAt, time.Since(began))
					markers = append(markers, r.Marker(label))
				}
				time.Sleep(300 * time.Millisecond)
				ran = time.Since(began)
				if err := r.Stop(); err != nil {
					t.Errorf("Stop: %v", err)
				}
			}()
			cs := collect(t, r, maxFrames)

			// Timed against the test's own clock, not nominal sleeps, so
			// that a loaded CI machine does not fail it.
			elapsed := r.Elapsed()
			if d := (elapsed - ran).Abs(); d > 100*time.Millisecond {
				t.Errorf("Elapsed %v, but Stop came %v after Start", elapsed, ran)
			}
			n := totalFrames(cs)
			within(t, "frames", float64(n), elapsed.Seconds()*rate, 0.1)
			st := r.Stats()
			if st.Captured != n || st.Delivered != n || st.Dropped != 0 || st.Chunks != uint64(len(cs)) {
				t.Errorf("stats %+v, delivered %d frames in %d chunks", st, n, len(cs))
			}
			if cs[0].StartFrame != 0 || cs[0].Wall.IsZero() {
				t.Errorf("first chunk starts at %d, wall %v", cs[0].StartFrame, cs[0].Wall)
			}
			if got := r.Markers(); len(got) != 3 {
				t.Fatalf("markers %v", got)
			}
			for i, m := range markers {
				if i > 0 && m.Frame < markers[i-1].Frame {
					t.Errorf("marker %q at %v before %q at %v", m.Label, m.Position, markers[i-1].Label, markers[i-1].Position)
				}
				if want := markedAt[i]; (m.Position - want).Abs() > 150*time.Millisecond {
					t.Errorf("marker %q at %v, made %v after Start", m.Label, m.Position, want)
				}
				if m.Position != f.Duration(m.Frame) || m.Wall.IsZero() {
					t.Errorf("marker %+v", m)
				}
			}
			if err := r.Stop(); err != nil {
				t.Errorf("second Stop: %v", err)
			}
			if err := r.Start(t.Context()); !errors.Is(err, audio.ErrAlreadyStarted) {
				t.Errorf("Start after Stop: %v", err)
			}
			if r.Elapsed() != elapsed {
				t.Error("Elapsed moves after Stop")
			}
		})
	}
}

func TestPauseResumeNull(t *testing.T) {
	const rate = 16000
	f := pcm.Format{SampleRate: rate, Channels: 1, BitsPerSample: 16}
	r, err := audio.NewRecorder(audio.Config{Backend: audio.Null, Format: f})
	if err != nil {
		t.Fatal(err)
	}
	begin := time.Now()
	if err := r.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	type arrival struct {
		c  audio.Chunk
		at time.Time
	}
	arrivals := make(chan arrival, 100)
	go func() {
		for c := range r.Chunks() {
			arrivals <- arrival{c, time.Now()}
		}
		close(arrivals)
	}()

	time.Sleep(600 * time.Millisecond)
	pausedAt := time.Now()
	r.Pause()
	r.Pause() // no-op
	time.Sleep(100 * time.Millisecond)
	capturedInPause := r.Stats().Captured
	elapsedInPause := r.Elapsed()
	time.Sleep(700 * time.Millisecond)
	if got := r.Stats().Captured; got != capturedInPause {
		t.Errorf("captured %d frames while paused", got-capturedInPause)
	}
	if got := r.Elapsed(); got != elapsedInPause {
		t.Errorf("Elapsed moved while paused: %v then %v", elapsedInPause, got)
	}
	if rms, peak := r.Level(); rms != 0 || peak != 0 {
		t.Errorf("level while paused: %v %v", rms, peak)
	}
	resumedAt := time.Now()
	r.Resume()
	r.Resume() // no-op
	time.Sleep(600 * time.Millisecond)
	stoppedAt := time.Now()
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}

	var cs []audio.Chunk
	flushedInPause := false
	for a := range arrivals {
		cs = append(cs, a.c)
		if a.at.After(pausedAt) && a.at.Before(resumedAt) && a.c.Frames > 0 && a.c.Frames < rate {
			flushedInPause = true
		}
	}
	checkChunks(t, cs, rate)
	if !flushedInPause {
		t.Error("the partial chunk was not delivered during the pause")
	}
	elapsed := r.Elapsed()
	recording := pausedAt.Sub(begin) + stoppedAt.Sub(resumedAt)
	if d := (elapsed - recording).Abs(); d > 100*time.Millisecond {
		t.Errorf("Elapsed %v, recorded for %v around a pause of %v", elapsed, recording, resumedAt.Sub(pausedAt))
	}
	n := totalFrames(cs)
	within(t, "frames", float64(n), elapsed.Seconds()*rate, 0.1)
}

func TestRecorderStopBeforeStart(t *testing.T) {
	r, err := audio.NewRecorder(audio.Config{Backend: audio.Null})
	if err != nil {
		t.Fatal(err)
	}
	r.Pause()
	r.Resume()
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-r.Chunks(); ok {
		t.Fatal("a chunk from a recorder never started")
	}
	if err := r.Start(t.Context()); !errors.Is(err, audio.ErrAlreadyStarted) {
		t.Fatalf("Start after Stop: %v", err)
	}
}

func TestRecorderContextCancel(t *testing.T) {
	r, err := audio.NewRecorder(audio.Config{Backend: audio.Null, Format: pcm.Format{SampleRate: 8000, Channels: 1, BitsPerSample: 16}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	cs := collect(t, r, 8000)
	if n := totalFrames(cs); n < 1600 {
		t.Fatalf("only %d frames", n)
	}
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
}

func TestRecorderDeviceNotFound(t *testing.T) {
	r, err := audio.NewRecorder(audio.Config{Backend: audio.Null, DeviceID: "6b69726f6b75"})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(t.Context()); !errors.Is(err, audio.ErrDeviceNotFound) {
		t.Fatalf("Start: %v", err)
	}
	if _, ok := <-r.Chunks(); ok {
		t.Fatal("chunk after failed Start")
	}
	if !errors.Is(r.Err(), audio.ErrDeviceNotFound) {
		t.Fatalf("Err: %v", r.Err())
	}
}

func TestRecorderByDeviceID(t *testing.T) {
	devs, err := audio.Devices(audio.Null)
	if err != nil {
		t.Fatal(err)
	}
	r, err := audio.NewRecorder(audio.Config{Backend: audio.Null, DeviceID: devs[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	collect(t, r, 48000)
}

// On a machine without a sound card (CI) the default backend must fail
// with a sentinel, not record the null backend's silence.
func TestDefaultBackendFailsClearly(t *testing.T) {
	r, err := audio.NewRecorder(audio.Config{})
	if err != nil {
		t.Fatal(err)
	}
	err = r.Start(t.Context())
	if err == nil {
		t.Log("this machine has a usable default microphone")
		_ = r.Stop()
		for range r.Chunks() {
		}
		return
	}
	t.Logf("default backend: %v", err)
	if !errors.Is(err, audio.ErrNoDevice) && !errors.Is(err, audio.ErrNoBackend) && !errors.Is(err, audio.ErrPermissionDenied) {
		t.Fatalf("Start: %v is none of the sentinels", err)
	}
}

func TestNewRecorderRejects(t *testing.T) {
	tests := []struct {
		name string
		cfg  audio.Config
		is   error
	}{
		{"chunk over 1 s", audio.Config{ChunkDuration: 1001 * time.Millisecond}, nil},
		{"negative chunk", audio.Config{ChunkDuration: -time.Second}, nil},
		{"24-bit", audio.Config{Format: pcm.Format{SampleRate: 48000, Channels: 1, BitsPerSample: 24}}, audio.ErrUnsupportedFormat},
		{"no rate", audio.Config{Format: pcm.Format{Channels: 1, BitsPerSample: 16}}, audio.ErrUnsupportedFormat},
		{"negative buffer", audio.Config{BufferDuration: -1}, nil},
		{"unknown backend", audio.Config{Backend: 99}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := audio.NewRecorder(tt.cfg)
			if err == nil || (tt.is != nil && !errors.Is(err, tt.is)) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}
