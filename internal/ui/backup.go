package ui

import (
	"context"
	"errors"
	"image/color"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// The backup screen, the backup reminder on the timeline and the banner
// of a backup opened read-only. Backups run on a goroutine outside the
// Store lock (the vault copies a few pages at a time and lets entries and
// recordings commit in between), so the app stays usable meanwhile; the
// job lives on the App, not the screen, so the user can leave the screen
// and come back to its progress.

// Defaults of BackupSettings, as package backup has them.
const (
	defaultBackupKeep   = 3
	defaultBackupRemind = 7
)

// backupState is what the App keeps about backups for one unlocked
// session; backupState() resets it when the session changes.
type backupState struct {
	session uint64

	loaded, loading bool
	logs            []app.BackupLogLine
	settings        app.BackupSettings
	logErr          *message
	dismissed       bool // the reminder, until the next lock

	job    *backupJob     // the backup running, or nil
	last   *backupOutcome // how the last backup of this session ended
	folder string         // what the folder field held
	notice *message       // shown under the timeline once (after a restore)

	slot *fyne.Container // the reminder under the timeline, rebuilt by render
}

// backupOutcome is a finished backup.
type backupOutcome struct {
	dir string
	res app.BackupResult
	err error
}

// backupJob is a backup running on a goroutine.
type backupJob struct {
	dir    string
	cancel context.CancelFunc

	prog progress[app.BackupProgress] // written by the backup

	bar   *widget.ProgressBar // rebuilt by the backup screen
	phase *widget.Label
}

func (a *App) backupState() *backupState {
	if a.backups == nil || a.backups.session != a.session {
		a.backups = &backupState{session: a.session}
	}
	return a.backups
}

// backupStore is the open vault's Backups, if it has them.
func (a *App) backupStore() (app.Backups, bool) {
	b, ok := a.store.(app.Backups)
	return b, ok
}

// readOnly reports whether the open vault is a backup opened read-only.
func (a *App) readOnly() bool {
	r, ok := a.store.(interface{ ReadOnly() bool })
	return ok && r.ReadOnly()
}

func (s *backupState) keep() int {
	if s.settings.Keep > 0 {
		return s.settings.Keep
	}
	return defaultBackupKeep
}

func (s *backupState) remindDays() int {
	if s.settings.RemindDays > 0 {
		return s.settings.RemindDays
	}
	return defaultBackupRemind
}

// overdue reports whether the reminder is due at now: no backup yet, or
// the last one older than the reminder days (days is its age).
func (s *backupState) overdue(now time.Time) (due, never bool, days int) {
	if len(s.logs) == 0 {
		return true, true, 0
	}
	age := now.Sub(s.logs[len(s.logs)-1].At)
	return age > time.Duration(s.remindDays())*24*time.Hour, false, int(age.Hours() / 24)
}

// loadBackupStatus reads the backup log and settings once per session.
func (a *App) loadBackupStatus() {
	st := a.backupState()
	b, ok := a.backupStore()
	if !ok || st.loaded || st.loading {
		return
	}
	st.loading = true
	a.background(func() func() {
		var logs []app.BackupLogLine
		var set app.BackupSettings
		var err, serr error
		a.withStore(a.storeOf(b), func(app.Store) {
			logs, err = b.BackupLog()
			set, serr = b.BackupSettings()
		})
		return func() {
			st := a.backupState()
			st.loading, st.loaded = false, true
			st.logs, st.settings, st.logErr = logs, set, msgErr(err)
			if err == nil && serr != nil {
				st.logErr = msgErr(serr)
			}
			a.refreshBackupViews()
		}
	})
}

// storeOf is the Store behind b (for withStore).
func (a *App) storeOf(b app.Backups) app.Store {
	if s, ok := b.(app.Store); ok {
		return s
	}
	return a.store
}

// refreshBackupViews redraws what shows backup state: the backup screen,
// or the reminder under the timeline.
func (a *App) refreshBackupViews() {
	switch a.cur.(type) {
	case *backupScreen:
		a.render()
	case *mainScreen:
		a.fillBackupSlot()
	}
}

// withBackupBanners adds the banner of a read-only backup above every
// screen, and the backup reminder (or the note after a restore) under the
// timeline. render calls it for each screen.
func (a *App) withBackupBanners(content fyne.CanvasObject) fyne.CanvasObject {
	if a.store == nil {
		return content
	}
	var top, bottom fyne.CanvasObject
	if a.readOnly() {
		top = a.readOnlyBanner()
	}
	if _, ok := a.cur.(*mainScreen); ok {
		st := a.backupState()
		st.slot = container.NewVBox()
		a.fillBackupSlot()
		bottom = st.slot
		a.loadBackupStatus()
	}
	if top == nil && bottom == nil {
		return content
	}
	return container.NewBorder(top, bottom, nil, nil, content)
}

// banner is a quiet strip with an icon, a text and buttons.
func banner(icon fyne.Resource, text *widget.Label, buttons ...fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	row := container.NewBorder(nil, nil, widget.NewIcon(icon), container.NewHBox(buttons...), text)
	return container.NewPadded(container.NewStack(bg, container.NewPadded(row)))
}

// fillBackupSlot shows, under the timeline, the note left by a restore,
// else the reminder when the last backup is older than the set days (or
// there is none) and the timeline has something to lose.
func (a *App) fillBackupSlot() {
	st := a.backupState()
	s, ok := a.cur.(*mainScreen)
	if st.slot == nil || !ok {
		return
	}
	st.slot.Objects = nil
	switch {
	case st.notice != nil:
		text := paragraph(st.notice.String())
		ok := a.button(i18n.T("ui.backup.notice.ok"), theme.ConfirmIcon(), func() {
			a.backupState().notice = nil
			a.fillBackupSlot()
		})
		ok.Importance = widget.LowImportance
		st.slot.Add(banner(theme.InfoIcon(), text, ok))
	case a.readOnly() || st.dismissed || !st.loaded || !s.loaded || len(s.entries) == 0:
	default:
		due, never, days := st.overdue(a.now())
		if !due {
			break
		}
		msg := i18n.T("ui.backup.remind.never")
		if !never {
			msg = i18n.T("ui.backup.remind.overdue", days)
		}
		text := paragraph(msg)
		now := a.button(i18n.T("ui.backup.remind.open"), theme.DownloadIcon(), a.showBackup)
		later := a.button(i18n.T("ui.backup.remind.dismiss"), nil, func() {
			a.backupState().dismissed = true
			a.fillBackupSlot()
		})
		later.Importance = widget.LowImportance
		st.slot.Add(banner(theme.HistoryIcon(), text, now, later))
	}
	st.slot.Refresh()
}

// readOnlyBanner says, above every screen, that the open vault is a
// backup looked at read-only, with a button that closes it.
func (a *App) readOnlyBanner() fyne.CanvasObject {
	text := widget.NewLabel(i18n.T("ui.readonly.banner", a.store.Path()))
	text.Wrapping = uiWrap()
	text.Importance = widget.WarningImportance
	text.TextStyle = fyne.TextStyle{Bold: true}
	closeBtn := a.button(i18n.T("ui.readonly.close"), theme.LogoutIcon(), a.Lock)
	bg := canvas.NewRectangle(color.Transparent)
	bg.StrokeColor = theme.Color(theme.ColorNameWarning)
	bg.StrokeWidth = 2
	bg.CornerRadius = theme.InputRadiusSize()
	row := container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), closeBtn, text)
	return container.NewPadded(container.NewStack(bg, container.NewPadded(row)))
}

