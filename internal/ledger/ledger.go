// Package ledger computes Kiroku's hash chain. Every record written to a
// vault (an entry revision, a purge, later recordings and attachments) gets
// one link, in write order:
//
//	link[0]   = SHA-256("kiroku/ledger/genesis/v1" 0x00 || vault id)
//	link[seq] = SHA-256("kiroku/ledger/v1" 0x00 || link[seq-1] || seq (8 bytes, big endian)
//	                    || len(kind) (4 bytes) || kind || len(ref) (4 bytes) || ref
//	                    || record hash (32 bytes))
//
// The record hash is computed by the record's own package over its canonical
// bytes, which carry a random salt. The chain makes any change, removal or
// reordering of past records visible to anyone who holds a later link (the
// head); anchoring the head with a trusted timestamp dates it.
//
// No cgo and no I/O: the bundle verifier depends on this package.
package ledger

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
)

// Hash is a SHA-256 digest.
type Hash [32]byte

func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// MarshalText writes 64 lowercase hex characters, so links and heads read
// the same in JSON as in sha256sum's output.
func (h Hash) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText accepts exactly 64 hex characters.
func (h *Hash) UnmarshalText(b []byte) error {
	p, err := ParseHash(string(b))
	if err != nil {
		return err
	}
	*h = p
	return nil
}

// ParseHash decodes 64 hex characters.
func ParseHash(s string) (Hash, error) {
	var h Hash
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(h) {
		return h, fmt.Errorf("not a SHA-256 hex digest: %q", s)
	}
	copy(h[:], b)
	return h, nil
}

// Link is one element of the chain.
type Link struct {
	Seq        uint64 `json:"seq"`  // 1, 2, 3... without gaps
	Kind       string `json:"kind"` // e.g. "revision", "purge"
	Ref        string `json:"ref"`  // where the record lives, e.g. "revision:12"
	RecordHash Hash   `json:"record_hash"`
	Hash       Hash   `json:"link"` // this link's hash
}

// Genesis is the link before the first record of a vault.
func Genesis(vaultID []byte) Hash {
	h := sha256.New()
	h.Write([]byte("kiroku/ledger/genesis/v1\x00"))
	h.Write(vaultID)
	var out Hash
	h.Sum(out[:0])
	return out
}

// Next computes the hash of the link that follows prev.
func Next(prev Hash, seq uint64, kind, ref string, record Hash) Hash {
	h := sha256.New()
	h.Write([]byte("kiroku/ledger/v1\x00"))
	h.Write(prev[:])
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seq)
	h.Write(b[:])
	writeString(h, kind)
	writeString(h, ref)
	h.Write(record[:])
	var out Hash
	h.Sum(out[:0])
	return out
}

func writeString(h interface{ Write([]byte) (int, error) }, s string) {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], uint32(len(s)))
	h.Write(b[:])
	h.Write([]byte(s))
}

// ErrBroken means the chain does not recompute.
var ErrBroken = errors.New("ledger chain broken")

// Break describes where a chain stops recomputing.
type Break struct {
	Seq    uint64
	Reason string
}

func (b Break) Error() string { return fmt.Sprintf("ledger link %d: %s", b.Seq, b.Reason) }
func (b Break) Unwrap() error { return ErrBroken }

// Verify recomputes links in order from the genesis of vaultID and returns
// every break it finds (a wrong hash, a gap or a repeated sequence number).
// After a break it continues from the stored hash, so one bad link does not
// hide later ones. It returns the recomputed head.
func Verify(vaultID []byte, links []Link) (Hash, []Break) {
	prev := Genesis(vaultID)
	var breaks []Break
	for i, l := range links {
		want := uint64(i + 1)
		if l.Seq != want {
			breaks = append(breaks, Break{l.Seq, fmt.Sprintf("expected sequence %d", want)})
		}
		got := Next(prev, l.Seq, l.Kind, l.Ref, l.RecordHash)
		if got != l.Hash {
			breaks = append(breaks, Break{l.Seq, "hash does not recompute"})
		}
		prev = l.Hash
	}
	return prev, breaks
}
