package ui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// recTickPeriod is how often the recording bar refreshes its clock and
// level meter.
const recTickPeriod = 100 * time.Millisecond

// recording is the recording in progress. It outlives screens: the
// recording bar sits above whichever screen is shown, until Stop or Lock.
type recording struct {
	sess     app.RecordingSession
	entryID  int64
	markers  int
	unnamed  int // markers placed without a label
	stopping bool
	stopTick chan struct{}
	label    *textEntry // optional label of the next marker; kept across renders
	// A marker placed without a label (Ctrl+M) takes the words typed next
	// in the label field as its label: awaiting is its number, pending
	// its id once the vault has it, early a label submitted before that.
	awaiting int
	pending  int64
	early    string

	// rebuilt by recBar
	status, elapsed, info *widget.Label
	meter                 *widget.ProgressBar
	pauseBtn, markBtn     *widget.Button
	stopBtn               *widget.Button
}

// recStart is a recording being started on a goroutine.
type recStart struct {
	done    chan struct{} // closed once StartRecording returned
	entryID int64
	sess    app.RecordingSession
	err     error
}

// recordTarget is the entry a recording started now attaches to: the
// selected entry, or the one being edited; 0 for a new entry.
func (a *App) recordTarget() int64 {
	switch s := a.cur.(type) {
	case *mainScreen:
		if _, ok := s.selectedEntry(); ok {
			return s.selected
		}
	case *formScreen:
		if s.orig != nil {
			return s.orig.ID
		}
	}
	return 0
}

// Recording reports whether a recording is in progress or starting.
func (a *App) Recording() bool { return a.rec != nil || a.starting != nil }

// StartRecording starts recording into entry entryID, or into a new
// "Audio note" entry when entryID is 0. It does nothing while locked or
// while a recording is already running.
func (a *App) StartRecording(entryID int64) {
	if a.store == nil || a.Recording() || a.readOnly() {
		return // a backup opened read-only takes nothing new
	}
	a.touch()
	st := a.store
	newEntry := record.Fields{
		EventTime: a.now().In(a.loc).Truncate(time.Second),
		EventZone: zoneName(a.loc),
		Text:      i18n.T("ui.rec.audio_note"),
	}
	rs := &recStart{done: make(chan struct{}), entryID: entryID}
	a.starting = rs
	a.recNote, a.offer = nil, nil
	a.fillRecSlot()
	a.background(func() func() {
		a.withStore(st, func(st app.Store) {
			rs.sess, rs.err = st.StartRecording(rs.entryID, newEntry)
		})
		close(rs.done)
		return func() { a.recordingStarted(rs) }
	})
}

func (a *App) recordingStarted(rs *recStart) {
	if a.starting != rs {
		return
	}
	a.starting = nil
	if rs.err != nil {
		a.recNote = msgErr(rs.err)
		a.fillRecSlot()
		return
	}
	r := &recording{sess: rs.sess, entryID: rs.sess.EntryID(), stopTick: make(chan struct{}), label: a.newEntry()}
	a.rec = r
	a.fillRecSlot()
	if a.liveTicks {
		go func() {
			t := time.NewTicker(recTickPeriod)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					a.onUI(a.tickRecording)
				case <-r.stopTick:
					return
				}
			}
		}()
	}
	// Show the entry the audio goes to (a new one appears in the timeline).
	if _, ok := a.cur.(*mainScreen); ok {
		a.showMain(r.entryID)
	}
}

// tickRecording refreshes the recording bar; the ticker calls it about ten
// times a second, tests call it after moving their clock. A recording
// that ended by itself (microphone unplugged) is stopped and saved.
func (a *App) tickRecording() {
	r := a.rec
	if r == nil {
		return
	}
	select {
	case <-r.sess.Done():
		a.StopRecording()
		return
	default:
	}
	a.updateRecBar()
}