// backupScreen picks where the backup goes, runs it with progress and
// Cancel, shows the result, the backup log and the backup settings.
type backupScreen struct {
	a      *App
	folder *textEntry

	drives       []app.Drive
	drivesErr    *message
	drivesLoaded bool
	drivesSeq    int

	info    *app.Drive // of the folder in the field, once known
	infoFor string
	infoSeq int

	err     *message // why Back up now did not start
	setNote *message // saving the settings failed
}

func (s *backupScreen) navID() string { return "backup" }

func (a *App) showBackup() {
	if a.store == nil {
		return
	}
	st := a.backupState()
	s := &backupScreen{a: a, folder: a.newEntry()}
	s.folder.SetText(st.folder)
	s.folder.OnChanged = func(t string) {
		a.backupState().folder = t
		s.lookFolder()
	}
	s.folder.OnSubmitted = func(string) { s.backUp() }
	a.show(s)
	s.loadDrives()
	s.lookFolder()
	a.loadBackupStatus()
}

func (s *backupScreen) focus() fyne.Focusable {
	if s.a.backupState().job != nil || s.a.readOnly() {
		return nil
	}
	return s.folder
}

// loadDrives lists the removable drives (again).
func (s *backupScreen) loadDrives() {
	a := s.a
	b, ok := a.backupStore()
	if !ok {
		return
	}
	s.drivesSeq++
	seq := s.drivesSeq
	a.background(func() func() {
		ds, err := b.Drives()
		return func() {
			if s.drivesSeq != seq {
				return
			}
			s.drives, s.drivesErr, s.drivesLoaded = ds, msgErr(err), true
			// With no folder chosen yet, the only drive is the obvious one.
			if strings.TrimSpace(s.folder.Text) == "" && len(ds) == 1 {
				s.folder.SetText(ds[0].Path)
			}
			if a.cur == s {
				a.render()
			}
		}
	})
}

