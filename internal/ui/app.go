// Package ui is Kiroku's desktop window, built with Fyne: the unlock,
// create, recover, timeline and entry screens. It reaches the vault only
// through the Vaults and Store interfaces of service.go, so it can be tested
// headlessly against fakes (fyne.io/fyne/v2/test) and never imports
// database/sql or the crypto packages.
//
// The main package wires it in three lines:
//
//	fa := app.NewWithID("app.kiroku")
//	w := fa.NewWindow("Kiroku")
//	ui.Run(fa, w, vaults, ui.Options{Language: i18n.FromLocale(osLocale)})
//
// Run calls New, which sets the theme (IPAex Gothic for all text; light,
// dark or the system's, as chosen in Settings), the icon, the window
// title and the first screen, installs the keyboard shortcuts (listed in
// help.go's shortcut sheet, F1 or Ctrl+/: Ctrl+L lock, Ctrl+S save,
// Ctrl+N new entry, Ctrl+R record, Ctrl+M marker, Ctrl+Shift+R stop,
// Ctrl+F search, Ctrl+P play or pause, Alt+Left/Right seek, Ctrl+1..9 the
// screens of the side menu; Cmd instead of Ctrl on macOS), starts the
// idle auto-lock timer and closes the vault when the window closes; then
// Run shows the window and runs the event loop.
//
// Unlocked screens sit beside a side menu built from a registry (nav.go):
// a new screen registers a navItem from its file's init function, and a
// new group of settings registers a settingsSection (settings.go).
//
// Rules the screens follow:
//   - Vaults and Store calls run on goroutines (the KDF takes about a second,
//     writes are fsynced) and only touch widgets through fyne.Do. Results of
//     a session that was locked meanwhile are dropped.
//   - Every visible string comes from i18n.T; errors become sentences in one
//     place (messageFor in errors.go). Switching language rebuilds the
//     current screen and keeps what the user typed.
//   - The window title is always the app name, never entry content.
//   - Locking closes the Store and replaces the whole window content, so no
//     widget showing entry text survives. Unsaved changes in the entry
//     form are first kept as a sealed draft in the vault, and the next
//     unlock opens the form with them (drafts.go).
//   - A recording attaches to the selected entry (or the one being
//     edited), else to a new "Audio note" entry. Its bar stays above every
//     screen until Stop; Lock stops and saves it first, and idle time does
//     not lock while recording.
//   - Files attach to the selected entry: "Attach file..." or dropping
//     files on the window. They import on a goroutine with a progress
//     bar; small images are previewed from memory, never written to disk.
//   - Preferences hold only app-level choices (language, theme, auto-lock
//     minutes, default export language), the last vault path and, per
//     vault id, the last ledger head seen (a MACed token, seen.go).
//     Nothing logs entry contents or passphrases; passphrase byte slices
//     are wiped after use (the strings inside Fyne's Entry widgets cannot
//     be, so entries are cleared once used).
package ui

