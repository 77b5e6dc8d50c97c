// Command kiroku is the Kiroku desktop app.
package main

import (
	"log"
	// Time zones chosen by name (Settings) work where the system has
	// no zone database (Windows).
	_ "time/tzdata"

	"fyne.io/fyne/v2/app"
	"github.com/jeandeaual/go-locale"

	"github.com/kiroku-app/kiroku"
	"github.com/kiroku-app/kiroku/internal/desktop"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/ui"
)

func main() {
	meta, err := kiroku.Metadata()
	if err != nil {
		log.Fatal(err)
	}
	fa := app.NewWithID(meta.ID)
	if fa.Metadata().Name == "" { // not packaged by `fyne package`
		app.SetMetadata(meta)
	}
	w := fa.NewWindow(meta.Name)
	ui.Run(fa, w, desktop.Vaults{}, ui.Options{Language: osLanguage()})
}

// osLanguage reads the user's language from the OS (environment variables
// on Linux, the system settings on macOS and Windows).
func osLanguage() string {
	if l, err := locale.GetLocale(); err == nil && l != "" {
		return i18n.FromLocale(l)
	}
	return i18n.DetectFromEnv()
}
