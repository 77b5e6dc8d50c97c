//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/ui"
)

// TestGUIBackup is the acceptance in a real window: a backup made
// by the GUI restores in the GUI. Once in English and once in Japanese,
// on a fresh vault: an entry, the backup screen by its Ctrl+digit, a
// backup to a folder typed in its field, then, from the unlock screen,
// "Restore from a backup" as a new vault next to the first, which opens
// with the entry. The screens are saved as
// docs/screenshots/<lang>-backup.png and <lang>-restore.png.
func TestGUIBackup(t *testing.T) {
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install xvfb xdotool imagemagick): %v", tool, err)
		}
	}
	x := startXvfb(t)
	shots := filepath.Join("..", "docs", "screenshots")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	bin(t, "kiroku")
	digit := navDigit(t, "backup")
	t.Logf("the backup screen is Ctrl+%d", digit)
	for _, lang := range []struct{ code, locale string }{{"en", "en_US.UTF-8"}, {"ja", "ja_JP.UTF-8"}} {
		t.Run(lang.code, func(t *testing.T) {
			backupRestoreTour(t, x, shots, digit, lang.code, lang.locale)
		})
	}
}

func backupRestoreTour(t *testing.T, x *xserver, shots string, digit int, code, locale string) {
	art := artifacts(t)
	home, vaultDir, usb := t.TempDir(), t.TempDir(), t.TempDir()
	vaultPath := filepath.Join(vaultDir, "diary.kiroku")
	marker := "GUIBACKUP-" + code + " the manager threw the report at me"
	app := x.startAppEnv(t, bin(t, "kiroku"), home, vaultPath, locale, filepath.Join(art, "kiroku.log"),
		"KIROKU_AUDIO_BACKEND=null")

	// A vault with one entry.
	welcome := x.waitStable(t, windowTimeout)
	x.key(t, "space")
	create := x.waitChange(t, welcome, stepTimeout, code+"-create")
	x.typeText(t, guiPass)
	x.key(t, "Return")
	x.typeText(t, guiPass)
	filled := x.waitChange(t, create, stepTimeout, code+"-create-typed")
	x.key(t, "Return")
	key := x.waitChange(t, filled, kdfTimeout, code+"-recovery-key")
	x.key(t, "Tab", "Tab", "Tab", "Tab", "space")
	confirmed := x.waitChange(t, key, stepTimeout, code+"-key-confirmed")
	x.key(t, "Tab", "space")
	empty := x.waitChange(t, confirmed, stepTimeout, code+"-timeline-empty")
	x.key(t, "ctrl+n")
	form := x.waitChange(t, empty, stepTimeout, code+"-form")
	x.typeText(t, marker)
	typed := x.waitChange(t, form, stepTimeout, code+"-form-typed")
	x.key(t, "ctrl+s")
	saved := x.waitChange(t, typed, stepTimeout, code+"-timeline")
	if n := colours(saved, firstRow); n < 10 {
		t.Fatalf("after saving, the first row has %d colours: no entry", n)
	}

	// The backup screen by its shortcut; the folder field has the focus,
	// Enter backs up.
	x.key(t, fmt.Sprintf("ctrl+%d", digit))
	screen := x.waitChange(t, saved, stepTimeout, code+"-backup-screen")
	x.typeText(t, usb)
	x.key(t, "Return")
	var backupFile string
	waitFor(t, stepTimeout, "a backup in "+usb, func() bool {
		ms, _ := filepath.Glob(filepath.Join(usb, "diary-*.kiroku"))
		if len(ms) == 1 {
			backupFile = ms[0]
		}
		return backupFile != ""
	})
	done := x.waitChange(t, screen, stepTimeout, code+"-backup-done")
	x.save(t, done, code+"-backup")
	saveWindow(t, done, filepath.Join(shots, code+"-backup.png"))
	if ents, _ := os.ReadDir(usb); len(ents) != 3 {
		t.Errorf("the backup folder holds %d files, want the backup, its checksum file and the vault's .seen record", len(ents))
	}
	sumCheck := exec.Command("sha256sum", "-c", filepath.Base(backupFile)+".sha256")
	sumCheck.Dir = usb
	if out, err := sumCheck.CombinedOutput(); err != nil {
		t.Errorf("sha256sum -c on the GUI's backup: %v\n%s", err, out)
	}

	// Lock; from the unlock screen, "Restore from a backup": the
	// passphrase field has the focus, then Unlock, Create, Open another,
	// Recover, Restore.
	x.key(t, "ctrl+l")
	locked := x.waitChange(t, done, stepTimeout, code+"-locked")
	x.key(t, "Tab", "Tab", "Tab", "Tab", "Tab", "space")
	restore := x.waitChange(t, locked, stepTimeout, code+"-restore-screen")
	x.typeText(t, backupFile)
	path := x.waitChange(t, restore, stepTimeout, code+"-restore-path")
	x.key(t, "Return") // describes the backup, moves to the passphrase
	described := x.waitChange(t, path, stepTimeout, code+"-restore-described")
	x.typeText(t, guiPass)
	// A line of password dots may change fewer pixels than a new
	// screen: wait for the screen to settle instead.
	ready := x.waitStable(t, stepTimeout)
	if diff(described, ready) == 0 {
		t.Fatal("typing the passphrase changed nothing on the restore screen")
	}
	x.save(t, ready, code+"-restore")
	saveWindow(t, ready, filepath.Join(shots, code+"-restore.png"))
	x.key(t, "Return")
	restored := filepath.Join(vaultDir, "diary-restored.kiroku")
	waitFor(t, kdfTimeout, "the restored vault "+restored, func() bool {
		_, err := os.Stat(restored)
		return err == nil
	})
	opened := x.waitChange(t, ready, kdfTimeout, code+"-restored-timeline")
	if n := colours(opened, firstRow); n < 10 {
		t.Errorf("the restored vault's timeline shows no entry (%d colours)", n)
	}
	app.quit(t)

	// What the GUI restored, read by the command-line tool: the entry,
	// and a chain that checks.
	r := mustOK(t, ctl(t, guiPass+"\n", "list", "--vault", restored, "--passphrase-stdin", "--json"))
	var list []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatalf("list --json: %v\n%s", err, r.stdout)
	}
	if len(list) != 1 || fmt.Sprint(list[0]["text"]) != marker {
		t.Errorf("the restored vault holds %s", r.stdout)
	}
	mustOK(t, ctl(t, guiPass+"\n", "check", "--vault", restored, "--passphrase-stdin"))
	for _, v := range []string{vaultPath, restored} {
		logs := mustOK(t, ctl(t, guiPass+"\n", "backups", "--vault", v, "--passphrase-stdin", "--json"))
		if !strings.Contains(logs.stdout, filepath.Base(backupFile)) || strings.Contains(logs.stdout, `"overdue": true`) {
			t.Errorf("the backup log of %s does not name %s: %s", v, backupFile, logs.stdout)
		}
	}
	grepNone(t, usb, marker, guiPass)
}

// navDigit is the Ctrl+digit of side-menu item id, from the app's own
// menu table (ui.NavKey), so the test follows when screens are added.
func navDigit(t *testing.T, id string) int {
	t.Helper()
	k, ok := ui.NavKey(id)
	n, err := strconv.Atoi(k)
	if !ok || err != nil {
		t.Fatalf("menu item %s has no Ctrl+digit (%q)", id, k)
	}
	return n
}
