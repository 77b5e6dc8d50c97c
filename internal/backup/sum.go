package backup

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kiroku-app/kiroku/internal/apperr"
)

// A single-file backup NAME.kiroku has a checksum file NAME.kiroku.sha256
// beside it, one line in the format of sha256sum and shasum -a 256:
//
//	<64 hex digits>  NAME.kiroku
//
// SQLite's checks and the sealed values only cover the bytes the vault
// uses; a byte changed in free space of the file would go unseen. The
// checksum covers every byte, so verify and restore refuse such a copy, and
// anyone can check a backup by hand with `sha256sum -c NAME.kiroku.sha256`.
// A part set carries the same hashes in its manifest.

// SumSuffix ends the name of a backup's checksum file.
const SumSuffix = ".sha256"

// Checksum states of a verified backup (Checked.Checksum).
const (
	ChecksumFile     = "file"     // NAME.sha256 matched
	ChecksumManifest = "manifest" // a part set's manifest matched
	ChecksumMissing  = "missing"  // no checksum file: only the content was checked
)

// sumLine is the checksum file's content for a file named name.
func sumLine(sum, name string) string { return sum + "  " + name + "\n" }

// ParseSum reads a checksum file: one line "<hex>  NAME" or "<hex> *NAME"
// (binary mode), with or without a final newline. It returns the hex digest
// in lower case and the name.
func ParseSum(b []byte) (sum, name string, err error) {
	bad := func(what string) (string, string, error) {
		return "", "", fmt.Errorf("checksum file: %s: %w", what, apperr.ErrDamaged)
	}
	if len(b) > 4096 {
		return bad("too large")
	}
	line := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
	if strings.ContainsAny(line, "\n\r\x00") {
		return bad("more than one line")
	}
	if len(line) < 64+2 {
		return bad("too short")
	}
	sum = strings.ToLower(line[:64])
	if !hexSum.MatchString(sum) {
		return bad("not a SHA-256 digest")
	}
	if line[64] != ' ' || (line[65] != ' ' && line[65] != '*') {
		return bad("not in the format of sha256sum")
	}
	name = line[66:]
	if name == "" || strings.ContainsAny(name, `/\`) {
		return bad("no plain file name")
	}
	return sum, name, nil
}

// writeSum writes the checksum file of the backup name under the temporary
// path tmp and syncs it.
func writeSum(ctx interface{ Err() error }, tmp, sum, name string) error {
	_, err := copyN(ctx, tmp, bytes.NewReader([]byte(sumLine(sum, name))), -1, nil, nil)
	return err
}

// SumMismatchError is a backup whose bytes differ from its checksum file.
type SumMismatchError struct {
	Path      string // the backup
	Got, Want string // hex digests
}

func (e *SumMismatchError) Error() string {
	return fmt.Sprintf("%s has SHA-256 %s, but %s, written with it, says %s: the file changed after it was written",
		filepath.Base(e.Path), e.Got, filepath.Base(e.Path)+SumSuffix, e.Want)
}

func (e *SumMismatchError) Unwrap() error { return apperr.ErrDamaged }

// checkSum compares sum, the SHA-256 of the backup file path, with its
// checksum file. It returns ChecksumFile or ChecksumMissing.
func checkSum(path, sum string) (string, error) {
	b, err := os.ReadFile(path + SumSuffix)
	if errors.Is(err, os.ErrNotExist) {
		return ChecksumMissing, nil
	}
	if err != nil {
		return "", fmt.Errorf("read the checksum file: %w", err)
	}
	want, _, err := ParseSum(b)
	if err != nil {
		return "", fmt.Errorf("%s: %w", filepath.Base(path)+SumSuffix, err)
	}
	if want != sum {
		return "", &SumMismatchError{Path: path, Got: sum, Want: want}
	}
	return ChecksumFile, nil
}
