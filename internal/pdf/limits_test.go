package pdf_test

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/assets"
	"github.com/kiroku-app/kiroku/internal/pdf"
)

func TestSubsetSize(t *testing.T) {
	var buf bytes.Buffer
	d := pdf.New(&buf, testInfo)
	f, err := d.AddFont(assets.FontGothic)
	if err != nil {
		t.Fatal(err)
	}
	p := d.AddPage(a4w, a4h)
	const kanji = "記録証拠職場上司会議発言日時所内容相談弁"
	if n := len([]rune(kanji)); n != 20 {
		t.Fatalf("%d kanji", n)
	}
	p.Text(f, 12, 50, 60, black, clusters(t, f, 12, kanji))
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("one page with 20 kanji: %d bytes (IPAex: %d bytes)", buf.Len(), len(assets.FontGothic))
	if buf.Len() >= 60_000 {
		t.Errorf("%d bytes, want under 60 KB", buf.Len())
	}
	path := writeFile(t, buf.Bytes())
	if got := runTool(t, "pdftotext", "-enc", "UTF-8", path, "-"); strings.TrimSpace(got) != kanji {
		t.Errorf("pdftotext: %q", got)
	}
}

// TestCompositeGlyphs draws only composite glyphs of a small font and
// renders them: they show only if the subset kept their components.
func TestCompositeGlyphs(t *testing.T) {
	var buf bytes.Buffer
	d := pdf.New(&buf, pdf.Info{})
	f, err := d.AddFont(pdf.TestFont(0))
	if err != nil {
		t.Fatal(err)
	}
	p := d.AddPage(200, 100)
	p.Text(f, 50, 20, 70, black, []pdf.Cluster{
		{Text: "c", Glyphs: []pdf.Glyph{{GID: pdf.TestGlyphNested}}},
		{Text: " ", Glyphs: []pdf.Glyph{{GID: pdf.TestGlyphSpace, X: 50}}},
		{Text: "c", Glyphs: []pdf.Glyph{{GID: pdf.TestGlyphComposite, X: 100}}},
	})
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, buf.Bytes())
	if got := runTool(t, "pdffonts", path); !regexp.MustCompile(`[A-Z]{6}\+Kiroku-Test-Identity-H +CID TrueType +Identity-H +yes yes yes`).MatchString(got) {
		t.Errorf("pdffonts:\n%s", got)
	}
	out := filepath.Join(t.TempDir(), "c")
	runTool(t, "pdftoppm", "-r", "72", "-png", path, out)
	fh, err := os.Open(out + "-1.png")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	img, err := png.Decode(fh)
	if err != nil {
		t.Fatal(err)
	}
	// Each composite covers part of its 50 × 50 pt em square.
	for _, x0 := range []int{20, 120} {
		dark := 0
		for y := 20; y < 70; y++ {
			for x := x0; x < x0+50; x++ {
				if c, _, _, _ := img.At(x, y).RGBA(); c < 0x8000 {
					dark++
				}
			}
		}
		if dark < 300 {
			t.Errorf("composite at x=%d: %d dark pixels", x0, dark)
		}
	}
}

// TestManyCodes draws more (glyph, text) pairs than one PDF font can hold
// (65535), so that a second font object is opened for the same face.
func TestManyCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 70,000 distinct codes")
	}
	var buf bytes.Buffer
	d := pdf.New(&buf, pdf.Info{})
	f, err := d.AddFont(assets.FontGothic)
	if err != nil {
		t.Fatal(err)
	}
	const n, perPage = 70_000, 2_000
	ga := gid(t, 'a')
	var p *pdf.Page
	for i := range n {
		if i%perPage == 0 {
			p = d.AddPage(a4w, a4h)
		}
		j := i % perPage
		// Every glyph its own word: "w<i>".
		p.Text(f, 6, 20+float64(j%20)*28, 20+float64(j/20)*8, black,
			[]pdf.Cluster{{Text: fmt.Sprintf("w%d", i), Glyphs: []pdf.Glyph{{GID: ga}}}})
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, buf.Bytes())
	fonts := runTool(t, "pdffonts", path)
	if c := strings.Count(fonts, "CID TrueType"); c != 2 {
		t.Errorf("pdffonts: %d fonts, want 2:\n%s", c, fonts)
	}
	// Words from the first font, across the switch, and from the second.
	for _, pg := range []int{1, 33, 35} {
		got := strings.Fields(runTool(t, "pdftotext", "-raw", "-f", fmt.Sprint(pg), "-l", fmt.Sprint(pg), path, "-"))
		if len(got) != perPage {
			t.Errorf("page %d: %d words, want %d", pg, len(got), perPage)
			continue
		}
		for j, w := range got {
			if want := fmt.Sprintf("w%d", (pg-1)*perPage+j); w != want {
				t.Errorf("page %d: word %d is %q, want %q", pg, j, w, want)
				break
			}
		}
	}
}