import (
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/kiroku-app/kiroku/assets"
	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// DefaultAutoLock is how long the app may sit idle before it locks.
const DefaultAutoLock = 5 * time.Minute

// Preference keys: the only things the UI stores outside the vault.
const (
	prefLanguage  = "language"
	prefVaultPath = "vault.last"
)

// Options configure New.
type Options struct {
	// VaultPath is the vault to offer for unlocking. Empty means the last
	// vault opened (from preferences) if it still exists, else
	// Vaults.DefaultPath().
	VaultPath string
	// Language is the language detected from the OS ("en" or "ja"). A
	// language the user picked in the app (kept in preferences) wins.
	Language string
	// AutoLock is the idle time before the vault locks itself: zero means
	// DefaultAutoLock, a negative value disables it.
	AutoLock time.Duration
	// Location is the time zone new entries are written in; nil means
	// time.Local.
	Location *time.Location
	// Now is the clock (tests inject one); nil means time.Now.
	Now func() time.Time
	// WatchSystem, when set, is started by New with a function to call
	// when the OS says the computer is about to sleep or the screen is
	// being locked (internal/sleepwatch); the function it returns stops
	// it at shutdown. nil means no such notices (idle time, measured on
	// the wall clock, still locks after a resume).
	WatchSystem func(notify func(SystemEvent)) (stop func())
}

// SystemEvent is a notice from the OS that the vault should lock.
type SystemEvent int

const (
	// SystemSleep: the computer is about to suspend or hibernate. The
	// vault locks even while recording (the recording is stopped and
	// saved first): the microphone stops with the machine anyway.
	SystemSleep SystemEvent = iota + 1
	// SystemScreenLock: the user's session is being locked. Like idle
	// time, it does not stop a recording or an import in progress: a
	// worker may lock the screen and leave a meeting recording.
	SystemScreenLock
)

// App is the running window. Its methods must be called on the Fyne
// thread (from callbacks, or through fyne.Do).
type App struct {
	fa     fyne.App
	win    fyne.Window
	vaults app.Vaults
	now    func() time.Time
	loc    *time.Location

	autoLock   time.Duration
	idleLocked bool // the last lock was the auto-lock: the unlock screen says so
	// sleepLocked: the last lock came from the OS (sleep or screen lock).
	sleepLocked bool
	lastActive  time.Time
	stopWatch   func() // stops opts.WatchSystem, nil if none

	path    string    // vault file the unlock screen offers
	store   app.Store // nil while locked
	session uint64    // bumped on lock: late results of a locked session are dropped
	cur     screen
	// lastLang is the language of the entry written last (its tag, "" if
	// it said none): the form offers it first. Set when the timeline loads.
	lastLang string

	rec       *recording  // the recording in progress, nil if none
	starting  *recStart   // a recording being started
	recNote   *message    // how the last recording ended, until dismissed
	offer     *labelOffer // beside recNote: label the markers placed without one
	recSlot   *fyne.Container
	liveTicks bool // a ticker refreshes the recording bar (not in tests)

	filter timelineFilter // what the timeline shows; reset on lock
	player *player        // the recording open for playback, nil if none

	imports    []*importJob // files being imported, oldest first
	importNote *message     // why the last import failed, until the next one

	backups *backupState // the running backup and the reminder (backup.go)

	compact bool // the window is narrower than compactWidth (responsive.go)

	dialogs []openDialog // shown with showDialog: Esc closes the top one

	draftLost *message // why the last lock could not keep the form's draft, until the next unlock

	seenWarn    *seenWarning // the vault went back since this computer last saw it (seen.go)
	seenChecked bool         // this session's check found nothing: locking moves the token on
	metaWarn    []string     // settings, tokens or backup log changed outside Kiroku (meta.go)
	metaErr     *message     // accepting them failed

	// pendingKey is a new recovery key whose re-key finished after the
	// vault locked (sleep, screen lock, Ctrl+L): the old key no longer
	// opens the vault, so it is shown right after the next unlock of that
	// vault. Memory only; it goes when shown or when the app quits.
	pendingKey *pendingRecoveryKey

	// do runs a function on the Fyne thread: fyne.Do, or in tests a queue
	// the test drains on its own goroutine, as the event loop would.
	do       func(func())
	storeMu  sync.Mutex     // serialises Store calls and Close
	pending  sync.WaitGroup // background calls in flight (tests wait on it)
	stopIdle chan struct{}
	stopOnce sync.Once
	quitting atomic.Bool // shutdown began: late results are dropped (onUI)
	// rekeying counts re-keys in flight: the window does not close while
	// one runs, or its new recovery key would never be shown.
	rekeying atomic.Int32
	closeWin func() // closes the window; nil: a.win.Close (tests replace it)
}

// screen is one full-window view. build returns its content in the
// current language; it runs again after a language switch, so a screen
// keeps what the user typed in its own fields (entries are reused) and
// recreates labels and buttons.
type screen interface {
	build() fyne.CanvasObject
}

// focuser is a screen with a widget that should have the keyboard focus.
type focuser interface {
	focus() fyne.Focusable
}

// afterRenderer is a screen with work to do once its content is in the
// window (selecting a list row).
type afterRenderer interface {
	afterRender()
}

// Run calls New and then shows the window and runs the app until it
// quits. The vault is closed however the app ends: window closed, or
// SIGINT/SIGTERM, on which Fyne quits without closing the window.
func Run(fa fyne.App, w fyne.Window, vaults app.Vaults, opts Options) {
	a := New(fa, w, vaults, opts)
	w.ShowAndRun()
	a.shutdown()
}

// New sets up w as Kiroku's main window and shows the first screen: unlock
// if a vault exists, else the welcome screen that creates one. It takes
// over w's content, title, icon and OnClosed callback, and sets the app's
// theme.
func New(fa fyne.App, w fyne.Window, vaults app.Vaults, opts Options) *App {
	icon := fyne.NewStaticResource("icon.png", assets.Icon)
	fa.SetIcon(icon)
	w.SetIcon(icon)
	fa.Settings().SetTheme(themeFor(fa.Preferences().String(prefTheme)))
	w.Resize(fyne.NewSize(1000, 700))
	a := newApp(fa, w, vaults, opts)
	// Build the language's UI font (about 0.1-0.2 s) while the driver
	// opens the window; the first draw waits for it.
	go uiFont(i18n.Language())
	w.SetOnClosed(a.shutdown)
	w.SetCloseIntercept(a.requestClose)
	a.liveTicks = true
	a.startIdleTimer()
	return a
}

// newApp is New without the parts a headless test does not want: theme,
// icon and the idle timer goroutine.
func newApp(fa fyne.App, w fyne.Window, vaults app.Vaults, opts Options) *App {
	a := &App{
		fa:       fa,
		win:      w,
		vaults:   vaults,
		now:      opts.Now,
		loc:      opts.Location,
		autoLock: opts.AutoLock,
		stopIdle: make(chan struct{}),
		do:       fyne.Do,
	}
	if a.now == nil {
		a.now = time.Now
	}
	prefs := fa.Preferences()
	if a.loc == nil {
		a.loc = prefLocation(prefs)
	}
	if a.loc == nil {
		a.loc = time.Local
	}
	if a.autoLock == 0 {
		a.autoLock = prefAutoLockDuration(prefs)
	}
	if a.autoLock == 0 {
		a.autoLock = DefaultAutoLock
	}
	switch lang := prefs.String(prefLanguage); {
	case i18n.Supported(lang):
		i18n.SetLanguage(lang)
	case i18n.Supported(opts.Language):
		i18n.SetLanguage(opts.Language)
	}
	fyneLanguage() // Fyne's own dialogs too (fynelang.go)
	a.path = opts.VaultPath
	if a.path == "" {
		if last := prefs.String(prefVaultPath); last != "" && vaults.Exists(last) {
			a.path = last
		} else {
			a.path = vaults.DefaultPath()
		}
	}
	a.installShortcuts()
	if opts.WatchSystem != nil {
		// The watcher calls from its own goroutine: through a.do, read
		// at each call (tests swap it for their queue).
		a.stopWatch = opts.WatchSystem(func(ev SystemEvent) { a.onUI(func() { a.systemEvent(ev) }) })
	}
	w.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { a.onUI(func() { a.filesDropped(uris) }) })
	a.touch()
	a.showStart(nil)
	return a
}