func (a *App) updateRecBar() {
	r := a.rec
	if r == nil || r.elapsed == nil {
		return
	}
	r.elapsed.SetText(formatElapsed(r.sess.Elapsed()))
	_, peak := r.sess.Level()
	r.meter.SetValue(meterValue(peak))
	paused := r.sess.Paused()
	switch {
	case r.stopping:
		r.status.SetText(i18n.T("ui.rec.saving"))
	case paused:
		r.status.SetText(i18n.T("ui.rec.paused"))
	default:
		r.status.SetText(i18n.T("ui.rec.recording"))
	}
	if paused {
		r.pauseBtn.SetText(i18n.T("ui.rec.resume"))
		r.pauseBtn.SetIcon(theme.MediaPlayIcon())
	} else {
		r.pauseBtn.SetText(i18n.T("ui.rec.pause"))
		r.pauseBtn.SetIcon(theme.MediaPauseIcon())
	}
	r.info.SetText(i18n.T("ui.rec.info", r.markers, markKeyName()))
	if r.stopping {
		r.pauseBtn.Disable()
		r.markBtn.Disable()
		r.stopBtn.Disable()
	}
}

// TogglePause pauses or resumes the recording.
func (a *App) TogglePause() {
	r := a.rec
	if r == nil || r.stopping {
		return
	}
	a.touch()
	if r.sess.Paused() {
		r.sess.Resume()
	} else {
		r.sess.Pause()
	}
	a.updateRecBar()
}

// AddMarker marks the current point of the recording, labelled with what
// the label field holds. Often that is nothing (a shaking hand presses
// Ctrl+M): the field then takes the keyboard, and the words typed next and
// submitted with Enter become that marker's label (submitLabel).
func (a *App) AddMarker() {
	r := a.rec
	if r == nil || r.stopping {
		return
	}
	a.touch()
	label := strings.TrimSpace(r.label.Text)
	r.label.SetText("")
	r.markers++
	n := r.markers
	r.awaiting, r.pending, r.early = 0, 0, ""
	if label == "" {
		r.unnamed++
		r.awaiting = n
		r.label.SetPlaceHolder(i18n.T("ui.rec.label_pending", n))
		// Unless the worker is writing elsewhere (the entry form).
		if f, ok := a.win.Canvas().Focused().(*textEntry); !ok || f == r.label {
			a.win.Canvas().Focus(r.label)
		}
	} else {
		r.label.SetPlaceHolder(i18n.T("ui.rec.label_placeholder"))
	}
	a.updateRecBar()
	sess := r.sess
	a.background(func() func() {
		id, err := sess.Marker(label)
		return func() {
			if a.rec != r {
				return
			}
			if err != nil {
				r.markers--
				if label == "" {
					r.unnamed--
				}
				if r.awaiting == n {
					a.endAwaiting()
				}
				a.recNote = msgErr(err)
				a.fillRecSlot()
				return
			}
			if r.awaiting == n {
				r.pending = id
				if r.early != "" {
					a.labelPending(r.early)
				}
			}
		}
	})
}

// submitLabel is Enter in the marker label field: the words label the
// marker placed last without one, else they make a new labelled marker.
func (a *App) submitLabel() {
	r := a.rec
	if r == nil || r.stopping {
		return
	}
	if label := strings.TrimSpace(r.label.Text); label != "" && r.awaiting != 0 {
		a.touch()
		a.labelPending(label)
		return
	}
	a.AddMarker()
}

// labelPending gives the marker placed last without a label the label
// typed after it: a label record, as one typed in the player later.
func (a *App) labelPending(label string) {
	r := a.rec
	if r.pending == 0 {
		r.early = label // the vault has not answered yet: soon
		r.label.SetText("")
		return
	}
	id, recID, st := r.pending, r.sess.ID(), a.store
	a.endAwaiting()
	r.label.SetText("")
	r.unnamed--
	a.updateRecBar()
	if st == nil {
		return
	}
	a.background(func() func() {
		var err error
		a.withStore(st, func(st app.Store) { _, err = st.LabelMarker(recID, id, label) })
		return func() {
			if err != nil && a.rec == r {
				r.unnamed++
				a.recNote = msgErr(err)
				a.fillRecSlot()
			}
		}
	})
}

