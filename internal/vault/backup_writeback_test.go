package vault

import (
	"bytes"
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// TestBackupWritebackCopy: a copy large enough for the early writeback
// requests, made while a recording keeps committing, verifies.
func TestBackupWritebackCopy(t *testing.T) {
	dir := t.TempDir()
	v, _, err := Create(filepath.Join(dir, "v.kiroku"), []byte("pw"), Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	w, err := v.StartRecording(record.AudioFormat{Codec: "pcm_s16le", SampleRate: 48000, Channels: 1, Bits: 16}, "test", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	pcm := bytes.Repeat([]byte{1, 2, 3}, 32000)
	for range 3 * copyWritebackMin / len(pcm) {
		if err := w.Write(pcm); err != nil {
			t.Fatal(err)
		}
	}
	var steps atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for steps.Load() < 4 {
			if err := w.Write(pcm); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	ctx := context.Background()
	dest := filepath.Join(dir, "copy.kiroku")
	info, err := v.Backup(ctx, dest, func(int, int) { steps.Add(1) })
	steps.Store(4)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if info.Size < 3*copyWritebackMin {
		t.Fatalf("copy of %d bytes: too small to test the writeback", info.Size)
	}
	rep, err := v.VerifyBackup(ctx, dest, info)
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %v %+v", err, rep.Problems)
	}
}
