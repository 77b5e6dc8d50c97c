package ui

import (
	"fmt"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// waveBuckets is how many peaks the waveform shows.
const waveBuckets = 240

// seekStep is how far the back and forward buttons move.
const seekStep = 5 * time.Second

// player is the recording open for playback in the entry detail. It
// outlives renders of the detail; it is closed when another recording is
// opened, when the screen changes and on lock.
type player struct {
	a       *App
	entryID int64
	rec     app.RecordingInfo   // the recording played; zero for an imported file
	att     *app.AttachmentInfo // the imported audio file played, if that is what it plays
	pb      app.Playback        // nil while opening or if opening failed
	err     *message
	peaks   []float32 // nil until computed
	peakErr *message
	stop    chan struct{} // stops the ticker
	closed  bool
	// inEditor: the transcript editor shows it, without Close and
	// markers (the editor lists the markers among the utterances).
	inEditor bool

	// rebuilt by view
	playBtn *widget.Button
	pos     *widget.Label
	slider  *widget.Slider
	wave    *waveform
	errL    *widget.Label

	speedSel *widget.Select // the transcript editor's speed, if the playback has one

	editor   *markEditor      // the marker label being typed, if any
	editBtns []*widget.Button // rebuilt by view: each marker's Label button
}

// OpenPlayer opens recording rec of entry entryID for playback, paused at
// its start, and computes its waveform on a goroutine.
func (a *App) OpenPlayer(entryID int64, rec app.RecordingInfo) {
	a.openPlayer(&player{a: a, entryID: entryID, rec: rec, stop: make(chan struct{})})
}

// OpenAttachmentPlayer opens imported audio file at (a phone recording)
// of entry entryID for listening, decoded in memory, paused at its start.
func (a *App) OpenAttachmentPlayer(entryID int64, at app.AttachmentInfo) {
	a.openPlayer(&player{a: a, entryID: entryID, att: &at, stop: make(chan struct{})})
}

func (a *App) openPlayer(p *player) {
	st := a.store
	if st == nil {
		return
	}
	a.touch()
	a.closePlayer()
	a.player = p
	a.refreshPlayer()
	a.background(func() func() {
		var pb app.Playback
		var err error
		a.withStore(st, func(st app.Store) {
			if p.att != nil {
				pb, err = st.OpenAttachmentPlayback(p.att.ID)
			} else {
				pb, err = st.OpenPlayback(p.rec.ID)
			}
		})
		return func() {
			if a.player != p {
				if pb != nil {
					go pb.Close()
				}
				return
			}
			p.pb, p.err = pb, msgErr(err)
			if pb != nil {
				p.loadPeaks()
				p.startTicker()
			}
			a.refreshPlayer()
		}
	})
}

// loadPeaks reads the recording for its waveform. It does not hold the
// store lock (a long recording takes a while): the vault serialises its
// own reads, and a result after lock or close is dropped.
func (p *player) loadPeaks() {
	a, pb := p.a, p.pb
	a.background(func() func() {
		peaks, err := pb.Peaks(waveBuckets)
		return func() {
			if a.player != p {
				return
			}
			p.peaks, p.peakErr = peaks, msgErr(err)
			a.refreshPlayer()
		}
	})
}

func (p *player) startTicker() {
	if !p.a.liveTicks {
		return
	}
	go func() {
		t := time.NewTicker(recTickPeriod)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.a.onUI(p.tick)
			case <-p.stop:
				return
			}
		}
	}()
}

// closePlayer stops playback and forgets the player.
func (a *App) closePlayer() {
	p := a.player
	if p == nil {
		return
	}
	a.player = nil
	p.closed = true
	close(p.stop)
	if pb := p.pb; pb != nil {
		go pb.Close() // may wait for the audio thread
	}
}

// refreshPlayer redraws the detail, or the transcript editor, that shows
// the player.
func (a *App) refreshPlayer() {
	switch s := a.cur.(type) {
	case *mainScreen:
		if s.detail != nil {
			s.renderDetail()
		}
	case *transcriptScreen:
		s.fillSlot()
	}
}

// TogglePlay plays or pauses the open recording (Ctrl+P). With none
// open, it opens the newest finished recording of the selected entry.
func (a *App) TogglePlay() {
	p := a.player
	if p == nil {
		a.openLatest()
		return
	}
	if p.pb == nil {
		return
	}
	a.touch()
	pb := p.pb
	playing := pb.Playing()
	a.background(func() func() {
		var err error
		if playing {
			err = pb.Pause()
		} else {
			err = pb.Play()
		}
		return func() {
			if a.player == p {
				p.err = msgErr(err)
				p.tick()
			}
		}
	})
}

// openLatest opens the newest finished recording of the selected entry.
func (a *App) openLatest() {
	s, ok := a.cur.(*mainScreen)
	if !ok || s.recsID != s.selected || s.selected == 0 {
		return
	}
	for i := len(s.recs) - 1; i >= 0; i-- {
		if s.recs[i].State != "recording" {
			a.OpenPlayer(s.selected, s.recs[i])
			return
		}
	}
}

