package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/secretclip"
)

// vaultExt is the file name extension of vaults.
const vaultExt = ".kiroku"

// createScreen makes a new vault: where, and with which passphrase.
type createScreen struct {
	a      *App
	folder *textEntry
	name   *textEntry
	pass   *newPassphrase
	err    *message
	busy   bool

	// rebuilt by build
	createBtn *widget.Button
	progress  *widget.ProgressBarInfinite
	errLabel  *widget.Label
	scroll    *container.Scroll // the page; scrolled to an error below the fold
}

func (a *App) showCreate() {
	s := &createScreen{a: a, folder: a.newEntry(), name: a.newEntry()}
	def := a.vaults.DefaultPath()
	s.folder.SetText(filepath.Dir(def))
	s.name.SetText(filepath.Base(def))
	s.pass = a.newNewPassphrase(func() []string {
		return []string{"kiroku", "記録", strings.TrimSuffix(s.name.Text, vaultExt)}
	}, s.create)
	s.pass.edited = func() {
		if s.err != nil && !s.busy {
			s.err = nil
			s.sync()
		}
	}
	a.show(s)
}

func (s *createScreen) build() fyne.CanvasObject {
	a := s.a
	s.createBtn = a.button(i18n.T("ui.create.button"), theme.ConfirmIcon(), s.create)
	s.createBtn.Importance = widget.HighImportance
	s.progress = widget.NewProgressBarInfinite()
	s.errLabel = errorLabel("")
	s.scroll = nil
	defer s.sync()
	return s.page(column(a.topBar(a.button(i18n.T("ui.back"), theme.NavigateBackIcon(), func() { a.showStart(nil) })),
		heading(i18n.T("ui.create.title")),
		paragraph(i18n.T("ui.create.intro")),
		widget.NewLabel(i18n.T("ui.create.folder")),
		container.NewBorder(nil, nil, nil, a.button(i18n.T("ui.create.choose_folder"), theme.FolderIcon(), s.chooseFolder), s.folder),
		caption(i18n.T("ui.create.folder_hint")),
		widget.NewLabel(i18n.T("ui.create.name")),
		s.name,
		widget.NewSeparator(),
		paragraph(i18n.T("ui.create.pass_intro")),
		s.pass.build(),
		s.createBtn,
		s.progress,
		s.errLabel,
	))
}

// page remembers the page's scroll, so that an error (shown under the
// button, below the fold of a small window) is scrolled into view.
func (s *createScreen) page(o fyne.CanvasObject) fyne.CanvasObject {
	s.scroll = findScroll(o)
	return o
}

func (s *createScreen) focus() fyne.Focusable { return s.pass.first }

func (s *createScreen) sync() {
	setError(s.errLabel, s.err.String())
	if s.err != nil && s.scroll != nil {
		s.scroll.ScrollToBottom()
	}
	if s.busy {
		s.progress.Show()
		s.progress.Start()
		s.createBtn.Disable()
	} else {
		s.progress.Stop()
		s.progress.Hide()
		s.createBtn.Enable()
	}
	s.pass.setDisabled(s.busy)
}

func (s *createScreen) chooseFolder() { s.a.chooseFolder(s.folder) }