// lookFolder finds the filesystem and free space of the folder typed.
func (s *backupScreen) lookFolder() {
	a := s.a
	dir := strings.TrimSpace(s.folder.Text)
	b, ok := a.backupStore()
	s.infoSeq++
	seq := s.infoSeq
	if !ok || dir == "" || dir == s.infoFor {
		return
	}
	a.background(func() func() {
		d, err := b.FolderInfo(dir)
		return func() {
			if s.infoSeq != seq {
				return
			}
			s.infoFor, s.info = dir, nil
			if err == nil {
				s.info = &d
			}
			if a.cur == s {
				a.render()
			}
		}
	})
}

// driveText describes a drive in one line.
func driveText(d app.Drive) string {
	label := d.Label
	if label == "" {
		label = filepath.Base(d.Path)
	}
	return i18n.T("ui.backup.drive", label, d.Path, strings.ToUpper(d.FS), i18n.Bytes(d.Free))
}

func (s *backupScreen) build() fyne.CanvasObject {
	a := s.a
	st := a.backupState()
	ro := a.readOnly()
	objs := []fyne.CanvasObject{heading(i18n.T("ui.backup.title")), paragraph(i18n.T("ui.backup.intro"))}
	if ro {
		objs = append(objs, errorLabel(i18n.T("ui.backup.readonly")))
	}

	// Where: the drives found, or any folder.
	refresh := a.button(i18n.T("ui.backup.refresh"), theme.ViewRefreshIcon(), s.loadDrives)
	refresh.Importance = widget.LowImportance
	objs = append(objs, widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, refresh, fieldName(i18n.T("ui.backup.drives"))))
	switch {
	case !s.drivesLoaded:
		objs = append(objs, caption(i18n.T("ui.backup.drives_loading")))
	case s.drivesErr != nil:
		objs = append(objs, errorLabel(s.drivesErr.String()))
	case len(s.drives) == 0:
		objs = append(objs, caption(i18n.T("ui.backup.no_drives")))
	default:
		var opts []string
		for _, d := range s.drives {
			opts = append(opts, driveText(d))
		}
		radio := widget.NewRadioGroup(opts, nil)
		for i, d := range s.drives {
			if filepath.Clean(d.Path) == filepath.Clean(strings.TrimSpace(s.folder.Text)) {
				radio.Selected = opts[i]
			}
		}
		radio.OnChanged = func(o string) {
			for i, d := range s.drives {
				if opts[i] == o {
					a.touch()
					s.folder.SetText(d.Path)
				}
			}
		}
		objs = append(objs, radio)
		for _, d := range s.drives {
			if d.FAT {
				objs = append(objs, caption(i18n.T("ui.backup.fat_note", d.Label)))
			}
		}
	}

	choose := a.button(i18n.T("ui.backup.choose_folder"), theme.FolderOpenIcon(), s.chooseFolder)
	s.folder.SetPlaceHolder(i18n.T("ui.backup.folder_placeholder"))
	objs = append(objs, widget.NewLabel(i18n.T("ui.backup.folder")),
		container.NewBorder(nil, nil, nil, choose, s.folder))
	if d := s.info; d != nil && s.infoFor == strings.TrimSpace(s.folder.Text) {
		objs = append(objs, caption(i18n.T("ui.backup.folder_info", strings.ToUpper(d.FS), i18n.Bytes(d.Free))))
		if d.FAT {
			objs = append(objs, caption(i18n.T("ui.backup.fat_note", d.Label)))
		}
	}

	// Back up now, its progress, and how it ended.
	now := a.button(i18n.T("ui.backup.now"), theme.DownloadIcon(), s.backUp)
	now.Importance = widget.HighImportance
	if st.job != nil || ro {
		now.Disable()
	}
	objs = append(objs, now, errorLabel(s.err.String()))
	if j := st.job; j != nil {
		j.bar = widget.NewProgressBar()
		j.phase = caption("")
		j.refresh()
		cancel := a.button(i18n.T("ui.backup.cancel"), theme.CancelIcon(), j.cancel)
		objs = append(objs, j.phase, container.NewBorder(nil, nil, nil, cancel, j.bar))
	} else if o := st.last; o != nil {
		objs = append(objs, s.outcomeView(o))
	}

	// The log, newest first.
	objs = append(objs, widget.NewSeparator(), fieldName(i18n.T("ui.backup.log")))
	switch {
	case !st.loaded:
		objs = append(objs, caption(i18n.T("ui.backup.drives_loading")))
	case len(st.logs) == 0:
		objs = append(objs, caption(i18n.T("ui.backup.log_empty")))
	}
	for i := len(st.logs) - 1; i >= 0; i-- {
		objs = append(objs, logLine(st.logs[i], a.loc))
	}
	if st.logErr != nil {
		objs = append(objs, errorLabel(st.logErr.String()))
	}

	// Settings, sealed in the vault.
	objs = append(objs, widget.NewSeparator(), fieldName(i18n.T("ui.backup.settings")))
	keep := numberSelect([]int{1, 2, 3, 5, 7, 10}, st.keep(), func(n int) { s.saveSettings(app.BackupSettings{Keep: n, RemindDays: st.remindDays()}) })
	remind := numberSelect([]int{1, 3, 7, 14, 30}, st.remindDays(), func(n int) { s.saveSettings(app.BackupSettings{Keep: st.keep(), RemindDays: n}) })
	if ro || !st.loaded {
		keep.Disable()
		remind.Disable()
	}
	objs = append(objs,
		container.NewBorder(nil, nil, nil, keep, paragraph(i18n.T("ui.backup.keep"))),
		container.NewBorder(nil, nil, nil, remind, paragraph(i18n.T("ui.backup.remind_days"))),
		errorLabel(s.setNote.String()))

	// Restore lives here too.
	restore := a.button(i18n.T("ui.restore.open"), theme.UploadIcon(), func() { a.showRestore() })
	objs = append(objs, widget.NewSeparator(), fieldName(i18n.T("ui.restore.title")),
		paragraph(i18n.T("ui.backup.restore_intro")), container.NewHBox(restore))
	return container.NewVScroll(container.NewPadded(container.NewVBox(objs...)))
}

