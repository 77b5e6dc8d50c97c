package i18n

import "fmt"

// Bytes writes a size for people in decimal units, as drives are sold and
// labelled (a "64 GB" USB drive): 999 B, 1.5 kB, 12.3 MB, 4.0 GB. Every
// screen, command and report shows sizes with it, so that one file has
// one size wherever it is shown. The units read the same in Japanese.
func Bytes(n int64) string {
	const unit = 1000
	if n < unit && n > -unit {
		return fmt.Sprintf("%d B", n)
	}
	// 999.95 kB would print as "1000.0 kB": that is 1.0 MB.
	f, u := float64(n)/unit, 0
	for (f >= unit-0.05 || f <= -(unit-0.05)) && u < len(byteUnits)-1 {
		f /= unit
		u++
	}
	return fmt.Sprintf("%.1f %s", f, byteUnits[u])
}

var byteUnits = []string{"kB", "MB", "GB", "TB", "PB", "EB"}
