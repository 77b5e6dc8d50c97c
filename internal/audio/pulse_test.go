package audio_test

// Tests through a real PulseAudio server. They are skipped unless one is
// reachable; testdata/pulse-env.sh starts a private one with a null sink
// whose monitor is the default source:
//
//	internal/audio/testdata/pulse-env.sh go test -run Pulse -v ./internal/audio/

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/audio"
	"github.com/kiroku-app/kiroku/internal/pcm"
)

const speechText = "On the third of March my manager shouted at me in front of the whole team."

func needPulse(t *testing.T) {
	t.Helper()
	skipf := t.Skipf
	if os.Getenv("KIROKU_REQUIRE_PULSE") != "" {
		skipf = t.Fatalf // make test runs these under pulse-env.sh: not running is a failure
	}
	if os.Getenv("PULSE_SERVER") == "" {
		skipf("PULSE_SERVER not set; run under internal/audio/testdata/pulse-env.sh")
	}
	for _, tool := range []string{"pactl", "paplay", "espeak-ng"} {
		if _, err := exec.LookPath(tool); err != nil {
			skipf("%s not installed", tool)
		}
	}
	if out, err := exec.Command("pactl", "info").CombinedOutput(); err != nil {
		skipf("pactl info: %v: %s", err, out)
	}
}

// speech synthesises text to a WAV file and returns its path and PCM.
func speech(t *testing.T, text string) (string, pcm.Format, []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "speech.wav")
	if out, err := exec.Command("espeak-ng", "-w", path, text).CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v: %s", err, out)
	}
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	f, data, err := pcm.ReadWAV(file)
	if err != nil {
		t.Fatal(err)
	}
	if f.BitsPerSample != 16 || f.Channels != 1 {
		t.Fatalf("espeak-ng wrote %v", f)
	}
	return path, f, data
}

// activity measures speech: the span from the first to the last 20 ms
// window louder than -40 dBFS, and the RMS over that span.
func activity(data []byte, f pcm.Format) (span time.Duration, rms float64) {
	win := int(f.Frames(20*time.Millisecond)) * 2
	first, last := -1, -1
	for i := 0; i+win <= len(data); i += win {
		if pcm.RMS(data[i:i+win]) > 0.01 {
			if first < 0 {
				first = i
			}
			last = i + win
		}
	}
	if first < 0 {
		return 0, 0
	}
	return f.Duration(int64(last-first) / 2), pcm.RMS(data[first:last])
}

