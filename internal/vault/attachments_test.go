package vault_test

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/vault"
)

const chunk = vault.AttachmentChunkSize

// randomFile writes size pseudo-random bytes (from seed) to a new file with
// the given modification time and returns its path and SHA-256.
func randomFile(t *testing.T, name string, size int64, seed uint64, mtime time.Time) (string, []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	if _, err := io.CopyN(io.MultiWriter(f, h), rand.NewChaCha8(seedOf(seed)), size); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	return path, h.Sum(nil)
}

func seedOf(n uint64) [32]byte {
	var s [32]byte
	copy(s[:], fmt.Sprintf("attachment seed %d", n))
	return s
}

// sameAs is a writer that fails unless what it is given equals the
// stream of seed, without holding either in memory.
type sameAs struct {
	want *rand.ChaCha8
	n    int64
	buf  []byte
}

func newSameAs(seed uint64) *sameAs { return &sameAs{want: rand.NewChaCha8(seedOf(seed))} }

func (s *sameAs) Write(p []byte) (int, error) {
	if cap(s.buf) < len(p) {
		s.buf = make([]byte, len(p))
	}
	w := s.buf[:len(p)]
	s.want.Read(w)
	if !bytes.Equal(w, p) {
		return 0, fmt.Errorf("exported bytes differ near offset %d", s.n)
	}
	s.n += int64(len(p))
	return len(p), nil
}

func TestAttachmentRoundTrip(t *testing.T) {
	sizes := []int64{0, 1, chunk - 1, chunk, chunk + 1, 3*chunk + 17}
	if !testing.Short() {
		sizes = append(sizes, 64*chunk, 64*chunk+1) // a whole batch, and one byte more
	}
	v, path, _ := newVault(t)
	mtime := time.Date(2026, 10, 3, 14, 31, 2, 123456789, time.FixedZone("JST", 9*3600))
	var ids []int64
	for i, size := range sizes {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			p, sum := randomFile(t, fmt.Sprintf("file-%d.bin", size), size, uint64(i), mtime)
			var a vault.Attachment
			var err error
			if i%2 == 0 {
				a, err = v.Import(p, 0)
			} else {
				f, _ := os.Open(p)
				a, err = v.ImportReader(f, filepath.Base(p), mtime, 0)
				f.Close()
			}
			if err != nil {
				t.Fatal(err)
			}
			want := (size + chunk - 1) / chunk
			if a.Size != size || a.SHA256 != hex.EncodeToString(sum) || a.Name != filepath.Base(p) ||
				!a.ModTime.Equal(mtime) || a.Chunks != want || a.ImportedAt.IsZero() {
				t.Fatalf("record %+v", a)
			}
			var out bytes.Buffer
			got, err := v.ExportAttachment(a.ID, &out)
			if err != nil {
				t.Fatal(err)
			}
			orig, _ := os.ReadFile(p)
			if !bytes.Equal(out.Bytes(), orig) || !bytes.Equal(got, sum) {
				t.Fatal("exported bytes differ from the file")
			}
			ids = append(ids, a.ID)
		})
	}
	v = reopen(t, v, path)
	list, err := v.Attachments()
	if err != nil || len(list) != len(sizes) {
		t.Fatalf("listing: %d of %d, %v", len(list), len(sizes), err)
	}
	for i, a := range list {
		if a.ID != ids[i] || a.Size != sizes[i] {
			t.Fatalf("listing %d: %+v", i, a)
		}
		one, err := v.Attachment(a.ID)
		if err != nil || one != a {
			t.Fatalf("Attachment(%d) = %+v, %v", a.ID, one, err)
		}
	}
	rep := mustCheck(t, v)
	if rep.Links != len(sizes) || rep.Records != len(sizes) {
		t.Fatalf("check counted %d links, %d records", rep.Links, rep.Records)
	}
	if _, err := v.Attachment(999); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("missing attachment: %v", err)
	}
	if _, err := v.ExportAttachment(999, io.Discard); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("export of a missing attachment: %v", err)
	}
}

