package seal_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/seal"
)

func TestSealRoundTrip(t *testing.T) {
	k := seal.NewKey()
	for _, n := range []int{0, 1, 15, 16, 17, 4096, 1 << 20} {
		pt := bytes.Repeat([]byte{'a'}, n)
		ad := seal.AD("revisions", "body", "7")
		ct := k.Seal(pt, ad)
		if len(ct) != n+seal.Overhead {
			t.Fatalf("n=%d: sealed length %d", n, len(ct))
		}
		got, err := k.Open(ct, ad)
		if err != nil || !bytes.Equal(got, pt) {
			t.Fatalf("n=%d: open: %v", n, err)
		}
	}
}

func TestSealRejects(t *testing.T) {
	k := seal.NewKey()
	ad := seal.AD("revisions", "body", "7")
	ct := k.Seal([]byte("secret words"), ad)
	tests := []struct {
		name string
		key  *seal.Key
		ct   []byte
		ad   []byte
	}{
		{"other row", k, ct, seal.AD("revisions", "body", "8")},
		{"other column", k, ct, seal.AD("revisions", "meta", "7")},
		{"shifted parts", k, ct, seal.AD("revision", "sbody", "7")},
		{"other key", seal.NewKey(), ct, ad},
		{"truncated", k, ct[:len(ct)-1], ad},
		{"empty", k, nil, ad},
		{"bad version", k, append([]byte{2}, ct[1:]...), ad},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.key.Open(tt.ct, tt.ad); !errors.Is(err, seal.ErrOpen) {
				t.Fatalf("got %v, want ErrOpen", err)
			}
		})
	}
	for i := range ct {
		c := append([]byte{}, ct...)
		c[i] ^= 0x40
		if _, err := k.Open(c, ad); err == nil {
			t.Fatalf("flip at %d accepted", i)
		}
	}
}

func TestSubkeysDiffer(t *testing.T) {
	k := seal.NewKey()
	a, b := k.Subkey("records"), k.Subkey("audio")
	if bytes.Equal(a.Bytes(), b.Bytes()) || bytes.Equal(a.Bytes(), k.Bytes()) {
		t.Fatal("subkeys not independent")
	}
	if !bytes.Equal(a.Bytes(), k.Subkey("records").Bytes()) {
		t.Fatal("subkey not deterministic")
	}
}

func TestWrapAndWipe(t *testing.T) {
	master := seal.NewKey()
	kek, err := seal.PassphraseKey([]byte("correct horse"), make([]byte, seal.SaltSize), seal.LowCost)
	if err != nil {
		t.Fatal(err)
	}
	ad := seal.AD("keyslot", "passphrase")
	w := kek.Wrap(master, ad)
	got, err := kek.Unwrap(w, ad)
	if err != nil || !bytes.Equal(got.Bytes(), master.Bytes()) {
		t.Fatal("unwrap failed")
	}
	wrong, _ := seal.PassphraseKey([]byte("correct horsf"), make([]byte, seal.SaltSize), seal.LowCost)
	if _, err := wrong.Unwrap(w, ad); err == nil {
		t.Fatal("wrong passphrase unwrapped")
	}
	master.Wipe()
	if !bytes.Equal(master.Bytes(), make([]byte, seal.KeySize)) {
		t.Fatal("wipe left key material")
	}
}

func TestParams(t *testing.T) {
	if !seal.Minimum.AtLeastMinimum() || seal.LowCost.AtLeastMinimum() {
		t.Fatal("minimum check wrong")
	}
	for _, p := range []seal.Params{{0, 64, 1}, {1, 0, 1}, {1, 64, 0}, {1000, 64, 1}, {1, 1 << 31, 1}} {
		if p.Valid() == nil {
			t.Errorf("%+v accepted", p)
		}
		if _, err := seal.PassphraseKey([]byte("x"), make([]byte, seal.SaltSize), p); err == nil {
			t.Errorf("%+v derived", p)
		}
	}
}

// The RFC 9106 minimum the product promises, measured once: this also proves
// Calibrate never goes below it.
func TestCalibrateNeverBelowMinimum(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Argon2id at 64 MiB")
	}
	p := seal.Calibrate(1)
	if !p.AtLeastMinimum() {
		t.Fatalf("calibrated %v below minimum", p)
	}
}

