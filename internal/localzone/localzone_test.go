package localzone

import (
	"testing"
	"time"
	_ "time/tzdata" // as the binaries embed it
)

// Every name the Windows table gives is one the time zone database (the
// one the binaries embed) knows: a zone the entry records must load.
func TestWindowsZonesLoad(t *testing.T) {
	for win, iana := range windowsZones {
		if _, err := time.LoadLocation(iana); err != nil {
			t.Errorf("%s -> %s: %v", win, iana, err)
		}
	}
	for _, tt := range []struct{ win, want string }{
		{"Tokyo Standard Time", "Asia/Tokyo"},
		{"SE Asia Standard Time", "Asia/Bangkok"},
		{"Nepal Standard Time", "Asia/Katmandu"},
		{"E. South America Standard Time", "America/Sao_Paulo"},
		{"Mars Standard Time", ""},
	} {
		if got := FromWindows(tt.win); got != tt.want {
			t.Errorf("FromWindows(%q) = %q, want %q", tt.win, got, tt.want)
		}
	}
}

func TestNameFromTZ(t *testing.T) {
	for _, tt := range []struct{ tz, want string }{
		{"Asia/Tokyo", "Asia/Tokyo"},
		{":Asia/Manila", "Asia/Manila"},
		{"", "UTC"},
		{"/usr/share/zoneinfo/Asia/Kathmandu", "Asia/Kathmandu"},
		{"Nowhere/Special", ""},
		{"/etc/not-a-zone", ""},
	} {
		t.Setenv("TZ", tt.tz)
		if got := Name(); got != tt.want {
			t.Errorf("TZ=%q: %q, want %q", tt.tz, got, tt.want)
		}
	}
}