// endAwaiting stops waiting for the label of the last unlabelled marker
// (it keeps no label, or got one).
func (a *App) endAwaiting() {
	r := a.rec
	r.awaiting, r.pending, r.early = 0, 0, ""
	r.label.SetPlaceHolder(i18n.T("ui.rec.label_placeholder"))
}

// StopRecording ends the recording and saves it; the entry it belongs to
// then lists it.
func (a *App) StopRecording() {
	r := a.rec
	if r == nil || r.stopping {
		return
	}
	a.touch()
	r.stopping = true
	a.updateRecBar()
	a.background(func() func() {
		res, err := r.sess.Stop()
		return func() { a.recordingStopped(r, res, err) }
	})
}

func (a *App) recordingStopped(r *recording, res app.RecordingResult, err error) {
	if a.rec != r {
		return
	}
	a.endRecording()
	a.touch() // the idle time starts now, not when recording began
	switch {
	case err != nil && res.ID != 0:
		a.recNote = msgKey("ui.rec.kept", formatElapsed(res.Duration), messageFor(err))
	case err != nil:
		a.recNote = msgErr(err)
	default:
		a.recNote = msgKey("ui.rec.saved", formatElapsed(res.Duration), r.markers)
	}
	if res.ID != 0 && r.unnamed > 0 {
		a.offer = &labelOffer{entryID: r.entryID, recID: res.ID, n: r.unnamed}
	}
	a.fillRecSlot()
	if _, ok := a.cur.(*mainScreen); ok {
		a.showMain(r.entryID)
	}
}

// endRecording forgets the recording and stops its ticker.
func (a *App) endRecording() {
	if r := a.rec; r != nil {
		close(r.stopTick)
		a.rec = nil
	}
}

// stopRecordingNow stops and saves the recording on the calling goroutine,
// waiting for one still starting: Lock and shutdown call it before they
// close the vault. It returns why the recording failed, if it did.
func (a *App) stopRecordingNow() error {
	if rs := a.starting; rs != nil {
		<-rs.done
		a.starting = nil
		if rs.sess != nil {
			a.rec = &recording{sess: rs.sess, stopTick: make(chan struct{})}
		}
	}
	r := a.rec
	if r == nil {
		return nil
	}
	_, err := r.sess.Stop()
	a.endRecording()
	return err
}

// fillRecSlot shows the recording bar, the note about the last recording,
// or nothing, above the current screen.
func (a *App) fillRecSlot() {
	if a.recSlot == nil {
		return
	}
	var objs []fyne.CanvasObject
	switch {
	case a.rec != nil:
		objs = []fyne.CanvasObject{a.recBar(), widget.NewSeparator()}
	case a.starting != nil:
		objs = []fyne.CanvasObject{container.NewPadded(container.NewHBox(
			widget.NewIcon(theme.MediaRecordIcon()), widget.NewLabel(i18n.T("ui.rec.starting")))), widget.NewSeparator()}
	case a.recNote != nil && a.store != nil:
		text := a.recNote.String()
		var l *widget.Label
		if a.recNote.err != nil || a.recNote.key == "ui.rec.kept" {
			l = errorLabel(text)
		} else {
			l = paragraph(text)
		}
		ok := a.link(i18n.T("ui.rec.dismiss"), func() {
			a.recNote, a.offer = nil, nil
			a.fillRecSlot()
		})
		var right fyne.CanvasObject = ok
		// Not over the entry form: going to the player would drop what is typed there.
		if _, editing := a.cur.(*formScreen); a.offer != nil && !editing {
			o := a.offer
			now := a.button(i18n.T("ui.markers.offer", o.n), theme.DocumentCreateIcon(), a.LabelMarkersNow)
			now.Importance = widget.HighImportance
			right = container.NewHBox(now, ok)
		}
		objs = []fyne.CanvasObject{container.NewPadded(container.NewBorder(nil, nil, nil, right, l)), widget.NewSeparator()}
	}
	a.recSlot.Objects = objs
	a.recSlot.Refresh()
}

