package ui

import (
	"encoding/binary"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
	"github.com/kiroku-app/kiroku/internal/version"
)

func ctrl(k fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierControl}
}

// Categories are ticked from the library's taxonomy; the entry then shows
// their names and the related rules, and a rule opens in the rights
// library with its sources and the notice.
func TestCategoriesAndRelatedRules(t *testing.T) {
	v, st := vaultWith()
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	h.tap("ui.main.new")
	f := h.a.cur.(*formScreen)
	labels := map[string]bool{}
	for _, c := range library().Categories() {
		labels[c.Label.In("en")] = true
	}
	n := 0
	for _, c := range h.checks() {
		if labels[c.Text] {
			n++
		}
	}
	if n != len(library().Categories()) {
		t.Errorf("%d category ticks, want one per category (%d)", n, len(library().Categories()))
	}
	test.Type(f.text, "He said I should quit")
	h.tick("Pressure to resign")
	h.tick("Verbal abuse, insults and threats")
	h.tap("ui.form.save")
	e := st.entry(1)
	if !slicesEqual(e.Categories, []string{"verbal-abuse", "forced-resignation"}) {
		t.Fatalf("categories saved %q", e.Categories)
	}
	m := h.a.cur.(*mainScreen)
	m.list.Select(0)
	h.settle()
	if !h.hasText("Pressure to resign") {
		t.Errorf("detail does not name the category; texts %q", h.texts())
	}
	rules := library().RulesFor(e.Categories)
	if len(rules) == 0 {
		t.Fatal("the library links no rule to these categories")
	}
	title := rules[0].Title.In("en")
	l := h.hyperlink(title)
	if l == nil {
		t.Fatalf("no link for related rule %q; texts %q", title, h.texts())
	}
	// On its text: a link ignores taps on its padding.
	test.TapAt(l, fyne.NewPos(theme.InnerPadding()+4, l.Size().Height/2))
	h.settle()
	r, ok := h.a.cur.(*rightsScreen)
	if !ok || r.selected != rules[0].ID {
		t.Fatalf("screen %T, want the rights library at %s", h.a.cur, rules[0].ID)
	}
	if !h.hasText(rules[0].Summary.In("en")) || !h.hasText(library().Notice().In("en")) ||
		!h.hasText(rules[0].Sources[0].Document.Title.In("en")) {
		t.Errorf("rule page lacks summary, notice or source; texts %q", h.texts())
	}

	// Editing keeps the ticks; unticking one removes it.
	h.shortcut(ctrl(fyne.Key1))
	m = h.a.cur.(*mainScreen)
	m.list.Select(0)
	h.settle()
	h.tap("ui.detail.edit")
	h.tick("Verbal abuse, insults and threats")
	h.tap("ui.form.save")
	if e := st.entry(1); !slicesEqual(e.Categories, []string{"forced-resignation"}) {
		t.Errorf("after unticking: %q", e.Categories)
	}
}

func slicesEqual(a, b []string) bool { return strings.Join(a, "|") == strings.Join(b, "|") }

// The rights library lists every rule; search narrows it in either
// language; it follows a language switch.
func TestRightsLibrary(t *testing.T) {
	v, _ := vaultWith("x")
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	h.shortcut(ctrl(navKeys[navPos(t, "rights")]))
	r, ok := h.a.cur.(*rightsScreen)
	if !ok {
		t.Fatalf("the rights shortcut opened %T, want the rights library", h.a.cur)
	}
	all := len(library().Rules())
	if len(r.results) != all || !h.hasText(library().Notice().In("en")) {
		t.Fatalf("%d rules listed of %d; notice shown %v", len(r.results), all, h.hasText(library().Notice().In("en")))
	}
	test.Type(r.query, "パワハラ")
	if n := len(r.results); n == 0 || n == all {
		t.Errorf("search パワハラ: %d of %d rules", n, all)
	}
	for _, rule := range r.results {
		if rule.ID == "" {
			t.Error("empty rule")
		}
	}
	r.list.Select(0)
	h.settle()
	first := r.results[0]
	h.a.SetLanguage("ja")
	if !h.hasText(first.Title.In("ja")) || !h.hasText(library().Notice().In("ja")) {
		t.Errorf("after switching to Japanese the rule is not shown in Japanese; texts %q", h.texts())
	}
	r.query.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if r.query.Text != "" || len(r.results) != all {
		t.Errorf("Escape left %q, %d rules", r.query.Text, len(r.results))
	}
}

