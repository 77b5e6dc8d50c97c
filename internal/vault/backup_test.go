package vault_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io"
	mathrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

func fileSum(t testing.TB, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func backupOK(t *testing.T, v *vault.Vault, dest string) vault.BackupInfo {
	t.Helper()
	info, err := v.Backup(context.Background(), dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := v.VerifyBackup(context.Background(), dest, info)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("verify: %+v", rep.Problems)
	}
	return info
}

// A backup of a vault with entries, a recording and an attachment holds
// the same records, verifies, is private (0600), carries no plaintext, and
// opens with the same passphrase; opening, listing and checking it leave
// its bytes unchanged.
func TestBackupRoundTrip(t *testing.T) {
	v, _, _ := newVault(t)
	const marker = "MARKER-backup-77a1"
	for i := 0; i < 20; i++ {
		if _, err := v.Add(fields(fmt.Sprintf("%s entry %d", marker, i))); err != nil {
			t.Fatal(err)
		}
	}
	record3s(t, v, true)
	att, _ := randomFile(t, "note.txt", 3*chunk+5, 7, time.Now())
	if _, err := v.Import(att, 1); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "copy.kiroku")
	var calls, lastDone, lastTotal int
	info, err := v.Backup(context.Background(), dest, func(done, total int) {
		calls++
		if done < lastDone || done > total {
			t.Errorf("progress %d of %d after %d", done, total, lastDone)
		}
		lastDone, lastTotal = done, total
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 || lastDone != lastTotal || lastTotal != info.Pages {
		t.Fatalf("progress: %d calls, last %d of %d, info %+v", calls, lastDone, lastTotal, info)
	}
	seq, link, _ := v.Head()
	if info.HeadSeq != seq || info.HeadLink != link || seq != 22 {
		t.Fatalf("head %d %s, info %+v", seq, link, info)
	}
	fi, err := os.Stat(dest)
	if err != nil || fi.Size() != info.Size || fi.Mode().Perm() != 0o600 {
		t.Fatalf("copy: %v %v, info %+v", fi, err, info)
	}
	for _, s := range []string{"-wal", "-journal", "-shm"} {
		if _, err := os.Stat(dest + s); err == nil {
			t.Errorf("%s left next to the copy", s)
		}
	}
	rep, err := v.VerifyBackup(context.Background(), dest, info)
	if err != nil || !rep.OK() || rep.Records != 22 {
		t.Fatalf("verify: %+v %v", rep, err)
	}
	if data, _ := os.ReadFile(dest); bytes.Contains(data, []byte(marker)) || bytes.Contains(data, pass) {
		t.Fatal("plaintext in the copy")
	}
	id, err := vault.FileID(dest)
	if err != nil || !bytes.Equal(id, v.ID()) {
		t.Fatalf("FileID %x %v, want %x", id, err, v.ID())
	}

	before := fileSum(t, dest)
	rep, err = vault.VerifyFile(context.Background(), dest, pass)
	if err != nil || !rep.OK() {
		t.Fatalf("VerifyFile: %+v %v", rep, err)
	}
	if _, err := vault.VerifyFile(context.Background(), dest, []byte("wrong")); !errors.Is(err, apperr.ErrWrongPassphrase) {
		t.Fatalf("VerifyFile with a wrong passphrase: %v", err)
	}
	c, err := vault.Open(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Unlock(pass); err != nil {
		t.Fatal(err)
	}
	list, err := c.Entries()
	if err != nil || len(list) != 20 {
		t.Fatalf("entries of the copy: %d %v", len(list), err)
	}
	mustCheck(t, c)
	c.Close()
	if fileSum(t, dest) != before {
		t.Fatal("opening, listing and checking the backup changed it")
	}
	if _, err := v.Backup(context.Background(), dest, nil); !errors.Is(err, apperr.ErrExists) {
		t.Fatalf("backup over an existing file: %v", err)
	}
	if fileSum(t, dest) != before {
		t.Fatal("a refused backup changed the existing file")
	}

	// A copy of another vault does not verify as this one's backup.
	other, _, _ := newVault(t)
	other.Close()
	if _, err := v.VerifyBackup(context.Background(), other.Path(), info); !errors.Is(err, apperr.ErrDamaged) {
		t.Fatalf("another vault verified: %v", err)
	}
	// Nor does a copy whose head differs from the snapshot's.
	stale := info
	stale.HeadSeq--
	if rep, err := v.VerifyBackup(context.Background(), dest, stale); err != nil || rep.OK() {
		t.Fatalf("stale head verified: %+v %v", rep, err)
	}
}

// The copy is a plain SQLite database other tools read too.
func TestBackupReadableBySQLite(t *testing.T) {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		t.Skip("no sqlite3 tool")
	}
	v, _, _ := newVault(t)
	v.Add(fields("one"))
	dest := filepath.Join(t.TempDir(), "copy.kiroku")
	backupOK(t, v, dest)
	out, err := exec.Command("sqlite3", "file:"+dest+"?mode=ro", "PRAGMA integrity_check; SELECT COUNT(*) FROM revisions;").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok\n1" {
		t.Fatalf("sqlite3: %q %v", out, err)
	}
}

// A locked vault cannot be backed up (the head is sealed), and a cancelled
// backup leaves no file.
func TestBackupLockedAndCancelled(t *testing.T) {
	v, _, _ := newVault(t)
	v.Add(fields("one"))
	dir := t.TempDir()
	dest := filepath.Join(dir, "copy.kiroku")
	v.Lock()
	if _, err := v.Backup(context.Background(), dest, nil); !errors.Is(err, apperr.ErrLocked) {
		t.Fatalf("locked: %v", err)
	}
	if err := v.Unlock(pass); err != nil {
		t.Fatal(err)
	}
	// Enough pages for several steps.
	big, _ := randomFile(t, "big.bin", 8<<20, 3, time.Now())
	if _, err := v.Import(big, 0); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	steps := 0
	_, err := v.Backup(ctx, dest, func(done, total int) {
		if steps++; steps == 2 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled backup: %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Fatalf("left behind: %v", ents)
	}
	mustCheck(t, v)
	backupOK(t, v, dest)
}

// A recording commits a chunk every few milliseconds while the backup runs:
// the writes keep going during the copy (they are not held up for long),
// the copy holds every chunk committed before the snapshot completed, and
// it verifies, the recording in it still open.
func TestBackupDuringRecording(t *testing.T) {
	v, _, _ := newVault(t)
	// A vault of some size so the copy takes many steps.
	big, _ := randomFile(t, "big.bin", 48<<20, 5, time.Now())
	if _, err := v.Import(big, 0); err != nil {
		t.Fatal(err)
	}
	w, err := v.StartRecording(mono48, "test", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	var committed atomic.Int64 // chunks committed so far
	var maxWait atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			start := time.Now()
			if err := w.Write(tone(i*4800, 4800)); err != nil {
				t.Error(err)
				return
			}
			if d := int64(time.Since(start)); d > maxWait.Load() {
				maxWait.Store(d)
			}
			committed.Add(1)
			time.Sleep(5 * time.Millisecond)
		}
	}()
	time.Sleep(50 * time.Millisecond)
	dest := filepath.Join(t.TempDir(), "copy.kiroku")
	before := committed.Load()
	// Chunks counted at a step's progress report were committed before the
	// next step, so before the one that completed the snapshot.
	var beforeLast, reports int64
	start := time.Now()
	info, err := v.Backup(context.Background(), dest, func(done, total int) {
		reports++
		if done < total {
			beforeLast = committed.Load()
		}
	})
	took := time.Since(start)
	after := committed.Load()
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("backup of %d MiB took %v; %d chunks committed during it; slowest chunk commit %v",
		info.Size>>20, took.Round(time.Millisecond), after-before, time.Duration(maxWait.Load()).Round(time.Millisecond))
	if after-before < 3 {
		t.Fatalf("only %d chunks committed during a %v backup: the backup held the vault", after-before, took)
	}
	if d := time.Duration(maxWait.Load()); d > 400*time.Millisecond {
		t.Errorf("a chunk commit waited %v during the backup", d)
	}
	rep, err := v.VerifyBackup(context.Background(), dest, info)
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %+v %v", rep, err)
	}
	// The copy's recording holds at least every chunk committed before the
	// last step, and exactly what the head says.
	chunks := countRows(t, dest, "recording_chunks")
	if reports < 3 {
		t.Fatalf("the copy took %d steps; the test needs several", reports)
	}
	if chunks < beforeLast {
		t.Fatalf("the copy has %d chunks, %d were committed before the snapshot completed", chunks, beforeLast)
	}
	if chunks > after {
		t.Fatalf("the copy has %d chunks, only %d were ever committed", chunks, after)
	}
	t.Logf("copy holds %d chunks (%d committed before the last step, %d by the end; %d steps)", chunks, beforeLast, after, reports)
	if _, err := w.Finish(); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, v)
}