// TestCodeLimit does the same cheaply with the limit lowered, checking that
// a run switches fonts mid-way and still extracts in order.
func TestCodeLimit(t *testing.T) {
	defer pdf.SetMaxCIDs(3)()
	var buf bytes.Buffer
	d := pdf.New(&buf, pdf.Info{})
	f, err := d.AddFont(assets.FontGothic)
	if err != nil {
		t.Fatal(err)
	}
	const s = "あいうえおかきくけこあいう"
	d.AddPage(a4w, a4h).Text(f, 12, 50, 50, black, clusters(t, f, 12, s))
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, buf.Bytes())
	if got := runTool(t, "pdftotext", path, "-"); strings.TrimSpace(got) != s {
		t.Errorf("pdftotext: %q", got)
	}
	// 10 distinct pairs, 3 per font.
	if c := strings.Count(runTool(t, "pdffonts", path), "CID TrueType"); c != 4 {
		t.Errorf("%d fonts, want 4", c)
	}
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(b []byte) (int, error) { w.n += int64(len(b)); return len(b), nil }

// TestMemoryPerPage writes 3,000 pages of 40 lines each and checks that
// the heap does not grow with them: each page is written and dropped.
func TestMemoryPerPage(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 3,000 pages")
	}
	var out countingWriter
	d := pdf.New(&out, testInfo)
	f, err := d.AddFont(assets.FontGothic)
	if err != nil {
		t.Fatal(err)
	}
	const line = "2026年12月6日 14:05 会議室Bで上司から「辞めろ」と言われた。Witness: Sato."
	cl := clusters(t, f, 10, line)
	var ms runtime.MemStats
	heap := func() uint64 {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapInuse
	}
	const pages, lines = 3000, 40
	var before uint64
	for i := range pages {
		p := d.AddPage(a4w, a4h)
		for j := range lines {
			p.Text(f, 10, 40, 40+float64(j)*18, black, cl)
		}
		p.Link(40, 30, 100, 12, fmt.Sprintf("e%d", i))
		d.Dest(fmt.Sprintf("e%d", i), 40)
		if i == 100 {
			before = heap()
		}
	}
	after := heap()
	glyphs := pages * lines * len(cl)
	written := out.n
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	growth := int64(after) - int64(before)
	t.Logf("%d glyphs, %d bytes written before Close, %d in all; heap %d -> %d (%+d) bytes",
		glyphs, written, out.n, before, after, growth)
	// The content streams alone are over 6 bytes a glyph uncompressed
	// (over 30 MB here); what stays per page is a few object numbers and
	// its destination's name.
	if growth > 4<<20 {
		t.Errorf("heap grew by %d bytes over %d pages", growth, pages-100)
	}
}

type failingWriter struct {
	left int
	err  error
}

func (w *failingWriter) Write(b []byte) (int, error) {
	if len(b) > w.left {
		n := w.left
		w.left = 0
		return n, w.err
	}
	w.left -= len(b)
	return len(b), nil
}

func TestWriterError(t *testing.T) {
	boom := errors.New("disk full")
	write := func(w io.Writer) error {
		d := pdf.New(w, testInfo)
		f, err := d.AddFont(assets.FontGothic)
		if err != nil {
			t.Fatal(err)
		}
		// Enough pages and kanji for well over the 64 KB buffered inside,
		// so that some writes fail while pages stream out.
		for i := range 40 {
			p := d.AddPage(a4w, a4h)
			for j := range 10 {
				var line []rune
				for k := range 20 {
					if r := rune(0x4E00 + i*200 + j*20 + k); hasGlyph(t, r) {
						line = append(line, r)
					}
				}
				p.Text(f, 12, 50, 50+float64(j)*20, black, clusters(t, f, 12, string(line)))
			}
		}
		err = d.Close()
		if err2 := d.Close(); err2 != err {
			t.Errorf("second Close: %v, first: %v", err2, err)
		}
		return err
	}
	var all countingWriter
	if err := write(&all); err != nil {
		t.Fatal(err)
	}
	full := int(all.n)
	if full < 3<<16 {
		t.Fatalf("document of %d bytes is too small for the test", full)
	}
	for _, n := range []int{0, 1, 15, 100, 1<<16 - 1, 1 << 16, 1<<16 + 1, full / 2, full - 1, full} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			err := write(&failingWriter{left: n, err: boom})
			if n == full {
				if err != nil {
					t.Errorf("Close: %v with room for the whole file", err)
				}
				return
			}
			if !errors.Is(err, boom) {
				t.Errorf("Close: %v, want %v", err, boom)
			}
		})
	}
}

