//go:build e2e

package e2e

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/ui"
)

// TestGUIScreens drives the real app through every screen, once in
// English and once in Japanese, each on a fresh vault: create, an entry
// with Japanese text, 3 s recorded from the microphone (PulseAudio's null
// sink monitor when PULSE_SERVER is set: run under
// internal/audio/testdata/pulse-env.sh), playback, lock, unlock, search,
// the rights library, guidance, contacts, settings and the shortcut
// sheet. Every screen is saved, cropped to the window, as
// docs/screenshots/<lang>-<screen>.png for the README.
func TestGUIScreens(t *testing.T) {
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install xvfb xdotool imagemagick): %v", tool, err)
		}
	}
	backend := "null"
	if os.Getenv("PULSE_SERVER") != "" && exec.Command("pactl", "info").Run() == nil {
		backend = "pulse"
	} else if os.Getenv("KIROKU_REQUIRE_PULSE") != "" {
		t.Fatal("KIROKU_REQUIRE_PULSE is set but no PulseAudio server answers")
	} else {
		t.Log("no PulseAudio server: recording from the null device (silence)")
	}
	x := startXvfb(t)
	shots := filepath.Join("..", "docs", "screenshots")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []struct{ code, locale, text, word string }{
		// Searched for by its ASCII tag, in lower case: xdotool loses a
		// Japanese character now and then (the unit tests search Japanese).
		{"en", "en_US.UTF-8", "GUI-en: 会議で「お前なんか辞めてしまえ」と怒鳴られた", "gui-en"},
		{"ja", "ja_JP.UTF-8", "GUI-ja: 会議で「お前なんか辞めてしまえ」と怒鳴られた", "gui-ja"},
	} {
		t.Run(lang.code, func(t *testing.T) {
			tour(t, x, shots, backend, lang.code, lang.locale, lang.text, lang.word)
		})
	}
}

