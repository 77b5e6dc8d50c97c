package export

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestIsPartialName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{".bundle.partial-123456", true},
		{".bundle.zip.age.partial-9", true},
		{".bundle.zip.age.zip-partial", true},
		{"bundle.partial-1", false},   // not hidden: a user's own file
		{".bundle.partial-", false},   // no digits
		{".bundle.partial-1a", false}, // not Writer's pattern
		{".partial-1", false},
		{".zip-partial", false},
		{"notes.txt", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isPartialName(tt.name); got != tt.want {
				t.Errorf("isPartialName(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

// A plaintext export killed halfway leaves its staging folder; the next
// export into that folder removes it once it has been untouched for an
// hour, and leaves everything else (and a running export's files) alone.
func TestCleanStale(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-2 * staleAge)
	mk := func(rel string, mod time.Time) string {
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o700)
		os.WriteFile(p, []byte("x"), 0o600)
		os.Chtimes(p, mod, mod)
		os.Chtimes(filepath.Dir(p), mod, mod)
		return p
	}
	staleBag := mk(".b1.partial-111/data/entries.json", old)
	os.Chtimes(filepath.Join(dir, ".b1.partial-111"), old, old)
	staleZip := mk(".b2.zip.age.partial-222", old)
	live := mk(".b3.partial-333/data/audio/recording-1.wav", time.Now()) // still being written
	os.Chtimes(filepath.Join(dir, ".b3.partial-333"), old, old)
	users := mk(".mine.partial-x", old)
	finished := mk("b4.zip", old)
	cleanStale(dir, time.Now())
	for p, want := range map[string]bool{filepath.Dir(filepath.Dir(staleBag)): false, staleZip: false, live: true, users: true, finished: true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s: exists %v, want %v", filepath.Base(p), err == nil, want)
		}
	}
}
