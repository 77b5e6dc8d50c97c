package uifont

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype/tables"
)

var be = binary.BigEndian

// sfnt is a parsed TrueType (glyf) font: its tables and what merging needs.
type sfnt struct {
	tables    map[string][]byte
	upem      int
	numGlyphs int
	loca      []uint32 // numGlyphs+1 offsets into glyf
	advances  []uint16
	cmap      font.Cmap
}

func parse(b []byte) (*sfnt, error) {
	if len(b) < 12 {
		return nil, errors.New("font too short")
	}
	f := &sfnt{tables: map[string][]byte{}}
	n := int(be.Uint16(b[4:]))
	for i := range n {
		r := 12 + 16*i
		if r+16 > len(b) {
			return nil, errors.New("table directory truncated")
		}
		off, l := be.Uint32(b[r+8:]), be.Uint32(b[r+12:])
		if uint64(off)+uint64(l) > uint64(len(b)) {
			return nil, fmt.Errorf("table %q out of bounds", b[r:r+4])
		}
		f.tables[string(b[r:r+4])] = b[off : off+l]
	}
	head, maxp, hhea, hmtx, loca := f.tables["head"], f.tables["maxp"], f.tables["hhea"], f.tables["hmtx"], f.tables["loca"]
	if len(head) < 54 || len(maxp) < 6 || len(hhea) < 36 || f.tables["glyf"] == nil {
		return nil, errors.New("not a TrueType font with glyf outlines")
	}
	f.upem = int(be.Uint16(head[18:]))
	f.numGlyphs = int(be.Uint16(maxp[4:]))
	long := be.Uint16(head[50:]) == 1
	f.loca = make([]uint32, f.numGlyphs+1)
	for i := range f.loca {
		switch {
		case long && 4*i+4 <= len(loca):
			f.loca[i] = be.Uint32(loca[4*i:])
		case !long && 2*i+2 <= len(loca):
			f.loca[i] = 2 * uint32(be.Uint16(loca[2*i:]))
		default:
			return nil, errors.New("loca truncated")
		}
	}
	nh := int(be.Uint16(hhea[34:]))
	if nh == 0 || 4*nh > len(hmtx) {
		return nil, errors.New("hmtx truncated")
	}
	f.advances = make([]uint16, f.numGlyphs)
	for i := range f.advances {
		f.advances[i] = be.Uint16(hmtx[4*min(i, nh-1):])
	}
	raw, _, err := tables.ParseCmap(f.tables["cmap"])
	if err != nil {
		return nil, fmt.Errorf("cmap: %w", err)
	}
	if f.cmap, _, err = font.ProcessCmap(raw, 0); err != nil {
		return nil, fmt.Errorf("cmap: %w", err)
	}
	return f, nil
}

func (f *sfnt) glyph(g int) []byte {
	glyf := f.tables["glyf"]
	s, e := f.loca[g], f.loca[g+1]
	if s >= e || int(e) > len(glyf) {
		return nil
	}
	return glyf[s:e]
}

// Composite glyph flags.
const (
	argsAreWords    = 0x0001
	argsAreXY       = 0x0002
	haveScale       = 0x0008
	moreComponents  = 0x0020
	haveXYScale     = 0x0040
	have2x2         = 0x0080
	haveInstrutions = 0x0100
)

// components lists the glyphs a composite glyph is built from.
func components(g []byte) []int {
	if len(g) < 10 || int16(be.Uint16(g)) >= 0 {
		return nil
	}
	var out []int
	for p := 10; p+4 <= len(g); {
		flags := be.Uint16(g[p:])
		out = append(out, int(be.Uint16(g[p+2:])))
		p += 4 + compArgsLen(flags)
		if flags&moreComponents == 0 {
			break
		}
	}
	return out
}

