//go:build windows

package localzone

import "golang.org/x/sys/windows/registry"

// system reads Windows' zone name (the one Settings shows as the time
// zone, e.g. "Tokyo Standard Time") and maps it to IANA.
func system() string {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `SYSTEM\CurrentControlSet\Control\TimeZoneInformation`, registry.QUERY_VALUE)
	if err != nil {
		return ""
	}
	defer k.Close()
	name, _, err := k.GetStringValue("TimeZoneKeyName")
	if err != nil {
		return ""
	}
	return FromWindows(name)
}
