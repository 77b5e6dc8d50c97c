//go:build !(linux && (amd64 || arm64))

package vault

import "os"

// startWriteback is a no-op where the kernel offers no way to start a
// file's writeback early; the final fsync then writes the whole copy.
func startWriteback(f *os.File, off, n int64) {}
