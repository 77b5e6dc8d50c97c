package pdf

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sort"
)

// Composite glyph flags (OpenType glyf table).
const (
	argsAreWords   = 0x0001
	haveScale      = 0x0008
	moreComponents = 0x0020
	haveXYScale    = 0x0040
	have2x2        = 0x0080
)

// subset returns a TrueType font holding only the used glyphs, the
// components of composite ones, and glyph 0; every other glyph is empty,
// with zero metrics.
// Glyph IDs are kept, so the CIDToGIDMap can point at the original IDs and
// the hinting programs (cvt, fpgm, prep) still apply. The font has no cmap,
// post or name table: a CIDFontType2 with a CIDToGIDMap does not read
// them. tag is the six-letter subset prefix, derived from the glyph set.
func (f *Font) subset(used []bool) (font []byte, tag string, err error) {
	if err := f.addComponents(used); err != nil {
		return nil, "", err
	}

	// glyf and loca, glyphs aligned to four bytes.
	var glyf []byte
	offs := make([]int, f.numGlyphs+1)
	h := sha256.New()
	var gb [2]byte
	for g := range f.numGlyphs {
		offs[g] = len(glyf)
		if !used[g] {
			continue
		}
		binary.BigEndian.PutUint16(gb[:], uint16(g))
		h.Write(gb[:])
		s, e, _ := f.glyphRange(uint16(g))
		glyf = append(glyf, f.glyf[s:e]...)
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
	}
	offs[f.numGlyphs] = len(glyf)
	long := len(glyf) > 0x1FFFE
	var loca []byte
	if long {
		loca = make([]byte, 4*len(offs))
		for i, o := range offs {
			binary.BigEndian.PutUint32(loca[4*i:], uint32(o))
		}
	} else {
		loca = make([]byte, 2*len(offs))
		for i, o := range offs {
			binary.BigEndian.PutUint16(loca[2*i:], uint16(o/2))
		}
	}

	head := append([]byte(nil), f.tables["head"]...)
	binary.BigEndian.PutUint32(head[8:], 0) // checkSumAdjustment, set below
	if long {
		binary.BigEndian.PutUint16(head[50:], 1)
	} else {
		binary.BigEndian.PutUint16(head[50:], 0)
	}

	// hmtx with zeros for the glyphs left out: they are empty, and
	// zeros compress to almost nothing where the original metrics of
	// thousands of unused glyphs would not.
	hmtx := make([]byte, len(f.hmtx))
	for g := range f.numGlyphs {
		if !used[g] {
			continue
		}
		if g < f.numHM {
			copy(hmtx[4*g:4*g+4], f.hmtx[4*g:])
		} else {
			o := 4*f.numHM + 2*(g-f.numHM)
			copy(hmtx[o:o+2], f.hmtx[o:])
		}
	}
	if f.numHM < f.numGlyphs {
		// Glyphs past numberOfHMetrics take the last advance.
		o := 4 * (f.numHM - 1)
		copy(hmtx[o:o+2], f.hmtx[o:])
	}

	tables := map[string][]byte{"glyf": glyf, "loca": loca, "head": head, "hmtx": hmtx}
	for t, v := range f.tables {
		if tables[t] == nil {
			tables[t] = v
		}
	}
	font = assemble(tables)
	adj := 0xB1B0AFBA - checksum(font)
	// head's place in the assembled font: find it in the directory.
	for i := 0; i < len(tables); i++ {
		r := font[12+16*i:]
		if string(r[:4]) == "head" {
			off := binary.BigEndian.Uint32(r[8:])
			binary.BigEndian.PutUint32(font[off+8:], adj)
		}
	}

	sum := h.Sum(nil)
	t := make([]byte, 6)
	for i := range t {
		t[i] = 'A' + sum[i]%26
	}
	return font, string(t), nil
}

// addComponents marks the components of used composite glyphs as used,
// recursively.
func (f *Font) addComponents(used []bool) error {
	var stack []uint16
	for g, u := range used {
		if u {
			stack = append(stack, uint16(g))
		}
	}
	for len(stack) > 0 {
		g := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		s, e, _ := f.glyphRange(g)
		data := f.glyf[s:e]
		if len(data) < 10 || int16(binary.BigEndian.Uint16(data)) >= 0 {
			continue // empty or simple
		}
		p := 10
		for {
			if p+4 > len(data) {
				return fmt.Errorf("pdf: font %s: glyph %d: truncated composite", f.name, g)
			}
			flags := binary.BigEndian.Uint16(data[p:])
			c := binary.BigEndian.Uint16(data[p+2:])
			if int(c) >= f.numGlyphs {
				return fmt.Errorf("pdf: font %s: glyph %d: component %d out of range", f.name, g, c)
			}
			if !used[c] {
				used[c] = true
				stack = append(stack, c)
			}
			p += 4
			if flags&argsAreWords != 0 {
				p += 4
			} else {
				p += 2
			}
			switch {
			case flags&haveScale != 0:
				p += 2
			case flags&haveXYScale != 0:
				p += 4
			case flags&have2x2 != 0:
				p += 8
			}
			if flags&moreComponents == 0 {
				break
			}
		}
	}
	return nil
}

// assemble writes an sfnt file with the tables in tag order, each
// four-byte aligned, with their checksums.
func assemble(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	size := 12 + 16*len(tables)
	for t, v := range tables {
		tags = append(tags, t)
		size += (len(v) + 3) &^ 3
	}
	sort.Strings(tags)
	n := len(tags)
	pow := 1
	sel := 0
	for pow*2 <= n {
		pow *= 2
		sel++
	}
	out := make([]byte, 12+16*n, size)
	be := binary.BigEndian
	be.PutUint32(out, 0x00010000)
	be.PutUint16(out[4:], uint16(n))
	be.PutUint16(out[6:], uint16(16*pow))
	be.PutUint16(out[8:], uint16(sel))
	be.PutUint16(out[10:], uint16(16*n-16*pow))
	for i, t := range tags {
		v := tables[t]
		r := out[12+16*i:]
		copy(r, t)
		be.PutUint32(r[4:], checksum(v))
		be.PutUint32(r[8:], uint32(len(out)))
		be.PutUint32(r[12:], uint32(len(v)))
		out = append(out, v...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}

// checksum is the sfnt table checksum: the sum of big-endian 32-bit words,
// the last one padded with zeros.
func checksum(b []byte) uint32 {
	var sum uint32
	for len(b) >= 4 {
		sum += binary.BigEndian.Uint32(b)
		b = b[4:]
	}
	if len(b) > 0 {
		var w [4]byte
		copy(w[:], b)
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