// show makes s the current screen.
func (a *App) show(s screen) {
	if s != a.cur {
		a.closePlayer()
	}
	a.cur = s
	a.render()
}

// render (re)builds the current screen in the current language.
func (a *App) render() {
	a.win.SetTitle(i18n.T("app.name"))
	if a.cur == nil {
		return
	}
	content := a.cur.build()
	if ns, ok := a.cur.(navScreen); ok && a.store != nil {
		content = container.NewBorder(nil, nil, a.navBar(ns.navID()), nil, content)
	}
	content = a.withBackupBanners(content) // read-only banner, backup reminder (backup.go)
	content = a.withSeenBanner(content)    // the vault went back (seen.go)
	content = a.withMetaBanner(content)    // rows changed outside Kiroku (meta.go)
	// The recording bar stays above every screen while recording.
	a.recSlot = container.NewVBox()
	a.fillRecSlot()
	content = container.NewBorder(a.recSlot, nil, nil, nil, content)
	a.win.SetContent(container.New(&widthWatch{a: a, compact: a.compact}, newActivityCatcher(a.touch), content))
	if f, ok := a.cur.(focuser); ok {
		// Focus once the event being handled is done: the Space that
		// pressed a button also types a space, which must not land in
		// the new screen's passphrase field.
		cur := a.cur
		a.onUI(func() {
			if a.cur == cur {
				if obj := f.focus(); obj != nil {
					a.win.Canvas().Focus(obj)
				}
			}
		})
	}
	if r, ok := a.cur.(afterRenderer); ok {
		r.afterRender()
	}
	trace.drawn(a)
}

