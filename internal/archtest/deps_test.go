// Package archtest enforces the direction of dependencies described in
// docs/DESIGN.md, with `go list -deps`, the way restic uses depguard.
package archtest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

const mod = "github.com/kiroku-app/kiroku"

func deps(t *testing.T, pkg string, env ...string) map[string]bool {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", mod+"/"+pkg)
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list %s: %v\n%s", pkg, err, out)
	}
	m := map[string]bool{}
	for _, l := range strings.Fields(string(out)) {
		m[l] = true
	}
	return m
}

func TestDependencyDirection(t *testing.T) {
	tests := []struct {
		pkg       string
		forbidden []string // import path prefixes
	}{
		{"internal/apperr", []string{mod + "/"}},
		{"internal/seal", []string{mod + "/", "database/sql", "os/exec", "net/"}},
		{"internal/record", []string{"database/sql", "github.com/mattn", "fyne.io", "github.com/gen2brain", mod + "/internal/vault"}},
		{"internal/ledger", []string{"database/sql", "github.com/mattn", "fyne.io", mod + "/internal/vault"}},
		// The application contract: owned by the core, no cgo, no store.
		{"internal/app", []string{"database/sql", "github.com/mattn", "fyne.io", "github.com/gen2brain", mod + "/internal/vault",
			mod + "/internal/audio", mod + "/internal/export", mod + "/internal/backup", mod + "/internal/stamp", mod + "/internal/app/",
			mod + "/internal/ui", mod + "/internal/cli"}},
		// The vault's settings: read and checked in one place.
		{"internal/settings", []string{"fyne.io", "github.com/gen2brain", mod + "/internal/ui", mod + "/internal/cli", mod + "/internal/app/",
			mod + "/internal/export", mod + "/internal/backup", mod + "/internal/stamp"}},
		// Its implementation sits below both front ends.
		{"internal/app/local", []string{"fyne.io", mod + "/internal/ui", mod + "/internal/cli"}},
		// The GUI sees only the contract.
		{"internal/ui", []string{"database/sql", "github.com/mattn", "github.com/gen2brain", mod + "/internal/vault", mod + "/internal/cli",
			mod + "/internal/audio", mod + "/internal/export", mod + "/internal/backup", mod + "/internal/stamp", mod + "/internal/app/local"}},
		{"internal/vault", []string{"fyne.io", mod + "/internal/ui", mod + "/internal/cli"}},
		{"internal/cli", []string{"fyne.io", mod + "/internal/ui"}},
		{"internal/passphrase", []string{"fyne.io", "database/sql", "github.com/mattn", "github.com/gen2brain", mod + "/internal/vault", mod + "/internal/ui", mod + "/internal/cli"}},
		// What a lawyer runs, and what it trusts: no vault, no SQLite, no GUI.
		{"internal/bundle", []string{"database/sql", "github.com/mattn", "fyne.io", "github.com/gen2brain", mod + "/internal/vault", mod + "/internal/cli", mod + "/internal/export"}},
		{"cmd/kiroku-verify", []string{"database/sql", "github.com/mattn", "fyne.io", "github.com/gen2brain", mod + "/internal/vault", mod + "/internal/cli",
			mod + "/internal/filings", "github.com/xuri"}},
		{"internal/hours", []string{"database/sql", "github.com/mattn", "fyne.io", mod + "/internal/vault"}},
		{"internal/report", []string{"database/sql", "github.com/mattn", "fyne.io", mod + "/internal/vault", mod + "/internal/rules", mod + "/internal/hours"}},
		// Text layout and the PDF writer: pure, below the report and the app.
		{"internal/bidi", []string{mod + "/", "database/sql", "github.com/mattn", "fyne.io", "github.com/gen2brain", "os/exec", "net/"}},
		{"internal/pdf", []string{mod + "/", "github.com/", "golang.org/", "database/sql", "fyne.io", "os/exec", "net/"}},
		{"internal/typeset", []string{"database/sql", "github.com/mattn", "fyne.io", "github.com/gen2brain", "os/exec", "net/",
			mod + "/internal/vault", mod + "/internal/ui", mod + "/internal/cli", mod + "/internal/report", mod + "/internal/pdf"}},
		{"internal/uifont", []string{"database/sql", "github.com/mattn", "fyne.io", "github.com/gen2brain", "os/exec", "net/",
			mod + "/internal/vault", mod + "/internal/ui", mod + "/internal/cli", mod + "/internal/report", mod + "/internal/pdf"}},
		// The only package that talks to the network, and only to the TSA the user set.
		{"internal/tsa", []string{"database/sql", "github.com/mattn", "fyne.io", mod + "/internal/vault"}},
		{"internal/export", []string{"fyne.io", mod + "/internal/ui", mod + "/internal/cli"}},
		// The editable filings (Word, Excel): rendered from the report's
		// model, pure Go, and kept out of what a lawyer's verifier builds.
		// (excelize imports net/http for http.DetectContentType only.)
		{"internal/filings", []string{"database/sql", "github.com/mattn", "fyne.io", "github.com/gen2brain", "os/exec",
			mod + "/internal/vault", mod + "/internal/ui", mod + "/internal/cli", mod + "/internal/export", mod + "/internal/app/"}},
		// Audio formats without a device: shared by the vault, the app and
		// the cgo-free side; only internal/audio talks to miniaudio.
		{"internal/pcm", []string{mod + "/", "database/sql", "github.com/mattn", "fyne.io", "github.com/gen2brain", "os/exec", "net/"}},
		// Portable mode is asked by the vault: it imports nothing of Kiroku's.
		{"internal/portable", []string{mod + "/", "database/sql", "github.com/mattn", "fyne.io", "github.com/gen2brain", "os/exec", "net/"}},
		// The recording codec and its canonical Ogg file: pure Go, no
		// device, no store; the vault and the verifier side both use it.
		{"internal/opus", []string{mod + "/", "database/sql", "github.com/mattn", "fyne.io", "github.com/gen2brain", "os/exec", "net/"}},
		{"internal/localzone", []string{mod + "/", "database/sql", "github.com/mattn", "fyne.io", "github.com/gen2brain", "os/exec", "net/"}},
		// Phone recordings decoded in memory: pure Go, no device, no vault
		// (the caller decides where decoded audio may go), no HTTP. The
		// package net is linked (wazero's WASI sockets, which go-faad2
		// does not configure, and google/uuid via mp4ff), net/netip with
		// it, and database/sql/driver by uuid: no network or database use.
		{"internal/media", []string{"github.com/mattn", "fyne.io", "github.com/gen2brain", "os/exec", "net/http", "net/rpc", "net/smtp", "crypto/tls",
			mod + "/internal/vault", mod + "/internal/ui", mod + "/internal/cli", mod + "/internal/app", mod + "/internal/audio"}},
		{"internal/vault", []string{"github.com/gen2brain", mod + "/internal/audio"}},
	}
	for _, tt := range tests {
		t.Run(tt.pkg, func(t *testing.T) {
			for d := range deps(t, tt.pkg) {
				if d == mod+"/"+tt.pkg {
					continue
				}
				for _, f := range tt.forbidden {
					if d == f || strings.HasPrefix(d, f) {
						t.Errorf("%s depends on %s", tt.pkg, d)
					}
				}
			}
		})
	}
}

