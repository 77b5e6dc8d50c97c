package bundle_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/bundle/bundletest"
)

// benchPayload is 8 WAV-like files of 16 MiB and 200 small text files.
func benchWrite(b *testing.B, w *bundle.Writer) int64 {
	rng := rand.New(rand.NewPCG(1, 2))
	big := make([]byte, 16<<20)
	for i := range big {
		big[i] = byte(rng.Uint32())
	}
	var n int64
	for i := range 8 {
		big[0] = byte(i)
		if err := w.WriteFile(fmt.Sprintf("audio/recording-%d.wav", i+100), big); err != nil {
			b.Fatal(err)
		}
		n += int64(len(big))
	}
	for i := range 200 {
		txt := []byte(fmt.Sprintf(`{"id":%d,"text":"Shouted at me in the meeting, again and again"}`, i))
		if err := w.WriteFile(fmt.Sprintf("rules/r-%d.md", i), txt); err != nil {
			b.Fatal(err)
		}
		n += int64(len(txt))
	}
	return n
}

func BenchmarkCommitZip(b *testing.B) {
	f := bundletest.NewFixture(b)
	for b.Loop() {
		dir := filepath.Join(b.TempDir(), "bag")
		w, err := bundle.NewWriter(dir)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(benchWrite(b, w))
		if err := w.CommitZip(dir+".zip", f.Info(), nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	f := bundletest.NewFixture(b)
	dir := filepath.Join(b.TempDir(), "bag")
	w, err := bundle.NewWriter(dir)
	if err != nil {
		b.Fatal(err)
	}
	n := benchWrite(b, w)
	f.Fill(b, w, nil)
	if err := w.Commit(f.Info(), nil); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(n)
	for b.Loop() {
		r, err := bundle.Verify(context.Background(), dir, bundle.Options{})
		if err != nil || r.Problems == nil {
			b.Fatal(err)
		}
	}
}
