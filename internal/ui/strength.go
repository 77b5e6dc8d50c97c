package ui

import (
	"unicode/utf8"

	"github.com/ccojocar/zxcvbn-go"
)

// minScore is the lowest zxcvbn score a new passphrase may have.
const minScore = 2

// maxEstimateRunes bounds the work of the estimator (its matching is
// quadratic); characters beyond it only add strength.
const maxEstimateRunes = 100

// strength is a passphrase estimate: Score from 0 (guessed at once) to 4
// (very hard to guess) and the i18n key of a hint.
type strength struct {
	Score int
	Hint  string
}

// estimate rates a passphrase with zxcvbn. zxcvbn knows only English word
// lists and counts bytes, so it rates a short Japanese word such as
// "パスワード" as very strong; phrases with non-ASCII characters are
// therefore also capped by their length in characters.
func estimate(pass string, userInputs []string) strength {
	if pass == "" {
		return strength{Score: 0, Hint: "ui.strength.hint.empty"}
	}
	if utf8.RuneCountInString(pass) > maxEstimateRunes {
		r := []rune(pass)
		pass = string(r[:maxEstimateRunes])
	}
	res := zxcvbn.PasswordStrength(pass, append(userInputs[:len(userInputs):len(userInputs)], romajiWords...))
	s := strength{Score: res.Score}
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

// strengthLabelKeys are the i18n keys of the scores 0-4.
var strengthLabelKeys = [5]string{
	"ui.strength.0", "ui.strength.1", "ui.strength.2", "ui.strength.3", "ui.strength.4",
}
