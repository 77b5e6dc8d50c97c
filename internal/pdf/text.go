package pdf

import (
	"errors"
	"fmt"
	"math"
)

// Glyph is one glyph of a shaped run. X and Y are the glyph's origin
// relative to the run's origin, in points, y growing downward: the layout
// engine has already added advances and mark offsets.
type Glyph struct {
	GID  uint16
	X, Y float64
}

// Cluster is the smallest piece of text that maps to a sequence of glyphs
// (a shaping cluster), given in the order the glyphs are drawn.
//
// How Text reaches a text extractor such as pdftotext:
//   - one glyph: the glyph's character code maps to Text in the font's
//     ToUnicode CMap. Codes are allocated per distinct (glyph, text) pair,
//     so the same glyph can stand for different text in different places;
//   - several glyphs (a Devanagari conjunct with a reordered vowel sign, a
//     Myanmar medial): the glyphs are wrapped in a marked-content span with
//     /ActualText Text, and their codes map to nothing;
//   - Text "": the glyphs map to nothing (for example an Arabic ligature
//     whose letters are given by Invisible clusters);
//   - no glyphs: nothing is drawn and the text is lost.
//
// Invisible clusters are drawn in text rendering mode 3 (neither filled nor
// stroked): they are not seen but are extracted, in drawing order. Width,
// if above zero for an invisible cluster of one glyph, is the advance in
// points that glyph takes: it is scaled horizontally (Tz) to fill exactly
// that space, so that extractors read the invisible letters of a ligature
// as one word, inside the visible glyph, not as text beside it.
type Cluster struct {
	Text      string
	Glyphs    []Glyph
	Invisible bool
	Width     float64
}

// textRun holds the text state while a run is written, as the viewer will
// compute it, so that positions are only corrected where they differ.
type textRun struct {
	c     *content
	f     *Font
	size  float64
	cur   *slot
	rise  float64
	mode  int
	pen   float64 // absolute x of the pen, in points
	inTJ  bool
	inHex bool
}

func (r *textRun) openTJ() {
	if !r.inTJ {
		r.c.b = append(r.c.b, '[')
		r.inTJ = true
	}
}

func (r *textRun) closeHex() {
	if r.inHex {
		r.c.b = append(r.c.b, '>')
		r.inHex = false
	}
}

func (r *textRun) closeTJ() {
	r.closeHex()
	if r.inTJ {
		r.c.op("] TJ")
		r.inTJ = false
	}
}

func (c *content) text(f *Font, size, x, y float64, col RGB, cls []Cluster) {
	d := c.d
	switch {
	case f == nil || f.d != d:
		d.fail(errors.New("pdf: font from another document"))
		return
	case !(size > 0) || math.IsInf(size, 0):
		d.failf("pdf: text size %v", size)
		return
	case math.IsNaN(x) || math.IsInf(x, 0) || math.IsNaN(y) || math.IsInf(y, 0):
		d.fail(errors.New("pdf: coordinate is not a finite number"))
		return
	}
	for _, cl := range cls {
		for _, g := range cl.Glyphs {
			if int(g.GID) >= f.numGlyphs {
				d.failf("pdf: font %s has no glyph %d", f.name, g.GID)
				return
			}
			if math.IsNaN(g.X) || math.IsInf(g.X, 0) || math.IsNaN(g.Y) || math.IsInf(g.Y, 0) {
				d.fail(errors.New("pdf: glyph position is not a finite number"))
				return
			}
		}
	}

	c.setFill(col)
	c.op("BT")
	ox := round3(x)
	c.num(ox)
	c.num(c.h - y)
	c.op("Td")
	r := textRun{c: c, f: f, size: size, pen: ox}
	for _, cl := range cls {
		if len(cl.Glyphs) == 0 {
			continue
		}
		mode := 0
		if cl.Invisible {
			mode = 3
		}
		if mode != r.mode {
			r.closeTJ()
			c.b = fmt.Appendf(c.b, "%d Tr\n", mode)
			r.mode = mode
		}
		span := len(cl.Glyphs) > 1 && cl.Text != ""
		if span {
			r.closeTJ()
			c.b = append(c.b, "/Span <</ActualText <FEFF"...)
			c.b = appendUTF16Hex(c.b, cl.Text)
			c.op(">>> BDC")
		}
		text := ""
		if len(cl.Glyphs) == 1 {
			text = cl.Text
		}
		if cl.Invisible && len(cl.Glyphs) == 1 && cl.Width > 0 && !math.IsInf(cl.Width, 0) {
			r.scaledGlyph(cl.Glyphs[0], x, text, cl.Width)
			continue
		}
		for _, g := range cl.Glyphs {
			r.glyph(g, x, text)
		}
		if span {
			r.closeTJ()
			c.op("EMC")
		}
	}
	r.closeTJ()
	if r.mode != 0 {
		c.op("0 Tr")
	}
	if r.rise != 0 {
		c.op("0 Ts")
	}
	c.op("ET")
}

