package secretclip

import (
	"errors"
	"runtime"
	"testing"
)

// Where nothing is wired, Set says so rather than pretending: the caller
// then copies through Fyne and the text is not marked.
func TestSetSaysUnsupported(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("wired on Windows")
	}
	if err := Set("KEY"); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("Set: %v, want ErrUnsupported", err)
	}
}
