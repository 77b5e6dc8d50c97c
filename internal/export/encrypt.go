package export

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"

	"github.com/kiroku-app/kiroku/internal/apperr"
)

// EncryptFile writes src encrypted with a passphrase in age format to dst
// (atomically: a temporary name, fsync, rename), so the receiver opens it
// with the standard tool: `age -d -o bundle.zip bundle.zip.age`.
func EncryptFile(src, dst string, passphrase []byte) (err error) {
	if len(passphrase) == 0 {
		return fmt.Errorf("encrypt %s: an empty passphrase", filepath.Base(src))
	}
	r, err := age.NewScryptRecipient(string(passphrase))
	if err != nil {
		return fmt.Errorf("encrypt: %w", err)
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("encrypt: %w", err)
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".partial-*")
	if err != nil {
		return fmt.Errorf("encrypt: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w, err := age.Encrypt(tmp, r)
	if err != nil {
		return fmt.Errorf("encrypt: %w", err)
	}
	if _, err := io.Copy(w, in); err != nil {
		return fmt.Errorf("encrypt %s: %w", filepath.Base(dst), err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("encrypt %s: %w", filepath.Base(dst), err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("encrypt %s: %w", filepath.Base(dst), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("encrypt %s: %w", filepath.Base(dst), err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return fmt.Errorf("encrypt %s: %w", filepath.Base(dst), err)
	}
	return syncDir(filepath.Dir(dst))
}

// encryptTo starts an age stream to out encrypted with passphrase.
func encryptTo(out io.Writer, passphrase []byte) (io.WriteCloser, error) {
	if len(passphrase) == 0 {
		return nil, fmt.Errorf("encrypt: an empty passphrase: %w", apperr.ErrWeakPassphrase)
	}
	r, err := age.NewScryptRecipient(string(passphrase))
	if err != nil {
		return nil, fmt.Errorf("encrypt: %w", err)
	}
	w, err := age.Encrypt(out, r)
	if err != nil {
		return nil, fmt.Errorf("encrypt: %w", err)
	}
	return w, nil
}

// staleAge is how long a leftover temporary export must have been
// untouched before cleanStale removes it: an export still running writes
// to its temporary file or folder all the time, so an hour of silence
// means its process died (killed, power cut, crash).
const staleAge = time.Hour

// cleanStale removes, from folder dir, the temporary folders and files an
// export killed halfway left behind (".NAME.partial-*", ".NAME.zip-partial"):
// a plaintext export's staging holds entries and files in the clear, and
// nothing else would ever remove it. Only names of Kiroku's own temporary
// pattern whose newest modification is older than staleAge are touched;
// errors are ignored (it is housekeeping, the export goes on).
func cleanStale(dir string, now time.Time) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, de := range ents {
		name := de.Name()
		if !isPartialName(name) {
			continue
		}
		p := filepath.Join(dir, name)
		if newest(p).After(now.Add(-staleAge)) {
			continue
		}
		os.RemoveAll(p)
	}
}

// isPartialName reports whether name is one Kiroku gives a bundle in
// progress: "." + final name + ".partial-" + random digits, or the older
// ".NAME.zip-partial".
func isPartialName(name string) bool {
	if !strings.HasPrefix(name, ".") {
		return false
	}
	if strings.HasSuffix(name, ".zip-partial") && len(name) > len("..zip-partial") {
		return true
	}
	i := strings.LastIndex(name, ".partial-")
	if i < 2 {
		return false
	}
	digits := name[i+len(".partial-"):]
	if digits == "" {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// newest is the latest modification time in the tree at p (a far-future
// time when unreadable, so that it is left alone).
func newest(p string) time.Time {
	var t time.Time
	err := filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return errors.New("symlink")
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if fi.ModTime().After(t) {
			t = fi.ModTime()
		}
		return nil
	})
	if err != nil {
		return time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !os.IsPermission(err) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