// path is the vault file chosen, or a message saying what is wrong.
func (s *createScreen) path() (string, *message) {
	folder, name := strings.TrimSpace(s.folder.Text), strings.TrimSpace(s.name.Text)
	switch {
	case folder == "":
		return "", msgKey("ui.create.err.folder")
	case name == "" || strings.ContainsAny(name, `/\`) || !strings.HasSuffix(name, vaultExt) || name == vaultExt:
		return "", msgKey("ui.create.err.name", vaultExt)
	}
	p := filepath.Join(folder, name)
	if s.a.vaults.Exists(p) {
		return "", msgKey("ui.err.exists")
	}
	return p, nil
}

func (s *createScreen) create() {
	if s.busy {
		return
	}
	path, m := s.path()
	if m == nil {
		m = s.pass.check()
	}
	s.err = m
	if m != nil {
		s.sync()
		return
	}
	a := s.a
	pass := s.pass.bytes()
	s.busy = true
	s.sync()
	a.background(func() func() {
		st, key, err := a.vaults.Create(path, pass)
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
			s.pass.clear()
			a.setStore(st)
			a.show(&recoveryKeyScreen{a: a, key: key})
		}
	})
}

// recoveryKeyScreen shows the recovery key of a new vault, once. The user
// must confirm having kept it before going on.
type recoveryKeyScreen struct {
	a         *App
	key       string
	confirmed bool
	saved     *message
	intro     string // i18n key of the text above the key; "" for a new vault
	done      func() // after Continue; nil: the timeline

	// rebuilt by build
	cont *widget.Button
}

func (s *recoveryKeyScreen) build() fyne.CanvasObject {
	a := s.a
	key := widget.NewLabel(groupKey(s.key, 4))
	key.TextStyle = fyne.TextStyle{Monospace: true}
	key.SizeName = theme.SizeNameHeadingText
	key.Selectable = true
	key.Alignment = fyne.TextAlignCenter

	check := widget.NewCheck(i18n.T("ui.key.confirm"), func(on bool) {
		a.touch()
		s.confirmed = on
		s.sync()
	})
	check.Checked = s.confirmed
	s.cont = a.button(i18n.T("ui.key.continue"), theme.NavigateNextIcon(), func() {
		if s.confirmed {
			s.key = ""
			if s.done != nil {
				s.done()
				return
			}
			a.showMain(0)
		}
	})
	s.cont.Importance = widget.HighImportance
	s.sync()
	intro := "ui.key.intro"
	if s.intro != "" {
		intro = s.intro
	}
	return column(a.topBar(),
		heading(i18n.T("ui.key.title")),
		paragraph(i18n.T(intro)),
		widget.NewCard("", "", key),
		container.NewGridWithColumns(2,
			a.button(i18n.T("ui.key.copy"), theme.ContentCopyIcon(), s.copy),
			a.button(i18n.T("ui.key.save"), theme.DocumentSaveIcon(), s.save),
		),
		// Said before the user saves: a file holds the key in the clear.
		caption(i18n.T("keys.key.save_warning")),
		caption(s.saved.String()),
		paragraph(i18n.T("ui.key.warning")),
		check,
		s.cont,
	)
}

func (s *recoveryKeyScreen) sync() {
	if s.confirmed {
		s.cont.Enable()
	} else {
		s.cont.Disable()
	}
}

// clipboardKeep is how long a copied recovery key stays on the clipboard.
const clipboardKeep = 2 * time.Minute

func (s *recoveryKeyScreen) copy() {
	a, key := s.a, s.key
	cb := a.fa.Clipboard()
	// Marked concealed where the system allows (kept out of clipboard
	// history and cloud sync); elsewhere copied as plain text.
	if err := secretclip.Set(key); err != nil {
		cb.SetContent(key)
	}
	s.saved = msgKey("ui.key.copied")
	a.render()
	time.AfterFunc(clipboardKeep, func() {
		a.onUI(func() {
			if cb.Content() == key {
				cb.SetContent("")
			}
		})
	})
}

func (s *recoveryKeyScreen) save() {
	a := s.a
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			if err != nil {
				s.saved = msgErr(err)
				a.render()
			}
			return
		}
		// Readable by this user only, before the key is in it; and the
		// vault named by its file name, not where it lives.
		if w.URI().Scheme() == "file" {
			err = os.Chmod(w.URI().Path(), 0o600)
		}
		text := i18n.T("ui.key.file", filepath.Base(a.path), s.key)
		if err == nil {
			_, err = fmt.Fprintln(w, text)
		}
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			s.saved = msgErr(err)
		} else {
			s.saved = msgKey("ui.key.saved", w.URI().Path())
		}
		if a.cur == s {
			a.render()
		}
	}, a.win)
	d.SetFileName(i18n.T("ui.key.file_name"))
	d.Resize(dialogSize(a.win))
	showFileDialog(d, "ui.dialog.save_file")
}

// groupKey lays a recovery key out in rows of perRow groups, breaking only
// after a separator (dash or space) so that every character stays as given.
func groupKey(key string, perRow int) string {
	var b strings.Builder
	groups := 0
	for i, r := range key {
		b.WriteRune(r)
		if r == '-' || r == ' ' {
			groups++
			if groups%perRow == 0 && i < len(key)-1 {
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}