// Every screen of the side menu opens with its Ctrl+digit, and F1 and
// Ctrl+/ open the sheet that lists every shortcut.
func TestNavigationAndShortcutSheet(t *testing.T) {
	v, _ := vaultWith("x")
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	want := map[string]string{"timeline": "*ui.mainScreen", "rights": "*ui.rightsScreen", "guide": "*ui.textScreen",
		"contacts": "*ui.textScreen", "settings": "*ui.settingsScreen"}
	for i, it := range navItems {
		h.shortcut(ctrl(navKeys[i]))
		ns, ok := h.a.cur.(navScreen)
		if !ok || ns.navID() != it.id {
			t.Errorf("Ctrl+%d opened %T, want %s", i+1, h.a.cur, it.id)
		}
		if w, ok := want[it.id]; ok && typeName(h.a.cur) != w {
			t.Errorf("%s is %s, want %s", it.id, typeName(h.a.cur), w)
		}
		if h.button(i18n.T("ui.nav.item", i18n.T(it.label), shortcutName(string(navKeys[i])))) == nil {
			t.Errorf("side menu lacks %s", it.id)
		}
	}
	h.shortcut(ctrl(fyne.Key1))
	h.shortcut(ctrl(fyne.KeyN))
	h.shortcut(ctrl(fyne.Key2))
	if _, ok := h.a.cur.(*formScreen); !ok {
		t.Errorf("Ctrl+2 left the entry form for %T", h.a.cur)
	}
	h.tap("ui.form.cancel")
	h.a.openNav(navPos(t, "guide"))
	for _, key := range []string{"ui.guide.audio.1", "ui.guide.audio.2", "ui.guide.fields.what"} {
		if !h.hasText(i18n.T(key)) {
			t.Errorf("guide lacks %s", key)
		}
	}
	h.a.openNav(navPos(t, "contacts"))
	if !h.hasText(i18n.T("ui.contacts.houterasu.h")) || !h.hasText(i18n.T("ui.contacts.check.1")) {
		t.Error("contacts page lacks Houterasu or the note to check the official site")
	}
	// About: the version, the licence, and the third-party licences.
	if !h.hasText(i18n.T("ui.about.version", version.Get().String())) || !h.hasText(i18n.T("ui.about.licence", version.Licence)) {
		t.Error("contacts page lacks the About section")
	}
	h.tap("ui.about.notices")
	if top := h.w.Canvas().Overlays().Top(); top == nil || !h.hasText("github.com/mattn/go-sqlite3") {
		t.Error("the third-party licences are not shown")
	} else {
		h.w.Canvas().Overlays().Remove(top)
	}

	for _, open := range []func(){
		func() { h.w.Canvas().(fyne.Shortcutable).TypedShortcut(ctrl(fyne.KeySlash)) },
		func() { h.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF1}) },
	} {
		open()
		top := h.w.Canvas().Overlays().Top()
		if top == nil {
			t.Fatal("no shortcut sheet")
		}
		for _, sc := range shortcuts {
			if !h.hasText(sc.keys()) || !h.hasText(i18n.T(sc.action)) {
				t.Errorf("sheet lacks %q %q", sc.keys(), i18n.T(sc.action))
			}
		}
		h.w.Canvas().Overlays().Remove(top)
	}
}

func typeName(v any) string { return fmt.Sprintf("%T", v) }

