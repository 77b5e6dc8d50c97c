package media_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/media"
	"github.com/kiroku-app/kiroku/internal/pcm"
)

// The phone recordings are made as a phone would make them: espeak-ng
// speech encoded by Debian's ffmpeg (AAC in .m4a as iPhone and Android
// recorders write, MP3, Vorbis and Opus in Ogg, FLAC) and AMR-NB by sox
// (ffmpeg decodes AMR but cannot encode it).

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
	speechDir  string
	speechErr  error
)

// speech is a WAV of espeak-ng speech (22.05 kHz mono), made once.
func speech(t testing.TB) string {
	t.Helper()
	need(t, "espeak-ng")
	speechOnce.Do(func() {
		speechDir, speechErr = os.MkdirTemp("", "kiroku-media-")
		if speechErr != nil {
			return
		}
		out, err := exec.Command("espeak-ng", "-s", "150", "-w", filepath.Join(speechDir, "speech.wav"),
			"I was told in the morning meeting that I am useless. This has happened every day since April.").CombinedOutput()
		if err != nil {
			speechErr = errors.New(string(out))
		}
	})
	if speechErr != nil {
		t.Fatal(speechErr)
	}
	return filepath.Join(speechDir, "speech.wav")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if speechDir != "" {
		os.RemoveAll(speechDir)
	}
	os.Exit(code)
}

// encode makes dir/name from the speech with ffmpeg (or sox for AMR).
func encode(t testing.TB, name string, args ...string) string {
	t.Helper()
	src := speech(t)
	out := filepath.Join(t.TempDir(), name)
	var cmd *exec.Cmd
	switch {
	case strings.HasSuffix(name, ".amr"):
		need(t, "sox")
		cmd = exec.Command("sox", append(append([]string{"-D", src, "-r", "8000"}, args...), "-t", "amr-nb", out)...) // -D: no random dither
	case strings.HasSuffix(name, ".3gp"):
		// AMR-NB by sox at 12.2 kbit/s, put in a 3GP file by ffmpeg as a
		// phone's recorder writes it (args: ffmpeg's, e.g. metadata).
		need(t, "sox", "ffmpeg")
		amr := encode(t, strings.TrimSuffix(name, ".3gp")+".amr", "-C", "7")
		cmd = exec.Command("ffmpeg", append(append([]string{"-nostdin", "-loglevel", "error", "-i", amr, "-c:a", "copy"}, args...), out)...)
	default:
		need(t, "ffmpeg")
		cmd = exec.Command("ffmpeg", append(append([]string{"-nostdin", "-loglevel", "error", "-i", src}, args...), out)...)
	}
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, b)
	}
	return out
}

// mono is the decoded samples as floats, channels averaged.
func mono(s []int16, ch int) []float64 {
	out := make([]float64, 0, len(s)/ch)
	for i := 0; i+ch <= len(s); i += ch {
		var v float64
		for c := range ch {
			v += float64(s[i+c])
		}
		out = append(out, v/float64(ch)/32768)
	}
	return out
}

func decodeFile(t *testing.T, path string) (media.Info, []int16) {
	t.Helper()
	info, all, err := decodeSamples(path)
	if codec, ok := media.IsCodecMissing(err); ok && codec == media.CodecAMRNB {
		t.Fatalf("%s: no AMR-NB decoder: install libopencore-amrnb0 (make test installs it): %v", filepath.Base(path), err)
	}
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	return info, all
}

// decodeSamples decodes the file at path, reading in an odd buffer size:
// partial reads must keep whole frames.
func decodeSamples(path string) (media.Info, []int16, error) {
	f, err := os.Open(path)
	if err != nil {
		return media.Info{}, nil, err
	}
	defer f.Close()
	d, err := media.Open(f)
	if err != nil {
		return media.Info{}, nil, fmt.Errorf("open: %w", err)
	}
	defer d.Close()
	var all []int16
	buf := make([]int16, 1000)
	for {
		n, err := d.Read(buf)
		if n%d.Info().Channels != 0 {
			return d.Info(), nil, fmt.Errorf("read %d samples: not whole frames of %d channels", n, d.Info().Channels)
		}
		all = append(all, buf[:n]...)
		if errors.Is(err, io.EOF) {
			return d.Info(), all, nil
		}
		if err != nil {
			return d.Info(), nil, fmt.Errorf("decode: %w", err)
		}
	}
}

func readSource(t *testing.T) ([]float64, int) {
	t.Helper()
	return readWAVMono(t, speech(t))
}

