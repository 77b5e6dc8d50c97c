package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrUnsupportedFont is returned (wrapped) by AddFont for fonts that are
// well formed but cannot be embedded: CFF outlines, font collections, and
// fonts whose licence forbids embedding.
var ErrUnsupportedFont = errors.New("pdf: unsupported font")

// maxCIDs is the number of character codes one PDF font object holds
// (two-byte codes, code 0 left to .notdef). A variable so that tests can
// reach the limit cheaply.
var maxCIDs = 0xFFFF

// Font is a TrueType font added to a Doc. Its glyphs are drawn by glyph
// ID; the glyphs used are embedded as a subset when the Doc is closed.
type Font struct {
	d    *Doc
	data []byte
	name string // PostScript name, reduced to characters safe in a PDF name

	upem      int
	numGlyphs int
	numHM     int
	hmtx      []byte
	locaLong  bool
	loca      []byte
	glyf      []byte
	tables    map[string][]byte // tables copied into the subset
	bbox      [4]int16
	ascent    int16
	descent   int16
	capHeight int16
	italic    float64
	fixed     bool
	noSubset  bool // fsType forbids subsetting: embed every glyph

	cids  map[cidKey]cidRef
	one   map[uint64]cidRef // the same for texts of at most one character, by gid<<32 | rune (fast path)
	slots []*slot
}

type cidKey struct {
	gid  uint16
	text string
}

type cidRef struct {
	slot int
	cid  uint16
}

// slot is one PDF font object (Type0) for a face. A face needs more than
// one when more than 65535 distinct (glyph, text) pairs are drawn with it.
type slot struct {
	obj   int
	res   string
	gids  []uint16 // gids[cid-1]
	texts []string // texts[cid-1]; "" for no ToUnicode entry
}

// AddFont parses a TrueType font (glyf outlines) for use in d. The bytes
// are kept, not copied, until Close and must not change. Malformed fonts
// give an error; CFF-flavoured OpenType and collections give
// ErrUnsupportedFont.
func (d *Doc) AddFont(ttf []byte) (*Font, error) {
	if d.done {
		return nil, ErrClosed
	}
	f, err := parseFont(ttf)
	if err != nil {
		return nil, err
	}
	f.d = d
	d.fonts = append(d.fonts, f)
	return f, nil
}

// UnitsPerEm returns the size of the font's design grid.
func (f *Font) UnitsPerEm() int { return f.upem }

// NumGlyphs returns the number of glyphs in the font; valid glyph IDs are
// below it.
func (f *Font) NumGlyphs() int { return f.numGlyphs }

// Advance returns the advance width of a glyph in font units, 0 for a
// glyph the font does not have.
func (f *Font) Advance(gid uint16) int {
	if int(gid) >= f.numGlyphs {
		return 0
	}
	i := min(int(gid), f.numHM-1)
	return int(binary.BigEndian.Uint16(f.hmtx[4*i:]))
}

// width is the advance in the units of the /W array (1/1000 em), rounded
// as it is written there.
func (f *Font) width(gid uint16) float64 {
	return round3(float64(f.Advance(gid)) * 1000 / float64(f.upem))
}

// cid returns the slot and code for a (glyph, text) pair, allocating one
// on first use. It returns nil when the document has failed.
func (f *Font) cid(gid uint16, text string) (*slot, uint16) {
	// Most glyphs stand for one character: look those up by number, not
	// by hashing a string.
	var ok1 bool
	var k1 uint64
	switch c, size := utf8.DecodeRuneInString(text); {
	case text == "":
		k1, ok1 = uint64(gid)<<32|noText, true
	case size == len(text) && c != utf8.RuneError:
		k1, ok1 = uint64(gid)<<32|uint64(c), true
	}
	k := cidKey{gid, text}
	if ok1 {
		if r, ok := f.one[k1]; ok {
			return f.slots[r.slot], r.cid
		}
	} else if r, ok := f.cids[k]; ok {
		return f.slots[r.slot], r.cid
	}
	if f.d.err != nil {
		return nil, 0
	}
	if len(f.slots) == 0 || len(f.slots[len(f.slots)-1].gids) >= maxCIDs {
		f.slots = append(f.slots, &slot{obj: f.d.alloc(), res: f.d.resName('F')})
	}
	s := f.slots[len(f.slots)-1]
	s.gids = append(s.gids, gid)
	s.texts = append(s.texts, text)
	if f.cids == nil {
		f.cids = map[cidKey]cidRef{}
	}
	r := cidRef{len(f.slots) - 1, uint16(len(s.gids))}
	if ok1 {
		if f.one == nil {
			f.one = map[uint64]cidRef{}
		}
		f.one[k1] = r
	} else {
		f.cids[k] = r
	}
	return s, r.cid
}

