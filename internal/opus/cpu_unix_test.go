//go:build unix

package opus_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used: on a shared machine
// under load, wall-clock time would measure the neighbours.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