func countRows(t *testing.T, path, table string) int64 {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&immutable=1")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int64
	if err := db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// benchVault is a vault of about size bytes, mostly one attachment.
func benchVault(b *testing.B, size int64) *vault.Vault {
	b.Helper()
	if testing.Short() {
		b.Skip("builds a vault of hundreds of MB")
	}
	v, _, err := vault.Create(filepath.Join(b.TempDir(), "b.kiroku"), pass, vault.Options{KDF: seal.LowCost})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { v.Close() })
	for i := 0; i < 100; i++ {
		if _, err := v.Add(fields(fmt.Sprintf("entry %d", i))); err != nil {
			b.Fatal(err)
		}
	}
	data := make([]byte, 1<<20)
	r := mathrand.NewChaCha8([32]byte{9})
	pr, pw := io.Pipe()
	go func() {
		for n := int64(0); n < size; n += int64(len(data)) {
			r.Read(data)
			if _, err := pw.Write(data); err != nil {
				return
			}
		}
		pw.Close()
	}()
	if _, err := v.ImportReader(pr, "meeting.m4a", time.Now(), 1); err != nil {
		b.Fatal(err)
	}
	return v
}

// BenchmarkBackup is one backup of a 300 MB vault with its verification
// (SQLite integrity check, every sealed value opened, chain, head) and the
// SHA-256 of the copy, as backup.Run does it: compare with
// `cp SRC DST && sync && sha256sum DST` (BenchmarkCopySHA256).
func BenchmarkBackup(b *testing.B) {
	v := benchVault(b, 300<<20)
	dir := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dest := filepath.Join(dir, fmt.Sprintf("c%d.kiroku", i))
		info, err := v.Backup(context.Background(), dest, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(info.Size)
		rep, err := v.VerifyBackup(context.Background(), dest, info)
		if err != nil || !rep.OK() {
			b.Fatal(rep, err)
		}
		if _, err := sha256File(dest); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.Remove(dest)
		b.StartTimer()
	}
}

// BenchmarkBackupCopyOnly is the snapshot alone, without verification.
func BenchmarkBackupCopyOnly(b *testing.B) {
	v := benchVault(b, 300<<20)
	dir := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dest := filepath.Join(dir, fmt.Sprintf("c%d.kiroku", i))
		info, err := v.Backup(context.Background(), dest, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(info.Size)
		b.StopTimer()
		os.Remove(dest)
		b.StartTimer()
	}
}

// BenchmarkCopySHA256 is the floor: copy the closed vault file, fsync it,
// and hash the copy (what cp + sync + sha256sum do).
func BenchmarkCopySHA256(b *testing.B) {
	v := benchVault(b, 300<<20)
	src := v.Path()
	v.Close()
	dir := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dest := filepath.Join(dir, fmt.Sprintf("c%d.kiroku", i))
		in, err := os.Open(src)
		if err != nil {
			b.Fatal(err)
		}
		out, err := os.Create(dest)
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.Copy(out, in)
		in.Close()
		if err == nil {
			err = out.Sync()
		}
		out.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(n)
		if _, err := sha256File(dest); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.Remove(dest)
		b.StartTimer()
	}
}

func sha256File(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}
