package bidi

import (
	"sort"

	xbidi "golang.org/x/text/unicode/bidi"
)

//go:generate go run ./internal/gen -in /usr/share/unicode/BidiBrackets.txt -out brackets_table.go

// maxBrackets is the depth of the bracket stack of BD16.
const maxBrackets = 63

// openingOf returns the opening bracket of the closing bracket r
// (Bidi_Paired_Bracket), from the generated table.
func openingOf(r rune) (rune, bool) {
	i := sort.Search(len(closingBrackets), func(i int) bool { return closingBrackets[i].close >= r })
	if i < len(closingBrackets) && closingBrackets[i].close == r {
		return closingBrackets[i].open, true
	}
	return 0, false
}

// canonicalBracket maps the two brackets that have a canonical
// decomposition to it, so that either form pairs with the other (N0).
func canonicalBracket(r rune) rune {
	switch r {
	case 0x2329: // LEFT-POINTING ANGLE BRACKET
		return 0x3008 // LEFT ANGLE BRACKET
	case 0x232A: // RIGHT-POINTING ANGLE BRACKET
		return 0x3009 // RIGHT ANGLE BRACKET
	}
	return r
}

type bracketPair struct{ open, close int } // positions in the sequence

// brackets applies rule N0 to an isolating run sequence whose embedding
// direction is e: paired brackets take the direction of what they
// enclose, or of the context before them.
func (p *paragraph) brackets(seq []int32, sos, e class) {
	t := p.types

	// BD16: find the pairs.
	var stack [maxBrackets]struct {
		open rune // canonical opening bracket
		pos  int
	}
	sp := 0
	var pairs []bracketPair
scan:
	for k, i := range seq {
		if t[i] != cON { // a bracket is only one while its type is ON (BD14, BD15)
			continue
		}
		r := p.text[i]
		props, _ := xbidi.LookupRune(r)
		if !props.IsBracket() {
			continue
		}
		if props.IsOpeningBracket() {
			if sp == maxBrackets {
				break scan // BD16: stop looking for this sequence
			}
			stack[sp].open, stack[sp].pos = canonicalBracket(r), k
			sp++
			continue
		}
		o, ok := openingOf(r)
		if !ok {
			continue
		}
		o = canonicalBracket(o)
		for j := sp - 1; j >= 0; j-- {
			if stack[j].open == o {
				pairs = append(pairs, bracketPair{stack[j].pos, k})
				sp = j
				break
			}
		}
	}
	if len(pairs) == 0 {
		return
	}
	sort.Slice(pairs, func(a, b int) bool { return pairs[a].open < pairs[b].open })

	for _, pr := range pairs {
		// N0 b–d: a strong type inside of the embedding direction wins;
		// else one of the other direction, if the context before the
		// opening bracket agrees; else nothing changes.
		inside := cON
		for k := pr.open + 1; k < pr.close; k++ {
			if d := strong(t[seq[k]]); d == e {
				inside = e
				break
			} else if d != cON {
				inside = d
			}
		}
		if inside == cON {
			continue
		}
		d := e
		if inside != e {
			context := sos
			for k := pr.open - 1; k >= 0; k-- {
				if s := strong(t[seq[k]]); s != cON {
					context = s
					break
				}
			}
			if context == inside {
				d = inside
			}
		}
		p.setBracket(seq, pr.open, d)
		p.setBracket(seq, pr.close, d)
	}
}

// setBracket gives the bracket at seq[k] the direction d, and the
// nonspacing marks after it too (N0, last paragraph).
func (p *paragraph) setBracket(seq []int32, k int, d class) {
	p.types[seq[k]] = d
	for k++; k < len(seq) && p.cls[seq[k]] == cNSM; k++ {
		p.types[seq[k]] = d
	}
}
