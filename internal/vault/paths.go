package vault

import (
	"os"
	"path/filepath"
	"runtime"
)

// DefaultPath is where a vault lives unless the user chooses another place:
// the per-user data folder of the OS (Linux: $XDG_DATA_HOME/kiroku or
// ~/.local/share/kiroku; macOS: ~/Library/Application Support/Kiroku;
// Windows: %AppData%\Kiroku). KIROKU_VAULT overrides it.
func DefaultPath() string {
	if p := os.Getenv("KIROKU_VAULT"); p != "" {
		return p
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
