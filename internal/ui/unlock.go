package ui

import (
	"errors"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// unlockScreen asks for the passphrase of the vault at App.path. When no
// vault exists there it is the welcome screen instead, leading to create.
type unlockScreen struct {
	a    *App
	pass *textEntry
	err  error // last failure, shown under the button
	busy bool

	// rebuilt by build
	createBtn *widget.Button // welcome screen only
	unlockBtn *widget.Button
	progress  *widget.ProgressBarInfinite
	errLabel  *widget.Label
	links     []*widget.Button
}

// errEmptyPassphrase is the unlock screen's own complaint.
var errEmptyPassphrase = errors.New("empty passphrase")

func (s *unlockScreen) build() fyne.CanvasObject {
	a := s.a
	s.links = []*widget.Button{
		a.link(i18n.T("ui.unlock.create"), func() { a.showCreate() }),
		a.link(i18n.T("ui.unlock.open_other"), func() { a.showOpen() }),
	}
	s.links = append(s.links, a.backupLinks()...) // restore, look at a backup (restore.go)
	s.createBtn, s.unlockBtn = nil, nil
	if !a.vaults.Exists(a.path) {
		s.createBtn = a.button(i18n.T("ui.welcome.create"), theme.ContentAddIcon(), func() { a.showCreate() })
		s.createBtn.Importance = widget.HighImportance
		return column(a.topBar(),
			heading(i18n.T("ui.welcome.title")),
			paragraph(i18n.T("ui.welcome.intro")),
			paragraph(i18n.T("ui.welcome.private")),
			s.createBtn,
			s.links[1], s.links[2], s.links[3],
		)
	}
	recov := a.link(i18n.T("ui.unlock.recover"), func() { a.showRecover() })
	s.links = append(s.links, recov)

	s.pass.SetPlaceHolder(i18n.T("ui.unlock.passphrase"))
	s.pass.OnSubmitted = func(string) { s.unlock() }
	s.unlockBtn = a.button(i18n.T("ui.unlock.button"), theme.LoginIcon(), s.unlock)
	s.unlockBtn.Importance = widget.HighImportance
	s.progress = widget.NewProgressBarInfinite()
	s.errLabel = errorLabel("")
	s.sync()
	idle := fyne.CanvasObject(container.NewVBox())
	switch {
	case a.sleepLocked:
		idle = paragraph(i18n.T("ui.unlock.system"))
	case a.idleLocked:
		idle = paragraph(i18n.T("ui.unlock.idle", int(a.autoLock.Minutes())))
	}
	return column(a.topBar(),
		heading(i18n.T("app.name")),
		idle,
		paragraph(i18n.T("ui.unlock.prompt")),
		caption(i18n.T("ui.unlock.vault", a.path)),
		s.pass,
		s.unlockBtn,
		s.progress,
		s.errLabel,
		widget.NewSeparator(),
		container.NewVBox(s.links[0], s.links[1], recov, s.links[2], s.links[3]),
	)
}

// focus is the passphrase, or on the welcome screen the button that
// creates a vault, so that Space presses it.
func (s *unlockScreen) focus() fyne.Focusable {
	if s.createBtn != nil {
		return s.createBtn
	}
	return s.pass
}

// sync applies the state to the widgets.
func (s *unlockScreen) sync() {
	text := ""
	if errors.Is(s.err, errEmptyPassphrase) {
		text = i18n.T("ui.unlock.empty")
	} else if s.err != nil {
		text = messageFor(s.err)
	}
	setError(s.errLabel, text)
	if s.busy {
		s.progress.Show()
		s.progress.Start()
		s.unlockBtn.Disable()
		s.pass.Disable()
	} else {
		s.progress.Stop()
		s.progress.Hide()
		s.unlockBtn.Enable()
		s.pass.Enable()
	}
	for _, l := range s.links {
		if s.busy {
			l.Disable()
		} else {
			l.Enable()
		}
	}
}

func (s *unlockScreen) unlock() {
	if s.busy {
		return
	}
	if s.pass.Text == "" {
		s.err = errEmptyPassphrase
		s.sync()
		return
	}
	a := s.a
	pass := []byte(s.pass.Text)
	path := a.path
	s.busy, s.err = true, nil
	s.sync()
	a.background(func() func() {
		st, err := a.vaults.Open(path, pass)
		wipe(pass)
		return func() {
			s.busy = false
			s.pass.SetText("")
			if err != nil {
				s.err = err
				if a.cur == s {
					s.sync()
					a.win.Canvas().Focus(s.pass)
				}
				return
			}
			a.unlocked(st)
		}
	})
}

// openScreen picks another vault file, by path or with a file dialog.
type openScreen struct {
	a    *App
	path *textEntry
	err  *message
}

func (a *App) showOpen() {
	s := &openScreen{a: a, path: a.newEntry()}
	s.path.SetText(a.path)
	s.path.OnSubmitted = func(string) { s.open() }
	a.show(s)
}

func (s *openScreen) build() fyne.CanvasObject {
	a := s.a
	open := a.button(i18n.T("ui.open.button"), theme.FolderOpenIcon(), s.open)
	open.Importance = widget.HighImportance
	return column(a.topBar(a.button(i18n.T("ui.back"), theme.NavigateBackIcon(), func() { a.showStart(nil) })),
		heading(i18n.T("ui.open.title")),
		paragraph(i18n.T("ui.open.intro")),
		widget.NewLabel(i18n.T("ui.open.path")),
		container.NewBorder(nil, nil, nil, a.button(i18n.T("ui.browse"), nil, s.browse), s.path),
		errorLabel(s.err.String()),
		open,
	)
}

func (s *openScreen) focus() fyne.Focusable { return s.path }

func (s *openScreen) browse() {
	a := s.a
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		_ = r.Close() // only the path is needed; the vault opens the file itself
		s.path.SetText(r.URI().Path())
	}, a.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{vaultExt}))
	if dir, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(strings.TrimSpace(s.path.Text)))); err == nil {
		d.SetLocation(dir)
	}
	d.Resize(dialogSize(a.win))
	showFileDialog(d, "ui.dialog.open_file")
}

func (s *openScreen) open() {
	a := s.a
	p := strings.TrimSpace(s.path.Text)
	if !a.vaults.Exists(p) {
		s.err = msgKey("ui.err.no_file")
		a.render()
		return
	}
	a.path = p
	a.showStart(nil)
}

// dialogSize is a comfortable size for file dialogs in w.
func dialogSize(w fyne.Window) fyne.Size {
	s := w.Canvas().Size()
	return fyne.NewSize(max(s.Width*0.9, 600), max(s.Height*0.9, 400))
}