// readWAVMono reads a 16-bit WAV file as mono samples from -1 to 1.
func readWAVMono(t *testing.T, path string) ([]float64, int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, data, err := pcm.ReadWAV(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	s := make([]int16, len(data)/2)
	for i := range s {
		s[i] = int16(binary.LittleEndian.Uint16(data[2*i:]))
	}
	return mono(s, f.Channels), f.SampleRate
}

// narrowband is the source's envelope after sox resamples it to 8 kHz.
func narrowband(t *testing.T) []float64 {
	t.Helper()
	out := filepath.Join(t.TempDir(), "8k.wav")
	if b, err := exec.Command("sox", "-D", speech(t), "-r", "8000", "-b", "16", out).CombinedOutput(); err != nil {
		t.Fatalf("sox: %v %s", err, b)
	}
	s, rate := readWAVMono(t, out)
	return pcm.Envelope(s, rate, 0.02)
}

// Each format a phone writes decodes to the speech that went in: its
// duration within 0.1 s of the source, and its energy envelope (20 ms
// windows, best alignment within ±100 ms: codecs add a few ms of delay)
// correlated with the source's.
func TestDecodePhoneFormats(t *testing.T) {
	src, srcRate := readSource(t)
	srcDur := float64(len(src)) / float64(srcRate)
	const win = 0.02
	es := pcm.Envelope(src, srcRate, win)
	tests := []struct {
		name       string
		args       []string
		kind       string
		codec      string
		rate, ch   int
		wantCreate bool
		corr       float64 // the envelope correlation it must reach; 0: 0.95
	}{
		{"voice-memo.m4a", []string{"-c:a", "aac", "-b:a", "64k", "-metadata", "creation_time=2026-05-12T00:10:00Z"}, media.KindMP4, media.CodecAAC, 22050, 0, true, 0},
		{"stereo-44k.m4a", []string{"-c:a", "aac", "-ac", "2", "-ar", "44100"}, media.KindMP4, media.CodecAAC, 44100, 2, false, 0},
		{"recorder.mp3", []string{"-c:a", "libmp3lame", "-b:a", "64k"}, media.KindMP3, media.CodecMP3, 22050, 2, false, 0},
		{"voice.ogg", []string{"-c:a", "libvorbis"}, media.KindOggVorbis, media.CodecVorbis, 22050, 1, false, 0},
		{"voice.opus", []string{"-c:a", "libopus", "-b:a", "24k"}, media.KindOggOpus, media.CodecOpus, 48000, 1, false, 0},
		{"stereo.opus", []string{"-c:a", "libopus", "-ac", "2"}, media.KindOggOpus, media.CodecOpus, 48000, 2, false, 0},
		{"archive.flac", []string{"-c:a", "flac"}, media.KindFLAC, media.CodecFLAC, 22050, 1, false, 0},
		{"flac-24bit.flac", []string{"-c:a", "flac", "-sample_fmt", "s32", "-ar", "48000"}, media.KindFLAC, media.CodecFLAC, 48000, 1, false, 0},
		{"plain.wav", []string{"-c:a", "pcm_s16le"}, media.KindWAV, media.CodecPCM, 22050, 1, false, 0},
		{"24bit.wav", []string{"-c:a", "pcm_s24le", "-ac", "2"}, media.KindWAV, media.CodecPCM, 22050, 2, false, 0},
		// AMR-NB by sox, decoded by the system's OpenCORE library: 12.2
		// kbit/s as Android's recorder writes it, and sox's default 4.75
		// kbit/s with silence suppression (comfort noise in the pauses).
		{"recorder-12k2.amr", []string{"-C", "7"}, media.KindAMR, media.CodecAMRNB, 8000, 1, false, 0},
		{"call-4k75.amr", nil, media.KindAMR, media.CodecAMRNB, 8000, 1, false, 0.9},
		{"android.3gp", []string{"-metadata", "creation_time=2026-05-12T00:10:00Z"}, media.KindMP4, media.CodecAMRNB, 8000, 1, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := encode(t, tt.name, tt.args...)
			info, samples := decodeFile(t, path)
			if info.Kind != tt.kind || info.Codec != tt.codec || info.SampleRate != tt.rate || (tt.ch != 0 && info.Channels != tt.ch) {
				t.Fatalf("info %+v", info)
			}
			if tt.wantCreate != !info.Created.IsZero() || (tt.wantCreate && !info.Created.Equal(time.Date(2026, 5, 12, 0, 10, 0, 0, time.UTC))) {
				t.Errorf("created %v", info.Created)
			}
			got := mono(samples, info.Channels)
			dur := float64(len(got)) / float64(info.SampleRate)
			if math.Abs(dur-srcDur) > 0.1 {
				t.Errorf("decoded %.3f s, the source is %.3f s", dur, srcDur)
			}
			eg := pcm.Envelope(got, info.SampleRate, win)
			ref := es
			if info.SampleRate == 8000 {
				// Telephone band (AMR-NB): compared with the source cut to
				// the same band by sox, as the encoder heard it.
				ref = narrowband(t)
			}
			best := -1.0
			for lag := 0; lag <= 5; lag++ {
				if lag < len(eg) {
					best = math.Max(best, pcm.Correlate(ref, eg[lag:]))
				}
			}
			min := tt.corr
			if min == 0 {
				min = 0.95
			}
			if best < min {
				t.Errorf("envelope correlation with the source %.3f", best)
			}
			t.Logf("%s: %d Hz × %d, %.3f s (source %.3f s), envelope correlation %.4f", tt.name, info.SampleRate, info.Channels, dur, srcDur, best)
		})
	}
}

