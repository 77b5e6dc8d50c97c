// Package backup copies a vault to a USB drive or any folder, and restores
// it.
//
// A backup is the vault's own sealed file, copied with SQLite's online
// backup API (vault.Backup) while the vault stays in use: no key,
// passphrase or plaintext reaches the drive. It is written under a
// temporary name, synced, read back and verified (SQLite's integrity check,
// every sealed value opens, the ledger head equals the source's at
// snapshot time), and only then renamed to its final name
// VAULT-YYYYMMDD-HHMMSS.kiroku: a backup that did not verify never carries
// a final name. On a FAT32 drive a vault that could reach 4 GiB is written
// as a part set instead (see parts.go). After the new backup has verified,
// older backups of the same vault in that folder beyond the newest N are
// removed, and the backup is logged in the vault.
//
// Restore checks a backup (or joins and checks a part set) into a
// temporary file next to its destination, verifies it with the passphrase,
// and renames it into place; it never overwrites a file unless asked to,
// and then keeps the old one.
package backup

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/backup/drive"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/settings"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// Phases reported by Progress.
const (
	PhaseCopy   = "copy"   // the snapshot (Done and Total in SQLite pages)
	PhaseSplit  = "split"  // cutting a snapshot into parts (bytes)
	PhaseVerify = "verify" // reading the copy back and checking it (bytes, then the check)
	PhaseJoin   = "join"   // restore: copying or joining the backup (bytes)
)

// Progress is reported while a backup or restore runs.
type Progress struct {
	Phase       string
	Done, Total int64
}

// DefaultPartSize is the size of the parts of a backup split for FAT32.
const DefaultPartSize = drive.MaxFATFile + 1 - 1<<20 // 4 GiB - 1 MiB

// Options tune Run.
type Options struct {
	// Keep is how many backups of this vault to keep in the folder, the
	// new one included. 0 uses the vault's "backup.keep" setting, or 3.
	Keep int
	// PartSize is the largest part of a split backup. 0 means
	// DefaultPartSize (just under FAT32's 4 GiB).
	PartSize int64
	// FS overrides the detected filesystem type of the folder ("vfat"
	// makes Run split as on a FAT32 drive).
	FS string
	// StageDir is where a backup that must be split is snapshotted first
	// (SQLite writes one file). Default: the vault's own folder.
	StageDir string
	// Progress, if set, is called from Run's goroutine.
	Progress func(Progress)
	// Now stamps the backup's name; default time.Now.
	Now func() time.Time
	// AcceptOlder: the vault is older than the folder's record of it
	// (seen.go) and the user said that is wanted (an older backup
	// restored on purpose): prune and move the record as usual.
	AcceptOlder bool
}

// Result describes a verified backup.
type Result struct {
	Path     string          `json:"path"` // the backup file, or the part set's folder
	Parts    int             `json:"parts"`
	Size     int64           `json:"size"`
	SHA256   string          `json:"sha256"` // of the file, or of the joined parts
	FS       string          `json:"fs"`
	HeadSeq  uint64          `json:"head_seq"`
	HeadLink string          `json:"head_link"`
	Removed  []string        `json:"removed"` // older backups removed by retention
	Log      vault.BackupLog `json:"log"`
	// Newer is set when the folder once held a newer state of this vault
	// (seen.go): the backup is made, but no older backup is removed and
	// the folder's record stays, unless Options.AcceptOlder.
	Newer *DriveNewer `json:"newer,omitempty"`
	// Carried lists problems the vault itself has (its own Check finds
	// them too) that the copy faithfully carries: a damaged vault is
	// still backed up, since a copy of what is left is what the worker
	// needs most then. The copy has no problem beyond these.
	Carried []vault.Problem `json:"carried,omitempty"`
}

// VerifyError is a copy that did not verify; Report lists the problems.
type VerifyError struct {
	Path   string
	Report vault.Report
	// BytesIntact (restore): every byte of the backup matches its
	// checksum, so the problems were the vault's own when it was backed up;
	// RestoreOptions.AcceptDamaged restores it as it is.
	BytesIntact bool
}

