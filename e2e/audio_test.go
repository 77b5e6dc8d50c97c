//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"

	"io"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

type recJSON struct {
	ID         int64   `json:"id"`
	State      string  `json:"state"`
	Duration   float64 `json:"duration_s"`
	Frames     int64   `json:"frames"`
	WAVSHA256  string  `json:"wav_sha256"`
	OpusSHA256 string  `json:"opus_sha256"`
	Device     string  `json:"device"`
	Format     struct {
		Codec string `json:"codec"`
	} `json:"format"`
}

func recordings(t *testing.T, v string) []recJSON {
	t.Helper()
	r := mustOK(t, ctl(t, "pw\n", "recordings", "--vault", v, "--passphrase-stdin", "--json"))
	var out []recJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("recordings --json: %v\n%s", err, r.stdout)
	}
	return out
}

// Record on the null backend, lossless (PCM, a setting since vault format
// 8), extract twice: byte-identical WAVs whose hash is the one the vault
// recorded; sox reads them.
func TestRecordAndExtract(t *testing.T) {
	v := initVault(t, "pw")
	mustOK(t, ctl(t, "pw\n", "add", "--vault", v, "--passphrase-stdin", "--text", "meeting"))
	mustOK(t, ctl(t, "pw\n", "record", "--vault", v, "--passphrase-stdin", "--seconds", "2.5", "--backend", "null", "--entry", "1", "--codec", "pcm"))
	recs := recordings(t, v)
	if len(recs) != 1 || recs[0].State != "complete" || math.Abs(recs[0].Duration-2.5) > 0.3 {
		t.Fatalf("recordings: %+v", recs)
	}
	dir := t.TempDir()
	var files [][]byte
	for _, name := range []string{"a.wav", "b.wav"} {
		out := filepath.Join(dir, name)
		mustOK(t, ctl(t, "pw\n", "extract", "--vault", v, "--passphrase-stdin", "--recording", "1", "--out", out))
		b, _ := os.ReadFile(out)
		files = append(files, b)
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Fatal("two extractions differ")
	}
	if s := sha256.Sum256(files[0]); hex.EncodeToString(s[:]) != recs[0].WAVSHA256 {
		t.Fatal("extracted WAV does not have the recorded hash")
	}
	if out, err := exec.Command("sha256sum", filepath.Join(dir, "a.wav")).Output(); err != nil || !strings.HasPrefix(string(out), recs[0].WAVSHA256) {
		t.Fatalf("sha256sum: %s %v", out, err)
	}
	if _, err := exec.LookPath("soxi"); err == nil {
		// sox reads the same length as the vault recorded (which stops on
		// a device period, so 2.5 s asked can be 2.6 s stored).
		out, err := exec.Command("soxi", "-D", filepath.Join(dir, "a.wav")).Output()
		d, perr := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
		if err != nil || perr != nil || math.Abs(d-recs[0].Duration) > 0.001 || math.Abs(d-2.5) > 0.3 {
			t.Fatalf("soxi: %q %v; recorded %.3f s", out, err, recs[0].Duration)
		}
	}
	if r := ctl(t, "pw\n", "extract", "--vault", v, "--passphrase-stdin", "--recording", "1", "--out", filepath.Join(dir, "a.wav")); r.code != 10 {
		t.Fatalf("overwrite allowed: %+v", r)
	}
	mustOK(t, ctl(t, "pw\n", "check", "--vault", v, "--passphrase-stdin"))
}

