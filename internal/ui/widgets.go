package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// textEntry is a widget.Entry that counts typing as activity for the idle
// lock and lets the app's shortcuts (Ctrl+L, Ctrl+S, Ctrl+N) work
// even while it has the focus (a focused Entry otherwise swallows
// shortcuts it does not know).
type textEntry struct {
	widget.Entry
	a *App
	// OnEscape, if set, runs when Escape is pressed in the field (a
	// search field clears itself).
	OnEscape func()
	// OnDown, if set, runs when ↓ is pressed in a one-line field (the
	// search field moves into the list below it).
	OnDown func()
}

var (
	_ fyne.Focusable    = (*textEntry)(nil)
	_ fyne.Shortcutable = (*textEntry)(nil)
)

func (a *App) newEntry() *textEntry {
	e := &textEntry{a: a}
	e.ExtendBaseWidget(e)
	return e
}

func (a *App) newPasswordEntry() *textEntry {
	e := a.newEntry()
	e.Password = true // the renderer adds the reveal button
	e.Wrapping = fyne.TextWrapOff
	return e
}

func (a *App) newMultiLineEntry(rows int) *textEntry {
	e := a.newEntry()
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(rows)
	return e
}

// AcceptsTab reports false even for a multi-line field: Tab and Shift+Tab
// move to the next and previous field everywhere, as the shortcut sheet
// says, so that a keyboard user is never trapped in "What was said or
// done". A tab character has no place in a diary entry.
func (e *textEntry) AcceptsTab() bool { return false }

// TypedRune implements fyne.Focusable.
func (e *textEntry) TypedRune(r rune) {
	e.a.touch()
	e.Entry.TypedRune(r)
}

// TypedKey implements fyne.Focusable.
func (e *textEntry) TypedKey(k *fyne.KeyEvent) {
	e.a.touch()
	if e.a.typedKey(k) {
		return
	}
	if k.Name == fyne.KeyEscape && e.OnEscape != nil {
		e.OnEscape()
		return
	}
	if k.Name == fyne.KeyDown && e.OnDown != nil && !e.MultiLine {
		e.OnDown()
		return
	}
	e.Entry.TypedKey(k)
}

// TypedShortcut implements fyne.Shortcutable.
func (e *textEntry) TypedShortcut(s fyne.Shortcut) {
	if e.a.typedShortcut(s) {
		return
	}
	e.a.touch()
	e.Entry.TypedShortcut(s)
}

// activityCatcher lies under each screen and counts mouse movement over
// empty space as activity (widgets on top get their own events).
type activityCatcher struct {
	widget.BaseWidget
	onActivity func()
}

var _ desktop.Hoverable = (*activityCatcher)(nil)

func newActivityCatcher(f func()) *activityCatcher {
	c := &activityCatcher{onActivity: f}
	c.ExtendBaseWidget(c)
	return c
}

func (c *activityCatcher) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// MouseIn implements desktop.Hoverable.
func (c *activityCatcher) MouseIn(*desktop.MouseEvent) { c.onActivity() }

// MouseMoved implements desktop.Hoverable.
func (c *activityCatcher) MouseMoved(*desktop.MouseEvent) { c.onActivity() }

// MouseOut implements desktop.Hoverable.
func (c *activityCatcher) MouseOut() {}

// button makes a button whose tap also counts as activity.
func (a *App) button(label string, icon fyne.Resource, tapped func()) *widget.Button {
	return widget.NewButtonWithIcon(label, icon, func() {
		a.touch()
		tapped()
	})
}

// link makes a quiet text button for secondary actions.
func (a *App) link(label string, tapped func()) *widget.Button {
	b := a.button(label, nil, tapped)
	b.Importance = widget.LowImportance
	return b
}

// languageSelect switches between the languages Kiroku ships. Its list
// names each language in itself (i18n.AppLanguageLabel); closed, it shows
// what its width allows.
func (a *App) languageSelect() *widget.Select {
	var labels []string
	for _, l := range i18n.Languages {
		labels = append(labels, i18n.AppLanguageLabel(l))
	}
	s := widget.NewSelect(labels, nil)
	for i, l := range i18n.Languages {
		if l == i18n.Language() {
			s.Selected = labels[i]
		}
	}
	s.OnChanged = func(label string) {
		for i, l := range labels {
			if l == label && i18n.Languages[i] != i18n.Language() {
				a.touch()
				a.SetLanguage(i18n.Languages[i])
				return
			}
		}
	}
	return s
}

