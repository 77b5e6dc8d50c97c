package report

import "github.com/kiroku-app/kiroku/internal/typeset"

// Placeholder stands in for a character none of the report's fonts can
// draw (emoji, control characters, scripts Kiroku ships no font for). It is
// the geta mark, the customary Japanese sign for a missing character; the
// PDF still maps it to the original character, and the exact text is in
// the machine-readable files of the bundle.
const Placeholder = typeset.Placeholder
