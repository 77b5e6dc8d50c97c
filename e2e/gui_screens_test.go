//go:build e2e

package e2e

import (
	"bytes"
	"image"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
	x.key(t, "ctrl+m")
	rec := x.shot(t)
	shot(rec, "recording")
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
	app.quit(t)
}

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
	r := image.Rect(0, 0, 1000, 700).Intersect(img.Bounds())
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
