package pdf

import (
	"encoding/binary"
	"unicode/utf16"
)

// testGlyphs are the glyphs of the font testFont builds: simple outlines,
// a composite of two of them, a composite of that composite, and an empty
// glyph. The composites let tests check that the subset keeps components.
const (
	tgNotdef    = 0
	tgTriangle  = 1
	tgSquare    = 2
	tgComposite = 3 // triangle + square (scaled)
	tgNested    = 4 // composite 3, moved
	tgSpace     = 5
	tgCount     = 6
)

// testFont returns a small TrueType font (units per em 1000) with the
// glyphs above, for tests and as a fuzzing seed. fsType is written to
// OS/2.
func testFont(fsType uint16) []byte {
	be := binary.BigEndian
	u16 := func(b []byte, v ...uint16) []byte {
		for _, x := range v {
			b = be.AppendUint16(b, x)
		}
		return b
	}
	// simple builds a glyph with one closed contour through pts, all on
	// the curve, with two-byte coordinates.
	simple := func(pts ...[2]int16) []byte {
		xmin, ymin, xmax, ymax := pts[0][0], pts[0][1], pts[0][0], pts[0][1]
		for _, p := range pts {
			xmin, xmax = min(xmin, p[0]), max(xmax, p[0])
			ymin, ymax = min(ymin, p[1]), max(ymax, p[1])
		}
		b := u16(nil, 1, uint16(xmin), uint16(ymin), uint16(xmax), uint16(ymax))
		b = u16(b, uint16(len(pts)-1), 0) // end point, no instructions
		for range pts {
			b = append(b, 0x01) // on curve, x and y as int16 deltas
		}
		var px, py int16
		for _, p := range pts {
			b = u16(b, uint16(p[0]-px))
			px = p[0]
		}
		for _, p := range pts {
			b = u16(b, uint16(p[1]-py))
			py = p[1]
		}
		return b
	}
	composite := func(bbox [4]int16, parts ...[]byte) []byte {
		b := u16(nil, 0xFFFF, uint16(bbox[0]), uint16(bbox[1]), uint16(bbox[2]), uint16(bbox[3]))
		for _, p := range parts {
			b = append(b, p...)
		}
		return b
	}
	glyphs := [tgCount][]byte{
		tgNotdef:   simple([2]int16{50, 0}, [2]int16{50, 700}, [2]int16{450, 700}, [2]int16{450, 0}),
		tgTriangle: simple([2]int16{100, 0}, [2]int16{300, 700}, [2]int16{500, 0}),
		tgSquare:   simple([2]int16{100, 100}, [2]int16{100, 400}, [2]int16{400, 400}, [2]int16{400, 100}),
		tgComposite: composite([4]int16{100, 0, 900, 700},
			// words as arguments, more components follow
			u16(nil, argsAreWords|1<<1|moreComponents, tgTriangle, 0, 0),
			// byte arguments, a scale
			append(u16(nil, 1<<1|haveScale, tgSquare), 100, 0, 0x20, 0x00)),
		tgNested: composite([4]int16{150, 50, 950, 750},
			u16(nil, argsAreWords|1<<1, tgComposite, 50, 50)),
		tgSpace: nil,
	}
	var glyf, loca []byte
	for _, g := range glyphs {
		loca = be.AppendUint32(loca, uint32(len(glyf)))
		glyf = append(glyf, g...)
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
	}
	loca = be.AppendUint32(loca, uint32(len(glyf)))

	head := make([]byte, 54)
	be.PutUint32(head[0:], 0x00010000)
	be.PutUint32(head[12:], 0x5F0F3CF5)
	be.PutUint16(head[18:], 1000)
	be.PutUint16(head[40:], 1000) // xMax
	be.PutUint16(head[42:], 800)  // yMax
	be.PutUint16(head[50:], 1)    // long loca

	hhea := make([]byte, 36)
	be.PutUint32(hhea, 0x00010000)
	be.PutUint16(hhea[4:], 800)
	be.PutUint16(hhea[6:], 0xFF38) // -200
	be.PutUint16(hhea[34:], 4)     // glyphs 4 and 5 share the last advance

	maxp := u16(nil, 0, 0x5000, tgCount) // version 0.5
	hmtx := u16(nil, 500, 50, 600, 100, 500, 100, 1000, 100, 100, 0)

	os2 := make([]byte, 96)
	be.PutUint16(os2, 4)
	be.PutUint16(os2[8:], fsType)
	be.PutUint16(os2[88:], 700)

	post := make([]byte, 32)
	be.PutUint32(post, 0x00030000)

	ps := utf16.Encode([]rune("Kiroku-Test"))
	name := u16(nil, 0, 1, 6+12)
	name = u16(name, 3, 1, 0x409, 6, uint16(2*len(ps)), 0)
	name = u16(name, ps...)

	return assemble(map[string][]byte{
		"head": head, "hhea": hhea, "maxp": maxp, "hmtx": hmtx, "loca": loca,
		"glyf": glyf, "OS/2": os2, "post": post, "name": name,
	})
}
