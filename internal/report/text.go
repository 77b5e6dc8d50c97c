package report

import (
	"encoding/binary"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Placeholder stands in for a character the report font cannot draw (emoji,
// Arabic, Hebrew, control characters...). It is the geta mark, the
// customary Japanese sign for a missing character. The exact text is in the
// machine-readable files of the bundle.
const Placeholder = '〓'

// glyphSet records which characters of the Basic Multilingual Plane a
// TrueType font maps to a glyph. fpdf addresses glyphs with 16-bit codes, so
// characters above U+FFFF are never drawable.
type glyphSet [65536 / 64]uint64

func (g *glyphSet) has(r rune) bool {
	return r >= 0 && r < 65536 && g[r>>6]&(1<<(uint(r)&63)) != 0
}

func (g *glyphSet) add(r rune) {
	if r >= 0 && r < 65536 {
		g[r>>6] |= 1 << (uint(r) & 63)
	}
}

var errCmap = errors.New("font has no usable cmap")

// parseCmap reads the Unicode cmap (format 4 or 12) of a TrueType font.
func parseCmap(ttf []byte) (*glyphSet, error) {
	u16 := func(b []byte, off int) (int, bool) {
		if off < 0 || off+2 > len(b) {
			return 0, false
		}
		return int(binary.BigEndian.Uint16(b[off:])), true
	}
	u32 := func(b []byte, off int) (int, bool) {
		if off < 0 || off+4 > len(b) {
			return 0, false
		}
		v := binary.BigEndian.Uint32(b[off:])
		if v > 1<<30 {
			return 0, false
		}
		return int(v), true
	}
	n, ok := u16(ttf, 4)
	if !ok {
		return nil, errCmap
	}
	var cmap []byte
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(ttf) {
			break
		}
		if string(ttf[rec:rec+4]) != "cmap" {
			continue
		}
		off, ok1 := u32(ttf, rec+8)
		length, ok2 := u32(ttf, rec+12)
		if !ok1 || !ok2 || off+length > len(ttf) {
			return nil, errCmap
		}
		cmap = ttf[off : off+length]
	}
	if cmap == nil {
		return nil, errCmap
	}
	nsub, _ := u16(cmap, 2)
	best, bestRank := -1, 0
	for i := range nsub {
		rec := 4 + 8*i
		pid, ok1 := u16(cmap, rec)
		eid, ok2 := u16(cmap, rec+2)
		off, ok3 := u32(cmap, rec+4)
		if !ok1 || !ok2 || !ok3 {
			break
		}
		format, _ := u16(cmap, off)
		rank := 0
		switch {
		case format == 12 && (pid == 3 && eid == 10 || pid == 0):
			rank = 3
		case format == 4 && pid == 3 && eid == 1:
			rank = 2
		case format == 4 && pid == 0:
			rank = 1
		}
		if rank > bestRank {
			best, bestRank = off, rank
		}
	}
	if best < 0 {
		return nil, errCmap
	}
	g := new(glyphSet)
	sub := cmap[best:]
	format, _ := u16(sub, 0)
	switch format {
	case 4:
		segX2, ok := u16(sub, 6)
		if !ok {
			return nil, errCmap
		}
		seg := segX2 / 2
		ends, starts, deltas, ranges := 14, 16+segX2, 16+2*segX2, 16+3*segX2
		for s := range seg {
			end, ok1 := u16(sub, ends+2*s)
			start, ok2 := u16(sub, starts+2*s)
			delta, ok3 := u16(sub, deltas+2*s)
			ro, ok4 := u16(sub, ranges+2*s)
			if !ok1 || !ok2 || !ok3 || !ok4 {
				return nil, errCmap
			}
			for c := start; c <= end && c < 0xFFFF; c++ {
				gid := 0
				if ro == 0 {
					gid = (c + delta) & 0xFFFF
				} else if v, ok := u16(sub, ranges+2*s+ro+2*(c-start)); ok && v != 0 {
					gid = (v + delta) & 0xFFFF
				}
				if gid != 0 {
					g.add(rune(c))
				}
			}
		}
	case 12:
		ngroups, ok := u32(sub, 12)
		if !ok {
			return nil, errCmap
		}
		for i := range ngroups {
			rec := 16 + 12*i
			start, ok1 := u32(sub, rec)
			end, ok2 := u32(sub, rec+4)
			gid, ok3 := u32(sub, rec+8)
			if !ok1 || !ok2 || !ok3 {
				return nil, errCmap
			}
			for c := start; c <= end && c < 65536; c++ {
				if gid+(c-start) != 0 {
					g.add(rune(c))
				}
			}
		}
	default:
		return nil, errCmap
	}
	return g, nil
}

// clean makes s safe to hand to fpdf: CRLF and CR become LF, a tab becomes
// four spaces, invisible format characters (zero-width joiners, direction
// overrides, variation selectors, BOM) are dropped, and every other
// character the font cannot draw (control characters, emoji, scripts
// IPAex lacks, invalid UTF-8) becomes Placeholder. With keepLF false, line
// breaks become spaces. It reports whether anything was replaced.
func clean(s string, has func(rune) bool, keepLF bool) (string, bool) {
	fast := true
	for _, r := range s {
		if r < ' ' || (r >= 0x7f && r < 0xa0) || r == utf8.RuneError || !has(r) ||
			unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r) {
			fast = false
			break
		}
	}
	if fast {
		return s, false
	}
	var b strings.Builder
	b.Grow(len(s))
	replaced := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			r = '\n'
			fallthrough
		case r == '\n':
			if keepLF {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
			continue
		case r == '\t':
			b.WriteString("    ")
			continue
		case r == utf8.RuneError && size <= 1:
			// invalid byte: falls through to the placeholder below
		case unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r):
			continue
		}
		if r < ' ' || (r >= 0x7f && r < 0xa0) || r == utf8.RuneError || !has(r) {
			b.WriteRune(Placeholder)
			replaced = true
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), replaced
}

