package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// Marker labels typed later. Pressing Ctrl+M while upset marks the moment;
// the words come afterwards, here: each marker of the open recording can
// be labelled and relabelled. The vault keeps the marker as placed and
// every label, so the list shows that history under the marker.

// labelOffer is the offer, after a recording stopped with markers placed
// without a label, to label them now.
type labelOffer struct {
	entryID, recID int64
	n              int
}

// markEditor is the label being typed for one marker of the player's
// recording. It outlives renders of the detail.
type markEditor struct {
	id    int64 // the marker's id
	entry *textEntry
	err   *message
	queue []int64 // markers to label next (after a recording stopped)
}

// markerRows lists the markers: a jump button, a button to label it, the
// editor while it is being labelled, and its label history.
func (p *player) markerRows() []fyne.CanvasObject {
	a := p.a
	if len(p.rec.Marks) == 0 || p.inEditor {
		return nil
	}
	objs := []fyne.CanvasObject{caption(i18n.T("ui.play.markers"))}
	p.editBtns = p.editBtns[:0]
	for i, m := range p.rec.Marks {
		label := m.Label
		if label == "" {
			label = i18n.T("ui.play.marker_n", i+1)
		}
		// The label is the worker's words: shown beside the button in its
		// own script and direction (scriptText), not in the button.
		jump := a.button(formatElapsed(m.At), theme.MediaSkipNextIcon(), func() {
			p.seek(m.At)
		})
		jump.Alignment = widget.ButtonAlignLeading
		jump.Importance = widget.LowImportance
		if p.pb == nil {
			jump.Disable()
		}
		edit := a.button(i18n.T("ui.markers.edit"), theme.DocumentCreateIcon(), func() { p.editMark(m.ID, nil) })
		edit.Importance = widget.LowImportance
		if m.ID == 0 {
			edit.Disable() // a store that cannot address it
		}
		p.editBtns = append(p.editBtns, edit)
		objs = append(objs, container.NewBorder(nil, nil, jump, edit, newScriptText(label, true)))
		if ed := p.editor; ed != nil && ed.id == m.ID {
			objs = append(objs, p.editorRow(i))
		}
		if h := markHistory(a, m); h != "" {
			l := caption(h)
			l.Wrapping = uiWrap()
			objs = append(objs, container.NewPadded(l))
		}
	}
	return objs
}

// editorRow is the label field of the marker being labelled, with Save
// and Cancel; Enter saves and Escape cancels.
func (p *player) editorRow(i int) fyne.CanvasObject {
	a, ed := p.a, p.editor
	ed.entry.SetPlaceHolder(i18n.T("ui.markers.placeholder", i+1))
	ed.entry.OnSubmitted = func(string) { p.saveMark() }
	ed.entry.OnEscape = p.cancelMark
	save := a.button(i18n.T("ui.markers.save"), theme.ConfirmIcon(), p.saveMark)
	save.Importance = widget.HighImportance
	cancel := a.button(i18n.T("ui.markers.cancel"), theme.CancelIcon(), p.cancelMark)
	row := container.NewBorder(nil, nil, nil, container.NewHBox(save, cancel), ed.entry)
	if ed.err == nil {
		return row
	}
	return container.NewVBox(row, errorLabel(ed.err.String()))
}

// markHistory says how a relabelled marker was labelled over time:
// its first label and each later one with the time it was written.
func markHistory(a *App, m app.Mark) string {
	if len(m.History) == 0 {
		return ""
	}
	var lines []string
	if m.Placed != "" {
		lines = append(lines, i18n.T("ui.markers.placed", m.Placed))
	} else {
		lines = append(lines, i18n.T("ui.markers.placed_none"))
	}
	for _, h := range m.History {
		when := formatDateTime(h.RecordedAt.In(a.loc), true)
		if h.Label == "" {
			lines = append(lines, i18n.T("ui.markers.cleared", when))
		} else {
			lines = append(lines, i18n.T("ui.markers.labelled", h.Label, when))
		}
	}
	return strings.Join(lines, "\n")
}