func tour(t *testing.T, x *xserver, shots, backend, code, locale, text, word string) {
	art := artifacts(t)
	home := t.TempDir()
	vaultDir := t.TempDir()
	vaultPath := filepath.Join(vaultDir, "diary.kiroku")
	shot := func(img image.Image, name string) {
		t.Helper()
		x.save(t, img, code+"-"+name)
		saveWindow(t, img, filepath.Join(shots, code+"-"+name+".png"))
	}
	app := x.startAppEnv(t, bin(t, "kiroku"), home, vaultPath, locale, filepath.Join(art, "kiroku.log"),
		"KIROKU_AUDIO_BACKEND="+backend)

	welcome := x.waitStable(t, windowTimeout)
	shot(welcome, "welcome")
	x.key(t, "space")
	create := x.waitChange(t, welcome, stepTimeout, "create")
	x.typeText(t, guiPass)
	x.key(t, "Return")
	x.typeText(t, guiPass)
	filled := x.waitChange(t, create, stepTimeout, "create-typed")
	shot(filled, "create")
	x.key(t, "Return")
	key := x.waitChange(t, filled, kdfTimeout, "recovery-key")
	shot(key, "recovery-key")
	x.key(t, "Tab", "Tab", "Tab", "Tab", "space")
	confirmed := x.waitChange(t, key, stepTimeout, "key-confirmed")
	x.key(t, "Tab", "space")
	empty := x.waitChange(t, confirmed, stepTimeout, "timeline-empty")

	x.key(t, "ctrl+n")
	form := x.waitChange(t, empty, stepTimeout, "form")
	x.typeSlow(t, text)
	typed := x.waitChange(t, form, stepTimeout, "form-typed")
	shot(typed, "entry-form")
	x.key(t, "ctrl+s")
	saved := x.waitChange(t, typed, stepTimeout, "timeline")
	if n := colours(saved, timelineRow); n < 10 {
		t.Errorf("after saving, the first row has %d colours: no entry", n)
	}
	shot(saved, "timeline")

	// The keyboard reaches editing (the recorded time stays read-only) and
	// the history of the selected entry.
	x.key(t, "ctrl+e")
	edit := x.waitChange(t, saved, stepTimeout, "edit form")
	shot(edit, "entry-edit")
	x.key(t, "ctrl+s") // nothing changed: nothing is written
	back := x.waitChange(t, edit, stepTimeout, "timeline again")
	x.key(t, "ctrl+h")
	hist := x.waitChange(t, back, stepTimeout, "history")
	shot(hist, "history")

	// Record 3 s into the selected entry, with speech from the fake
	// microphone when PulseAudio is there.
	x.key(t, "ctrl+r")
	var speech *exec.Cmd
	if backend == "pulse" {
		speech = playSpeech(t)
	}
	time.Sleep(1500 * time.Millisecond)
	// Ctrl+M, then the words, then Enter: the marker placed at Ctrl+M
	// gets them as its label (checked with kirokuctl at the end).
	x.key(t, "ctrl+m")
	x.typeText(t, markerWords)
	rec := x.shot(t)
	shot(rec, "recording")
	x.key(t, "Return")
	time.Sleep(1500 * time.Millisecond)
	x.key(t, "ctrl+shift+r")
	if speech != nil {
		speech.Wait()
	}
	stopped := x.waitChange(t, rec, stepTimeout, "recording-saved")
	x.key(t, "ctrl+p") // opens the entry's recording in the player
	player := x.waitChange(t, stopped, stepTimeout, "playback")
	player = x.waitStable(t, stepTimeout) // the waveform is drawn on a goroutine
	shot(player, "playback")

	x.key(t, "ctrl+l")
	locked := x.waitChange(t, player, stepTimeout, "locked")
	shot(locked, "unlock")
	x.typeText(t, guiPass)
	x.key(t, "Return")
	unlocked := x.waitChange(t, locked, kdfTimeout, "unlocked")
	if n := colours(unlocked, timelineRow); n < 10 {
		t.Errorf("after unlocking the first row has %d colours: entry missing", n)
	}

	x.key(t, "ctrl+f")
	x.typeText(t, "zzzznothing")
	none := x.waitChange(t, unlocked, stepTimeout, "search-none")
	if n := colours(none, timelineRow); n > 10 {
		t.Errorf("a search for nothing still shows a row (%d colours)", n)
	}
	x.key(t, "ctrl+a", "BackSpace")
	x.typeText(t, word)
	found := x.waitChange(t, none, stepTimeout, "search")
	if n := colours(found, timelineRow); n < 10 {
		t.Errorf("searching %q found no entry (%d colours)", word, n)
	}
	shot(found, "search")

	prev := found
	for _, s := range []struct{ key, name string }{
		{"rights", "rights"}, {"guide", "guide"}, {"contacts", "contacts"}, {"settings", "settings"}, {"F1", "shortcuts"},
	} {
		key := s.key
		if k, ok := ui.NavKey(s.key); ok {
			key = "ctrl+" + k
		}
		x.key(t, key)
		img := x.waitChange(t, prev, stepTimeout, s.name)
		shot(img, s.name)
		prev = img
	}
	x.key(t, "Escape")
	closed := x.waitChange(t, prev, stepTimeout, "shortcut sheet closed")

	// A narrow window, as on a laptop screen split in two: the side menu
	// folds to its icons and the timeline still fits.
	tk, _ := ui.NavKey("timeline")
	x.key(t, "ctrl+"+tk)
	tl := x.waitChange(t, closed, stepTimeout, "timeline")
	out, err := x.run("xdotool", "search", "--onlyvisible", "--name", "Kiroku")
	if err != nil || len(strings.Fields(string(out))) == 0 {
		t.Fatalf("xdotool search: %v %s", err, out)
	}
	win := strings.Fields(string(out))[0]
	if out, err := x.run("xdotool", "windowsize", win, "720", "560"); err != nil {
		t.Fatalf("xdotool windowsize: %v %s", err, out)
	}
	x.waitChange(t, tl, stepTimeout, "narrow")
	// The window settles at 720 px once the narrow layout is built (the
	// window system may pass through other sizes on the way).
	var geo []byte
	defer func() {
		if t.Failed() {
			t.Logf("the window's last geometry: %s", geo)
		}
	}()
	waitFor(t, stepTimeout, "a 720 px window", func() bool {
		geo, _ = x.run("xdotool", "getwindowgeometry", win)
		return strings.Contains(string(geo), "Geometry: 720x560")
	})
	narrow := x.waitStable(t, stepTimeout)
	x.save(t, narrow, code+"-narrow")
	saveRegion(t, narrow, filepath.Join(shots, code+"-narrow.png"), 720, 560)
	app.quit(t)

	marks := mustOK(t, ctl(t, guiPass+"\n", "marker", "--vault", vaultPath, "--passphrase-stdin", "--recording", "1", "--json"))
	if !strings.Contains(marks.stdout, markerWords) {
		t.Errorf("the words typed after Ctrl+M are not the marker's label:\n%s", marks.stdout)
	}
}