func (e *VerifyError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s did not verify (%d problems", filepath.Base(e.Path), len(e.Report.Problems))
	for i, p := range e.Report.Problems {
		if i == 3 {
			b.WriteString("; ...")
			break
		}
		fmt.Fprintf(&b, "; %s: %s", p.Ref, p.What)
	}
	b.WriteString(")")
	return b.String()
}

func (e *VerifyError) Unwrap() error { return apperr.ErrDamaged }

// mapIO gives a write error its sentinel: a full drive, or a file larger
// than the filesystem allows (FAT32), which is full for this file.
func mapIO(err error) error {
	switch {
	case err == nil, errors.Is(err, apperr.ErrDiskFull):
		return err
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("%w (%v)", apperr.ErrDiskFull, err)
	case errors.Is(err, syscall.EFBIG):
		return fmt.Errorf("%w: the file is larger than this drive's filesystem allows (%v)", apperr.ErrDiskFull, err)
	}
	return err
}

// DriveGoneError is a backup or restore that failed because its folder
// went away while it ran: a USB drive pulled out, or unmounted.
type DriveGoneError struct {
	Dir string
	Err error // what failed first
}

func (e *DriveGoneError) Error() string {
	if errors.Is(e.Err, syscall.EIO) {
		return fmt.Sprintf("%s stopped answering (was the drive removed?): %v", e.Dir, e.Err)
	}
	return fmt.Sprintf("%s is gone (was the drive removed?): %v", e.Dir, e.Err)
}

func (e *DriveGoneError) Unwrap() error { return apperr.ErrNotFound }

// goneOr is err, or a *DriveGoneError when the folder dir, which was
// folder when the work began, is no longer there: removed, or another
// file system mounted or unmounted there. Whatever failed then (a read,
// a sync, a rename) failed because of that. An input/output error counts
// too: a USB drive pulled out before the system unmounts it leaves the
// folder in place and fails every read and write with EIO.
func goneOr(dir string, folder os.FileInfo, err error) error {
	if err == nil || errors.Is(err, context.Canceled) {
		return err
	}
	if now, serr := os.Stat(dir); serr == nil && os.SameFile(folder, now) && !errors.Is(err, syscall.EIO) {
		return err
	}
	return &DriveGoneError{Dir: dir, Err: err}
}

// running serialises backups of one vault within this process (the vault's
// lock already keeps other processes away).
var running sync.Map // *vault.Vault -> *sync.Mutex

// Run backs up v into the folder dir. See the package comment for the
// steps. On error or cancellation nothing new carries a final name and
// every temporary file is removed; the source is never written to, except
// for the log line at the end.
func Run(ctx context.Context, v *vault.Vault, dir string, opts Options) (Result, error) {
	mu, _ := running.LoadOrStore(v, new(sync.Mutex))
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()

	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.PartSize <= 0 {
		opts.PartSize = DefaultPartSize
	}
	if opts.PartSize > drive.MaxFATFile {
		return Result{}, fmt.Errorf("part size %d: %w", opts.PartSize, apperr.ErrInvalidInput)
	}
	report := func(phase string, done, total int64) {
		if opts.Progress != nil {
			opts.Progress(Progress{phase, done, total})
		}
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return Result{}, err
	}
	folder, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Result{}, fmt.Errorf("backup folder %s: %w", dir, apperr.ErrNotFound)
		}
		return Result{}, fmt.Errorf("backup folder: %w", err)
	} else if !folder.IsDir() {
		return Result{}, fmt.Errorf("%s is not a folder: %w", dir, apperr.ErrInvalidInput)
	}
	keep := opts.Keep
	if keep <= 0 {
		keep = settings.ReadBackup(v).Keep
	}
	vol, err := drive.StatFS(dir)
	if err != nil && opts.FS == "" {
		return Result{}, err
	}
	if opts.FS != "" {
		vol.FS = opts.FS
	}
	id := hex.EncodeToString(v.ID())
	base := strings.TrimSuffix(filepath.Base(v.Path()), vault.Extension)
	removeStale(dir, base, id)
	removeStaleSeen(dir, id)
	// Compared before the snapshot: a vault behind the folder's record must
	// not have retention remove the backups that may be all that is left
	// of the newer state. An error here (a head that does not open) is
	// Check's to report; the backup goes on.
	newer, _ := compareDrive(v, dir, id)
	if opts.AcceptOlder {
		newer = nil
	}

	// A vault that could grow past the part size while it is copied is
	// split; FAT32 cannot hold a file of 4 GiB.
	estimate := vaultSize(v.Path())
	splitSet := vol.FAT() && estimate+estimate/16+(64<<20) > opts.PartSize
	if vol.Free > 0 && estimate > vol.Free {
		return Result{}, fmt.Errorf("%s has %s free, the backup needs about %s: %w",
			dir, i18n.Bytes(vol.Free), i18n.Bytes(estimate), apperr.ErrDiskFull)
	}

	name := finalName(dir, base, opts.Now())
	res := Result{FS: vol.FS}
	var info vault.BackupInfo
	if splitSet {
		info, err = runSplit(ctx, v, dir, name, id, opts, report, &res)
	} else {
		info, err = runSingle(ctx, v, dir, name, id, report, &res)
	}
	if err != nil {
		return Result{}, goneOr(dir, folder, err)
	}
	res.HeadSeq, res.HeadLink = info.HeadSeq, info.HeadLink.String()

	// The new backup is final: older ones may go now, and the folder's
	// record moves to this head, unless the vault is behind that record.
	res.Newer = newer
	if newer == nil {
		res.Removed = prune(dir, base, id, keep, filepath.Base(res.Path))
	}
	res.Log = vault.BackupLog{At: info.At, Dest: dir, File: name, Size: res.Size, Parts: res.Parts, FS: vol.FS,
		HeadSeq: info.HeadSeq, HeadLink: res.HeadLink, SHA256: res.SHA256}
	if res.Parts > 0 {
		res.Log.File = partName(name, 0)
	}
	if err := v.LogBackup(res.Log); err != nil {
		return res, fmt.Errorf("the backup %s is complete and verified, but logging it failed: %w", res.Path, err)
	}
	if newer == nil {
		if err := markDrive(v, dir, id); err != nil {
			return res, fmt.Errorf("the backup %s is complete and verified, but noting its head in the folder failed: %w", res.Path, err)
		}
	}
	return res, nil
}

