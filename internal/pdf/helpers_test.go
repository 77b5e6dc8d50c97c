package pdf_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-text/typesetting/font"

	"github.com/kiroku-app/kiroku/assets"
	"github.com/kiroku-app/kiroku/internal/pdf"
)

// needTool returns the path of an external program, skipping the test when
// it is missing unless KIROKU_REQUIRE_TOOLS is set (as in CI), where a
// missing tool is a failure.
func needTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("KIROKU_REQUIRE_TOOLS") != "" {
			t.Fatalf("%s is required (KIROKU_REQUIRE_TOOLS is set): %v", name, err)
		}
		t.Skipf("%s not installed: %v", name, err)
	}
	return p
}

// runTool runs a program and returns its standard output; a non-zero exit
// or anything on standard error (poppler's "Syntax Error", "Internal
// Error" ...) fails the test.
func runTool(t testing.TB, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(needTool(t, name), args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, errb.String())
	}
	if errb.Len() > 0 {
		t.Fatalf("%s %s wrote to stderr:\n%s", name, strings.Join(args, " "), errb.String())
	}
	return out.String()
}

func writeFile(t testing.TB, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

var (
	gothicOnce sync.Once
	gothicFace *font.Face
	gothicErr  error
)

// gothic returns IPAex Gothic parsed by go-text, for its cmap.
func gothic(t testing.TB) *font.Face {
	t.Helper()
	gothicOnce.Do(func() {
		gothicFace, gothicErr = font.ParseTTF(bytes.NewReader(assets.FontGothic))
	})
	if gothicErr != nil {
		t.Fatal(gothicErr)
	}
	return gothicFace
}

func gid(t testing.TB, r rune) uint16 {
	t.Helper()
	g, ok := gothic(t).NominalGlyph(r)
	if !ok {
		t.Fatalf("IPAex has no glyph for %q", r)
	}
	return uint16(g)
}

// clusters lays s out as one cluster per rune with the font's advances, as
// a shaper would for simple scripts.
func clusters(t testing.TB, f *pdf.Font, size float64, s string) []pdf.Cluster {
	t.Helper()
	var cl []pdf.Cluster
	x := 0.0
	for _, r := range s {
		g := gid(t, r)
		cl = append(cl, pdf.Cluster{Text: string(r), Glyphs: []pdf.Glyph{{GID: g, X: x}}})
		x += advance(f, g, size)
	}
	return cl
}

func advance(f *pdf.Font, g uint16, size float64) float64 {
	return float64(f.Advance(g)) * size / float64(f.UnitsPerEm())
}

var testInfo = pdf.Info{
	Title:    "記録 report — テスト",
	Lang:     "ja",
	Producer: "Kiroku test",
	Created:  time.Date(2026, 12, 6, 15, 4, 5, 0, time.FixedZone("JST", 9*3600)),
}

func hasGlyph(t testing.TB, r rune) bool {
	_, ok := gothic(t).NominalGlyph(r)
	return ok
}
