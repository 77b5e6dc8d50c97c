package vault

import (
	"os"
	"path/filepath"
	"runtime"

	"github.com/kiroku-app/kiroku/internal/portable"
)

// DefaultPath is where a vault lives unless the user chooses another place:
// the per-user data folder of the OS (Linux: $XDG_DATA_HOME/kiroku or
// ~/.local/share/kiroku; macOS: ~/Library/Application Support/Kiroku;
// Windows: %AppData%\Kiroku), or the data folder of a portable copy
// (internal/portable). KIROKU_VAULT overrides it.
func DefaultPath() string {
	if p := os.Getenv("KIROKU_VAULT"); p != "" {
		return p
	}
	if d := portable.Data(); d != "" {
		return filepath.Join(d, portable.VaultName)
	}
	return filepath.Join(dataDir(), "vault"+Extension)
}

func dataDir() string {
	switch runtime.GOOS {
	case "windows", "darwin":
		if d, err := os.UserConfigDir(); err == nil {
			return filepath.Join(d, "Kiroku")
		}
	default:
		if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
			return filepath.Join(d, "kiroku")
		}
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, ".local", "share", "kiroku")
		}
	}
	return "."
}