func runSingle(ctx context.Context, v *vault.Vault, dir, name, id string, report func(string, int64, int64), res *Result) (vault.BackupInfo, error) {
	tmp := filepath.Join(dir, tempName(name, id))
	done := false
	defer func() {
		if !done {
			removeVaultFiles(tmp)
		}
	}()
	info, err := v.Backup(ctx, tmp, func(d, t int) { report(PhaseCopy, int64(d), int64(t)) })
	if err != nil {
		return info, fmt.Errorf("back up to %s: %w", dir, mapIO(err))
	}
	if err := syncDir(dir); err != nil {
		return info, fmt.Errorf("sync %s: %w", dir, mapIO(err))
	}
	dropCache(tmp)
	// Hashing the file back from the drive and opening every sealed value
	// in it run side by side: one waits on the drive, the other on a core.
	type hashed struct {
		size int64
		sum  string
		err  error
	}
	hc := make(chan hashed, 1)
	go func() {
		size, sum, err := hashFile(ctx, tmp, progressBytes(report, PhaseVerify, info.Size))
		hc <- hashed{size, sum, err}
	}()
	beforeVerify(tmp)
	verr := verify(ctx, v, tmp, info, res)
	h := <-hc
	if h.err != nil {
		return info, h.err
	}
	if verr != nil {
		return info, verr
	}
	size, sum := h.size, h.sum
	// The checksum file goes into place first: a backup with its final
	// name always has one (a checksum file left alone by a crash is
	// removed by the next backup, see removeStale).
	sumTmp := filepath.Join(dir, tempName(name+SumSuffix, id))
	defer os.Remove(sumTmp)
	if err := writeSum(ctx, sumTmp, sum, name); err != nil {
		return info, fmt.Errorf("write the checksum file: %w", err)
	}
	final := filepath.Join(dir, name)
	if err := renameNew(sumTmp, final+SumSuffix); err != nil {
		return info, err
	}
	if err := renameNew(tmp, final); err != nil {
		os.Remove(final + SumSuffix)
		return info, err
	}
	done = true
	if err := syncDir(dir); err != nil {
		return info, fmt.Errorf("sync %s: %w", dir, mapIO(err))
	}
	res.Path, res.Size, res.SHA256 = final, size, sum
	return info, nil
}

