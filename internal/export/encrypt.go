package export

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"filippo.io/age"
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