// recBar is the bar shown while recording: state and time, the level
// meter, a marker label and the Marker, Pause and Stop buttons.
func (a *App) recBar() fyne.CanvasObject {
	r := a.rec
	dot := canvas.NewCircle(theme.Color(theme.ColorNameError))
	dot.Resize(fyne.NewSize(14, 14))
	r.status = widget.NewLabel("")
	r.status.TextStyle.Bold = true
	r.elapsed = widget.NewLabel("00:00")
	r.elapsed.TextStyle.Monospace = true
	r.elapsed.SizeName = theme.SizeNameSubHeadingText
	r.meter = widget.NewProgressBar()
	r.meter.TextFormatter = func() string { return "" }
	r.info = caption("")
	r.info.Wrapping = fyne.TextWrapOff
	if r.awaiting != 0 {
		r.label.SetPlaceHolder(i18n.T("ui.rec.label_pending", r.awaiting))
	} else {
		r.label.SetPlaceHolder(i18n.T("ui.rec.label_placeholder"))
	}
	r.label.OnSubmitted = func(string) { a.submitLabel() }
	r.label.OnEscape = func() {
		// The marker keeps no label (it can get one in the player).
		r.label.SetText("")
		if r.awaiting != 0 {
			a.endAwaiting()
		}
		a.win.Canvas().Unfocus()
	}
	r.markBtn = a.button(i18n.T("ui.rec.marker"), theme.ContentAddIcon(), a.AddMarker)
	r.pauseBtn = a.button(i18n.T("ui.rec.pause"), theme.MediaPauseIcon(), a.TogglePause)
	r.stopBtn = a.button(i18n.T("ui.rec.stop"), theme.MediaStopIcon(), a.StopRecording)
	r.stopBtn.Importance = widget.HighImportance
	left := container.NewHBox(container.NewCenter(container.NewGridWrap(fyne.NewSize(14, 14), dot)), r.status, r.elapsed)
	right := container.NewHBox(container.New(widthLayout{width: 220}, r.label), r.markBtn, r.pauseBtn, r.stopBtn)
	meter := container.NewCenter(container.New(widthLayout{width: 160}, r.meter))
	a.updateRecBar()
	if a.compact {
		// A narrow window: the controls on a row of their own.
		r.info.Wrapping = fyne.TextWrapWord
		return container.NewPadded(container.NewVBox(container.NewBorder(nil, nil, left, nil, meter),
			container.NewHBox(layout.NewSpacer(), right), r.info))
	}
	top := container.NewBorder(nil, nil, left, right, meter)
	return container.NewPadded(container.NewVBox(top, r.info))
}

// recordButton starts recording into the selected entry, or a new one:
// the calm, always-there button for Ctrl+R.
func (a *App) recordButton() *widget.Button {
	b := a.button(i18n.T("ui.rec.record", recordKeyName()), theme.MediaRecordIcon(), func() {
		a.StartRecording(a.recordTarget())
	})
	b.Importance = widget.HighImportance
	return b
}

// recordingsView lists an entry's recordings in its detail.
func (s *mainScreen) recordingsView(entryID int64) fyne.CanvasObject {
	a := s.a
	head := fieldName(i18n.T("ui.rec.list_title"))
	rec := a.button(i18n.T("ui.rec.record_here"), theme.MediaRecordIcon(), func() { a.StartRecording(entryID) })
	if a.readOnly() {
		rec.Disable()
	}
	objs := []fyne.CanvasObject{container.NewBorder(nil, nil, nil, rec, head)}
	switch {
	case s.recsID != entryID:
		objs = append(objs, caption(i18n.T("ui.rec.loading")))
	case s.recsErr != nil:
		objs = append(objs, errorLabel(s.recsErr.String()))
	case len(s.recs) == 0:
		objs = append(objs, caption(i18n.T("ui.rec.none")))
	}
	if p := a.player; p != nil && p.entryID == entryID && p.att == nil {
		objs = append(objs, container.NewPadded(p.view()))
	}
	if s.recsID == entryID {
		for _, r := range s.recs {
			var tr fyne.CanvasObject
			if r.State != "recording" {
				tr = s.transcriptButton(entryID, r, nil)
			}
			objs = append(objs, recordingRow(a, entryID, r, tr))
			objs = append(objs, s.transcriptRows(entryID, r, nil)...)
		}
	}
	return container.NewVBox(objs...)
}