// showStart shows the unlock screen for a.path, or the welcome screen when
// there is no vault there yet. note is shown on it (a failed Close).
func (a *App) showStart(note error) {
	a.show(&unlockScreen{a: a, pass: a.newPasswordEntry(), err: note})
}

// SetLanguage switches the language ("en" or "ja"), remembers the choice
// and rebuilds the current screen at once.
func (a *App) SetLanguage(lang string) {
	i18n.SetLanguage(lang)
	fyneLanguage()
	a.fa.Preferences().SetString(prefLanguage, i18n.Language())
	if th, ok := a.fa.Settings().Theme().(*Theme); ok {
		a.fa.Settings().SetTheme(th) // drops Fyne's faces: the new language's UI font
	}
	a.render()
}

// unlocked makes st the open vault and shows the timeline.
func (a *App) unlocked(st app.Store) {
	a.idleLocked, a.sleepLocked = false, false
	trace.unlockedNow()
	a.setStore(st)
	a.showMain(0)
	a.restoreDraft(st)            // the entry form as it was when the vault locked (drafts.go)
	a.restoreTranslationDraft(st) // the translation screen likewise (translate.go)
	a.restoreTranscriptDraft(st)  // and the transcript editor (transcript.go)
	a.showPendingKey()            // a recovery key made as the vault locked (newrecovery.go)
	a.checkSeen(st)               // warn if the vault went back since this computer saw it (seen.go)
	a.checkMeta(st)               // warn if settings, tokens or the backup log were changed outside Kiroku (meta.go)
}

// setStore makes st the open vault and remembers its path.
func (a *App) setStore(st app.Store) {
	a.store = st
	a.path = st.Path()
	a.fa.Preferences().SetString(prefVaultPath, a.path)
	a.touch()
}

// Lock closes the vault, drops every screen that shows its content and
// returns to the unlock screen. A recording in progress is first stopped
// and saved, and unsaved changes in the entry form are kept as a sealed
// draft in the vault (drafts.go), which the next unlock brings back. It
// does nothing while locked.
func (a *App) Lock() {
	if a.store == nil {
		return
	}
	form, draft, keep := a.formDraft() // read before the widgets go
	tdraft, tkeep := a.translationDraftNow()
	trdraft, trkeep := a.transcriptDraftNow()
	recErr := a.stopRecordingNow()
	a.recNote, a.offer = nil, nil
	for _, j := range a.imports {
		j.cancel() // do not wait for a big file: the vault keeps nothing of it
	}
	a.imports, a.importNote = nil, nil
	a.closePlayer()
	a.filter = timelineFilter{}
	a.session++
	st := a.store
	a.store = nil
	a.cur = nil
	a.win.SetContent(container.NewStack()) // drop content before the slow part
	overlays := a.win.Canvas().Overlays()
	for top := overlays.Top(); top != nil; top = overlays.Top() {
		overlays.Remove(top)
	}
	a.storeMu.Lock()
	if keep {
		// Locking goes on if this fails: nothing is kept in plaintext,
		// and the next unlock says what was lost.
		if derr := form.keepDraft(st, draft); derr != nil {
			a.draftLost = msgErr(derr)
		}
	}
	if tkeep {
		if derr := keepTranslationDraft(st, tdraft); derr != nil {
			a.draftLost = msgErr(derr)
		}
	}
	if trkeep {
		if derr := keepTranscriptDraft(st, trdraft); derr != nil {
			a.draftLost = msgErr(derr)
		}
	}
	a.rememberSeen(st) // the last head this computer saw (seen.go)
	a.seenWarn, a.seenChecked, a.metaWarn, a.metaErr = nil, false, nil, nil
	err := st.Close()
	a.storeMu.Unlock()
	if err == nil && recErr != nil {
		err = recErr // what was recorded is kept; say why it ended early
	}
	a.showStart(err)
}

