package cli

import (
	"bytes"
	"io"
	"os"
	"strings"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// ageHeader starts every age file (the encrypted export's format).
const ageHeader = "age-encryption.org/v1\n"

// ageHint returns, for an age-encrypted file, how to open it before it can
// be verified: the verifier reads bags and zips, and decrypting to a file is
// the recipient's step with the standard age tool.
func ageHint(path string) (string, bool) {
	f, err := os.Open(path)
	if err != nil {
		return "", false
	}
	defer f.Close()
	head := make([]byte, len(ageHeader))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, []byte(ageHeader)) {
		return "", false
	}
	zip := strings.TrimSuffix(path, ".age")
	if zip == path {
		zip = path + ".zip"
	}
	return i18n.T("cli.verify.err.encrypted", path, zip), true
}
