//go:build e2e

package e2e

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Phone recordings, made as phones make them (espeak-ng speech encoded by
// ffmpeg to AAC in .m4a, MP3, Ogg Vorbis, Ogg Opus and FLAC; AMR-NB by sox,
// since ffmpeg cannot encode it), imported with kirokuctl: each original
// comes back byte for byte; each decodes (extract --decoded) to the speech
// that went in, within 0.1 s and with its energy envelope (AMR, telephone
// band, against the speech cut to 8 kHz by sox; decoded by the system's
// OpenCORE library); and no decoded audio is left in the vault, its WAL or
// the temporary folder.
func TestPhoneRecordingsImportAndDecode(t *testing.T) {
	for _, tool := range []string{"espeak-ng", "ffmpeg", "sox"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed (make test installs it)", tool)
		}
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // kirokuctl's temporary files, to search below
	dir := t.TempDir()
	src := filepath.Join(dir, "speech.wav")
	if out, err := exec.Command("espeak-ng", "-s", "150", "-w", src,
		"He told me in front of everyone that I am useless and should go back to my country.").CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v\n%s", err, out)
	}
	files := []struct{ name, codec string }{
		{"voice memo.m4a", "-c:a aac -b:a 64k"}, {"recorder.mp3", "-c:a libmp3lame -b:a 64k"},
		{"voice.ogg", "-c:a libvorbis"}, {"voice.opus", "-c:a libopus -b:a 24k"}, {"archive.flac", "-c:a flac"},
		{"call.amr", ""}, {"android call.3gp", "3gp"},
	}
	var paths []string
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		var cmd *exec.Cmd
		switch f.codec {
		case "":
			cmd = exec.Command("sox", "-D", src, "-r", "8000", "-C", "7", "-t", "amr-nb", p) // 12.2 kbit/s, as Android records
		case "3gp": // the AMR above in a 3GP file, as a phone's recorder writes it
			cmd = exec.Command("ffmpeg", "-nostdin", "-loglevel", "error", "-i", filepath.Join(dir, "call.amr"), "-c:a", "copy", p)
		default:
			cmd = exec.Command("ffmpeg", append(append([]string{"-nostdin", "-loglevel", "error", "-i", src}, strings.Fields(f.codec)...), p)...)
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", cmd, err, out)
		}
		paths = append(paths, p)
	}
	v := initVault(t, "pw")
	mustOK(t, ctl(t, "pw\n", append([]string{"import", "--vault", v, "--passphrase-stdin"}, paths...)...))

	s, srcRate := readWAV(t, src)
	srcDur := float64(len(s)) / float64(srcRate)
	const win = 0.02
	es := envelope(s, srcRate, win)
	out := t.TempDir()
	var decoded [][]byte
	for i, f := range files {
		id := string(rune('1' + i))
		// The original, byte for byte.
		orig := filepath.Join(out, "orig-"+f.name)
		mustOK(t, ctl(t, "pw\n", "extract", "--vault", v, "--passphrase-stdin", "--attachment", id, "--out", orig))
		a, _ := os.ReadFile(paths[i])
		b, _ := os.ReadFile(orig)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: the extracted original differs from the imported file", f.name)
		}
		wav := filepath.Join(out, "decoded-"+id+".wav")
		r := ctl(t, "pw\n", "extract", "--vault", v, "--passphrase-stdin", "--attachment", id, "--decoded", "--out", wav)
		if r.code != 0 {
			t.Fatalf("%s: extract --decoded: exit %d\n%s", f.name, r.code, r.stderr)
		}
		got, rate := readWAV(t, wav)
		dur := float64(len(got)) / float64(rate)
		if math.Abs(dur-srcDur) > 0.1 {
			t.Errorf("%s: decoded %.3f s, the speech is %.3f s", f.name, dur, srcDur)
		}
		eg := envelope(got, rate, win)
		ref := es
		if f.codec == "" || f.codec == "3gp" {
			narrow := filepath.Join(dir, "speech-8k.wav")
			if out, err := exec.Command("sox", "-D", src, "-r", "8000", "-b", "16", narrow).CombinedOutput(); err != nil {
				t.Fatalf("sox: %v\n%s", err, out)
			}
			n, nrate := readWAV(t, narrow)
			ref = envelope(n, nrate, win)
		}
		best := -1.0
		for lag := 0; lag <= 5 && lag < len(eg); lag++ {
			best = math.Max(best, correlate(ref, eg[lag:]))
		}
		if best < 0.95 {
			t.Errorf("%s: envelope correlation %.3f with the speech", f.name, best)
		}
		t.Logf("%s: %.3f s at %d Hz (speech %.3f s), envelope correlation %.4f", f.name, dur, rate, srcDur, best)
		w, _ := os.ReadFile(wav)
		decoded = append(decoded, w[len(w)/2:len(w)/2+256])
	}

	// No decoded audio anywhere but where it was asked for.
	var places []string
	for _, d := range []string{filepath.Dir(v), tmp} {
		filepath.Walk(d, func(p string, info os.FileInfo, err error) error {
			if err == nil && info.Mode().IsRegular() {
				places = append(places, p)
			}
			return nil
		})
	}
	for _, p := range places {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for i, d := range decoded {
			if bytes.Contains(b, d) {
				t.Errorf("decoded audio of %s found in %s", files[i].name, p)
			}
		}
	}
	if len(places) == 0 {
		t.Fatal("no vault files found to search")
	}
}
