package pdf

// Hooks for the external tests.

// TestFont is testFont, for the external tests and the fuzzer's seeds.
var TestFont = testFont

// Glyph IDs of TestFont.
const (
	TestGlyphTriangle  = tgTriangle
	TestGlyphSquare    = tgSquare
	TestGlyphComposite = tgComposite
	TestGlyphNested    = tgNested
	TestGlyphSpace     = tgSpace
)

// SetMaxCIDs lowers the number of codes per PDF font object, so that tests
// reach the limit cheaply; it returns a function that restores it.
func SetMaxCIDs(n int) (restore func()) {
	old := maxCIDs
	maxCIDs = n
	return func() { maxCIDs = old }
}