// The verifier side (records, ledger, crypto) must build without cgo, so a
// lawyer can build the bundle verifier with a plain Go toolchain.
func TestPureGoPackagesBuildWithoutCgo(t *testing.T) {
	cmd := exec.Command("go", "build", "./internal/seal", "./internal/record", "./internal/ledger", "./internal/apperr", "./internal/i18n",
		"./internal/bundle", "./cmd/kiroku-verify", "./internal/hours", "./internal/report", "./internal/tsa", "./internal/pcm", "./internal/app", "./internal/localzone",
		"./internal/bidi", "./internal/pdf", "./internal/typeset", "./internal/uifont", "./internal/filings", "./internal/media", "./internal/opus")
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 build failed: %v\n%s", err, out)
	}
}

// What a front end may not call itself, even where its dependencies do:
// the capability goes through the application layer (internal/app), so
// that the app and kirokuctl run the same code.
func TestFrontEndsUseTheApplicationLayer(t *testing.T) {
	tests := []struct {
		pkg       string
		forbidden []string
	}{
		// Recording, playback and the microphone list; opening vaults,
		// listings, exports, backups and restores, trusted timestamps:
		// app/local, written once below both front ends. Only kirokuctl's
		// tests may reach the store itself, to set a vault up.
		{"internal/cli", []string{mod + "/internal/audio", mod + "/internal/vault", mod + "/internal/export",
			mod + "/internal/backup", mod + "/internal/stamp"}},
	}
	for _, tt := range tests {
		t.Run(tt.pkg, func(t *testing.T) {
			cmd := exec.Command("go", "list", "-f", `{{join .Imports "\n"}}`, mod+"/"+tt.pkg)
			cmd.Dir = "../.."
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("go list %s: %v\n%s", tt.pkg, err, out)
			}
			for _, imp := range strings.Fields(string(out)) {
				for _, f := range tt.forbidden {
					if imp == f || strings.HasPrefix(imp, f+"/") {
						t.Errorf("%s imports %s", tt.pkg, imp)
					}
				}
			}
		})
	}
}
