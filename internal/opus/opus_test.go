package opus_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/kiroku-app/kiroku/internal/opus"
	"github.com/kiroku-app/kiroku/internal/pcm"
)

func need(t testing.TB, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed (make test installs it)", tool)
		}
	}
}

var (
	speechOnce sync.Once
	speechPCM  []byte
	speechErr  error
)

// speech is espeak-ng speech as Kiroku records it: 48 kHz mono s16le.
func speech(t testing.TB) []byte {
	t.Helper()
	need(t, "espeak-ng", "sox")
	speechOnce.Do(func() {
		dir, err := os.MkdirTemp("", "kiroku-opus-")
		if err != nil {
			speechErr = err
			return
		}
		defer os.RemoveAll(dir)
		wav := filepath.Join(dir, "s.wav")
		out, err := exec.Command("espeak-ng", "-s", "150", "-w", wav,
			"I was told in the morning meeting that I am useless. This has happened every day since April. My manager shouted at me in front of everyone.").CombinedOutput()
		if err != nil {
			speechErr = errors.New(string(out))
			return
		}
		raw := filepath.Join(dir, "s.raw")
		if out, err := exec.Command("sox", wav, "-r", "48000", "-c", "1", "-b", "16", "-e", "signed-integer", "-L", raw).CombinedOutput(); err != nil {
			speechErr = errors.New(string(out))
			return
		}
		speechPCM, speechErr = os.ReadFile(raw)
	})
	if speechErr != nil {
		t.Fatal(speechErr)
	}
	return speechPCM
}

// encode feeds pcm to a new encoder in pieces of step bytes and returns
// every packet, Flush's included.
func encode(t testing.TB, data []byte, step int) (packets [][]byte, preSkip int) {
	t.Helper()
	e, err := opus.NewEncoder(1)
	if err != nil {
		t.Fatal(err)
	}
	for len(data) > 0 {
		k := min(step, len(data))
		p, err := e.Encode(data[:k])
		if err != nil {
			t.Fatal(err)
		}
		packets = append(packets, p...)
		data = data[k:]
	}
	p, err := e.Flush()
	if err != nil {
		t.Fatal(err)
	}
	return append(packets, p...), e.PreSkip()
}

const serial = 0x4b524b55

func ogg(t testing.TB, packets [][]byte, preSkip int, frames int64) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := opus.NewOggWriter(&b, serial, opus.Head{Channels: 1, PreSkip: preSkip})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range packets {
		if err := w.WritePacket(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(frames); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func decode(t testing.TB, file []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	h, n, err := opus.Decode(bytes.NewReader(file), &out)
	if err != nil {
		t.Fatal(err)
	}
	if h.Channels != 1 || int64(out.Len()) != 2*n {
		t.Fatalf("head %+v, %d frames, %d bytes", h, n, out.Len())
	}
	return out.Bytes()
}

func envCorrelation(a, b []byte) float64 {
	const win = 0.02
	return pcm.BestCorrelation(pcm.Envelope(pcm.Mono(a, 1), opus.SampleRate, win), pcm.Envelope(pcm.Mono(b, 1), opus.SampleRate, win), 5)
}

// Speech through the encoder, the canonical file and the decoder comes
// back as the same speech, exactly as long, at about 24 kbit/s.
func TestRoundTripSpeech(t *testing.T) {
	src := speech(t)
	frames := int64(len(src) / 2)
	// 4800 bytes: chunks that are not a whole number of 20 ms frames.
	packets, preSkip := encode(t, src, 4802)
	file := ogg(t, packets, preSkip, frames)
	got := decode(t, file)
	if int64(len(got)/2) != frames {
		t.Fatalf("decoded %d frames, encoded %d", len(got)/2, frames)
	}
	c := envCorrelation(src, got)
	if c < 0.95 {
		t.Errorf("envelope correlation %.4f", c)
	}
	secs := float64(frames) / opus.SampleRate
	kbps := float64(len(file)) * 8 / secs / 1000
	if kbps > 32 {
		t.Errorf("%.1f kbit/s", kbps)
	}
	t.Logf("%.2f s of speech: %d packets, %d bytes (%.1f kbit/s, %.2f MB/h), envelope correlation %.4f",
		secs, len(packets), len(file), kbps, kbps*1000/8*3600/1e6, c)
	if again := ogg(t, packets, preSkip, frames); !bytes.Equal(again, file) {
		t.Error("the same packets gave different bytes")
	}
}

// ffmpeg, what a lawyer's player is built on, decodes the file without a
// complaint, and ffprobe reports the recording's length.
func TestFFmpegPlaysTheFile(t *testing.T) {
	need(t, "ffmpeg", "ffprobe")
	src := speech(t)
	frames := int64(len(src) / 2)
	packets, preSkip := encode(t, src, 9600)
	path := filepath.Join(t.TempDir(), "rec.opus")
	if err := os.WriteFile(path, ogg(t, packets, preSkip, frames), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "null", "-")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("ffmpeg: %v\n%s", err, stderr.String())
	}
	out, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	dur, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil {
		t.Fatal(err)
	}
	want := float64(frames) / opus.SampleRate
	if d := dur - want; d > 0.3 || d < -0.3 {
		t.Errorf("ffprobe says %.3f s, the recording is %.3f s", dur, want)
	}
	// ffmpeg's decode (libopus) is the same speech.
	dec, err := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "s16le", "-ac", "1", "-ar", "48000", "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if c := envCorrelation(src, dec); c < 0.95 {
		t.Errorf("ffmpeg's decode: envelope correlation %.4f", c)
	}
	if d := len(dec)/2 - int(frames); d != 0 {
		t.Errorf("ffmpeg decoded %d frames, the recording has %d", len(dec)/2, frames)
	}
	t.Logf("ffprobe %.3f s for %.3f s", dur, want)
}

