package opus_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/kiroku-app/kiroku/internal/opus"
)

// FuzzReader: any bytes give packets or an error, never a panic, a hang
// or unbounded memory; and what the reader accepts, the writer writes
// again into a file that reads back the same. Seeds: testdata/fuzz.
func FuzzReader(f *testing.F) {
	f.Add(sample(f))
	f.Add(ogg(f, nil, 312, 0))
	f.Fuzz(fuzzOne)
}

func fuzzOne(t *testing.T, b []byte) {
	{
		r, err := opus.NewReader(bytes.NewReader(b))
		if err != nil {
			if !errors.Is(err, opus.ErrDamaged) {
				t.Fatalf("error not ErrDamaged: %v", err)
			}
			return
		}
		var packets [][]byte
		for {
			p, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				if !errors.Is(err, opus.ErrDamaged) {
					t.Fatalf("error not ErrDamaged: %v", err)
				}
				return
			}
			packets = append(packets, bytes.Clone(p))
		}
		var again bytes.Buffer
		w, err := opus.NewOggWriter(&again, r.Serial, r.Head)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range packets {
			if err := w.WritePacket(p); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(r.Frames()); err != nil {
			// The writer's pages hold about a second; a foreign file may
			// trim more than its own last page holds.
			return
		}
		n, err := readAll(again.Bytes())
		if err != nil || n != r.Frames() {
			t.Fatalf("rewritten: %d frames (want %d), %v", n, r.Frames(), err)
		}
	}
}
