package seal

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"strings"
)

// A recovery key is 128 random bits plus a 32-bit checksum, written as 32
// Crockford base32 characters in groups of four:
//
//	7K2M-Q9XD-...-H4TA
//
// Crockford's alphabet has no I, L, O or U, and decoding reads I and L as 1
// and O as 0, so a key copied by hand survives the usual mix-ups. The
// checksum tells a typo apart from a key that belongs to another vault.

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// RecoverySize is the number of random bytes in a recovery key.
const RecoverySize = 16

// ErrRecoveryTypo means a recovery key is malformed or its checksum fails.
var ErrRecoveryTypo = errors.New("recovery key is mistyped")

// NewRecoveryKey returns a fresh recovery key: its random bytes and the
// text to show the user once.
func NewRecoveryKey() (raw []byte, text string) {
	raw = Random(RecoverySize)
	return raw, FormatRecoveryKey(raw)
}

// FormatRecoveryKey encodes raw (RecoverySize bytes) for the user.
func FormatRecoveryKey(raw []byte) string {
	sum := sha256.Sum256(append([]byte("kiroku/recovery-check/v1"), raw...))
	b := append(append([]byte{}, raw...), sum[:4]...) // 20 bytes = 160 bits = 32 chars
	var out strings.Builder
	var acc uint64
	bits := 0
	n := 0
	for _, c := range b {
		acc = acc<<8 | uint64(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			if n > 0 && n%4 == 0 {
				out.WriteByte('-')
			}
			out.WriteByte(crockford[(acc>>uint(bits))&31])
			n++
		}
	}
	return out.String()
}

// ParseRecoveryKey decodes a recovery key typed by a person: case, spaces
// and dashes do not matter.
func ParseRecoveryKey(s string) ([]byte, error) {
	var vals []byte
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ' || r == '\t' || r == '\n' || r == '\r':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		i := strings.IndexRune(crockford, r)
		if i < 0 {
			return nil, ErrRecoveryTypo
		}
		vals = append(vals, byte(i))
	}
	if len(vals) != 32 {
		return nil, ErrRecoveryTypo
	}
	var b []byte
	var acc uint64
	bits := 0
	for _, v := range vals {
		acc = acc<<5 | uint64(v)
		bits += 5
		if bits >= 8 {
			bits -= 8
			b = append(b, byte(acc>>uint(bits)))
		}
	}
	raw := b[:RecoverySize]
	sum := sha256.Sum256(append([]byte("kiroku/recovery-check/v1"), raw...))
	if !bytes.Equal(sum[:4], b[RecoverySize:]) {
		return nil, ErrRecoveryTypo
	}
	return raw, nil
}