// skip moves playback by d from where it is.
func (p *player) skip(d time.Duration) {
	if p.pb != nil {
		p.seek(p.pb.Position() + d)
	}
}

// seek moves playback to pos.
func (p *player) seek(pos time.Duration) {
	if p.pb == nil {
		return
	}
	a, pb := p.a, p.pb
	a.touch()
	pos = max(0, min(pos, pb.Duration()))
	a.background(func() func() {
		err := pb.Seek(pos)
		return func() {
			if a.player == p {
				p.err = msgErr(err)
				p.tick()
			}
		}
	})
}

// tick shows the position and state; a ticker calls it ten times a
// second, tests after changing their fake.
func (p *player) tick() {
	if p.closed || p.pb == nil || p.pos == nil {
		return
	}
	pos, dur := p.pb.Position(), p.pb.Duration()
	p.pos.SetText(i18n.T("ui.play.position", formatElapsed(pos), formatElapsed(dur)))
	if dur > 0 {
		p.slider.Value = pos.Seconds()
		p.slider.Refresh()
		p.wave.setCursor(float32(pos.Seconds() / dur.Seconds()))
	}
	if p.pb.Playing() {
		p.playBtn.SetText(i18n.T("ui.play.pause", shortcutName("P")))
		p.playBtn.SetIcon(theme.MediaPauseIcon())
	} else {
		p.playBtn.SetText(i18n.T("ui.play.play", shortcutName("P")))
		p.playBtn.SetIcon(theme.MediaPlayIcon())
	}
	msg := p.err
	if msg == nil {
		msg = msgErr(p.pb.Err())
	}
	if msg == nil {
		msg = p.peakErr
	}
	setError(p.errL, msg.String())
}

// view is the player panel: title, waveform, slider, buttons, markers.
func (p *player) view() fyne.CanvasObject {
	a := p.a
	var title fyne.CanvasObject = fieldName(i18n.T("ui.play.title", p.rec.ID, formatElapsed(p.rec.Duration)))
	if p.att != nil {
		title = container.NewVBox(fieldName(i18n.T("ui.play.title_file")), newScriptText(p.att.Name, true))
	}
	closeBtn := a.button(i18n.T("ui.play.close"), theme.CancelIcon(), func() {
		a.closePlayer()
		a.refreshPlayer()
	})
	closeBtn.Importance = widget.LowImportance
	head := container.NewBorder(nil, nil, nil, closeBtn, title)
	if p.inEditor {
		head = container.NewVBox() // the editor's title names the audio
	}
	p.errL = errorLabel("")
	if p.pb == nil {
		// The markers can be labelled even when the recording cannot play.
		if p.err != nil {
			setError(p.errL, p.err.String())
			return container.NewVBox(append([]fyne.CanvasObject{head, p.errL}, p.markerRows()...)...)
		}
		return container.NewVBox(append([]fyne.CanvasObject{head, caption(i18n.T("ui.play.opening")),
			widget.NewProgressBarInfinite()}, p.markerRows()...)...)
	}
	dur := p.pb.Duration()
	p.wave = newWaveform(p.peaks, func(f float32) { p.seek(time.Duration(float64(dur) * float64(f))) })
	p.slider = widget.NewSlider(0, max(dur.Seconds(), 0.001))
	p.slider.Step = 0.1
	p.slider.OnChangeEnded = func(v float64) { p.seek(time.Duration(v * float64(time.Second))) }
	p.pos = widget.NewLabel("")
	p.pos.TextStyle.Monospace = true
	p.playBtn = a.button("", theme.MediaPlayIcon(), a.TogglePlay)
	p.playBtn.Importance = widget.HighImportance
	back := a.button(i18n.T("ui.play.back", int(seekStep.Seconds())), theme.MediaFastRewindIcon(), func() { p.skip(-seekStep) })
	fwd := a.button(i18n.T("ui.play.forward", int(seekStep.Seconds())), theme.MediaFastForwardIcon(), func() { p.skip(seekStep) })
	var waveNote fyne.CanvasObject = container.NewVBox()
	if p.peaks == nil && p.peakErr == nil {
		waveNote = caption(i18n.T("ui.play.wave_loading"))
	}
	buttons := container.NewHBox(p.playBtn, back, fwd, p.pos)
	if p.inEditor {
		back2 := a.button(i18n.T("ui.play.back", int(trBackShort.Seconds())), theme.MediaFastRewindIcon(), func() { p.skip(-trBackShort) })
		buttons = container.NewHBox(p.playBtn, back2, back, fwd)
		if sc, ok := p.pb.(app.SpeedControl); ok {
			p.speedSel = p.speedSelect(sc)
			buttons.Add(p.speedSel)
		}
		buttons.Add(p.pos)
	}
	objs := []fyne.CanvasObject{head, p.wave, waveNote, p.slider, buttons, p.errL}
	if p.inEditor {
		// Short, for the editor's fixed band: the waveform seeks.
		objs = []fyne.CanvasObject{p.wave, waveNote, buttons, p.errL}
	}
	if !p.inEditor {
		objs = append(objs, p.markerRows()...)
	}
	box := container.NewVBox(objs...)
	p.tick()
	return box
}

