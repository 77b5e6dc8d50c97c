// Package report renders the human-readable PDF of an evidence bundle
// (data/report.pdf, see docs/FORMAT.md): a cover with the ledger head and
// its timestamps, an index of incidents, every entry in full with its
// revision history, recordings and attachments, the hours summary, the
// related rule summaries, and how to verify the bundle.
//
// The report is a rendering, not the evidence: the machine-readable files
// beside it are authoritative, and the report says so. Its input is a plain
// Document that the caller fills from the vault, the rule library and the
// hours calculator; this package imports none of them and needs no cgo.
//
// # Languages
//
// A report is written in Japanese, English or both (every label and heading
// as "日本語 / English"), whatever the app's language, through the
// translation catalog (i18n.Catalog.T with an explicit language; keys
// "report.*" in assets/i18n/<lang>/report.json).
//
// # Text
//
// A worker's own words are drawn in their own script (internal/typeset):
// each run of text is shaped with HarfBuzz (go-text) in a font made for its
// script, embedded in the binary (IPAex Gothic for Japanese, Noto Sans for
// Latin, Greek and Cyrillic, Noto Sans Arabic, Devanagari, Myanmar, Thai
// and Khmer, Droid Sans Fallback for Chinese forms and Korean), laid out in
// the order of the Unicode bidirectional algorithm (internal/bidi), and
// written by internal/pdf with subsets of the glyphs used and a ToUnicode
// map per glyph and text, so that copying or pdftotext gives the original
// characters back. Breaks fall at spaces, between Japanese characters
// (with the usual kinsoku rules: no line starts with 。、」 or a small
// kana, none ends with 「), and between grapheme clusters inside a run too
// long for the line (hashes, URLs, Thai). Characters no embedded font has
// (emoji, scripts Kiroku ships no font for) and control characters are
// drawn as Placeholder, still mapped to the original character, so no user
// text can make Write fail.
//
// Pages are written as they are finished: memory does not grow with the
// number of entries. The total page count in every footer is a form
// drawn once at the end.
//
// # Determinism
//
// The same Document gives the same bytes: the PDF's creation and
// modification dates are Document.HeadTime, the producer is fixed, objects
// are written in a fixed order and the file's /ID is a digest of its own
// bytes.
package report