// editMark opens the label field of marker id, filled with its label, and
// focuses it. queue lists the markers to label after this one.
func (p *player) editMark(id int64, queue []int64) {
	a := p.a
	var cur string
	found := false
	for _, m := range p.rec.Marks {
		if m.ID == id {
			cur, found = m.Label, true
		}
	}
	if !found || id == 0 {
		return
	}
	a.touch()
	ed := &markEditor{id: id, entry: a.newEntry(), queue: queue}
	ed.entry.Wrapping = fyne.TextWrapOff
	ed.entry.SetText(cur)
	p.editor = ed
	a.refreshPlayer()
	if c := a.win.Canvas(); c != nil {
		c.Focus(ed.entry)
	}
}

// cancelMark closes the label field without saving.
func (p *player) cancelMark() {
	if p.editor == nil {
		return
	}
	p.editor = nil
	p.a.refreshPlayer()
}

// saveMark stores the typed label through the vault, then shows the
// marker's new label and history, and moves on to the next marker of the
// queue, if any.
func (p *player) saveMark() {
	a, ed := p.a, p.editor
	st := a.store
	if ed == nil || st == nil {
		return
	}
	a.touch()
	text := strings.TrimSpace(ed.entry.Text)
	recID := p.rec.ID
	a.background(func() func() {
		var m app.Mark
		var err error
		a.withStore(st, func(st app.Store) { m, err = st.LabelMarker(recID, ed.id, text) })
		return func() {
			if a.player != p || p.editor != ed {
				return
			}
			if err != nil {
				ed.err = msgErr(err)
				a.refreshPlayer()
				return
			}
			a.updateMark(recID, m)
			p.editor = nil
			if len(ed.queue) > 0 {
				p.editMark(ed.queue[0], ed.queue[1:])
				return
			}
			a.refreshPlayer()
		}
	})
}

// updateMark replaces marker m of recording recID in the player and in the
// detail's list of recordings.
func (a *App) updateMark(recID int64, m app.Mark) {
	set := func(marks []app.Mark) []app.Mark {
		out := append([]app.Mark(nil), marks...)
		for i := range out {
			if out[i].ID == m.ID {
				out[i] = m
			}
		}
		return out
	}
	if p := a.player; p != nil && p.rec.ID == recID {
		p.rec.Marks = set(p.rec.Marks)
	}
	if s, ok := a.cur.(*mainScreen); ok {
		for i := range s.recs {
			if s.recs[i].ID == recID {
				s.recs[i].Marks = set(s.recs[i].Marks)
			}
		}
	}
}

// LabelMarkersNow opens the recording just stopped in the player and the
// label field of its first marker placed without a label; saving moves to
// the next one.
func (a *App) LabelMarkersNow() {
	o, st := a.offer, a.store
	if _, editing := a.cur.(*formScreen); o == nil || st == nil || editing {
		return
	}
	a.touch()
	a.offer, a.recNote = nil, nil
	a.fillRecSlot()
	a.background(func() func() {
		var list []app.RecordingInfo
		var err error
		a.withStore(st, func(st app.Store) { list, err = st.Recordings(o.entryID) })
		return func() {
			if a.store != st {
				return
			}
			if err != nil {
				a.recNote = msgErr(err)
				a.fillRecSlot()
				return
			}
			for _, r := range list {
				if r.ID != o.recID {
					continue
				}
				if _, ok := a.cur.(*mainScreen); !ok || a.cur.(*mainScreen).selected != o.entryID {
					a.showMain(o.entryID)
				}
				a.OpenPlayer(o.entryID, r)
				var queue []int64
				for _, m := range r.Marks {
					if m.Label == "" && m.ID != 0 {
						queue = append(queue, m.ID)
					}
				}
				if p := a.player; p != nil && len(queue) > 0 {
					p.editMark(queue[0], queue[1:])
				}
			}
		}
	})
}
