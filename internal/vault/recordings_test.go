package vault_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/pcm"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

var mono48 = record.AudioFormat{Codec: "pcm_s16le", SampleRate: 48000, Channels: 1, Bits: 16}

// tone returns n frames of a 440 Hz tone starting at frame off.
func tone(off, n int) []byte {
	b := make([]byte, 2*n)
	for i := 0; i < n; i++ {
		s := int16(8000 * math.Sin(2*math.Pi*440*float64(off+i)/48000))
		binary.LittleEndian.PutUint16(b[2*i:], uint16(s))
	}
	return b
}

func record3s(t *testing.T, v *vault.Vault, finish bool) (int64, []byte) {
	t.Helper()
	w, err := v.StartRecording(mono48, "test device", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	var all []byte
	for i, n := range []int{48000, 48000, 24000, 1} { // size, size, half, one frame
		pcm := tone(i*48000, n)
		if err := w.Write(pcm); err != nil {
			t.Fatal(err)
		}
		all = append(all, pcm...)
	}
	if _, err := w.Marker(1500*time.Millisecond, "he raised his voice"); err != nil {
		t.Fatal(err)
	}
	if finish {
		r, err := w.Finish()
		if err != nil {
			t.Fatal(err)
		}
		if r.State != record.StateComplete || r.Frames != 120001 || len(r.Markers) != 1 {
			t.Fatalf("recording %+v", r)
		}
	}
	return w.ID(), all
}

func TestRecordingRoundTrip(t *testing.T) {
	v, _, _ := newVault(t)
	id, data := record3s(t, v, true)
	var out bytes.Buffer
	sum, err := v.ExportWAV(id, &out)
	if err != nil {
		t.Fatal(err)
	}
	want := append(pcm.Header(pcm.Format{SampleRate: 48000, Channels: 1, BitsPerSample: 16}, int64(len(data))), data...)
	if !bytes.Equal(out.Bytes(), want) {
		t.Fatal("exported WAV differs from what was recorded")
	}
	if s := sha256.Sum256(want); !bytes.Equal(sum, s[:]) {
		t.Fatal("hash")
	}
	r, _ := v.Recording(id)
	if r.End.WAVSHA256 != hex.EncodeToString(sum) || r.Duration != 2500*time.Millisecond+time.Second/48000 {
		t.Fatalf("end record %+v duration %v", r.End, r.Duration)
	}
	var again bytes.Buffer
	v.ExportWAV(id, &again)
	if !bytes.Equal(again.Bytes(), out.Bytes()) {
		t.Fatal("export not byte-identical")
	}
	rep := mustCheck(t, v)
	if rep.Links != 1 {
		t.Fatalf("links %d", rep.Links)
	}
	w, _ := v.StartRecording(mono48, "", 0, "")
	if err := w.Write(make([]byte, 48001*2)); !errors.Is(err, apperr.ErrInvalidInput) {
		t.Fatalf("over-long chunk: %v", err)
	}
	if err := w.Write(make([]byte, 3)); !errors.Is(err, apperr.ErrInvalidInput) {
		t.Fatalf("partial frame: %v", err)
	}
}

// A process that dies mid-recording: on the next unlock the recording is
// there, interrupted, with every committed chunk, and checks.
func TestRecordingInterrupted(t *testing.T) {
	v, path, _ := newVault(t)
	id, data := record3s(t, v, false)
	v = reopen(t, v, path) // Close without Finish, as a crash would leave it
	r, err := v.Recording(id)
	if err != nil || r.State != record.StateInterrupted || r.Frames != int64(len(data)/2) || len(r.Markers) != 1 {
		t.Fatalf("after crash: %+v %v", r, err)
	}
	var out bytes.Buffer
	if _, err := v.ExportWAV(id, &out); err != nil || !bytes.Equal(out.Bytes()[pcm.WAVHeaderSize:], data) {
		t.Fatalf("export after crash: %v", err)
	}
	mustCheck(t, v)
}

func TestRecordingTamper(t *testing.T) {
	tests := []struct {
		name string
		sql  []string
	}{
		{"flipped chunk", []string{"UPDATE recording_chunks SET body = CAST(substr(body, 1, 100) || CASE WHEN substr(body, 101, 1) = x'00' THEN x'01' ELSE x'00' END || substr(body, 102) AS BLOB) WHERE recording_id = 1 AND seq = 1"}},
		{"deleted chunk", []string{"DELETE FROM recording_chunks WHERE recording_id = 1 AND seq = 1"}},
		{"truncated", []string{"DELETE FROM recording_chunks WHERE recording_id = 1 AND final = 1"}},
		{"reordered", []string{"UPDATE recording_chunks SET seq = 99 WHERE recording_id = 1 AND seq = 0", "UPDATE recording_chunks SET seq = 0 WHERE recording_id = 1 AND seq = 1", "UPDATE recording_chunks SET seq = 1 WHERE recording_id = 1 AND seq = 99"}},
		{"spliced", []string{"UPDATE recording_chunks SET body = (SELECT body FROM recording_chunks WHERE recording_id = 2 AND seq = 0) WHERE recording_id = 1 AND seq = 0"}},
		{"removed end", []string{"UPDATE recordings SET end = NULL, state = 'recording' WHERE id = 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, path, _ := newVault(t)
			record3s(t, v, true)
			record3s(t, v, true)
			v.Close()
			v2 := tamperAndCheck(t, path, tt.sql, "recording:1", "recording:2")
			var out bytes.Buffer
			if _, err := v2.ExportWAV(1, &out); err == nil && tt.name != "removed end" {
				t.Fatal("damaged recording exported without error")
			}
		})
	}
}

func TestRecordingMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 10 minutes of audio")
	}
	v, _, _ := newVault(t)
	w, _ := v.StartRecording(mono48, "", 0, "")
	chunk := tone(0, 48000)
	for i := 0; i < 600; i++ {
		if err := w.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	r, err := w.Finish()
	if err != nil || r.Duration != 10*time.Minute {
		t.Fatal(r.Duration, err)
	}
	n, err := v.ExportWAV(r.ID, discard{})
	if err != nil || len(n) != 32 {
		t.Fatal(err)
	}
}