// markerWords are typed after Ctrl+M in the GUI tour.
const markerWords = "he threw the file"

// timelineRow is where the first visible entry of the filtered timeline is
// drawn (see firstRow).
var timelineRow = firstRow

// typeSlow types text with time between characters: xdotool maps each
// non-ASCII character to a spare key first, and a fast typist loses some.
func (x *xserver) typeSlow(t *testing.T, s string) {
	t.Helper()
	if out, err := x.run("xdotool", "type", "--delay", "250", "--", s); err != nil {
		t.Fatalf("xdotool type: %v %s", err, out)
	}
}

// saveWindow writes the 1000x700 window (at 0,0) of the screenshot.
func saveWindow(t *testing.T, img image.Image, path string) {
	t.Helper()
	saveRegion(t, img, path, 1000, 700)
}

// saveRegion writes the w x h pixels at 0,0 of the screenshot.
func saveRegion(t *testing.T, img image.Image, path string, w, h int) {
	t.Helper()
	r := image.Rect(0, 0, w, h).Intersect(img.Bounds())
	out := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	draw.Draw(out, out.Bounds(), img, r.Min, draw.Src)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, out); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// playSpeech plays a few seconds of synthetic speech into the null sink
// whose monitor is the default microphone.
func playSpeech(t *testing.T) *exec.Cmd {
	t.Helper()
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		t.Log("espeak-ng not installed: recording silence")
		return nil
	}
	wav := filepath.Join(t.TempDir(), "speech.wav")
	if out, err := exec.Command("espeak-ng", "-w", wav, "You are useless. Quit this job.").CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v %s", err, out)
	}
	cmd := exec.Command("paplay", wav)
	if err := cmd.Start(); err != nil {
		t.Fatalf("paplay: %v", err)
	}
	return cmd
}

// startAppEnv is startApp with extra environment variables.
func (x *xserver) startAppEnv(t *testing.T, binary, home, vaultPath, lang, logPath string, env ...string) *app {
	t.Helper()
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	return x.startApp(t, binary, home, vaultPath, lang, logPath)
}

// TestGUIScreensRecoverAttach drives, once in English and once in Japanese,
// what the tour leaves out: the recovery key saved with "Save as file..."
// (Fyne's save dialog), a screenshot attached with "Attach file..." (Fyne's
// open dialog) and previewed with its hash and name, recovery with the key
// typed from the saved file, and a passphrase change in Settings. The
// effects are checked with kirokuctl: the attachment holds the file's
// bytes, and only the last passphrase opens the vault. Saved as
// docs/screenshots/<lang>-file-dialog.png, <lang>-attachment.png,
// <lang>-recover.png and <lang>-passwd.png.
func TestGUIScreensRecoverAttach(t *testing.T) {
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
	for _, lang := range []struct{ code, locale string }{{"en", "en_US.UTF-8"}, {"ja", "ja_JP.UTF-8"}} {
		t.Run(lang.code, func(t *testing.T) {
			recoverAttachTour(t, x, shots, lang.code, lang.locale)
		})
	}
}

