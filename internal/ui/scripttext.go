package ui

import (
	"bytes"
	"sync"

	"github.com/go-text/typesetting/font"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/typeset"
)

// scriptText shows a worker's own words in any script with the fonts
// Kiroku ships (so a computer with no Arabic, Nepali or Burmese font still
// shows them), and lays each paragraph out in the order of the Unicode
// bidirectional algorithm: a right-to-left paragraph reads right to left
// from the right edge. Fyne's own labels place runs of text left to right
// only (its issue 90) and take other scripts from the system's fonts.
//
// Each run of one script and direction is a canvas.Text with the run's
// font as its FontSource; Fyne shapes the run (joined Arabic letters,
// Devanagari conjuncts) and this widget places the runs. It is read-only
// and not selectable, like the labels it replaces (see valueLabel).
type scriptText struct {
	widget.BaseWidget
	Text     string // read it; change it with SetText
	wrap     bool   // wrap at the width; else one line, cut with an ellipsis
	lang     string // the language the worker wrote Text in (record.Fields.Lang), if said
	sizeName fyne.ThemeSizeName
	color    fyne.ThemeColorName
}

func newScriptText(text string, wrap bool) *scriptText {
	t := &scriptText{Text: text, wrap: wrap, sizeName: theme.SizeNameText, color: theme.ColorNameForeground}
	t.ExtendBaseWidget(t)
	return t
}

// setLang says which language the text is written in (its Han
// characters' glyph forms follow it).
func (t *scriptText) setLang(lang string) {
	if lang == t.lang {
		return
	}
	t.lang = lang
	t.Refresh()
}

// SetText changes the text shown.
func (t *scriptText) SetText(s string) {
	if s == t.Text {
		return
	}
	t.Text = s
	t.Refresh()
}

func (t *scriptText) CreateRenderer() fyne.WidgetRenderer {
	return &scriptTextRenderer{t: t}
}

// The layout engine is shared by every scriptText and guarded: Fyne calls
// renderers from its own goroutine, tests from theirs.
var (
	scriptSetMu sync.Mutex
	scriptSet   = typeset.NewSet()
	faceRes     [typeset.NumFaces]fyne.Resource
)

// faceResource is the Fyne resource of a face; IPAex is the theme's own
// copy, so Japanese looks the same as in every other label.
func faceResource(f typeset.Face) fyne.Resource {
	if f == typeset.Gothic {
		return fontGothic
	}
	if faceRes[f] == nil {
		faceRes[f] = fyne.NewStaticResource(f.String()+".ttf", f.Data())
	}
	return faceRes[f]
}

// faceMetrics are the ascent and descent, in em, Fyne draws a face's text
// with (its hhea values): runs in different faces share a baseline only if
// each is moved by the difference.
var faceMetrics [typeset.NumFaces]struct {
	once      sync.Once
	asc, desc float32
}

func metricsOf(f typeset.Face) (asc, desc float32) {
	m := &faceMetrics[f]
	m.once.Do(func() {
		m.asc, m.desc = 0.9, 0.25
		face, err := font.ParseTTF(bytes.NewReader(faceResource(f).Content()))
		if err != nil {
			return
		}
		if ext, ok := face.FontHExtents(); ok && face.Upem() > 0 {
			m.asc, m.desc = ext.Ascender/float32(face.Upem()), -ext.Descender/float32(face.Upem())
		}
	})
	return m.asc, m.desc
}

func layoutScript(text string, size, width float64, lang string) []typeset.Line {
	scriptSetMu.Lock()
	defer scriptSetMu.Unlock()
	return scriptSet.Layout(text, size, width, typeset.Options{Gothic: true, Lang: lang})
}

type scriptTextRenderer struct {
	t       *scriptText
	objects []fyne.CanvasObject
	lines   int     // lines at the last layout
	height  float32 // their height
	width   float32 // width of the last layout
}

func (r *scriptTextRenderer) Destroy() {}

func (r *scriptTextRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *scriptTextRenderer) size() float32 {
	return theme.SizeForWidget(r.t.sizeName, r.t)
}

func (r *scriptTextRenderer) pad() float32 {
	return theme.SizeForWidget(theme.SizeNameInnerPadding, r.t)
}

// lineHeight is the height Fyne gives one line of the theme's text.
func (r *scriptTextRenderer) lineHeight() float32 {
	return fyne.MeasureText("Mg", r.size(), fyne.TextStyle{}).Height
}