// The default codec (Opus, vault format 8) on the null backend: extract
// writes the canonical Ogg Opus file, byte-identical twice, with the
// recorded hash (sha256sum agrees); ffmpeg plays it without a word and
// ffprobe gives the recording's length; --decoded writes a WAV as long.
func TestRecordAndExtractOpus(t *testing.T) {
	for _, tool := range []string{"ffmpeg", "ffprobe", "sha256sum"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed (make test installs it)", tool)
		}
	}
	v := initVault(t, "pw")
	mustOK(t, ctl(t, "pw\n", "record", "--vault", v, "--passphrase-stdin", "--seconds", "2.5", "--backend", "null"))
	recs := recordings(t, v)
	if len(recs) != 1 || recs[0].State != "complete" || recs[0].Format.Codec != "opus" || recs[0].OpusSHA256 == "" || recs[0].WAVSHA256 != "" {
		t.Fatalf("recordings: %+v", recs)
	}
	dir := t.TempDir()
	var files [][]byte
	for _, name := range []string{"a.opus", "b.opus"} {
		out := filepath.Join(dir, name)
		mustOK(t, ctl(t, "pw\n", "extract", "--vault", v, "--passphrase-stdin", "--recording", "1", "--out", out))
		b, _ := os.ReadFile(out)
		files = append(files, b)
	}
	if !bytes.Equal(files[0], files[1]) || string(files[0][:4]) != "OggS" {
		t.Fatal("two extractions differ, or not an Ogg file")
	}
	if out, err := exec.Command("sha256sum", filepath.Join(dir, "a.opus")).Output(); err != nil || !strings.HasPrefix(string(out), recs[0].OpusSHA256) {
		t.Fatalf("sha256sum: %s %v; recorded %s", out, err, recs[0].OpusSHA256)
	}
	ff := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-i", filepath.Join(dir, "a.opus"), "-f", "null", "-")
	if out, err := ff.CombinedOutput(); err != nil || len(out) > 0 {
		t.Fatalf("ffmpeg: %v\n%s", err, out)
	}
	out, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", filepath.Join(dir, "a.opus")).Output()
	d, perr := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil || perr != nil || math.Abs(d-recs[0].Duration) > 0.3 {
		t.Fatalf("ffprobe: %q %v; recorded %.3f s", out, err, recs[0].Duration)
	}
	wav := filepath.Join(dir, "a.wav")
	mustOK(t, ctl(t, "pw\n", "extract", "--vault", v, "--passphrase-stdin", "--recording", "1", "--decoded", "--out", wav))
	s, rate := readWAV(t, wav)
	if rate != 48000 || int64(len(s)) != recs[0].Frames {
		t.Fatalf("decoded WAV: %d frames at %d Hz; recorded %d", len(s), rate, recs[0].Frames)
	}
	mustOK(t, ctl(t, "pw\n", "check", "--vault", v, "--passphrase-stdin"))
}

// kill -9 during `kirokuctl record` at random moments, with the default
// codec (Opus) and with lossless PCM: the vault opens, check passes, and
// the recording is there, interrupted, missing at most the last second.
func TestKillDuringRecord(t *testing.T) {
	for _, codec := range []string{"opus", "pcm"} {
		t.Run(codec, func(t *testing.T) { killDuringRecord(t, codec) })
	}
}

func killDuringRecord(t *testing.T, codec string) {
	trials := 20
	if testing.Short() {
		trials = 4
	}
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	v := initVault(t, "pw")
	worst := 0.0
	for i := 0; i < trials; i++ {
		cmd := exec.Command(bin(t, "kirokuctl"), "record", "--vault", v, "--passphrase-stdin", "--backend", "null", "--seconds", "60", "--codec", codec)
		cmd.Stdin = strings.NewReader("pw\n")
		stderr, _ := cmd.StderrPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stderr)
		started := false
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "Recording (number") {
				started = true
				break
			}
		}
		if !started {
			cmd.Wait()
			t.Fatalf("trial %d: recording did not start", i)
		}
		t0 := time.Now()
		time.Sleep(time.Duration(300+rng.Intn(3500)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		elapsed := time.Since(t0).Seconds()
		go io.Copy(io.Discard, stderr)
		cmd.Wait()

		recs := recordings(t, v) // this unlock ends the interrupted recording
		r := recs[len(recs)-1]
		lost := elapsed - r.Duration
		if r.State != "interrupted" || lost > 1.0 || (codec == "opus") != (r.OpusSHA256 != "") {
			t.Fatalf("trial %d: killed after %.2fs, recovered %.2fs (%s)", i, elapsed, r.Duration, r.State)
		}
		worst = math.Max(worst, lost)
		mustOK(t, ctl(t, "pw\n", "check", "--vault", v, "--passphrase-stdin"))
	}
	t.Logf("%s: %d kill -9 trials: at most %.2fs of audio lost (limit 1s)", codec, trials, worst)
}

