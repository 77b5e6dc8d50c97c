package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Below compactWidth the window is narrow (a laptop screen split in two, a
// small display): the side menu shows its icons only and screens arrange
// their fields in fewer columns. Every screen fits narrowWindow.
const (
	compactWidth = 960
	narrowWindow = 720
	narrowHeight = 600 // every screen fits 720 x 600 (TestNarrowWindow)
)

// widthWatch lays out the window's content at the window's size and
// notices when the window's width crosses compactWidth: the screen is then
// built again for the new width (a.compact), once per crossing.
type widthWatch struct {
	a       *App
	compact bool // the content was built for a narrow window
}

// MinSize is the content's, except that a wide layout claims no more than
// the room a narrowWindow wide window has: a window snapped to half a
// screen in one step must be allowed to get that narrow, and the compact
// layout then fits (TestNarrowWindow). Otherwise the window would stop at
// the wide layout's minimum and stay there.
func (w *widthWatch) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	// The content's own mode, not the app's: between the crossing and
	// the new build, the wide content is still here and must not hold
	// the window wide.
	if !w.compact {
		room := w.a.room(narrowWindow, narrowHeight)
		m.Width = min(m.Width, room.Width)
		if w.a.compact {
			// Crossed, about to be replaced: text wrapped at the new
			// width must not make the window taller either.
			m.Height = min(m.Height, room.Height)
		}
	}
	return m
}

// room is the size the window's content has in a window of width x
// height: less the window's padding around it. Seen under Xvfb: capping
// the content itself at narrowWindow let the window stop at 728 px.
func (a *App) room(width, height float32) fyne.Size {
	s := fyne.NewSize(width, height)
	if a.win.Padded() {
		s = s.SubtractWidthHeight(2*theme.Padding(), 2*theme.Padding())
	}
	return s
}

func (w *widthWatch) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
	// The window's width, not size: Fyne also lays content out at its
	// minimum size first (SetContent), which must not count, or the two
	// passes would flip the mode back and forth.
	width := w.a.win.Canvas().Size().Width
	if width <= 0 {
		return
	}
	if compact := width < compactWidth; compact != w.a.compact {
		w.a.compact = compact
		w.a.onUI(w.a.render)
	}
}