type discard struct{}

func (discard) Write(b []byte) (int, error) { return len(b), nil }

// BenchmarkRecordingWrite seals and durably commits one-second chunks of
// 48 kHz mono audio (one transaction each), as a recording does.
func BenchmarkRecordingWrite(b *testing.B) {
	v, _, err := vault.Create(filepath.Join(b.TempDir(), "b.kiroku"), pass, vault.Options{KDF: seal.LowCost})
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	w, _ := v.StartRecording(mono48, "", 0, "")
	chunk := tone(0, 48000)
	b.SetBytes(int64(len(chunk)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := w.Write(chunk); err != nil {
			b.Fatal(err)
		}
	}
}

// TestIngestHours writes KIROKU_INGEST_HOURS hours of synthetic audio as a
// recording would; make bench runs it under /usr/bin/time for the peak RSS.
func TestIngestHours(t *testing.T) {
	h, _ := strconv.ParseFloat(os.Getenv("KIROKU_INGEST_HOURS"), 64)
	if h <= 0 {
		t.Skip("set KIROKU_INGEST_HOURS (make bench does)")
	}
	dir := os.Getenv("KIROKU_INGEST_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	v, _, err := vault.Create(filepath.Join(dir, "ingest.kiroku"), pass, vault.Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	w, _ := v.StartRecording(mono48, "", 0, "")
	chunk := tone(0, 48000)
	for i := 0; i < int(h*3600); i++ {
		if err := w.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	r, err := w.Finish()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("ingested %v", r.Duration)
}

// PCMReader reads any range of a recording's audio across chunk boundaries.
func TestPCMReader(t *testing.T) {
	v, _, _ := newVault(t)
	id, pcm := record3s(t, v, true)
	r, err := v.OpenPCM(id)
	if err != nil {
		t.Fatal(err)
	}
	if r.Size() != int64(len(pcm)) {
		t.Fatalf("size %d, want %d", r.Size(), len(pcm))
	}
	for _, c := range []struct{ off, n int }{{0, 10}, {95990, 20}, {96000, 96000}, {0, len(pcm)}, {len(pcm) - 2, 2}, {191999, 2}} {
		b := make([]byte, c.n)
		if _, err := r.ReadAt(b, int64(c.off)); err != nil {
			t.Fatalf("ReadAt(%d, %d): %v", c.off, c.n, err)
		}
		if !bytes.Equal(b, pcm[c.off:c.off+c.n]) {
			t.Fatalf("ReadAt(%d, %d) differs", c.off, c.n)
		}
	}
	if _, err := r.ReadAt(make([]byte, 4), int64(len(pcm))); err == nil {
		t.Fatal("read past the end")
	}
}