func runSplit(ctx context.Context, v *vault.Vault, dir, name, id string, opts Options, report func(string, int64, int64), res *Result) (vault.BackupInfo, error) {
	stageDir := opts.StageDir
	if stageDir == "" {
		stageDir = filepath.Dir(v.Path())
	}
	removeStale(stageDir, strings.TrimSuffix(filepath.Base(v.Path()), vault.Extension), id)
	stage := filepath.Join(stageDir, tempName(name, id))
	defer removeVaultFiles(stage)
	info, err := v.Backup(ctx, stage, func(d, t int) { report(PhaseCopy, int64(d), int64(t)) })
	if err != nil {
		return info, fmt.Errorf("snapshot in %s: %w", stageDir, mapIO(err))
	}
	beforeVerify(stage)
	if err := verify(ctx, v, stage, info, res); err != nil {
		return info, err
	}
	tmpDir := filepath.Join(dir, tempName(name+partsSuffix, id))
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmpDir)
		}
	}()
	if err := os.Mkdir(tmpDir, 0o700); err != nil {
		return info, fmt.Errorf("create %s: %w", tmpDir, mapIO(err))
	}
	m, err := split(ctx, stage, tmpDir, name, opts.PartSize, progressBytes(report, PhaseSplit, info.Size))
	if err != nil {
		return info, fmt.Errorf("split the backup into %s: %w", dir, err)
	}
	m.VaultID, m.Created = id, info.At.UTC()
	mpath := filepath.Join(tmpDir, name+manifestSuffix)
	if _, err := copyN(ctx, mpath, strings.NewReader(string(m.Marshal())), -1, nil, nil); err != nil {
		return info, err
	}
	if err := syncDir(tmpDir); err != nil {
		return info, fmt.Errorf("sync %s: %w", tmpDir, mapIO(err))
	}
	// What is on the drive must be what verified.
	if err := checkParts(ctx, m, tmpDir, progressBytes(report, PhaseVerify, m.Size)); err != nil {
		return info, fmt.Errorf("read back the parts: %w", err)
	}
	final := filepath.Join(dir, name+partsSuffix)
	if err := renameNew(tmpDir, final); err != nil {
		return info, err
	}
	done = true
	if err := syncDir(dir); err != nil {
		return info, fmt.Errorf("sync %s: %w", dir, mapIO(err))
	}
	res.Path, res.Size, res.SHA256, res.Parts = final, m.Size, m.SHA256, len(m.Parts)
	return info, nil
}

// beforeVerify lets tests damage a copy between the snapshot and its check.
var beforeVerify = func(path string) {}

// verify checks the copy. When the copy has problems, the vault is checked
// too: the problems it has itself are carried (res.Carried) and do not
// stop the backup; any other problem is damage done by the copy, and does.
func verify(ctx context.Context, v *vault.Vault, path string, info vault.BackupInfo, res *Result) error {
	rep, err := v.VerifyBackup(ctx, path, info)
	if err != nil {
		return fmt.Errorf("verify the copy: %w", err)
	}
	if rep.OK() {
		return nil
	}
	src, err := v.Check()
	if err != nil {
		return &VerifyError{Path: path, Report: rep}
	}
	own := map[vault.Problem]bool{}
	for _, p := range src.Problems {
		own[p] = true
	}
	var extra, carried []vault.Problem
	for _, p := range rep.Problems {
		if own[p] {
			carried = append(carried, p)
		} else {
			extra = append(extra, p)
		}
	}
	if len(extra) > 0 {
		rep.Problems = extra
		return &VerifyError{Path: path, Report: rep}
	}
	res.Carried = carried
	return nil
}

func progressBytes(report func(string, int64, int64), phase string, total int64) func(int64) {
	var done int64
	return func(n int64) {
		done += n
		report(phase, done, max(total, done))
	}
}

// renameNew renames a verified temporary file or folder to its final name,
// which must not exist (two backups in the same second get -2, -3: see
// finalName; this guards the rest).
func renameNew(tmp, final string) error {
	if _, err := os.Lstat(final); err == nil {
		return fmt.Errorf("%s: %w", final, apperr.ErrExists)
	}
	if err := os.Rename(tmp, final); err != nil {
		return fmt.Errorf("rename to %s: %w", filepath.Base(final), mapIO(err))
	}
	return nil
}

// tempName is the name a copy has until it verified: hidden, marked with
// the vault's id so that only this vault's leftovers are ever cleaned up.
func tempName(name, id string) string { return "." + name + "." + id[:16] + ".tmp" }

