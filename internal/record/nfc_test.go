package record_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
)

// Text is stored in NFC: a letter typed as base + combining marks (macOS,
// some Vietnamese input methods) becomes the one character Unicode defines
// for it, so the same words are the same characters whatever the keyboard.
func TestNormalizeNFC(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Qua\u0309n ly\u0301 \u0111a\u0303 qua\u0301t to\u0302i", "Quản lý đã quát tôi"}, // Vietnamese, decomposed
		{"か\u3099いしゃ", "がいしゃ"},                                                            // Japanese voiced mark
		{"\u0415\u0308", "\u0401"},                                                        // Cyrillic Ё
		{"नेपाली", "नेपाली"},                                                              // already NFC: unchanged
		{"مرحبا 123", "مرحبا 123"},                                                        // unchanged
	} {
		f := record.Fields{Text: c.in, Quote: c.in, Place: c.in, Impact: c.in, Actions: c.in,
			People: []record.Person{{Name: c.in, Role: c.in}}, Witnesses: []string{c.in}}.Normalize()
		want := c.want
		for _, got := range []string{f.Text, f.Quote, f.Place, f.Impact, f.Actions, f.People[0].Name, f.People[0].Role, f.Witnesses[0]} {
			if got != want {
				t.Errorf("Normalize(%+q) = %+q, want %+q", c.in, got, want)
			}
		}
	}
	// The same witness typed both ways is one witness.
	f := record.Fields{Witnesses: []string{"Nguye\u0302\u0303n", "Nguyễn"}}.Normalize()
	if !slices.Equal(f.Witnesses, []string{"Nguyễn"}) {
		t.Errorf("witnesses %+q", f.Witnesses)
	}
	// Bytes that are not UTF-8 are left for Validate to refuse.
	bad := record.Fields{Text: "cut \xe3\x81"}.Normalize()
	if bad.Text != "cut \xe3\x81" {
		t.Fatalf("invalid UTF-8 changed: %q", bad.Text)
	}
	if err := bad.Validate(); !errors.Is(err, apperr.ErrInvalidText) {
		t.Fatalf("invalid UTF-8 after Normalize: %v", err)
	}
}
