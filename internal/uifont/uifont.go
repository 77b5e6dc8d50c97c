// Package uifont builds, in memory, the one font the UI's theme gives Fyne
// for the app's own labels, buttons, menus, entries and dialogs.
//
// Fyne draws a string with a fixed chain of faces: the theme's font for the
// text style, Fyne's bundled Noto Sans, its emoji font, then whatever fonts
// the system has (fyne internal/painter/font.go). A theme supplies exactly
// one font per style, and a machine without fonts for Devanagari, Myanmar,
// Arabic or Chinese draws boxes. So the theme's font must itself cover every
// script the UI shows at once: a Nepali label holds Devanagari, Latin and a
// Japanese legal term, and every language menu names each language in its
// own script.
//
// For builds a TrueType font from the fonts embedded in the binary (package
// assets): the Noto fonts for Devanagari, Myanmar, Arabic, Thai and Khmer
// with all their glyphs and their OpenType layout tables (so HarfBuzz,
// through go-text, still forms conjuncts, reorders Myanmar and joins Arabic),
// plus the outlines of IPAex Gothic and Droid Sans Fallback for the
// characters they add, scaled to 1000 units per em. The UI language decides
// the order, which is what a character found in two fonts is drawn with:
// Japanese uses IPAex first (Japanese glyph forms, full-width punctuation);
// Simplified Chinese uses Droid Sans Fallback first (Chinese forms); every
// other language takes Han characters from IPAex (the Japanese legal terms
// in its strings) and leaves Latin, Greek and Cyrillic to Fyne's own Noto
// Sans, which follows in Fyne's chain and has bold and italic faces.
//
// The font is built once per language at run time and never written to
// disk: no second copy of the large fonts in the binary, and the licences
// of the embedded files (IPA Font License, OFL, Apache) are met by shipping
// them unmodified.
package uifont

import (
	"fmt"
	"sync"
	"unicode/utf16"

	"github.com/kiroku-app/kiroku/assets"
)

// source is one font that goes into a merged font.
type source struct {
	data []byte
	// layout keeps all the font's glyphs and its GSUB, GPOS and GDEF.
	layout bool
	// take says which of its characters the font may provide; nil: all.
	take func(rune) bool
}

// Line box of the merged fonts, in units of 1000 per em. Fyne sizes each
// line of text from the hhea ascender and descender of the face that has
// the space, and draws into a texture exactly that tall. The Japanese box
// is the one the theme gave IPAex Gothic before (1960/-560 of 2048); a
// language whose script reaches further gets its font's own box.
const (
	baseAscender  = 957
	baseDescender = -273
)

var (
	mu    sync.Mutex
	cache = map[string][]byte{}
)

// For returns the UI font for the UI language lang (a tag of package i18n),
// building it on first use. fallback is the TrueType font that comes next in
// Fyne's chain (its Noto Sans): except in Japanese, its characters are left
// to it. The returned bytes must not be modified.
func For(lang string, fallback []byte) ([]byte, error) {
	mu.Lock()
	defer mu.Unlock()
	if b, ok := cache[lang]; ok {
		return b, nil
	}
	srcs, asc, desc, err := plan(lang, fallback)
	if err != nil {
		return nil, err
	}
	b, err := build(srcs, asc, desc)
	if err != nil {
		return nil, fmt.Errorf("ui font for %s: %w", lang, err)
	}
	cache[lang] = b
	return b, nil
}

// plan returns the sources of lang's font, in order, and its line box.
func plan(lang string, fallback []byte) ([]source, int, int, error) {
	leaveToFallback := func(rune) bool { return false }
	if lang != "ja" && lang != "ja-x-easy" && fallback != nil {
		fb, err := parse(fallback)
		if err != nil {
			return nil, 0, 0, fmt.Errorf("fallback font: %w", err)
		}
		leaveToFallback = func(r rune) bool {
			if keepHere(r) {
				return false
			}
			_, ok := fb.cmap.Lookup(r)
			return ok
		}
	}
	notFallback := func(r rune) bool { return !leaveToFallback(r) }
	scripts := map[string][]byte{
		"ne": assets.FontDevanagari, "my": assets.FontMyanmar, "ar": assets.FontArabic,
		"th": assets.FontThai, "km": assets.FontKhmer,
	}
	order := []string{"ne", "my", "ar", "th", "km"}
	var srcs []source
	asc, desc := baseAscender, baseDescender
	if b, ok := scripts[lang]; ok {
		f, err := parse(b)
		if err != nil {
			return nil, 0, 0, err
		}
		hhea := f.tables["hhea"]
		asc = max(asc, int(int16(be.Uint16(hhea[4:]))))
		desc = min(desc, int(int16(be.Uint16(hhea[6:]))))
		srcs = append(srcs, source{data: b, layout: true, take: notFallback})
	}
	gothic := source{data: assets.FontGothic, take: notFallback}
	chinese := source{data: assets.FontChinese, take: notFallback}
	switch lang {
	case "ja", "ja-x-easy":
		srcs = append(srcs, gothic)
	case "zh-Hans":
		srcs = append(srcs, chinese)
	}
	for _, l := range order {
		if l != lang {
			srcs = append(srcs, source{data: scripts[l], layout: true, take: notFallback})
		}
	}
	switch lang {
	case "ja", "ja-x-easy":
		srcs = append(srcs, chinese)
	case "zh-Hans":
		srcs = append(srcs, gothic)
	default:
		srcs = append(srcs, gothic, chinese)
	}
	return srcs, asc, desc, nil
}

