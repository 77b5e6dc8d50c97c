package bundle

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Names of the tag files of a bag.
const (
	bagitTxt       = "bagit.txt"
	bagInfoTxt     = "bag-info.txt"
	manifestTxt    = "manifest-sha256.txt"
	tagManifestTxt = "tagmanifest-sha256.txt"
	verifyTxt      = "VERIFY.txt"

	bagitContent = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
)

// Field is one line of bag-info.txt.
type Field struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// ManifestEntry is one line of a manifest: a SHA-256 and the bag-relative
// path it belongs to.
type ManifestEntry struct {
	SHA256 string `json:"sha256"` // lower-case hex
	Path   string `json:"path"`
	Line   int    `json:"line"`
}

// LineError is a line of a tag file that could not be understood.
type LineError struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

func (e LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// splitLines splits b at LF, dropping one CR before each LF, and drops a
// final empty line. Tag files written by other tools may use CRLF.
func splitLines(b []byte) []string {
	s := string(b)
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// ParseManifest reads a manifest-sha256.txt or tagmanifest-sha256.txt:
// "<64 hex> <whitespace> <path>" per line (RFC 8493 2.1.3), with %0A, %0D
// and %25 in paths decoded. Lines that cannot be read are returned as
// errors, never skipped silently; blank lines are ignored. Paths are not
// checked here (the verifier judges them).
func ParseManifest(b []byte) ([]ManifestEntry, []LineError) {
	var out []ManifestEntry
	var bad []LineError
	for i, l := range splitLines(b) {
		n := i + 1
		if strings.TrimSpace(l) == "" {
			continue
		}
		if !utf8.ValidString(l) {
			bad = append(bad, LineError{n, "not UTF-8"})
			continue
		}
		sp := strings.IndexAny(l, " \t")
		if sp < 0 {
			bad = append(bad, LineError{n, "no path after the hash"})
			continue
		}
		sum, rest := l[:sp], strings.TrimLeft(l[sp:], " \t")
		if len(sum) != 64 {
			bad = append(bad, LineError{n, "hash is not 64 hex digits"})
			continue
		}
		if _, err := hex.DecodeString(sum); err != nil {
			bad = append(bad, LineError{n, "hash is not 64 hex digits"})
			continue
		}
		if rest == "" {
			bad = append(bad, LineError{n, "no path after the hash"})
			continue
		}
		p, err := decodeManifestPath(rest)
		if err != nil {
			bad = append(bad, LineError{n, err.Error()})
			continue
		}
		out = append(out, ManifestEntry{SHA256: strings.ToLower(sum), Path: p, Line: n})
	}
	return out, bad
}

// decodeManifestPath undoes the percent-encoding of RFC 8493 2.1.3; any
// other '%' stays as it is.
func decodeManifestPath(s string) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	r := strings.NewReplacer("%0A", "\n", "%0a", "\n", "%0D", "\r", "%0d", "\r", "%25", "%")
	return r.Replace(s), nil
}

// encodeManifestPath is the inverse of decodeManifestPath. Kiroku's own
// paths never need it (checkPath refuses CR and LF) except for '%'.
func encodeManifestPath(s string) string {
	return strings.NewReplacer("%", "%25", "\n", "%0A", "\r", "%0D").Replace(s)
}

// FormatManifest writes entries sorted by path as "<hex>  <path>\n" (two
// spaces: GNU sha256sum and Perl shasum both accept it).
func FormatManifest(entries []ManifestEntry) []byte {
	sorted := append([]ManifestEntry(nil), entries...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	var b bytes.Buffer
	for _, e := range sorted {
		b.WriteString(e.SHA256)
		b.WriteString("  ")
		b.WriteString(encodeManifestPath(e.Path))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// ParseBagInfo reads bag-info.txt (or bagit.txt, which has the same form):
// "Label: value" lines, a line starting with space or tab continuing the
// previous value (RFC 8493 2.2.2). Labels may repeat; the order is kept.
func ParseBagInfo(b []byte) ([]Field, []LineError) {
	var out []Field
	var bad []LineError
	for i, l := range splitLines(b) {
		n := i + 1
		if !utf8.ValidString(l) {
			bad = append(bad, LineError{n, "not UTF-8"})
			continue
		}
		if l == "" {
			continue
		}
		if l[0] == ' ' || l[0] == '\t' {
			if len(out) == 0 {
				bad = append(bad, LineError{n, "continuation line without a label"})
				continue
			}
			out[len(out)-1].Value += " " + strings.TrimSpace(l)
			continue
		}
		c := strings.IndexByte(l, ':')
		if c <= 0 {
			bad = append(bad, LineError{n, "no \"Label: value\""})
			continue
		}
		label := l[:c]
		if strings.TrimSpace(label) != label {
			bad = append(bad, LineError{n, "label has surrounding spaces"})
			continue
		}
		out = append(out, Field{Label: label, Value: strings.TrimSpace(l[c+1:])})
	}
	return out, bad
}

// fieldValue returns the first value of label (labels compare without
// regard to case, as RFC 8493 recommends readers do) and how many there are.
func fieldValue(fields []Field, label string) (string, int) {
	var v string
	n := 0
	for _, f := range fields {
		if strings.EqualFold(f.Label, label) {
			if n == 0 {
				v = f.Value
			}
			n++
		}
	}
	return v, n
}

// checkField reports whether a bag-info field can be written as one line.
func checkField(f Field) error {
	if f.Label == "" || strings.TrimSpace(f.Label) != f.Label || strings.ContainsAny(f.Label, ":\r\n") {
		return fmt.Errorf("bag-info label %q is not a single word-like label", f.Label)
	}
	if strings.ContainsAny(f.Value, "\r\n") || strings.TrimSpace(f.Value) != f.Value {
		return fmt.Errorf("bag-info value of %s must be one line without surrounding spaces", f.Label)
	}
	if !utf8.ValidString(f.Label) || !utf8.ValidString(f.Value) {
		return fmt.Errorf("bag-info field %q is not UTF-8", f.Label)
	}
	return nil
}

// FormatBagInfo writes fields as "Label: value\n" lines.
func FormatBagInfo(fields []Field) ([]byte, error) {
	var b bytes.Buffer
	for _, f := range fields {
		if err := checkField(f); err != nil {
			return nil, err
		}
		b.WriteString(f.Label)
		b.WriteString(": ")
		b.WriteString(f.Value)
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}

// Oxum is a Payload-Oxum: total payload bytes and payload file count.
type Oxum struct {
	Bytes int64 `json:"bytes"`
	Files int64 `json:"files"`
}

func (o Oxum) String() string { return fmt.Sprintf("%d.%d", o.Bytes, o.Files) }

// ParseOxum reads "<bytes>.<count>".
func ParseOxum(s string) (Oxum, error) {
	a, b, ok := strings.Cut(s, ".")
	if !ok {
		return Oxum{}, fmt.Errorf("payload-oxum %q is not <bytes>.<count>", s)
	}
	n, err1 := strconv.ParseInt(a, 10, 64)
	c, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || n < 0 || c < 0 {
		return Oxum{}, fmt.Errorf("payload-oxum %q is not <bytes>.<count>", s)
	}
	return Oxum{Bytes: n, Files: c}, nil
}
