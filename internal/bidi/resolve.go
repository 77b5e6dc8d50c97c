package bidi

import "sort"

// paragraph holds the state of one run of the algorithm over a paragraph.
type paragraph struct {
	text   []rune
	cls    []class // original classes
	types  []class // the types the rules resolve
	levels []Level
	para   Level
	// match links an isolate initiator to its matching PDI and the PDI
	// back to it (BD9); -1 where there is none.
	match []int32
}

// resolve fills levels (len(text) long) and returns the paragraph level.
func resolve(text []rune, base Base, levels []Level) Level {
	n := len(text)
	buf := make([]class, 2*n)
	p := &paragraph{text: text, cls: buf[:n], types: buf[n:], levels: levels, match: make([]int32, n)}
	for i, r := range text {
		p.cls[i] = classOf(r)
	}
	copy(p.types, p.cls)
	p.matchIsolates()
	switch base {
	case LTR:
		p.para = 0
	case RTL:
		p.para = 1
	default:
		if p.firstStrong(0, n) == cR {
			p.para = 1
		}
	}
	p.explicit()
	p.sequences()
	// Characters removed by X9 take the level before them.
	prev := p.para
	for i, c := range p.cls {
		if removedByX9(c) {
			levels[i] = prev
		}
		prev = levels[i]
	}
	return p.para
}

// matchIsolates pairs isolate initiators with their matching PDIs (BD9),
// within the paragraph: a paragraph separator ends every open isolate.
func (p *paragraph) matchIsolates() {
	var open []int32
	for i, c := range p.cls {
		p.match[i] = -1
		switch {
		case isIsolateInitiator(c):
			open = append(open, int32(i))
		case c == cPDI && len(open) > 0:
			j := open[len(open)-1]
			open = open[:len(open)-1]
			p.match[i], p.match[j] = j, int32(i)
		case c == cB:
			open = open[:0]
		}
	}
}

// firstStrong applies rules P2–P3 to text[from:to]: it returns cL or cR
// for the first strong character, skipping the insides of isolates, or
// cON if there is none before to or a paragraph separator.
func (p *paragraph) firstStrong(from, to int) class {
	for i := from; i < to; i++ {
		switch c := p.cls[i]; {
		case c == cL:
			return cL
		case c == cR || c == cAL:
			return cR
		case c == cB:
			return cON
		case isIsolateInitiator(c):
			if p.match[i] < 0 {
				return cON // the isolate runs to the end of the paragraph
			}
			i = int(p.match[i])
		}
	}
	return cON
}

// status is an entry of the directional status stack (X1).
type status struct {
	level    Level
	override class // cL, cR or cON (neutral)
	isolate  bool
}

// explicit applies rules X1–X8: the explicit levels and overrides.
func (p *paragraph) explicit() {
	var stack [maxDepth + 2]status
	sp := 0
	stack[0] = status{level: p.para, override: cON}
	overflowIsolates, overflowEmbeddings, validIsolates := 0, 0, 0

	for i, c := range p.cls {
		top := stack[sp]
		switch c {
		case cRLE, cLRE, cRLO, cLRO: // X2–X5
			l := nextLevel(top.level, c == cRLE || c == cRLO)
			if l <= maxDepth && overflowIsolates == 0 && overflowEmbeddings == 0 {
				o := cON
				if c == cRLO {
					o = cR
				} else if c == cLRO {
					o = cL
				}
				sp++
				stack[sp] = status{level: l, override: o}
			} else if overflowIsolates == 0 {
				overflowEmbeddings++
			}
			p.levels[i] = top.level

		case cRLI, cLRI, cFSI: // X5a–X5c
			p.levels[i] = top.level
			if top.override != cON {
				p.types[i] = top.override
			}
			rtl := c == cRLI
			if c == cFSI {
				end := len(p.cls)
				if m := p.match[i]; m >= 0 {
					end = int(m)
				}
				rtl = p.firstStrong(i+1, end) == cR
			}
			l := nextLevel(top.level, rtl)
			if l <= maxDepth && overflowIsolates == 0 && overflowEmbeddings == 0 {
				validIsolates++
				sp++
				stack[sp] = status{level: l, override: cON, isolate: true}
			} else {
				overflowIsolates++
			}

		case cPDI: // X6a
			switch {
			case overflowIsolates > 0:
				overflowIsolates--
			case validIsolates == 0:
			default:
				overflowEmbeddings = 0
				for !stack[sp].isolate {
					sp--
				}
				sp--
				validIsolates--
			}
			top = stack[sp]
			p.levels[i] = top.level
			if top.override != cON {
				p.types[i] = top.override
			}

		case cPDF: // X7
			switch {
			case overflowIsolates > 0:
			case overflowEmbeddings > 0:
				overflowEmbeddings--
			case !top.isolate && sp > 0:
				sp--
			}
			p.levels[i] = stack[sp].level

		case cB: // X8
			p.levels[i] = p.para
			sp = 0
			overflowIsolates, overflowEmbeddings, validIsolates = 0, 0, 0

		case cBN:
			p.levels[i] = top.level

		default: // X6
			p.levels[i] = top.level
			if top.override != cON {
				p.types[i] = top.override
			}
		}
	}
}

// nextLevel is the least odd (rtl) or even level greater than l.
func nextLevel(l Level, rtl bool) Level {
	if rtl {
		return (l + 1) | 1
	}
	return (l + 2) &^ 1
}

