// Package passphrase rates new passphrases, the one strength floor that both
// front ends (the app and kirokuctl) hold new vault, export and changed
// passphrases to. It uses zxcvbn with a list of romaji words, and caps
// phrases in Japanese script by their length (see Estimate). No Fyne, no
// SQLite: it sits below both front ends.
package passphrase

import (
	"fmt"
	"unicode/utf8"

	"github.com/ccojocar/zxcvbn-go"

	"github.com/kiroku-app/kiroku/internal/apperr"
)

// MinScore is the lowest zxcvbn score a new passphrase may have.
const MinScore = 2

// maxEstimateRunes bounds the work of the estimator (its matching is
// quadratic); characters beyond it only add strength.
const maxEstimateRunes = 100

// Strength is a passphrase estimate: Score from 0 (guessed at once) to 4
// (very hard to guess) and the i18n key of a hint.
type Strength struct {
	Score int
	Hint  string
}

// Estimate rates a passphrase with zxcvbn. zxcvbn knows only English word
// lists and counts bytes, so it rates a short Japanese word such as
// "パスワード" as very strong; phrases with non-ASCII characters are
// therefore also capped by their length in characters. userInputs are
// words the passphrase should not be built from (the app's name, the old
// passphrase).
func Estimate(pass string, userInputs []string) Strength {
	if pass == "" {
		return Strength{Score: 0, Hint: "ui.strength.hint.empty"}
	}
	if utf8.RuneCountInString(pass) > maxEstimateRunes {
		r := []rune(pass)
		pass = string(r[:maxEstimateRunes])
	}
	res := zxcvbn.PasswordStrength(pass, append(userInputs[:len(userInputs):len(userInputs)], romajiWords...))
	s := Strength{Score: res.Score}
	if s.Score < 0 {
		s.Score = 0
	}
	if s.Score > 4 {
		s.Score = 4
	}
	if nonASCII(pass) {
		if c := capByLength(utf8.RuneCountInString(pass)); c < s.Score {
			s.Score = c
			s.Hint = "ui.strength.hint.japanese"
			return s
		}
	}
	if s.Score >= 3 {
		s.Hint = "ui.strength.hint.good"
		return s
	}
	s.Hint = "ui.strength.hint.longer"
	for _, m := range res.MatchSequence {
		switch m.Pattern {
		case "dictionary":
			s.Hint = "ui.strength.hint.dictionary"
		case "spatial":
			s.Hint = "ui.strength.hint.spatial"
		case "repeat":
			s.Hint = "ui.strength.hint.repeat"
		case "sequence":
			s.Hint = "ui.strength.hint.sequence"
		case "date":
			s.Hint = "ui.strength.hint.date"
		default:
			continue
		}
		break
	}
	return s
}

// Check refuses a new passphrase below MinScore with ErrWeakPassphrase;
// the Strength says why (its Hint).
func Check(pass []byte, userInputs []string) (Strength, error) {
	s := Estimate(string(pass), userInputs)
	if len(pass) == 0 {
		return s, fmt.Errorf("empty passphrase: %w", apperr.ErrWeakPassphrase)
	}
	if s.Score < MinScore {
		return s, fmt.Errorf("passphrase scores %d of 4, at least %d needed: %w", s.Score, MinScore, apperr.ErrWeakPassphrase)
	}
	return s, nil
}

func nonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// capByLength is a conservative score for text in a script zxcvbn has no
// dictionary for: natural-language phrases carry few bits per character.
func capByLength(runes int) int {
	switch {
	case runes < 6:
		return 0
	case runes < 8:
		return 1
	case runes < 12:
		return 2
	case runes < 16:
		return 3
	}
	return 4
}
