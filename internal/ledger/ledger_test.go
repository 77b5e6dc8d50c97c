package ledger_test

import (
	"crypto/sha256"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/ledger"
)

func chain(n int) []ledger.Link {
	id := []byte("vault-id-16bytes")
	prev := ledger.Genesis(id)
	var links []ledger.Link
	for i := 1; i <= n; i++ {
		rh := ledger.Hash(sha256.Sum256([]byte{byte(i)}))
		l := ledger.Link{Seq: uint64(i), Kind: "revision", Ref: "revision:" + string(rune('0'+i)), RecordHash: rh}
		l.Hash = ledger.Next(prev, l.Seq, l.Kind, l.Ref, l.RecordHash)
		prev = l.Hash
		links = append(links, l)
	}
	return links
}

func TestVerify(t *testing.T) {
	id := []byte("vault-id-16bytes")
	good := chain(5)
	head, breaks := ledger.Verify(id, good)
	if len(breaks) != 0 || head != good[4].Hash {
		t.Fatalf("good chain: %v", breaks)
	}
	tests := []struct {
		name   string
		mutate func([]ledger.Link) []ledger.Link
		want   uint64 // first broken seq
	}{
		{"changed record", func(l []ledger.Link) []ledger.Link { l[2].RecordHash[0] ^= 1; return l }, 3},
		{"changed kind", func(l []ledger.Link) []ledger.Link { l[1].Kind = "purge"; return l }, 2},
		{"removed middle", func(l []ledger.Link) []ledger.Link { return append(l[:2], l[3:]...) }, 4},
		{"swapped", func(l []ledger.Link) []ledger.Link { l[1], l[2] = l[2], l[1]; return l }, 3},
		{"other vault", func(l []ledger.Link) []ledger.Link { l[0].Hash[5] ^= 1; return l }, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, breaks := ledger.Verify(id, tt.mutate(chain(5)))
			if len(breaks) == 0 || breaks[0].Seq != tt.want {
				t.Fatalf("breaks %v, want first at %d", breaks, tt.want)
			}
		})
	}
	if _, b := ledger.Verify([]byte("another-vault-id"), good); len(b) == 0 {
		t.Fatal("chain of another vault verified")
	}
}

func TestDomainSeparation(t *testing.T) {
	var z ledger.Hash
	a := ledger.Next(z, 1, "ab", "c", z)
	b := ledger.Next(z, 1, "a", "bc", z)
	if a == b {
		t.Fatal("kind/ref boundary not encoded")
	}
}

func TestParseHash(t *testing.T) {
	h := ledger.Hash(sha256.Sum256(nil))
	got, err := ledger.ParseHash(h.String())
	if err != nil || got != h {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "zz", h.String()[:62], h.String() + "00"} {
		if _, err := ledger.ParseHash(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestAnchorText(t *testing.T) {
	var h ledger.Hash
	h[0], h[31] = 0xab, 0x01
	got := string(ledger.AnchorText([]byte{0xde, 0xad}, 42, h))
	want := "Kiroku ledger anchor 1\nvault dead\nseq 42\nlink ab" + strings.Repeat("00", 30) + "01\n"
	if got != want {
		t.Fatalf("AnchorText = %q, want %q", got, want)
	}
}
