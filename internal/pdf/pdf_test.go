package pdf_test

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/assets"
	"github.com/kiroku-app/kiroku/internal/pdf"
)

const a4w, a4h = 595.28, 841.89

var black = pdf.RGB{}

// sample writes the document most tests look at: two pages with Japanese,
// Latin, a multi-glyph cluster, an invisible cluster, one glyph carrying
// two texts, text above U+FFFF, a raised glyph, graphics, a forward link,
// bookmarks and a page total known only at the end.
func sample(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	d := pdf.New(&buf, testInfo)
	f, err := d.AddFont(assets.FontGothic)
	if err != nil {
		t.Fatal(err)
	}
	total := d.NewLater(30, 12)
	footer := func(p *pdf.Page) {
		n := fmt.Sprintf("Page %d / ", d.PageCount())
		cl := clusters(t, f, 9, n)
		p.Text(f, 9, 280, 810, black, cl)
		w := 0.0
		for _, c := range cl {
			w += advance(f, c.Glyphs[0].GID, 9)
		}
		p.Use(total, 280+w, 810-9)
	}

	p := d.AddPage(a4w, a4h)
	d.Outline("第1章 Chapter", 0, 50)
	p.Text(f, 12, 50, 60, black, clusters(t, f, 12, "日本語のテキスト、記録です。"))
	p.Text(f, 12, 50, 80, pdf.RGB{R: 0x20, G: 0x40, B: 0x90}, clusters(t, f, 12, "Latin text: Hello, World! 123"))
	d.Outline("節 Section", 1, 90)

	// ガ drawn as カ and a separate voiced mark: one cluster, two glyphs.
	ka, dakuten := gid(t, 'カ'), gid(t, '゛')
	cl := []pdf.Cluster{{Text: "ガ", Glyphs: []pdf.Glyph{{GID: ka}, {GID: dakuten, X: 6, Y: -2}}}}
	x := advance(f, ka, 12)
	for _, c := range clusters(t, f, 12, "イド") {
		c.Glyphs[0].X += x
		cl = append(cl, c)
	}
	p.Text(f, 12, 50, 100, black, cl)

	// ⑫ shown, 12 extracted: the visible glyph maps to nothing and the
	// digits are drawn invisibly inside its advance, as the layout does
	// for Arabic ligatures.
	c12 := gid(t, '⑫')
	cl = []pdf.Cluster{{Text: "", Glyphs: []pdf.Glyph{{GID: c12}}}}
	x = 0
	for _, c := range clusters(t, f, 12, "12") {
		c.Invisible = true
		c.Glyphs[0].X = x
		x += advance(f, c.Glyphs[0].GID, 12) * 0.9
		cl = append(cl, c)
	}
	for _, c := range clusters(t, f, 12, "番地") {
		c.Glyphs[0].X += advance(f, c12, 12)
		cl = append(cl, c)
	}
	p.Text(f, 12, 50, 120, black, cl)

	// One glyph, two texts; a character above U+FFFF; a raised glyph.
	x = 0
	cl = nil
	for _, c := range []struct {
		text string
		r    rune
		y    float64
	}{{"x", 'x', 0}, {"×", 'x', 0}, {"x", 'x', 0}, {"𠮷", '吉', 0}, {"野", '野', 0}, {"°", '°', -4}} {
		g := gid(t, c.r)
		cl = append(cl, pdf.Cluster{Text: c.text, Glyphs: []pdf.Glyph{{GID: g, X: x, Y: c.y}}})
		x += advance(f, g, 12)
	}
	p.Text(f, 12, 50, 140, black, cl)

	p.Rect(50, 160, 200, 20, pdf.RGB{R: 0xee, G: 0xee, B: 0xee})
	p.Line(50, 190, 250, 190, 0.5, pdf.RGB{R: 0xcc}, []float64{3, 2})
	p.Line(50, 195, 250, 195, 1, black, nil)
	p.Text(f, 12, 50, 220, pdf.RGB{B: 0xff}, clusters(t, f, 12, "次のページへ"))
	p.Link(50, 208, 72, 14, "entry-2")
	footer(p)

	p = d.AddPage(a4w, a4h)
	d.Outline("第2章 Chapter", 0, 50)
	d.Dest("entry-2", 50)
	p.Text(f, 12, 50, 60, black, clusters(t, f, 12, "二ページ目"))
	footer(p)

	total.Text(f, 9, 0, 9, black, clusters(t, f, 9, fmt.Sprint(d.PageCount())))
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	b := sample(t)
	path := writeFile(t, b)

	got := runTool(t, "pdftotext", "-enc", "UTF-8", path, "-")
	want := []string{
		"日本語のテキスト、記録です。",
		"Latin text: Hello, World! 123",
		"ガイド",
		"12番地",
		"x×x𠮷野°",
		"次のページへ",
		"Page 1 / 2",
		"\f二ページ目",
		"Page 2 / 2",
		"\f",
	}
	var lines []string
	for _, l := range strings.Split(got, "\n") {
		if l != "" {
			lines = append(lines, l)
		}
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("pdftotext:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}

	fonts := runTool(t, "pdffonts", path)
	re := regexp.MustCompile(`(?m)^[A-Z]{6}\+IPAexGothic-Identity-H +CID TrueType +Identity-H +yes yes yes `)
	if !re.MatchString(fonts) || strings.Count(fonts, "\n") != 3 {
		t.Errorf("pdffonts: want one embedded, subset CID TrueType font with ToUnicode:\n%s", fonts)
	}

	info := runTool(t, "pdfinfo", path)
	for _, w := range []string{
		"Title:           記録 report — テスト\n",
		"Producer:        Kiroku test\n",
		"Creator:         Kiroku test\n",
		"Pages:           2\n",
		"PDF version:     1.7\n",
		"Page size:       595.28 x 841.89 pts (A4)\n",
	} {
		if !strings.Contains(info, w) {
			t.Errorf("pdfinfo: no %q in\n%s", w, info)
		}
	}
	// The destination is defined on page 2, after the link to it.
	dests := runTool(t, "pdfinfo", "-dests", path)
	if !regexp.MustCompile(`(?m)^ +2 \[ XYZ null +792 null +\] "entry-2"$`).MatchString(dests) {
		t.Errorf("pdfinfo -dests:\n%s", dests)
	}
}

// TestLinksAndOutlines reads links and bookmarks back with pdftohtml, the
// poppler tool that prints both.
func TestLinksAndOutlines(t *testing.T) {
	path := writeFile(t, sample(t))
	out := filepath.Join(t.TempDir(), "x")
	runTool(t, "pdftohtml", "-q", "-xml", "-i", path, out)
	x, err := os.ReadFile(out + ".xml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(x)
	for _, w := range []string{
		`<item page="1">第1章 Chapter</item>`,
		`<outline>`, // the nested list of the first chapter
		`<item page="1">節 Section</item>`,
		`<item page="2">第2章 Chapter</item>`,
		`<a href="x.html#2">次のページへ</a>`,
	} {
		if !strings.Contains(s, w) {
			t.Errorf("pdftohtml -xml: no %q in\n%s", w, s)
		}
	}
}

func TestRender(t *testing.T) {
	path := writeFile(t, sample(t))
	out := filepath.Join(t.TempDir(), "page")
	runTool(t, "pdftoppm", "-r", "50", "-png", path, out)
	fh, err := os.Open(out + "-1.png")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	img, err := png.Decode(fh)
	if err != nil {
		t.Fatal(err)
	}
	// The first line of Japanese: glyphs drawn from the subset leave dark
	// pixels; a subset that lost its outlines leaves none.
	dark := 0
	r := 50.0 / 72
	for y := int(48 * r); y < int(62*r); y++ {
		for x := int(50 * r); x < int(220*r); x++ {
			if c, _, _, _ := img.At(x, y).RGBA(); c < 0x8000 {
				dark++
			}
		}
	}
	if dark < 100 {
		t.Errorf("first line rendered %d dark pixels; glyphs missing?", dark)
	}
}

func TestDeterministic(t *testing.T) {
	a, b := sample(t), sample(t)
	if !bytes.Equal(a, b) {
		t.Fatal("the same document gave different bytes")
	}
	if !bytes.Contains(a, []byte("/ID [<")) {
		t.Fatal("no /ID")
	}
}

// Invisible letters wider than the visible glyph they stand for are
// scaled (Cluster.Width) into its advance, so the extractor reads them in
// place, as part of the line: ㈱ drawn, (株) copied. Without the scaling
// pdftotext put them on a line of their own.
func TestInvisibleLettersScaledIntoGlyph(t *testing.T) {
	var buf bytes.Buffer
	d := pdf.New(&buf, testInfo)
	f, err := d.AddFont(assets.FontGothic)
	if err != nil {
		t.Fatal(err)
	}
	p := d.AddPage(a4w, a4h)
	const size = 12
	kabu := gid(t, '㈱')
	w := advance(f, kabu, size)
	cl := clusters(t, f, size, "山田")
	x := 0.0
	for _, c := range cl {
		x += advance(f, c.Glyphs[0].GID, size)
	}
	cl = append(cl, pdf.Cluster{Glyphs: []pdf.Glyph{{GID: kabu, X: x}}})
	letters := []rune("(株)")
	for i, r := range letters {
		slot := w / float64(len(letters))
		cl = append(cl, pdf.Cluster{Text: string(r), Invisible: true, Width: slot,
			Glyphs: []pdf.Glyph{{GID: gid(t, r), X: x + slot*float64(i)}}})
	}
	x += w
	for _, c := range clusters(t, f, size, "商事") {
		c.Glyphs[0].X += x
		cl = append(cl, c)
	}
	p.Text(f, size, 50, 60, black, cl)
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	out := runTool(t, "pdftotext", "-enc", "UTF-8", writeFile(t, buf.Bytes()), "-")
	if got := strings.TrimSpace(out); got != "山田(株)商事" {
		t.Errorf("pdftotext: %q, want 山田(株)商事", got)
	}
}