// record runs a Pulse recorder around play and returns what it captured.
func record(t *testing.T, cfg audio.Config, play func()) ([]byte, pcm.Format, float64) {
	t.Helper()
	cfg.Backend = audio.Pulse
	r, err := audio.NewRecorder(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	var data []byte
	var chunks []audio.Chunk
	done := make(chan struct{})
	go func() {
		defer close(done)
		for c := range r.Chunks() {
			data = append(data, c.PCM...)
			chunks = append(chunks, c)
		}
	}()
	var maxLevel float64
	var mu sync.Mutex
	stopMeter := make(chan struct{})
	meterDone := make(chan struct{})
	go func() {
		defer close(meterDone)
		for {
			select {
			case <-stopMeter:
				return
			case <-time.After(20 * time.Millisecond):
				rms, _ := r.Level()
				mu.Lock()
				maxLevel = max(maxLevel, rms)
				mu.Unlock()
			}
		}
	}()

	time.Sleep(300 * time.Millisecond)
	play()
	time.Sleep(500 * time.Millisecond)
	close(stopMeter)
	<-meterDone
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	<-done
	checkChunks(t, chunks, r.Format().SampleRate)
	if st := r.Stats(); st.Dropped != 0 {
		t.Errorf("dropped frames: %+v", st)
	}
	return data, r.Format(), maxLevel
}

func compareSpeech(t *testing.T, srcF pcm.Format, src []byte, gotF pcm.Format, got []byte, maxLevel float64) {
	t.Helper()
	wantSpan, wantRMS := activity(src, srcF)
	span, rms := activity(got, gotF)
	t.Logf("source: %v of speech at %.1f dBFS; captured %v of audio, %v of speech at %.1f dBFS; meter peaked at %.1f dBFS",
		wantSpan.Round(time.Millisecond), pcm.DBFS(wantRMS), gotF.Duration(int64(len(got)/2)).Round(time.Millisecond),
		span.Round(time.Millisecond), pcm.DBFS(rms), pcm.DBFS(maxLevel))
	if rms < 0.02 {
		t.Errorf("captured speech RMS %.4f (%.1f dBFS): no speech energy", rms, pcm.DBFS(rms))
	}
	if ratio := rms / wantRMS; ratio < 0.5 || ratio > 2 {
		t.Errorf("captured RMS is %.2f× the source's", ratio)
	}
	if d := (span - wantSpan).Abs(); d > 300*time.Millisecond {
		t.Errorf("speech lasts %v captured, %v in the source", span, wantSpan)
	}
	if maxLevel < 0.02 {
		t.Errorf("level meter never rose above %.1f dBFS", pcm.DBFS(maxLevel))
	}
}

// paplay plays the speech into the null sink; the recorder captures the
// sink's monitor, the default source.
func TestPulseCaptureSpeech(t *testing.T) {
	needPulse(t)
	path, srcF, src := speech(t, speechText)
	got, gotF, maxLevel := record(t, audio.Config{}, func() {
		if out, err := exec.Command("paplay", path).CombinedOutput(); err != nil {
			t.Fatalf("paplay: %v: %s", err, out)
		}
	})
	compareSpeech(t, srcF, src, gotF, got, maxLevel)
}

// Our own Player plays the speech; the recorder hears it.
func TestPulsePlayerLoopback(t *testing.T) {
	needPulse(t)
	_, srcF, src := speech(t, speechText)
	got, gotF, maxLevel := record(t, audio.Config{}, func() {
		p, err := audio.NewPlayer(strings.NewReader(string(src)), int64(len(src)), audio.PlayerConfig{Backend: audio.Pulse, Format: srcF})
		if err != nil {
			t.Fatal(err)
		}
		defer p.Stop()
		if err := p.Play(); err != nil {
			t.Fatal(err)
		}
		waitState(t, p, audio.Ended, p.Duration()+5*time.Second)
		if p.Underruns() != 0 || p.Err() != nil {
			t.Errorf("player: %d underruns, err %v", p.Underruns(), p.Err())
		}
	})
	compareSpeech(t, srcF, src, gotF, got, maxLevel)
}

// Removing the source mid-recording ends the recording with ErrDeviceLost
// and still delivers what was captured.
func TestPulseDeviceLost(t *testing.T) {
	needPulse(t)
	out, err := exec.Command("pactl", "load-module", "module-null-sink", "sink_name=kiroku_lost").Output()
	if err != nil {
		t.Fatalf("pactl load-module: %v", err)
	}
	module := strings.TrimSpace(string(out))
	unloaded := false
	t.Cleanup(func() {
		if !unloaded {
			_ = exec.Command("pactl", "unload-module", module).Run()
		}
	})
	devs, err := audio.Devices(audio.Pulse)
	if err != nil {
		t.Fatal(err)
	}
	var id string
	for _, d := range devs {
		// Pulse device IDs are the hex of the source name.
		if d.ID == "6b69726f6b755f6c6f73742e6d6f6e69746f72" { // "kiroku_lost.monitor"
			id = d.ID
		}
	}
	if id == "" {
		t.Fatalf("kiroku_lost.monitor not in %v", devs)
	}

	path, _, _ := speech(t, "This recording will be cut off.")
	r, err := audio.NewRecorder(audio.Config{Backend: audio.Pulse, DeviceID: id, StallTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer r.Stop()
	if out, err := exec.Command("paplay", "-d", "kiroku_lost", path).CombinedOutput(); err != nil {
		t.Fatalf("paplay: %v: %s", err, out)
	}
	captured := r.Stats().Captured
	if err := exec.Command("pactl", "unload-module", module).Run(); err != nil {
		t.Fatal(err)
	}
	unloaded = true
	removed := time.Now()

	var chunks []audio.Chunk
	timeout := time.After(10 * time.Second)
	for open := true; open; {
		select {
		case c, ok := <-r.Chunks():
			if !ok {
				open = false
				break
			}
			chunks = append(chunks, c)
		case <-timeout:
			t.Fatal("recording still running 10 s after its source was removed")
		}
	}
	t.Logf("lost after %v: %v", time.Since(removed).Round(time.Millisecond), r.Err())
	checkChunks(t, chunks, r.Format().SampleRate)
	if !errors.Is(r.Err(), audio.ErrDeviceLost) {
		t.Fatalf("Err = %v", r.Err())
	}
	if n := totalFrames(chunks); n < captured || captured == 0 {
		t.Errorf("delivered %d frames; %d were captured before the loss", n, captured)
	}
	if err := r.Stop(); !errors.Is(err, audio.ErrDeviceLost) {
		t.Errorf("Stop = %v", err)
	}
}
