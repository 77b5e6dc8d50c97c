package passphrase_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/passphrase"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		pass string
		ok   bool
	}{
		{"", false},
		{"pw", false},
		{"password", false},
		{"qwertyuiop", false},
		{"kiroku2026", false},
		{"パスワード", false},
		{"sakura neko", false},
		{"tanaka tokyo", false},
		{strings.Repeat("a", 500), false},
		{"violet harbour pencil thunder", true},
		{"quiet river copper meadow 42", true},
		{"雨の日に古い駅で猫と話した", true},
	}
	for _, tt := range tests {
		t.Run(tt.pass, func(t *testing.T) {
			s, err := passphrase.Check([]byte(tt.pass), []string{"kiroku"})
			if (err == nil) != tt.ok {
				t.Fatalf("Check(%.20q) = score %d, %v", tt.pass, s.Score, err)
			}
			if err != nil && !errors.Is(err, apperr.ErrWeakPassphrase) {
				t.Fatalf("error %v is not ErrWeakPassphrase", err)
			}
			if s.Hint == "" {
				t.Error("no hint")
			}
		})
	}
}