// AMR (what .3gp and .amr voice recorders write) on a computer without an
// AMR decoder: the error names the codec, for the app to say which is
// missing.
func TestAMRNamesTheMissingCodec(t *testing.T) {
	media.WithoutSystemAMR(t)
	path := encode(t, "call.amr")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = media.Open(f)
	if codec, ok := media.IsCodecMissing(err); !ok || codec != media.CodecAMRNB {
		t.Fatalf("err %v", err)
	}
}

func TestSniff(t *testing.T) {
	oggPage := func(id string) []byte {
		b := make([]byte, 28, 64)
		copy(b, "OggS")
		b[26] = 1 // one segment
		return append(b, id...)
	}
	for _, c := range []struct {
		head []byte
		want string
	}{
		{[]byte("RIFF\x24\x00\x00\x00WAVEfmt "), media.KindWAV},
		{[]byte("RIFF\x24\x00\x00\x00AVI LIST"), ""},
		{[]byte("fLaC\x00\x00\x00\x22"), media.KindFLAC},
		{oggPage("OpusHead"), media.KindOggOpus},
		{oggPage("\x01vorbis"), media.KindOggVorbis},
		{oggPage("\x7fFLAC"), ""},
		{[]byte("\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00"), media.KindMP4},
		{[]byte("\x00\x00\x00\x18ftyp3gp4\x00\x00\x00\x00"), media.KindMP4},
		{[]byte("#!AMR\n\x3c"), media.KindAMR},
		{[]byte("#!AMR-WB\n"), media.KindAMRWB},
		{[]byte("ID3\x04\x00"), media.KindMP3},
		{[]byte{0xFF, 0xFB, 0x90, 0x64}, media.KindMP3},
		{[]byte{0xFF, 0xF1, 0x50, 0x80}, ""}, // ADTS AAC: layer bits 0
		{[]byte("%PDF-1.7"), ""},
		{nil, ""},
	} {
		if got := media.Sniff(c.head); got != c.want {
			t.Errorf("Sniff(%q) = %q, want %q", c.head, got, c.want)
		}
	}
}

// Cut short or flipped, a file gives an error or less audio, never a
// panic and never a hang; what is not audio says so.
func TestDamagedFiles(t *testing.T) {
	for _, name := range []string{"a.m4a", "a.mp3", "a.ogg", "a.opus", "a.flac", "a.wav"} {
		path := encode(t, name)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, cut := range []int{len(b) / 2, len(b) / 7, 70} {
			decodeBytes(b[:cut])
		}
		for _, at := range []int{len(b) / 3, len(b) / 2, 2 * len(b) / 3, 40} {
			c := bytes.Clone(b)
			c[at] ^= 0x5a
			c[at+1] ^= 0xa5
			decodeBytes(c)
		}
	}
	if _, err := media.Open(bytes.NewReader([]byte("just some text, not audio at all"))); !errors.Is(err, media.ErrNotAudio) {
		t.Errorf("text: %v", err)
	}
	if _, err := media.Open(bytes.NewReader(nil)); !errors.Is(err, media.ErrNotAudio) {
		t.Errorf("empty: %v", err)
	}
}