func TestAttachmentEntryAndTypes(t *testing.T) {
	v, _, _ := newVault(t)
	e, err := v.Add(fields("the e-mail from HR"))
	if err != nil {
		t.Fatal(err)
	}
	eml := "From: hr@example.co.jp\r\nSubject: =?UTF-8?B?5rOo5oSP?=\r\n\r\nPlease come to room 3.\r\n"
	a, err := v.ImportReader(strings.NewReader(eml), "notice.eml", time.Time{}, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.EntryID != e.ID || a.MediaType != "message/rfc822" || !a.ModTime.IsZero() {
		t.Fatalf("%+v", a)
	}
	if _, err := v.ImportReader(strings.NewReader("x"), "x.txt", time.Time{}, 99); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("unknown entry: %v", err)
	}
	mustCheck(t, v)

	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	m4a := []byte("\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom\x00\x00\x00\x00")
	tests := []struct {
		name string
		head []byte
		want string
	}{
		{"shot.png", png, "image/png"},
		{"shot.jpg", png, "image/png"}, // the content wins over a wrong name
		{"call.m4a", m4a, "audio/mp4"},
		{"call.mp4", m4a, "video/mp4"},
		{"call.mp3", []byte("ID3\x04\x00\x00\x00\x00\x00\x00"), "audio/mpeg"},
		{"memo.wav", []byte("RIFF\x24\x00\x00\x00WAVEfmt "), "audio/wav"},
		{"letter.pdf", []byte("%PDF-1.7\n"), "application/pdf"},
		{"mail.eml", []byte(eml), "message/rfc822"},
		{"notes.txt", []byte("hello"), "text/plain; charset=utf-8"},
		{"empty.png", nil, "image/png"},
		{"empty", nil, "application/octet-stream"},
		{"data.bin", []byte{0, 1, 2, 3}, "application/octet-stream"},
		{"IMG_0001.HEIC", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), "image/heic"},
	}
	for _, tt := range tests {
		if got := vault.MediaType(tt.name, tt.head); got != tt.want {
			t.Errorf("MediaType(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestAttachmentImportErrors(t *testing.T) {
	v, path, _ := newVault(t)
	dir := t.TempDir()
	if _, err := v.Import(filepath.Join(dir, "missing.pdf"), 0); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("missing file: %v", err)
	}
	if _, err := v.Import(dir, 0); !errors.Is(err, apperr.ErrInvalidInput) {
		t.Fatalf("folder: %v", err)
	}
	for _, name := range []string{"", ".", "..", "a/b", "a\x00b"} {
		if _, err := v.ImportReader(strings.NewReader("x"), name, time.Time{}, 0); !errors.Is(err, apperr.ErrInvalidInput) {
			t.Fatalf("name %q: %v", name, err)
		}
	}
	// Failing after two committed batches: nothing is visible, nothing is left.
	broken := io.MultiReader(io.LimitReader(rand.NewChaCha8(seedOf(1)), 130*chunk+5), errReader{})
	if _, err := v.ImportReader(broken, "cut.m4a", time.Time{}, 0); !errors.Is(err, errBroken) {
		t.Fatalf("read error: %v", err)
	}
	if list, err := v.Attachments(); err != nil || len(list) != 0 {
		t.Fatalf("after a failed import: %+v %v", list, err)
	}
	mustCheck(t, v)
	a, err := v.ImportReader(strings.NewReader("next"), "next.txt", time.Time{}, 0)
	if err != nil || a.ID != 1 {
		t.Fatalf("next import: %+v %v", a, err)
	}
	v.Lock()
	if _, err := v.ImportReader(strings.NewReader("x"), "x", time.Time{}, 0); !errors.Is(err, apperr.ErrLocked) {
		t.Fatalf("locked: %v", err)
	}
	if _, err := v.Attachments(); !errors.Is(err, apperr.ErrLocked) {
		t.Fatalf("locked: %v", err)
	}
	v.Close()
	if n := countChunks(t, path); n != 2 {
		t.Fatalf("%d chunks left, want only the two of next.txt", n)
	}
}

var errBroken = errors.New("device unplugged")

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errBroken }

