//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The desktop app in a real X server: Xvfb for the display, xdotool for the
// keyboard, ImageMagick's import for screenshots. Each step waits for the
// screen to change and settle rather than sleeping a fixed time, so a slow
// machine only makes the test slower.

const (
	guiPass   = "orbit lantern walnut cedar river 7"
	guiMarker = "MARKER-gui-3b9e"

	windowTimeout = 3 * time.Minute // first start: software GL, font loading
	stepTimeout   = 2 * time.Minute // a screen change after a key press
	kdfTimeout    = 4 * time.Minute // create or unlock: calibrated Argon2id
)

func TestGUIDesktop(t *testing.T) {
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install xvfb xdotool imagemagick): %v", tool, err)
		}
	}
	x := startXvfb(t)
	art := artifacts(t)
	home := t.TempDir()
	vaultDir := t.TempDir()
	vaultPath := filepath.Join(vaultDir, "diary.kiroku")

	// First run, in English: create, add an entry, lock, unlock.
	app := x.startApp(t, bin(t, "kiroku"), home, vaultPath, "en_US.UTF-8", filepath.Join(art, "kiroku-en.log"))
	welcome := x.waitStable(t, windowTimeout)
	x.save(t, welcome, "01-welcome")

	x.key(t, "space") // "Create a new vault" has the focus
	create := x.waitChange(t, welcome, stepTimeout, "02-create")
	x.typeText(t, guiPass)
	x.key(t, "Return") // to the second passphrase field
	x.typeText(t, guiPass)
	filled := x.waitChange(t, create, stepTimeout, "03-passphrase-typed")
	x.key(t, "Return") // create
	waitFor(t, kdfTimeout, "vault file "+vaultPath, func() bool {
		_, err := os.Stat(vaultPath)
		return err == nil
	})
	key := x.waitChange(t, filled, kdfTimeout, "04-recovery-key")

	// Tab order: the key (selectable text), Copy, Save as file, the check.
	x.key(t, "Tab", "Tab", "Tab", "Tab", "space")
	confirmed := x.waitChange(t, key, stepTimeout, "05-key-confirmed")
	x.key(t, "Tab", "space") // Continue
	empty := x.waitChange(t, confirmed, stepTimeout, "06-timeline-empty")
	if n := colours(empty, firstRow); n > 4 {
		t.Errorf("the empty timeline's first row has %d colours: not empty?", n)
	}

	x.key(t, "ctrl+n") // New entry
	form := x.waitChange(t, empty, stepTimeout, "07-form")
	x.typeText(t, guiMarker+" the manager shouted at me in the meeting.")
	x.key(t, "Return")
	x.typeText(t, "Second line, typed while the cursor is in a multi-line field: anywhere.")
	typed := x.waitChange(t, form, stepTimeout, "08-form-typed")
	x.key(t, "ctrl+s")
	saved := x.waitChange(t, typed, stepTimeout, "09-timeline-saved")
	if n := colours(saved, firstRow); n < 10 {
		t.Errorf("after Ctrl+S the timeline's first row has %d colours: no entry shown", n)
	}

	x.key(t, "ctrl+l")
	locked := x.waitChange(t, saved, stepTimeout, "10-locked")
	x.typeText(t, guiPass)
	x.key(t, "Return")
	unlocked := x.waitChange(t, locked, kdfTimeout, "11-unlocked")
	if n := colours(unlocked, firstRow); n < 10 {
		t.Errorf("after unlocking the timeline's first row has %d colours: entry missing", n)
	}
	app.quit(t)

	// Second run, in Japanese: the unlock screen, the timeline, the form.
	app = x.startApp(t, bin(t, "kiroku"), home, vaultPath, "ja_JP.UTF-8", filepath.Join(art, "kiroku-ja.log"))
	jaUnlock := x.waitStable(t, windowTimeout)
	x.save(t, jaUnlock, "12-ja-unlock")
	x.typeText(t, guiPass)
	x.key(t, "Return")
	jaMain := x.waitChange(t, jaUnlock, kdfTimeout, "13-ja-timeline")
	if n := colours(jaMain, firstRow); n < 10 {
		t.Errorf("Japanese timeline's first row has %d colours: entry missing", n)
	}
	x.key(t, "ctrl+n") // "New entry" (the toolbar's layout may change; the shortcut does not)
	x.waitChange(t, jaMain, stepTimeout, "14-ja-form")
	app.quit(t)

	// What the app wrote, read back by the command-line tool.
	r := mustOK(t, ctl(t, guiPass+"\n", "list", "--vault", vaultPath, "--passphrase-stdin", "--json"))
	var list []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatalf("list --json: %v\n%s", err, r.stdout)
	}
	if len(list) != 1 || !strings.HasPrefix(fmt.Sprint(list[0]["text"]), guiMarker+" the manager shouted") ||
		!strings.Contains(fmt.Sprint(list[0]["text"]), "\nSecond line") {
		t.Errorf("the vault does not hold the entry typed in the window: %s", r.stdout)
	}
	mustOK(t, ctl(t, guiPass+"\n", "check", "--vault", vaultPath, "--passphrase-stdin"))
	grepNone(t, home, guiMarker, guiPass)
	grepNone(t, vaultDir, guiMarker, guiPass)
}

