package local_test

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/audio"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
)

func newStore(t *testing.T) (*local.Store, string) {
	t.Helper()
	seal.TestUseLowCostKDF(t)
	dir := t.TempDir()
	st, _, err := local.Vaults{KDF: seal.LowCost, Backend: audio.Null}.Create(filepath.Join(dir, "diary.kiroku"), []byte("violet harbour pencil thunder"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st.(*local.Store), dir
}

// A recording written into the vault plays through the null device: the
// position advances while playing, Seek moves it, and the waveform shows
// the loud second where it is.
func TestPlaybackFromVault(t *testing.T) {
	st, _ := newStore(t)
	e, err := st.Add(record.Fields{EventTime: time.Now().Add(-time.Hour), Text: "meeting"})
	if err != nil {
		t.Fatal(err)
	}
	const rate = 16000
	w, err := st.Vault.StartRecording(record.AudioFormat{Codec: "pcm_s16le", SampleRate: rate, Channels: 1, Bits: 16}, "test", e.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	for sec := range 3 {
		pcm := make([]byte, 2*rate)
		if sec == 1 {
			for i := range rate {
				binary.LittleEndian.PutUint16(pcm[2*i:], uint16(int16(-32768*(i%2))))
			}
		}
		if err := w.Write(pcm); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Marker(time.Second, "loud"); err != nil {
		t.Fatal(err)
	}
	r, err := w.Finish()
	if err != nil {
		t.Fatal(err)
	}
	list, err := st.Recordings(e.ID)
	if err != nil || len(list) != 1 || len(list[0].Marks) != 1 {
		t.Fatalf("Recordings = %+v, %v", list, err)
	}
	if m := list[0].Marks[0]; m.ID == 0 || m.At != time.Second || m.Label != "loud" || m.Placed != "loud" || m.Wall.IsZero() || len(m.History) != 0 {
		t.Fatalf("marker = %+v", m)
	}
	// A label typed later is the marker's label now; the first stays as history.
	m, err := st.LabelMarker(r.ID, list[0].Marks[0].ID, "上司が机を叩いた")
	if err != nil || m.Label != "上司が机を叩いた" || m.Placed != "loud" || len(m.History) != 1 || m.History[0].RecordedAt.IsZero() {
		t.Fatalf("LabelMarker = %+v, %v", m, err)
	}
	if list, err = st.Recordings(e.ID); err != nil || list[0].Marks[0].Label != "上司が机を叩いた" || len(list[0].Marks[0].History) != 1 {
		t.Fatalf("after labelling: %+v, %v", list, err)
	}
	stats, err := st.Stats()
	if err != nil || stats[e.ID].Recordings != 1 || stats[e.ID].Attachments != 0 {
		t.Errorf("Stats = %+v, %v", stats, err)
	}

	pb, err := st.OpenPlayback(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer pb.Close()
	if pb.Duration() != 3*time.Second || pb.Position() != 0 || pb.Playing() {
		t.Errorf("opened: duration %v, position %v, playing %v", pb.Duration(), pb.Position(), pb.Playing())
	}
	peaks, err := pb.Peaks(30)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range peaks {
		if want := float32(0); i >= 10 && i < 20 {
			if v != 1 {
				t.Errorf("peak %d = %v, want 1 (full scale)", i, v)
			}
		} else if v != want {
			t.Errorf("peak %d = %v, want silence", i, v)
		}
	}
	if err := pb.Play(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(400 * time.Millisecond)
	if !pb.Playing() || pb.Position() <= 0 {
		t.Errorf("playing %v at %v after 0.4 s", pb.Playing(), pb.Position())
	}
	if err := pb.Pause(); err != nil {
		t.Fatal(err)
	}
	if err := pb.Seek(2 * time.Second); err != nil {
		t.Fatal(err)
	}
	if p := pb.Position(); p < 2*time.Second-50*time.Millisecond || p > 2*time.Second+50*time.Millisecond {
		t.Errorf("after Seek(2s): %v", p)
	}
	if err := pb.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := st.OpenPlayback(99); err == nil {
		t.Error("OpenPlayback of a missing recording succeeded")
	}
}

// Import reports progress, stops when cancelled (keeping nothing) and
// refuses a file that changes while it is read.
func TestImportProgressCancel(t *testing.T) {
	st, dir := newStore(t)
	e, err := st.Add(record.Fields{EventTime: time.Now().Add(-time.Hour), Text: "x"})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "big.bin")
	data := make([]byte, 3<<20+5)
	for i := range data {
		data[i] = byte(i * 31)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	var last, total int64
	calls := 0
	info, err := st.Import(context.Background(), path, e.ID, func(done, tot int64) { last, total = done, tot; calls++ })
	if err != nil {
		t.Fatal(err)
	}
	if info.Size != int64(len(data)) || last != int64(len(data)) || total != int64(len(data)) || calls < 3 {
		t.Errorf("import %+v; progress %d/%d in %d calls", info, last, total, calls)
	}

	ctx, cancel := context.WithCancel(context.Background())
	_, err = st.Import(ctx, path, e.ID, func(done, _ int64) {
		if done > 1<<20 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled import: err %v, want context.Canceled", err)
	}
	if list, err := st.Attachments(e.ID); err != nil || len(list) != 1 {
		t.Errorf("after a cancelled import: %d attachments (%v), want the first only", len(list), err)
	}

	grown := false
	_, err = st.Import(context.Background(), path, e.ID, func(done, _ int64) {
		if !grown {
			grown = true
			os.WriteFile(path, append(data, 'x'), 0o600) // grows while read
		}
	})
	if err == nil {
		t.Error("a file that changed while it was imported was accepted")
	}
	if list, _ := st.Attachments(e.ID); len(list) != 1 {
		t.Errorf("the changed file was kept: %d attachments", len(list))
	}
}
