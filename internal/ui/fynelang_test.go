package ui

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// Fyne's own dialogs speak the language chosen in Kiroku, at start and
// after a switch in Settings, whatever the system locale is: one Fyne has
// translations for (de, pt_BR), one it has not (ko), Japanese, or none.
func TestFyneDialogsFollowLanguage(t *testing.T) {
	for _, locale := range []string{"C", "en_US.UTF-8", "ja_JP.UTF-8", "de_DE.UTF-8", "pt_BR.UTF-8", "zh_CN.UTF-8", "ko_KR.UTF-8"} {
		t.Run(locale, func(t *testing.T) {
			t.Setenv("LANGUAGE", "")
			t.Setenv("LC_ALL", locale)
			v, _ := vaultWith("entry")
			h := newHarness(t, v, Options{Language: "ja"})
			h.expectFyne("ja", "キャンセル", "開く", "名前", "月")

			h.a.SetLanguage("en")
			h.expectFyne("en", "Cancel", "Open", "Name", "Mon")

			h.a.SetLanguage("ja")
			h.expectFyne("ja again", "キャンセル", "開く", "名前", "月")
			h.a.SetLanguage("en")
		})
	}
}

// expectFyne checks Fyne's texts, and the buttons of a file dialog opened
// now, against the language the app is in.
func (h *harness) expectFyne(when, cancel, open, name, monday string) {
	h.t.Helper()
	if got := lang.L("Cancel"); got != cancel {
		h.t.Errorf("%s: lang.L(Cancel) = %q, want %q", when, got, cancel)
	}
	if got := lang.X("file.name", "Name"); got != name {
		h.t.Errorf("%s: lang.X(file.name) = %q, want %q", when, got, name)
	}
	if got := lang.X("monday.short", "Mon"); got != monday {
		h.t.Errorf("%s: lang.X(monday.short) = %q, want %q", when, got, monday)
	}
	d := dialog.NewFileOpen(func(fyne.URIReadCloser, error) {}, h.w)
	d.Show()
	defer d.Hide()
	var labels []string
	for _, o := range h.w.Canvas().Overlays().List() {
		walk(o, func(o fyne.CanvasObject) {
			if b, ok := o.(*widget.Button); ok && b.Text != "" {
				labels = append(labels, b.Text)
			}
		})
	}
	if !slices.Contains(labels, cancel) || !slices.Contains(labels, open) {
		h.t.Errorf("%s: the file dialog's buttons are %q, want %q and %q", when, labels, cancel, open)
	}
}

// The Fyne messages built from our English file are Fyne's own English
// file, key for key and form for form, so no text of Fyne's is left
// untranslated; and fyneBuiltinLocales lists every locale Fyne ships.
func TestFyneLocalesKnown(t *testing.T) {
	dir := fyneModuleDir(t)
	want, err := os.ReadFile(filepath.Join(dir, "lang", "translations", "base.en.json"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := fyneMessages(i18n.Default(), "en")
	if err != nil {
		t.Fatal(err)
	}
	var w, g map[string]any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(w, g) {
		t.Errorf("Fyne messages from assets/i18n/en/fyne.json differ from Fyne's base.en.json:\n got %v\nwant %v", g, w)
	}

	ja, err := fyneMessages(i18n.Default(), "ja")
	if err != nil {
		t.Fatal(err)
	}
	var j map[string]any
	if err := json.Unmarshal(ja, &j); err != nil {
		t.Fatal(err)
	}
	if j["Cancel"] != "キャンセル" || !reflect.DeepEqual(j["file.name"], map[string]any{"other": "名前"}) {
		t.Errorf("Japanese Fyne messages: %s", ja)
	}

	files, err := filepath.Glob(filepath.Join(dir, "lang", "translations", "base.*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var shipped []string
	for _, f := range files {
		shipped = append(shipped, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "base."), ".json"))
	}
	var listed []string
	for _, l := range fyneBuiltinLocales {
		listed = append(listed, string(l))
	}
	slices.Sort(shipped)
	slices.Sort(listed)
	if !slices.Equal(shipped, listed) {
		t.Errorf("Fyne ships translations for %q; fyneBuiltinLocales lists %q", shipped, listed)
	}
}

// fyneModuleDir is where the go command keeps the Fyne module of go.mod.
func fyneModuleDir(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to find the Fyne module:", err)
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "fyne.io/fyne/v2").Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Skipf("go list -m fyne.io/fyne/v2: %v %s", err, out)
	}
	return dir
}

// Fyne's file dialog remembers its last folder in the app's preferences (a
// plain file); Kiroku's dialogs forget it when they close.
func TestFileDialogForgetsFolder(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(900, 700))
	d := dialog.NewFileOpen(func(fyne.URIReadCloser, error) {}, w)
	showFileDialog(d, "ui.dialog.open_file")
	if a.Preferences().String(fyneLastFolderKey) == "" {
		t.Skip("this Fyne did not remember a folder: nothing to forget")
	}
	d.Hide()
	if got := a.Preferences().String(fyneLastFolderKey); got != "" {
		t.Errorf("the last folder stays in the preferences: %q", got)
	}
}