// isSpace reports a character at which a line may break and which is
// dropped at the end of a wrapped line.
func isSpace(r rune) bool { return r == ' ' || r == '\u3000' }

// isWide reports characters of scripts written without spaces, between
// which a line may break.
func isWide(r rune) bool {
	switch {
	case r >= 0x2E80 && r <= 0x9FFF, // CJK radicals, punctuation, kana, ideographs
		r >= 0xAC00 && r <= 0xD7AF, // Hangul
		r >= 0xF900 && r <= 0xFAFF, // CJK compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F, // CJK compatibility forms
		r >= 0xFF00 && r <= 0xFFEF: // full- and half-width forms
		return true
	}
	return false
}

// Kinsoku: characters that must not begin a line, and those that must not
// end one.
const (
	noStart = ",.;:!?)]}%'\"’”、。，．：；？！）］｝〕〉》」』】〙〗〟ー…‥ゝゞヽヾ々ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ・゛゜ｧｨｩｪｫｯｬｭｮｰ｡｣､"
	noEnd   = "([{‘“（［｛〔〈《「『【〘〖〝｢"
)

var noStartSet, noEndSet = runeSet(noStart), runeSet(noEnd)

func runeSet(s string) map[rune]bool {
	m := map[rune]bool{}
	for _, r := range s {
		m[r] = true
	}
	return m
}

// canBreak reports whether a line may break between a and b.
func canBreak(a, b rune) bool {
	if isSpace(a) && !isSpace(b) {
		return true
	}
	if !isWide(a) && !isWide(b) {
		return false
	}
	return !noStartSet[b] && !noEndSet[a]
}

// wrap breaks text into lines no wider than maxW, as measured by width.
// Lines break at spaces, between characters of scripts written without
// spaces (keeping kinsoku rules), and inside any run too long for a line
// (hashes, URLs). Every character is kept except spaces at a break; each LF
// starts a new line. wrap always makes progress, so a character wider than
// maxW gets a line of its own.
func wrap(text string, maxW float64, width func(rune) float64) []string {
	var lines []string
	for para := range strings.SplitSeq(text, "\n") {
		lines = wrapPara([]rune(para), maxW, width, lines)
	}
	return lines
}

func wrapPara(rs []rune, maxW float64, width func(rune) float64, lines []string) []string {
	if len(rs) == 0 {
		return append(lines, "")
	}
	emit := func(seg []rune) {
		for len(seg) > 0 && isSpace(seg[len(seg)-1]) {
			seg = seg[:len(seg)-1]
		}
		lines = append(lines, string(seg))
	}
	start := 0
	for start < len(rs) {
		w, lastBreak, end := 0.0, -1, len(rs)
	scan:
		for i := start; i < len(rs); i++ {
			if i > start && canBreak(rs[i-1], rs[i]) {
				lastBreak = i
			}
			w += width(rs[i])
			if w > maxW && i > start {
				switch {
				case isSpace(rs[i]):
					end = i
				case lastBreak > start:
					end = lastBreak
				default:
					end = i
				}
				break scan
			}
		}
		emit(rs[start:end])
		if end == len(rs) {
			break
		}
		start = end
		for start < len(rs) && isSpace(rs[start]) {
			start++
		}
	}
	return lines
}