// numberSelect offers numbers, with cur among them.
func numberSelect(choices []int, cur int, changed func(int)) *widget.Select {
	if !containsInt(choices, cur) {
		choices = append(choices, cur)
	}
	var opts []string
	for _, n := range choices {
		opts = append(opts, strconv.Itoa(n))
	}
	sel := widget.NewSelect(opts, nil)
	sel.Selected = strconv.Itoa(cur)
	sel.OnChanged = func(o string) {
		if n, err := strconv.Atoi(o); err == nil && n != cur {
			changed(n)
		}
	}
	return sel
}

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

// outcomeView says how the last backup ended.
func (s *backupScreen) outcomeView(o *backupOutcome) fyne.CanvasObject {
	if o.err != nil {
		if errors.Is(o.err, context.Canceled) {
			return paragraph(i18n.T("ui.backup.cancelled"))
		}
		return errorLabel(i18n.T("ui.backup.failed", backupMessage(o.err)))
	}
	r := o.res
	lines := []fyne.CanvasObject{
		fieldName(i18n.T("ui.backup.done")),
		valueText(i18n.T("ui.backup.done_where", r.Path)),
		caption(i18n.T("ui.backup.done_size", i18n.Bytes(r.Size))),
		caption(i18n.T("ui.backup.done_verified", r.HeadSeq, shortHash(r.HeadLink))),
	}
	if r.Parts > 0 {
		lines = append(lines, caption(i18n.T("ui.backup.done_parts", r.Parts, strings.ToUpper(r.FS))))
	}
	lines = append(lines, caption(i18n.T("ui.backup.done_removed", len(r.Removed), r.Keep)))
	if r.NewerSeq > 0 {
		lines = append(lines, errorLabel(i18n.T("ui.seen.drive_newer", int(r.NewerSeq), int(r.HeadSeq))))
		// An older backup restored on purpose: the user says so, and a
		// new backup removes old ones and notes this state as usual.
		lines = append(lines, container.NewHBox(s.a.button(i18n.T("ui.seen.drive_accept"), theme.ConfirmIcon(), func() {
			s.a.startBackup(o.dir, true)
		})))
	}
	if r.Carried > 0 {
		lines = append(lines, errorLabel(i18n.T("ui.backup.carried", r.Carried)))
	}
	return container.NewVBox(lines...)
}