const (
	guiRecoverPass = "violet harbour copper meadow 42"
	guiNewPass     = "quartz lantern falcon tide 19"
)

// Where the 1000x700 window (at 0,0) has what the keyboard does not
// reach: "Attach file..." at the right of the selected entry's detail;
// in the file dialog (800x560, centred) the first file after "(Parent)"
// and the confirm button ("Open"), the rightmost at the bottom.
var (
	attachButton  = image.Pt(950, 321)
	dialogFile    = image.Pt(397, 210)
	dialogConfirm = image.Pt(875, 608)
)

var recoveryKeyRE = regexp.MustCompile(`[0-9A-Z]{4}(-[0-9A-Z]{4}){7}`)

func recoverAttachTour(t *testing.T, x *xserver, shots, code, locale string) {
	art := artifacts(t)
	home, vaultDir := t.TempDir(), t.TempDir()
	vaultPath := filepath.Join(vaultDir, "diary.kiroku")
	marker := "GUIKEY-" + code + " HR told me to delete the chat with the manager, or I would lose my job."
	shot := func(img image.Image, name string) {
		t.Helper()
		x.save(t, img, code+"-"+name)
		saveWindow(t, img, filepath.Join(shots, code+"-"+name+".png"))
	}
	// The screenshot to attach, in the folder the file dialog opens first.
	pngPath := filepath.Join(home, "chat-2026-11-20.png")
	pngBytes := chatPNG(t)
	if err := os.WriteFile(pngPath, pngBytes, 0o644); err != nil {
		t.Fatal(err)
	}
	app := x.startAppEnv(t, bin(t, "kiroku"), home, vaultPath, locale, filepath.Join(art, "kiroku.log"),
		"KIROKU_AUDIO_BACKEND=null")

	// Create; the recovery key goes to a file through "Save as file...":
	// Fyne's save dialog, in the app's language, with the file name
	// focused.
	welcome := x.waitStable(t, windowTimeout)
	x.key(t, "space")
	create := x.waitChange(t, welcome, stepTimeout, code+"-create")
	x.typeText(t, guiPass)
	x.key(t, "Return")
	x.typeText(t, guiPass)
	filled := x.waitChange(t, create, stepTimeout, code+"-create-typed")
	x.key(t, "Return")
	key := x.waitChange(t, filled, kdfTimeout, code+"-recovery-key")
	x.key(t, "Tab", "Tab", "Tab", "space") // the key, Copy, Save as file
	saveDlg := x.waitChange(t, key, stepTimeout, code+"-save-dialog")
	x.key(t, "Return")
	var keyFile string
	waitFor(t, stepTimeout, "the recovery key file in "+home, func() bool {
		ms, _ := filepath.Glob(filepath.Join(home, "*.txt"))
		if len(ms) == 1 {
			keyFile = ms[0]
		}
		return keyFile != ""
	})
	keySaved := x.waitChange(t, saveDlg, stepTimeout, code+"-key-saved")
	var recoveryKey string
	waitFor(t, stepTimeout, "the recovery key in "+keyFile, func() bool {
		recoveryKey = recoveryKeyRE.FindString(readFile(keyFile))
		return recoveryKey != ""
	})
	// Readable by this user only, and naming the vault by its file name,
	// not where it lives.
	if fi, err := os.Stat(keyFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("recovery key file mode: %v %v", fi.Mode(), err)
	}
	if strings.Contains(readFile(keyFile), filepath.Dir(vaultPath)) {
		t.Errorf("recovery key file names the vault's folder:\n%s", readFile(keyFile))
	}
	// Kept apart from the computer, as the screen says; the file dialog
	// then shows the screenshot alone.
	if err := os.Remove(keyFile); err != nil {
		t.Fatal(err)
	}
	x.key(t, "Tab", "Tab", "Tab", "Tab", "space") // the key, Copy, Save, the check
	confirmed := x.waitChange(t, keySaved, stepTimeout, code+"-key-confirmed")
	x.key(t, "Tab", "space") // Continue
	empty := x.waitChange(t, confirmed, stepTimeout, code+"-timeline-empty")

	// An entry, and the screenshot attached to it through the open
	// dialog.
	x.key(t, "ctrl+n")
	form := x.waitChange(t, empty, stepTimeout, code+"-form")
	x.typeText(t, marker)
	typed := x.waitChange(t, form, stepTimeout, code+"-form-typed")
	x.key(t, "ctrl+s")
	saved := x.waitChange(t, typed, stepTimeout, code+"-timeline")
	if n := colours(saved, firstRow); n < 10 {
		t.Fatalf("after saving, the first row has %d colours: no entry", n)
	}
	x.click(t, attachButton.X, attachButton.Y)
	openDlg := x.waitChange(t, saved, stepTimeout, code+"-open-dialog")
	x.click(t, dialogFile.X, dialogFile.Y)
	chosen := x.waitTyped(t, openDlg, code+"-file-chosen")
	shot(chosen, "file-dialog")
	x.click(t, dialogConfirm.X, dialogConfirm.Y)
	attached := x.waitChange(t, chosen, stepTimeout, code+"-importing")
	waitFor(t, stepTimeout, "the image preview", func() bool {
		attached = x.waitStable(t, stepTimeout) // the import and the preview run on goroutines
		return near(attached, previewArea, chatGreen) > 500
	})
	shot(attached, "attachment")

	// Lock; "Recover with the recovery key" from the unlock screen (the
	// passphrase field has the focus, then Unlock, Create, Open another,
	// Recover); the key typed as read from the file, a new passphrase
	// twice.
	x.key(t, "ctrl+l")
	locked := x.waitChange(t, attached, stepTimeout, code+"-locked")
	x.key(t, "Tab", "Tab", "Tab", "Tab", "space")
	recov := x.waitChange(t, locked, stepTimeout, code+"-recover-screen")
	x.typeText(t, recoveryKey)
	x.key(t, "Return")
	x.typeText(t, guiRecoverPass)
	x.key(t, "Return")
	x.typeText(t, guiRecoverPass)
	recovTyped := x.waitTyped(t, recov, code+"-recover-typed")
	shot(recovTyped, "recover")
	x.key(t, "Return")
	recovered := x.waitChange(t, recovTyped, kdfTimeout, code+"-recovered")
	if n := colours(recovered, firstRow); n < 10 {
		t.Fatalf("after recovering, the timeline's first row has %d colours: not unlocked?", n)
	}

	// Settings by its shortcut; Tab reaches "Change passphrase..." after
	// every shipped language, the time zone, the three themes and the
	// auto-lock time.
	k, ok := ui.NavKey("settings")
	if !ok {
		t.Fatal("the settings screen has no Ctrl+digit")
	}
	x.key(t, "ctrl+"+k)
	settings := x.waitChange(t, recovered, stepTimeout, code+"-settings")
	tabs := make([]string, 0, len(i18n.Languages)+7)
	for range len(i18n.Languages) + 6 {
		tabs = append(tabs, "Tab")
	}
	x.key(t, append(tabs, "space")...)
	passwd := x.waitChange(t, settings, stepTimeout, code+"-passwd-screen")
	x.typeText(t, guiRecoverPass)
	x.key(t, "Return")
	x.typeText(t, guiNewPass)
	x.key(t, "Return")
	x.typeText(t, guiNewPass)
	passwdTyped := x.waitTyped(t, passwd, code+"-passwd-typed")
	shot(passwdTyped, "passwd")
	x.key(t, "Return")
	x.waitChange(t, passwdTyped, kdfTimeout, code+"-passwd-done")
	app.quit(t)

	// Only the last passphrase opens the vault; the attachment is the
	// file, byte for byte.
	for _, old := range []string{guiPass, guiRecoverPass} {
		if r := ctl(t, old+"\n", "check", "--vault", vaultPath, "--passphrase-stdin"); r.code != 3 {
			t.Errorf("an old passphrase: kirokuctl check exit %d, want 3 (wrong passphrase)\n%s%s", r.code, r.stdout, r.stderr)
		}
	}
	mustOK(t, ctl(t, guiNewPass+"\n", "check", "--vault", vaultPath, "--passphrase-stdin"))
	r := mustOK(t, ctl(t, guiNewPass+"\n", "attachments", "--vault", vaultPath, "--passphrase-stdin", "--json"))
	var atts []attJSON
	if err := json.Unmarshal([]byte(r.stdout), &atts); err != nil {
		t.Fatalf("attachments --json: %v\n%s", err, r.stdout)
	}
	sum := sha256.Sum256(pngBytes)
	if len(atts) != 1 || atts[0].Name != filepath.Base(pngPath) || atts[0].SHA256 != hex.EncodeToString(sum[:]) ||
		atts[0].MediaType != "image/png" || atts[0].Entry != 1 {
		t.Fatalf("the vault's attachments: %s", r.stdout)
	}
	out := filepath.Join(t.TempDir(), "out.png")
	mustOK(t, ctl(t, guiNewPass+"\n", "extract", "--vault", vaultPath, "--passphrase-stdin", "--attachment", fmt.Sprint(atts[0].ID), "--out", out))
	if b, _ := os.ReadFile(out); !bytes.Equal(b, pngBytes) {
		t.Error("the attachment extracted differs from the file attached")
	}
	// Nothing typed leaks into the vault's folder, the app's settings and
	// cache (the key file itself is gone) or its log.
	for _, dir := range []string{vaultDir, home, filepath.Dir(app.log)} {
		grepNone(t, dir, marker, guiPass, guiRecoverPass, guiNewPass, recoveryKey)
	}
}

