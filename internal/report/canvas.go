package report

import (
	"slices"
	"strconv"

	"github.com/kiroku-app/kiroku/internal/pdf"
	"github.com/kiroku-app/kiroku/internal/typeset"
)

// ptPerMM converts the report's millimetres to PDF points.
const ptPerMM = 72 / 25.4

// canvas is the drawing state of the report over the streaming PDF writer:
// the current page, the current position (millimetres from the top left)
// and colours and line style, in the terms the layout code uses.
type canvas struct {
	doc   *pdf.Doc
	page  *pdf.Page
	fonts [typeset.NumFaces]*pdf.Font
	err   error // first font error; reported by Write

	y         float64
	lineWidth float64
	dash      []float64
	text      pdf.RGB
	fill      pdf.RGB
	draw      pdf.RGB

	onPage func() // draws the footer of a new page

	// scratch for clusters: the writer copies what it needs at once.
	cls    []pdf.Cluster
	glyphs []pdf.Glyph
}

func rgb(c [3]int) pdf.RGB { return pdf.RGB{R: uint8(c[0]), G: uint8(c[1]), B: uint8(c[2])} }

func (c *canvas) AddPage() {
	c.page = c.doc.AddPage(pageW*ptPerMM, pageH*ptPerMM)
	c.y = marginT
	if c.onPage != nil {
		c.onPage()
	}
	c.y = marginT
}

func (c *canvas) PageNo() int { return c.doc.PageCount() }

func (c *canvas) GetY() float64          { return c.y }
func (c *canvas) SetXY(_, y float64)     { c.y = y }
func (c *canvas) SetLineWidth(w float64) { c.lineWidth = w }

// SetDashPattern sets the dash of the lines drawn next, in millimetres; nil
// is solid.
func (c *canvas) SetDashPattern(d []float64, _ float64) {
	c.dash = nil
	for _, v := range d {
		c.dash = append(c.dash, v*ptPerMM)
	}
}

func (c *canvas) SetTextColor(r, g, b int) { c.text = rgb([3]int{r, g, b}) }
func (c *canvas) SetFillColor(r, g, b int) { c.fill = rgb([3]int{r, g, b}) }
func (c *canvas) SetDrawColor(r, g, b int) { c.draw = rgb([3]int{r, g, b}) }

func (c *canvas) Line(x1, y1, x2, y2 float64) {
	c.page.Line(x1*ptPerMM, y1*ptPerMM, x2*ptPerMM, y2*ptPerMM, c.lineWidth*ptPerMM, c.draw, c.dash)
}

// Rect fills a rectangle (the report only fills).
func (c *canvas) Rect(x, y, w, h float64, _ string) {
	c.page.Rect(x*ptPerMM, y*ptPerMM, w*ptPerMM, h*ptPerMM, c.fill)
}

// Bookmark adds an outline entry at y on the current page (y < 0: the
// current position).
func (c *canvas) Bookmark(title string, level int, y float64) {
	if y < 0 {
		y = c.y
	}
	c.doc.Outline(title, level, y*ptPerMM)
}

// dest names the link target of entry i.
func dest(i int) string { return "e" + strconv.Itoa(i) }

// SetDest makes name point at the current position.
func (c *canvas) SetDest(name string) { c.doc.Dest(name, c.y*ptPerMM) }

func (c *canvas) Link(x, y, w, h float64, name string) {
	c.page.Link(x*ptPerMM, y*ptPerMM, w*ptPerMM, h*ptPerMM, name)
}

func (c *canvas) font(f typeset.Face) *pdf.Font {
	if c.fonts[f] == nil {
		pf, err := c.doc.AddFont(f.Data())
		if err != nil {
			if c.err == nil {
				c.err = err
			}
			return nil
		}
		c.fonts[f] = pf
	}
	return c.fonts[f]
}

// clusters converts a typeset run for the PDF writer, in c's scratch
// buffers: valid until the next call.
func (c *canvas) clusters(run typeset.Run) []pdf.Cluster {
	n := 0
	for _, cl := range run.Clusters {
		n += len(cl.Glyphs)
	}
	c.cls, c.glyphs = c.cls[:0], slices.Grow(c.glyphs[:0], n)
	for _, cl := range run.Clusters {
		start := len(c.glyphs)
		for _, g := range cl.Glyphs {
			c.glyphs = append(c.glyphs, pdf.Glyph{GID: g.GID, X: g.X, Y: g.Y})
		}
		c.cls = append(c.cls, pdf.Cluster{Text: cl.Text, Glyphs: c.glyphs[start:len(c.glyphs):len(c.glyphs)],
			Invisible: cl.Invisible, Width: cl.Width})
	}
	return c.cls
}

// drawLine draws a laid-out line with its left edge at x (millimetres) and
// its baseline at base, in the text colour; size is in points.
func (c *canvas) drawLine(l typeset.Line, x, base, size float64) {
	for _, run := range l.Runs {
		f := c.font(run.Face)
		if f == nil {
			continue
		}
		c.page.Text(f, size, x*ptPerMM+run.X, base*ptPerMM, c.text, c.clusters(run))
	}
}
