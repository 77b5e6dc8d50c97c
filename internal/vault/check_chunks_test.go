package vault

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// chunkTestVault holds one recording of 40 chunks of varied sizes (more
// than the batches in flight at one worker hold), finished or still
// recording.
func chunkTestVault(t *testing.T, finish bool) (*Vault, int64, record.AudioFormat) {
	t.Helper()
	f := record.AudioFormat{Codec: "pcm_s16le", SampleRate: 48000, Channels: 1, Bits: 16}
	v, _, err := Create(filepath.Join(t.TempDir(), "c.kiroku"), []byte("pw"), Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	w, err := v.StartRecording(f, "test", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		frames := []int{48000, 1, 24000, 4801}[i%4]
		pcm := bytes.Repeat([]byte{byte(i), byte(i >> 8)}, frames)
		if err := w.Write(pcm); err != nil {
			t.Fatal(err)
		}
	}
	if finish {
		if _, err := w.Finish(); err != nil {
			t.Fatal(err)
		}
	}
	return v, w.ID(), f
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// TestCheckChunksMatchesEachChunk: opening the chunks in parallel reports
// what reading them one by one (eachChunk, hashWAV) reports, the same
// first damaged chunk included, whatever the number of workers.
func TestCheckChunksMatchesEachChunk(t *testing.T) {
	flip := func(seq int) string {
		return fmt.Sprintf("UPDATE recording_chunks SET body = CAST(substr(body, 1, 100) || CASE WHEN substr(body, 101, 1) = x'00' THEN x'01' ELSE x'00' END || substr(body, 102) AS BLOB) WHERE seq = %d", seq)
	}
	del := func(seq int) string { return fmt.Sprintf("DELETE FROM recording_chunks WHERE seq = %d", seq) }
	tests := []struct {
		name   string
		finish bool
		sql    []string
		want   string // in the error; "" for none
	}{
		{"intact", true, nil, ""},
		{"intact, recording", false, nil, ""},
		{"flipped chunk", true, []string{flip(5)}, "chunk 5 does not open"},
		{"two flipped chunks", true, []string{flip(30), flip(5)}, "chunk 5 does not open"},
		{"first and last chunk flipped", true, []string{flip(0), flip(39)}, "chunk 0 does not open"},
		{"missing before flipped", true, []string{del(20), flip(25)}, "chunk 20 missing"},
		{"flipped before missing", true, []string{flip(25), del(30)}, "chunk 25 does not open"},
		{"missing first of a batch", true, []string{del(checkBatchChunks)}, fmt.Sprintf("chunk %d missing", checkBatchChunks)},
		{"flipped, then missing first of a batch", true, []string{flip(3), del(checkBatchChunks)}, "chunk 3 does not open"},
		{"final chunk flipped", true, []string{flip(40)}, "chunk 40 does not open"},
		{"truncated", true, []string{del(40)}, "final chunk is missing"},
		{"after the final chunk", true, []string{"INSERT INTO recording_chunks (recording_id, seq, final, frames, body) SELECT recording_id, 41, 0, frames, body FROM recording_chunks WHERE seq = 3"}, "chunk 41 after the final chunk"},
		{"flipped, recording", false, []string{flip(33)}, "chunk 33 does not open"},
		{"missing, recording", false, []string{del(0)}, "chunk 0 missing"},
	}
	ctx := context.Background()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, id, f := chunkTestVault(t, tt.finish)
			for _, s := range tt.sql {
				if _, err := v.db.Exec(s); err != nil {
					t.Fatal(s, err)
				}
			}
			v.mu.Lock()
			defer v.mu.Unlock()
			var want string
			if tt.finish {
				sum, chunks, frames, err := v.hashWAV(ctx, id, f, true)
				want = fmt.Sprintf("%x %d %d %s", sum, chunks, frames, errText(err))
			} else {
				chunks, frames, err := v.eachChunk(ctx, id, false, nil)
				want = fmt.Sprintf(" %d %d %s", chunks, frames, errText(err))
			}
			if !strings.Contains(want, tt.want) || (tt.want == "" && !strings.HasSuffix(want, "<nil>")) {
				t.Fatalf("eachChunk: %s, want %q", want, tt.want)
			}
			for _, procs := range []int{1, 2, 7} {
				runtime.GOMAXPROCS(procs)
				for range 3 {
					var got string
					if tt.finish {
						sum, chunks, frames, err := v.checkChunks(ctx, id, true, &record.RecordingStart{Format: f}, -1)
						got = fmt.Sprintf("%x %d %d %s", sum, chunks, frames, errText(err))
					} else {
						sum, chunks, frames, err := v.checkChunks(ctx, id, false, nil, -1)
						got = fmt.Sprintf("%s %d %d %s", hex.EncodeToString(sum), chunks, frames, errText(err))
					}
					if got != want {
						t.Fatalf("%d workers: checkChunks %s\neachChunk %s", procs, got, want)
					}
				}
			}
		})
	}
}

// TestCheckChunksFinalNotEmpty: a final chunk that opens but holds audio is
// reported as eachChunk reports it, not hashed.
func TestCheckChunksFinalNotEmpty(t *testing.T) {
	v, id, f := chunkTestVault(t, true)
	v.mu.Lock()
	defer v.mu.Unlock()
	body := v.audio.Seal([]byte{1, 2}, chunkAD(id, 40, true))
	if _, err := v.db.Exec(`UPDATE recording_chunks SET body = ? WHERE seq = 40`, body); err != nil {
		t.Fatal(err)
	}
	_, _, _, want := v.hashWAV(context.Background(), id, f, true)
	_, _, _, got := v.checkChunks(context.Background(), id, true, &record.RecordingStart{Format: f}, -1)
	if errText(got) != errText(want) || !strings.Contains(errText(got), "final chunk not empty") {
		t.Fatalf("checkChunks: %v\nhashWAV: %v", got, want)
	}
}

// TestCheckParallelNamesDamage: Check, with the chunks opened in parallel,
// still names the damaged recording and only that one, every time.
func TestCheckParallelNamesDamage(t *testing.T) {
	v, id, _ := chunkTestVault(t, true)
	w, err := v.StartRecording(record.AudioFormat{Codec: "pcm_s16le", SampleRate: 48000, Channels: 1, Bits: 16}, "test", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	for range 12 {
		if err := w.Write(make([]byte, 96000)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Finish(); err != nil {
		t.Fatal(err)
	}
	if _, err := v.db.Exec(`UPDATE recording_chunks SET body = CAST(substr(body, 1, 100) || CASE WHEN substr(body, 101, 1) = x'00' THEN x'01' ELSE x'00' END || substr(body, 102) AS BLOB) WHERE recording_id = ? AND seq IN (7, 9)`, id); err != nil {
		t.Fatal(err)
	}
	var first []Problem
	for i := range 5 {
		rep, err := v.Check()
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Problems) != 1 || rep.Problems[0].Ref != recordingRef(id) || !strings.Contains(rep.Problems[0].What, "chunk 7 does not open") {
			t.Fatalf("run %d: %+v", i, rep.Problems)
		}
		if i == 0 {
			first = rep.Problems
		} else if fmt.Sprint(rep.Problems) != fmt.Sprint(first) {
			t.Fatalf("run %d: %+v, first run %+v", i, rep.Problems, first)
		}
	}
}
