package vault

import (
	"fmt"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// openSealed is the one path from a sealed row to its record: it opens
// sealed with k under ad (which binds the row), removes the padding,
// parses the canonical bytes with parse and, with names set, checks that
// the record names the row it was read from (names returns "" when it
// does, else what it names instead). Every failure is apperr.ErrDamaged
// naming ref, never the plaintext. It returns the record and its
// canonical bytes (the ledger hashes those).
func openSealed[T any](k *seal.Key, sealed, ad []byte, ref string, parse func([]byte) (T, error), names func(T) string) (T, []byte, error) {
	return openSealedTo(nil, k, sealed, ad, ref, parse, names)
}

// openSealedTo is openSealed decrypting into buf's storage (see
// seal.Key.OpenTo); the canonical bytes it returns share that storage.
func openSealedTo[T any](buf []byte, k *seal.Key, sealed, ad []byte, ref string, parse func([]byte) (T, error), names func(T) string) (T, []byte, error) {
	var zero T
	b, err := k.OpenTo(buf, sealed, ad)
	if err != nil {
		return zero, nil, fmt.Errorf("%s does not open: %w", ref, apperr.ErrDamaged)
	}
	canon, err := unpad(b)
	if err != nil {
		return zero, nil, fmt.Errorf("%s: %v: %w", ref, err, apperr.ErrDamaged)
	}
	r, err := parse(canon)
	if err != nil {
		return zero, nil, fmt.Errorf("%s: %v: %w", ref, err, apperr.ErrDamaged)
	}
	if names != nil {
		if other := names(r); other != "" {
			return zero, nil, fmt.Errorf("%s: the record names %s: %w", ref, other, apperr.ErrDamaged)
		}
	}
	return r, canon, nil
}

// namesOther is a names function's answer for a record that names one id:
// "" when it is the row's own, else "<what> <id>".
func namesOther(what string, named, row int64) string {
	if named == row {
		return ""
	}
	return fmt.Sprintf("%s %d", what, named)
}
