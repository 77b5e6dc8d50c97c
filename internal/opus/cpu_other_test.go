//go:build !unix

package opus_test

import "time"

var start0 = time.Now()

// cpuTime falls back to wall-clock time where getrusage is missing.
func cpuTime() time.Duration { return time.Since(start0) }
