package pdf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/kiroku-app/kiroku/assets"
)

func TestParseTestFont(t *testing.T) {
	f, err := parseFont(testFont(0))
	if err != nil {
		t.Fatal(err)
	}
	if f.UnitsPerEm() != 1000 || f.NumGlyphs() != tgCount || f.name != "Kiroku-Test" || f.capHeight != 700 {
		t.Errorf("upem %d, glyphs %d, name %q, cap height %d", f.UnitsPerEm(), f.NumGlyphs(), f.name, f.capHeight)
	}
	for g, want := range []int{500, 600, 500, 1000, 1000, 1000, 0} {
		if got := f.Advance(uint16(g)); got != want {
			t.Errorf("Advance(%d) = %d, want %d", g, got, want)
		}
	}
}

func TestParseIPAex(t *testing.T) {
	f, err := parseFont(assets.FontGothic)
	if err != nil {
		t.Fatal(err)
	}
	if f.name != "IPAexGothic" || f.upem != 2048 || f.noSubset {
		t.Errorf("name %q, upem %d, noSubset %v", f.name, f.upem, f.noSubset)
	}
}

func TestRejectFonts(t *testing.T) {
	good := testFont(0)
	with := func(edit func(b []byte) []byte) []byte { return edit(append([]byte(nil), good...)) }
	tests := []struct {
		name        string
		font        []byte
		unsupported bool
	}{
		{"empty", nil, false},
		{"CFF", with(func(b []byte) []byte { copy(b, "OTTO"); return b }), true},
		{"collection", with(func(b []byte) []byte { copy(b, "ttcf"); return b }), true},
		{"restricted licence", testFont(0x0002), true},
		{"bitmap embedding only", testFont(0x0200), true},
		{"not a font", []byte("%PDF-1.7 and so on, long enough"), false},
		{"truncated directory", good[:40], false},
		{"truncated tables", good[:len(good)-20], false},
		{"bad magic", with(func(b []byte) []byte { b[tableOffset(b, "head")+12] ^= 1; return b }), false},
		{"loca past glyf", with(func(b []byte) []byte {
			o := tableOffset(b, "loca")
			binary.BigEndian.PutUint32(b[o+4*tgCount:], 1<<20)
			return b
		}), false},
		{"no glyphs", with(func(b []byte) []byte { binary.BigEndian.PutUint16(b[tableOffset(b, "maxp")+4:], 0); return b }), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseFont(tt.font)
			if err == nil {
				t.Fatal("no error")
			}
			if errors.Is(err, ErrUnsupportedFont) != tt.unsupported {
				t.Errorf("error %q: unsupported = %v, want %v", err, !tt.unsupported, tt.unsupported)
			}
		})
	}
}

// tableOffset finds a table in an sfnt file.
func tableOffset(b []byte, tag string) int {
	n := int(binary.BigEndian.Uint16(b[4:]))
	for i := range n {
		r := b[12+16*i:]
		if string(r[:4]) == tag {
			return int(binary.BigEndian.Uint32(r[8:]))
		}
	}
	panic("no table " + tag)
}

// checkSubset parses a subset back and checks its checksums and that it
// holds exactly the glyphs in keep, byte for byte.
func checkSubset(t *testing.T, orig *Font, sub []byte, keep map[uint16]bool) *Font {
	t.Helper()
	s, err := parseFont(sub)
	if err != nil {
		t.Fatalf("subset does not parse: %v", err)
	}
	if s.numGlyphs != orig.numGlyphs {
		t.Errorf("subset has %d glyphs, want %d (IDs kept)", s.numGlyphs, orig.numGlyphs)
	}
	if sum := checksum(sub); sum != 0xB1B0AFBA {
		t.Errorf("whole-font checksum %#x, want 0xB1B0AFBA", sum)
	}
	n := int(binary.BigEndian.Uint16(sub[4:]))
	var tags []string
	for i := range n {
		r := sub[12+16*i:]
		off, ln := binary.BigEndian.Uint32(r[8:]), binary.BigEndian.Uint32(r[12:])
		data := append([]byte(nil), sub[off:off+ln]...)
		if string(r[:4]) == "head" {
			binary.BigEndian.PutUint32(data[8:], 0)
		}
		if got, want := binary.BigEndian.Uint32(r[4:]), checksum(data); got != want {
			t.Errorf("table %q checksum %#x, want %#x", r[:4], got, want)
		}
		tags = append(tags, string(r[:4]))
	}
	for _, tag := range tags {
		switch tag {
		case "cmap", "post", "name", "GSUB", "GPOS", "OS/2":
			t.Errorf("subset keeps table %q", tag)
		}
	}
	for g := range orig.numGlyphs {
		os, oe, _ := orig.glyphRange(uint16(g))
		ss, se, _ := s.glyphRange(uint16(g))
		got := s.glyf[ss:se]
		if keep[uint16(g)] {
			// Kept glyphs may gain alignment padding, nothing else.
			if !bytes.Equal(bytes.TrimRight(got, "\x00"), bytes.TrimRight(orig.glyf[os:oe], "\x00")) {
				t.Errorf("glyph %d changed", g)
			}
			if s.Advance(uint16(g)) != orig.Advance(uint16(g)) {
				t.Errorf("glyph %d: advance %d, want %d", g, s.Advance(uint16(g)), orig.Advance(uint16(g)))
			}
		} else if len(got) != 0 {
			t.Errorf("glyph %d kept (%d bytes)", g, len(got))
		}
	}
	return s
}