func (r *scriptTextRenderer) MinSize() fyne.Size {
	text := r.t.Text
	if text == "" {
		text = " "
	}
	p := r.pad()
	lh := r.lineHeight()
	if !r.t.wrap {
		// Cut to the width it is given: only the height is asked for.
		return fyne.NewSize(2*p+lh, 2*p+lh)
	}
	if r.width <= 2*p || r.lines == 0 {
		h := float32(0)
		for _, l := range layoutScript(text, float64(r.size()), 0, r.t.lang) {
			h += r.lineBox(l, lh)
		}
		return fyne.NewSize(2*p+lh, 2*p+h)
	}
	return fyne.NewSize(2*p+lh, 2*p+r.height)
}

// lineBox is the height of line l: the theme's line height, or more for a
// script drawn taller (Myanmar, Devanagari).
func (r *scriptTextRenderer) lineBox(l typeset.Line, lh float32) float32 {
	_, _, h := r.extent(l, lh)
	return h
}

// extent gives the baseline of line l below its top and the line's height:
// the tallest run's ascent and descent, at least the theme's line.
func (r *scriptTextRenderer) extent(l typeset.Line, lh float32) (base, desc, h float32) {
	ts := r.size()
	ga, gd := metricsOf(typeset.Gothic)
	base, desc = ga*ts, gd*ts
	for _, run := range l.Runs {
		a, d := metricsOf(run.Face)
		base, desc = max(base, a*ts), max(desc, d*ts)
	}
	return base, desc, max(lh, base+desc)
}

func (r *scriptTextRenderer) Layout(size fyne.Size) {
	r.build(size)
}

func (r *scriptTextRenderer) Refresh() {
	r.build(r.t.Size())
	canvas.Refresh(r.t)
}

// build lays the text out for size and makes one canvas.Text per run.
func (r *scriptTextRenderer) build(size fyne.Size) {
	p := r.pad()
	avail := size.Width - 2*p
	ts := r.size()
	lh := r.lineHeight()
	var lines []typeset.Line
	switch {
	case r.t.wrap && avail >= 4*lh:
		lines = layoutScript(r.t.Text, float64(ts), float64(avail), r.t.lang)
	case r.t.wrap:
		// Not sized yet (a container first lays its children out at
		// their minimum width): wrapping a word per line here would make
		// the widget ask for a height its parent keeps once it is wide.
		lines = layoutScript(r.t.Text, float64(ts), 0, r.t.lang)
	default:
		lines = layoutScript(firstLine(r.t.Text), float64(ts), 0, r.t.lang)
		if len(lines) > 0 && avail > 0 && float32(lines[0].Width) > avail {
			lines = []typeset.Line{r.cut(lines[0], ts, avail)}
		}
	}
	col := theme.ColorForWidget(r.t.color, r.t)
	r.objects = r.objects[:0]
	top := p
	for _, l := range lines {
		base, _, h := r.extent(l, lh)
		x := p
		if l.RTL && avail > 0 {
			x = p + avail - float32(l.Width)
		}
		for _, run := range l.Runs {
			// Fyne runs the bidi algorithm again on each piece, as a
			// left-to-right paragraph: marks on both sides keep the run
			// in the direction resolved for it here, so brackets in a
			// right-to-left run are mirrored and stay in place.
			mark := "\u200e"
			if run.RTL {
				mark = "\u200f"
			}
			ct := canvas.NewText(mark+run.Text+mark, col)
			ct.TextSize = ts
			ct.FontSource = faceResource(run.Face)
			// Fyne draws a text's baseline its face's ascent below the
			// top: move each run so that all sit on the line's baseline.
			a, d := metricsOf(run.Face)
			ct.Move(fyne.NewPos(x+float32(run.X), top+base-a*ts))
			ct.Resize(fyne.NewSize(float32(run.Width), (a+d)*ts))
			r.objects = append(r.objects, ct)
		}
		top += h
	}
	r.height = top - p
	changed := r.t.wrap && len(lines) != r.lines && r.width > 0
	r.lines, r.width = len(lines), size.Width
	if changed {
		// Taller or shorter at this width: the container lays out again.
		r.t.BaseWidget.Refresh()
	}
}

// cut shortens a line to fit avail, ending it with an ellipsis. The line
// may be a whole long entry (the timeline shows first lines): the cut is
// found by halving, a few layouts, not one per character.
func (r *scriptTextRenderer) cut(l typeset.Line, ts, avail float32) typeset.Line {
	rs := []rune(l.Text)
	fits := func(n int) (typeset.Line, bool) {
		ls := layoutScript(string(rs[:n])+"…", float64(ts), 0, r.t.lang)
		if len(ls) == 0 {
			return typeset.Line{}, n == 0
		}
		return ls[0], float32(ls[0].Width) <= avail
	}
	lo, hi := 0, len(rs) // rs[:lo]+"…" fits (or lo is 0); rs[:hi] does not
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if _, ok := fits(mid); ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	best, _ := fits(lo)
	return best
}
