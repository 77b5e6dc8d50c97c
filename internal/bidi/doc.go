// Package bidi resolves the embedding levels of bidirectional text and
// reorders a line for display, as the Unicode Bidirectional Algorithm
// (UAX #9, https://www.unicode.org/reports/tr9/) specifies. The report
// lays out Arabic and Hebrew mixed with digits, Latin and Japanese; it
// needs the levels themselves, not only a direction per run, because
// digits inside Arabic in a left-to-right paragraph (level 2) must not be
// mistaken for the left-to-right text around them (level 0).
//
// It is written from the text of UAX #9 for Unicode 15 and implements
//   - P2–P3: the paragraph level, from the first strong character
//     outside isolates (Auto), or given (LTR, RTL);
//   - X1–X10: embeddings, overrides and isolates with the 125-level
//     limit and its overflow counters, removal of the formatting
//     characters and BN (X9), level runs and isolating run sequences;
//   - W1–W7, N0 (paired brackets, with canonical equivalents U+2329,
//     U+232A and U+3008, U+3009 paired), N1–N2, I1–I2;
//   - L1 (with the original classes) and L2, for one line of a
//     paragraph: see Visual and LineLevels.
//
// It does not apply L3 (combining marks with a right-to-left base) or L4
// (mirrored glyphs): the shaper of each run does both, given the run's
// direction. Nor does it split text into paragraphs (P1): the caller
// passes one paragraph at a time. A character removed by X9 keeps a level
// (the one before it) so that every index of the text has one; callers
// that draw nothing for it lose nothing.
//
// The Bidi_Class of each character comes from golang.org/x/text/unicode/bidi
// (see UnicodeVersion: 15.0.0 with the Go in go.mod; x/text switches to
// newer tables with newer Go releases), and the bracket pairs of rule N0
// from a table generated from the Unicode Character Database's
// BidiBrackets.txt (brackets_table.go). Text that has no right-to-left
// letter, Arabic digit or formatting character takes a fast path in a
// left-to-right or automatic paragraph: all of it is at level 0.
package bidi