func TestSubsetKeepsComponents(t *testing.T) {
	f, err := parseFont(testFont(0))
	if err != nil {
		t.Fatal(err)
	}
	used := make([]bool, f.numGlyphs)
	used[0], used[tgNested] = true, true
	sub, tag, err := f.subset(used)
	if err != nil {
		t.Fatal(err)
	}
	if len(tag) != 6 || tag != string(bytes.ToUpper([]byte(tag))) {
		t.Errorf("tag %q", tag)
	}
	checkSubset(t, f, sub, map[uint16]bool{tgNotdef: true, tgTriangle: true, tgSquare: true, tgComposite: true, tgNested: true})

	// The tag follows the glyph set.
	used = make([]bool, f.numGlyphs)
	used[0], used[tgTriangle] = true, true
	_, tag2, err := f.subset(used)
	if err != nil {
		t.Fatal(err)
	}
	if tag2 == tag {
		t.Errorf("different glyph sets, same tag %s", tag)
	}
}

func TestSubsetIPAex(t *testing.T) {
	f, err := parseFont(assets.FontGothic)
	if err != nil {
		t.Fatal(err)
	}
	used := make([]bool, f.numGlyphs)
	keep := map[uint16]bool{0: true}
	for _, g := range []uint16{1, 17, 701, 1400, 7276, uint16(f.numGlyphs - 1)} {
		used[g], keep[g] = true, true
	}
	used[0] = true
	sub, _, err := f.subset(used)
	if err != nil {
		t.Fatal(err)
	}
	s := checkSubset(t, f, sub, keep)
	if s.locaLong {
		t.Error("a small subset should use the short loca format")
	}
	for _, tag := range []string{"cvt ", "fpgm", "prep"} {
		if !bytes.Equal(s.tables[tag], f.tables[tag]) {
			t.Errorf("table %q not copied", tag)
		}
	}
}

func TestSubsetBadComposite(t *testing.T) {
	b := testFont(0)
	// Point the nested composite at a glyph the font does not have.
	o := tableOffset(b, "glyf")
	f, err := parseFont(b)
	if err != nil {
		t.Fatal(err)
	}
	s, _, _ := f.glyphRange(tgNested)
	binary.BigEndian.PutUint16(b[o+s+12:], 999)
	used := make([]bool, f.numGlyphs)
	used[tgNested] = true
	if _, _, err := f.subset(used); err == nil {
		t.Error("no error for a component out of range")
	}
}

func TestNoSubsetting(t *testing.T) {
	var buf bytes.Buffer
	d := New(&buf, Info{})
	f, err := d.AddFont(testFont(0x0100))
	if err != nil {
		t.Fatal(err)
	}
	if !f.noSubset {
		t.Fatal("fsType 0x100 not seen")
	}
	d.AddPage(100, 100).Text(f, 10, 0, 10, RGB{}, []Cluster{{Text: "a", Glyphs: []Glyph{{GID: tgTriangle}}}})
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	// Every glyph is embedded: the space is empty anyway, the others not.
	used := make([]bool, f.numGlyphs)
	for i := range used {
		used[i] = true
	}
	sub, _, _ := f.subset(used)
	checkSubset(t, f, sub, map[uint16]bool{0: true, 1: true, 2: true, 3: true, 4: true, 5: true})
}
