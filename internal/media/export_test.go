package media

import "testing"

// WithoutSystemAMR acts out a computer without an AMR-NB decoder for the
// rest of the test.
func WithoutSystemAMR(t *testing.T) {
	old := amrNew
	amrNew = func() amrCodec { return nil }
	t.Cleanup(func() { amrNew = old })
}
