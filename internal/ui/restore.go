package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// Restoring a backup, and looking at one read-only. Both are reached from
// the unlock and welcome screens (a worker on a new computer with only a
// USB stick) and restoring also from the backup screen.

// backupLinks are the welcome and unlock screens' ways to a backup.
func (a *App) backupLinks() []*widget.Button {
	return []*widget.Button{
		a.link(i18n.T("ui.restore.open"), func() { a.showRestore() }),
		a.link(i18n.T("ui.readonly.open"), func() { a.showReadOnlyOpen() }),
	}
}

// restoreScreen restores a backup as a new vault file next to the current
// one (or, confirmed twice, in its place) and opens it.
type restoreScreen struct {
	a        *App
	from     *textEntry
	pass     *textEntry
	to       *textEntry
	replace  bool
	replaceP string // the vault replace would replace

	src    *app.BackupSource // of from, once inspected
	srcFor string
	srcErr *message

	next fyne.Focusable // where the focus goes when the screen is rebuilt

	busy   bool
	cancel context.CancelFunc
	prog   progress[app.BackupProgress] // written by the restore
	err    *message
	// intact: the last restore was refused for damage the vault had when
	// it was backed up (every byte matches the checksum); last is what
	// it was asked, for "Restore it as it is".
	intact bool
	last   struct {
		from, to string
		replace  bool
	}

	// rebuilt by build
	bar   *widget.ProgressBar
	phase *widget.Label
}

func (s *restoreScreen) navID() string { return "backup" }

func (a *App) showRestore() {
	s := &restoreScreen{a: a, from: a.newEntry(), pass: a.newPasswordEntry(), to: a.newEntry(), replaceP: a.path}
	s.to.SetText(a.defaultRestorePath())
	s.from.OnSubmitted = func(string) {
		s.inspect()
		s.next = s.pass
		a.win.Canvas().Focus(s.pass)
	}
	s.pass.OnSubmitted = func(string) { s.restore() }
	a.show(s)
}

// defaultRestorePath is where a restored vault goes unless the user says
// otherwise: next to the current vault, under a name not taken yet; on a
// computer without a vault, the default vault's place.
func (a *App) defaultRestorePath() string {
	if !a.vaults.Exists(a.path) {
		return a.path
	}
	dir, stem := filepath.Dir(a.path), strings.TrimSuffix(filepath.Base(a.path), vaultExt)
	p := filepath.Join(dir, stem+"-restored"+vaultExt)
	for i := 2; a.vaults.Exists(p); i++ {
		p = filepath.Join(dir, fmt.Sprintf("%s-restored-%d%s", stem, i, vaultExt))
	}
	return p
}

func (s *restoreScreen) focus() fyne.Focusable {
	switch {
	case s.busy:
		return nil
	case s.next != nil:
		return s.next
	}
	return s.from
}

