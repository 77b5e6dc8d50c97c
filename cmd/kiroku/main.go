// Command kiroku is the Kiroku desktop app.
package main

import (
	"log"
	"os"
	"strings"
	// Time zones chosen by name (Settings) work where the system has
	// no zone database (Windows).
	_ "time/tzdata"

	"fyne.io/fyne/v2/app"
	"github.com/jeandeaual/go-locale"

	"github.com/kiroku-app/kiroku"
	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/portable"
	"github.com/kiroku-app/kiroku/internal/sleepwatch"
	"github.com/kiroku-app/kiroku/internal/ui"
)

func main() {
	// Before Fyne reads its preferences: a portable copy keeps them, and
	// everything else, beside itself (internal/portable).
	if _, err := portable.Setup(); err != nil {
		log.Printf("portable mode: %v", err)
	}
	meta, err := kiroku.Metadata()
	if err != nil {
		log.Fatal(err)
	}
	fa := app.NewWithID(meta.ID)
	if fa.Metadata().Name == "" { // not packaged by `fyne package`
		app.SetMetadata(meta)
	}
	w := fa.NewWindow(meta.Name)
	ui.Run(fa, w, local.Vaults{}, ui.Options{Language: osLanguage(), WatchSystem: watchSystem, VaultPath: openedFile(os.Args[1:])})
}

// openedFile is the vault the app was asked to open: the first argument
// that is not a flag (a .kiroku file double-clicked on Windows, "Open
// with", a desktop entry's %f), or "" for the last vault used.
func openedFile(args []string) string {
	for _, a := range args {
		if a != "" && !strings.HasPrefix(a, "-") {
			return a
		}
	}
	return ""
}

// watchSystem locks the vault when the OS says the computer is going to
// sleep or the screen is being locked. Where there is no such notice (no
// system bus, Windows, macOS) it does nothing and says nothing: the idle
// auto-lock, which counts the time asleep, still applies.
func watchSystem(notify func(ui.SystemEvent)) (stop func()) {
	stop, _ = sleepwatch.Start(sleepwatch.Options{}, func(ev sleepwatch.Event) {
		switch ev {
		case sleepwatch.Sleep:
			notify(ui.SystemSleep)
		case sleepwatch.ScreenLock:
			notify(ui.SystemScreenLock)
		}
	})
	return stop
}

// osLanguage reads the user's language from the OS (environment variables
// on Linux, the system settings on macOS and Windows).
func osLanguage() string {
	if l, err := locale.GetLocale(); err == nil && l != "" {
		return i18n.FromLocale(l)
	}
	return i18n.DetectFromEnv()
}
