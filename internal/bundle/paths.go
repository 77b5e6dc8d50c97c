package bundle

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// Limits on names inside a bag. They are far above what Kiroku writes and
// keep a hostile manifest or zip from making the verifier do silly work.
const (
	maxPathBytes    = 1024
	maxSegmentBytes = 255
	maxSafeName     = 80
)

// errBadPath is wrapped by checkPath.
var errBadPath = errors.New("unsafe path")

// checkPath reports whether p is a path a bag may contain: relative, clean,
// "/"-separated, UTF-8, without "..", ".", empty segments, backslashes,
// colons (drive letters, NTFS streams), NUL or control characters.
// FORMAT.md, "Evidence bundle": paths never contain those, so a verifier
// can refuse them before touching the file system.
func checkPath(p string) error {
	switch {
	case p == "":
		return fmt.Errorf("%w: empty path", errBadPath)
	case len(p) > maxPathBytes:
		return fmt.Errorf("%w: path longer than %d bytes", errBadPath, maxPathBytes)
	case !utf8.ValidString(p):
		return fmt.Errorf("%w: %q is not UTF-8", errBadPath, p)
	case p[0] == '/':
		return fmt.Errorf("%w: %q is absolute", errBadPath, p)
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return fmt.Errorf("%w: %q has a control character", errBadPath, p)
		}
		if r == '\\' || r == ':' {
			return fmt.Errorf("%w: %q has %q", errBadPath, p, r)
		}
	}
	for _, seg := range strings.Split(p, "/") {
		switch {
		case seg == "" || seg == "." || seg == "..":
			return fmt.Errorf("%w: %q has an empty, \".\" or \"..\" segment", errBadPath, p)
		case len(seg) > maxSegmentBytes:
			return fmt.Errorf("%w: %q has a segment longer than %d bytes", errBadPath, p, maxSegmentBytes)
		}
	}
	if path.Clean(p) != p {
		return fmt.Errorf("%w: %q is not clean", errBadPath, p)
	}
	return nil
}

// SafeName reduces an attachment's original file name to what a bag may
// use as a file name on every system and in every zip tool: ASCII letters,
// digits, '.', '-' and '_' (every other character, one per character,
// becomes '_'), no leading or trailing '.', at most 80 bytes (the extension is kept
// when the name is cut). The original name stays in entries.json.
func SafeName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	s := b.String()
	if s == "" {
		return "_"
	}
	if s[0] == '.' {
		s = "_" + s[1:]
	}
	if s[len(s)-1] == '.' { // Windows drops a trailing dot
		s = s[:len(s)-1] + "_"
	}
	if len(s) > maxSafeName {
		ext := path.Ext(s)
		if len(ext) > 16 || len(ext) == len(s) {
			ext = ""
		}
		s = s[:maxSafeName-len(ext)] + ext
	}
	return s
}