// Real speech through a real audio server: espeak-ng speech played into a
// PulseAudio null sink is recorded by kirokuctl through malgo's PulseAudio
// backend; the extracted WAV holds the speech (duration within 0.3 s, the
// same energy envelope). make test runs this under
// internal/audio/testdata/pulse-env.sh. Once with the default codec
// (Opus: the bundle's .opus file is also checked with ffmpeg, sha256 and
// its envelope) and once lossless (PCM).
func TestPulseAudioSpeech(t *testing.T) {
	if os.Getenv("PULSE_SERVER") == "" || exec.Command("pactl", "info").Run() != nil {
		if os.Getenv("KIROKU_REQUIRE_PULSE") != "" {
			t.Fatal("KIROKU_REQUIRE_PULSE is set but no PulseAudio server answers")
		}
		t.Skip("no PulseAudio server: run under internal/audio/testdata/pulse-env.sh")
	}
	for _, tool := range []string{"espeak-ng", "paplay"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	for _, codec := range []string{"opus", "pcm"} {
		t.Run(codec, func(t *testing.T) { pulseSpeech(t, codec) })
	}
}

func pulseSpeech(t *testing.T, codec string) {
	dir := t.TempDir()
	speech := filepath.Join(dir, "speech.wav")
	text := "On Monday at the morning meeting my manager told me in front of everyone that I should quit."
	if out, err := exec.Command("espeak-ng", "-w", speech, text).CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v %s", err, out)
	}
	v := initVault(t, "pw")
	args := []string{"record", "--vault", v, "--passphrase-stdin", "--backend", "pulse", "--seconds", "9"}
	if codec != "opus" {
		args = append(args, "--codec", codec) // opus is the default
	}
	cmd := exec.Command(bin(t, "kirokuctl"), args...)
	cmd.Stdin = strings.NewReader("pw\n")
	stderr, _ := cmd.StderrPipe()
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	for sc.Scan() && !strings.HasPrefix(sc.Text(), "Recording (number") {
	}
	time.Sleep(500 * time.Millisecond)
	if out, err := exec.Command("paplay", speech).CombinedOutput(); err != nil {
		t.Fatalf("paplay: %v %s", err, out)
	}
	rest, _ := io.ReadAll(stderr)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("record: %v\n%s", err, rest)
	}
	got := filepath.Join(dir, "got.wav")
	extract := []string{"extract", "--vault", v, "--passphrase-stdin", "--recording", "1", "--out", got}
	if codec == "opus" {
		extract = append(extract, "--decoded")
	}
	mustOK(t, ctl(t, "pw\n", extract...))

	src, srcRate := readWAV(t, speech)
	cap, capRate := readWAV(t, got)
	const win = 0.02
	es, ec := envelope(src, srcRate, win), envelope(cap, capRate, win)
	s0, s1 := active(es)
	c0, c1 := active(ec)
	if c0 < 0 {
		t.Fatal("no speech in the recording")
	}
	ds, dc := float64(s1-s0)*win, float64(c1-c0)*win
	if math.Abs(ds-dc) > 0.3 {
		t.Fatalf("speech lasts %.2fs in the source, %.2fs in the recording", ds, dc)
	}
	// Onsets found by a threshold can be a window or two apart: take the
	// best alignment within ±100 ms.
	corr := -1.0
	for lag := -5; lag <= 5; lag++ {
		a := c0 + lag
		if a < 0 || a+(s1-s0) > len(ec) {
			continue
		}
		corr = math.Max(corr, correlate(es[s0:s1], ec[a:a+(s1-s0)]))
	}
	if corr < 0.8 {
		t.Fatalf("energy envelopes differ: correlation %.2f", corr)
	}
	t.Logf("speech %.2fs in source, %.2fs recorded; envelope correlation %.3f", ds, dc, corr)
	if codec == "opus" {
		opusBundleFile(t, v, dir, es[s0:s1])
	}

	// Play it back from the vault through the same server while parecord
	// captures the sink: what comes out is the recorded speech.
	back := filepath.Join(dir, "back.wav")
	capture := exec.Command("parecord", "--device=fake.monitor", "--file-format=wav", "--channels=1", "--rate=48000", back)
	if err := capture.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	mustOK(t, ctl(t, "pw\n", "play", "--vault", v, "--passphrase-stdin", "--recording", "1", "--backend", "pulse"))
	time.Sleep(300 * time.Millisecond)
	capture.Process.Signal(syscall.SIGINT)
	capture.Wait()
	pb, pbRate := readWAV(t, back)
	ep := envelope(pb, pbRate, win)
	// Find the recorded speech inside what came out (a start-up click must
	// not matter): the best correlation over every alignment.
	speechEnv := ec[c0:c1]
	best := -1.0
	for lag := 0; lag+len(speechEnv) <= len(ep); lag++ {
		best = math.Max(best, correlate(speechEnv, ep[lag:lag+len(speechEnv)]))
	}
	if best < 0.8 {
		t.Fatalf("the speech played back from the vault does not match the recording: best correlation %.2f", best)
	}
	t.Logf("played back from the vault through PulseAudio: envelope correlation %.3f", best)
}