// packet is a valid Opus packet header (CELT, fullband, 20 ms, one frame)
// with n-1 bytes of payload: enough for the container, which never
// decodes.
func packet(n int, fill byte) []byte {
	p := bytes.Repeat([]byte{fill}, n)
	p[0] = 31 << 3
	return p
}

// Round trips across page boundaries: packets of 254, 255 and 256 bytes
// (one, two and two lacing values), pages closed by duration (50
// packets) and by lacing (255 values), and trimming of the last page.
func TestPagesAcrossBoundaries(t *testing.T) {
	for _, tt := range []struct {
		name    string
		sizes   []int
		trim    int64
		pages   int // audio pages
		refused bool
	}{
		{"one packet", []int{10}, 0, 1, false},
		{"49 packets", rep(49, 60), 0, 1, false},
		{"50 packets", rep(50, 60), 0, 1, false},
		{"51 packets", rep(51, 60), 500, 2, false},
		{"lacing 254", rep(60, 254), 0, 2, false},      // 1 value each: 50 per page by duration
		{"lacing 255", rep(130, 255), 0, 3, false},     // 2 values each: 50 per page by duration
		{"lacing 256", rep(128, 256), 0, 3, false},     // likewise
		{"big packets", rep(100, 1276), 959, 3, false}, // 6 values each: 42 per page by lacing
		{"trim a whole last page", rep(51, 60), 960, 0, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			w, err := opus.NewOggWriter(&b, 7, opus.Head{Channels: 1, PreSkip: 312})
			if err != nil {
				t.Fatal(err)
			}
			var in [][]byte
			for i, n := range tt.sizes {
				p := packet(n, byte(i))
				in = append(in, p)
				if err := w.WritePacket(p); err != nil {
					t.Fatal(err)
				}
			}
			frames := int64(len(in))*960 - 312 - tt.trim
			err = w.Close(frames)
			if tt.refused {
				if err == nil {
					t.Fatal("accepted")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			r, err := opus.NewReader(bytes.NewReader(b.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if r.Serial != 7 || r.Vendor != opus.Vendor || r.Head != (opus.Head{Channels: 1, PreSkip: 312}) {
				t.Fatalf("reader %+v", r)
			}
			for i := 0; ; i++ {
				p, err := r.Next()
				if errors.Is(err, errEOF) {
					if i != len(in) {
						t.Fatalf("%d packets back of %d", i, len(in))
					}
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(p, in[i]) {
					t.Fatalf("packet %d differs", i)
				}
			}
			if r.Frames() != frames {
				t.Errorf("frames %d, want %d", r.Frames(), frames)
			}
			if got := countPages(b.Bytes()) - 2; got != tt.pages {
				t.Errorf("%d audio pages, want %d", got, tt.pages)
			}
		})
	}
}

func rep(n, size int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = size
	}
	return s
}

func countPages(b []byte) int { return bytes.Count(b, []byte("OggS")) }

// An empty stream (a recording stopped at once, or cut off before its
// first packet) is headers only, and reads back as 0 frames.
func TestEmptyStream(t *testing.T) {
	file := ogg(t, nil, 312, 0)
	if countPages(file) != 2 {
		t.Fatalf("%d pages", countPages(file))
	}
	if got := decode(t, file); len(got) != 0 {
		t.Fatalf("%d bytes", len(got))
	}
	// Flush of an encoder that took nothing still covers its delay.
	packets, preSkip := encode(t, nil, 1)
	if len(packets) != 1 {
		t.Fatalf("%d packets", len(packets))
	}
	if got := decode(t, ogg(t, packets, preSkip, 0)); len(got) != 0 {
		t.Fatalf("%d bytes", len(got))
	}
}

// Every chunk length a recorder may hand over (one frame short of, at and
// one past a 20 ms frame and a one-second page) decodes to exactly the
// frames that went in.
func TestExactLength(t *testing.T) {
	src := speech(t)
	for _, frames := range []int{1, 959, 960, 961, 47999, 48000, 48001, 96000 - 312} {
		t.Run(strconv.Itoa(frames), func(t *testing.T) {
			in := src[:2*frames]
			packets, preSkip := encode(t, in, 2*777)
			got := decode(t, ogg(t, packets, preSkip, int64(frames)))
			if len(got) != len(in) {
				t.Fatalf("%d frames back", len(got)/2)
			}
		})
	}
}

func TestCanonicalBytesAreStable(t *testing.T) {
	// A fixed packet stream gives a fixed file: the hash a recording's end
	// record carries must never change with a new Kiroku.
	var in [][]byte
	for i := range 120 {
		in = append(in, packet(40+i%7, byte(i)))
	}
	sum := sha256.Sum256(ogg(t, in, 312, 120*960-312-100))
	const want = "73353ae386ccf14ffbe94b2e87df7f0360cfe33d2c73313669549a3dd11f7f53"
	if got := hexs(sum[:]); got != want {
		t.Errorf("canonical file SHA-256 %s, want %s", got, want)
	}
}
