package backup

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/backup/drive"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// RestoreOptions tune Restore.
type RestoreOptions struct {
	// Replace allows restoring over an existing vault file. The old file
	// is kept, renamed to NAME.before-restore-YYYYMMDD-HHMMSS.
	Replace bool
	// AcceptDamaged restores a backup whose vault check finds problems,
	// provided every byte of it matches its checksum file or manifest:
	// the damage was then in the vault when it was backed up (backup
	// carries a damaged vault rather than leave it without a copy), not
	// made by the copy, and the restored vault has exactly those
	// problems (Restored.Carried). Without a checksum it is refused still.
	AcceptDamaged bool
	Progress      func(Progress)
	Now           func() time.Time
}

// Restored describes a restore.
type Restored struct {
	Path   string `json:"path"`
	From   string `json:"from"`  // the backup file, or the part set's manifest
	Parts  int    `json:"parts"` // 0 for a single file
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	Old    string `json:"old,omitempty"` // where the replaced vault went
	// Checksum says how every byte of the backup was checked:
	// ChecksumFile, ChecksumManifest, or ChecksumMissing (no checksum
	// file: only what the vault uses was checked).
	Checksum string       `json:"checksum"`
	Report   vault.Report `json:"report"`
	// Newer is set when the backup's folder once held a newer state of
	// this vault (seen.go): the restore goes on, and says so.
	Newer *DriveNewer `json:"newer,omitempty"`
	// Carried is the number of problems the restored vault has, restored
	// with AcceptDamaged: the vault's own when it was backed up.
	Carried int `json:"carried,omitempty"`
}

// Source is a backup to restore from: one file, or a part set.
type Source struct {
	Path     string    // the backup file, or the manifest of a part set
	Manifest *Manifest // nil for a single file
}

// IsBackup reports whether path names a backup, not something else such
// as an evidence bundle: a vault file, or a part set named by its folder,
// its manifest or one of its parts. It goes by the names (and looks into a
// folder for a manifest); Open then finds out whether the backup is whole.
func IsBackup(path string) bool {
	base := filepath.Base(path)
	switch {
	case strings.HasSuffix(base, vault.Extension),
		strings.HasSuffix(base, vault.Extension+partsSuffix),
		strings.HasSuffix(base, vault.Extension+manifestSuffix):
		return true
	}
	if m := partRe.FindStringSubmatch(base); m != nil && strings.HasSuffix(m[1], vault.Extension) {
		return true
	}
	ms, _ := filepath.Glob(filepath.Join(path, "*"+vault.Extension+manifestSuffix))
	return len(ms) > 0
}

// Open finds the backup at path: a .kiroku file, or a part set named by
// its folder, its manifest or any of its parts.
func Open(path string) (Source, error) {
	fi, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Source{}, fmt.Errorf("%s: %w", path, apperr.ErrNotFound)
		}
		return Source{}, err
	}
	manifest := ""
	switch {
	case fi.IsDir():
		ms, _ := filepath.Glob(filepath.Join(path, "*"+manifestSuffix))
		if len(ms) != 1 {
			return Source{}, fmt.Errorf("%s holds no backup (one %s file): %w", path, manifestSuffix, apperr.ErrNotFound)
		}
		manifest = ms[0]
	case strings.HasSuffix(path, manifestSuffix):
		manifest = path
	default:
		if m := partRe.FindStringSubmatch(filepath.Base(path)); m != nil {
			manifest = filepath.Join(filepath.Dir(path), m[1]+manifestSuffix)
		}
	}
	if manifest == "" {
		return Source{Path: path}, nil
	}
	b, err := os.ReadFile(manifest)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Source{}, fmt.Errorf("%s: the manifest of this part set is missing: %w", manifest, apperr.ErrDamaged)
		}
		return Source{}, err
	}
	m, err := ParseManifest(b)
	if err != nil {
		return Source{}, fmt.Errorf("%s: %w", manifest, err)
	}
	if want := strings.TrimSuffix(filepath.Base(manifest), manifestSuffix); m.Name != want {
		return Source{}, fmt.Errorf("%s names %q: %w", manifest, m.Name, apperr.ErrDamaged)
	}
	return Source{Path: manifest, Manifest: &m}, nil
}

// Restore checks the backup at from (see Open) and restores it as the
// vault file newPath: it copies or joins it into a temporary file next to
// newPath (checking every part's SHA-256), verifies that copy with the
// passphrase (integrity check and vault.Check), and renames it into
// place. A backup that does not verify is refused and nothing changes.
func Restore(ctx context.Context, from, newPath string, passphrase []byte, opts RestoreOptions) (Restored, error) {
	var w watched
	res, err := restore(ctx, from, newPath, passphrase, opts, &w)
	return res, w.goneOr(err)
}

// watched are the folders a restore reads from and writes to: a USB drive
// pulled out during the restore is named as such (DriveGoneError).
type watched []struct {
	dir string
	fi  os.FileInfo
}

func (w *watched) add(dir string) {
	if fi, err := os.Stat(dir); err == nil {
		*w = append(*w, struct {
			dir string
			fi  os.FileInfo
		}{dir, fi})
	}
}

