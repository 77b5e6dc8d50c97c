// Package kiroku holds what belongs to the project as a whole: the app
// metadata of the top-level FyneApp.toml, embedded so that a binary built
// with plain `go build` behaves exactly like one made by `fyne package`
// (same app ID for preferences, same migrations such as fyneDo).
package kiroku

import (
	_ "embed"
	"fmt"

	"fyne.io/fyne/v2"
	"github.com/BurntSushi/toml"

	"github.com/kiroku-app/kiroku/assets"
)

//go:embed FyneApp.toml
var fyneAppTOML []byte

// Metadata parses the embedded FyneApp.toml.
func Metadata() (fyne.AppMetadata, error) {
	var f struct {
		Details struct {
			Icon, Name, ID, Version string
			Build                   int
		}
		Migrations map[string]bool
	}
	if _, err := toml.Decode(string(fyneAppTOML), &f); err != nil {
		return fyne.AppMetadata{}, fmt.Errorf("FyneApp.toml: %w", err)
	}
	return fyne.AppMetadata{
		ID:         f.Details.ID,
		Name:       f.Details.Name,
		Version:    f.Details.Version,
		Build:      f.Details.Build,
		Icon:       fyne.NewStaticResource("icon.png", assets.Icon),
		Migrations: f.Migrations,
		Custom:     map[string]string{},
	}, nil
}