// Playback: a recording's Play button opens the player with its waveform;
// Ctrl+P plays and pauses, a marker jumps, tapping the waveform seeks;
// locking closes the player.
func TestPlayback(t *testing.T) {
	v, st := vaultWith("MARKER-meeting")
	st.recs = append(st.recs, &fakeRecording{entryID: 1, info: app.RecordingInfo{ID: 1, State: record.StateComplete,
		Duration: 90 * time.Second, Markers: 2, Marks: []app.Mark{{At: 12 * time.Second}, {At: 61 * time.Second, Label: "he shouted"}}}})
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()
	m.list.Select(0)
	h.settle()
	h.shortcut(ctrl(fyne.KeyP)) // opens the entry's newest recording
	p := h.a.player
	if p == nil || p.pb == nil {
		t.Fatalf("no player open; texts %q", h.texts())
	}
	fp := st.players[0]
	if fp.Playing() {
		t.Error("playing as soon as opened")
	}
	if h.hasText(i18n.T("ui.play.wave_loading")) {
		t.Error("still drawing the waveform after it was computed")
	}
	if len(p.peaks) != waveBuckets || len(p.wave.peaks) != waveBuckets {
		t.Errorf("waveform has %d peaks, want %d", len(p.wave.peaks), waveBuckets)
	}
	if !h.hasText(i18n.T("ui.play.position", "00:00", "01:30")) {
		t.Errorf("no position 00:00 / 01:30; texts %q", h.texts())
	}
	h.shortcut(ctrl(fyne.KeyP))
	if !fp.Playing() || p.playBtn.Text != i18n.T("ui.play.pause", shortcutName("P")) {
		t.Errorf("Ctrl+P did not play (playing %v, button %q)", fp.Playing(), p.playBtn.Text)
	}
	fp.advance(30 * time.Second)
	p.tick()
	if p.pos.Text != i18n.T("ui.play.position", "00:30", "01:30") || math.Abs(p.slider.Value-30) > 1e-6 {
		t.Errorf("position %q, slider %v after 30 s", p.pos.Text, p.slider.Value)
	}
	b := h.marker("01:01", "he shouted")
	if b == nil {
		t.Fatalf("no marker button; texts %q", h.texts())
	}
	test.Tap(b)
	h.settle()
	if fp.Position() != 61*time.Second {
		t.Errorf("marker jumped to %v", fp.Position())
	}
	if h.marker("00:12", i18n.T("ui.play.marker_n", 1)) == nil {
		t.Error("unlabelled marker not listed by number")
	}
	p.wave.Resize(fyne.NewSize(300, 56))
	test.TapAt(p.wave, fyne.NewPos(150, 20))
	h.settle()
	if got := fp.Position(); got != 45*time.Second {
		t.Errorf("tapping the middle of the waveform seeked to %v", got)
	}
	test.Tap(h.button(i18n.T("ui.play.back", 5)))
	h.settle()
	if got := fp.Position(); got != 40*time.Second {
		t.Errorf("back 5 s: %v", got)
	}
	h.shortcut(&desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierAlt})
	if got := fp.Position(); got != 45*time.Second {
		t.Errorf("Alt+Right: %v", got)
	}
	h.shortcut(ctrl(fyne.KeyP))
	if fp.Playing() {
		t.Error("second Ctrl+P did not pause")
	}
	h.a.Lock()
	h.settle()
	time.Sleep(50 * time.Millisecond) // Close runs on a goroutine
	if h.a.player != nil || !fp.isClosed() {
		t.Error("lock left the player open")
	}
}

