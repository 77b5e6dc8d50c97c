package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/assets"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/version"
)

// textSection is a heading and its paragraphs, as i18n keys.
type textSection struct {
	heading string
	body    []string
}

// guideSections is the "what to record" page, written in our own words
// from the union's advice and the fields a labour consultation asks for.
var guideSections = []textSection{
	{"ui.guide.soon.h", []string{"ui.guide.soon.1", "ui.guide.soon.2"}},
	{"ui.guide.fields.h", []string{"ui.guide.fields.when", "ui.guide.fields.where", "ui.guide.fields.who",
		"ui.guide.fields.what", "ui.guide.fields.witnesses", "ui.guide.fields.effect", "ui.guide.fields.after"}},
	{"ui.guide.audio.h", []string{"ui.guide.audio.1", "ui.guide.audio.2", "ui.guide.audio.3"}},
	{"ui.guide.copies.h", []string{"ui.guide.copies.1", "ui.guide.copies.2"}},
	{"ui.guide.health.h", []string{"ui.guide.health.1"}},
	{"ui.guide.notice.h", []string{"ui.guide.notice.1"}},
}

// contactSections is the help and contacts page: public consultation
// bodies, with no phone numbers or hours that could go stale.
var contactSections = []textSection{
	{"ui.contacts.intro.h", []string{"ui.contacts.intro.1"}},
	{"ui.contacts.bureau.h", []string{"ui.contacts.bureau.1"}},
	{"ui.contacts.inspection.h", []string{"ui.contacts.inspection.1"}},
	{"ui.contacts.houterasu.h", []string{"ui.contacts.houterasu.1"}},
	{"ui.contacts.union.h", []string{"ui.contacts.union.1"}},
	{"ui.contacts.health.h", []string{"ui.contacts.health.1"}},
	{"ui.contacts.emergency.h", []string{"ui.contacts.emergency.1"}},
	{"ui.contacts.check.h", []string{"ui.contacts.check.1"}},
}

// textScreen is a page of text from the translation files.
type textScreen struct {
	a        *App
	id       string
	title    string
	sections []textSection
	extra    func() fyne.CanvasObject // shown after the sections (About on the contacts page)
}

func (s *textScreen) navID() string { return s.id }

func (s *textScreen) build() fyne.CanvasObject {
	objs := []fyne.CanvasObject{heading(i18n.T(s.title))}
	for _, sec := range s.sections {
		h := widget.NewLabel(i18n.T(sec.heading))
		h.SizeName = theme.SizeNameSubHeadingText
		h.Wrapping = uiWrap()
		objs = append(objs, h)
		for _, k := range sec.body {
			objs = append(objs, paragraph(i18n.T(k)))
		}
	}
	if s.extra != nil {
		objs = append(objs, s.extra())
	}
	body := container.New(widthLayout{width: 620}, container.NewVBox(objs...))
	return container.NewVScroll(container.NewCenter(container.NewPadded(body)))
}

// about is the last section of the help and contacts page: which build
// this is, its licence, and the licences of what it includes.
func (a *App) about() fyne.CanvasObject {
	h := widget.NewLabel(i18n.T("ui.about.h"))
	h.SizeName = theme.SizeNameSubHeadingText
	notices := a.button(i18n.T("ui.about.notices"), theme.DocumentIcon(), a.showNotices)
	return container.NewVBox(h,
		paragraph(i18n.T("ui.about.version", version.Get().String())),
		paragraph(i18n.T("ui.about.licence", version.Licence)),
		container.NewHBox(notices))
}

// showNotices shows THIRD_PARTY_NOTICES.txt, as shipped in the binary.
func (a *App) showNotices() {
	text := widget.NewLabel(string(assets.Notices))
	text.TextStyle.Monospace = true
	text.SizeName = theme.SizeNameCaptionText
	d := dialog.NewCustom(i18n.T("ui.about.notices"), i18n.T("ui.keys.close"), container.NewScroll(text), a.win)
	d.Resize(fyne.NewSize(760, 560))
	d.Show()
}

// shortcut is one line of the shortcut sheet.
type shortcut struct {
	keys   func() string
	action string // i18n key
}

func keyName(k string) func() string { return func() string { return shortcutName(k) } }

// shortcuts lists every keyboard shortcut of the app; the sheet shows
// them all, and a test checks that each one is installed.
var shortcuts = []shortcut{
	{recordKeyName, "ui.keys.record"},
	{markKeyName, "ui.keys.marker"},
	{func() string { return shortcutName("Shift+R") }, "ui.keys.stop"},
	{keyName("N"), "ui.keys.new"},
	{saveKeyName, "ui.keys.save"},
	{keyName("F"), "ui.keys.find"},
	{keyName("E"), "ui.keys.edit"},
	{keyName("H"), "ui.keys.history"},
	{keyName("P"), "ui.keys.play"},
	{func() string { return "Alt+←, Alt+→" }, "ui.keys.seek"},
	{keyName("L"), "ui.keys.lock"},
	{func() string { return shortcutName("1") + " … " + shortcutName("9") }, "ui.keys.nav"},
	{func() string { return "F1, " + shortcutName("/") }, "ui.keys.help"},
	{func() string { return "Tab, Shift+Tab" }, "ui.keys.tab"},
	{func() string { return "Space" }, "ui.keys.space"},
	{func() string { return "↑ ↓" }, "ui.keys.arrows"},
	{func() string { return "Enter" }, "ui.keys.enter"},
	{func() string { return "Esc" }, "ui.keys.escape"},
}

// ShowShortcuts opens the keyboard shortcut sheet (F1, Ctrl+/).
func (a *App) ShowShortcuts() {
	if top := a.win.Canvas().Overlays().Top(); top != nil {
		return // a dialog is open, maybe this very sheet
	}
	grid := container.NewGridWithColumns(2)
	for _, sc := range shortcuts {
		k := widget.NewLabel(sc.keys())
		k.TextStyle.Monospace = true
		k.Importance = widget.HighImportance
		grid.Add(k)
		grid.Add(paragraph(i18n.T(sc.action)))
	}
	// Scrolled: the list is taller than a small window.
	scroll := container.NewVScroll(grid)
	scroll.SetMinSize(fyne.NewSize(580, 420))
	content := container.NewBorder(caption(i18n.T("ui.keys.intro")), nil, nil, nil, scroll)
	d := dialog.NewCustom(i18n.T("ui.keys.title"), i18n.T("ui.keys.close"), content, a.win)
	a.showDialog(d)
}
