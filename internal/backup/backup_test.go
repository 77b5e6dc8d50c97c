package backup

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/settings"
	"github.com/kiroku-app/kiroku/internal/vault"
	"github.com/kiroku-app/kiroku/internal/vault/vaulttest"
)

var pass = []byte("correct horse battery staple")

func fields(text string) record.Fields {
	return record.Fields{
		EventTime: time.Date(2026, 10, 3, 14, 30, 0, 0, time.FixedZone("JST", 9*3600)),
		EventZone: "Asia/Tokyo",
		Text:      text,
	}
}

// newVault makes a vault with entries and, if size > 0, an attachment of
// size random bytes.
func newVault(t *testing.T, dir string, size int) *vault.Vault {
	t.Helper()
	seal.TestUseLowCostKDF(t)
	v, _, err := vault.Create(filepath.Join(dir, "vault.kiroku"), pass, vault.Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	for i := 0; i < 5; i++ {
		if _, err := v.Add(fields(fmt.Sprintf("MARKER-bk entry %d", i))); err != nil {
			t.Fatal(err)
		}
	}
	if size > 0 {
		data := make([]byte, size)
		r := rand.NewChaCha8([32]byte{1})
		r.Read(data)
		if _, err := v.ImportReader(bytes.NewReader(data), "call.m4a", time.Now(), 1); err != nil {
			t.Fatal(err)
		}
	}
	return v
}

// openUnlocked opens the vault file at path with the test passphrase; the
// caller closes it.
func openUnlocked(t *testing.T, path string) *vault.Vault {
	t.Helper()
	v, err := vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock(pass); err != nil {
		v.Close()
		t.Fatal(err)
	}
	return v
}

func mustCheck(t *testing.T, v *vault.Vault) {
	t.Helper()
	rep, err := v.Check()
	if err != nil || !rep.OK() {
		t.Fatalf("check: %+v %v", rep, err)
	}
}

func sum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// names lists a folder, hidden files included.
// seenName is the file that keeps v's newest head in a backup folder.
func seenName(v *vault.Vault) string { return "kiroku-" + hex.EncodeToString(v.ID()) + SeenSuffix }

func names(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

// noTemp fails if a temporary file of a backup or restore is in dir.
func noTemp(t *testing.T, dir string) {
	t.Helper()
	for _, n := range names(t, dir) {
		if strings.Contains(n, ".tmp") {
			t.Fatalf("temporary file left in %s: %s", dir, n)
		}
	}
}

func clock(start time.Time) func() time.Time {
	n := 0
	return func() time.Time { n++; return start.Add(time.Duration(n) * time.Minute) }
}

func TestRunAndRestore(t *testing.T) {
	dir := t.TempDir()
	v := newVault(t, filepath.Join(dir, "home"), 300<<10)
	usb := filepath.Join(dir, "usb")
	os.Mkdir(usb, 0o700)
	var phases []string
	res, err := Run(context.Background(), v, usb, Options{
		Now: func() time.Time { return time.Date(2026, 11, 3, 10, 15, 0, 0, time.Local) },
		Progress: func(p Progress) {
			if len(phases) == 0 || phases[len(phases)-1] != p.Phase {
				phases = append(phases, p.Phase)
			}
			if p.Done > p.Total {
				t.Errorf("progress %+v", p)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(t, usb); len(got) != 3 || got[0] != seenName(v) || got[1] != "vault-20261103-101500.kiroku" || got[2] != got[1]+SumSuffix {
		t.Fatalf("folder holds %v", got)
	}
	if res.Path != filepath.Join(usb, "vault-20261103-101500.kiroku") || res.Parts != 0 || res.SHA256 != sum(t, res.Path) {
		t.Fatalf("result %+v", res)
	}
	if strings.Join(phases, ",") != "copy,verify" {
		t.Fatalf("phases %v", phases)
	}
	seq, link, _ := v.Head()
	if res.HeadSeq != seq || res.HeadLink != link.String() {
		t.Fatalf("head %d %s, result %+v", seq, link, res)
	}
	logs, err := v.BackupLogs()
	if err != nil || len(logs) != 1 {
		t.Fatalf("log %+v %v", logs, err)
	}
	if l := logs[0]; l.Dest != usb || l.File != "vault-20261103-101500.kiroku" || l.SHA256 != res.SHA256 || l.Size != res.Size ||
		l.HeadSeq != seq || l.HeadLink != link.String() || l.FS == "" || l.At.IsZero() {
		t.Fatalf("log line %+v", l)
	}
	if b, _ := os.ReadFile(res.Path); bytes.Contains(b, []byte("MARKER-bk")) {
		t.Fatal("plaintext on the drive")
	}

	// Restore it next to the vault: the same records, and a backup's
	// bytes are not changed by restoring from it.
	before := sum(t, res.Path)
	restored := filepath.Join(dir, "home", "restored.kiroku")
	r, err := Restore(context.Background(), res.Path, restored, pass, RestoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.SHA256 != res.SHA256 || r.Report.Records != int(seq) {
		t.Fatalf("restored %+v", r)
	}
	if sum(t, res.Path) != before {
		t.Fatal("restoring changed the backup")
	}
	if fi, _ := os.Stat(restored); fi.Mode().Perm() != 0o600 {
		t.Fatalf("restored file mode %v", fi.Mode())
	}
	rv := openUnlocked(t, restored)
	es, _ := rv.Entries()
	as, _ := rv.Attachments()
	if len(es) != 5 || len(as) != 1 {
		t.Fatalf("restored vault: %d entries, %d attachments", len(es), len(as))
	}
	// The restored vault knows the backup it came from (its own log was
	// copied before that backup was logged): no "never backed up" after a
	// restore. The ledger is the backup's.
	rlogs, err := rv.BackupLogs()
	if err != nil || len(rlogs) != 1 {
		t.Fatalf("restored vault's backup log %+v %v", rlogs, err)
	}
	if l := rlogs[0]; l.Dest != usb || l.File != "vault-20261103-101500.kiroku" || l.SHA256 != res.SHA256 || l.Size != res.Size ||
		!l.At.Equal(time.Date(2026, 11, 3, 10, 15, 0, 0, time.Local)) || l.HeadSeq != seq || l.HeadLink != link.String() {
		t.Fatalf("restored vault's log line %+v", l)
	}
	if rseq, rlink, _ := rv.Head(); rseq != seq || rlink != link {
		t.Fatalf("restored head %d %s, backup's %d %s", rseq, rlink, seq, link)
	}
	mustCheck(t, rv)
	rv.Close()

	// Never over an existing file unless asked; then the old one is kept.
	oldSum := sum(t, restored)
	if _, err := Restore(context.Background(), res.Path, restored, pass, RestoreOptions{}); !errors.Is(err, apperr.ErrExists) {
		t.Fatalf("restore over a file: %v", err)
	}
	if _, err := Restore(context.Background(), res.Path, filepath.Join(dir, "x.kiroku"), []byte("wrong"), RestoreOptions{}); !errors.Is(err, apperr.ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.kiroku")); err == nil {
		t.Fatal("a refused restore left its file")
	}
	r, err = Restore(context.Background(), res.Path, restored, pass, RestoreOptions{Replace: true,
		Now: func() time.Time { return time.Date(2026, 11, 4, 9, 0, 0, 0, time.Local) }})
	if err != nil {
		t.Fatal(err)
	}
	if r.Old != restored+".before-restore-20261104-090000" || sum(t, r.Old) != oldSum {
		t.Fatalf("old vault kept as %q", r.Old)
	}
	// The vault that is open cannot be replaced under the program using it.
	if _, err := Restore(context.Background(), res.Path, v.Path(), pass, RestoreOptions{Replace: true}); !errors.Is(err, apperr.ErrVaultInUse) {
		t.Fatalf("replacing an open vault: %v", err)
	}
	noTemp(t, filepath.Join(dir, "home"))
	mustCheck(t, v)
}

// Keep the newest N backups of this vault; backups of another vault with
// the same file name in the same folder are never touched.
func TestRetention(t *testing.T) {
	dir := t.TempDir()
	v := newVault(t, filepath.Join(dir, "a"), 0)
	other := newVault(t, filepath.Join(dir, "b"), 0)
	usb := filepath.Join(dir, "usb")
	os.Mkdir(usb, 0o700)
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.Local)
	otherRes, err := Run(context.Background(), other, usb, Options{Now: func() time.Time { return start }})
	if err != nil {
		t.Fatal(err)
	}
	now := clock(start)
	var made []string
	for i := 0; i < 5; i++ {
		res, err := Run(context.Background(), v, usb, Options{Keep: 3, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, filepath.Base(res.Path))
	}
	got := names(t, usb)
	// Each backup with its checksum file: retention removes both. Each
	// vault's record of its newest head stays (seen.go).
	want := []string{seenName(v), seenName(other)}
	slices.Sort(want)
	for _, n := range append([]string{filepath.Base(otherRes.Path)}, made[2:]...) {
		want = append(want, n, n+SumSuffix)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("folder holds %v, want %v", got, want)
	}
	// Two backups in the same second get distinct names.
	same := func() time.Time { return start.Add(time.Hour) }
	r1, err1 := Run(context.Background(), v, usb, Options{Keep: 10, Now: same})
	r2, err2 := Run(context.Background(), v, usb, Options{Keep: 10, Now: same})
	if err1 != nil || err2 != nil || r1.Path == r2.Path || !strings.HasSuffix(r2.Path, "-2.kiroku") {
		t.Fatalf("same second: %v %v %q %q", err1, err2, r1.Path, r2.Path)
	}
	// The vault's setting is the default.
	if err := v.SetSetting(settings.KeyBackupKeep, "1"); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), v, usb, Options{Now: func() time.Time { return start.Add(2 * time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(t, usb); len(got) != 6 || len(res.Removed) != 5 { // with the two vaults' .seen files
		t.Fatalf("keep 1: %v, removed %v", got, res.Removed)
	}
	logs, _ := v.BackupLogs()
	if len(logs) != 8 {
		t.Fatalf("%d log lines", len(logs))
	}
}

// A vault larger than the part size on a FAT32 drive is written as a part
// set; it restores byte-identical; a missing, altered or extra-short part,
// or an altered manifest, is refused.
func TestSplit(t *testing.T) {
	dir := t.TempDir()
	v := newVault(t, filepath.Join(dir, "home"), 1<<20)
	usb := filepath.Join(dir, "usb")
	os.Mkdir(usb, 0o700)
	const part = 256 << 10
	res, err := Run(context.Background(), v, usb, Options{FS: "vfat", PartSize: part,
		Now: func() time.Time { return time.Date(2026, 11, 3, 10, 15, 0, 0, time.Local) }})
	if err != nil {
		t.Fatal(err)
	}
	set := filepath.Join(usb, "vault-20261103-101500.kiroku.parts")
	if res.Path != set || res.Parts < 5 || res.Parts != int((res.Size+part-1)/part) {
		t.Fatalf("result %+v", res)
	}
	if got := names(t, usb); len(got) != 2 || got[0] != seenName(v) {
		t.Fatalf("folder holds %v", got)
	}
	files := names(t, set)
	if len(files) != res.Parts+1 || files[0] != "vault-20261103-101500.kiroku.manifest" || files[1] != "vault-20261103-101500.kiroku.part001" {
		t.Fatalf("set holds %v", files)
	}
	for _, f := range files[1:] {
		if fi, _ := os.Stat(filepath.Join(set, f)); fi.Size() > part {
			t.Fatalf("%s is %d bytes", f, fi.Size())
		}
	}
	if logs, _ := v.BackupLogs(); len(logs) != 1 || logs[0].Parts != res.Parts || logs[0].File != "vault-20261103-101500.kiroku.part001" || logs[0].FS != "vfat" {
		t.Fatalf("log %+v", logs)
	}
	// `cat` joins them too.
	var joined []byte
	for _, f := range files[1:] {
		b, _ := os.ReadFile(filepath.Join(set, f))
		joined = append(joined, b...)
	}
	if s := sha256.Sum256(joined); hex.EncodeToString(s[:]) != res.SHA256 || int64(len(joined)) != res.Size {
		t.Fatal("the joined parts are not the backup")
	}
	// Restore from the folder, the manifest or any part.
	for i, from := range []string{set, filepath.Join(set, files[0]), filepath.Join(set, files[3])} {
		out := filepath.Join(dir, fmt.Sprintf("r%d.kiroku", i))
		r, err := Restore(context.Background(), from, out, pass, RestoreOptions{})
		if err != nil {
			t.Fatalf("restore from %s: %v", from, err)
		}
		if r.Parts != res.Parts || r.SHA256 != res.SHA256 {
			t.Fatalf("restored %+v", r)
		}
		rv := openUnlocked(t, out)
		logs, err := rv.BackupLogs()
		rv.Close()
		if err != nil || len(logs) != 1 || logs[0].Dest != usb || logs[0].File != partName("vault-20261103-101500.kiroku", 0) ||
			logs[0].Parts != res.Parts || logs[0].SHA256 != res.SHA256 || logs[0].At.IsZero() {
			t.Fatalf("restored vault's backup log %+v %v", logs, err)
		}
	}

	damage := []struct {
		name string
		do   func(t *testing.T, set string)
	}{
		{"missing part", func(t *testing.T, set string) { os.Remove(filepath.Join(set, files[2])) }},
		{"altered part", func(t *testing.T, set string) { flip(t, filepath.Join(set, files[3]), 1000) }},
		{"truncated part", func(t *testing.T, set string) { os.Truncate(filepath.Join(set, files[1]), part-1) }},
		{"last part longer", func(t *testing.T, set string) {
			f, _ := os.OpenFile(filepath.Join(set, files[len(files)-1]), os.O_APPEND|os.O_WRONLY, 0)
			f.Write([]byte{0})
			f.Close()
		}},
		{"two parts swapped", func(t *testing.T, set string) {
			a, b := filepath.Join(set, files[1]), filepath.Join(set, files[2])
			os.Rename(a, a+".x")
			os.Rename(b, a)
			os.Rename(a+".x", b)
		}},
		{"manifest altered", func(t *testing.T, set string) {
			p := filepath.Join(set, files[0])
			b, _ := os.ReadFile(p)
			os.WriteFile(p, bytes.Replace(b, []byte(res.SHA256[:8]), []byte("00000000"), 1), 0o600)
		}},
		{"manifest missing", func(t *testing.T, set string) { os.Remove(filepath.Join(set, files[0])) }},
	}
	for _, d := range damage {
		t.Run(d.name, func(t *testing.T) {
			c := filepath.Join(t.TempDir(), filepath.Base(set))
			copyDir(t, set, c)
			d.do(t, c)
			out := filepath.Join(t.TempDir(), "r.kiroku")
			_, err := Restore(context.Background(), filepath.Join(c, files[1]), out, pass, RestoreOptions{})
			if !errors.Is(err, apperr.ErrDamaged) {
				t.Fatalf("restore: %v", err)
			}
			t.Logf("refused: %v", err)
			if got := names(t, filepath.Dir(out)); len(got) != 0 {
				t.Fatalf("left %v", got)
			}
		})
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	os.Mkdir(to, 0o700)
	for _, n := range names(t, from) {
		b, err := os.ReadFile(filepath.Join(from, n))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(to, n), b, 0o600)
	}
}

func flip(t *testing.T, path string, off int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, 1)
	f.ReadAt(b, off)
	b[0] ^= 0x5A
	f.WriteAt(b, off)
}

// Flipped bytes at several places of a single-file backup: verification
// reports each and restore refuses it, leaving nothing behind.
func TestDamagedBackup(t *testing.T) {
	dir := t.TempDir()
	v := newVault(t, filepath.Join(dir, "home"), 200<<10)
	usb := filepath.Join(dir, "usb")
	os.Mkdir(usb, 0o700)
	res, err := Run(context.Background(), v, usb, Options{})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(res.Path)
	at := func(query string) int64 {
		db, err := sql.Open("sqlite3", "file:"+res.Path+"?mode=ro&immutable=1")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var b []byte
		if err := db.QueryRow(query).Scan(&b); err != nil {
			t.Fatal(err)
		}
		k := min(len(b), 64) // a large value spans overflow pages
		i := bytes.Index(data, b[:k])
		if i < 0 {
			t.Fatalf("%s: not found in the file", query)
		}
		return int64(i + k/2)
	}
	const page = 4096
	offsets := []struct {
		name string
		off  int64
	}{
		{"page size in the header", 16},
		{"page count in the header", 30},
		{"schema page", 100},
		{"second page header", page},
		{"a revision", at(`SELECT body FROM revisions WHERE id = 3`)},
		{"the sealed head", at(`SELECT value FROM meta WHERE key = 'head'`)},
		{"a key slot", at(`SELECT wrapped FROM keyslots WHERE kind = 'passphrase'`)},
		{"an attachment chunk", at(`SELECT body FROM attachment_chunks WHERE seq = 0`)},
		{"a ledger link", at(`SELECT link FROM ledger WHERE seq = 2`)},
		{"the last page", int64(len(data)) - 100},
	}
	for _, o := range offsets {
		t.Run(o.name, func(t *testing.T) {
			c := filepath.Join(t.TempDir(), "copy.kiroku")
			os.WriteFile(c, data, 0o600)
			flip(t, c, o.off)
			out := filepath.Join(t.TempDir(), "r.kiroku")
			_, err := Restore(context.Background(), c, out, pass, RestoreOptions{})
			if err == nil {
				t.Fatalf("a flip at %d was restored", o.off)
			}
			if !errors.Is(err, apperr.ErrDamaged) && !errors.Is(err, apperr.ErrNotVault) && !errors.Is(err, apperr.ErrWrongPassphrase) {
				t.Fatalf("flip at %d: unclear error %v", o.off, err)
			}
			t.Logf("flip at %d: %v", o.off, err)
			if got := names(t, filepath.Dir(out)); len(got) != 0 {
				t.Fatalf("left %v", got)
			}
		})
	}
}

// failing writes fail with ENOSPC once limit bytes went through.
type failing struct {
	f    outFile
	left *int64
}

func (w failing) Write(p []byte) (int, error) {
	if int64(len(p)) > *w.left {
		n, _ := w.f.Write(p[:*w.left])
		*w.left = 0
		return n, &os.PathError{Op: "write", Path: "test", Err: syscall.ENOSPC}
	}
	*w.left -= int64(len(p))
	return w.f.Write(p)
}
func (w failing) Sync() error  { return w.f.Sync() }
func (w failing) Close() error { return w.f.Close() }

// injectENOSPC makes every file the package creates fail after limit bytes
// in all.
func injectENOSPC(t *testing.T, limit int64) {
	orig := create
	left := limit
	create = func(p string) (outFile, error) {
		f, err := orig(p)
		if err != nil {
			return nil, err
		}
		return failing{f: f, left: &left}, nil
	}
	t.Cleanup(func() { create = orig })
}

// The drive fills up while the parts are written, or while a restore
// copies: a clear disk-full error, no final name, no temporary file, and
// the source untouched.
func TestTargetFullInjected(t *testing.T) {
	dir := t.TempDir()
	v := newVault(t, filepath.Join(dir, "home"), 1<<20)
	usb := filepath.Join(dir, "usb")
	os.Mkdir(usb, 0o700)
	v.Close()
	srcSum := sum(t, filepath.Join(dir, "home", "vault.kiroku"))
	v, err := vault.Open(filepath.Join(dir, "home", "vault.kiroku"))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	v.Unlock(pass)

	injectENOSPC(t, 700<<10)
	_, err = Run(context.Background(), v, usb, Options{FS: "vfat", PartSize: 256 << 10})
	if !errors.Is(err, apperr.ErrDiskFull) {
		t.Fatalf("split onto a full drive: %v", err)
	}
	t.Logf("error: %v", err)
	if got := names(t, usb); len(got) != 0 {
		t.Fatalf("left on the drive: %v", got)
	}
	noTemp(t, filepath.Join(dir, "home"))
	mustCheck(t, v)
	if logs, _ := v.BackupLogs(); len(logs) != 0 {
		t.Fatalf("a failed backup was logged: %+v", logs)
	}
	v.Close()
	if sum(t, filepath.Join(dir, "home", "vault.kiroku")) != srcSum {
		t.Fatal("the source changed")
	}

	// Restore onto a full disk.
	create = plainCreate
	v, _ = vault.Open(filepath.Join(dir, "home", "vault.kiroku"))
	v.Unlock(pass)
	res, err := Run(context.Background(), v, usb, Options{})
	v.Close()
	if err != nil {
		t.Fatal(err)
	}
	injectENOSPC(t, 500<<10)
	out := filepath.Join(dir, "restore", "r.kiroku")
	if _, err := Restore(context.Background(), res.Path, out, pass, RestoreOptions{}); !errors.Is(err, apperr.ErrDiskFull) {
		t.Fatalf("restore onto a full disk: %v", err)
	}
	if got := names(t, filepath.Dir(out)); len(got) != 0 {
		t.Fatalf("left %v", got)
	}
}

var plainCreate = create

// A real size-limited target (a 2 MiB tmpfs; needs root): the free-space
// check refuses a vault that cannot fit, and a drive that fills up during
// the copy (SQLite's own writes) gives the same clear error. Nothing with
// a final name, nothing temporary, the source checks.
func TestTargetFullTmpfs(t *testing.T) {
	mnt := t.TempDir()
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("mount tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", mnt).Run() })
	dir := t.TempDir()

	big := newVault(t, filepath.Join(dir, "big"), 3<<20)
	_, err := Run(context.Background(), big, mnt, Options{})
	if !errors.Is(err, apperr.ErrDiskFull) {
		t.Fatalf("3 MiB onto 2 MiB: %v", err)
	}
	t.Logf("error: %v", err)
	if got := names(t, mnt); len(got) != 0 {
		t.Fatalf("left %v", got)
	}
	mustCheck(t, big)

	// The drive fills up after the free-space check: something else
	// writes to it during the copy.
	v := newVault(t, filepath.Join(dir, "small"), 1<<20)
	filler := filepath.Join(mnt, "filler")
	_, err = Run(context.Background(), v, mnt, Options{Progress: func(p Progress) {
		if _, err := os.Stat(filler); err == nil {
			return
		}
		f, _ := os.Create(filler)
		defer f.Close()
		buf := make([]byte, 64<<10)
		for {
			if _, err := f.Write(buf); err != nil {
				return
			}
		}
	}})
	if !errors.Is(err, apperr.ErrDiskFull) {
		t.Fatalf("drive filled during the copy: %v", err)
	}
	t.Logf("error: %v", err)
	if got := names(t, mnt); len(got) != 1 || got[0] != "filler" {
		t.Fatalf("left %v", got)
	}
	mustCheck(t, v)
	os.Remove(filler)
	if _, err := Run(context.Background(), v, mnt, Options{}); err != nil {
		t.Fatalf("with space again: %v", err)
	}
}

// Cancelling at any phase leaves no final name and no temporary file.
func TestRunCancelled(t *testing.T) {
	dir := t.TempDir()
	v := newVault(t, filepath.Join(dir, "home"), 1<<20)
	usb := filepath.Join(dir, "usb")
	os.Mkdir(usb, 0o700)
	for _, phase := range []string{PhaseCopy, PhaseSplit, PhaseVerify} {
		t.Run(phase, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			_, err := Run(ctx, v, usb, Options{FS: "vfat", PartSize: 256 << 10, Progress: func(p Progress) {
				if p.Phase == phase {
					cancel()
				}
			}})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled in %s: %v", phase, err)
			}
			if got := names(t, usb); len(got) != 0 {
				t.Fatalf("left on the drive: %v", got)
			}
			noTemp(t, filepath.Join(dir, "home"))
		})
	}
	mustCheck(t, v)
}

// A temporary file of a backup whose process was killed is removed by the
// next backup of the same vault, and never one of another vault.
func TestStaleTempRemoved(t *testing.T) {
	dir := t.TempDir()
	v := newVault(t, filepath.Join(dir, "home"), 0)
	usb := filepath.Join(dir, "usb")
	os.Mkdir(usb, 0o700)
	id := hex.EncodeToString(v.ID())
	mine := filepath.Join(usb, tempName("vault-20260101-000000.kiroku", id))
	theirs := filepath.Join(usb, tempName("vault-20260101-000000.kiroku", strings.Repeat("ab", 16)))
	os.WriteFile(mine, []byte("partial"), 0o600)
	os.WriteFile(mine+"-wal", []byte("partial"), 0o600)
	os.WriteFile(mine+"-shm", []byte("partial"), 0o600)
	os.WriteFile(theirs, []byte("partial"), 0o600)
	if _, err := Run(context.Background(), v, usb, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{mine, mine + "-wal", mine + "-shm"} {
		if _, err := os.Stat(p); err == nil {
			t.Fatalf("own leftover %s kept", p)
		}
	}
	if _, err := os.Stat(theirs); err != nil {
		t.Fatal("another vault's temporary file removed")
	}
}

func TestParseManifest(t *testing.T) {
	good := Manifest{Format: ManifestFormat, Name: "v.kiroku", VaultID: strings.Repeat("0a", 16), Size: 10, PartSize: 4,
		SHA256: strings.Repeat("1", 64), Parts: []Part{{"v.kiroku.part001", 4, strings.Repeat("2", 64)},
			{"v.kiroku.part002", 4, strings.Repeat("3", 64)}, {"v.kiroku.part003", 2, strings.Repeat("4", 64)}}}
	if _, err := ParseManifest(good.Marshal()); err != nil {
		t.Fatal(err)
	}
	bad := []func(m *Manifest){
		func(m *Manifest) { m.Format = "x" },
		func(m *Manifest) { m.Name = "../v.kiroku" },
		func(m *Manifest) { m.Size = 11 },
		func(m *Manifest) { m.Parts[1].Name = "v.kiroku.part003" },
		func(m *Manifest) { m.Parts[0].Size = 3; m.Parts[2].Size = 3 },
		func(m *Manifest) { m.Parts[2].SHA256 = "zz" },
		func(m *Manifest) { m.Parts = nil },
		func(m *Manifest) { m.PartSize = 1 << 40 },
		func(m *Manifest) { m.VaultID = "" },
	}
	for i, f := range bad {
		m := good
		m.Parts = append([]Part(nil), good.Parts...)
		f(&m)
		if _, err := ParseManifest(m.Marshal()); !errors.Is(err, apperr.ErrDamaged) {
			t.Errorf("case %d accepted: %v", i, err)
		}
	}
	if _, err := ParseManifest(append(good.Marshal(), []byte(`{}`)...)); err == nil {
		t.Error("trailing data accepted")
	}
}

func FuzzParseManifest(f *testing.F) {
	f.Add([]byte(`{"format":"kiroku-backup-parts 1","name":"v.kiroku","vault_id":"0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a","size":1,"sha256":"` +
		strings.Repeat("1", 64) + `","part_size":1,"parts":[{"name":"v.kiroku.part001","size":1,"sha256":"` + strings.Repeat("2", 64) + `"}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseManifest(b)
		if err != nil {
			return
		}
		// Whatever parses names parts in order that add up.
		var n int64
		for i, p := range m.Parts {
			if p.Name != partName(m.Name, i) {
				t.Fatal(p.Name)
			}
			n += p.Size
		}
		if n != m.Size {
			t.Fatal(n, m.Size)
		}
		if _, err := ParseManifest(m.Marshal()); err != nil {
			t.Fatal(err)
		}
	})
}

// A vault with damage of its own is still backed up: the copy carries the
// same problems (listed in the result) and no others. A copy that has a
// problem the vault does not is refused, naming only that problem.
func TestDamagedVaultIsStillBackedUp(t *testing.T) {
	for _, split := range []bool{false, true} {
		t.Run(fmt.Sprintf("split=%v", split), func(t *testing.T) {
			dir := t.TempDir()
			v := newVault(t, filepath.Join(dir, "home"), 0)
			path := v.Path()
			if err := v.SetSetting("tsa.url", "https://tsa.example/"); err != nil {
				t.Fatal(err)
			}
			v.Close()
			vaulttest.FlipRevisionBody(t, path, `id = 2`)
			db, err := sql.Open("sqlite3", path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(`DELETE FROM settings WHERE key = 'tsa.url'`); err != nil {
				t.Fatal(err)
			}
			db.Close()
			v = openUnlocked(t, path)
			defer v.Close()
			own, err := v.Check()
			if err != nil || len(own.Problems) != 2 {
				t.Fatalf("the vault's own check: %+v %v", own, err)
			}
			opts := Options{}
			if split {
				opts.PartSize = 64 << 10
				opts.FS = "vfat"
			}

			usb := filepath.Join(dir, "usb")
			os.Mkdir(usb, 0o700)
			res, err := Run(context.Background(), v, usb, opts)
			if err != nil {
				t.Fatalf("a damaged vault was not backed up: %v", err)
			}
			if len(res.Carried) != 2 || res.Carried[0] != own.Problems[0] && res.Carried[0] != own.Problems[1] {
				t.Fatalf("carried %+v, the vault's own %+v", res.Carried, own.Problems)
			}

			// The copy damaged beyond the vault: refused, naming that.
			beforeVerify = func(p string) { vaulttest.FlipRevisionBody(t, p, `id = 4`) }
			defer func() { beforeVerify = func(string) {} }()
			_, err = Run(context.Background(), v, usb, opts)
			var ve *VerifyError
			if !errors.As(err, &ve) || len(ve.Report.Problems) != 1 || ve.Report.Problems[0].Ref != "revision:4" {
				t.Fatalf("a copy damaged beyond the vault: %v", err)
			}
		})
	}
}

// A backup that carries its vault's own damage (Run backs up a damaged
// vault rather than leave it without a copy) can be restored on purpose:
// with every byte matching its checksum the problems are the vault's own,
// and the worker gets the diary back to write in, the damage still
// reported. Without the option, or without a checksum to prove the bytes,
// it is refused as before.
func TestRestoreCarriedDamageOnPurpose(t *testing.T) {
	for _, split := range []bool{false, true} {
		t.Run(fmt.Sprintf("split=%v", split), func(t *testing.T) {
			dir := t.TempDir()
			v := newVault(t, filepath.Join(dir, "home"), 0)
			path := v.Path()
			v.Close()
			vaulttest.FlipRevisionBody(t, path, `id = 2`)
			v = openUnlocked(t, path)
			opts := Options{}
			if split {
				opts.PartSize, opts.FS = 64<<10, "vfat"
			}
			usb := filepath.Join(dir, "usb")
			os.Mkdir(usb, 0o700)
			res, err := Run(context.Background(), v, usb, opts)
			v.Close()
			if err != nil || len(res.Carried) != 1 {
				t.Fatalf("backup of the damaged vault: %+v %v", res.Carried, err)
			}

			to := filepath.Join(dir, "restored.kiroku")
			_, err = Restore(context.Background(), res.Path, to, pass, RestoreOptions{})
			var ve *VerifyError
			if !errors.As(err, &ve) || !ve.BytesIntact || len(ve.Report.Problems) != 1 {
				t.Fatalf("without AcceptDamaged: %v", err)
			}
			if _, err := os.Stat(to); err == nil {
				t.Fatal("a refused restore left a vault file")
			}
			r, err := Restore(context.Background(), res.Path, to, pass, RestoreOptions{AcceptDamaged: true})
			if err != nil || r.Carried != 1 {
				t.Fatalf("with AcceptDamaged: %+v %v", r, err)
			}
			rv := openUnlocked(t, to)
			rep, err := rv.Check()
			ents, lerr := rv.Entries()
			rv.Close()
			if err != nil || len(rep.Problems) != 1 || rep.Problems[0].Ref != "revision:2" {
				t.Fatalf("the restored vault's check: %+v %v", rep.Problems, err)
			}
			var de *vault.DamageError
			if !errors.As(lerr, &de) || len(ents) == 0 {
				t.Fatalf("the restored vault lists %d entries (%v): the undamaged ones must be there", len(ents), lerr)
			}

			// No checksum to prove the bytes: refused even on purpose.
			if split {
				return
			}
			os.Remove(res.Path + SumSuffix)
			_, err = Restore(context.Background(), res.Path, filepath.Join(dir, "again.kiroku"), pass, RestoreOptions{AcceptDamaged: true})
			if !errors.As(err, &ve) || ve.BytesIntact {
				t.Fatalf("without a checksum file: %v", err)
			}
		})
	}
}