func (s *restoreScreen) build() fyne.CanvasObject {
	a := s.a
	s.from.SetPlaceHolder(i18n.T("ui.restore.from_placeholder"))
	s.pass.SetPlaceHolder(i18n.T("ui.restore.passphrase"))
	chooseFile := a.button(i18n.T("ui.restore.choose"), theme.FileIcon(), s.chooseBackup)
	objs := []fyne.CanvasObject{
		heading(i18n.T("ui.restore.title")),
		paragraph(i18n.T("ui.restore.intro")),
		widget.NewLabel(i18n.T("ui.restore.from")),
		container.NewBorder(nil, nil, nil, chooseFile, s.from),
		caption(i18n.T("ui.restore.parts_hint")),
	}
	switch {
	case s.srcErr != nil && s.srcFor == strings.TrimSpace(s.from.Text):
		objs = append(objs, errorLabel(s.srcErr.String()))
	case s.src != nil && s.srcFor == strings.TrimSpace(s.from.Text):
		if s.src.Parts > 0 {
			objs = append(objs, caption(i18n.T("ui.restore.found_parts", s.src.Parts, i18n.Bytes(s.src.Size))))
		} else {
			objs = append(objs, caption(i18n.T("ui.restore.found_file", i18n.Bytes(s.src.Size))))
		}
	}
	objs = append(objs, widget.NewLabel(i18n.T("ui.restore.passphrase_label")), s.pass,
		caption(i18n.T("ui.restore.passphrase_hint")))

	// Where to: a new file (the default), or in place of the vault.
	newOpt, replOpt := i18n.T("ui.restore.as_new"), i18n.T("ui.restore.as_replace")
	opts := []string{newOpt}
	canReplace := a.vaults.Exists(s.replaceP)
	if canReplace {
		opts = append(opts, replOpt)
	} else {
		s.replace = false
	}
	radio := widget.NewRadioGroup(opts, nil)
	radio.Selected = newOpt
	if s.replace {
		radio.Selected = replOpt
	}
	radio.Required = true
	radio.OnChanged = func(o string) {
		a.touch()
		if (o == replOpt) != s.replace {
			s.replace = o == replOpt
			a.render()
		}
	}
	objs = append(objs, widget.NewSeparator(), widget.NewLabel(i18n.T("ui.restore.where")), radio)
	if s.replace {
		objs = append(objs, caption(i18n.T("ui.restore.replace_hint", s.replaceP)))
	} else {
		objs = append(objs, s.to, caption(i18n.T("ui.restore.new_hint")))
	}

	btn := a.button(i18n.T("ui.restore.button"), theme.ConfirmIcon(), s.restore)
	btn.Importance = widget.HighImportance
	s.bar, s.phase = nil, nil
	if s.busy {
		btn.Disable()
		for _, e := range []*textEntry{s.from, s.pass, s.to} {
			e.Disable()
		}
		radio.Disable()
		s.bar = widget.NewProgressBar()
		s.phase = caption("")
		s.refresh()
		cancel := a.button(i18n.T("ui.backup.cancel"), theme.CancelIcon(), func() {
			if s.cancel != nil {
				s.cancel()
			}
		})
		objs = append(objs, btn, s.phase, container.NewBorder(nil, nil, nil, cancel, s.bar))
	} else {
		for _, e := range []*textEntry{s.from, s.pass, s.to} {
			e.Enable()
		}
		objs = append(objs, btn)
	}
	objs = append(objs, errorLabel(s.err.String()))
	if s.intact && !s.busy {
		anyway := a.button(i18n.T("ui.restore.accept_damaged"), theme.WarningIcon(), func() {
			a.touch()
			if s.pass.Text == "" {
				s.err = msgKey("ui.unlock.empty")
				a.render()
				return
			}
			s.run(s.last.from, s.last.to, app.RestoreOptions{Replace: s.last.replace, AcceptDamaged: true})
		})
		// The way out first, right under the refusal; then why it is safe.
		objs = append(objs, anyway, paragraph(i18n.T("ui.restore.damaged_intact")))
	}

	if a.store != nil {
		return container.NewVScroll(container.NewPadded(container.New(widthLayout{width: 460}, container.NewVBox(objs...))))
	}
	return column(a.topBar(a.button(i18n.T("ui.back"), theme.NavigateBackIcon(), func() {
		if !s.busy {
			a.showStart(nil)
		}
	})), objs...)
}

func (s *restoreScreen) refresh() {
	p := s.prog.latest()
	if s.bar == nil {
		return
	}
	if p.Total > 0 {
		s.bar.SetValue(float64(p.Done) / float64(p.Total))
	}
	phase := p.Phase
	if phase != "verify" {
		phase = "join"
	}
	s.phase.SetText(i18n.T("ui.restore.phase." + phase))
}

