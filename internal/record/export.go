package record

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxExportFiles bounds the files one Export record lists.
const MaxExportFiles = 100000

// Export records, in the vault's ledger, the derived files of an evidence
// bundle before the bundle is written: the report, entries.json and .csv,
// the hours files, the rule summaries. Those files are renderings, not
// records; without this record anyone could replace report.pdf in a bundle
// and recompute the manifests. With it, the files are bound to the chain,
// and a timestamp of any later head dates them.
//
// Files lists every payload file of the bag that is not under data/ledger/
// (the chain and the records themselves), data/audio/ or data/attachments/
// (each bound by its own record's SHA-256), sorted by path, no duplicates.
// Head is the ledger snapshot the bundle was made from.
type Export struct {
	Version    int          `json:"v"`
	Salt       string       `json:"n"`
	ExportID   int64        `json:"export"`
	Head       ExportHead   `json:"head"`
	Files      []ExportFile `json:"files"`
	RecordedAt time.Time    `json:"recorded_at"`
}

// ExportHead names a ledger link: its sequence number and hex link hash.
type ExportHead struct {
	Seq  uint64 `json:"seq"`
	Link string `json:"link"`
}

// ExportFile is one file of a bag, by its bag path ("data/report.pdf").
type ExportFile struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// ExportCovers reports whether an Export record lists the bag path p: every
// payload file outside the ledger, audio and attachments folders.
func ExportCovers(p string) bool {
	return strings.HasPrefix(p, "data/") && !strings.HasPrefix(p, "data/ledger/") &&
		!strings.HasPrefix(p, "data/audio/") && !strings.HasPrefix(p, "data/attachments/")
}

// Canonical returns the canonical encoding of e.
func (e Export) Canonical() ([]byte, error) {
	if err := checkHeader(e.Version, e.Salt); err != nil {
		return nil, err
	}
	if e.ExportID <= 0 || e.Head.Seq == 0 || !isLowerHex(e.Head.Link, 64) {
		return nil, fmt.Errorf("%w: export record out of range", errInvalid)
	}
	if len(e.Files) > MaxExportFiles {
		return nil, fmt.Errorf("%w: export record lists more than %d files", errInvalid, MaxExportFiles)
	}
	for i, f := range e.Files {
		if err := validExportPath(f.Path); err != nil {
			return nil, err
		}
		if i > 0 && f.Path <= e.Files[i-1].Path {
			return nil, fmt.Errorf("%w: export record files not sorted or repeated at %q", errInvalid, f.Path)
		}
		if !isLowerHex(f.SHA256, 64) || f.Size < 0 {
			return nil, fmt.Errorf("%w: export record file %q: bad hash or size", errInvalid, f.Path)
		}
	}
	if e.Files == nil {
		e.Files = []ExportFile{}
	}
	e.RecordedAt = e.RecordedAt.Round(0)
	return canonical(e)
}

func validExportPath(p string) error {
	bad := !utf8.ValidString(p) || !ExportCovers(p) || strings.HasSuffix(p, "/") ||
		strings.Contains(p, "\\") || strings.Contains(p, "//") || len(p) > 1024
	for _, seg := range strings.Split(p, "/") {
		if seg == "." || seg == ".." {
			bad = true
		}
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f {
			bad = true
		}
	}
	if bad {
		return fmt.Errorf("%w: export record path %q", errInvalid, p)
	}
	return nil
}

// ParseExport decodes canonical bytes.
func ParseExport(b []byte) (Export, error) {
	var e Export
	if err := parseCanonical(b, &e, func() ([]byte, error) { return e.Canonical() }); err != nil {
		return Export{}, err
	}
	return e, nil
}
