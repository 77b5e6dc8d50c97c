// Command kirokuctl is Kiroku from the command line; see internal/cli.
package main

import (
	"fmt"
	"os"
	// Time zones named with --zone work where the system has no zone
	// database (Windows).
	_ "time/tzdata"

	"golang.org/x/term"

	"github.com/kiroku-app/kiroku/internal/cli"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/portable"
)

func main() {
	// A portable copy keeps its vault and every file it writes beside
	// itself (internal/portable).
	if _, err := portable.Setup(); err != nil {
		i18n.SetLanguage(i18n.DetectFromEnv())
		fmt.Fprintln(os.Stderr, i18n.T("dist.portable.unwritable", err))
	}
	var ask func(string) ([]byte, error)
	if term.IsTerminal(int(os.Stdin.Fd())) {
		ask = readSecret
	}
	os.Exit(cli.Main(os.Args[1:], cli.Stdio(ask)))
}

// readSecret asks on the terminal without echo.
func readSecret(prompt string) ([]byte, error) {
	fmt.Fprint(os.Stderr, prompt)
	b, err := term.ReadPassword(int(os.Stdin.Fd()))
	fmt.Fprintln(os.Stderr)
	return b, err
}