// shutdown closes the vault and stops the idle timer; it runs when the
// window closes. Unsaved changes in the entry form are kept as a draft,
// as Lock keeps them.
func (a *App) shutdown() {
	a.quitting.Store(true)
	a.stopOnce.Do(func() {
		close(a.stopIdle)
		if a.stopWatch != nil {
			a.stopWatch()
		}
	})
	for _, j := range a.imports {
		j.cancel()
	}
	a.closePlayer()
	_ = a.stopRecordingNow() // the process is ending; what was recorded is kept
	if st := a.store; st != nil {
		form, draft, keep := a.formDraft() // as Lock does: the next unlock brings it back
		tdraft, tkeep := a.translationDraftNow()
		trdraft, trkeep := a.transcriptDraftNow()
		a.store = nil
		a.storeMu.Lock()
		if keep {
			_ = form.keepDraft(st, draft) // the process is ending; nothing to show it on
		}
		if tkeep {
			_ = keepTranslationDraft(st, tdraft) // likewise
		}
		if trkeep {
			_ = keepTranscriptDraft(st, trdraft) // likewise
		}
		a.rememberSeen(st)
		_ = st.Close() // the process is ending; nothing to show it on
		a.storeMu.Unlock()
	}
}

// touch records user activity for the idle auto-lock.
func (a *App) touch() { a.lastActive = a.now() }

// idleFor is how long the user has been idle at now. Go's time.Sub uses the
// monotonic clock when both times carry it, and that clock stops while
// Linux and macOS are suspended: a laptop opened hours later would count
// only the minutes it was awake. So the wall clock counts too (Round(0)
// strips the monotonic reading), and the longer of the two wins, so that
// setting the clock back cannot keep the vault open either.
func idleFor(now, last time.Time) time.Duration {
	return max(now.Sub(last), now.Round(0).Sub(last.Round(0)))
}

// checkIdle locks the vault when the user has been idle for the auto-lock
// time. The idle timer calls it; tests call it after moving their clock.
// Recording counts as activity.
func (a *App) checkIdle() {
	if a.Recording() || len(a.imports) > 0 {
		a.touch()
		return
	}
	if a.store != nil && a.autoLock > 0 && idleFor(a.now(), a.lastActive) >= a.autoLock {
		a.idleLocked = true
		a.Lock()
	}
}

// systemEvent locks the vault on the OS's word that the computer is going
// to sleep or the screen is being locked (Options.WatchSystem). A screen
// lock waits for a recording or an import, as idle time does.
func (a *App) systemEvent(ev SystemEvent) {
	if a.store == nil {
		return
	}
	if ev == SystemScreenLock && (a.Recording() || len(a.imports) > 0) {
		return
	}
	a.sleepLocked = true
	a.Lock()
}

func (a *App) startIdleTimer() {
	if a.autoLock <= 0 {
		return
	}
	period := min(max(a.autoLock/10, time.Second), 10*time.Second)
	go func() {
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				a.onUI(a.checkIdle)
			case <-a.stopIdle:
				return
			}
		}
	}()
}

// lockShortcuts are Ctrl+L and, on macOS, Cmd+L.
var lockShortcuts = []*desktop.CustomShortcut{
	{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault},
	{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierControl},
}

// saveShortcuts are Ctrl+S and, on macOS, Cmd+S.
var saveShortcuts = []*desktop.CustomShortcut{
	{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault},
	{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierControl},
}

// newShortcuts are Ctrl+N and, on macOS, Cmd+N: a new entry from the
// timeline.
var newShortcuts = []*desktop.CustomShortcut{
	{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault},
	{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierControl},
}