func (s *restoreScreen) chooseBackup() {
	a := s.a
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		a.touch()
		if err != nil || r == nil {
			return
		}
		_ = r.Close() // only the path is needed
		s.from.SetText(r.URI().Path())
		s.inspect()
	}, a.win)
	if dir, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(strings.TrimSpace(s.from.Text)))); err == nil && s.from.Text != "" {
		d.SetLocation(dir)
	}
	d.Resize(dialogSize(a.win))
	showFileDialog(d, "ui.dialog.open_file")
}

// inspect says what kind of backup the path names, before the passphrase.
func (s *restoreScreen) inspect() {
	a := s.a
	r, ok := a.vaults.(app.Restorer)
	from := strings.TrimSpace(s.from.Text)
	if !ok || from == "" {
		return
	}
	a.background(func() func() {
		src, err := r.InspectBackup(from)
		return func() {
			s.srcFor, s.src, s.srcErr = from, nil, nil
			if err != nil {
				s.srcErr = restoreMsg(err)
			} else {
				s.src = &src
			}
			if a.cur == s {
				a.render()
			}
		}
	})
}

// restore checks the fields, asks again before replacing the vault, and
// starts the restore.
func (s *restoreScreen) restore() {
	a := s.a
	if s.busy {
		return
	}
	from := strings.TrimSpace(s.from.Text)
	to := strings.TrimSpace(s.to.Text)
	if s.replace {
		to = s.replaceP
	}
	switch {
	case from == "":
		s.err = msgKey("ui.restore.err.no_backup")
	case s.pass.Text == "":
		s.err = msgKey("ui.unlock.empty")
	case !s.replace && (to == "" || !strings.HasSuffix(to, vaultExt) || strings.HasSuffix(to, string(filepath.Separator)+vaultExt)):
		s.err = msgKey("ui.create.err.name", vaultExt)
	case !s.replace && a.vaults.Exists(to):
		s.err = msgKey("ui.err.exists")
	default:
		s.err = nil
	}
	if s.err != nil {
		a.render()
		return
	}
	if !s.replace {
		s.run(from, to, app.RestoreOptions{})
		return
	}
	content := container.New(widthLayout{width: 440}, container.NewVBox(
		paragraph(i18n.T("ui.restore.confirm_text", to)),
		paragraph(i18n.T("ui.restore.confirm_kept")),
	))
	d := dialog.NewCustomConfirm(i18n.T("ui.restore.confirm_title"), i18n.T("ui.restore.confirm_yes"), i18n.T("ui.form.cancel"),
		content, func(yes bool) {
			a.touch()
			if yes && a.cur == s {
				s.run(from, to, app.RestoreOptions{Replace: true})
			}
		}, a.win)
	a.showDialog(d)
}

