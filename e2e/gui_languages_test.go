//go:build e2e

package e2e

import (
	"encoding/json"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/ui"
)

// languageSamples is an entry a worker might write, in each shipped
// language's own script.
var languageSamples = map[string]string{
	"en":        "The manager shouted at me in front of everyone.",
	"ja":        "上司に皆の前で怒鳴られた。",
	"ja-x-easy": "上司に 皆の 前で 怒鳴られた。",
	"vi":        "Trưởng phòng quát tôi trước mặt mọi người.",
	"zh-Hans":   "经理当着大家的面对我大喊大叫。",
	"tl":        "Sinigawan ako ng manager sa harap ng lahat.",
	"ne":        "म्यानेजरले सबैको अगाडि मलाई कराए।",
	"id":        "Manajer membentak saya di depan semua orang.",
	"pt-BR":     "O gerente gritou comigo na frente de todos.",
	"my":        "မန်နေဂျာက လူတိုင်းရှေ့မှာ ကျွန်တော့်ကို အော်ငေါက်ခဲ့တယ်။",
	"mn":        "Менежер бүгдийн өмнө над руу хашгирсан.",
	"ar":        "صرخ المدير في وجهي أمام الجميع.",
}

// TestGUILanguages takes the screens a new user meets, in every shipped
// language, in the real app under Xvfb: the welcome and create screens,
// the timeline with an entry in the language's own script, the entry
// form, the recording bar, the export screen and the rights library. The
// pictures go to docs/screenshots/i18n/<tag>-<screen>.png, to be looked at
// (text fits, no boxes, nothing clipped at 1000 px). Slow (about a minute
// a language): it runs when KIROKU_I18N_SHOTS is set
// (scripts/i18n-shots.sh), not in make test, whose GUI tests cover the
// flows in English and Japanese.
func TestGUILanguages(t *testing.T) {
	if os.Getenv("KIROKU_I18N_SHOTS") == "" {
		t.Skip("set KIROKU_I18N_SHOTS=1 (scripts/i18n-shots.sh) to take the screenshots of every language")
	}
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed: %v", tool, err)
		}
	}
	x := startXvfb(t)
	shots := filepath.Join("..", "docs", "screenshots", "i18n")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	only := os.Getenv("KIROKU_I18N_ONLY") // one tag, to redo one language
	for _, tag := range i18n.Languages {
		if only != "" && tag != only {
			continue
		}
		t.Run(tag, func(t *testing.T) { languageTour(t, x, shots, tag) })
	}
}

func languageTour(t *testing.T, x *xserver, shots, tag string) {
	art := artifacts(t)
	shot := func(img image.Image, name string) {
		t.Helper()
		saveWindow(t, img, filepath.Join(shots, tag+"-"+name+".png"))
	}
	// The language chosen in the app's settings (ja-x-easy has no locale).
	home := t.TempDir()
	prefs := filepath.Join(home, ".config", "fyne", "app.kiroku.Kiroku")
	if err := os.MkdirAll(prefs, 0o700); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(map[string]string{"language": tag})
	if err := os.WriteFile(filepath.Join(prefs, "preferences.json"), b, 0o600); err != nil {
		t.Fatal(err)
	}

	// A first start: welcome, then the create screen.
	app := x.startAppEnv(t, bin(t, "kiroku"), home, filepath.Join(t.TempDir(), "new.kiroku"), "C.UTF-8",
		filepath.Join(art, "kiroku-welcome.log"), "KIROKU_AUDIO_BACKEND=null")
	welcome := x.waitStable(t, windowTimeout)
	shot(welcome, "welcome")
	x.key(t, "space")
	shot(x.waitChange(t, welcome, stepTimeout, tag+"-create"), "create")
	app.quit(t)

	// A vault with one entry in the language's script.
	vaultPath := filepath.Join(t.TempDir(), "diary.kiroku")
	mustOK(t, ctl(t, guiPass+"\n"+guiPass+"\n", append([]string{"init", "--vault", vaultPath, "--passphrase-stdin"}, fastKDF...)...))
	written := tag
	if tag == "ja-x-easy" { // easy Japanese is a way to show the app; the entry is in Japanese
		written = "ja"
	}
	mustOK(t, ctl(t, guiPass+"\n", "add", "--vault", vaultPath, "--passphrase-stdin", "--text", languageSamples[tag],
		"--language", written, "--place", "3F", "--when", "2026-11-02T10:15:00+09:00"))
	app = x.startAppEnv(t, bin(t, "kiroku"), home, vaultPath, "C.UTF-8", filepath.Join(art, "kiroku.log"), "KIROKU_AUDIO_BACKEND=null")
	locked := x.waitStable(t, windowTimeout)
	x.typeText(t, guiPass)
	x.key(t, "Return")
	timeline := x.waitChange(t, locked, kdfTimeout, tag+"-timeline")
	timeline = x.waitStable(t, stepTimeout)
	shot(timeline, "timeline")

	// The recording bar, recording into the selected entry (the null
	// device: silence).
	x.key(t, "ctrl+r")
	time.Sleep(1500 * time.Millisecond)
	rec := x.waitChange(t, timeline, stepTimeout, tag+"-recording")
	shot(rec, "recording")
	x.key(t, "ctrl+shift+r")
	stopped := x.waitChange(t, rec, stepTimeout, tag+"-stopped")

	prev := stopped
	for _, s := range []string{"export", "rights"} {
		k, ok := ui.NavKey(s)
		if !ok {
			t.Fatalf("no shortcut for %s", s)
		}
		x.key(t, "ctrl+"+k)
		img := x.waitChange(t, prev, stepTimeout, tag+"-"+s)
		img = x.waitStable(t, stepTimeout)
		shot(img, s)
		prev = img
	}
	// Last, the entry form (it has no menu to leave it by).
	tk, _ := ui.NavKey("timeline")
	x.key(t, "ctrl+"+tk)
	back := x.waitChange(t, prev, stepTimeout, tag+"-back")
	x.key(t, "ctrl+n")
	form := x.waitChange(t, back, stepTimeout, tag+"-form")
	shot(x.waitStable(t, stepTimeout), "entry-form")
	_ = form
	app.quit(t)
}