func compArgsLen(flags uint16) int {
	n := 2
	if flags&argsAreWords != 0 {
		n = 4
	}
	switch {
	case flags&haveScale != 0:
		n += 2
	case flags&haveXYScale != 0:
		n += 4
	case flags&have2x2 != 0:
		n += 8
	}
	return n
}

func scale(v int, s float64) int { return int(math.Round(float64(v) * s)) }

// rewriteGlyph returns glyph g with its component glyph IDs mapped through
// remap, its coordinates multiplied by s, and its hinting instructions
// dropped (the merged font has no fpgm, prep or cvt, and Fyne does not hint).
func rewriteGlyph(g []byte, remap func(int) int, s float64) ([]byte, error) {
	if len(g) == 0 {
		return nil, nil
	}
	if len(g) < 10 {
		return nil, errors.New("glyph too short")
	}
	nc := int(int16(be.Uint16(g)))
	out := make([]byte, 10, len(g)+16)
	be.PutUint16(out, uint16(int16(nc)))
	for i := range 4 {
		be.PutUint16(out[2+2*i:], uint16(int16(scale(int(int16(be.Uint16(g[2+2*i:]))), s))))
	}
	if nc < 0 {
		for p := 10; ; {
			if p+4 > len(g) {
				return nil, errors.New("composite truncated")
			}
			flags := be.Uint16(g[p:])
			comp := remap(int(be.Uint16(g[p+2:])))
			n := compArgsLen(flags)
			if p+4+n > len(g) {
				return nil, errors.New("composite truncated")
			}
			args := g[p+4 : p+4+n]
			var a1, a2 int
			var rest []byte
			if flags&argsAreWords != 0 {
				a1, a2, rest = int(int16(be.Uint16(args))), int(int16(be.Uint16(args[2:]))), args[4:]
			} else if flags&argsAreXY != 0 {
				a1, a2, rest = int(int8(args[0])), int(int8(args[1])), args[2:]
			} else {
				a1, a2, rest = int(args[0]), int(args[1]), args[2:]
			}
			if flags&argsAreXY != 0 {
				a1, a2 = scale(a1, s), scale(a2, s)
			}
			nf := (flags | argsAreWords) &^ haveInstrutions
			out = be.AppendUint16(out, nf)
			out = be.AppendUint16(out, uint16(comp))
			out = be.AppendUint16(out, uint16(int16(a1)))
			out = be.AppendUint16(out, uint16(int16(a2)))
			out = append(out, rest...)
			p += 4 + n
			if flags&moreComponents == 0 {
				break
			}
		}
		return out, nil
	}
	p := 10 + 2*nc
	if p+2 > len(g) {
		return nil, errors.New("simple glyph truncated")
	}
	npts := 0
	if nc > 0 {
		npts = int(be.Uint16(g[p-2:])) + 1
	}
	out = append(out, g[10:p]...)
	out = append(out, 0, 0) // no instructions
	p += 2 + int(be.Uint16(g[p:]))
	if s == 1 {
		if p > len(g) {
			return nil, errors.New("simple glyph truncated")
		}
		return append(out, g[p:]...), nil
	}
	flags := make([]byte, 0, npts)
	for len(flags) < npts {
		if p >= len(g) {
			return nil, errors.New("flags truncated")
		}
		f := g[p]
		p++
		flags = append(flags, f)
		if f&8 != 0 {
			if p >= len(g) {
				return nil, errors.New("flags truncated")
			}
			for range int(g[p]) {
				flags = append(flags, f)
			}
			p++
		}
	}
	flags = flags[:npts]
	xs, ys := make([]int, npts), make([]int, npts)
	for axis, short, same := 0, byte(2), byte(16); axis < 2; axis, short, same = axis+1, 4, 32 {
		v := 0
		for i, f := range flags {
			switch {
			case f&short != 0:
				if p >= len(g) {
					return nil, errors.New("coordinates truncated")
				}
				d := int(g[p])
				p++
				if f&same == 0 {
					d = -d
				}
				v += d
			case f&same == 0:
				if p+2 > len(g) {
					return nil, errors.New("coordinates truncated")
				}
				v += int(int16(be.Uint16(g[p:])))
				p += 2
			}
			if axis == 0 {
				xs[i] = v
			} else {
				ys[i] = v
			}
		}
	}
	nflags := make([]byte, npts)
	var xb, yb []byte
	px, py := 0, 0
	for i := range npts {
		x, y := scale(xs[i], s), scale(ys[i], s)
		dx, dy := x-px, y-py
		px, py = x, y
		f := flags[i] & 1 // on-curve
		f, xb = encodeDelta(f, xb, dx, 2, 16)
		f, yb = encodeDelta(f, yb, dy, 4, 32)
		nflags[i] = f
	}
	out = append(out, nflags...)
	out = append(out, xb...)
	return append(out, yb...), nil
}

