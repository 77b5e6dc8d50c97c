package portable_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/portable"
)

func TestFind(t *testing.T) {
	for _, tt := range []struct {
		name   string
		marker func(dir string) error
		want   bool
	}{
		{"marker file", func(d string) error { return os.WriteFile(filepath.Join(d, portable.Marker), nil, 0o600) }, true},
		{"no marker", func(string) error { return nil }, false},
		{"marker is a folder", func(d string) error { return os.Mkdir(filepath.Join(d, portable.Marker), 0o700) }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			exe := filepath.Join(dir, "kiroku.exe")
			if err := os.WriteFile(exe, nil, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := tt.marker(dir); err != nil {
				t.Fatal(err)
			}
			got, ok := portable.Find(exe)
			if ok != tt.want {
				t.Fatalf("Find = %q, %v; want %v", got, ok, tt.want)
			}
			if want := resolved(t, dir); ok && got != want {
				t.Fatalf("Find = %q, want %q", got, want)
			}
		})
	}
}

// A macOS app: the marker beside Kiroku.app, not inside the signed bundle.
func TestFindBesideAppBundle(t *testing.T) {
	dir := t.TempDir()
	macos := filepath.Join(dir, "Kiroku.app", "Contents", "MacOS")
	if err := os.MkdirAll(macos, 0o700); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(macos, "kiroku")
	if err := os.WriteFile(exe, nil, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, ok := portable.Find(exe); ok {
		t.Fatal("portable without a marker")
	}
	if err := os.WriteFile(filepath.Join(dir, portable.Marker), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if got, ok := portable.Find(exe); !ok || got != resolved(t, dir) {
		t.Fatalf("Find = %q, %v; want %q", got, ok, dir)
	}
}

// resolved is dir with symbolic links resolved, as Find reports it (macOS's
// temp folder is under the link /var).
func resolved(t *testing.T, dir string) string {
	t.Helper()
	r, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Every per-user folder the standard library hands to Kiroku and to the
// libraries it links (Fyne, go-text, SQLite through the temp folder) is
// inside the data folder once Use ran, on whichever OS the test runs.
func TestUseRedirectsPerUserFolders(t *testing.T) {
	for _, e := range portable.Environment("x") {
		t.Setenv(e[0], os.Getenv(e[0])) // restored after the test
	}
	d := t.TempDir()
	got, err := portable.Use(filepath.Join(d, "data"))
	if err != nil {
		t.Fatal(err)
	}
	if got != filepath.Join(d, "data") || portable.Data() != got {
		t.Fatalf("Use = %q, Data = %q", got, portable.Data())
	}
	home, err := os.UserHomeDir()
	if err != nil {
		t.Fatal(err)
	}
	config, err := os.UserConfigDir()
	if err != nil {
		t.Fatal(err)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range map[string]string{"home": home, "config": config, "cache": cache, "temp": os.TempDir()} {
		if !strings.HasPrefix(p, got+string(filepath.Separator)) && p != got {
			t.Errorf("%s folder %q is outside %q", name, p, got)
		}
	}
	for _, sub := range portable.Folders {
		if st, err := os.Stat(filepath.Join(got, sub)); err != nil || !st.IsDir() {
			t.Errorf("%s not made: %v", sub, err)
		}
	}
	f, err := os.CreateTemp("", "probe")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if !strings.HasPrefix(f.Name(), got) {
		t.Errorf("a temp file went to %s", f.Name())
	}
}