// valueText is a selectable, wrapped value (a path the user may copy).
func valueText(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapBreak
	l.Selectable = true
	return l
}

func shortHash(h string) string { return h[:min(12, len(h))] }

// logLine is one backup of the log.
func logLine(l app.BackupLogLine, loc *time.Location) fyne.CanvasObject {
	name := l.File
	if l.Parts > 0 {
		name = i18n.T("ui.backup.log_parts", strings.TrimSuffix(name, ".part001"), l.Parts)
	}
	head := widget.NewLabel(i18n.T("ui.backup.log_line", formatDateTime(l.At.In(loc), false), filepath.Join(l.Dest, name)))
	head.Wrapping = fyne.TextWrapBreak
	meta := caption(i18n.T("ui.backup.log_meta", i18n.Bytes(l.Size), strings.ToUpper(l.FS), l.HeadSeq, shortHash(l.HeadLink)))
	return container.NewVBox(head, meta)
}

func (j *backupJob) refresh() {
	p := j.prog.latest()
	if j.bar == nil {
		return
	}
	if p.Total > 0 {
		j.bar.SetValue(float64(p.Done) / float64(p.Total))
	} else {
		j.bar.SetValue(0)
	}
	phase := p.Phase
	if phase == "" {
		phase = "copy"
	}
	j.phase.SetText(i18n.T("ui.backup.phase."+phase, j.dir))
}

func (s *backupScreen) chooseFolder() { s.a.chooseFolder(s.folder) }

// backUp starts a backup into the folder of the field.
func (s *backupScreen) backUp() {
	a := s.a
	dir := strings.TrimSpace(s.folder.Text)
	switch {
	case a.backupState().job != nil || a.readOnly():
		return
	case dir == "":
		s.err = msgKey("ui.backup.err.no_folder")
		a.render()
		return
	}
	s.err = nil
	a.StartBackup(dir)
}

// StartBackup backs the open vault up into dir on a goroutine; the
// backup screen shows its progress, Cancel and result. The app stays
// usable meanwhile, recording included.
func (a *App) StartBackup(dir string) { a.startBackup(dir, false) }

// startBackup is StartBackup; acceptOlder backs up a vault older than the
// folder's record of it as the state to keep (backup.Options.AcceptOlder).
func (a *App) startBackup(dir string, acceptOlder bool) {
	st := a.backupState()
	b, ok := a.backupStore()
	if !ok || st.job != nil || a.readOnly() {
		return
	}
	a.touch()
	ctx, cancel := context.WithCancel(context.Background())
	job := &backupJob{dir: dir, cancel: cancel}
	st.job, st.last = job, nil
	progress := func(p app.BackupProgress) {
		job.prog.report(a, p, func() {
			a.touch() // a long backup is activity: no idle lock under it
			job.refresh()
		})
	}
	a.refreshBackupViews()
	a.background(func() func() {
		res, err := b.RunBackup(ctx, dir, acceptOlder, progress)
		cancel()
		return func() {
			st := a.backupState()
			st.job = nil
			st.last = &backupOutcome{dir: dir, res: res, err: err}
			if err == nil {
				st.loaded, st.dismissed = false, false
				a.loadBackupStatus()
			}
			a.refreshBackupViews()
		}
	})
}

// saveSettings stores new backup settings in the vault.
func (s *backupScreen) saveSettings(set app.BackupSettings) {
	a := s.a
	b, ok := a.backupStore()
	if !ok {
		return
	}
	a.background(func() func() {
		var err error
		a.withStore(a.storeOf(b), func(app.Store) { err = b.SetBackupSettings(set) })
		return func() {
			s.setNote = msgErr(err)
			if err == nil {
				a.backupState().settings = set
			}
			if a.cur == s {
				a.render()
			}
		}
	})
}

// backupMessage is a backup or restore error in plain words.
func backupMessage(err error) string {
	var d *app.BackupDamage
	switch {
	case errors.As(err, &d):
		return i18n.T("ui.backup.err.damaged", strings.Join(d.What, "\n"))
	case errors.Is(err, apperr.ErrDiskFull):
		return i18n.T("ui.backup.err.disk_full")
	case errors.Is(err, apperr.ErrNotFound):
		return i18n.T("ui.backup.err.not_found")
	}
	return messageFor(err)
}
