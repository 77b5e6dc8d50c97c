//go:build linux && (amd64 || arm64)

package vault

import (
	"os"
	"syscall"
)

// startWriteback asks the kernel to start writing the dirty pages of f in
// [off, off+n) to the drive and returns without waiting for them. It is a
// hint: the copy is synced with fsync all the same.
func startWriteback(f *os.File, off, n int64) {
	const syncFileRangeWrite = 2 // SYNC_FILE_RANGE_WRITE
	syscall.Syscall6(syscall.SYS_SYNC_FILE_RANGE, f.Fd(), uintptr(off), uintptr(n), syncFileRangeWrite, 0, 0)
}