// The waveform of a recording in the real vault: the loud second shows
// as a peak where it is, the silent ones as nothing.
func TestRealVaultWaveform(t *testing.T) {
	dir := t.TempDir()
	h := newRealHarness(t, dir)
	createRealVault(t, h)
	m := addEntry(t, h, "MARKER-audio")
	st := h.a.store.(realStore)
	const rate = 8000
	w, err := st.Vault.StartRecording(record.AudioFormat{Codec: "pcm_s16le", SampleRate: rate, Channels: 1, Bits: 16}, "test", m.entries[0].ID, "")
	if err != nil {
		t.Fatal(err)
	}
	for sec := range 4 {
		pcm := make([]byte, 2*rate)
		if sec == 2 {
			for i := 0; i < rate; i++ {
				binary.LittleEndian.PutUint16(pcm[2*i:], uint16(int16(16000*(1-2*(i%2)))))
			}
		}
		if err := w.Write(pcm); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Marker(2*time.Second, "loud"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Finish(); err != nil {
		t.Fatal(err)
	}
	h.a.showMain(m.entries[0].ID)
	h.settle()
	h.tap("ui.play.open")
	p := h.a.player
	if p == nil || p.peaks == nil {
		t.Fatalf("no waveform; texts %q", h.texts())
	}
	q := len(p.peaks) / 4
	for i, v := range p.peaks {
		loud := i >= 2*q && i < 3*q
		if loud && (v < 0.45 || v > 0.55) || !loud && v != 0 {
			t.Fatalf("peak %d of %d = %v (loud part %v)", i, len(p.peaks), v, loud)
		}
	}
	if h.marker("00:02", "loud") == nil {
		t.Errorf("marker from the vault not listed; texts %q", h.texts())
	}
}

// Settings: language, theme, auto-lock and export language take effect
// at once and are remembered in the preferences.
func TestSettings(t *testing.T) {
	v, _ := vaultWith("x")
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	h.a.openNav(navPos(t, "settings"))
	if _, ok := h.a.cur.(*settingsScreen); !ok {
		t.Fatalf("screen %T", h.a.cur)
	}
	radio := func(option string) {
		t.Helper()
		var found *widget.RadioGroup
		walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
			if r, ok := o.(*widget.RadioGroup); ok && found == nil {
				for _, opt := range r.Options {
					if opt == option {
						found = r
					}
				}
			}
		})
		if found == nil {
			t.Fatalf("no option %q; texts %q", option, h.texts())
		}
		found.SetSelected(option)
		h.settle()
	}
	radio(i18n.T("ui.settings.theme_dark"))
	th, ok := h.a.fa.Settings().Theme().(*Theme)
	if !ok || th.Variant == nil || *th.Variant != theme.VariantDark {
		t.Errorf("theme after choosing dark: %#v", h.a.fa.Settings().Theme())
	}
	if got := h.a.fa.Preferences().String(prefTheme); got != ThemeDark {
		t.Errorf("theme preference %q", got)
	}
	radio(i18n.T("ui.settings.export_both"))
	if got := ExportLanguage(h.a.fa.Preferences()); got != "both" {
		t.Errorf("export language %q", got)
	}
	h.selectOption(i18n.T("ui.settings.minutes", 5), i18n.T("ui.settings.minutes", 1))
	if h.a.autoLock != time.Minute || h.a.fa.Preferences().Int(prefAutoLock) != 1 {
		t.Errorf("auto-lock %v, preference %d", h.a.autoLock, h.a.fa.Preferences().Int(prefAutoLock))
	}
	h.clock.Advance(time.Minute)
	h.a.checkIdle()
	if h.a.store != nil {
		t.Fatal("not locked after the new idle minute")
	}
	h.unlock()
	h.a.openNav(navPos(t, "settings"))
	radio(i18n.AppLanguageLabel("ja"))
	if i18n.Language() != "ja" || !h.hasText(i18n.T("ui.settings.title")) || h.a.fa.Preferences().String(prefLanguage) != "ja" {
		t.Errorf("language %s after choosing Japanese", i18n.Language())
	}

	// A new window on the same preferences starts with them.
	h2 := newHarnessPrefs(t, v, h.a.fa)
	if h2.a.autoLock != time.Minute {
		t.Errorf("auto-lock from preferences: %v", h2.a.autoLock)
	}
}

// newHarnessPrefs opens a second window of app fa, as a restart would.
func newHarnessPrefs(t *testing.T, v app.Vaults, fa fyne.App) *harness {
	w := test.NewTempWindow(t, nil)
	h := &harness{t: t, w: w, vaults: v, clock: &fakeClock{t: time.Date(2026, 4, 1, 15, 0, 0, 0, jst)}}
	h.a = newApp(fa, w, v, Options{VaultPath: testPath, Now: h.clock.Now, Location: jst})
	h.a.do = h.queue.push
	t.Cleanup(func() { h.settle(); h.a.shutdown() })
	return h
}

// Changing the passphrase: checks first, then the slow part behind a
// progress bar; the old one stops working.
func TestChangePassphrase(t *testing.T) {
	v, st := vaultWith("x")
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	h.a.openNav(navPos(t, "settings"))
	h.tap("ui.settings.change_pass")
	s, ok := h.a.cur.(*passwdScreen)
	if !ok {
		t.Fatalf("screen %T", h.a.cur)
	}
	const newPass = "quiet river copper meadow 42"
	test.Type(s.old, "wrong passphrase here")
	test.Type(s.pass.first, newPass)
	test.Type(s.pass.second, newPass)
	h.tap("ui.passwd.button")
	if !s.errLabel.Visible() || s.errLabel.Text != i18n.T("ui.err.wrong_passphrase") {
		t.Errorf("wrong old passphrase: %q", s.errLabel.Text)
	}
	s.old.SetText(testPass)
	h.tap("ui.passwd.button")
	// The vault was re-keyed: its new recovery key is shown once, and
	// Continue waits for the user to say it is kept.
	st.mu.Lock()
	got, key := st.pass, st.key
	st.mu.Unlock()
	passRekeyedKeyScreen(t, h, key, "keys.key.intro_rekeyed")
	if _, ok := h.a.cur.(*settingsScreen); !ok || !h.hasText(i18n.T("ui.passwd.done")) {
		t.Fatalf("after changing: %T; texts %q", h.a.cur, h.texts())
	}
	if got != newPass {
		t.Errorf("store passphrase %q", got)
	}
}

