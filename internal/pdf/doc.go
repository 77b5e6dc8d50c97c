// Package pdf writes PDF 1.7 documents page by page, with text given as
// shaped glyph runs in embedded TrueType fonts, so that any script the
// layout engine can shape (Japanese, Arabic, Devanagari, Myanmar ...)
// prints as shaped and extracts as the original text.
//
// It is a writer, not a layout engine: the caller breaks lines, shapes
// text and places every glyph. Coordinates are in points (1/72 inch) from
// the top-left corner of the page, y growing downward; the package turns
// them into PDF's bottom-up user space. It needs only the standard
// library, and no cgo.
//
// # Text
//
// Fonts are TrueType (glyf outlines), embedded as a Type0 font with
// /Encoding /Identity-H over a CIDFontType2 with a /CIDToGIDMap stream, a
// /W array and a FontDescriptor whose /FontFile2 is a subset of the font.
// Character codes (CIDs, two bytes) are not glyph IDs: a code is
// allocated per distinct (glyph ID, text) pair, so one glyph can stand for
// different text in different places, and the font's ToUnicode CMap maps
// each code to its text (several characters, UTF-16BE, with surrogate
// pairs where needed). A code whose pair has no text has no ToUnicode
// entry. See Cluster for which pairs get text: single-glyph clusters map
// to their text; multi-glyph clusters are wrapped in
// /Span <</ActualText ...>> BDC ... EMC; invisible clusters use text
// rendering mode 3. One PDF font object holds 65535 codes; past that, a
// second one is opened for the same face (same subset, same descriptor).
//
// Glyphs are shown with TJ: a glyph whose position differs from where the
// previous glyph's /W advance left the pen by 0.0005 pt or more gets a TJ
// adjustment; vertical offsets (marks) use text rise (Ts). Every glyph
// lands within 0.001 pt of its given position.
//
// # Subsets
//
// The subset keeps glyph IDs: the used glyphs, the components of composite
// glyphs (recursively) and glyph 0 keep their outlines and metrics; all
// other glyphs are empty with zero metrics, so loca and hmtx stay full
// length but compress to little. Only head, hhea, maxp, hmtx, loca, glyf
// and (when present) cvt, fpgm and prep are written, with fresh checksums
// and head.checkSumAdjustment; a CIDFontType2 with a CIDToGIDMap reads no
// cmap, post or name table. The subset's name is six capital letters
// derived from a hash of the kept glyph IDs, then "+" and the PostScript
// name: /BaseFont /ABCDEF+IPAexGothic (the Type0 font adds -Identity-H, as
// the specification recommends). Fonts whose OS/2 fsType forbids
// embedding are refused; "no subsetting" (0x0100) embeds every glyph.
//
// # Object layout: what is written when
//
// New writes the header (%PDF-1.7 and a comment line of bytes above 127)
// and reserves object 1 (the catalog) and object 2 (the page tree root),
// which everything may refer to and which are written last.
//
// While the document is drawn, object numbers are only reserved: a page's
// (by AddPage), a Later's Form XObject (by NewLater), and a font's Type0
// object (when its first glyph is drawn, and again at the 65536th code).
//
// When a page is finished (by the next AddPage, or by Close) it is written
// at once, in this order: its content stream (Flate), one /Link
// annotation object per Page.Link (/Dest is the destination's name, a
// string, resolved through the name tree written at the end), and the
// Page object (/Parent 2 0 R, /MediaBox, /Resources naming only the fonts
// and XObjects the page uses, /Contents, /Annots). After that only the
// page's object number is kept, so memory holds one page's content plus
// per-document tables: the (glyph, text) codes of each font, destination
// names, bookmark titles and the text of each Later.
//
// Close writes, in order:
//   - the last page, as above;
//   - each Later as a Form XObject (/BBox [0 0 w h]), in NewLater order;
//   - for each font that was drawn with, in AddFont order: the /FontFile2
//     stream (the subset, with /Length1), the FontDescriptor, then for each
//     of its PDF font objects: the Type0 font (its reserved number), the
//     CIDFontType2 (/CIDSystemInfo Adobe-Identity-0, /W, /CIDToGIDMap),
//     the CIDToGIDMap stream (two bytes per code: the glyph ID) and the
//     ToUnicode CMap stream (bfchar blocks of at most 100 entries);
//   - the page tree root (object 2) with /Kids of every page in order;
//   - the outline root and one item per Outline call, in call order
//     (/Dest [page /XYZ null top null]; items start closed);
//   - the destination name tree, sorted by name: one node up to 256
//     names, else a root with /Kids of leaves carrying /Limits;
//   - the /Info dictionary (/Title, /Producer and /Creator, /CreationDate
//     and /ModDate from Info.Created);
//   - the catalog (object 1) with /Lang, /Outlines and /PageMode
//     /UseOutlines when there are bookmarks, /Names << /Dests >> when there
//     are destinations, and /ViewerPreferences /DisplayDocTitle;
//   - the cross-reference table and the trailer, whose /ID is two copies
//     of the first 16 bytes of the SHA-256 of everything written before
//     the trailer.
//
// Every stream is Flate-compressed (compress/zlib, default level).
//
// # Determinism and errors
//
// The same calls give the same bytes: object order follows the calls,
// names are sorted, and the only time written is Info.Created. The first
// error, from the io.Writer or from a misuse (a glyph the font does not
// have, a link to a destination never defined, a NaN coordinate, drawing
// on a page already written), is kept; later calls do nothing and Close
// returns it. Malformed font bytes make AddFont (or, for a broken
// composite glyph, Close) return an error, never panic.
//
// # What extractors do with it
//
// pdftotext (poppler) returns the text exactly, with two heuristics of its
// own to know about: a line whose only gaps are equal narrow spaces
// ("1 / 2" in a proportional font) comes out without its spaces, and on a
// page it judges left-to-right, digits or Latin inside Arabic come out in
// visual order (see docs/research/issue14-scripts.md).
package pdf
