package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// newRecoveryScreen replaces the recovery key: the vault is re-keyed under
// the same passphrase (proof of the right to it), so a recovery key that
// was lost or seen by someone stops opening this file. The re-key reads and
// writes the whole vault and runs on a goroutine behind a progress bar.
type newRecoveryScreen struct {
	a    *App
	pass *textEntry
	err  *message
	busy bool
	keyForm
}

func (a *App) showNewRecoveryKey() {
	s := &newRecoveryScreen{a: a, pass: a.newPasswordEntry()}
	s.pass.OnSubmitted = func(string) { s.start() }
	a.show(s)
}

func (s *newRecoveryScreen) navID() string         { return "settings" }
func (s *newRecoveryScreen) focus() fyne.Focusable { return s.pass }

func (s *newRecoveryScreen) build() fyne.CanvasObject {
	a := s.a
	s.makeWidgets(a, i18n.T("keys.newrec.button"), s.start)
	s.sync()
	back := a.button(i18n.T("ui.back"), theme.NavigateBackIcon(), func() { a.show(&settingsScreen{a: a}) })
	return column(container.NewPadded(container.NewHBox(back)),
		heading(i18n.T("keys.newrec.title")),
		paragraph(i18n.T("keys.newrec.intro")),
		widget.NewLabel(i18n.T("ui.passwd.old")),
		s.pass,
		s.btn,
		s.progress,
		s.errLabel,
	)
}

func (s *newRecoveryScreen) sync() {
	s.keyForm.sync(s.err, s.busy, s.pass)
}

func (s *newRecoveryScreen) start() {
	if s.busy {
		return
	}
	if s.pass.Text == "" {
		s.err = msgKey("ui.passwd.err.old")
		s.sync()
		return
	}
	a, st := s.a, s.a.store
	pass := []byte(s.pass.Text)
	s.busy, s.err = true, nil
	s.sync()
	stop := a.keepAwake()
	a.rekeyBackground(st, "keys.key.intro_new", "keys.newrec.done", func(st app.Store) (string, error) {
		defer wipe(pass)
		return st.NewRecoveryKey(pass)
	}, func(err error) {
		s.busy = false
		if err != nil {
			s.err = msgErr(err)
			if a.cur == s {
				s.sync()
			}
			return
		}
		s.pass.SetText("")
	}, stop)
}

// pendingRecoveryKey is a new recovery key not shown yet (App.pendingKey).
type pendingRecoveryKey struct {
	path, key, intro, note string
}

// rekeyBackground runs a re-key (work returns the new recovery key) on a
// goroutine. finished runs on the Fyne thread in the session that started
// it; the new key is then shown, once. When the vault locked meanwhile
// (the lock waits for the re-key to end), the key is kept in memory and
// shown right after the next unlock of the same vault: the old recovery
// key no longer opens it, so the new one must not be lost unseen.
func (a *App) rekeyBackground(st app.Store, intro, note string, work func(app.Store) (string, error), finished func(error), stop func()) {
	sess, path := a.session, a.path
	a.pending.Add(1)
	a.rekeying.Add(1) // the window waits for it (requestClose)
	go func() {
		defer a.pending.Done()
		var key string
		var err error
		a.withStore(st, func(st app.Store) { key, err = work(st) })
		stop()
		a.onUI(func() {
			a.rekeying.Add(-1) // its key is shown below (or kept for the next unlock)
			if a.session != sess {
				if err == nil && key != "" {
					a.pendingKey = &pendingRecoveryKey{path: path, key: key, intro: intro, note: note}
				}
				return
			}
			finished(err)
			if err == nil {
				a.show(&recoveryKeyScreen{a: a, key: key, intro: intro,
					done: func() { a.show(&settingsScreen{a: a, note: msgKey(note)}) }})
			}
		})
	}()
}

// showPendingKey shows, after an unlock, the recovery key of a re-key that
// ended as the vault locked.
func (a *App) showPendingKey() {
	p := a.pendingKey
	if p == nil || a.store == nil || p.path != a.path {
		return
	}
	a.pendingKey = nil
	a.show(&recoveryKeyScreen{a: a, key: p.key, intro: p.intro,
		done: func() { a.show(&settingsScreen{a: a, note: msgKey(p.note)}) }})
}

// keepAwake counts a re-key in progress as activity, so that the idle
// auto-lock does not lock the vault before the new recovery key is shown
// (the old one no longer opens the vault by then). The returned function
// stops it.
func (a *App) keepAwake() (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				a.onUI(a.touch)
			}
		}
	}()
	return func() { close(done) }
}