// noText is the rune part of the fast-path key of a glyph with no text:
// above every code point.
const noText = 1 << 31

func parseFont(b []byte) (*Font, error) {
	if len(b) < 12 {
		return nil, errors.New("pdf: font: too short")
	}
	switch v := string(b[:4]); v {
	case "\x00\x01\x00\x00", "true":
	case "OTTO":
		return nil, fmt.Errorf("%w: OpenType with CFF outlines; only TrueType (glyf) outlines can be embedded", ErrUnsupportedFont)
	case "ttcf":
		return nil, fmt.Errorf("%w: a font collection (TTC); pass one font", ErrUnsupportedFont)
	default:
		return nil, fmt.Errorf("pdf: font: not a TrueType font (version %q)", v)
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	if len(b) < 12+16*n {
		return nil, errors.New("pdf: font: truncated table directory")
	}
	tab := map[string][]byte{}
	for i := range n {
		r := b[12+16*i:]
		tag := string(r[:4])
		off := uint64(binary.BigEndian.Uint32(r[8:]))
		ln := uint64(binary.BigEndian.Uint32(r[12:]))
		if off+ln > uint64(len(b)) {
			return nil, fmt.Errorf("pdf: font: table %q out of bounds", tag)
		}
		if _, dup := tab[tag]; !dup {
			tab[tag] = b[off : off+ln : off+ln]
		}
	}
	if tab["glyf"] == nil && (tab["CFF "] != nil || tab["CFF2"] != nil) {
		return nil, fmt.Errorf("%w: CFF outlines; only TrueType (glyf) outlines can be embedded", ErrUnsupportedFont)
	}
	for _, t := range []struct {
		tag string
		min int
	}{{"head", 54}, {"hhea", 36}, {"maxp", 6}, {"hmtx", 0}, {"loca", 0}, {"glyf", 0}} {
		if v, ok := tab[t.tag]; !ok || len(v) < t.min {
			return nil, fmt.Errorf("pdf: font: table %q missing or too short", t.tag)
		}
	}
	f := &Font{data: b, tables: map[string][]byte{}}
	be := binary.BigEndian

	head := tab["head"]
	if be.Uint32(head[12:]) != 0x5F0F3CF5 {
		return nil, errors.New("pdf: font: bad head magic number")
	}
	f.upem = int(be.Uint16(head[18:]))
	if f.upem < 16 || f.upem > 16384 {
		return nil, fmt.Errorf("pdf: font: unitsPerEm %d out of range", f.upem)
	}
	for i := range f.bbox {
		f.bbox[i] = int16(be.Uint16(head[36+2*i:]))
	}
	switch be.Uint16(head[50:]) {
	case 0:
	case 1:
		f.locaLong = true
	default:
		return nil, errors.New("pdf: font: bad indexToLocFormat")
	}

	f.numGlyphs = int(be.Uint16(tab["maxp"][4:]))
	if f.numGlyphs == 0 {
		return nil, errors.New("pdf: font: no glyphs")
	}
	hhea := tab["hhea"]
	f.ascent = int16(be.Uint16(hhea[4:]))
	f.descent = int16(be.Uint16(hhea[6:]))
	f.numHM = int(be.Uint16(hhea[34:]))
	if f.numHM == 0 || f.numHM > f.numGlyphs {
		return nil, fmt.Errorf("pdf: font: numberOfHMetrics %d out of range", f.numHM)
	}
	f.hmtx = tab["hmtx"]
	if len(f.hmtx) < 4*f.numHM+2*(f.numGlyphs-f.numHM) {
		return nil, errors.New("pdf: font: hmtx too short")
	}

	f.loca, f.glyf = tab["loca"], tab["glyf"]
	per := 2
	if f.locaLong {
		per = 4
	}
	if len(f.loca) < per*(f.numGlyphs+1) {
		return nil, errors.New("pdf: font: loca too short")
	}
	for g := range f.numGlyphs {
		if _, _, ok := f.glyphRange(uint16(g)); !ok {
			return nil, fmt.Errorf("pdf: font: glyph %d out of bounds", g)
		}
	}

	f.capHeight = f.ascent
	if os2 := tab["OS/2"]; len(os2) >= 10 {
		fs := be.Uint16(os2[8:])
		// Bits 0-3: 2 is "restricted licence embedding"; 0x200 allows
		// bitmaps only. 0x100 forbids subsetting.
		if fs&0xF == 2 || fs&0x200 != 0 {
			return nil, fmt.Errorf("%w: the font's licence (fsType %#x) forbids embedding", ErrUnsupportedFont, fs)
		}
		f.noSubset = fs&0x100 != 0
		if be.Uint16(os2) >= 2 && len(os2) >= 90 {
			f.capHeight = int16(be.Uint16(os2[88:]))
		}
	}
	if post := tab["post"]; len(post) >= 16 {
		f.italic = float64(int32(be.Uint32(post[4:]))) / 65536
		f.fixed = be.Uint32(post[12:]) != 0
	}
	f.name = psName(tab["name"])
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "cvt ", "fpgm", "prep"} {
		if v, ok := tab[t]; ok {
			f.tables[t] = v
		}
	}
	return f, nil
}