// firstRow is where the newest entry of the timeline is drawn in the
// 1000x700 window: right of the side menu, below the toolbar, the
// filters and the weekly chart, left of the split. On the empty timeline
// it lies above the centred "no entries" note.
var firstRow = image.Rect(225, 290, 520, 355)

// xserver is one Xvfb display.
type xserver struct {
	display string
	art     string
	shots   int
}

// startXvfb starts Xvfb on the first free display from :91 to :99.
func startXvfb(t *testing.T) *xserver {
	t.Helper()
	for n := 91; n <= 99; n++ {
		if exists(fmt.Sprintf("/tmp/.X%d-lock", n)) || exists(fmt.Sprintf("/tmp/.X11-unix/X%d", n)) {
			continue
		}
		if x := tryXvfb(t, fmt.Sprintf(":%d", n)); x != nil {
			return x
		}
	}
	t.Fatal("no free X display between :91 and :99")
	return nil
}

// tryXvfb starts Xvfb on display; nil means another server took it first.
func tryXvfb(t *testing.T, display string) *xserver {
	cmd := exec.Command("Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-r") // -r: no key auto-repeat on a slow machine
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal("Xvfb:", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for !xdpyOK(display) {
		select {
		case err := <-exited:
			t.Logf("Xvfb %s exited (%v): %s", display, err, out.String())
			return nil
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			<-exited
			t.Fatalf("Xvfb %s did not come up: %s", display, out.String())
		}
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	})
	t.Logf("Xvfb on %s", display)
	return &xserver{display: display}
}

