package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// previewMax is the largest image previewed in the entry detail.
const previewMax = 10 << 20

// previewSize is the box an image preview fits in.
var previewSize = fyne.NewSize(240, 240)

// previewTypes are the media types previewed as images.
var previewTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true}

func previewable(a app.AttachmentInfo) bool {
	return previewTypes[a.MediaType] && a.Size <= previewMax
}

// importJob is a file being imported on a goroutine.
type importJob struct {
	name    string
	entryID int64
	cancel  context.CancelFunc

	prog progress[byteCount] // written by the import

	bar *widget.ProgressBar // rebuilt by attachmentsView
}

// fraction is how much of the file is stored so far.
func (j *importJob) fraction() float64 { return j.prog.latest().fraction() }

// ImportFile imports the file at path into entry entryID on a goroutine;
// the entry's detail shows a progress bar meanwhile and lists the file
// once it is stored.
func (a *App) ImportFile(path string, entryID int64) {
	st := a.store
	if st == nil || entryID == 0 {
		return
	}
	a.touch()
	ctx, cancel := context.WithCancel(context.Background())
	job := &importJob{name: filepath.Base(path), entryID: entryID, cancel: cancel}
	a.imports = append(a.imports, job)
	a.importNote = nil
	a.refreshAttachments(entryID)
	progress := func(done, total int64) {
		job.prog.report(a, byteCount{done, total}, func() {
			if job.bar != nil {
				job.bar.SetValue(job.fraction())
			}
		})
	}
	a.background(func() func() {
		var err error
		// Serialised with the other Store calls, like every call; Lock
		// cancels a running import first (the idle lock does not start
		// meanwhile: importing counts as activity).
		a.withStore(st, func(st app.Store) { _, err = st.Import(ctx, path, entryID, progress) })
		cancel()
		return func() {
			for i, j := range a.imports {
				if j == job {
					a.imports = append(a.imports[:i:i], a.imports[i+1:]...)
					break
				}
			}
			switch {
			case errors.Is(err, context.Canceled):
				a.importNote = msgKey("ui.att.cancelled", job.name)
			case err != nil:
				a.importNote = msgKey("ui.att.failed", job.name, messageFor(err))
			}
			a.refreshAttachments(entryID)
		}
	})
}

// refreshAttachments reloads the attachments of entry id if it is shown.
func (a *App) refreshAttachments(id int64) {
	s, ok := a.cur.(*mainScreen)
	if !ok || s.detail == nil {
		return
	}
	if s.selected == id {
		s.attsID, s.attsLoad = 0, 0 // a load in flight may predate the import
	}
	s.renderDetail()
}

// filesDropped imports files dropped on the window into the selected
// entry; with none selected it says to select one.
func (a *App) filesDropped(uris []fyne.URI) {
	s, ok := a.cur.(*mainScreen)
	if !ok || a.store == nil {
		return
	}
	a.touch()
	if _, ok := s.selectedEntry(); !ok {
		s.note = msgKey("ui.att.drop_select")
		s.renderDetail()
		return
	}
	for _, u := range uris {
		if u.Scheme() != "file" {
			continue
		}
		a.ImportFile(u.Path(), s.selected)
	}
}

// chooseFile opens the file dialog and imports the chosen file into
// entry entryID.
func (a *App) chooseFile(entryID int64) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		a.touch()
		if err != nil {
			a.importNote = msgErr(err)
			a.refreshAttachments(entryID)
			return
		}
		if r == nil {
			return // cancelled
		}
		path := r.URI().Path()
		r.Close()
		a.ImportFile(path, entryID)
	}, a.win)
	d.Resize(fyne.NewSize(800, 560))
	showFileDialog(d, "ui.dialog.open_file")
}

