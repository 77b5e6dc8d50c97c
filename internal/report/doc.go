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
// IPAex Gothic is embedded as a subset (only the glyphs used), so that the
// file stays small and renders on any machine. Lines are broken here, not by
// fpdf: fpdf v0.9.0's MultiCell drops a character at every line break
// inside Japanese text. Breaks fall at spaces, between Japanese characters
// (with the usual kinsoku rules: no line starts with 。、」 or a small
// kana, none ends with 「), and anywhere inside a run too long for the line
// (hashes, URLs). Characters the font lacks (emoji, Arabic, Hebrew, control
// characters, anything above U+FFFF, which fpdf refuses) are drawn as
// Placeholder, and invisible format characters (zero-width joiners,
// direction overrides) are dropped, so no user text can make Write fail.
//
// # Determinism
//
// The same Document gives the same bytes: the PDF's creation and
// modification dates are Document.HeadTime, the producer is fixed, fpdf's
// catalogs are sorted and nothing random is written (fpdf writes no /ID for
// unencrypted files).
package report