func countChunks(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM attachment_chunks`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A crash in the middle of an import: the state of the files on disk after
// the first batch committed (copied while the second one is being written,
// as a power cut would leave them). The next unlock removes the partial
// chunks; nothing is visible and Check passes.
func TestAttachmentInterrupted(t *testing.T) {
	v, path, _ := newVault(t)
	if _, err := v.ImportReader(strings.NewReader("kept"), "kept.txt", time.Time{}, 0); err != nil {
		t.Fatal(err)
	}
	crash := filepath.Join(t.TempDir(), "crash.kiroku")
	var delivered int64
	r := readerFunc(func(p []byte) (int, error) {
		if delivered > 64*chunk+chunk/2 { // well inside the second batch
			copyFile(t, path, crash)
			copyFile(t, path+"-wal", crash+"-wal")
			return 0, errBroken
		}
		n := min(len(p), 4096)
		clear(p[:n])
		delivered += int64(n)
		return n, nil
	})
	if _, err := v.ImportReader(r, "big.wav", time.Time{}, 0); !errors.Is(err, errBroken) {
		t.Fatalf("import: %v", err)
	}
	if n := countChunks(t, crash); n != 64+2 {
		t.Fatalf("crash image has %d chunks, want the first batch and kept.txt's two", n)
	}
	c, err := vault.Open(crash)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Unlock(pass); err != nil {
		t.Fatal(err)
	}
	list, err := c.Attachments()
	if err != nil || len(list) != 1 || list[0].Name != "kept.txt" {
		t.Fatalf("after the crash: %+v %v", list, err)
	}
	mustCheck(t, c)
	a, err := c.ImportReader(strings.NewReader("again"), "again.txt", time.Time{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, c)
	c.Close()
	if n := countChunks(t, crash); n != 4 {
		t.Fatalf("%d chunks after unlock, want 4 (kept.txt and attachment %d)", n, a.ID)
	}
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

// Locking the vault stops an export at the next chunk.
func TestAttachmentExportStopsOnLock(t *testing.T) {
	v, _, _ := newVault(t)
	p, _ := randomFile(t, "f", 3*chunk, 3, time.Now())
	a, err := v.Import(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	w := writerFunc(func(b []byte) (int, error) {
		v.Lock()
		return len(b), nil
	})
	if _, err := v.ExportAttachment(a.ID, w); !errors.Is(err, apperr.ErrLocked) {
		t.Fatalf("export went on after Lock: %v", err)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestAttachmentTamper(t *testing.T) {
	flip := `UPDATE attachment_chunks SET body = CAST(substr(body, 1, 100) ||
		CASE WHEN substr(body, 101, 1) = x'00' THEN x'01' ELSE x'00' END || substr(body, 102) AS BLOB)
		WHERE attachment_id = 1 AND seq = 1`
	tests := []struct {
		name     string
		sql      []string
		notFound bool // export fails with ErrNotFound rather than ErrDamaged
	}{
		{"flipped chunk", []string{flip}, false},
		{"deleted chunk", []string{"DELETE FROM attachment_chunks WHERE attachment_id = 1 AND seq = 1"}, false},
		{"deleted final", []string{"DELETE FROM attachment_chunks WHERE attachment_id = 1 AND final = 1"}, false},
		{"reordered", []string{
			"UPDATE attachment_chunks SET seq = 99 WHERE attachment_id = 1 AND seq = 0",
			"UPDATE attachment_chunks SET seq = 0 WHERE attachment_id = 1 AND seq = 1",
			"UPDATE attachment_chunks SET seq = 1 WHERE attachment_id = 1 AND seq = 99"}, false},
		{"spliced", []string{"UPDATE attachment_chunks SET body = (SELECT body FROM attachment_chunks WHERE attachment_id = 2 AND seq = 0) WHERE attachment_id = 1 AND seq = 0"}, false},
		{"final flag cleared", []string{"UPDATE attachment_chunks SET final = 0 WHERE attachment_id = 1 AND final = 1"}, false},
		{"chunk appended", []string{"INSERT INTO attachment_chunks SELECT 1, seq + 1, final, body FROM attachment_chunks WHERE attachment_id = 1 AND final = 1"}, false},
		{"record swapped", []string{"UPDATE attachments SET meta = (SELECT meta FROM attachments WHERE id = 2) WHERE id = 1"}, false},
		{"record deleted", []string{"DELETE FROM attachments WHERE id = 1"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, path, _ := newVault(t)
			for i := range 2 {
				p, _ := randomFile(t, "f", 2*chunk+5, uint64(i), time.Now())
				if _, err := v.Import(p, 0); err != nil {
					t.Fatal(err)
				}
			}
			v.Close()
			v2 := tamperAndCheck(t, path, tt.sql, "attachment:1", "attachment:2")
			_, err := v2.ExportAttachment(1, io.Discard)
			if want := map[bool]error{false: apperr.ErrDamaged, true: apperr.ErrNotFound}[tt.notFound]; !errors.Is(err, want) {
				t.Fatalf("export: %v, want %v", err, want)
			}
			if _, err := v2.ExportAttachment(2, io.Discard); err != nil {
				t.Fatalf("undamaged attachment: %v", err)
			}
			if tt.notFound {
				// The chunks of an attachment the ledger knows are kept, not
				// swept away as an interrupted import.
				v2.Close()
				if n := countChunks(t, path); n != 2*4 {
					t.Fatalf("%d chunks left", n)
				}
			}
		})
	}
}

// 200 MB in and out: the same bytes and hash, and memory stays flat.
func TestAttachmentLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 200 MB")
	}
	const size = 200 << 20
	p, sum := randomFile(t, "meeting.m4a", size, 42, time.Now())
	v, _, _ := newVault(t)

	peak := func(fn func()) uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base := ms.HeapInuse
		var max atomic.Uint64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > max.Load() {
					max.Store(ms.HeapInuse)
				}
				select {
				case <-stop:
					return
				case <-time.After(2 * time.Millisecond):
				}
			}
		}()
		fn()
		close(stop)
		wg.Wait()
		if max.Load() < base {
			return 0
		}
		return max.Load() - base
	}
	const bound = 40 << 20
	var a vault.Attachment
	var err error
	start := time.Now()
	grew := peak(func() { a, err = v.Import(p, 0) })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("import: %v, heap grew by at most %d MiB", time.Since(start).Round(time.Millisecond), grew>>20)
	if grew > bound {
		t.Fatalf("heap grew by %d MiB importing %d MiB", grew>>20, size>>20)
	}
	if a.SHA256 != hex.EncodeToString(sum) || a.Size != size || a.Chunks != 200 {
		t.Fatalf("%+v", a)
	}
	same := newSameAs(42)
	var got []byte
	start = time.Now()
	grew = peak(func() { got, err = v.ExportAttachment(a.ID, same) })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("export: %v, heap grew by at most %d MiB", time.Since(start).Round(time.Millisecond), grew>>20)
	if grew > bound {
		t.Fatalf("heap grew by %d MiB exporting %d MiB", grew>>20, size>>20)
	}
	if same.n != size || !bytes.Equal(got, sum) {
		t.Fatalf("exported %d bytes, hash %x", same.n, got)
	}
	mustCheck(t, v)
}

// Imports run alongside each other and alongside entries: their batches
// interleave, every one keeps its own id, and all of them read back.
func TestAttachmentConcurrent(t *testing.T) {
	size := int64(3*chunk + 11)
	if !testing.Short() {
		size = 65*chunk + 11 // two batches each, interleaved
	}
	v, _, _ := newVault(t)
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	sums := make([][32]byte, 3)
	ids := make([]int64, 3)
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := sha256.New()
			r := io.TeeReader(io.LimitReader(rand.NewChaCha8(seedOf(uint64(i))), size), h)
			a, err := v.ImportReader(r, fmt.Sprintf("f%d", i), time.Time{}, 0)
			if err != nil {
				errs <- err
				return
			}
			h.Sum(sums[i][:0])
			ids[i] = a.ID
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 20 {
			if _, err := v.Add(fields("meanwhile")); err != nil {
				errs <- err
				return
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for i, id := range ids {
		same := newSameAs(uint64(i))
		sum, err := v.ExportAttachment(id, same)
		if err != nil || !bytes.Equal(sum, sums[i][:]) || same.n != size {
			t.Fatalf("attachment %d: %v", id, err)
		}
	}
	mustCheck(t, v)
}

// Locking the vault stops an import within a batch or two: ErrLocked, and
// nothing is left once it is unlocked again.
func TestAttachmentImportStopsOnLock(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 300 MB")
	}
	v, path, _ := newVault(t)
	var delivered int64
	locked := make(chan struct{})
	r := readerFunc(func(p []byte) (int, error) {
		if delivered >= 300<<20 {
			return 0, io.EOF
		}
		if delivered == 8<<20 {
			go func() { v.Lock(); close(locked) }()
			time.Sleep(20 * time.Millisecond) // the Lock waits long enough to be served next
		}
		n := min(len(p), 1<<20)
		clear(p[:n])
		delivered += int64(n)
		return n, nil
	})
	if _, err := v.ImportReader(r, "long.wav", time.Time{}, 0); !errors.Is(err, apperr.ErrLocked) {
		t.Fatalf("import went on after Lock: %v", err)
	}
	<-locked
	if err := v.Unlock(pass); err != nil {
		t.Fatal(err)
	}
	if list, err := v.Attachments(); err != nil || len(list) != 0 {
		t.Fatalf("%+v %v", list, err)
	}
	mustCheck(t, v)
	v.Close()
	if n := countChunks(t, path); n != 0 {
		t.Fatalf("%d chunks left", n)
	}
}
