package pdf

import (
	"errors"
	"math"
	"slices"
)

// Page is the page being drawn. Coordinates are in points from the
// top-left corner of the page, y growing downward. A Page is written out
// when the next one is added or the document is closed; drawing on it
// after that is an error.
type Page struct {
	d     *Doc
	w, h  float64
	obj   int
	c     *content // nil once written
	links []link
}

type link struct {
	x1, y1, x2, y2 float64 // PDF user space
	dest           string
}

// Later is a Form XObject whose content is known only at the end, such as
// the page total in "3 / 120": pages draw it with Use while it is still
// empty, and its text is set with Text before Close writes it.
type Later struct {
	d    *Doc
	w, h float64
	obj  int
	res  string
	c    content
}

// content is a content stream being assembled (a page's or a Later's),
// with the graphics state it has set, so that repeated colours and line
// styles are written once.
type content struct {
	d *Doc
	b []byte
	h float64 // height of the page or box, to turn y around

	fill, stroke    RGB
	fillOK, strokOK bool
	lw              float64
	lwOK            bool
	dash            []float64
	dashOK          bool

	fonts []*slot
	xobjs []*Later
}

func (c *content) reset(h float64) {
	*c = content{d: c.d, b: c.b[:0], h: h, fonts: c.fonts[:0], xobjs: c.xobjs[:0], dash: c.dash[:0]}
}

// usable reports whether drawing may go on, recording an error when it
// may not.
func (p *Page) usable() bool {
	if p.d.err != nil {
		return false
	}
	if p.c == nil {
		p.d.fail(errPageDone)
		return false
	}
	return true
}

var errPageDone = errors.New("pdf: drawing on a page that was already written")

// num appends a number, refusing NaN and infinities, which would make the
// file unreadable.
func (c *content) num(v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		c.d.fail(errors.New("pdf: coordinate is not a finite number"))
		v = 0
	}
	c.b = appendNum(c.b, v)
	c.b = append(c.b, ' ')
}

func (c *content) op(s string) {
	c.b = append(c.b, s...)
	c.b = append(c.b, '\n')
}

func (c *content) setFill(col RGB) {
	if c.fillOK && c.fill == col {
		return
	}
	c.fill, c.fillOK = col, true
	c.color(col)
	c.op("rg")
}

func (c *content) setStroke(col RGB) {
	if c.strokOK && c.stroke == col {
		return
	}
	c.stroke, c.strokOK = col, true
	c.color(col)
	c.op("RG")
}

func (c *content) color(col RGB) {
	for _, v := range [3]uint8{col.R, col.G, col.B} {
		c.num(float64(v) / 255)
	}
}

// Rect fills the rectangle with its top-left corner at x, y.
func (p *Page) Rect(x, y, w, h float64, fill RGB) {
	if !p.usable() {
		return
	}
	c := p.c
	c.setFill(fill)
	c.num(x)
	c.num(c.h - y - h)
	c.num(w)
	c.num(h)
	c.op("re f")
}

// Line strokes a straight line of the given width. dash lists the lengths
// of dashes and gaps; nil draws a solid line.
func (p *Page) Line(x1, y1, x2, y2, width float64, col RGB, dash []float64) {
	if !p.usable() {
		return
	}
	c := p.c
	c.setStroke(col)
	if !c.lwOK || c.lw != width {
		c.lw, c.lwOK = width, true
		c.num(width)
		c.op("w")
	}
	if !c.dashOK || !slices.Equal(c.dash, dash) {
		c.dash, c.dashOK = append(c.dash[:0], dash...), true
		c.b = append(c.b, '[')
		for i, v := range dash {
			if i > 0 {
				c.b = append(c.b, ' ')
			}
			c.b = appendNum(c.b, v)
		}
		c.op("] 0 d")
	}
	c.num(x1)
	c.num(c.h - y1)
	c.op("m")
	c.num(x2)
	c.num(c.h - y2)
	c.op("l S")
}

// Text draws a shaped run of text with its origin (the left end of the
// baseline) at x, y, in the given size in points and colour. See Cluster
// for how the text is written so that it extracts as it was given.
func (p *Page) Text(f *Font, size, x, y float64, col RGB, cl []Cluster) {
	if !p.usable() {
		return
	}
	p.c.text(f, size, x, y, col, cl)
}

