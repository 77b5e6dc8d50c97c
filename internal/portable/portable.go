// Package portable is Kiroku's portable mode, for a worker who carries
// Kiroku on a USB stick and uses a shared or employer computer: a copy whose
// executable has the marker file kiroku-portable.txt beside it keeps
// everything it writes in the data folder beside it, and nothing on the
// computer.
//
// Kiroku's own files go there by name (vault.DefaultPath asks Data). What
// libraries write goes there because Setup points the process's idea of
// "home" at the data folder before anything runs: the home, config, cache
// and temp folders of every OS (USERPROFILE, APPDATA, LOCALAPPDATA, TMP and
// TEMP on Windows; HOME, XDG_* and TMPDIR elsewhere). That moves Fyne's
// preferences and storage (Fyne 2.7 keeps them under
// %USERPROFILE%\AppData\Roaming\fyne, ~/.config/fyne or
// ~/Library/Preferences/fyne), go-text's font index (the user cache
// folder), SQLite's and Go's temp files, and the default export folder.
// Kiroku writes nothing to the registry and adds nothing to Recent files in
// either mode (Fyne's file dialogs are its own, not the shell's); the
// installer, which does, is not used by the portable copy.
//
// The package imports nothing of Kiroku's, so the vault can ask it.
package portable

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// Marker is the file whose presence beside the executable turns portable
// mode on. Its content does not matter (the release writes a short note
// in it, in Japanese and English).
const Marker = "kiroku-portable.txt"

// DataFolder is the folder beside the executable that holds everything a
// portable copy writes.
const DataFolder = "data"

// VaultName is the default vault's file name in the data folder.
const VaultName = "vault.kiroku"

var (
	mu   sync.Mutex
	data string // set by Setup when portable
)

// Find reports the folder that holds Marker: the folder of the executable
// exe (symbolic links resolved) or, for a macOS app bundle
// (X.app/Contents/MacOS/exe), the folder holding X.app, so that the marker
// and data sit beside the app a worker sees and the signed bundle stays
// untouched.
func Find(exe string) (dir string, ok bool) {
	if r, err := filepath.EvalSymlinks(exe); err == nil {
		exe = r
	}
	dirs := []string{filepath.Dir(exe)}
	if macos := filepath.Dir(exe); filepath.Base(macos) == "MacOS" {
		if contents := filepath.Dir(macos); filepath.Base(contents) == "Contents" {
			if app := filepath.Dir(contents); strings.HasSuffix(app, ".app") {
				dirs = append(dirs, filepath.Dir(app))
			}
		}
	}
	for _, d := range dirs {
		if st, err := os.Stat(filepath.Join(d, Marker)); err == nil && !st.IsDir() {
			return d, true
		}
	}
	return "", false
}

// Setup turns portable mode on if the running executable has Marker beside
// it, before anything else of the program runs (Fyne reads its
// preferences when the app is made). It returns the data folder, or "" when
// the copy is not portable. The environment is redirected even if the data
// folder cannot be made (a read-only stick): then writes fail, and nothing
// reaches the computer instead.
func Setup() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", nil // cannot tell: an installed copy behaves as before
	}
	dir, ok := Find(exe)
	if !ok {
		return "", nil
	}
	return Use(filepath.Join(dir, DataFolder))
}

// Use puts everything the process writes under the folder d (made
// absolute), as Setup does for the data folder of a portable copy.
func Use(d string) (string, error) {
	d, err := filepath.Abs(d)
	if err != nil {
		return "", err
	}
	mu.Lock()
	data = d
	mu.Unlock()
	var errs []error
	for _, e := range Environment(d) {
		if err := os.Setenv(e[0], e[1]); err != nil {
			errs = append(errs, err)
		}
	}
	for _, sub := range Folders {
		if err := os.MkdirAll(filepath.Join(d, sub), 0o700); err != nil {
			errs = append(errs, err)
		}
	}
	return d, errors.Join(errs...)
}

// Data is the data folder once Setup found a portable copy, else "".
func Data() string {
	mu.Lock()
	defer mu.Unlock()
	return data
}

// Folders are made inside the data folder by Setup: the temp folder, and
// the per-user folders of this OS that libraries expect to exist.
var Folders = folders(runtime.GOOS)

func folders(goos string) []string {
	switch goos {
	case "windows":
		return []string{"tmp", filepath.Join("AppData", "Roaming"), filepath.Join("AppData", "Local")}
	case "darwin":
		return []string{"tmp", filepath.Join("Library", "Application Support"), filepath.Join("Library", "Caches")}
	default:
		return []string{"tmp", ".config", ".cache", filepath.Join(".local", "share"), filepath.Join(".local", "state")}
	}
}

// Environment is what Setup sets for the data folder d: the data folder is
// the home, with the OS's per-user folders inside it. All OSes' names are
// set (harmless where unused), so the layout is the same everywhere.
func Environment(d string) [][2]string {
	tmp := filepath.Join(d, "tmp")
	return [][2]string{
		// Windows: os.UserHomeDir (Fyne's storage), os.UserConfigDir,
		// os.UserCacheDir, GetTempPath (Go, SQLite).
		{"USERPROFILE", d},
		{"APPDATA", filepath.Join(d, "AppData", "Roaming")},
		{"LOCALAPPDATA", filepath.Join(d, "AppData", "Local")},
		{"TMP", tmp},
		{"TEMP", tmp},
		// Linux, BSD and macOS (whose per-user folders are under HOME).
		{"HOME", d},
		{"XDG_CONFIG_HOME", filepath.Join(d, ".config")},
		{"XDG_CACHE_HOME", filepath.Join(d, ".cache")},
		{"XDG_DATA_HOME", filepath.Join(d, ".local", "share")},
		{"XDG_STATE_HOME", filepath.Join(d, ".local", "state")},
		{"TMPDIR", tmp},
	}
}
