//go:build linux && (amd64 || arm64)

package backup

import (
	"os"
	"syscall"
)

// dropCache asks the kernel to forget the cached pages of a synced file,
// so that reading it back for verification reads the drive, not memory.
func dropCache(path string) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	const fadvDontNeed = 4 // POSIX_FADV_DONTNEED
	syscall.Syscall6(syscall.SYS_FADVISE64, f.Fd(), 0, 0, fadvDontNeed, 0, 0)
}
