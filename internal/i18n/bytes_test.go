package i18n

import (
	"math"
	"testing"
)

func TestBytes(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{
		{0, "0 B"},
		{999, "999 B"},
		{1000, "1.0 kB"},
		{1536, "1.5 kB"},
		{999_949, "999.9 kB"},
		{999_950, "1.0 MB"},
		{12_345_678, "12.3 MB"},
		{64_000_000_000, "64.0 GB"},
		{4 << 30, "4.3 GB"}, // FAT32's limit, as a drive's label would put it
		{math.MaxInt64, "9.2 EB"},
		{-2048, "-2.0 kB"},
	} {
		if got := Bytes(c.n); got != c.want {
			t.Errorf("Bytes(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