// passRekeyedKeyScreen checks the recovery key screen shown after a re-key
// and goes past it.
func passRekeyedKeyScreen(t *testing.T, h *harness, key, intro string) {
	t.Helper()
	k, ok := h.a.cur.(*recoveryKeyScreen)
	if !ok {
		t.Fatalf("after the re-key: %T, want the recovery key; texts %q", h.a.cur, h.texts())
	}
	if k.key != key || !h.hasText(groupKey(key, 4)) || !h.hasText(i18n.T(intro)) {
		t.Fatalf("recovery key screen shows %q, want %q; texts %q", k.key, key, h.texts())
	}
	if !h.hasText(i18n.T("keys.key.save_warning")) {
		t.Error("no warning about saving the key as a file")
	}
	if !h.button(i18n.T("ui.key.continue")).Disabled() {
		t.Error("continue enabled before the key was confirmed")
	}
	for _, o := range h.checks() {
		test.Tap(o)
	}
	h.tap("ui.key.continue")
}

// A new recovery key: the passphrase first, then the new key shown once.
func TestNewRecoveryKeyScreen(t *testing.T) {
	v, st := vaultWith("x")
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	h.a.openNav(navPos(t, "settings"))
	h.tap("keys.settings.new_recovery")
	s, ok := h.a.cur.(*newRecoveryScreen)
	if !ok {
		t.Fatalf("screen %T", h.a.cur)
	}
	h.tap("keys.newrec.button")
	if s.errLabel.Text != i18n.T("ui.passwd.err.old") {
		t.Errorf("no passphrase: %q", s.errLabel.Text)
	}
	test.Type(s.pass, "wrong passphrase here")
	h.tap("keys.newrec.button")
	if s.errLabel.Text != i18n.T("ui.err.wrong_passphrase") {
		t.Errorf("wrong passphrase: %q", s.errLabel.Text)
	}
	s.pass.SetText(testPass)
	h.tap("keys.newrec.button")
	st.mu.Lock()
	key, pass := st.key, st.pass
	st.mu.Unlock()
	passRekeyedKeyScreen(t, h, key, "keys.key.intro_new")
	if _, ok := h.a.cur.(*settingsScreen); !ok || !h.hasText(i18n.T("keys.newrec.done")) {
		t.Fatalf("after the new key: %T; texts %q", h.a.cur, h.texts())
	}
	if pass != testPass {
		t.Errorf("the passphrase changed to %q", pass)
	}
}

func TestChangePassphraseRealVault(t *testing.T) {
	dir := t.TempDir()
	h := newRealHarness(t, dir)
	oldKey := createRealVault(t, h)
	h.a.showChangePassphrase()
	s := h.a.cur.(*passwdScreen)
	const newPass = "quiet river copper meadow 42"
	test.Type(s.old, realPass)
	test.Type(s.pass.first, newPass)
	test.Type(s.pass.second, newPass)
	s.pass.second.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	k, ok := h.a.cur.(*recoveryKeyScreen)
	if !ok {
		t.Fatalf("after changing: %T; texts %q", h.a.cur, h.texts())
	}
	newKey := k.key
	if _, err := seal.ParseRecoveryKey(newKey); err != nil || newKey == oldKey {
		t.Fatalf("new recovery key %q (old %q): %v", newKey, oldKey, err)
	}
	passRekeyedKeyScreen(t, h, newKey, "keys.key.intro_rekeyed")
	if _, ok := h.a.cur.(*settingsScreen); !ok {
		t.Fatalf("after the key: %T; texts %q", h.a.cur, h.texts())
	}
	h.a.Lock()
	h.unlockWith(newPass)
	path := filepath.Join(dir, "diary"+vault.Extension)
	if h.a.store.Path() != path {
		t.Errorf("opened %s", h.a.store.Path())
	}
}

// Cancelling an import stops it and keeps nothing.
func TestImportCancel(t *testing.T) {
	v, st := vaultWith("x")
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()
	m.list.Select(0)
	h.settle()
	gate := make(chan struct{})
	defer close(gate)
	st.mu.Lock()
	st.importGate = gate
	st.mu.Unlock()
	h.a.ImportFile(writeFile(t, "big.bin", make([]byte, 1000)), 1)
	h.tap("ui.att.cancel")
	if len(h.a.imports) != 0 || !h.hasText(i18n.T("ui.att.cancelled", "big.bin")) || len(st.attachments()) != 0 {
		t.Errorf("after cancel: %d imports, %d stored; texts %q", len(h.a.imports), len(st.attachments()), h.texts())
	}
}

