package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// passwdScreen changes the passphrase of the open vault. The key
// derivation takes about a second (more on a slow machine) and runs on a
// goroutine behind a progress bar.
type passwdScreen struct {
	a    *App
	old  *textEntry
	pass *newPassphrase
	err  *message
	busy bool
	keyForm
}

func (a *App) showChangePassphrase() {
	s := &passwdScreen{a: a, old: a.newPasswordEntry()}
	s.pass = a.newNewPassphrase(func() []string { return []string{"kiroku", "記録", s.old.Text} }, s.change)
	s.pass.edited = func() {
		if s.err != nil && !s.busy {
			s.err = nil
			s.sync()
		}
	}
	s.old.OnSubmitted = func(string) { a.win.Canvas().Focus(s.pass.first) }
	a.show(s)
}

func (s *passwdScreen) navID() string         { return "settings" }
func (s *passwdScreen) focus() fyne.Focusable { return s.old }

func (s *passwdScreen) build() fyne.CanvasObject {
	a := s.a
	s.makeWidgets(a, i18n.T("ui.passwd.button"), s.change)
	s.sync()
	back := a.button(i18n.T("ui.back"), theme.NavigateBackIcon(), func() { a.show(&settingsScreen{a: a}) })
	return column(container.NewPadded(container.NewHBox(back)),
		heading(i18n.T("ui.passwd.title")),
		paragraph(i18n.T("ui.passwd.intro")),
		widget.NewLabel(i18n.T("ui.passwd.old")),
		s.old,
		s.pass.build(),
		s.btn,
		s.progress,
		s.errLabel,
	)
}

func (s *passwdScreen) sync() {
	s.keyForm.sync(s.err, s.busy, s.old)
	s.pass.setDisabled(s.busy)
}

func (s *passwdScreen) change() {
	if s.busy {
		return
	}
	m := s.pass.check()
	if s.old.Text == "" {
		m = msgKey("ui.passwd.err.old")
	} else if m == nil && s.old.Text == s.pass.first.Text {
		m = msgKey("ui.passwd.err.same")
	}
	if m != nil {
		s.err = m
		s.sync()
		return
	}
	a, st := s.a, s.a.store
	old, nw := []byte(s.old.Text), s.pass.bytes()
	s.busy, s.err = true, nil
	s.sync()
	stop := a.keepAwake()
	// The vault is re-keyed: the old recovery key no longer opens it, so
	// the new one is shown once it is done (or after the next unlock).
	a.rekeyBackground(st, "keys.key.intro_rekeyed", "ui.passwd.done", func(st app.Store) (string, error) {
		defer wipe(old)
		defer wipe(nw)
		return st.ChangePassphrase(old, nw)
	}, func(err error) {
		s.busy = false
		if err != nil {
			s.err = msgErr(err)
			if a.cur == s {
				s.sync()
			}
			return
		}
		s.old.SetText("")
		s.pass.clear()
	}, stop)
}

// keyForm is the action part the key screens share (new passphrase,
// new recovery key, recovery): the button, the spinner shown while the
// key derivation runs, and the error line.
type keyForm struct {
	// rebuilt by build
	btn      *widget.Button
	progress *widget.ProgressBarInfinite
	errLabel *widget.Label
}

// makeWidgets builds the widgets for a screen's build.
func (f *keyForm) makeWidgets(a *App, label string, action func()) {
	f.btn = a.button(label, theme.ConfirmIcon(), action)
	f.btn.Importance = widget.HighImportance
	f.progress = widget.NewProgressBarInfinite()
	f.errLabel = errorLabel("")
}

// sync shows err and, while busy, the spinner, with the button and the
// screen's own entries disabled.
func (f *keyForm) sync(err *message, busy bool, entries ...fyne.Disableable) {
	setError(f.errLabel, err.String())
	if busy {
		f.progress.Show()
		f.progress.Start()
	} else {
		f.progress.Stop()
		f.progress.Hide()
	}
	for _, d := range append(entries, f.btn) {
		if busy {
			d.Disable()
		} else {
			d.Enable()
		}
	}
}
