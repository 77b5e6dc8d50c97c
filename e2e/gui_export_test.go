//go:build e2e

package e2e

import (
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/tsa/tsatest"
	"github.com/kiroku-app/kiroku/internal/ui"
)

// TestGUIExport drives the export wizard of the real app, in English and
// in Japanese: create a vault, add an entry, open "Export for a lawyer"
// with its Ctrl+digit shortcut, preview, write a folder bundle into
// ~/Documents, press "Check it now" and see it succeed; the bag passes
// sha256sum -c and kirokuctl verify. Then, with a local timestamp
// authority set in the vault, the app stamps the ledger head by itself
// and the settings section shows it. Screenshots go to docs/screenshots:
// <lang>-export.png, <lang>-export-preview.png, <lang>-export-done.png,
// <lang>-settings-tsa.png.
func TestGUIExport(t *testing.T) {
	for _, tool := range []string{"Xvfb", "xdotool", "import", "sha256sum"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: %v", tool, err)
		}
	}
	if _, err := tsatest.OpenSSL(); err != nil {
		t.Skip(err)
	}
	exportKey, ok := ui.NavKey("export")
	if !ok {
		t.Fatal("the export screen has no Ctrl+digit shortcut")
	}
	settingsKey, _ := ui.NavKey("settings")
	srv, err := tsatest.Start(t.TempDir(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	x := startXvfb(t)
	shots := filepath.Join("..", "docs", "screenshots")
	for _, lang := range []struct{ code, locale string }{{"en", "en_US.UTF-8"}, {"ja", "ja_JP.UTF-8"}} {
		t.Run(lang.code, func(t *testing.T) {
			exportTour(t, x, shots, lang.code, lang.locale, exportKey, settingsKey, srv)
		})
	}
}

func exportTour(t *testing.T, x *xserver, shots, code, locale, exportKey, settingsKey string, srv *tsatest.Server) {
	art := artifacts(t)
	home := t.TempDir()
	docs := filepath.Join(home, "Documents")
	if err := os.Mkdir(docs, 0o700); err != nil {
		t.Fatal(err)
	}
	vaultPath := filepath.Join(t.TempDir(), "diary.kiroku")
	shot := func(img image.Image, name string) {
		t.Helper()
		x.save(t, img, code+"-"+name)
		saveWindow(t, img, filepath.Join(shots, code+"-"+name+".png"))
	}
	app := x.startAppEnv(t, bin(t, "kiroku"), home, vaultPath, locale, filepath.Join(art, "kiroku.log"), "KIROKU_AUDIO_BACKEND=null")
	welcome := x.waitStable(t, windowTimeout)
	x.key(t, "space")
	create := x.waitChange(t, welcome, stepTimeout, "create")
	x.typeText(t, guiPass)
	x.key(t, "Return")
	x.typeText(t, guiPass)
	filled := x.waitChange(t, create, stepTimeout, "create-typed")
	x.key(t, "Return")
	key := x.waitChange(t, filled, kdfTimeout, "recovery-key")
	x.key(t, "Tab", "Tab", "Tab", "Tab", "space")
	confirmed := x.waitChange(t, key, stepTimeout, "key-confirmed")
	x.key(t, "Tab", "space")
	empty := x.waitChange(t, confirmed, stepTimeout, "timeline-empty")
	x.key(t, "ctrl+n")
	form := x.waitChange(t, empty, stepTimeout, "form")
	x.typeText(t, guiMarker+" "+code+": the manager shouted at me in the meeting.")
	typed := x.waitChange(t, form, stepTimeout, "form-typed")
	x.key(t, "ctrl+s")
	saved := x.waitChange(t, typed, stepTimeout, "timeline")

	// The wizard: its first page has the focus on Preview.
	x.key(t, "ctrl+"+exportKey)
	wizard := x.waitChange(t, saved, stepTimeout, "export")
	shot(wizard, "export")
	x.key(t, "space")
	preview := x.waitChange(t, wizard, stepTimeout, "export-preview")
	shot(preview, "export-preview")
	x.key(t, "space") // Write the bundle
	day := time.Now().Format("20060102")
	bag := filepath.Join(docs, "kiroku-bundle-"+day)
	waitFor(t, stepTimeout, "the bundle "+bag, func() bool {
		_, err := os.Stat(filepath.Join(bag, "manifest-sha256.txt"))
		return err == nil
	})
	done := x.waitStable(t, stepTimeout)
	greenBefore, orangeBefore := green(done), orange(done)
	x.key(t, "space") // Check it now
	checked := x.waitChange(t, done, stepTimeout, "export-checked")
	checked = x.waitStable(t, stepTimeout)
	// No timestamp authority yet: the check finds the bundle consistent
	// but not anchored, and says so in the warning colour; a green
	// ("proved") verdict here would claim more than the bundle holds.
	if o := orange(checked); o < orangeBefore+40 {
		t.Errorf("after Check it now the window shows %d warning-coloured pixels (before: %d): no \"not anchored\" verdict?", o, orangeBefore)
	}
	if g := green(checked); g > greenBefore+20 {
		t.Errorf("after Check it now the window shows %d green pixels (before: %d): an unanchored bundle is shown as proved", g, greenBefore)
	}
	shot(checked, "export-done")

	// What the app wrote, checked with standard tools and kirokuctl.
	cmd := exec.Command("sha256sum", "-c", "manifest-sha256.txt")
	cmd.Dir = bag
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("sha256sum -c in %s: %v\n%s", bag, err, out)
	}
	// No timestamp yet (the TSA is set below): consistent, not anchored,
	// exit 11 (before the honest verdict: VERIFIED, exit 0).
	if out := ctl(t, "", "verify", bag); out.code != 11 || !strings.Contains(out.stdout, "RESULT: CONSISTENT") {
		t.Errorf("kirokuctl verify: exit %d %s %s", out.code, out.stdout, out.stderr)
	}
	if b, err := os.ReadFile(filepath.Join(bag, "data", "entries.json")); err != nil || !strings.Contains(string(b), guiMarker+" "+code) {
		t.Errorf("entries.json lacks the entry typed: %v", err)
	}
	app.quit(t)

	// Trusted timestamps: set the local TSA in the vault, unlock, and the
	// app stamps the head; the settings section says so.
	mustOK(t, ctl(t, guiPass+"\n", "tsa", "set", "--vault", vaultPath, "--passphrase-stdin", srv.URL))
	app = x.startAppEnv(t, bin(t, "kiroku"), home, vaultPath, locale, filepath.Join(art, "kiroku-tsa.log"), "KIROKU_AUDIO_BACKEND=null")
	locked := x.waitStable(t, windowTimeout)
	x.typeText(t, guiPass)
	x.key(t, "Return")
	unlocked := x.waitChange(t, locked, kdfTimeout, "unlocked")
	x.key(t, "ctrl+"+settingsKey)
	settings := x.waitChange(t, unlocked, stepTimeout, "settings")
	if out, err := x.run("xdotool", "mousemove", "600", "400", "click", "--repeat", "120", "--delay", "15", "5", "mousemove", "1200", "780"); err != nil {
		t.Fatalf("scroll: %v %s", err, out)
	}
	scrolled := x.waitChange(t, settings, stepTimeout, "settings-scrolled")
	// Records written while the app was closed are stamped after the
	// Anchorer's batching delay (a minute); the status line then changes.
	stamped := x.waitChange(t, scrolled, 3*time.Minute, "settings-tsa")
	shot(stamped, "settings-tsa")
	app.quit(t)
	if srv.Granted() == 0 {
		t.Error("the app asked the timestamp authority for nothing")
	}
	r := mustOK(t, ctl(t, guiPass+"\n", "tsa", "list", "--vault", vaultPath, "--passphrase-stdin"))
	if !strings.Contains(r.stdout, "ok") {
		t.Errorf("no valid token in the vault after the app ran: %s %s", r.stdout, r.stderr)
	}
}

// green counts the pixels drawn in the theme's success colour.
func green(img image.Image) int {
	return countPixels(img, func(r, g, b uint32) bool { return g > 160 && r < 130 && b < 130 })
}

// orange counts the pixels drawn in the theme's warning colour (#ff9800).
func orange(img image.Image) int {
	return countPixels(img, func(r, g, b uint32) bool { return r > 200 && g > 100 && g < 190 && b < 90 })
}

func countPixels(img image.Image, match func(r, g, b uint32) bool) int {
	n := 0
	r := image.Rect(0, 0, 1000, 700).Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if match(cr>>8, cg>>8, cb>>8) {
				n++
			}
		}
	}
	return n
}