// glyphRange returns the bounds of a glyph's data in glyf.
func (f *Font) glyphRange(gid uint16) (start, end int, ok bool) {
	i := int(gid)
	if f.locaLong {
		start = int(binary.BigEndian.Uint32(f.loca[4*i:]))
		end = int(binary.BigEndian.Uint32(f.loca[4*i+4:]))
	} else {
		start = 2 * int(binary.BigEndian.Uint16(f.loca[2*i:]))
		end = 2 * int(binary.BigEndian.Uint16(f.loca[2*i+2:]))
	}
	return start, end, start >= 0 && start <= end && end <= len(f.glyf)
}

// psName returns the font's PostScript name (name ID 6) reduced to the
// characters that need no escaping in a PDF name, or "Font".
func psName(t []byte) string {
	be := binary.BigEndian
	if len(t) < 6 {
		return "Font"
	}
	count, strOff := int(be.Uint16(t[2:])), int(be.Uint16(t[4:]))
	best, bestRank := "", 0
	for i := range count {
		r := 6 + 12*i
		if r+12 > len(t) {
			break
		}
		plat, enc, id := be.Uint16(t[r:]), be.Uint16(t[r+2:]), be.Uint16(t[r+6:])
		ln, off := int(be.Uint16(t[r+8:])), int(be.Uint16(t[r+10:]))
		if id != 6 || strOff+off+ln > len(t) {
			continue
		}
		s := t[strOff+off : strOff+off+ln]
		var name string
		rank := 0
		switch {
		case plat == 3 && (enc == 1 || enc == 0) && ln%2 == 0:
			u := make([]uint16, ln/2)
			for j := range u {
				u[j] = be.Uint16(s[2*j:])
			}
			name, rank = string(utf16.Decode(u)), 2
		case plat == 1 && enc == 0:
			name, rank = string(s), 1
		default:
			continue
		}
		if rank > bestRank {
			best, bestRank = name, rank
		}
	}
	var out []byte
	for i := 0; i < len(best) && len(out) < 56; i++ {
		c := best[i]
		if c > 0x20 && c < 0x7f && !isDelimiter(c) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return "Font"
	}
	return string(out)
}

func isDelimiter(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%', '#':
		return true
	}
	return false
}

