//go:build !(linux && (amd64 || arm64))

package backup

// dropCache is a no-op where there is no portable way to drop a file's
// cached pages; verification may then read the copy from memory.
func dropCache(path string) {}
