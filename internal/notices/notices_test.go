package notices

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite assets/THIRD_PARTY_NOTICES.txt")

// The committed notices are what the module graph says now: a module added,
// removed or updated without regenerating them (make notices) fails here.
func TestThirdPartyNoticesUpToDate(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	got, err := Generate(goCmd, root)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "assets", "THIRD_PARTY_NOTICES.txt")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("assets/THIRD_PARTY_NOTICES.txt is out of date: run make notices")
	}
	for _, s := range []string{"github.com/mattn/go-sqlite3", "github.com/gen2brain/malgo", "fyne.io/fyne/v2", "golang.org/x/crypto",
		"theme/font/LICENSE", "glfw/LICENSE.md", "The Go programming language", "IPA", "public domain"} {
		if !strings.Contains(string(got), s) {
			t.Errorf("the notices lack %q", s)
		}
	}
	if strings.Contains(string(got), os.Getenv("HOME")+"/") || strings.Contains(string(got), "/pkg/mod/") {
		t.Error("the notices name a local path")
	}
}