// write embeds the subset and writes the font objects of every slot.
func (f *Font) write() {
	d := f.d
	if len(f.slots) == 0 || d.err != nil {
		return
	}
	used := make([]bool, f.numGlyphs)
	used[0] = true
	for _, s := range f.slots {
		for _, g := range s.gids {
			used[g] = true
		}
	}
	if f.noSubset {
		for i := range used {
			used[i] = true
		}
	}
	sub, tag, err := f.subset(used)
	if err != nil {
		d.fail(err)
		return
	}
	base := tag + "+" + f.name

	file, desc := d.alloc(), d.alloc()
	d.stream(file, fmt.Appendf(nil, " /Length1 %d", len(sub)), sub)

	k := 1000 / float64(f.upem)
	b := fmt.Appendf(nil, "<< /Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [", base, f.flags())
	for i, v := range f.bbox {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendNum(b, float64(v)*k)
	}
	b = append(b, "] /ItalicAngle "...)
	b = appendNum(b, f.italic)
	b = append(b, " /Ascent "...)
	b = appendNum(b, float64(f.ascent)*k)
	b = append(b, " /Descent "...)
	b = appendNum(b, float64(f.descent)*k)
	b = append(b, " /CapHeight "...)
	b = appendNum(b, float64(f.capHeight)*k)
	b = append(b, " /StemV 80 /FontFile2 "...)
	b = appendRef(b, file)
	b = append(b, " >>"...)
	d.obj(desc, b)

	for _, s := range f.slots {
		f.writeSlot(s, base, desc)
	}
	f.slots, f.cids = nil, nil
}

func (f *Font) flags() int {
	flags := 4 // symbolic: glyphs outside the standard Latin set
	if f.fixed {
		flags |= 1
	}
	if f.italic != 0 {
		flags |= 64
	}
	return flags
}

func (f *Font) writeSlot(s *slot, base string, desc int) {
	d := f.d
	cidFont, cidMap, toUni := d.alloc(), d.alloc(), d.alloc()

	// The Type0 name is the CIDFont's name and the CMap's, as the
	// specification recommends.
	b := fmt.Appendf(nil, "<< /Type /Font /Subtype /Type0 /BaseFont /%s-Identity-H /Encoding /Identity-H /DescendantFonts [", base)
	b = appendRef(b, cidFont)
	b = append(b, "] /ToUnicode "...)
	b = appendRef(b, toUni)
	b = append(b, " >>"...)
	d.obj(s.obj, b)

	b = fmt.Appendf(b[:0], "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s"+
		" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ", base)
	b = appendRef(b, desc)
	b = append(b, " /CIDToGIDMap "...)
	b = appendRef(b, cidMap)
	b = append(b, " /W [1 ["...)
	for i, g := range s.gids {
		if i%16 == 15 {
			b = append(b, '\n')
		} else if i > 0 {
			b = append(b, ' ')
		}
		b = appendNum(b, f.width(g))
	}
	b = append(b, "]] >>"...)
	d.obj(cidFont, b)

	m := make([]byte, 2*(len(s.gids)+1))
	for i, g := range s.gids {
		binary.BigEndian.PutUint16(m[2*i+2:], g)
	}
	d.stream(cidMap, nil, m)

	d.stream(toUni, nil, toUnicode(s.texts))
}

// toUnicode returns a ToUnicode CMap mapping each code (index+1) with
// non-empty text to that text.
func toUnicode(texts []string) []byte {
	b := []byte("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var codes []int
	for i, t := range texts {
		if t != "" {
			codes = append(codes, i+1)
		}
	}
	// At most 100 entries per block, as the CMap format requires.
	for len(codes) > 0 {
		n := min(len(codes), 100)
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, " beginbfchar\n"...)
		for _, c := range codes[:n] {
			b = append(b, '<')
			b = appendHex16(b, uint16(c))
			b = append(b, "> <"...)
			b = appendUTF16Hex(b, texts[c-1])
			b = append(b, ">\n"...)
		}
		b = append(b, "endbfchar\n"...)
		codes = codes[n:]
	}
	return append(b, "endcmap\nCMapName currentdict /CMapResource defineresource pop\nend\nend\n"...)
}