// recordingRow is one recording: its Play button and, if given, the
// Transcript button beside it.
func recordingRow(a *App, entryID int64, r app.RecordingInfo, transcript fyne.CanvasObject) fyne.CanvasObject {
	state := i18n.T("state." + r.State)
	title := i18n.T("ui.rec.row", r.ID, formatDateTime(r.Started.In(a.loc), false), formatElapsed(r.Duration), state)
	hash := "—"
	if r.SHA256 != "" {
		hash = r.SHA256[:min(16, len(r.SHA256))] + "…"
	}
	metaText := i18n.T("ui.rec.row_meta", r.Markers, hash)
	if r.State == "recording" && a.rec != nil && a.rec.sess.ID() == r.ID {
		// The recording going on: its length and markers change every
		// moment and the bar at the top shows them; figures here went stale.
		title = i18n.T("ui.rec.row_live", r.ID, formatDateTime(r.Started.In(a.loc), false))
		metaText = i18n.T("ui.rec.row_live_meta")
	}
	t := widget.NewLabel(title)
	t.Wrapping = uiWrap()
	meta := caption(metaText)
	var play fyne.CanvasObject = container.NewVBox()
	if r.State != "recording" {
		b := a.button(i18n.T("ui.play.open"), theme.MediaPlayIcon(), func() { a.OpenPlayer(entryID, r) })
		if p := a.player; p != nil && p.att == nil && p.rec.ID == r.ID {
			b.Disable()
		}
		play = container.NewCenter(b)
		if transcript != nil {
			play = container.NewCenter(container.NewHBox(b, transcript))
		}
	}
	return container.NewBorder(nil, nil, widget.NewIcon(theme.MediaMusicIcon()), play, container.NewVBox(t, meta))
}

// loadRecordings fetches the recordings of entry id for the detail.
func (s *mainScreen) loadRecordings(id int64) {
	a, st := s.a, s.a.store
	if st == nil || s.recsLoading == id {
		return
	}
	s.recsLoading = id
	a.background(func() func() {
		var list []app.RecordingInfo
		var err error
		a.withStore(st, func(st app.Store) { list, err = st.Recordings(id) })
		return func() {
			if s.recsLoading == id {
				s.recsLoading = 0
			}
			if a.cur != s || s.selected != id {
				return
			}
			s.recsID, s.recs, s.recsErr = id, list, msgErr(err)
			s.renderDetail()
		}
	})
}

// formatElapsed writes a duration as mm:ss, or h:mm:ss from an hour.
func formatElapsed(d time.Duration) string {
	sec := int64(d / time.Second)
	if sec < 0 {
		sec = 0
	}
	if sec >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", sec/3600, sec/60%60, sec%60)
	}
	return fmt.Sprintf("%02d:%02d", sec/60, sec%60)
}

// meterValue maps a level (fraction of full scale) to the meter: -60 dBFS
// and below is empty, 0 dBFS full, so speech sits in the middle.
func meterValue(level float64) float64 {
	if level <= 0 {
		return 0
	}
	db := 20 * math.Log10(level)
	return math.Min(1, math.Max(0, (db+60)/60))
}

// markKeyName is how the marker shortcut is written on this system.
func markKeyName() string {
	if fyne.KeyModifierShortcutDefault == fyne.KeyModifierSuper {
		return "Cmd+M"
	}
	return "Ctrl+M"
}

// recordKeyName is how the record shortcut is written on this system.
func recordKeyName() string {
	if fyne.KeyModifierShortcutDefault == fyne.KeyModifierSuper {
		return "Cmd+R"
	}
	return "Ctrl+R"
}