// Ctrl+Shift+R stops and saves the recording, as the Stop button does.
func TestStopShortcut(t *testing.T) {
	v, st := vaultWith("x")
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	h.shortcut(ctrl(fyne.KeyR))
	if h.a.rec == nil {
		t.Fatal("not recording")
	}
	h.shortcut(&desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift})
	if h.a.Recording() || st.recordings()[0].info.State == "recording" {
		t.Errorf("Ctrl+Shift+R did not stop the recording: %+v", st.recordings()[0].info)
	}
}

// Search over the real vault's decrypted entries, in Japanese, and the
// badge of an attachment imported into it.
func TestRealVaultSearchJapanese(t *testing.T) {
	dir := t.TempDir()
	h := newRealHarness(t, dir)
	createRealVault(t, h)
	addEntry(t, h, "MARKER-first: nothing much")
	m := addEntry(t, h, "MARKER-second: 会議で「お前なんか辞めてしまえ」と怒鳴られた")
	id := m.entries[0].ID
	h.a.ImportFile(writeFile(t, "memo.txt", []byte("hello")), id)
	h.settle()
	h.a.showMain(0)
	h.settle()
	m = h.a.cur.(*mainScreen)
	test.Type(m.search, "怒鳴")
	if got := shown(m); len(got) != 1 || !strings.Contains(got[0], "辞めてしまえ") {
		t.Fatalf("search 怒鳴 over the real vault: %q", got)
	}
	row := firstRow(t, m)
	if !row.atts.Visible() || row.attN.Text != "1" {
		t.Errorf("attachment badge: visible %v, %q", row.atts.Visible(), row.attN.Text)
	}
	m.search.SetText("nothing much")
	if got := shown(m); len(got) != 1 || !strings.Contains(got[0], "first") {
		t.Errorf("search 'nothing much': %q", got)
	}
}

// navPos is the side-menu position of screen id (menu order changes as
// screens are added; tests name screens, not positions).
func navPos(t *testing.T, id string) int {
	t.Helper()
	for i, it := range navItems {
		if it.id == id {
			return i
		}
	}
	t.Fatalf("no menu item %q", id)
	return -1
}

// The vault locks while a re-key runs (the laptop's lid closed, Ctrl+L):
// the lock waits for the re-key, and the new recovery key, the only one
// that opens the vault now besides the passphrase, is shown right after
// the next unlock instead of being lost unseen.
func TestNewRecoveryKeyShownAfterLockDuringRekey(t *testing.T) {
	for _, what := range []string{"new recovery key", "change passphrase"} {
		t.Run(what, func(t *testing.T) {
			v, st := vaultWith("x")
			st.rekeyGate = make(chan struct{})
			h := newHarness(t, v, Options{VaultPath: testPath})
			h.unlock()
			h.a.openNav(navPos(t, "settings"))
			intro, pass := "keys.key.intro_new", testPass
			if what == "new recovery key" {
				h.tap("keys.settings.new_recovery")
				s := h.a.cur.(*newRecoveryScreen)
				s.pass.SetText(testPass)
				test.Tap(h.button(i18n.T("keys.newrec.button")))
			} else {
				intro, pass = "keys.key.intro_rekeyed", "quiet river copper meadow 42"
				h.tap("ui.settings.change_pass")
				s := h.a.cur.(*passwdScreen)
				s.old.SetText(testPass)
				test.Type(s.pass.first, pass)
				test.Type(s.pass.second, pass)
				test.Tap(h.button(i18n.T("ui.passwd.button")))
			}
			go func() {
				time.Sleep(50 * time.Millisecond)
				close(st.rekeyGate)
			}()
			h.a.Lock() // waits for the re-key
			h.settle()
			if _, ok := h.a.cur.(*unlockScreen); !ok {
				t.Fatalf("after the lock: %T", h.a.cur)
			}
			if h.hasText(st.key) || h.hasText(groupKey(st.key, 4)) {
				t.Fatal("the new key is on the locked screen")
			}
			unlock := func() {
				u, ok := h.a.cur.(*unlockScreen)
				if !ok {
					t.Fatalf("screen %T, want unlock", h.a.cur)
				}
				test.Type(u.pass, pass)
				u.pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
				h.settle()
			}
			unlock()
			st.mu.Lock()
			key := st.key
			st.mu.Unlock()
			passRekeyedKeyScreen(t, h, key, intro)
			h.a.Lock()
			h.settle()
			unlock()
			if _, ok := h.a.cur.(*recoveryKeyScreen); ok {
				t.Fatal("the key was shown again at the next unlock")
			}
		})
	}
}
