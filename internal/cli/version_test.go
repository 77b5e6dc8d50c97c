package cli_test

import (
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/cli"
	"github.com/kiroku-app/kiroku/internal/version"
)

func TestVersionAndLicences(t *testing.T) {
	code, out, errs := runCLI(t, "en_US.UTF-8", "version")
	if code != cli.ExitOK || errs != "" {
		t.Fatalf("version: exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "Kiroku "+version.Get().String()) || !strings.Contains(out, "GPL-3.0-or-later") {
		t.Errorf("version output:\n%s", out)
	}
	code, out, errs = runCLI(t, "en_US.UTF-8", "licences")
	if code != cli.ExitOK || errs != "" {
		t.Fatalf("licences: exit %d: %s", code, errs)
	}
	// The notices name every module and the fonts' licences.
	for _, want := range []string{"github.com/mattn/go-sqlite3", "fyne.io/fyne/v2", "github.com/go-text/typesetting",
		"SIL OPEN FONT LICENSE Version 1.1", "Apache License", "IPA"} {
		if !strings.Contains(out, want) {
			t.Errorf("licences output lacks %q", want)
		}
	}
	if code, _, _ := runCLI(t, "en_US.UTF-8", "version", "extra"); code != cli.ExitUsage {
		t.Errorf("version with an argument: exit %d, want usage", code)
	}
}
