package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// navItem is one screen of the side menu shown while the vault is
// unlocked. To add a screen, write a screen type whose navID returns the
// item's id and add the item to navItems.
type navItem struct {
	id    string
	label string             // i18n key
	icon  fyne.ThemeIconName // looked up when drawn: no theme exists at init
	open  func(a *App)
}

// navScreen is a screen shown with the side menu: navID names its item.
type navScreen interface {
	screen
	navID() string
}

// navItems is the side menu, top to bottom: Ctrl+1 to Ctrl+9 open the
// first nine, so a new item goes where its shortcut should be (the e2e
// tour and the help screen take the keys from here, not from a list of
// their own).
var navItems []navItem

func init() { // an init, not a literal: the open functions refer back to navItems
	navItems = []navItem{
		{id: "timeline", label: "ui.nav.timeline", icon: theme.IconNameList, open: func(a *App) { a.showMain(0) }},
		{id: "hours", label: "ui.nav.hours", icon: theme.IconNameHistory, open: func(a *App) { a.showHours() }},
		{id: "rights", label: "ui.nav.rights", icon: theme.IconNameInfo, open: func(a *App) { a.showRights("") }},
		{id: "guide", label: "ui.nav.guide", icon: theme.IconNameQuestion, open: func(a *App) {
			a.show(&textScreen{a: a, id: "guide", title: "ui.guide.title", sections: guideSections})
		}},
		{id: "contacts", label: "ui.nav.contacts", icon: theme.IconNameAccount, open: func(a *App) {
			a.show(&textScreen{a: a, id: "contacts", title: "ui.contacts.title", sections: contactSections, extra: a.about})
		}},
		{id: "export", label: "ui.nav.export", icon: theme.IconNameUpload, open: func(a *App) { a.showExport() }},
		{id: "backup", label: "ui.nav.backup", icon: theme.IconNameDownload, open: func(a *App) { a.showBackup() }},
		{id: "settings", label: "ui.nav.settings", icon: theme.IconNameSettings, open: func(a *App) { a.show(&settingsScreen{a: a}) }},
	}
}

func (s *mainScreen) navID() string { return "timeline" }

// navKeys are Ctrl+1 to Ctrl+9 (and Cmd+ on macOS), one per menu item.
var navKeys = []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9}

func navShortcuts() []*desktop.CustomShortcut {
	var out []*desktop.CustomShortcut
	for _, k := range navKeys {
		out = append(out, &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault},
			&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierControl})
	}
	return out
}

// navIndex returns the menu position a Ctrl+digit shortcut opens, or -1.
func navIndex(s fyne.Shortcut) int {
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok || (cs.Modifier != fyne.KeyModifierControl && cs.Modifier != fyne.KeyModifierShortcutDefault) {
		return -1
	}
	if i := slices.Index(navKeys, cs.KeyName); i >= 0 && i < len(navItems) {
		return i
	}
	return -1
}

// openNav opens menu item i, if the vault is open, no dialog is up and
// the current screen has the menu (the entry form does not: leaving it
// by accident would lose what was typed).
func (a *App) openNav(i int) {
	if _, ok := a.cur.(navScreen); !ok || a.store == nil || i < 0 || i >= len(navItems) || a.win.Canvas().Overlays().Top() != nil {
		return
	}
	a.touch()
	navItems[i].open(a)
}

// navBar is the side menu: one button per screen, the current one
// highlighted, with its shortcut in the label; Lock at the bottom. In a
// narrow window (a.compact) the buttons show their icons only; the
// shortcut sheet (F1) names them.
func (a *App) navBar(current string) fyne.CanvasObject {
	box := container.NewVBox()
	label := func(s string) string {
		if a.compact {
			return ""
		}
		return s
	}
	for i, it := range navItems {
		text := i18n.T(it.label)
		if i < len(navKeys) {
			text = i18n.T("ui.nav.item", text, shortcutName(string(navKeys[i])))
		}
		b := a.button(label(text), theme.Icon(it.icon), func() { a.openNav(i) })
		b.Alignment = widget.ButtonAlignLeading
		if it.id == current {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.LowImportance
		}
		box.Add(iconOnly(b))
	}
	help := a.button(label(i18n.T("ui.nav.shortcuts", helpKeyName())), theme.HelpIcon(), a.ShowShortcuts)
	help.Alignment = widget.ButtonAlignLeading
	help.Importance = widget.LowImportance
	lock := a.button(label(i18n.T("ui.nav.item", i18n.T("ui.main.lock"), shortcutName("L"))), theme.VisibilityOffIcon(), a.Lock)
	lock.Alignment = widget.ButtonAlignLeading
	return container.NewBorder(nil, nil, nil, widget.NewSeparator(),
		container.NewPadded(container.NewBorder(box, container.NewVBox(iconOnly(help), iconOnly(lock)), nil, nil, layout.NewSpacer())))
}

// iconOnly returns b as it is if it has text; without text, held at the
// height its icon needs. A Fyne button takes the height of a line of text
// even when it has none (widget.Button's MinSize is the larger of its
// label's and its icon's), and a line of the UI font is as tall as the
// language's script needs: in Burmese and Arabic nearly twice a Latin
// line. The ten icons of the narrow side menu then made every screen
// about 110 px taller than in English, more than a 600 px high window has
// (TestNarrowWindow), for text that is not there.
func iconOnly(b *widget.Button) fyne.CanvasObject {
	if b.Text != "" {
		return b
	}
	return container.New(iconOnlyLayout{}, b)
}

type iconOnlyLayout struct{}

func (iconOnlyLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := objs[0].MinSize()
	m.Height = min(m.Height, theme.Size(theme.SizeNameInlineIcon)+2*theme.Size(theme.SizeNameInnerPadding))
	return m
}

func (iconOnlyLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}

// shortcutName writes Ctrl+key, or Cmd+key on macOS.
func shortcutName(key string) string {
	if fyne.KeyModifierShortcutDefault == fyne.KeyModifierSuper {
		return "Cmd+" + key
	}
	return "Ctrl+" + key
}

// helpKeyName is how the shortcut sheet is opened.
func helpKeyName() string { return "F1" }