// run restores from into to on a goroutine, then opens the restored vault
// with the same passphrase, closing the one that was open.
func (s *restoreScreen) run(from, to string, opts app.RestoreOptions) {
	a := s.a
	r, ok := a.vaults.(app.Restorer)
	if !ok {
		s.err = msgErr(errors.New("restore is not available"))
		a.render()
		return
	}
	if opts.Replace && a.store != nil && filepath.Clean(a.store.Path()) == filepath.Clean(to) {
		// The vault to replace is this one: close it first (a recording
		// is stopped and saved), then come back here.
		a.Lock()
		a.show(s)
	}
	pass := []byte(s.pass.Text)
	ctx, cancel := context.WithCancel(context.Background())
	s.busy, s.cancel, s.err, s.intact = true, cancel, nil, false
	s.last.from, s.last.to, s.last.replace = from, to, opts.Replace
	s.prog.reset()
	a.render()
	progress := func(p app.BackupProgress) {
		s.prog.report(a, p, func() {
			a.touch() // restoring is activity: no idle lock meanwhile
			s.refresh()
		})
	}
	sess := a.session
	a.pending.Add(1)
	go func() {
		defer a.pending.Done()
		res, err := r.Restore(ctx, from, to, pass, opts, progress)
		cancel()
		var st app.Store
		var recoveryKey string // set when the backup opened with the recovery key
		if err == nil {
			st, err = a.vaults.Open(res.Path, pass)
			switch {
			case errors.Is(err, apperr.ErrWrongPassphrase):
				// Restore took the recovery key (the passphrase is
				// forgotten): the restored vault takes a new one with it.
				recoveryKey, err = string(pass), nil
			case err != nil:
				err = fmt.Errorf("open the restored vault: %w", err)
			}
		}
		wipe(pass)
		a.onUI(func() {
			if a.session != sess {
				// Locked meanwhile: the restored file stays, closed,
				// for the unlock screen.
				if st != nil {
					a.storeMu.Lock()
					_ = st.Close()
					a.storeMu.Unlock()
				}
				return
			}
			s.busy, s.cancel = false, nil
			if err != nil {
				s.err = restoreMsg(err)
				var d *app.BackupDamage
				s.intact = errors.As(err, &d) && d.Intact
				if a.cur == s {
					a.render()
				}
				return
			}
			s.pass.SetText("")
			if a.store != nil {
				a.Lock()
			}
			if recoveryKey != "" {
				a.path = res.Path
				a.showRecover()
				if rs, ok := a.cur.(*recoverScreen); ok {
					rs.key.SetText(recoveryKey)
					rs.note = msgKey("ui.restore.done_key", res.Records, res.Path)
					a.render()
				}
				return
			}
			a.unlocked(st)
			note := msgKey("ui.restore.done", res.Records, res.Path)
			if res.Old != "" {
				note = msgKey("ui.restore.done_replaced", res.Records, res.Path, res.Old)
			}
			if res.NoChecksum {
				note = msgKey("ui.restore.done_nosum", note)
			}
			if res.NewerSeq > 0 {
				note = msgKey("ui.seen.restore_newer", note, int(res.NewerSeq))
			}
			if res.Carried > 0 {
				note = msgKey("ui.restore.done_damaged", res.Carried, res.Path)
			}
			a.backupState().notice = note
			a.fillBackupSlot()
		})
	}()
}

// restoreMsg keeps a restore's error for the screen; its sentence is
// made when shown, so it follows a switch of language.
func restoreMsg(err error) *message {
	if err == nil {
		return nil
	}
	return msgKey("ui.restore.err.any", lateText(func() string { return restoreMessage(err) }))
}

// lateText is a message argument translated when it is formatted.
type lateText func() string

func (f lateText) String() string { return f() }

// restoreMessage is a restore or open-backup error in plain words.
func restoreMessage(err error) string {
	var d *app.BackupDamage
	switch {
	case errors.Is(err, context.Canceled):
		return i18n.T("ui.restore.cancelled")
	case errors.Is(err, apperr.ErrWrongPassphrase):
		return i18n.T("ui.restore.err.wrong_passphrase")
	case errors.As(err, &d) && d.Changed != "":
		return i18n.T("ui.restore.err.changed", filepath.Base(d.Changed), filepath.Base(d.Changed)+".sha256")
	case errors.As(err, &d):
		return i18n.T("ui.restore.err.damaged", strings.Join(d.What, "\n"))
	case errors.Is(err, apperr.ErrDamaged):
		return i18n.T("ui.restore.err.damaged", i18n.T("ui.restore.err.damaged_unknown"))
	case errors.Is(err, apperr.ErrNotVault):
		return i18n.T("ui.restore.err.not_backup")
	case errors.Is(err, apperr.ErrNotFound):
		return i18n.T("ui.restore.err.not_found")
	case errors.Is(err, apperr.ErrDiskFull):
		return i18n.T("ui.restore.err.disk_full")
	}
	return messageFor(err)
}

