package seal

import (
	"crypto/sha256"
	"fmt"
	"io"
	"runtime"
	"time"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/hkdf"
)

// Params are Argon2id parameters, stored per vault beside each passphrase
// key slot so that every vault keeps opening with what it was made with.
type Params struct {
	Time      uint32 `json:"t"` // passes
	MemoryKiB uint32 `json:"m"` // memory in KiB
	Threads   uint8  `json:"p"` // lanes
}

// Minimum is the floor for new passphrase key slots: RFC 9106's second
// recommended setting (t=3, m=64 MiB, p=4).
var Minimum = Params{Time: 3, MemoryKiB: 64 * 1024, Threads: 4}

// Maximum bounds parameters read from a vault file (and given to kirokuctl
// init), so a damaged or hostile file cannot make Kiroku allocate gigabytes
// or spin for a minute. Kiroku creates m = 64 MiB, p <= 8 and, calibrated,
// t <= 40; kirokuctl init accepted t <= 100 at 64 MiB, so MaxWork keeps
// those opening. See docs/DESIGN.md, "Key hierarchy".
var Maximum = Params{Time: 100, MemoryKiB: 1024 * 1024, Threads: 16}

// MaxWork bounds Time x MemoryKiB (what one derivation costs): 100 passes
// over 64 MiB.
const MaxWork = 100 * 64 * 1024

// SaltSize is the Argon2id salt length (128 bits).
const SaltSize = 16

// Valid reports whether p is within [Minimum-for-reading, Maximum]. Reading
// accepts any t,m,p >= 1 (a test vault may use less), creating enforces
// AtLeastMinimum.
func (p Params) Valid() error {
	if p.Time < 1 || p.MemoryKiB < 8 || p.Threads < 1 ||
		p.Time > Maximum.Time || p.MemoryKiB > Maximum.MemoryKiB || p.Threads > Maximum.Threads ||
		uint64(p.Time)*uint64(p.MemoryKiB) > MaxWork {
		return fmt.Errorf("argon2id parameters out of range: %+v", p)
	}
	return nil
}

// AtLeastMinimum reports whether p is at least as strong as Minimum.
func (p Params) AtLeastMinimum() bool {
	return p.Time >= Minimum.Time && p.MemoryKiB >= Minimum.MemoryKiB && p.Threads >= Minimum.Threads
}

func (p Params) String() string {
	return fmt.Sprintf("argon2id t=%d m=%dMiB p=%d", p.Time, p.MemoryKiB/1024, p.Threads)
}

// PassphraseKey derives a key-encryption key from a passphrase.
func PassphraseKey(passphrase, salt []byte, p Params) (*Key, error) {
	if err := p.Valid(); err != nil {
		return nil, err
	}
	if len(salt) != SaltSize {
		return nil, fmt.Errorf("argon2id salt must be %d bytes", SaltSize)
	}
	b := argon2.IDKey(passphrase, salt, p.Time, p.MemoryKiB, p.Threads, KeySize)
	defer clear(b)
	// Argon2id's memory (64 MiB or more) is garbage now. Collecting it at
	// once lets the work after an unlock reuse those pages instead of
	// faulting in fresh ones (a third fewer page faults for kirokuctl list
	// of 10,000 entries) while the runtime would otherwise wait to collect.
	runtime.GC()
	return KeyFromBytes(b)
}

// RecoveryKEK derives the key-encryption key of a recovery key. The recovery
// key already carries 128 random bits, so a fast KDF suffices.
func RecoveryKEK(recovery, salt []byte) *Key {
	r := hkdf.New(sha256.New, recovery, salt, []byte("kiroku/v1/recovery-kek"))
	k := new(Key)
	if _, err := io.ReadFull(r, k.b[:]); err != nil {
		panic("hkdf: " + err.Error())
	}
	return k
}

var lowCost bool

// TestUseLowCostKDF makes Calibrate return cheap parameters. It exists for
// tests only (restic's TestUseLowSecurityKDFParameters idea); nothing in
// Kiroku's binaries calls it.
func TestUseLowCostKDF(t interface {
	Helper()
	Cleanup(func())
}) {
	t.Helper()
	lowCost = true
	t.Cleanup(func() { lowCost = false })
}

// LowCost are the parameters tests use. They are far below Minimum.
var LowCost = Params{Time: 1, MemoryKiB: 64, Threads: 1}

// Calibrate picks parameters for a new vault so that deriving a key takes
// about target on this machine, never below Minimum. It grows the number of
// passes, keeping memory at 64 MiB so that a vault made on a desktop still
// opens on a modest laptop.
func Calibrate(target time.Duration) Params {
	if lowCost {
		return LowCost
	}
	p := Minimum
	if n := runtime.NumCPU(); n > int(p.Threads) && n <= 8 {
		p.Threads = uint8(n)
	}
	salt := Random(SaltSize)
	start := time.Now()
	argon2.IDKey([]byte("calibrate"), salt, p.Time, p.MemoryKiB, p.Threads, KeySize)
	took := time.Since(start)
	if took <= 0 || took >= target {
		return p
	}
	t := uint32(float64(p.Time) * float64(target) / float64(took))
	if t > 40 {
		t = 40
	}
	if t > p.Time {
		p.Time = t
	}
	return p
}