// removeStale deletes what an earlier backup of this vault left when its
// process was killed.
func removeStale(dir, base, id string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		n := e.Name()
		// SQLite's side files of a copy killed while it was verified, too.
		stem := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(n, "-wal"), "-shm"), "-journal")
		if strings.HasPrefix(stem, "."+base+"-") && strings.HasSuffix(stem, "."+id[:16]+".tmp") {
			os.RemoveAll(filepath.Join(dir, n))
			continue
		}
		// A checksum file whose backup never got its name (the process
		// was killed between the two renames).
		if b, ok := strings.CutSuffix(n, SumSuffix); ok && strings.HasPrefix(n, base+"-") && strings.HasSuffix(b, vault.Extension) {
			if _, err := os.Lstat(filepath.Join(dir, b)); errors.Is(err, fs.ErrNotExist) {
				os.Remove(filepath.Join(dir, n))
			}
		}
	}
}

func removeVaultFiles(path string) {
	for _, s := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + s)
	}
}

const stampLayout = "20060102-150405"

// finalName is BASE-YYYYMMDD-HHMMSS.kiroku, with -2, -3 ... when a backup
// of that second exists already.
func finalName(dir, base string, now time.Time) string {
	stem := base + "-" + now.Format(stampLayout)
	for i := 1; ; i++ {
		n := stem
		if i > 1 {
			n += "-" + strconv.Itoa(i)
		}
		n += vault.Extension
		_, e1 := os.Lstat(filepath.Join(dir, n))
		_, e2 := os.Lstat(filepath.Join(dir, n+partsSuffix))
		_, e3 := os.Lstat(filepath.Join(dir, n+SumSuffix))
		if errors.Is(e1, fs.ErrNotExist) && errors.Is(e2, fs.ErrNotExist) && errors.Is(e3, fs.ErrNotExist) {
			return n
		}
	}
}

// backupOf is one backup found in a folder.
type backupOf struct {
	name  string // file or part-set folder
	stamp string // YYYYMMDD-HHMMSS
	seq   int
}

// Backups lists the backups of the vault with id idHex named after base in
// dir, oldest first.
func list(dir, base, idHex string) []backupOf {
	re := regexp.MustCompile(`^` + regexp.QuoteMeta(base) + `-([0-9]{8}-[0-9]{6})(?:-([0-9]+))?` +
		regexp.QuoteMeta(vault.Extension) + `(` + regexp.QuoteMeta(partsSuffix) + `)?$`)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []backupOf
	for _, e := range ents {
		m := re.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		if _, err := time.Parse(stampLayout, m[1]); err != nil {
			continue
		}
		var id string
		p := filepath.Join(dir, e.Name())
		if m[3] != "" {
			b, err := os.ReadFile(filepath.Join(p, strings.TrimSuffix(e.Name(), partsSuffix)+manifestSuffix))
			if err != nil {
				continue
			}
			man, err := ParseManifest(b)
			if err != nil {
				continue
			}
			id = man.VaultID
		} else {
			b, err := vault.FileID(p)
			if err != nil {
				continue
			}
			id = hex.EncodeToString(b)
		}
		if id != idHex {
			continue // another vault of the same name: never ours to remove
		}
		seq, _ := strconv.Atoi(m[2])
		out = append(out, backupOf{name: e.Name(), stamp: m[1], seq: seq})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].stamp != out[j].stamp {
			return out[i].stamp < out[j].stamp
		}
		return out[i].seq < out[j].seq
	})
	return out
}

// prune removes the oldest backups of this vault in dir beyond keep, never
// the one just made. It returns what it removed.
func prune(dir, base, idHex string, keep int, newest string) []string {
	all := list(dir, base, idHex)
	var removed []string
	for i := 0; i < len(all)-keep; i++ {
		if all[i].name == newest {
			continue
		}
		p := filepath.Join(dir, all[i].name)
		if err := os.RemoveAll(p); err == nil {
			removed = append(removed, p)
			os.Remove(p + SumSuffix)
		}
	}
	if len(removed) > 0 {
		syncDir(dir)
	}
	return removed
}

// vaultSize is the vault file plus its WAL: about what a copy needs.
func vaultSize(path string) int64 {
	var n int64
	for _, s := range []string{"", "-wal"} {
		if fi, err := os.Stat(path + s); err == nil {
			n += fi.Size()
		}
	}
	return n
}