func (w watched) goneOr(err error) error {
	for _, d := range w {
		if e := goneOr(d.dir, d.fi, err); e != err {
			return e
		}
	}
	return err
}

func restore(ctx context.Context, from, newPath string, passphrase []byte, opts RestoreOptions, w *watched) (Restored, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	report := func(phase string, done, total int64) {
		if opts.Progress != nil {
			opts.Progress(Progress{phase, done, total})
		}
	}
	src, err := Open(from)
	if err != nil {
		return Restored{}, err
	}
	w.add(filepath.Dir(src.Path))
	newPath, err = filepath.Abs(newPath)
	if err != nil {
		return Restored{}, err
	}
	if same(src.Path, newPath) {
		return Restored{}, fmt.Errorf("restore %s onto itself: %w", from, apperr.ErrInvalidInput)
	}
	exists := false
	for _, s := range []string{"", "-wal", "-journal"} {
		if _, err := os.Lstat(newPath + s); err == nil {
			exists = true
		}
	}
	if exists && !opts.Replace {
		return Restored{}, fmt.Errorf("%s: %w", newPath, apperr.ErrExists)
	}
	if exists {
		// A vault open in another program must not be moved away under it.
		if cur, err := vault.Open(newPath); err == nil {
			cur.Close()
		} else if errors.Is(err, apperr.ErrVaultInUse) {
			return Restored{}, fmt.Errorf("%s: %w", newPath, err)
		}
	}
	dir := filepath.Dir(newPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Restored{}, fmt.Errorf("create folder: %w", mapIO(err))
	}
	w.add(dir)
	tmp := filepath.Join(dir, "."+filepath.Base(newPath)+".restore-"+randomHex(8)+".tmp")
	defer removeVaultFiles(tmp)

	res := Restored{Path: newPath, From: src.Path}
	h := sha256.New()
	n, err := copyOut(ctx, src, tmp, h, report)
	if err != nil {
		return Restored{}, err
	}
	if m := src.Manifest; m != nil {
		res.Parts, res.Size, res.SHA256, res.Checksum = len(m.Parts), m.Size, m.SHA256, ChecksumManifest
	} else {
		res.Size, res.SHA256 = n, hex.EncodeToString(h.Sum(nil))
		if res.Checksum, err = checkSum(src.Path, res.SHA256); err != nil {
			return Restored{}, err
		}
	}
	if err := ctx.Err(); err != nil {
		return Restored{}, err
	}
	report(PhaseVerify, 0, 1)
	rep, newer, err := restoreSeen(ctx, tmp, passphrase, src, res)
	res.Newer = newer
	if err != nil {
		return Restored{}, fmt.Errorf("verify %s: %w", filepath.Base(src.Path), err)
	}
	res.Report = rep
	if !rep.OK() {
		intact := res.Checksum != ChecksumMissing
		if !opts.AcceptDamaged || !intact {
			return Restored{}, &VerifyError{Path: src.Path, Report: rep, BytesIntact: intact}
		}
		res.Carried = len(rep.Problems)
	}
	report(PhaseVerify, 1, 1)
	if err := ctx.Err(); err != nil {
		return Restored{}, err
	}
	if exists {
		res.Old = newPath + ".before-restore-" + opts.Now().Format(stampLayout)
		// The old vault's WAL goes with it: left next to the restored file
		// it would be replayed into it.
		for _, s := range []string{"", "-wal", "-journal"} {
			if _, err := os.Lstat(newPath + s); err != nil {
				continue
			}
			if _, err := os.Lstat(res.Old + s); err == nil {
				return Restored{}, fmt.Errorf("%s: %w", res.Old+s, apperr.ErrExists)
			}
			if err := os.Rename(newPath+s, res.Old+s); err != nil {
				return Restored{}, fmt.Errorf("keep the old vault: %w", mapIO(err))
			}
		}
	}
	if err := renameNew(tmp, newPath); err != nil {
		return Restored{}, err
	}
	if err := syncDir(dir); err != nil {
		return res, fmt.Errorf("sync %s: %w", dir, mapIO(err))
	}
	return res, nil
}

