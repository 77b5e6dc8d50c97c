package bundle

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kiroku-app/kiroku/internal/record"
)

// Limits on names inside a bag. They are far above what Kiroku writes and
// keep a hostile manifest or zip from making the verifier do silly work.
const (
	maxPathBytes    = 1024
	maxSegmentBytes = 255
	maxSafeName     = 120 // bytes; with "attachment-<id>-" well inside every file system's 255
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

// SafeName makes an attachment's original file name one a bag may use on
// every system, keeping the worker's own characters (issue 14: 診断書.pdf,
// Ghi âm cuộc họp.m4a and تسجيل.m4a stay as they are). It normalises to
// NFC and turns into '_' only what would break a file system, a zip tool
// or a checksum line: control and format characters (direction overrides
// could disguise a name), the characters Windows forbids (< > : " / \ | ?
// *), '%' (BagIt percent-encodes it in manifests, which sha256sum -c
// cannot follow), noncharacters and invalid UTF-8. A leading '.' and a
// trailing '.' or space (Windows drops them) become '_'. It is cut to at
// most 120 bytes at a character boundary, keeping the extension. The
// original name is in entries.json in any case.
func SafeName(name string) string {
	name = record.NFC(strings.ToValidUTF8(name, "_")) // the vault's one normaliser
	var b strings.Builder
	for _, r := range name {
		switch {
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0),
			strings.ContainsRune(`<>:"/\|?*%`, r),
			unicode.Is(unicode.Cf, r) && r != 0x200c && r != 0x200d, // keep ZWNJ, ZWJ: Persian, Indic words
			unicode.Is(unicode.Co, r), unicode.Is(unicode.Cs, r),
			r == utf8.RuneError, (r >= 0xFDD0 && r <= 0xFDEF) || r&0xFFFE == 0xFFFE:
			b.WriteByte('_')
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	s := b.String()
	if s == "" {
		return "_"
	}
	if len(s) > maxSafeName {
		ext := path.Ext(s)
		if len(ext) > 16 || len(ext) == len(s) {
			ext = ""
		}
		cut := maxSafeName - len(ext)
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + ext
	}
	if s[0] == '.' || s[0] == ' ' {
		s = "_" + s[1:]
	}
	if c := s[len(s)-1]; c == '.' || c == ' ' { // Windows drops a trailing dot or space
		s = s[:len(s)-1] + "_"
	}
	return s
}
