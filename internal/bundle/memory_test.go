package bundle

import (
	"archive/zip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// zipOfZeros writes a zip whose members are n bytes of zeros each,
// deflated: a few hundred KB on disk that inflate to far more.
func zipOfZeros(t *testing.T, members map[string]int64) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "bomb.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	zero := make([]byte, 1<<20)
	for name, n := range members {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		for left := n; left > 0; left -= int64(len(zero)) {
			if _, err := w.Write(zero[:min(left, int64(len(zero)))]); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// A small zip whose entries.json and links.jsonl inflate to 300 MiB each
// once drove the verifier to keep both (600 MiB; a bigger bomb, up to the
// old 1 GiB limit each). Now a member larger
// than its keep limit is only stream-hashed.
func TestZipBombMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("inflates 600 MiB")
	}
	const big = 300 << 20
	p := zipOfZeros(t, map[string]int64{
		"bagit.txt":           0,
		"manifest-sha256.txt": 0,
		entriesJSON:           big,
		linksJSONL:            big,
	})
	if fi, _ := os.Stat(p); fi.Size() > 4<<20 {
		t.Fatalf("the bomb is %d bytes on disk", fi.Size())
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r, err := Verify(context.Background(), p, Options{Workers: 2})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if r.OK {
		t.Fatal("a bomb verified")
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %d MiB while verifying %d MiB of members", alloc>>20, 2*big>>20)
	if alloc > 64<<20 {
		t.Fatalf("verifying allocated %d MiB", alloc>>20)
	}
	found := false
	for _, pr := range r.Problems {
		found = found || (pr.Code == "file.too_large" && pr.Path == entriesJSON)
	}
	if !found {
		t.Errorf("entries.json not reported as too large: %+v", r.Problems)
	}
}

// Many members each under their own limit cannot add up to more than
// maxKeptTotal kept in memory.
func TestKeptBytesBudget(t *testing.T) {
	old := maxKeptTotal
	maxKeptTotal = 8 << 20
	defer func() { maxKeptTotal = old }()
	members := map[string]int64{"bagit.txt": 0, "manifest-sha256.txt": 0}
	for i := range 10 {
		members[fmt.Sprintf("%srevision-%d.json", recordsDir, i+1)] = 3 << 20
	}
	src, err := openSource(zipOfZeros(t, members))
	if err != nil {
		t.Fatal(err)
	}
	defer src.close()
	files, err := hashAll(context.Background(), src, 2)
	if err != nil {
		t.Fatal(err)
	}
	var kept int64
	tooBig := 0
	for p, h := range files {
		kept += int64(len(h.data))
		if h.tooBig {
			tooBig++
		}
		if h.sum == "" {
			t.Errorf("%s not hashed", p)
		}
	}
	if kept > maxKeptTotal || tooBig < 8 {
		t.Fatalf("kept %d bytes (budget %d), %d files too big", kept, maxKeptTotal, tooBig)
	}
}