// waitTyped waits for the screen to settle after typing (or a click) that
// changes fewer pixels than a new screen, such as a line of password
// dots, and fails if nothing changed.
func (x *xserver) waitTyped(t *testing.T, before image.Image, name string) image.Image {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for diff(before, x.shot(t)) < stableDiff {
		if time.Now().After(deadline) {
			x.save(t, before, name+"-never-came")
			t.Fatalf("step %s: the screen did not change within %v", name, stepTimeout)
		}
		time.Sleep(300 * time.Millisecond)
	}
	img := x.waitStable(t, stepTimeout)
	x.save(t, img, name)
	return img
}

// previewArea is where the image preview of the selected entry's first
// attachment is drawn, below its name and hash.
var previewArea = image.Rect(560, 400, 820, 640)

// chatGreen is the colour of chatPNG's reply bubble, which nothing else
// in the window has.
var chatGreen = color.RGBA{220, 248, 198, 255}

// near counts the pixels of img inside r within a few steps of c.
func near(img image.Image, r image.Rectangle, c color.RGBA) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			p := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			if absDiff(p.R, c.R) <= 4 && absDiff(p.G, c.G) <= 4 && absDiff(p.B, c.B) <= 4 {
				n++
			}
		}
	}
	return n
}

func absDiff(a, b uint8) uint8 {
	if a > b {
		return a - b
	}
	return b - a
}

// chatPNG draws a small picture of a chat, as a screenshot a worker would
// attach: a grey background, two message bubbles with lines of "text".
func chatPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 360, 240))
	fill := func(r image.Rectangle, c color.RGBA) { draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src) }
	fill(img.Bounds(), color.RGBA{236, 229, 221, 255})
	fill(image.Rect(0, 0, 360, 36), color.RGBA{7, 94, 84, 255})
	fill(image.Rect(16, 56, 250, 120), color.RGBA{255, 255, 255, 255})
	fill(image.Rect(110, 140, 344, 220), chatGreen)
	for i, w := range []int{190, 150, 170} {
		y := 68 + i*16
		fill(image.Rect(28, y, 28+w, y+8), color.RGBA{90, 90, 90, 255})
	}
	for i, w := range []int{200, 120, 180, 90} {
		y := 152 + i*16
		fill(image.Rect(122, y, 122+w, y+8), color.RGBA{60, 80, 60, 255})
	}
	fill(image.Rect(300, 12, 340, 24), color.RGBA{200, 40, 40, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