// recordShortcuts are Ctrl+R and, on macOS, Cmd+R: record from any
// unlocked screen.
var recordShortcuts = []*desktop.CustomShortcut{
	{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault},
	{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierControl},
}

// markShortcuts are Ctrl+M and, on macOS, Cmd+M: a marker in the
// recording.
var markShortcuts = []*desktop.CustomShortcut{
	{KeyName: fyne.KeyM, Modifier: fyne.KeyModifierShortcutDefault},
	{KeyName: fyne.KeyM, Modifier: fyne.KeyModifierControl},
}

// findShortcuts are Ctrl+F and, on macOS, Cmd+F: search the timeline
// (or the rights library).
var findShortcuts = []*desktop.CustomShortcut{
	{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault},
	{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierControl},
}

// helpShortcuts are Ctrl+/ (and Cmd+/): the keyboard shortcut sheet, as
// F1 is.
var helpShortcuts = []*desktop.CustomShortcut{
	{KeyName: fyne.KeySlash, Modifier: fyne.KeyModifierShortcutDefault},
	{KeyName: fyne.KeySlash, Modifier: fyne.KeyModifierControl},
}

// stopShortcuts are Ctrl+Shift+R (and Cmd+Shift+R): stop the recording.
var stopShortcuts = []*desktop.CustomShortcut{
	{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift},
	{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift},
}

// seekBack and seekForward are Alt+Left and Alt+Right: move the open
// recording by seekStep.
var (
	seekBack    = []*desktop.CustomShortcut{{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierAlt}}
	seekForward = []*desktop.CustomShortcut{{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierAlt}}
)

// editShortcuts are Ctrl+E (and Cmd+E): edit the selected entry;
// historyShortcuts are Ctrl+H (and Cmd+H): its revision history.
var (
	editShortcuts = []*desktop.CustomShortcut{
		{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault},
		{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierControl},
	}
	historyShortcuts = []*desktop.CustomShortcut{
		{KeyName: fyne.KeyH, Modifier: fyne.KeyModifierShortcutDefault},
		{KeyName: fyne.KeyH, Modifier: fyne.KeyModifierControl},
	}
)

// playShortcuts are Ctrl+P (and Cmd+P): play or pause the open recording.
var playShortcuts = []*desktop.CustomShortcut{
	{KeyName: fyne.KeyP, Modifier: fyne.KeyModifierShortcutDefault},
	{KeyName: fyne.KeyP, Modifier: fyne.KeyModifierControl},
}

// typedKey handles the keys without modifier the app reacts to anywhere:
// F1 for the shortcut sheet. textEntry passes them on too.
func (a *App) typedKey(k *fyne.KeyEvent) bool {
	switch k.Name {
	case fyne.KeyF1:
		a.ShowShortcuts()
		return true
	case fyne.KeyEscape:
		return a.escapeDialog()
	}
	return false
}

// searcher is a screen with a search field for Ctrl+F.
type searcher interface {
	searchField() fyne.Focusable
}

func (a *App) focusSearch() {
	if s, ok := a.cur.(searcher); ok && a.win.Canvas().Overlays().Top() == nil {
		if f := s.searchField(); f != nil {
			a.win.Canvas().Focus(f)
		}
	}
}

// saver is a screen with something to save (the entry form).
type saver interface {
	save()
}

func (a *App) installShortcuts() {
	c := a.win.Canvas()
	seen := map[string]bool{}
	var all []*desktop.CustomShortcut
	for _, list := range [][]*desktop.CustomShortcut{lockShortcuts, saveShortcuts, newShortcuts, recordShortcuts,
		markShortcuts, stopShortcuts, findShortcuts, helpShortcuts, playShortcuts, editShortcuts, historyShortcuts,
		seekBack, seekForward, navShortcuts(), transcriptShortcuts()} {
		all = append(all, list...)
	}
	for _, s := range all {
		if !seen[s.ShortcutName()] {
			seen[s.ShortcutName()] = true
			c.AddShortcut(s, func(s fyne.Shortcut) { a.typedShortcut(s) })
		}
	}
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		a.touch()
		a.typedKey(k)
	})
	c.SetOnTypedRune(func(rune) { a.touch() })
}