// opusBundleFile exports a bundle and checks the recording's file in it as
// a lawyer would: its SHA-256 is the end record's (and sha256sum's), ffmpeg
// plays it without a word, ffprobe's duration is the recording's within
// 0.3 s, and ffmpeg's decode carries the source's speech envelope.
func opusBundleFile(t *testing.T, v, dir string, speechEnv []float64) {
	t.Helper()
	recs := recordings(t, v)
	if len(recs) != 1 || recs[0].Format.Codec != "opus" || recs[0].OpusSHA256 == "" {
		t.Fatalf("recordings: %+v", recs)
	}
	bag := filepath.Join(dir, "bag")
	mustOK(t, ctl(t, "pw\n", "export", "--vault", v, "--passphrase-stdin", "--out", bag))
	file := filepath.Join(bag, "data", "audio", "recording-1.opus")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if s := sha256.Sum256(b); hex.EncodeToString(s[:]) != recs[0].OpusSHA256 {
		t.Fatal("the bundle's recording does not have the recorded hash")
	}
	if out, err := exec.Command("sha256sum", file).Output(); err != nil || !strings.HasPrefix(string(out), recs[0].OpusSHA256) {
		t.Fatalf("sha256sum: %s %v", out, err)
	}
	if out, err := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-i", file, "-f", "null", "-").CombinedOutput(); err != nil || len(out) > 0 {
		t.Fatalf("ffmpeg: %v\n%s", err, out)
	}
	out, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file).Output()
	d, perr := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil || perr != nil || math.Abs(d-recs[0].Duration) > 0.3 {
		t.Fatalf("ffprobe: %q %v; recorded %.3f s", out, err, recs[0].Duration)
	}
	dec := filepath.Join(dir, "ffmpeg.wav")
	if out, err := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-i", file, "-ac", "1", "-c:a", "pcm_s16le", dec).CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg decode: %v\n%s", err, out)
	}
	s, rate := readWAV(t, dec)
	e := envelope(s, rate, 0.02)
	best := -1.0
	for lag := 0; lag+len(speechEnv) <= len(e); lag++ {
		best = math.Max(best, correlate(speechEnv, e[lag:lag+len(speechEnv)]))
	}
	if best < 0.8 {
		t.Fatalf("ffmpeg's decode of the bundle's file does not carry the speech: best correlation %.2f", best)
	}
	mustConsistentUnanchored(t, ctl(t, "pw\n", "verify", bag))
	t.Logf("bundle's %s: %d bytes, ffprobe %.3f s (recorded %.3f s), envelope correlation with the source %.3f", filepath.Base(file), len(b), d, recs[0].Duration, best)
}

// readWAV returns the samples of a 16-bit mono WAV (first channel).
func readWAV(t *testing.T, path string) ([]float64, int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || len(b) < 44 || string(b[:4]) != "RIFF" {
		t.Fatalf("%s: not a WAV (%v)", path, err)
	}
	var rate, channels int
	var data []byte
	for off := 12; off+8 <= len(b); {
		id, size := string(b[off:off+4]), int(binary.LittleEndian.Uint32(b[off+4:]))
		body := b[off+8 : min(len(b), off+8+size)]
		switch id {
		case "fmt ":
			channels = int(binary.LittleEndian.Uint16(body[2:]))
			rate = int(binary.LittleEndian.Uint32(body[4:]))
		case "data":
			data = body
		}
		off += 8 + size + size%2
	}
	if rate == 0 || data == nil {
		t.Fatalf("%s: no fmt or data chunk", path)
	}
	var s []float64
	for i := 0; i+2*channels <= len(data); i += 2 * channels {
		s = append(s, float64(int16(binary.LittleEndian.Uint16(data[i:])))/32768)
	}
	return s, rate
}

func envelope(s []float64, rate int, win float64) []float64 {
	n := int(float64(rate) * win)
	var e []float64
	for i := 0; i+n <= len(s); i += n {
		sum := 0.0
		for _, x := range s[i : i+n] {
			sum += x * x
		}
		e = append(e, math.Sqrt(sum/float64(n)))
	}
	return e
}

// active returns the first and one past the last window above -40 dBFS.
func active(e []float64) (int, int) {
	first, last := -1, -1
	for i, x := range e {
		if x > 0.01 {
			if first < 0 {
				first = i
			}
			last = i + 1
		}
	}
	return first, last
}

func correlate(a, b []float64) float64 {
	n := min(len(a), len(b))
	if n == 0 {
		return 0
	}
	var ma, mb float64
	for i := 0; i < n; i++ {
		ma += a[i]
		mb += b[i]
	}
	ma /= float64(n)
	mb /= float64(n)
	var num, da, db float64
	for i := 0; i < n; i++ {
		num += (a[i] - ma) * (b[i] - mb)
		da += (a[i] - ma) * (a[i] - ma)
		db += (b[i] - mb) * (b[i] - mb)
	}
	if da == 0 || db == 0 {
		return 0 // silence on either side correlates with nothing (never NaN)
	}
	return num / math.Sqrt(da*db)
}
