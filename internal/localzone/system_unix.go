//go:build !windows

package localzone

import "os"

// system reads the /etc/localtime link (Linux, macOS).
func system() string {
	target, err := os.Readlink("/etc/localtime")
	if err != nil {
		return ""
	}
	return fromPath(target)
}
