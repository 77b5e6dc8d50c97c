package backup

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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
)

// A backup too large for a FAT32 drive is a part set: a folder
// NAME.parts holding NAME.part001, NAME.part002, ... (the vault file cut
// into pieces, in order) and NAME.manifest, a small JSON file with the size
// and SHA-256 of each part and of the whole (docs/FORMAT.md, "Backups").
// The manifest is not sealed: it holds only sizes, hashes and the vault id,
// which the vault file shows anyway. `cat NAME.part* > NAME` joins a set
// by hand.

// ManifestFormat identifies version 1 of the manifest.
const ManifestFormat = "kiroku-backup-parts 1"

const (
	partsSuffix    = ".parts"
	manifestSuffix = ".manifest"
	maxParts       = 999
)

// Manifest describes a part set.
type Manifest struct {
	Format   string    `json:"format"`   // ManifestFormat
	Name     string    `json:"name"`     // the joined file's name, NAME
	VaultID  string    `json:"vault_id"` // hex, as in the vault's meta table
	Created  time.Time `json:"created"`
	Size     int64     `json:"size"`      // of the joined file
	SHA256   string    `json:"sha256"`    // of the joined file
	PartSize int64     `json:"part_size"` // every part but the last has this size
	Parts    []Part    `json:"parts"`
}

// Part is one piece of a part set.
type Part struct {
	Name   string `json:"name"` // NAME.partNNN
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

func partName(name string, i int) string { return fmt.Sprintf("%s.part%03d", name, i+1) }

var (
	hexSum   = regexp.MustCompile(`^[0-9a-f]{64}$`)
	partRe   = regexp.MustCompile(`^(.+)\.part([0-9]{3})$`)
	vaultIDs = regexp.MustCompile(`^[0-9a-f]{32}$`)
)

// ParseManifest reads and checks a manifest: every field present and
// consistent (names in order, sizes adding up), so that a damaged or
// forged manifest is refused before any part is read.
func ParseManifest(b []byte) (Manifest, error) {
	var m Manifest
	bad := func(format string, args ...any) (Manifest, error) {
		return Manifest{}, fmt.Errorf("backup manifest: %s: %w", fmt.Sprintf(format, args...), apperr.ErrDamaged)
	}
	if len(b) > 1<<20 {
		return bad("too large")
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return bad("%v", err)
	}
	if dec.More() {
		return bad("trailing data")
	}
	switch {
	case m.Format != ManifestFormat:
		return bad("format %q", m.Format)
	case m.Name == "" || m.Name != filepath.Base(m.Name) || strings.ContainsAny(m.Name, `/\:`) || m.Name == "." || m.Name == "..":
		return bad("name %q", m.Name)
	case !vaultIDs.MatchString(m.VaultID):
		return bad("vault id")
	case !hexSum.MatchString(m.SHA256):
		return bad("sha256")
	case m.PartSize <= 0 || m.PartSize > drive.MaxFATFile:
		return bad("part size %d", m.PartSize)
	case len(m.Parts) == 0 || len(m.Parts) > maxParts:
		return bad("%d parts", len(m.Parts))
	case m.Size <= 0:
		return bad("size %d", m.Size)
	}
	var sum int64
	for i, p := range m.Parts {
		last := i == len(m.Parts)-1
		switch {
		case p.Name != partName(m.Name, i):
			return bad("part %d is named %q", i+1, p.Name)
		case !hexSum.MatchString(p.SHA256):
			return bad("part %d sha256", i+1)
		case !last && p.Size != m.PartSize, last && (p.Size <= 0 || p.Size > m.PartSize):
			return bad("part %d size %d", i+1, p.Size)
		}
		sum += p.Size
	}
	if sum != m.Size {
		return bad("parts add up to %d bytes, not %d", sum, m.Size)
	}
	return m, nil
}

// Marshal encodes the manifest as written to NAME.manifest.
func (m Manifest) Marshal() []byte {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		panic(err) // plain data: cannot fail
	}
	return append(b, '\n')
}

// outFile is what copies write to; tests replace create to inject faults.
type outFile interface {
	io.Writer
	Sync() error
	Close() error
}

// create makes a new private file that must not exist yet.
var create = func(path string) (outFile, error) {
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
}

// copyN copies exactly n bytes (all of r when n < 0) from r into a new
// file at path, hashing what it writes, and syncs it. It checks ctx
// between blocks; on any error the file is removed.
func copyN(ctx interface{ Err() error }, path string, r io.Reader, n int64, h hash.Hash, progress func(int64)) (int64, error) {
	f, err := create(path)
	if err != nil {
		return 0, fmt.Errorf("create %s: %w", filepath.Base(path), mapIO(err))
	}
	written, err := copyTo(ctx, f, r, n, h, progress)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return written, fmt.Errorf("write %s: %w", filepath.Base(path), mapIO(err))
	}
	return written, nil
}

const blockSize = 1 << 20