// Link makes the rectangle with its top-left corner at x, y a link to the
// named destination, which may be defined later, even on a later page (see
// Doc.Dest). Close fails if it is never defined.
func (p *Page) Link(x, y, w, h float64, dest string) {
	if !p.usable() {
		return
	}
	p.links = append(p.links, link{x, p.h - y - h, x + w, p.h - y, dest})
	if _, ok := p.d.dests[dest]; !ok {
		p.d.linked[dest] = true
	}
}

// Use draws l with its top-left corner at x, y.
func (p *Page) Use(l *Later, x, y float64) {
	if !p.usable() {
		return
	}
	if l == nil || l.d != p.d {
		p.d.fail(errors.New("pdf: Later from another document"))
		return
	}
	c := p.c
	if !slices.Contains(c.xobjs, l) {
		c.xobjs = append(c.xobjs, l)
	}
	c.op("q")
	c.b = append(c.b, "1 0 0 1 "...)
	c.num(x)
	c.num(c.h - y - l.h)
	c.op("cm")
	c.b = append(c.b, '/')
	c.b = append(c.b, l.res...)
	c.op(" Do Q")
}

// finishPage writes the current page: its content stream, its link
// annotations and the page object. Only its object number stays.
func (d *Doc) finishPage() {
	p := d.page
	if p == nil {
		return
	}
	d.page = nil
	c := p.c
	p.c = nil
	contents := d.alloc()
	d.stream(contents, nil, c.b)
	annots := make([]int, len(p.links))
	for i, l := range p.links {
		annots[i] = d.alloc()
		b := append(d.buf[:0], "<< /Type /Annot /Subtype /Link /Rect ["...)
		for i, v := range [4]float64{l.x1, l.y1, l.x2, l.y2} {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendNum(b, v)
		}
		b = append(b, "] /Border [0 0 0] /Dest "...)
		b = appendLiteral(b, l.dest)
		b = append(b, " >>"...)
		d.obj(annots[i], b)
		d.buf = b[:0]
	}
	p.links = nil

	b := append(d.buf[:0], "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 "...)
	b = appendNum(b, p.w)
	b = append(b, ' ')
	b = appendNum(b, p.h)
	b = append(b, "] /Resources "...)
	b = c.appendResources(b)
	b = append(b, " /Contents "...)
	b = appendRef(b, contents)
	if len(annots) > 0 {
		b = append(b, " /Annots ["...)
		for i, n := range annots {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendRef(b, n)
		}
		b = append(b, ']')
	}
	b = append(b, " >>"...)
	d.obj(p.obj, b)
	d.buf = b[:0]
}

func (c *content) appendResources(b []byte) []byte {
	b = append(b, "<<"...)
	if len(c.fonts) > 0 {
		b = append(b, " /Font <<"...)
		for _, s := range c.fonts {
			b = append(b, " /"...)
			b = append(b, s.res...)
			b = append(b, ' ')
			b = appendRef(b, s.obj)
		}
		b = append(b, " >>"...)
	}
	if len(c.xobjs) > 0 {
		b = append(b, " /XObject <<"...)
		for _, l := range c.xobjs {
			b = append(b, " /"...)
			b = append(b, l.res...)
			b = append(b, ' ')
			b = appendRef(b, l.obj)
		}
		b = append(b, " >>"...)
	}
	return append(b, " >>"...)
}

// NewLater makes an empty Later of w × h points.
func (d *Doc) NewLater(w, h float64) *Later {
	l := &Later{d: d, w: w, h: h, obj: d.alloc(), res: d.resName('X')}
	l.c = content{d: d, h: h}
	d.later = append(d.later, l)
	return l
}

// Text draws text inside l, with x, y relative to its top-left corner, as
// Page.Text does. It must be called before Close.
func (l *Later) Text(f *Font, size, x, y float64, col RGB, cl []Cluster) {
	if l.d.err != nil {
		return
	}
	if l.d.done {
		l.d.fail(ErrClosed)
		return
	}
	l.c.text(f, size, x, y, col, cl)
}

func (l *Later) write() {
	d := l.d
	b := []byte(" /Type /XObject /Subtype /Form /BBox [0 0 ")
	b = appendNum(b, l.w)
	b = append(b, ' ')
	b = appendNum(b, l.h)
	b = append(b, "] /Resources "...)
	b = l.c.appendResources(b)
	d.stream(l.obj, b, l.c.b)
	l.c = content{}
}