// decodeBytes decodes b as far as it goes, with a cap on the samples so
// that a decoder looping on damage ends the test with a failure, not a
// hang.
func decodeBytes(b []byte) error {
	d, err := media.Open(bytes.NewReader(b))
	if err != nil {
		return err
	}
	defer d.Close()
	buf := make([]int16, 4096)
	for total := 0; total < 50_000_000; {
		n, err := d.Read(buf)
		total += n
		if err != nil {
			return err
		}
		if n == 0 {
			return errors.New("no progress")
		}
	}
	return errors.New("endless audio")
}

func TestDecodeAllLimit(t *testing.T) {
	path := encode(t, "x.flac")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, _, err := media.DecodeAll(f, time.Second); !errors.Is(err, media.ErrTooLong) {
		t.Fatalf("err %v", err)
	}
	f.Seek(0, io.SeekStart)
	info, b, err := media.DecodeAll(f, time.Minute)
	if err != nil || info.Codec != media.CodecFLAC || len(b) < 2*info.SampleRate {
		t.Fatalf("%+v %d %v", info, len(b), err)
	}
}

// FuzzOpen feeds any bytes to the decoders: an error or some audio,
// never a panic, a hang or an endless stream. The seeds are 0.4 s files
// of each kind (testdata/tiny.*, made with ffmpeg and sox).
func FuzzOpen(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "tiny.*"))
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("OggS"))
	f.Add([]byte("\x00\x00\x00\x08ftyp"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := decodeBytes(b); err != nil && err.Error() == "endless audio" {
			t.Fatalf("%d bytes decoded to more than 50 million samples", len(b))
		}
	})
}

// The seeds decode (the fuzzer starts from files that work).
func TestFuzzSeedsDecode(t *testing.T) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "tiny.*"))
	if len(seeds) < 7 {
		t.Fatalf("%d seeds", len(seeds))
	}
	for _, s := range seeds {
		b, _ := os.ReadFile(s)
		err := decodeBytes(b)
		if !errors.Is(err, io.EOF) {
			t.Errorf("%s: %v", s, err)
		}
	}
}

// Two AAC files decoded at once (the app may play one while importing
// another) give the same audio as one at a time: go-faad2 runs every
// decoder in one WebAssembly instance.
func TestAACConcurrent(t *testing.T) {
	path := encode(t, "a.m4a", "-c:a", "aac")
	_, want := decodeFile(t, path)
	var wg sync.WaitGroup
	got := make([][]int16, 4)
	errs := make([]error, 4)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, got[i], errs[i] = decodeSamples(path)
		}()
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !slicesEqual(got[i], want) {
			t.Fatalf("decoder %d gave other audio (%d samples, want %d)", i, len(got[i]), len(want))
		}
	}
}

func slicesEqual(a, b []int16) bool {
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

// MP3 decodes to exactly the samples that were encoded: the Xing/Info
// frame, the encoder's delay and the last frame's padding are dropped (as
// gapless players do), so the length is the source's and the sound is not
// shifted; a file without the tag keeps every frame.
func TestMP3Gapless(t *testing.T) {
	src, srcRate := readSource(t)
	for _, c := range []struct {
		name string
		args []string
		trim bool
	}{
		{"mpeg2-mono.mp3", []string{"-c:a", "libmp3lame", "-b:a", "48k", "-ac", "1"}, true},
		{"mpeg1-stereo.mp3", []string{"-c:a", "libmp3lame", "-b:a", "128k", "-ac", "2", "-ar", "44100"}, true},
		{"no-tag.mp3", []string{"-c:a", "libmp3lame", "-b:a", "64k", "-write_xing", "0"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			info, samples := decodeFile(t, encode(t, c.name, c.args...))
			got := mono(samples, info.Channels)
			want := len(src) * info.SampleRate / srcRate
			if !c.trim {
				if len(got) <= want {
					t.Fatalf("%d samples without a tag, the source has %d", len(got), want)
				}
				return
			}
			if d := len(got) - want; d < -1 || d > 1 {
				t.Fatalf("%d samples, the source has %d", len(got), want)
			}
			if info.SampleRate != srcRate {
				return // resampled: the length is the check
			}
			best, lag := -1.0, 0
			for l := -1200; l <= 1200; l++ {
				a, b := src, got
				if l > 0 {
					b = b[l:]
				} else {
					a = a[-l:]
				}
				if c := pcm.Correlate(a, b); c > best {
					best, lag = c, l
				}
			}
			if lag < -2 || lag > 2 || best < 0.9 {
				t.Errorf("shifted by %d samples (correlation %.3f)", lag, best)
			}
		})
	}
}
