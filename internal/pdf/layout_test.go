package pdf_test

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"testing"

	"github.com/kiroku-app/kiroku/assets"
	"github.com/kiroku-app/kiroku/internal/pdf"
)

// TestGlyphPositions checks with pdftotext -bbox that every glyph lands
// where it was asked to, to 0.001 pt, for glyph positions that need TJ
// adjustments forwards and backwards and text rise.
func TestGlyphPositions(t *testing.T) {
	type want struct{ x, y float64 }
	wants := map[string]want{}
	var buf bytes.Buffer
	d := pdf.New(&buf, testInfo)
	f, err := d.AddFont(assets.FontGothic)
	if err != nil {
		t.Fatal(err)
	}
	p := d.AddPage(a4w, a4h)
	letters := []rune("ABCDEFGHJKLMNPQRSTUVWXYZ")
	for run, size := range []float64{5, 12, 33.3, 48} {
		x0, y0 := 20.123+float64(run)*0.0004, 100+float64(run)*150.4567
		var cl []pdf.Cluster
		for i := range 6 {
			r := letters[run*6+i]
			// Alternate forwards and backwards, with odd fractions and
			// some raised or lowered glyphs.
			gx := float64(i)*1.7*size + 0.0137*float64(i*i)
			if i%2 == 1 {
				gx = float64(6-i)*1.7*size + 0.3331
			}
			gy := []float64{0, -0.25, 0, 3.1416, -10.5, 0}[i] * size / 12
			cl = append(cl, pdf.Cluster{Text: string(r), Glyphs: []pdf.Glyph{{GID: gid(t, r), X: gx, Y: gy}}})
			wants[string(r)] = want{x0 + gx, y0 + gy}
		}
		p.Text(f, size, x0, y0, black, cl)
		// A reference glyph on the baseline for the y comparison.
		ref := fmt.Sprint(run)
		p.Text(f, size, x0, y0, black, clusters(t, f, size, ref))
		wants[ref] = want{x0, y0}
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, buf.Bytes())
	out := runTool(t, "pdftotext", "-bbox", path, "-")
	re := regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="[0-9.]+" yMax="[0-9.]+">([^<]+)</word>`)
	got := map[string][2]float64{}
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		x, _ := strconv.ParseFloat(m[1], 64)
		y, _ := strconv.ParseFloat(m[2], 64)
		got[m[3]] = [2]float64{x, y}
	}
	if len(got) != len(wants) {
		t.Fatalf("pdftotext found %d words, want %d:\n%s", len(got), len(wants), out)
	}
	for run := range 4 {
		ref := got[fmt.Sprint(run)]
		refY := wants[fmt.Sprint(run)].y
		for _, r := range letters[run*6 : run*6+6] {
			w, g := wants[string(r)], got[string(r)]
			// yMin is the baseline less the ascent, the same for glyphs of
			// one run, so differences of yMin are differences of baselines.
			gy := g[1] - ref[1] + refY
			if math.Abs(g[0]-w.x) > 0.001 || math.Abs(gy-w.y) > 0.001 {
				t.Errorf("%c at (%.6f, %.6f), want (%.6f, %.6f)", r, g[0], gy, w.x, w.y)
			}
		}
	}
}
