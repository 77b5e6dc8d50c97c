// Package localzone names the computer's time zone as IANA does
// ("Asia/Tokyo"), the name an entry records beside its time so that a
// reader anywhere sees the local time it happened at. Go calls the
// computer's own zone "Local"; this finds its real name the way the
// system keeps it: the TZ variable, the /etc/localtime link (Linux,
// macOS), or Windows' own zone name ("Tokyo Standard Time") mapped with
// the table of the Unicode CLDR (windowsZones.xml). Both front ends use
// it. "" means the name cannot be known; callers then record none.
package localzone

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Name returns the IANA name of the computer's time zone, or "".
func Name() string {
	if z, ok := os.LookupEnv("TZ"); ok {
		z = strings.TrimPrefix(z, ":")
		switch {
		case z == "":
			return "UTC"
		case !filepath.IsAbs(z):
			return valid(z)
		}
		return valid(fromPath(z))
	}
	if n := time.Local.String(); n != "Local" && n != "" {
		return valid(n)
	}
	return valid(system())
}

// fromPath is the zone name in a path into a zoneinfo folder
// (/usr/share/zoneinfo/Asia/Tokyo), or "".
func fromPath(p string) string {
	if i := strings.Index(p, "zoneinfo/"); i >= 0 {
		return p[i+len("zoneinfo/"):]
	}
	return ""
}

// valid is name if the time zone database knows it, else "".
func valid(name string) string {
	if name == "" {
		return ""
	}
	if _, err := time.LoadLocation(name); err != nil {
		return ""
	}
	return name
}

// FromWindows maps a Windows time zone name to its IANA name (CLDR's
// territory "001" choice), or "" for one not in the table.
func FromWindows(name string) string {
	return windowsZones[name]
}