// levelRun is a level run (BD7): a range of the kept indices, at the
// level X1–X8 gave it.
type levelRun struct {
	start, end int
	level      Level
}

// sequences applies rules X9–X10 and resolves each isolating run sequence
// (BD13) with rules W1–W7, N0–N2 and I1–I2.
func (p *paragraph) sequences() {
	// X9: what the later rules see.
	kept := make([]int32, 0, len(p.cls))
	for i, c := range p.cls {
		if !removedByX9(c) {
			kept = append(kept, int32(i))
		}
	}
	if len(kept) == 0 {
		return
	}
	var runs []levelRun
	start := 0
	for k := 1; k <= len(kept); k++ {
		if k == len(kept) || p.levels[kept[k]] != p.levels[kept[k-1]] {
			runs = append(runs, levelRun{start, k, p.levels[kept[start]]})
			start = k
		}
	}

	done := make([]bool, len(runs))
	seq := make([]int32, 0, len(kept))
	for r := range runs {
		if done[r] {
			continue // continues an earlier sequence after its isolate
		}
		seq = seq[:0]
		cur := r
		for {
			done[cur] = true
			seq = append(seq, kept[runs[cur].start:runs[cur].end]...)
			last := kept[runs[cur].end-1]
			m := p.match[last]
			if !isIsolateInitiator(p.cls[last]) || m < 0 {
				break
			}
			// The run that starts with the matching PDI continues the sequence.
			next := sort.Search(len(runs), func(j int) bool { return kept[runs[j].start] >= m })
			if next == len(runs) || kept[runs[next].start] != m || done[next] {
				break // cannot happen: the PDI of a valid isolate starts a run
			}
			cur = next
		}

		// sos and eos, from the levels before resolution: the runs'.
		level := runs[r].level
		before := p.para
		if r > 0 {
			before = runs[r-1].level
		}
		after := p.para
		if cur+1 < len(runs) && !isIsolateInitiator(p.cls[seq[len(seq)-1]]) {
			after = runs[cur+1].level
		}
		p.resolveSequence(seq, level, direction(max(level, before)), direction(max(level, after)))
	}
}

// resolveSequence applies rules W1–W7, N0–N2 and I1–I2 to one isolating
// run sequence at level, given its sos and eos.
func (p *paragraph) resolveSequence(seq []int32, level Level, sos, eos class) {
	t := p.types

	// W1: a nonspacing mark takes the type before it (ON after an
	// isolate initiator or PDI).
	prev := sos
	for _, i := range seq {
		if t[i] == cNSM {
			if prev == cLRI || prev == cRLI || prev == cFSI || prev == cPDI {
				t[i] = cON
			} else {
				t[i] = prev
			}
		}
		prev = t[i]
	}

	// W2: European digits after Arabic letters are Arabic digits.
	// W3: Arabic letters are R.
	last := sos
	for _, i := range seq {
		switch t[i] {
		case cL, cR:
			last = t[i]
		case cAL:
			last = cAL
			t[i] = cR
		case cEN:
			if last == cAL {
				t[i] = cAN
			}
		}
	}

	// W4: a single separator between two numbers of the same type joins them.
	for k := 1; k+1 < len(seq); k++ {
		c := t[seq[k]]
		if c != cES && c != cCS {
			continue
		}
		a, b := t[seq[k-1]], t[seq[k+1]]
		if a == cEN && b == cEN {
			t[seq[k]] = cEN
		} else if c == cCS && a == cAN && b == cAN {
			t[seq[k]] = cAN
		}
	}

	// W5: terminators next to European digits are European digits.
	for k := 0; k < len(seq); {
		if t[seq[k]] != cET {
			k++
			continue
		}
		j := k
		for j < len(seq) && t[seq[j]] == cET {
			j++
		}
		if (k > 0 && t[seq[k-1]] == cEN) || (j < len(seq) && t[seq[j]] == cEN) {
			for ; k < j; k++ {
				t[seq[k]] = cEN
			}
		}
		k = j
	}

	// W6: remaining separators and terminators are neutral.
	// W7: European digits after L (or an L sos) are L.
	last = sos
	for _, i := range seq {
		switch t[i] {
		case cES, cET, cCS:
			t[i] = cON
		case cL, cR:
			last = t[i]
		case cEN:
			if last == cL {
				t[i] = cL
			}
		}
	}

	e := direction(level)
	p.brackets(seq, sos, e)

	// N1: neutrals between two strong types of one direction take it;
	// N2: the others take the embedding direction.
	for k := 0; k < len(seq); {
		if !isNI(t[seq[k]]) {
			k++
			continue
		}
		j := k
		for j < len(seq) && isNI(t[seq[j]]) {
			j++
		}
		before, after := sos, eos
		if k > 0 {
			before = strong(t[seq[k-1]])
		}
		if j < len(seq) {
			after = strong(t[seq[j]])
		}
		d := e
		if before == after {
			d = before
		}
		for ; k < j; k++ {
			t[seq[k]] = d
		}
	}

	// I1–I2.
	for _, i := range seq {
		l := level
		switch c := t[i]; {
		case level&1 == 0 && c == cR:
			l++
		case level&1 == 0 && (c == cAN || c == cEN):
			l += 2
		case level&1 == 1 && (c == cL || c == cAN || c == cEN):
			l++
		}
		p.levels[i] = l
	}
}