// scaledGlyph shows one glyph at x0 + g.X, scaled horizontally so that
// its advance is width points, and leaves the pen after it unscaled.
func (r *textRun) scaledGlyph(g Glyph, x0 float64, text string, width float64) {
	natural := r.f.width(g.GID) * r.size / 1000
	if natural <= 0 {
		r.glyph(g, x0, text)
		return
	}
	cid, ok := r.prepare(g, text)
	if !ok {
		return
	}
	c := r.c
	r.move(x0 + g.X)
	r.closeTJ()
	c.num(round3(100 * width / natural))
	c.op("Tz")
	r.openTJ()
	c.b = append(c.b, '<')
	r.inHex = true
	c.b = appendHex16(c.b, cid)
	r.closeTJ()
	c.op("100 Tz")
	// The viewer's pen moved by the scaled advance, as rounded above.
	r.pen += natural * round3(100*width/natural) / 100
}

// prepare selects the font object holding g's code for text and sets the
// text rise for g; it returns the code.
func (r *textRun) prepare(g Glyph, text string) (uint16, bool) {
	c := r.c
	s, cid := r.f.cid(g.GID, text)
	if s == nil {
		return 0, false // too many codes; the error is recorded
	}
	if s != r.cur {
		r.closeTJ()
		c.b = append(c.b, '/')
		c.b = append(c.b, s.res...)
		c.b = append(c.b, ' ')
		c.num(r.size)
		c.op("Tf")
		r.cur = s
		if !containsSlot(c.fonts, s) {
			c.fonts = append(c.fonts, s)
		}
	}
	if rise := round3(-g.Y); rise != r.rise {
		r.closeTJ()
		c.num(rise)
		c.op("Ts")
		r.rise = rise
	}
	return cid, true
}

// glyph shows one glyph at x0 + g.X, moving the pen with a TJ adjustment
// when the previous glyph's advance did not bring it there.
func (r *textRun) glyph(g Glyph, x0 float64, text string) {
	c := r.c
	cid, ok := r.prepare(g, text)
	if !ok {
		return
	}
	r.move(x0 + g.X)
	r.openTJ()
	if !r.inHex {
		c.b = append(c.b, '<')
		r.inHex = true
	}
	c.b = appendHex16(c.b, cid)
	r.pen += r.f.width(g.GID) * r.size / 1000
}

// move brings the pen to x with a TJ adjustment. A TJ number n moves the
// pen by -n/1000 × size. Differences below half the precision promised are
// left alone: they come from rounding /W widths, and correcting them would
// only add noise, since the pen is compared with the absolute target for
// every glyph and so never drifts further.
func (r *textRun) move(x float64) {
	if dx := x - r.pen; math.Abs(dx) >= tolerance {
		adj := round3(-dx * 1000 / r.size)
		r.openTJ()
		r.closeHex()
		r.c.b = appendNum(r.c.b, adj)
		r.pen -= adj * r.size / 1000
	}
}

// tolerance is how far a glyph may sit from the position it was given,
// in points, before a TJ adjustment is written: a glyph is at most this
// plus the rounding of the adjustment (0.0005 × size / 1000) away.
const tolerance = 0.0005

func containsSlot(ss []*slot, s *slot) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