func TestMisuse(t *testing.T) {
	tests := []struct {
		name string
		do   func(d *pdf.Doc, f *pdf.Font)
		want string
	}{
		{"no pages", func(d *pdf.Doc, f *pdf.Font) {}, "no pages"},
		{"glyph out of range", func(d *pdf.Doc, f *pdf.Font) {
			d.AddPage(100, 100).Text(f, 10, 0, 10, black, []pdf.Cluster{{Text: "x", Glyphs: []pdf.Glyph{{GID: 60000}}}})
		}, "no glyph 60000"},
		{"undefined destination", func(d *pdf.Doc, f *pdf.Font) { d.AddPage(100, 100).Link(0, 0, 10, 10, "nowhere") }, `"nowhere"`},
		{"destination twice", func(d *pdf.Doc, f *pdf.Font) {
			d.AddPage(100, 100)
			d.Dest("a", 0)
			d.Dest("a", 5)
		}, "twice"},
		{"destination before page", func(d *pdf.Doc, f *pdf.Font) { d.Dest("a", 0); d.AddPage(100, 100) }, "before AddPage"},
		{"outline before page", func(d *pdf.Doc, f *pdf.Font) { d.Outline("a", 0, 0); d.AddPage(100, 100) }, "before AddPage"},
		{"finished page", func(d *pdf.Doc, f *pdf.Font) {
			p := d.AddPage(100, 100)
			d.AddPage(100, 100)
			p.Rect(0, 0, 1, 1, black)
		}, "already written"},
		{"NaN", func(d *pdf.Doc, f *pdf.Font) {
			var z float64
			d.AddPage(100, 100).Line(0, 0, z/z, 1, 1, black, nil)
		}, "finite"},
		{"zero size", func(d *pdf.Doc, f *pdf.Font) {
			d.AddPage(100, 100).Text(f, 0, 0, 10, black, nil)
		}, "size"},
		{"font of another document", func(d *pdf.Doc, f *pdf.Font) {
			other, _ := pdf.New(io.Discard, pdf.Info{}).AddFont(assets.FontGothic)
			d.AddPage(100, 100).Text(other, 10, 0, 10, black, nil)
		}, "another document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := pdf.New(io.Discard, pdf.Info{})
			f, err := d.AddFont(assets.FontGothic)
			if err != nil {
				t.Fatal(err)
			}
			tt.do(d, f)
			err = d.Close()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Close: %v, want an error with %q", err, tt.want)
			}
		})
	}
}

// TestManyDestinations links to more destinations than one name-tree node
// holds, each defined on a later page than its link.
func TestManyDestinations(t *testing.T) {
	var buf bytes.Buffer
	d := pdf.New(&buf, pdf.Info{})
	const n = 700
	d.AddPage(a4w, a4h)
	for i := range n {
		p := d.AddPage(a4w, a4h)
		if i+1 < n {
			p.Link(10, 10, 10, 10, fmt.Sprintf("d%04d", i+1))
		}
		d.Dest(fmt.Sprintf("d%04d", i), 20)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, buf.Bytes())
	out := runTool(t, "pdfinfo", "-dests", path)
	re := regexp.MustCompile(`(?m)^ +(\d+) \[ XYZ null +822 null +\] "d(\d{4})"$`)
	m := re.FindAllStringSubmatch(out, -1)
	if len(m) != n {
		t.Fatalf("pdfinfo -dests lists %d destinations, want %d", len(m), n)
	}
	for _, x := range m {
		page, _ := strconv.Atoi(x[1])
		i, _ := strconv.Atoi(x[2])
		if page != i+2 {
			t.Errorf("d%04d on page %d, want %d", i, page, i+2)
		}
	}
}

func TestOutlineNesting(t *testing.T) {
	var buf bytes.Buffer
	d := pdf.New(&buf, pdf.Info{})
	for i, lv := range []int{0, 1, 2, 1, 0, 3, 0} {
		d.AddPage(100, 100)
		d.Outline(fmt.Sprintf("b%d", i), lv, 0)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, buf.Bytes())
	out := filepath.Join(t.TempDir(), "x")
	runTool(t, "pdftohtml", "-q", "-xml", "-i", path, out)
	x, err := os.ReadFile(out + ".xml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(x)
	s = strings.ReplaceAll(s[strings.Index(s, "<outline>"):strings.LastIndex(s, "</outline>")+10], "\n", "")
	// A level two deeper than the last one nests one level down.
	want := `<outline><item page="1">b0</item><outline><item page="2">b1</item><outline><item page="3">b2</item></outline>` +
		`<item page="4">b3</item></outline><item page="5">b4</item><outline><item page="6">b5</item></outline>` +
		`<item page="7">b6</item></outline>`
	if s != want {
		t.Errorf("outline:\n%s\nwant:\n%s", s, want)
	}
}

func FuzzAddFont(f *testing.F) {
	f.Add(pdf.TestFont(0))
	f.Add(pdf.TestFont(0x0100))
	f.Add([]byte("OTTO\x00\x01"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d := pdf.New(io.Discard, pdf.Info{})
		font, err := d.AddFont(b)
		if err != nil {
			return
		}
		// Draw every glyph, so that Close subsets them all.
		var cl []pdf.Cluster
		for g := range min(font.NumGlyphs(), 1000) {
			cl = append(cl, pdf.Cluster{Text: "x", Glyphs: []pdf.Glyph{{GID: uint16(g), X: float64(g)}}})
			_ = font.Advance(uint16(g))
		}
		d.AddPage(100, 100).Text(font, 10, 0, 10, black, cl)
		d.Close()
	})
}