// keepHere says which characters the merged font keeps even where the
// fallback has them: the space, whose face decides the line box, and the
// invisible characters a shaped run of Devanagari, Myanmar or Arabic
// contains (joiners, the dotted circle for a mark without a base), which
// must not split the run into another font.
func keepHere(r rune) bool {
	switch {
	case r == ' ', r == 0xa0, r == 0x34f, r == 0x25cc, r == 0x2060:
		return true
	case r >= 0x200b && r <= 0x200f:
		return true
	}
	return false
}

// glyphRef is a glyph of the merged font: glyph gid of source src.
type glyphRef struct{ src, gid int }

func build(srcs []source, asc, desc int) ([]byte, error) {
	fonts := make([]*sfnt, len(srcs))
	for i, s := range srcs {
		f, err := parse(s.data)
		if err != nil {
			return nil, fmt.Errorf("font %d: %w", i, err)
		}
		fonts[i] = f
	}
	const upem = 1000
	var glyphs []glyphRef
	remap := make([]map[int]int, len(srcs))
	var layout []layoutMember
	cmap := map[rune]int{}
	if !srcs[0].layout {
		glyphs = append(glyphs, glyphRef{0, 0}) // .notdef
		remap[0] = map[int]int{0: 0}
	}
	var add func(si, g int) int
	add = func(si, g int) int {
		if n, ok := remap[si][g]; ok {
			return n
		}
		n := len(glyphs)
		remap[si][g] = n
		glyphs = append(glyphs, glyphRef{si, g})
		if g < fonts[si].numGlyphs {
			for _, c := range components(fonts[si].glyph(g)) {
				if c < fonts[si].numGlyphs {
					add(si, c)
				}
			}
		}
		return n
	}
	for si, s := range srcs {
		f := fonts[si]
		if remap[si] == nil {
			remap[si] = map[int]int{}
		}
		if s.layout {
			if f.upem != upem {
				return nil, fmt.Errorf("font %d: layout fonts must have %d units per em", si, upem)
			}
			off := len(glyphs)
			for g := range f.numGlyphs {
				remap[si][g] = off + g
				glyphs = append(glyphs, glyphRef{si, g})
			}
			layout = append(layout, layoutMember{f: f, gidOff: off})
		}
		it := f.cmap.Iter()
		for it.Next() {
			r, g := it.Char()
			if _, taken := cmap[r]; taken || int(g) >= f.numGlyphs || (s.take != nil && !s.take(r)) {
				continue
			}
			cmap[r] = add(si, int(g))
		}
	}
	if len(glyphs) > 0xffff {
		return nil, fmt.Errorf("%d glyphs: more than a font can hold", len(glyphs))
	}

	// Outlines and metrics.
	var glyf []byte
	loca := make([]byte, 0, 4*(len(glyphs)+1))
	hmtx := make([]byte, 0, 4*len(glyphs))
	xMin, yMin, xMax, yMax := 0, 0, 0, 0
	maxAdv := 0
	for _, gr := range glyphs {
		f := fonts[gr.src]
		s := float64(upem) / float64(f.upem)
		m := remap[gr.src]
		g, err := rewriteGlyph(f.glyph(gr.gid), func(c int) int { return m[c] }, s)
		if err != nil {
			return nil, fmt.Errorf("font %d glyph %d: %w", gr.src, gr.gid, err)
		}
		loca = be.AppendUint32(loca, uint32(len(glyf)))
		glyf = append(glyf, g...)
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		adv := scale(int(f.advances[gr.gid]), s)
		lsb := 0
		if len(g) >= 10 {
			i16 := func(o int) int { return int(int16(be.Uint16(g[o:]))) }
			lsb = i16(2)
			xMin, yMin = min(xMin, i16(2)), min(yMin, i16(4))
			xMax, yMax = max(xMax, i16(6)), max(yMax, i16(8))
		}
		maxAdv = max(maxAdv, adv)
		hmtx = be.AppendUint16(hmtx, uint16(adv))
		hmtx = be.AppendUint16(hmtx, uint16(int16(lsb)))
	}
	loca = be.AppendUint32(loca, uint32(len(glyf)))

	first := fonts[0]
	head := append([]byte(nil), first.tables["head"][:54]...)
	be.PutUint32(head[8:], 0) // checksumAdjustment: not computed
	be.PutUint16(head[18:], upem)
	for i, v := range []int{xMin, yMin, xMax, yMax} {
		be.PutUint16(head[36+2*i:], uint16(int16(v)))
	}
	be.PutUint16(head[50:], 1) // long loca

	hhea := append([]byte(nil), first.tables["hhea"][:36]...)
	be.PutUint16(hhea[4:], uint16(int16(asc)))
	be.PutUint16(hhea[6:], uint16(int16(desc)))
	be.PutUint16(hhea[8:], 0)
	be.PutUint16(hhea[10:], uint16(maxAdv))
	be.PutUint16(hhea[34:], uint16(len(glyphs)))

	maxp := make([]byte, 32)
	be.PutUint32(maxp, 0x00010000)
	be.PutUint16(maxp[4:], uint16(len(glyphs)))
	for _, f := range fonts {
		if t := f.tables["maxp"]; len(t) >= 32 {
			for o := 6; o < 32; o += 2 {
				be.PutUint16(maxp[o:], max(be.Uint16(maxp[o:]), be.Uint16(t[o:])))
			}
		}
	}
	be.PutUint16(maxp[14:], 1) // maxZones
	for o := 16; o <= 26; o += 2 {
		be.PutUint16(maxp[o:], 0) // no hinting programs
	}

	os2 := append([]byte(nil), first.tables["OS/2"]...)
	if len(os2) >= 78 {
		be.PutUint16(os2[68:], uint16(int16(asc)))
		be.PutUint16(os2[70:], uint16(int16(desc)))
		be.PutUint16(os2[72:], 0)
		be.PutUint16(os2[74:], uint16(asc))
		be.PutUint16(os2[76:], uint16(-desc))
	}

	post := make([]byte, 32)
	be.PutUint32(post, 0x00030000)

	ts := map[string][]byte{
		"head": head, "hhea": hhea, "maxp": maxp, "OS/2": os2, "post": post,
		"name": nameTable(), "cmap": cmapTable(cmap),
		"glyf": glyf, "loca": loca, "hmtx": hmtx,
	}
	if len(layout) > 0 {
		keep := func(tag string) bool {
			switch tag {
			case "arab", "dev2", "deva", "mym2", "mymr", "thai", "khmr":
				return true
			}
			return false
		}
		gd := mergeGDEF(layout)
		ts["GDEF"] = gd.table
		for _, tag := range []string{"GSUB", "GPOS"} {
			t, err := mergeLayout(tag, layout, gd, keep)
			if err != nil {
				return nil, err
			}
			if t != nil {
				ts[tag] = t
			}
		}
	}
	return assemble(ts), nil
}

