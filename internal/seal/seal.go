// Package seal holds Kiroku's cryptography: key derivation, authenticated
// encryption of values, key wrapping and recovery keys. It does no I/O and
// imports nothing else of Kiroku, so it can be read and reviewed alone.
//
// Key hierarchy (see docs/DESIGN.md):
//
//	passphrase --Argon2id(salt, t, m, p)--> passphrase KEK --+
//	recovery key (128 bits) --HKDF-SHA256(salt)--> recovery KEK --+--> wrap(master key)
//	master key (256 random bits) --HKDF-SHA256(info=purpose)--> subkeys
//
// Every value is sealed with XChaCha20-Poly1305 under a random 192-bit nonce.
// The associated data names where the value lives (table, column, row,
// version), so a ciphertext copied to another place fails to open. A sealed
// value is:
//
//	version byte (0x01) || nonce (24 bytes) || ciphertext || tag (16 bytes)
//
// Keys live only in memory; Key.Wipe zeroes them. Go cannot promise that no
// copy was left behind by the runtime; we avoid making copies ourselves.
package seal

import (
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/hkdf"
)

// KeySize is the size of every symmetric key.
const KeySize = 32

// Overhead is how many bytes Seal adds to a plaintext.
const Overhead = 1 + chacha20poly1305.NonceSizeX + chacha20poly1305.Overhead

const sealVersion = 0x01

// ErrOpen means a sealed value did not authenticate: wrong key, damaged
// bytes, or a value moved from where it was sealed. Callers decide which of
// these it means in their context.
var ErrOpen = errors.New("sealed value does not authenticate")

// Key is a 256-bit symmetric key.
type Key struct{ b [KeySize]byte }

// NewKey returns a key from the system's random source.
func NewKey() *Key {
	k := new(Key)
	mustRand(k.b[:])
	return k
}

// KeyFromBytes copies b (which must be KeySize bytes) into a new key.
func KeyFromBytes(b []byte) (*Key, error) {
	if len(b) != KeySize {
		return nil, fmt.Errorf("key must be %d bytes, got %d", KeySize, len(b))
	}
	k := new(Key)
	copy(k.b[:], b)
	return k, nil
}

// Bytes exposes the key material. Use only to wrap or derive.
func (k *Key) Bytes() []byte { return k.b[:] }

// Wipe zeroes the key.
func (k *Key) Wipe() {
	if k == nil {
		return
	}
	clear(k.b[:])
}

// Subkey derives an independent key for one purpose, such as "records" or
// "audio", with HKDF-SHA256 (RFC 5869). The purpose strings are part of the
// format: changing one makes old data unreadable.
func (k *Key) Subkey(purpose string) *Key {
	r := hkdf.New(sha256.New, k.b[:], nil, []byte("kiroku/v1/subkey/"+purpose))
	out := new(Key)
	if _, err := io.ReadFull(r, out.b[:]); err != nil {
		panic("hkdf: " + err.Error()) // cannot fail for 32 bytes
	}
	return out
}

// Seal encrypts and authenticates plaintext, binding it to ad.
func (k *Key) Seal(plaintext, ad []byte) []byte {
	aead, err := chacha20poly1305.NewX(k.b[:])
	if err != nil {
		panic(err) // key size is fixed
	}
	out := make([]byte, 1+chacha20poly1305.NonceSizeX, Overhead+len(plaintext))
	out[0] = sealVersion
	mustRand(out[1:])
	return aead.Seal(out, out[1:1+chacha20poly1305.NonceSizeX], plaintext, ad)
}

// Open authenticates and decrypts a value made by Seal with the same ad.
func (k *Key) Open(sealed, ad []byte) ([]byte, error) {
	return k.OpenTo(nil, sealed, ad)
}

// OpenTo is Open writing the plaintext into dst's storage when it is large
// enough (dst[:0] is appended to), so that a loop opening many records
// reuses one buffer, and clears it, instead of leaving a plaintext copy of
// each record on the heap.
func (k *Key) OpenTo(dst, sealed, ad []byte) ([]byte, error) {
	if len(sealed) < Overhead || sealed[0] != sealVersion {
		return nil, ErrOpen
	}
	aead, err := chacha20poly1305.NewX(k.b[:])
	if err != nil {
		panic(err)
	}
	nonce := sealed[1 : 1+chacha20poly1305.NonceSizeX]
	pt, err := aead.Open(dst[:0], nonce, sealed[1+chacha20poly1305.NonceSizeX:], ad)
	if err != nil {
		return nil, ErrOpen
	}
	return pt, nil
}

// Wrap seals the master key under a key-encryption key.
func (k *Key) Wrap(master *Key, ad []byte) []byte { return k.Seal(master.b[:], ad) }

// Unwrap opens a wrapped master key.
func (k *Key) Unwrap(wrapped, ad []byte) (*Key, error) {
	b, err := k.Open(wrapped, ad)
	if err != nil {
		return nil, err
	}
	defer clear(b)
	return KeyFromBytes(b)
}

// AD builds associated data from its parts, each length-prefixed so that
// ("ab","c") and ("a","bc") differ.
func AD(parts ...string) []byte {
	n := len("kiroku/ad/v1")
	for _, p := range parts {
		n += 4 + len(p)
	}
	b := make([]byte, 0, n)
	b = append(b, "kiroku/ad/v1"...)
	for _, p := range parts {
		l := uint32(len(p))
		b = append(b, byte(l>>24), byte(l>>16), byte(l>>8), byte(l))
		b = append(b, p...)
	}
	return b
}

// Random returns n bytes from the system's random source.
func Random(n int) []byte {
	b := make([]byte, n)
	mustRand(b)
	return b
}

func mustRand(b []byte) {
	if _, err := rand.Read(b); err != nil {
		panic("random source failed: " + err.Error())
	}
}