// attachmentsView lists an entry's files in its detail.
func (s *mainScreen) attachmentsView(entryID int64) fyne.CanvasObject {
	a := s.a
	head := fieldName(i18n.T("ui.att.title"))
	add := a.button(i18n.T("ui.att.attach"), theme.FileIcon(), func() { a.chooseFile(entryID) })
	if a.readOnly() {
		add.Disable()
	}
	objs := []fyne.CanvasObject{container.NewBorder(nil, nil, nil, add, head)}
	for _, j := range a.imports {
		if j.entryID != entryID {
			continue
		}
		j.bar = widget.NewProgressBar()
		j.bar.SetValue(j.fraction())
		cancel := a.button(i18n.T("ui.att.cancel"), theme.CancelIcon(), j.cancel)
		objs = append(objs, container.NewBorder(nil, nil, nil,
			container.NewHBox(container.New(widthLayout{width: 160}, j.bar), cancel), caption(i18n.T("ui.att.importing", j.name))))
	}
	if a.importNote != nil {
		objs = append(objs, errorLabel(a.importNote.String()))
	}
	if p := a.player; p != nil && p.entryID == entryID && p.att != nil {
		objs = append(objs, container.NewPadded(p.view()))
	}
	switch {
	case s.attsID != entryID:
		objs = append(objs, caption(i18n.T("ui.att.loading")))
	case s.attsErr != nil:
		objs = append(objs, errorLabel(s.attsErr.String()))
	case len(s.atts) == 0:
		objs = append(objs, caption(i18n.T("ui.att.none")))
	}
	if s.attsID == entryID {
		for _, at := range s.atts {
			objs = append(objs, s.attachmentRow(at))
			if isAudio(at) {
				objs = append(objs, s.transcriptRows(s.selected, app.RecordingInfo{}, &at)...)
			}
		}
	}
	return container.NewVBox(objs...)
}

func (s *mainScreen) attachmentRow(at app.AttachmentInfo) fyne.CanvasObject {
	hash := at.SHA256[:min(16, len(at.SHA256))]
	name := newScriptText(at.Name, true) // the file's own name, in any script
	meta := caption(i18n.T("ui.att.row_meta", i18n.Bytes(at.Size), at.MediaType, hash))
	parts := []fyne.CanvasObject{name, meta}
	if b, ok := s.previews[at.ID]; ok {
		img := canvas.NewImageFromResource(fyne.NewStaticResource("attachment-"+strconv.FormatInt(at.ID, 10), b))
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(previewSize)
		parts = append(parts, container.NewHBox(img))
	} else if m := s.previewErr[at.ID]; m != nil {
		parts = append(parts, errorLabel(i18n.T("ui.att.preview_failed", m.String())))
	}
	icon := theme.FileIcon()
	var play fyne.CanvasObject
	if isAudio(at) {
		icon = theme.MediaMusicIcon()
		b := s.a.button(i18n.T("ui.play.open"), theme.MediaPlayIcon(), func() { s.a.OpenAttachmentPlayer(s.selected, at) })
		if p := s.a.player; p != nil && p.att != nil && p.att.ID == at.ID {
			b.Disable()
		}
		play = container.NewCenter(container.NewHBox(b, s.transcriptButton(s.selected, app.RecordingInfo{}, &at)))
	}
	return container.NewBorder(nil, nil, widget.NewIcon(icon), play, container.NewVBox(parts...))
}

// isAudio reports whether an imported file is audio (by the media type
// sniffed at import): a phone recording Kiroku can try to play.
func isAudio(at app.AttachmentInfo) bool { return strings.HasPrefix(at.MediaType, "audio/") }

// loadAttachments fetches the attachments of entry id for the detail,
// with the bytes of the small images it previews.
func (s *mainScreen) loadAttachments(id int64) {
	a, st := s.a, s.a.store
	if st == nil || s.attsLoad == id {
		return
	}
	s.attsSeq++
	seq := s.attsSeq
	s.attsLoad = id
	a.background(func() func() {
		var list []app.AttachmentInfo
		var err error
		previews := map[int64][]byte{}
		previewErr := map[int64]*message{}
		a.withStore(st, func(st app.Store) {
			list, err = st.Attachments(id)
			for _, at := range list {
				if !previewable(at) {
					continue
				}
				if b, perr := st.AttachmentBytes(at.ID, previewMax); perr != nil {
					previewErr[at.ID] = msgErr(perr)
				} else {
					previews[at.ID] = b
				}
			}
		})
		return func() {
			if s.attsSeq != seq {
				return
			}
			s.attsLoad = 0
			if a.cur != s || s.selected != id {
				return
			}
			s.attsID, s.atts, s.attsErr = id, list, msgErr(err)
			s.previews, s.previewErr = previews, previewErr
			s.renderDetail()
		}
	})
}