// speeds are the playback speeds the transcript editor offers, in percent.
var speeds = []int{50, 75, 100, 125, 150}

func speedLabel(pct int) string { return fmt.Sprintf("×%.2g", float64(pct)/100) }

// speedSelect chooses the playback speed (the transcript editor).
func (p *player) speedSelect(sc app.SpeedControl) *widget.Select {
	var labels []string
	for _, sp := range speeds {
		labels = append(labels, speedLabel(sp))
	}
	sel := widget.NewSelect(labels, nil)
	sel.SetSelected(speedLabel(sc.Speed()))
	sel.OnChanged = func(string) {
		if i := sel.SelectedIndex(); i >= 0 {
			p.setSpeed(speeds[i])
		}
	}
	return sel
}

// setSpeed plays at pct percent of normal speed, if the playback can.
func (p *player) setSpeed(pct int) {
	sc, ok := p.pb.(app.SpeedControl)
	if !ok {
		return
	}
	a := p.a
	a.touch()
	a.background(func() func() {
		err := sc.SetSpeed(pct)
		return func() {
			if a.player == p {
				p.err = msgErr(err)
				p.tick()
			}
		}
	})
}

// stepSpeed moves the speed one step of speeds up (dir 1) or down (-1).
func (p *player) stepSpeed(dir int) {
	sc, ok := p.pb.(app.SpeedControl)
	if !ok {
		return
	}
	i := slices.Index(speeds, sc.Speed())
	if i < 0 {
		i = slices.Index(speeds, 100)
	}
	i = min(max(i+dir, 0), len(speeds)-1)
	switch {
	case speeds[i] == sc.Speed():
	case p.speedSel != nil:
		p.speedSel.SetSelected(speedLabel(speeds[i])) // its OnChanged sets the speed
	default:
		p.setSpeed(speeds[i])
	}
}

// waveform draws peaks as vertical bars around a centre line, with a
// cursor at the playing position; tapping it seeks there.
type waveform struct {
	widget.BaseWidget
	peaks  []float32
	cursor float32 // 0..1
	onTap  func(fraction float32)
}

var _ fyne.Tappable = (*waveform)(nil)

func newWaveform(peaks []float32, onTap func(float32)) *waveform {
	w := &waveform{peaks: peaks, onTap: onTap}
	w.ExtendBaseWidget(w)
	return w
}

func (w *waveform) setCursor(f float32) {
	if f == w.cursor {
		return
	}
	w.cursor = f
	w.Refresh()
}

// Tapped implements fyne.Tappable.
func (w *waveform) Tapped(e *fyne.PointEvent) {
	if width := w.Size().Width; width > 0 && w.onTap != nil {
		w.onTap(max(0, min(1, e.Position.X/width)))
	}
}

func (w *waveform) CreateRenderer() fyne.WidgetRenderer {
	r := &waveRenderer{w: w, bg: canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground)),
		cursor: canvas.NewRectangle(theme.Color(theme.ColorNameError))}
	r.rebuild()
	return r
}

type waveRenderer struct {
	w      *waveform
	bg     *canvas.Rectangle
	bars   []*canvas.Rectangle
	cursor *canvas.Rectangle
	n      int // len(peaks) the bars were made for
}

func (r *waveRenderer) rebuild() {
	r.bars = r.bars[:0]
	for range r.w.peaks {
		r.bars = append(r.bars, canvas.NewRectangle(theme.Color(theme.ColorNamePrimary)))
	}
	r.n = len(r.w.peaks)
}

func (r *waveRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	if n := len(r.bars); n > 0 {
		step := size.Width / float32(n)
		mid := size.Height / 2
		for i, b := range r.bars {
			h := max(1, r.w.peaks[i]*size.Height)
			b.Move(fyne.NewPos(float32(i)*step, mid-h/2))
			b.Resize(fyne.NewSize(max(1, step-1), h))
		}
	}
	r.cursor.Move(fyne.NewPos(r.w.cursor*size.Width-1, 0))
	r.cursor.Resize(fyne.NewSize(2, size.Height))
}

func (r *waveRenderer) MinSize() fyne.Size { return fyne.NewSize(200, 56) }

func (r *waveRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.bg}
	for _, b := range r.bars {
		objs = append(objs, b)
	}
	return append(objs, r.cursor)
}

func (r *waveRenderer) Refresh() {
	if len(r.w.peaks) != r.n {
		r.rebuild()
	}
	r.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	r.cursor.FillColor = theme.Color(theme.ColorNameError)
	for _, b := range r.bars {
		b.FillColor = theme.Color(theme.ColorNamePrimary)
	}
	r.Layout(r.w.Size())
	canvas.Refresh(r.w)
}

func (r *waveRenderer) Destroy() {}