func copyTo(ctx interface{ Err() error }, w io.Writer, r io.Reader, n int64, h hash.Hash, progress func(int64)) (int64, error) {
	buf := make([]byte, blockSize)
	var written int64
	for n < 0 || written < n {
		if err := ctx.Err(); err != nil {
			return written, err
		}
		want := int64(len(buf))
		if n >= 0 {
			want = min(want, n-written)
		}
		k, rerr := io.ReadFull(r, buf[:want])
		if k > 0 {
			if h != nil {
				h.Write(buf[:k])
			}
			if _, err := w.Write(buf[:k]); err != nil {
				return written, err
			}
			written += int64(k)
			if progress != nil {
				progress(int64(k))
			}
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			if n >= 0 && written < n {
				return written, fmt.Errorf("input ended after %d of %d bytes: %w", written, n, apperr.ErrDamaged)
			}
			return written, nil
		}
		if rerr != nil {
			return written, rerr
		}
	}
	return written, nil
}

// hashFile returns the size and SHA-256 of a file.
func hashFile(ctx interface{ Err() error }, path string, progress func(int64)) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := copyTo(ctx, io.Discard, f, -1, h, progress)
	if err != nil {
		return 0, "", fmt.Errorf("read %s: %w", filepath.Base(path), err)
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// split cuts the file at src into parts of partSize bytes in dir, named
// after name, and returns the manifest (without Created and VaultID).
func split(ctx interface{ Err() error }, src, dir, name string, partSize int64, progress func(int64)) (Manifest, error) {
	f, err := os.Open(src)
	if err != nil {
		return Manifest{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return Manifest{}, err
	}
	size := fi.Size()
	count := int((size + partSize - 1) / partSize)
	if count == 0 || count > maxParts {
		return Manifest{}, fmt.Errorf("%d bytes in parts of %d: %d parts: %w", size, partSize, count, apperr.ErrInvalidInput)
	}
	m := Manifest{Format: ManifestFormat, Name: name, Size: size, PartSize: partSize}
	whole := sha256.New()
	for i := 0; i < count; i++ {
		n := min(partSize, size-int64(i)*partSize)
		h := sha256.New()
		p := Part{Name: partName(name, i), Size: n}
		if _, err := copyN(ctx, filepath.Join(dir, p.Name), io.TeeReader(f, whole), n, h, progress); err != nil {
			return Manifest{}, err
		}
		p.SHA256 = hex.EncodeToString(h.Sum(nil))
		m.Parts = append(m.Parts, p)
	}
	m.SHA256 = hex.EncodeToString(whole.Sum(nil))
	return m, nil
}

// PartError names a part of a set that is missing or does not match its
// manifest.
type PartError struct {
	Part   string
	Reason string
}

func (e *PartError) Error() string { return e.Part + ": " + e.Reason }
func (e *PartError) Unwrap() error { return apperr.ErrDamaged }

// join writes the parts of m, read from dir, into a new file at dst,
// checking each part's size and hash and the whole file's hash.
func join(ctx interface{ Err() error }, m Manifest, dir, dst string, progress func(int64)) error {
	f, err := create(dst)
	if err != nil {
		return fmt.Errorf("create %s: %w", filepath.Base(dst), mapIO(err))
	}
	err = joinTo(ctx, m, dir, f, progress)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
		return mapIO(err)
	}
	return nil
}

func joinTo(ctx interface{ Err() error }, m Manifest, dir string, w io.Writer, progress func(int64)) error {
	// Every part must be there with its size before anything is copied.
	for _, p := range m.Parts {
		fi, err := os.Stat(filepath.Join(dir, p.Name))
		switch {
		case errors.Is(err, os.ErrNotExist):
			return &PartError{p.Name, "missing"}
		case err != nil:
			return err
		case fi.Size() != p.Size:
			return &PartError{p.Name, fmt.Sprintf("%d bytes, the manifest says %d", fi.Size(), p.Size)}
		}
	}
	whole := sha256.New()
	for _, p := range m.Parts {
		f, err := os.Open(filepath.Join(dir, p.Name))
		if err != nil {
			return err
		}
		h := sha256.New()
		_, err = copyTo(ctx, io.MultiWriter(w, whole), f, p.Size, h, progress)
		f.Close()
		if errors.Is(err, apperr.ErrDamaged) {
			return &PartError{p.Name, "shorter than the manifest says"}
		}
		if err != nil {
			return fmt.Errorf("%s: %w", p.Name, err)
		}
		if hex.EncodeToString(h.Sum(nil)) != p.SHA256 {
			return &PartError{p.Name, "its SHA-256 is not the manifest's: the part is damaged or altered"}
		}
	}
	if hex.EncodeToString(whole.Sum(nil)) != m.SHA256 {
		return &PartError{m.Name, "the joined parts' SHA-256 is not the manifest's"}
	}
	return nil
}

// checkParts re-reads the parts of m in dir and compares them with the
// manifest (after writing them, to verify what is on the drive).
func checkParts(ctx interface{ Err() error }, m Manifest, dir string, progress func(int64)) error {
	for _, p := range m.Parts {
		dropCache(filepath.Join(dir, p.Name))
	}
	return joinTo(ctx, m, dir, io.Discard, progress)
}