func TestRecoveryKey(t *testing.T) {
	raw, text := seal.NewRecoveryKey()
	if len(text) != 39 || strings.Count(text, "-") != 7 {
		t.Fatalf("format %q", text)
	}
	variants := []string{
		text,
		strings.ToLower(text),
		strings.ReplaceAll(text, "-", " "),
		strings.ReplaceAll(text, "-", ""),
		" " + text + "\n",
		strings.NewReplacer("0", "O", "1", "l").Replace(text),
	}
	for _, v := range variants {
		got, err := seal.ParseRecoveryKey(v)
		if err != nil || !bytes.Equal(got, raw) {
			t.Errorf("parse %q: %v", v, err)
		}
	}
	// Every single-character substitution is caught by the checksum or the
	// alphabet.
	for i, c := range text {
		if c == '-' {
			continue
		}
		for _, r := range "0123456789ABCDEFGHJKMNPQRSTVWXYZ" {
			if r == c || (c == '0' && r == 'O') {
				continue
			}
			typo := text[:i] + string(r) + text[i+1:]
			if _, err := seal.ParseRecoveryKey(typo); !errors.Is(err, seal.ErrRecoveryTypo) {
				t.Fatalf("typo %q accepted", typo)
			}
		}
	}
	for _, bad := range []string{"", "ABCD", text + "A", strings.Replace(text, text[:1], "U", 1)} {
		if _, err := seal.ParseRecoveryKey(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func FuzzParseRecoveryKey(f *testing.F) {
	_, text := seal.NewRecoveryKey()
	f.Add(text)
	f.Add("0000-0000-0000-0000-0000-0000-0000-0000")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		raw, err := seal.ParseRecoveryKey(s)
		if err != nil {
			return
		}
		again, err := seal.ParseRecoveryKey(seal.FormatRecoveryKey(raw))
		if err != nil || !bytes.Equal(again, raw) {
			t.Fatalf("round trip of %q failed", s)
		}
	})
}

func FuzzOpen(f *testing.F) {
	k, _ := seal.KeyFromBytes(bytes.Repeat([]byte{7}, seal.KeySize))
	f.Add(k.Seal([]byte("hello"), nil))
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = k.Open(b, nil) // must not panic
	})
}

// TestParamsBounds: every setting Kiroku creates (calibrated t up to 40 at
// 64 MiB, kirokuctl init --kdf-time up to 100) still opens; a planted slot
// costing more memory or work than that is refused before deriving.
func TestParamsBounds(t *testing.T) {
	tests := []struct {
		name string
		p    seal.Params
		ok   bool
	}{
		{"minimum", seal.Minimum, true},
		{"calibrated maximum", seal.Params{Time: 40, MemoryKiB: 64 * 1024, Threads: 8}, true},
		{"kirokuctl --kdf-time 100", seal.Params{Time: 100, MemoryKiB: 64 * 1024, Threads: 4}, true},
		{"kirokuctl --kdf-memory 1024", seal.Params{Time: 3, MemoryKiB: 1024 * 1024, Threads: 4}, true},
		{"2 GiB", seal.Params{Time: 1, MemoryKiB: 2 * 1024 * 1024, Threads: 4}, false},
		{"100 passes over 1 GiB", seal.Params{Time: 100, MemoryKiB: 1024 * 1024, Threads: 4}, false},
		{"64 lanes", seal.Params{Time: 3, MemoryKiB: 64 * 1024, Threads: 64}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.p.Valid(); (err == nil) != tt.ok {
				t.Fatalf("Valid(%+v) = %v", tt.p, err)
			}
		})
	}
}

// OpenTo opens into the buffer it is given when it is large enough, and
// refuses what Open refuses.
func TestOpenToReusesBuffer(t *testing.T) {
	k := seal.NewKey()
	buf := make([]byte, 0, 64)
	for _, msg := range []string{"first record", "second, longer record text", "3"} {
		sealed := k.Seal([]byte(msg), []byte("ad"))
		pt, err := k.OpenTo(buf, sealed, []byte("ad"))
		if err != nil || string(pt) != msg {
			t.Fatalf("OpenTo: %q %v", pt, err)
		}
		if &pt[:1][0] != &buf[:1][0] {
			t.Fatal("OpenTo did not use the buffer given")
		}
		if _, err := k.OpenTo(buf, sealed, []byte("other ad")); err == nil {
			t.Fatal("OpenTo accepted another ad")
		}
	}
}