// uiWrap is how the app's own sentences wrap: Japanese and Chinese lines may break
// between any two characters (they have no spaces between words), English
// lines at spaces.
func uiWrap() fyne.TextWrap {
	switch i18n.Language() {
	case "ja", "ja-x-easy", "zh-Hans":
		return fyne.TextWrapBreak
	}
	return fyne.TextWrapWord
}

// heading is a large title.
func heading(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameHeadingText
	l.Wrapping = uiWrap()
	return l
}

// paragraph is wrapped body text.
func paragraph(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = uiWrap()
	return l
}

// caption is small text: hints, paths.
func caption(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameCaptionText
	l.Wrapping = uiWrap()
	return l
}

// fieldName is the small accent-coloured name above a value.
func fieldName(text string) *widget.Label {
	l := caption(text)
	l.Importance = widget.HighImportance
	return l
}

// errorLabel shows a problem inline; it hides itself while empty.
func errorLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Importance = widget.DangerImportance
	l.Wrapping = uiWrap()
	if text == "" {
		l.Hide()
	}
	return l
}

func setError(l *widget.Label, text string) {
	l.SetText(text)
	if text == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// message is something to tell the user, kept untranslated so that it can
// be shown again in another language: an error, or an i18n key with args.
type message struct {
	err  error
	key  string
	args []any
}

func msgKey(key string, args ...any) *message { return &message{key: key, args: args} }
func msgErr(err error) *message {
	if err == nil {
		return nil
	}
	return &message{err: err}
}

func (m *message) String() string {
	switch {
	case m == nil:
		return ""
	case m.err != nil:
		return messageFor(m.err)
	default:
		return i18n.T(m.key, m.args...)
	}
}

// column is a fixed-width centred column for the short screens (unlock,
// create, recover), scrolled when the window is small.
func column(top fyne.CanvasObject, objs ...fyne.CanvasObject) fyne.CanvasObject {
	body := container.New(widthLayout{width: 460}, container.NewVBox(objs...))
	centred := container.NewCenter(container.NewPadded(body))
	if top == nil {
		return container.NewVScroll(centred)
	}
	return container.NewBorder(top, nil, nil, nil, container.NewVScroll(centred))
}

// findScroll returns the first scroll container in o's tree, or nil.
func findScroll(o fyne.CanvasObject) *container.Scroll {
	switch x := o.(type) {
	case *container.Scroll:
		return x
	case *fyne.Container:
		for _, c := range x.Objects {
			if s := findScroll(c); s != nil {
				return s
			}
		}
	}
	return nil
}

// topBar holds the language switch at the right of the short screens (the
// first a new user sees), with "translation not yet reviewed" beside it
// while the language has not been reviewed by a native speaker.
func (a *App) topBar(left ...fyne.CanvasObject) fyne.CanvasObject {
	objs := append(left, layout.NewSpacer())
	if !i18n.Reviewed(i18n.Language()) {
		l := widget.NewLabel(i18n.T("ui.languages.unreviewed"))
		l.SizeName = theme.SizeNameCaptionText
		objs = append(objs, l)
	}
	sel := a.languageSelect()
	// Fyne sizes a Select by its placeholder: here, where there is room,
	// as wide as the current language's own name (the toolbars keep theirs).
	sel.PlaceHolder = i18n.AppEndonym(i18n.Language())
	objs = append(objs, sel)
	return container.NewPadded(container.NewHBox(objs...))
}

// widthLayout gives its objects at least width, and stacks them.
type widthLayout struct{ width float32 }

func (l widthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(l.width, 0)
	for _, o := range objs {
		m := o.MinSize()
		s = s.Max(m)
	}
	return s
}

func (l widthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// quoteBar is the coloured bar that sets verbatim words apart (IPAex
// Gothic has no italic face).
func quoteBar() fyne.CanvasObject {
	c := theme.Color(theme.ColorNamePrimary)
	if _, ok := fyne.CurrentApp().Settings().Theme().(*Theme); ok {
		c = theme.Color(colorNameQuote)
	}
	bar := canvas.NewRectangle(c)
	bar.SetMinSize(fyne.NewSize(4, 0))
	return bar
}

// quoteBox shows verbatim words set off by a coloured bar.
func quoteBox(text, lang string) fyne.CanvasObject {
	l := newScriptText(text, true) // not selectable: see valueLabel
	l.lang = lang
	return container.NewBorder(nil, nil, quoteBar(), nil, l)
}
