package local_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/audio"
	"github.com/kiroku-app/kiroku/internal/media"
	"github.com/kiroku-app/kiroku/internal/pcm"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// Imported audio decodes to a WAV whose header states its length; what
// is not audio, or has no decoder here, says so and writes nothing usable.
func TestDecodeAttachmentWAV(t *testing.T) {
	seal.TestUseLowCostKDF(t)
	dir := t.TempDir()
	as, _, err := local.Vaults{KDF: seal.LowCost}.Create(filepath.Join(dir, "diary.kiroku"), []byte("violet harbour pencil thunder"))
	if err != nil {
		t.Fatal(err)
	}
	defer as.Close()
	st := as.(*local.Store)
	imp := func(name string, b []byte) int64 {
		t.Helper()
		a, err := st.Vault.ImportReader(bytes.NewReader(b), name, time.Now(), 0)
		if err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	read := func(p string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "..", "media", "testdata", p))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, name := range []string{"tiny.m4a", "tiny.opus", "tiny.flac", "tiny.amr", "tiny.3gp"} {
		id := imp(name, read(name))
		f, err := os.Create(filepath.Join(dir, name+".wav"))
		if err != nil {
			t.Fatal(err)
		}
		info, frames, err := st.DecodeAttachmentWAV(id, f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, _ := os.ReadFile(f.Name())
		wf, data, err := pcm.ReadWAV(bytes.NewReader(b))
		if err != nil || wf.SampleRate != info.SampleRate || wf.Channels != info.Channels || int64(len(data)) != frames*int64(2*info.Channels) {
			t.Fatalf("%s: %+v %d bytes, %d frames, %v", name, wf, len(data), frames, err)
		}
		if d := float64(frames) / float64(info.SampleRate); d < 0.3 || d > 0.5 {
			t.Errorf("%s: %.3f s, want about 0.4", name, d)
		}
	}
	var w bytes.Buffer
	if _, _, err := st.DecodeAttachmentWAV(imp("notes.txt", []byte("not audio at all, a note")), nopSeeker{&w}); !errors.Is(err, app.ErrNotAudio) {
		t.Errorf("text: %v", err)
	}
	// AMR-WB has no decoder here: the codec is named.
	if _, _, err := st.DecodeAttachmentWAV(imp("call.awb", append([]byte("#!AMR-WB\n"), make([]byte, 61)...)), nopSeeker{&w}); err == nil {
		t.Error("AMR-WB decoded")
	} else if c, ok := app.CodecMissing(err); !ok || c != media.CodecAMRWB {
		t.Errorf("AMR-WB: %v", err)
	}
	if w.Len() != 0 {
		t.Errorf("%d bytes written for files that do not decode", w.Len())
	}
}

type nopSeeker struct{ *bytes.Buffer }

func (nopSeeker) Seek(int64, int) (int64, error) { return 0, nil }

// An imported phone recording plays from memory (the null device here):
// its duration is the file's, the waveform is drawn, and a file that is
// not audio says so.
func TestAttachmentPlayback(t *testing.T) {
	seal.TestUseLowCostKDF(t)
	as, _, err := local.Vaults{KDF: seal.LowCost, Backend: audio.Null}.Create(filepath.Join(t.TempDir(), "d.kiroku"), []byte("violet harbour pencil thunder"))
	if err != nil {
		t.Fatal(err)
	}
	defer as.Close()
	st := as.(*local.Store)
	b, err := os.ReadFile(filepath.Join("..", "..", "media", "testdata", "tiny.opus"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.Vault.ImportReader(bytes.NewReader(b), "voice.opus", time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	pb, err := st.OpenAttachmentPlayback(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer pb.Close()
	if d := pb.Duration(); d < 350*time.Millisecond || d > 450*time.Millisecond {
		t.Errorf("duration %v, want about 0.4 s", d)
	}
	peaks, err := pb.Peaks(20)
	if err != nil || len(peaks) != 20 {
		t.Fatalf("peaks %v %v", peaks, err)
	}
	var loud bool
	for _, p := range peaks {
		loud = loud || p > 0.05
	}
	if !loud {
		t.Errorf("a silent waveform: %v", peaks)
	}
	if err := pb.Play(); err != nil {
		t.Fatal(err)
	}
	txt, _ := st.Vault.ImportReader(bytes.NewReader([]byte("a note")), "note.txt", time.Now(), 0)
	if _, err := st.OpenAttachmentPlayback(txt.ID); !errors.Is(err, app.ErrNotAudio) {
		t.Errorf("text: %v", err)
	}
}
