//go:build !windows

package secretclip

// Set returns ErrUnsupported: see the package comment.
func Set(string) error { return ErrUnsupported }