// xdpyOK reports whether a client can talk to display.
func xdpyOK(display string) bool {
	cmd := exec.Command("xdotool", "getmouselocation")
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	return cmd.Run() == nil
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// artifacts is where screenshots and logs go: $KIROKU_E2E_ARTIFACTS, or a
// temporary directory.
func artifacts(t *testing.T) string {
	dir := os.Getenv("KIROKU_E2E_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	dir = filepath.Join(dir, t.Name())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// app is a running kiroku process.
type app struct {
	cmd    *exec.Cmd
	log    string
	exited chan error
}

// startApp runs the desktop app on x with its own HOME, vault path and
// language, its output going to logPath.
func (x *xserver) startApp(t *testing.T, binary, home, vaultPath, lang, logPath string) *app {
	t.Helper()
	x.art = filepath.Dir(logPath)
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary)
	cmd.Stdout, cmd.Stderr = logf, logf
	for _, kv := range os.Environ() {
		switch k, _, _ := strings.Cut(kv, "="); {
		case k == "HOME", k == "DISPLAY", k == "KIROKU_VAULT", k == "LANG", k == "LANGUAGE", strings.HasPrefix(k, "LC_"), strings.HasPrefix(k, "XDG_"), strings.HasPrefix(k, "FYNE_"):
		default:
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "HOME="+home, "DISPLAY="+x.display, "KIROKU_VAULT="+vaultPath, "LANG="+lang,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "XDG_DATA_HOME="+filepath.Join(home, ".local", "share"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"), "FYNE_SCALE=1")
	if err := cmd.Start(); err != nil {
		t.Fatal("start kiroku:", err)
	}
	a := &app{cmd: cmd, log: logPath, exited: make(chan error, 1)}
	go func() { a.exited <- cmd.Wait(); logf.Close() }()
	t.Cleanup(func() {
		select {
		case <-a.exited:
		default:
			cmd.Process.Kill()
			<-a.exited
		}
	})
	t.Logf("kiroku (LANG=%s) log: %s", lang, logPath)

	// Wait for the window, then give it the keyboard and move the pointer
	// out of the way (hovering changes how widgets look).
	var win string
	waitFor(t, windowTimeout, "the Kiroku window", func() bool {
		select {
		case err := <-a.exited:
			a.exited <- err
			t.Fatalf("kiroku exited before showing a window: %v\n%s", err, readFile(logPath))
		default:
		}
		out, err := x.run("xdotool", "search", "--onlyvisible", "--name", "Kiroku")
		win = strings.TrimSpace(string(out))
		return err == nil && win != ""
	})
	win = strings.Fields(win)[0]
	if out, err := x.run("xdotool", "windowmove", win, "0", "0", "windowfocus", win, "mousemove", "1200", "780"); err != nil {
		t.Fatalf("xdotool: %v %s", err, out)
	}
	return a
}

// quit ends the app as the system does at logout (SIGTERM), waits for it
// and checks its log.
func (a *app) quit(t *testing.T) {
	t.Helper()
	a.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-a.exited:
		a.exited <- err
		if err != nil {
			t.Errorf("kiroku exited with %v", err)
		}
	case <-time.After(time.Minute):
		t.Fatalf("kiroku did not quit within a minute of SIGTERM\n%s", readFile(a.log))
	}
	log := readFile(a.log)
	for _, bad := range []string{"Error in Fyne call thread", "panic", "fatal error", "DATA RACE"} {
		if strings.Contains(log, bad) {
			t.Errorf("app log %s contains %q:\n%s", a.log, bad, log)
		}
	}
	for _, secret := range []string{guiMarker, guiPass} {
		if strings.Contains(log, secret) {
			t.Errorf("app log %s contains %q", a.log, secret)
		}
	}
}

func readFile(p string) string {
	b, _ := os.ReadFile(p)
	return string(b)
}

func (x *xserver) run(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+x.display)
	return cmd.CombinedOutput()
}

// key presses keys one after another, like a person would.
func (x *xserver) key(t *testing.T, keys ...string) {
	t.Helper()
	if out, err := x.run("xdotool", append([]string{"key", "--delay", "150"}, keys...)...); err != nil {
		t.Fatalf("xdotool key %v: %v %s", keys, err, out)
	}
}

// click clicks at a point of the window (it sits at 0,0), then moves the
// pointer away again.
func (x *xserver) click(t *testing.T, px, py int) {
	t.Helper()
	if out, err := x.run("xdotool", "mousemove", fmt.Sprint(px), fmt.Sprint(py), "click", "1", "sleep", "0.3", "mousemove", "1200", "780"); err != nil {
		t.Fatalf("xdotool click: %v %s", err, out)
	}
}

func (x *xserver) typeText(t *testing.T, s string) {
	t.Helper()
	if out, err := x.run("xdotool", "type", "--delay", "40", "--", s); err != nil {
		t.Fatalf("xdotool type: %v %s", err, out)
	}
}

// shot takes a screenshot of the whole display.
func (x *xserver) shot(t *testing.T) image.Image {
	t.Helper()
	f, err := os.CreateTemp("", "kiroku-shot-*.png")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	defer os.Remove(f.Name())
	if out, err := x.run("import", "-window", "root", f.Name()); err != nil {
		t.Fatalf("import: %v %s", err, out)
	}
	b, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	return img
}

// save writes img as a numbered artifact and checks that it shows
// something: a blank or single-colour screen means the window did not draw.
func (x *xserver) save(t *testing.T, img image.Image, name string) {
	t.Helper()
	p := filepath.Join(x.art, name+".png")
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", p)
	if n := colours(img, image.Rect(0, 0, 1000, 700)); n < 32 {
		t.Errorf("screenshot %s has only %d colours: nothing drawn?", p, n)
	}
}

// waitStable waits until two screenshots in a row are (nearly) the same:
// a blinking cursor may differ, a progress bar or a new screen may not.
func (x *xserver) waitStable(t *testing.T, timeout time.Duration) image.Image {
	t.Helper()
	var last image.Image
	var d int
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		img := x.shot(t)
		if last != nil {
			if d = diff(last, img); d < stableDiff {
				return img
			}
		}
		last = img
		time.Sleep(400 * time.Millisecond)
	}
	x.save(t, last, "unstable")
	t.Fatalf("the screen kept changing for %v (%d pixels between shots)", timeout, d)
	return nil
}

// waitChange waits until the screen differs from before and has settled,
// then saves it as name.
func (x *xserver) waitChange(t *testing.T, before image.Image, timeout time.Duration, name string) image.Image {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if img := x.shot(t); diff(before, img) >= changedDiff {
			img = x.waitStable(t, time.Until(deadline)+10*time.Second)
			if diff(before, img) >= changedDiff {
				x.save(t, img, name)
				return img
			}
		}
		time.Sleep(300 * time.Millisecond)
	}
	x.save(t, before, name+"-never-came")
	t.Fatalf("step %s: the screen did not change within %v", name, timeout)
	return nil
}

const (
	stableDiff  = 300  // pixels: a text cursor is about 40
	changedDiff = 1500 // pixels: a new screen, a ticked box and an enabled button, a line of text
)

// diff counts the pixels that differ between a and b.
func diff(a, b image.Image) int {
	r := a.Bounds().Intersect(b.Bounds())
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				n++
			}
		}
	}
	return n
}

// colours counts the distinct colours of img inside r.
func colours(img image.Image, r image.Rectangle) int {
	seen := map[[4]uint32]bool{}
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := img.At(x, y)
			r, g, b, a := c.RGBA()
			seen[[4]uint32{r, g, b, a}] = true
		}
	}
	return len(seen)
}

// waitFor polls cond until it holds or timeout passes.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(300 * time.Millisecond)
	}
}