// copyOut writes the backup src into the new file tmp: a part set's parts
// joined, each checked against the manifest; a single file copied, hashed
// into h when h is not nil (its checksum file is the caller's to check).
// It returns the bytes written.
func copyOut(ctx context.Context, src Source, tmp string, h hash.Hash, report func(string, int64, int64)) (int64, error) {
	if m := src.Manifest; m != nil {
		if err := join(ctx, *m, filepath.Dir(src.Path), tmp, progressBytes(report, PhaseJoin, m.Size)); err != nil {
			return 0, fmt.Errorf("join %s: %w", filepath.Base(src.Path), err)
		}
		return m.Size, nil
	}
	f, err := os.Open(src.Path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	n, err := copyN(ctx, tmp, f, -1, h, progressBytes(report, PhaseJoin, fi.Size()))
	if err != nil {
		return 0, fmt.Errorf("copy %s: %w", filepath.Base(src.Path), err)
	}
	return n, nil
}

// logOf is the backup-log line, as Run wrote it in the source vault after
// this backup, for the backup src that res restores (the head is the
// restored copy's).
func logOf(src Source, res Restored) vault.BackupLog {
	l := vault.BackupLog{At: madeAt(src), Dest: filepath.Dir(src.Path), File: filepath.Base(src.Path),
		Size: res.Size, Parts: res.Parts, SHA256: res.SHA256}
	if m := src.Manifest; m != nil {
		// The set's folder is in the backup folder; Run logs its first part.
		l.Dest, l.File = filepath.Dir(l.Dest), partName(m.Name, 0)
	}
	vol, err := drive.StatFS(l.Dest)
	if err == nil {
		l.FS = vol.FS
	}
	return l
}

// madeAt is when the backup src was made: the part set's manifest says
// so; a single file's name carries the local time it was made
// (finalName), else its modification time stands in.
func madeAt(src Source) time.Time {
	if src.Manifest != nil {
		return src.Manifest.Created
	}
	if m := stampRe.FindStringSubmatch(filepath.Base(src.Path)); m != nil {
		if t, err := time.ParseInLocation(stampLayout, m[1], time.Local); err == nil {
			return t
		}
	}
	if fi, err := os.Stat(src.Path); err == nil {
		return fi.ModTime()
	}
	return time.Time{}
}

var stampRe = regexp.MustCompile(`-([0-9]{8}-[0-9]{6})(?:-[0-9]+)?` + regexp.QuoteMeta(vault.Extension) + `$`)

// same reports whether two paths name the same file.
func same(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := io.ReadFull(rand.Reader, b); err != nil {
		panic(err) // a failing random source: nothing is safe
	}
	return hex.EncodeToString(b)
}

// Checked describes a backup that Verify checked.
type Checked struct {
	Path     string       `json:"path"`  // the backup file, or the part set's manifest
	Parts    int          `json:"parts"` // 0 for a single file
	Size     int64        `json:"size"`
	SHA256   string       `json:"sha256"`
	Checksum string       `json:"checksum"` // as Restored.Checksum
	Report   vault.Report `json:"report"`
}

// Verify checks the backup at from (see Open) as Restore would, without
// restoring it: every byte against its checksum file or manifest, then
// SQLite's integrity check and every sealed value with the passphrase. A
// single file of the current format is read in place and never written
// to; a part set, or a file of an older format (which must be migrated to
// be checked), is checked in a temporary copy in tmpDir (default: the
// system's temporary folder; the copy is as sealed as the backup).
//
// A backup that does not verify gives a *VerifyError or a
// *SumMismatchError (both ErrDamaged).
func Verify(ctx context.Context, from string, passphrase []byte, tmpDir string, progress func(Progress)) (Checked, error) {
	report := func(phase string, done, total int64) {
		if progress != nil {
			progress(Progress{phase, done, total})
		}
	}
	src, err := Open(from)
	if err != nil {
		return Checked{}, err
	}
	res := Checked{Path: src.Path}
	if m := src.Manifest; m != nil {
		res.Parts, res.Size, res.SHA256, res.Checksum = len(m.Parts), m.Size, m.SHA256, ChecksumManifest
	} else {
		fi, err := os.Stat(src.Path)
		if err != nil {
			return Checked{}, err
		}
		if res.Size, res.SHA256, err = hashFile(ctx, src.Path, progressBytes(report, PhaseVerify, fi.Size())); err != nil {
			return Checked{}, err
		}
		if res.Checksum, err = checkSum(src.Path, res.SHA256); err != nil {
			return Checked{}, err
		}
		rep, err := verifyInPlace(src.Path, passphrase)
		switch {
		case errors.Is(err, apperr.ErrReadOnly):
			// An older format: checked in a copy, which opening migrates.
		case err != nil:
			return Checked{}, fmt.Errorf("verify %s: %w", filepath.Base(src.Path), err)
		default:
			res.Report = rep
			if !rep.OK() {
				return res, &VerifyError{Path: src.Path, Report: rep}
			}
			return res, nil
		}
	}
	if tmpDir == "" {
		tmpDir = os.TempDir()
	}
	tmp := filepath.Join(tmpDir, ".kiroku-check-"+randomHex(8)+".tmp")
	defer removeVaultFiles(tmp)
	if _, err := copyOut(ctx, src, tmp, nil, report); err != nil {
		return Checked{}, err
	}
	rep, err := vault.VerifyFile(ctx, tmp, passphrase)
	if err != nil {
		return Checked{}, fmt.Errorf("verify %s: %w", filepath.Base(src.Path), err)
	}
	res.Report = rep
	if !rep.OK() {
		return res, &VerifyError{Path: src.Path, Report: rep}
	}
	return res, nil
}

// verifyInPlace opens a backup file read-only (nothing is written to it),
// unlocks it and checks it.
func verifyInPlace(path string, passphrase []byte) (vault.Report, error) {
	v, err := vault.OpenReadOnly(path)
	if err != nil {
		return vault.Report{}, err
	}
	defer v.Close()
	if err := v.Unlock(passphrase); err != nil {
		return vault.Report{}, err
	}
	return v.Check()
}