func encodeDelta(f byte, b []byte, d int, short, same byte) (byte, []byte) {
	switch {
	case d == 0:
		return f | same, b
	case d > -256 && d < 256:
		f |= short
		if d > 0 {
			f |= same
		} else {
			d = -d
		}
		return f, append(b, byte(d))
	}
	return f, be.AppendUint16(b, uint16(int16(d)))
}

// cmapTable writes a cmap with one format 12 subtable, for Unicode (0,4)
// and Windows full repertoire (3,10).
func cmapTable(m map[rune]int) []byte {
	rs := make([]rune, 0, len(m))
	for r := range m {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	type group struct {
		start, end rune
		gid        int
	}
	var gs []group
	for _, r := range rs {
		g := m[r]
		if n := len(gs); n > 0 && gs[n-1].end == r-1 && gs[n-1].gid+int(r-gs[n-1].start) == g {
			gs[n-1].end = r
			continue
		}
		gs = append(gs, group{r, r, g})
	}
	sub := make([]byte, 16, 16+12*len(gs))
	be.PutUint16(sub, 12)
	be.PutUint32(sub[4:], uint32(16+12*len(gs)))
	be.PutUint32(sub[12:], uint32(len(gs)))
	for _, g := range gs {
		sub = be.AppendUint32(sub, uint32(g.start))
		sub = be.AppendUint32(sub, uint32(g.end))
		sub = be.AppendUint32(sub, uint32(g.gid))
	}
	out := []byte{0, 0, 0, 2, 0, 0, 0, 4, 0, 0, 0, 20, 0, 3, 0, 10, 0, 0, 0, 20}
	return append(out, sub...)
}

// assemble writes an sfnt from its tables, sorted by tag, with checksums.
func assemble(ts map[string][]byte) []byte {
	tags := make([]string, 0, len(ts))
	size := 12 + 16*len(ts)
	for t, d := range ts {
		tags = append(tags, t)
		size += (len(d) + 3) &^ 3
	}
	sort.Strings(tags)
	out := make([]byte, 12+16*len(tags), size)
	be.PutUint32(out, 0x00010000)
	n := len(tags)
	be.PutUint16(out[4:], uint16(n))
	es := 0
	for 1<<(es+1) <= n {
		es++
	}
	be.PutUint16(out[6:], uint16(16<<es))
	be.PutUint16(out[8:], uint16(es))
	be.PutUint16(out[10:], uint16(16*n-16<<es))
	for i, t := range tags {
		d := ts[t]
		r := out[12+16*i:]
		copy(r, t)
		be.PutUint32(r[4:], checksum(d))
		be.PutUint32(r[8:], uint32(len(out)))
		be.PutUint32(r[12:], uint32(len(d)))
		out = append(out, d...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}

func checksum(d []byte) uint32 {
	var sum uint32
	for i := 0; i < len(d); i += 4 {
		var w [4]byte
		copy(w[:], d[i:])
		sum += be.Uint32(w[:])
	}
	return sum
}
