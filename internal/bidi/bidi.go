package bidi

import xbidi "golang.org/x/text/unicode/bidi"

// UnicodeVersion is the version of the Unicode Character Database the
// character classes come from.
const UnicodeVersion = xbidi.UnicodeVersion

// Level is an embedding level: even levels are left-to-right, odd levels
// right-to-left. Resolved levels are at most 126 (the depth limit of 125
// plus one from rules I1–I2).
type Level uint8

// Base is the direction a paragraph is given.
type Base int

const (
	// Auto takes the direction of the first strong character outside
	// isolates (rules P2–P3), left-to-right if there is none.
	Auto Base = iota
	// LTR makes the paragraph level 0.
	LTR
	// RTL makes the paragraph level 1.
	RTL
)

// maxDepth is the deepest explicit embedding level (BD2).
const maxDepth = 125

// Levels resolves the embedding levels of one paragraph (rules P2–P3,
// X1–X10 including isolates, embeddings and overrides, W1–W7, N0–N2,
// I1–I2) and returns them, one per rune, with the paragraph level.
// text must not contain a paragraph separator (class B) except possibly at
// the end; one in the middle ends all embeddings and isolates (X8) but not
// the paragraph. Characters removed by rule X9 get the level of the
// preceding character (or the paragraph level) so every index has a level.
func Levels(text []rune, base Base) (levels []Level, para Level) {
	levels = make([]Level, len(text))
	if base != RTL && !needsBidi(text) {
		return levels, 0
	}
	return levels, resolve(text, base, levels)
}

// needsBidi reports whether text has a character that can make a level
// other than 0 in a left-to-right paragraph: R, AL, AN or an explicit
// formatting character. Without one, every rule leaves every level at 0.
func needsBidi(text []rune) bool {
	for _, r := range text {
		if r < firstBidi {
			continue
		}
		switch classOf(r) {
		case cR, cAL, cAN, cLRE, cRLE, cLRO, cRLO, cPDF, cLRI, cRLI, cFSI, cPDI:
			return true
		}
	}
	return false
}

// firstBidi is the first code point whose class may be R, AL, AN or an
// explicit formatting class (U+0590, the Hebrew block); everything below,
// assigned or not, is of other classes (TestFirstBidi checks).
const firstBidi = 0x0590

// class is a Bidi_Class value, or the type a rule gave a character.
type class uint8

const (
	cL class = iota
	cR
	cAL
	cEN
	cES
	cET
	cAN
	cCS
	cNSM
	cBN
	cB
	cS
	cWS
	cON
	cLRE
	cLRO
	cRLE
	cRLO
	cPDF
	cLRI
	cRLI
	cFSI
	cPDI
)

// fromX maps x/text's classes to ours.
var fromX = [...]class{
	xbidi.L:   cL,
	xbidi.R:   cR,
	xbidi.EN:  cEN,
	xbidi.ES:  cES,
	xbidi.ET:  cET,
	xbidi.AN:  cAN,
	xbidi.CS:  cCS,
	xbidi.B:   cB,
	xbidi.S:   cS,
	xbidi.WS:  cWS,
	xbidi.ON:  cON,
	xbidi.BN:  cBN,
	xbidi.NSM: cNSM,
	xbidi.AL:  cAL,
	xbidi.LRO: cLRO,
	xbidi.RLO: cRLO,
	xbidi.LRE: cLRE,
	xbidi.RLE: cRLE,
	xbidi.PDF: cPDF,
	xbidi.LRI: cLRI,
	xbidi.RLI: cRLI,
	xbidi.FSI: cFSI,
	xbidi.PDI: cPDI,
	// Class never returns Control, the trie's shared value for the
	// formatting characters.
	xbidi.Control: cON,
}

// asciiClass saves a trie lookup for the commonest runes.
var asciiClass = func() (t [0x80]class) {
	for r := range t {
		t[r] = lookupClass(rune(r))
	}
	return t
}()

func lookupClass(r rune) class {
	p, _ := xbidi.LookupRune(r)
	if c := p.Class(); int(c) < len(fromX) {
		return fromX[c]
	}
	return cON // no such class today; a neutral is the safe reading
}

// classOf returns the Bidi_Class of r.
func classOf(r rune) class {
	if r >= 0 && r < 0x80 {
		return asciiClass[r]
	}
	return lookupClass(r)
}

// removedByX9 reports whether rule X9 removes characters of class c.
func removedByX9(c class) bool {
	return c == cBN || (c >= cLRE && c <= cPDF)
}

func isIsolateInitiator(c class) bool { return c == cLRI || c == cRLI || c == cFSI }

// isNI reports whether c is a neutral or isolate formatting type (NI in
// rules N1–N2).
func isNI(c class) bool {
	switch c {
	case cB, cS, cWS, cON, cLRI, cRLI, cFSI, cPDI:
		return true
	}
	return false
}

// strong returns the direction (cL or cR) a resolved type counts as in
// rules N0–N1, where digits count as R, or cON if it has none.
func strong(c class) class {
	switch c {
	case cL:
		return cL
	case cR, cAL, cEN, cAN:
		return cR
	}
	return cON
}

// direction returns the embedding direction of a level.
func direction(l Level) class {
	if l&1 == 1 {
		return cR
	}
	return cL
}
