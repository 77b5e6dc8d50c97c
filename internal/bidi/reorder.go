package bidi

import "slices"

// LineLevels returns the levels of the line text[start:end] of a paragraph
// resolved by Levels (levels and para as it returned them) after rule L1:
// segment and paragraph separators, and the whitespace and isolate
// formatting characters before them or at the end of the line, go back to
// the paragraph level. It reads the original classes of text; characters
// removed by X9 count as whitespace there. levels is not changed;
// 0 ≤ start ≤ end ≤ len(text) = len(levels) must hold.
func LineLevels(text []rune, levels []Level, para Level, start, end int) []Level {
	line := make([]Level, end-start)
	copy(line, levels[start:end])
	applyL1(text[start:end], line, para)
	return line
}

// applyL1 applies rule L1 to the levels of one line.
func applyL1(text []rune, levels []Level, para Level) {
	changes := false
	for _, l := range levels {
		if l != para {
			changes = true
			break
		}
	}
	if !changes {
		return // L1 only sets levels to para
	}
	trailing := true // in whitespace before the end of the line or a separator
	for i := len(text) - 1; i >= 0; i-- {
		switch c := classOf(text[i]); {
		case c == cS || c == cB:
			levels[i] = para
			trailing = true
		case trailing && (c == cWS || c == cLRI || c == cRLI || c == cFSI || c == cPDI || removedByX9(c)):
			levels[i] = para
		default:
			trailing = false
		}
	}
}

// Visual returns the logical indices of the line text[start:end] of a
// paragraph resolved by Levels, in visual order (left to right), after
// rule L1 (see LineLevels) and rule L2 (reverse from the highest level
// down to the lowest odd level). It does not apply L3 or L4: combining
// marks and mirrored glyphs are the shaper's concern. Indices of
// characters removed by X9 are included, where the rules put them.
func Visual(text []rune, levels []Level, para Level, start, end int) []int {
	order := make([]int, end-start)
	for i := range order {
		order[i] = start + i
	}
	if para&1 == 0 && !slices.ContainsFunc(levels[start:end], func(l Level) bool { return l != para }) {
		return order // all left-to-right at one level: nothing moves
	}
	line := LineLevels(text, levels, para, start, end)
	highest, lowestOdd := Level(0), Level(maxDepth+2)
	for _, l := range line {
		highest = max(highest, l)
		if l&1 == 1 {
			lowestOdd = min(lowestOdd, l)
		}
	}
	// L2; line is permuted along with order so that it stays the level
	// at each visual position.
	for l := highest; l >= lowestOdd && l > 0; l-- {
		for i := 0; i < len(line); {
			if line[i] < l {
				i++
				continue
			}
			j := i
			for j < len(line) && line[j] >= l {
				j++
			}
			reverse(order[i:j])
			reverse(line[i:j])
			i = j
		}
	}
	return order
}

func reverse[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}