// nameTable names the merged font "Kiroku UI": it is none of its sources
// (the IPA Font License forbids a derived font to carry IPA's names).
func nameTable() []byte {
	names := []struct {
		id int
		s  string
	}{
		{0, "Built by Kiroku at run time from IPAex Gothic (IPA Font License), Noto Sans fonts (OFL 1.1) and Droid Sans Fallback (Apache 2.0)"},
		{1, "Kiroku UI"}, {2, "Regular"}, {4, "Kiroku UI"}, {6, "KirokuUI"},
	}
	out := make([]byte, 6+12*len(names))
	be.PutUint16(out[2:], uint16(len(names)))
	be.PutUint16(out[4:], uint16(len(out)))
	var str []byte
	for i, n := range names {
		var u []byte
		for _, c := range utf16.Encode([]rune(n.s)) {
			u = be.AppendUint16(u, c)
		}
		r := out[6+12*i:]
		be.PutUint16(r, 3)
		be.PutUint16(r[2:], 1)
		be.PutUint16(r[4:], 0x409)
		be.PutUint16(r[6:], uint16(n.id))
		be.PutUint16(r[8:], uint16(len(u)))
		be.PutUint16(r[10:], uint16(len(str)))
		str = append(str, u...)
	}
	return append(out, str...)
}
