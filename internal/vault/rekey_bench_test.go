package vault_test

import (
	"path/filepath"
	"testing"

	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// BenchmarkRekey10MinAudio: re-keying a vault holding ten minutes of 48 kHz
// mono audio (about 58 MB sealed). Reported in docs/DESIGN.md.
func BenchmarkRekey10MinAudio(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.kiroku")
	v, _, err := vault.Create(path, pass, vault.Options{KDF: seal.LowCost})
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	w, err := v.StartRecording(mono48, "bench", 0, "")
	if err != nil {
		b.Fatal(err)
	}
	sec := tone(0, 48000)
	for i := 0; i < 600; i++ {
		if err := w.Write(sec); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := w.Finish(); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(600 * int64(len(sec)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := v.RekeyPassphrase(pass, pass, seal.LowCost); err != nil {
			b.Fatal(err)
		}
	}
}