// readOnlyScreen opens a backup (any vault file) read-only, to look at a
// USB copy without changing it.
type readOnlyScreen struct {
	a    *App
	path *textEntry
	pass *textEntry
	busy bool
	err  *message

	// rebuilt by build
	btn      *widget.Button
	progress *widget.ProgressBarInfinite
}

func (a *App) showReadOnlyOpen() {
	s := &readOnlyScreen{a: a, path: a.newEntry(), pass: a.newPasswordEntry()}
	s.path.OnSubmitted = func(string) { a.win.Canvas().Focus(s.pass) }
	s.pass.OnSubmitted = func(string) { s.open() }
	a.show(s)
}

func (s *readOnlyScreen) focus() fyne.Focusable { return s.path }

func (s *readOnlyScreen) build() fyne.CanvasObject {
	a := s.a
	s.path.SetPlaceHolder(i18n.T("ui.readonly.path_placeholder"))
	s.pass.SetPlaceHolder(i18n.T("ui.restore.passphrase"))
	s.btn = a.button(i18n.T("ui.readonly.button"), theme.VisibilityIcon(), s.open)
	s.btn.Importance = widget.HighImportance
	s.progress = widget.NewProgressBarInfinite()
	if s.busy {
		s.btn.Disable()
		s.path.Disable()
		s.pass.Disable()
	} else {
		s.progress.Hide()
		s.progress.Stop()
		s.path.Enable()
		s.pass.Enable()
	}
	browse := a.button(i18n.T("ui.restore.choose"), theme.FileIcon(), func() {
		d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			a.touch()
			if err != nil || r == nil {
				return
			}
			_ = r.Close()
			s.path.SetText(r.URI().Path())
		}, a.win)
		d.SetFilter(storage.NewExtensionFileFilter([]string{vaultExt}))
		d.Resize(dialogSize(a.win))
		showFileDialog(d, "ui.dialog.open_file")
	})
	return column(a.topBar(a.button(i18n.T("ui.back"), theme.NavigateBackIcon(), func() {
		if !s.busy {
			a.showStart(nil)
		}
	})),
		heading(i18n.T("ui.readonly.title")),
		paragraph(i18n.T("ui.readonly.intro")),
		widget.NewLabel(i18n.T("ui.readonly.path")),
		container.NewBorder(nil, nil, nil, browse, s.path),
		caption(i18n.T("ui.readonly.parts_hint")),
		widget.NewLabel(i18n.T("ui.restore.passphrase_label")),
		s.pass,
		s.btn,
		s.progress,
		errorLabel(s.err.String()),
	)
}

// open unlocks the file read-only and shows its timeline under the
// read-only banner. The app's remembered vault stays the one it was.
func (s *readOnlyScreen) open() {
	a := s.a
	ro, ok := a.vaults.(app.ReadOnlyOpener)
	path := strings.TrimSpace(s.path.Text)
	switch {
	case s.busy:
		return
	case !ok:
		s.err = msgErr(errors.New("read-only view is not available"))
	case path == "" || !a.vaults.Exists(path):
		s.err = msgKey("ui.err.no_file")
	case s.pass.Text == "":
		s.err = msgKey("ui.unlock.empty")
	default:
		s.err = nil
	}
	if s.err != nil {
		a.render()
		return
	}
	pass := []byte(s.pass.Text)
	s.busy = true
	a.render()
	sess := a.session
	a.pending.Add(1)
	go func() {
		defer a.pending.Done()
		st, err := ro.OpenReadOnly(path, pass)
		wipe(pass)
		a.onUI(func() {
			if a.session != sess || a.cur != s || a.store != nil {
				if st != nil {
					_ = st.Close()
				}
				return
			}
			s.busy = false
			s.pass.SetText("")
			if err != nil {
				s.err = restoreMsg(err)
				a.render()
				return
			}
			// Not setStore: the vault to offer next time stays the
			// user's own, not a backup on a USB stick.
			a.store = st
			a.touch()
			a.showMain(0)
		})
	}()
}
