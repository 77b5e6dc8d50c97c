package vault_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kiroku-app/kiroku/internal/vault"
)

// FuzzOpenFile hands arbitrary bytes to Open, Unlock, Entries and Check, as
// a user might by picking any file: never a panic, always a clear error.
func FuzzOpenFile(f *testing.F) {
	golden, err := os.ReadFile(filepath.Join("testdata", "golden-v1.kiroku"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(golden)
	f.Add(golden[:4096])
	f.Add([]byte("SQLite format 3\x00"))
	f.Add([]byte{})
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(dir, "f.kiroku")
		os.Remove(path + "-wal")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		v, err := vault.Open(path)
		if err != nil {
			if !isClearOpenError(err) && !os.IsNotExist(err) {
				t.Fatalf("unclear error: %v", err)
			}
			return
		}
		defer v.Close()
		if v.Unlock([]byte(goldenPassphrase)) != nil {
			return
		}
		v.Entries()
		v.Check()
	})
}
