package typeset

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

// breakLines splits a paragraph into lines no wider than maxW, given each
// rune's advance and where clusters start; it returns [start, end) rune
// ranges with the spaces at breaks left out. Lines break at spaces,
// between characters of scripts written without spaces (keeping kinsoku
// rules), and at a cluster boundary inside any run too long for a line
// (hashes, URLs, Thai). It always makes progress, so a cluster wider than
// maxW gets a line of its own.
func breakLines(rs []rune, adv []float64, starts []bool, maxW float64) [][2]int {
	trim := func(a, b int) [2]int {
		for b > a && isSpace(rs[b-1]) {
			b--
		}
		return [2]int{a, b}
	}
	if maxW <= 0 {
		return [][2]int{{0, len(rs)}}
	}
	var out [][2]int
	start := 0
	for start < len(rs) {
		w, lastBreak, lastCluster, end := 0.0, -1, -1, len(rs)
	scan:
		for i := start; i < len(rs); i++ {
			if i > start && starts[i] {
				lastCluster = i
				if canBreak(rs[i-1], rs[i]) {
					lastBreak = i
				}
			}
			w += adv[i]
			if w > maxW && i > start {
				switch {
				case isSpace(rs[i]):
					end = i
				case lastBreak > start:
					end = lastBreak
				case lastCluster > start:
					end = lastCluster
				default:
					// one cluster wider than the line: take it whole
					end = i + 1
					for end < len(rs) && !starts[end] {
						end++
					}
				}
				break scan
			}
		}
		out = append(out, trim(start, end))
		if end == len(rs) {
			break
		}
		start = end
		for start < len(rs) && isSpace(rs[start]) {
			start++
		}
	}
	return out
}
