package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// recoverScreen unlocks the vault at App.path with its recovery key and
// sets a new passphrase.
type recoverScreen struct {
	a    *App
	key  *textEntry
	pass *newPassphrase
	err  *message
	note *message // why the screen is shown (after a restore with the key)
	busy bool
	keyForm
}

func (a *App) showRecover() {
	s := &recoverScreen{a: a, key: a.newEntry()}
	s.pass = a.newNewPassphrase(func() []string { return []string{"kiroku", "記録"} }, s.recover)
	s.pass.edited = func() {
		if s.err != nil && !s.busy {
			s.err = nil
			s.sync()
		}
	}
	s.key.OnSubmitted = func(string) { a.win.Canvas().Focus(s.pass.first) }
	a.show(s)
}

func (s *recoverScreen) build() fyne.CanvasObject {
	a := s.a
	s.key.SetPlaceHolder(i18n.T("ui.recover.key_placeholder"))
	s.makeWidgets(a, i18n.T("ui.recover.button"), s.recover)
	s.sync()
	return column(a.topBar(a.button(i18n.T("ui.back"), theme.NavigateBackIcon(), func() { a.showStart(nil) })),
		heading(i18n.T("ui.recover.title")),
		s.noteView(),
		paragraph(i18n.T("ui.recover.intro")),
		caption(i18n.T("ui.unlock.vault", a.path)),
		widget.NewLabel(i18n.T("ui.recover.key")),
		s.key,
		s.pass.build(),
		s.btn,
		s.progress,
		s.errLabel,
	)
}

// noteView is the note, if any, in a highlighted paragraph.
func (s *recoverScreen) noteView() fyne.CanvasObject {
	if s.note == nil {
		return container.NewVBox()
	}
	l := paragraph(s.note.String())
	l.Importance = widget.SuccessImportance
	return l
}

func (s *recoverScreen) focus() fyne.Focusable {
	if s.key.Text != "" {
		return s.pass.first
	}
	return s.key
}

func (s *recoverScreen) sync() {
	s.keyForm.sync(s.err, s.busy, s.key)
	s.pass.setDisabled(s.busy)
}

func (s *recoverScreen) recover() {
	if s.busy {
		return
	}
	key := strings.TrimSpace(s.key.Text)
	m := s.pass.check()
	if key == "" {
		m = msgKey("ui.recover.err.key")
	}
	s.err = m
	if m != nil {
		s.sync()
		return
	}
	a := s.a
	pass := s.pass.bytes()
	path := a.path
	s.busy = true
	s.sync()
	a.background(func() func() {
		st, err := a.vaults.Recover(path, key, pass)
		wipe(pass)
		return func() {
			s.busy = false
			if err != nil {
				s.err = msgErr(err)
				if a.cur == s {
					s.sync()
				}
				return
			}
			s.key.SetText("")
			s.pass.clear()
			a.unlocked(st)
			// Say what changed: the old passphrase no longer opens it.
			// A note in the timeline's empty detail, not a bar with a
			// button: nothing new in the way of the keyboard.
			if m, ok := a.cur.(*mainScreen); ok {
				m.note = msgKey("ui.recover.done")
				if m.detail != nil {
					m.renderDetail()
				}
			}
		}
	})
}