// typedShortcut runs the app's own shortcuts and reports whether s was
// one. The canvas calls it when no widget has the focus; textEntry calls
// it first, because a focused widget otherwise gets every shortcut.
func (a *App) typedShortcut(s fyne.Shortcut) bool {
	if t, ok := a.cur.(*transcriptScreen); ok && a.win.Canvas().Overlays().Top() == nil && t.typedShortcut(s) {
		return true // the transcript editor's keys (transcript.go)
	}
	switch {
	case matchShortcut(s, lockShortcuts):
		a.Lock()
	case matchShortcut(s, saveShortcuts):
		a.touch()
		if sv, ok := a.cur.(saver); ok {
			sv.save()
		}
	case matchShortcut(s, newShortcuts):
		a.touch()
		// Not under a dialog (the delete confirmation) or an open menu.
		if _, ok := a.cur.(*mainScreen); ok && a.store != nil && a.win.Canvas().Overlays().Top() == nil {
			a.showForm(nil)
		}
	case matchShortcut(s, recordShortcuts):
		a.touch()
		a.StartRecording(a.recordTarget())
	case matchShortcut(s, markShortcuts):
		a.AddMarker()
	case matchShortcut(s, stopShortcuts):
		a.StopRecording()
	case matchShortcut(s, findShortcuts):
		a.touch()
		a.focusSearch()
	case matchShortcut(s, helpShortcuts):
		a.touch()
		a.ShowShortcuts()
	case matchShortcut(s, playShortcuts):
		a.touch()
		a.TogglePlay()
	case matchShortcut(s, editShortcuts), matchShortcut(s, historyShortcuts):
		a.touch()
		// The selected entry of the timeline, not under a dialog.
		m, ok := a.cur.(*mainScreen)
		if !ok || a.store == nil || a.win.Canvas().Overlays().Top() != nil {
			break
		}
		if e, ok := m.selectedEntry(); ok {
			if matchShortcut(s, editShortcuts) {
				a.showForm(&e)
			} else {
				m.openHistory(e.ID)
			}
		}
	case matchShortcut(s, seekBack) && a.player != nil:
		a.player.skip(-seekStep)
	case matchShortcut(s, seekForward) && a.player != nil:
		a.player.skip(seekStep)
	case navIndex(s) >= 0:
		a.openNav(navIndex(s))
	default:
		return false
	}
	return true
}

func matchShortcut(s fyne.Shortcut, list []*desktop.CustomShortcut) bool {
	for _, l := range list {
		if s.ShortcutName() == l.ShortcutName() {
			return true
		}
	}
	return false
}

// background runs work on a goroutine and the function it returns on the
// Fyne thread, unless the vault was locked in between.
func (a *App) background(work func() (done func())) {
	sess := a.session
	a.pending.Add(1)
	go func() {
		defer a.pending.Done()
		done := work()
		a.onUI(func() {
			if a.session == sess && done != nil {
				done()
			}
		})
	}()
}

// requestClose closes the window unless a re-key is running: the old
// recovery key no longer opens the vault once it ends, so its new key
// must be shown before Kiroku quits. The user is told to wait.
func (a *App) requestClose() {
	if a.rekeying.Load() > 0 {
		a.showDialog(dialog.NewInformation(i18n.T("ui.close.wait_title"), i18n.T("ui.close.wait_rekey"), a.win))
		return
	}
	if a.closeWin != nil {
		a.closeWin()
		return
	}
	a.win.Close()
}

// onUI runs f on the Fyne thread (through a.do), unless the app has begun
// to shut down: a background job that ends as the window closes must not
// draw on a window whose GL context is gone (CI saw a re-key finish after
// the window closed: a panic in SetTitle).
func (a *App) onUI(f func()) {
	a.do(func() {
		if a.quitting.Load() {
			return
		}
		f()
	})
}

// withStore runs fn with the open vault, one call at a time, from a
// background goroutine.
func (a *App) withStore(st app.Store, fn func(app.Store)) {
	a.storeMu.Lock()
	defer a.storeMu.Unlock()
	fn(st)
}

func wipe(b []byte) { clear(b) }
