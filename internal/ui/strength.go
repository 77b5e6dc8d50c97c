package ui

import "github.com/kiroku-app/kiroku/internal/passphrase"

// The estimator and its floor live in package passphrase, shared with
// kirokuctl, so both front ends refuse the same passphrases.
const minScore = passphrase.MinScore

type strength = passphrase.Strength

func estimate(pass string, userInputs []string) strength {
	return passphrase.Estimate(pass, userInputs)
}

// strengthLabelKeys are the i18n keys of the scores 0-4.
var strengthLabelKeys = [5]string{
	"ui.strength.0", "ui.strength.1", "ui.strength.2", "ui.strength.3", "ui.strength.4",
}
