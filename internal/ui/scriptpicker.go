package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// scriptPicker chooses one of options whose labels may be in any script
// (the names of languages in themselves: नेपाली, မြန်မာ, 한국어). Fyne's
// Select draws its options with the theme's font only, so a computer
// without those fonts shows boxes; here the button and every option are
// scriptText, in the fonts Kiroku ships. The button takes the keyboard
// focus like any other; the list opens below it.
type scriptPicker struct {
	a        *App
	labels   []string
	selected int // index into labels; -1 none
	changed  func(i int)

	btn   *widget.Button
	shown *scriptText
	popup *widget.PopUp
	list  *pickerList
}

// pickerList is the open list: Escape closes it without a change, as in
// Fyne's own Select; arrows, Space and Enter are the List's.
type pickerList struct {
	widget.List
	close func()
}

func (l *pickerList) TypedKey(e *fyne.KeyEvent) {
	if e.Name == fyne.KeyEscape {
		l.close()
		return
	}
	l.List.TypedKey(e)
}

func (a *App) newScriptPicker(labels []string, selected int, changed func(int)) *scriptPicker {
	p := &scriptPicker{a: a, labels: labels, selected: selected, changed: changed}
	p.shown = newScriptText("", false)
	p.btn = widget.NewButton("", p.open)
	p.update()
	return p
}

// object is the picker as laid out: the button, its label and an arrow.
func (p *scriptPicker) object() fyne.CanvasObject {
	arrow := widget.NewIcon(theme.MenuDropDownIcon())
	// The button below takes the taps and the focus; the label and the
	// arrow on top are not tappable and let them through.
	// As wide as the longest option, so that the choice is never cut and
	// the form does not move when it changes.
	w := p.labelWidth() + theme.IconInlineSize() + 6*theme.InnerPadding()
	return container.NewHBox(container.New(widthLayout{width: w}, container.NewStack(p.btn,
		container.NewPadded(container.NewBorder(nil, nil, nil, arrow, container.NewPadded(p.shown))))))
}

// labelWidth is the width of the longest option.
func (p *scriptPicker) labelWidth() float32 {
	var w float32
	for _, l := range p.labels {
		for _, ln := range layoutScript(l, float64(theme.TextSize()), 0, "") {
			w = max(w, float32(ln.Width))
		}
	}
	return w
}

func (p *scriptPicker) update() {
	if p.selected >= 0 && p.selected < len(p.labels) {
		p.shown.SetText(p.labels[p.selected])
	}
}

// choose selects option i as a tap in the list does.
func (p *scriptPicker) choose(i int) {
	if i < 0 || i >= len(p.labels) {
		return
	}
	p.a.touch()
	p.selected = i
	p.update()
	if p.popup != nil {
		p.popup.Hide()
		if c := fyne.CurrentApp().Driver().CanvasForObject(p.btn); c != nil {
			c.Focus(p.btn) // the keyboard goes on from the picker
		}
	}
	if p.changed != nil {
		p.changed(i)
	}
}

func (p *scriptPicker) open() {
	p.a.touch()
	c := fyne.CurrentApp().Driver().CanvasForObject(p.btn)
	if c == nil {
		return
	}
	p.list = &pickerList{close: func() {
		p.popup.Hide()
		c.Focus(p.btn)
	}}
	p.list.Length = func() int { return len(p.labels) }
	p.list.CreateItem = func() fyne.CanvasObject { return newScriptText("", false) }
	p.list.UpdateItem = func(i widget.ListItemID, o fyne.CanvasObject) { o.(*scriptText).SetText(p.labels[i]) }
	p.list.ExtendBaseWidget(p.list)
	if p.selected >= 0 {
		p.list.Select(p.selected) // before OnSelected: shows the current one
	}
	p.list.OnSelected = func(i widget.ListItemID) { p.choose(i) }
	w := max(240, p.labelWidth()+4*theme.InnerPadding()+theme.ScrollBarSize())
	h := min(float32(420), c.Size().Height*0.6)
	p.popup = widget.NewPopUp(container.New(layout.NewGridWrapLayout(fyne.NewSize(w, h)), p.list), c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(p.btn)
	pos.Y += p.btn.Size().Height
	if pos.Y+h > c.Size().Height {
		pos.Y = max(0, c.Size().Height-h-theme.Padding())
	}
	p.popup.ShowAtPosition(pos)
	if p.selected >= 0 {
		p.list.ScrollTo(p.selected) // now that the list has its size
	}
	c.Focus(p.list)
}
