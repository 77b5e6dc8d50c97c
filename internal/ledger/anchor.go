package ledger

import (
	"encoding/hex"
	"strconv"
)

// AnchorText is the exact text whose SHA-256 a timestamp authority signs to
// anchor link seq of a vault's chain (docs/FORMAT.md, "Evidence bundle").
// It is plain ASCII so that `openssl ts -verify -data FILE` works on it as
// written into a bundle.
func AnchorText(vaultID []byte, seq uint64, link Hash) []byte {
	b := make([]byte, 0, 160)
	b = append(b, "Kiroku ledger anchor 1\nvault "...)
	b = append(b, hex.EncodeToString(vaultID)...)
	b = append(b, "\nseq "...)
	b = strconv.AppendUint(b, seq, 10)
	b = append(b, "\nlink "...)
	b = append(b, link.String()...)
	b = append(b, '\n')
	return b
}
