package ui

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// More preference keys. Preferences are read before unlocking, so they
// hold only app-level choices, never anything from the vault.
const (
	prefTheme          = "theme"            // "system", "light" or "dark"
	prefAutoLock       = "autolock.minutes" // idle minutes before locking
	prefExportLanguage = "export.language"  // "ja", "en" or "both"
	prefZone           = "time.zone"        // IANA name; "" is the computer's zone
)

// zoneChoices are the time zones offered besides the computer's own: Japan
// first (where the work is), then the home zones of many foreign workers
// there, whose laptops may still be set to them.
var zoneChoices = []string{"Asia/Tokyo", "UTC", "Asia/Manila", "Asia/Ho_Chi_Minh", "Asia/Jakarta",
	"Asia/Bangkok", "Asia/Yangon", "Asia/Kathmandu", "Asia/Kolkata", "Asia/Shanghai", "Asia/Taipei",
	"Asia/Seoul", "Asia/Ulaanbaatar", "Asia/Colombo", "Asia/Dhaka", "America/Sao_Paulo", "America/Lima",
	"Europe/London", "America/New_York"}

// prefLocation is the time zone chosen in Settings, or nil for the
// computer's.
func prefLocation(p fyne.Preferences) *time.Location {
	if name := p.String(prefZone); name != "" {
		if loc, ok := loadLocation(name); ok {
			return loc
		}
	}
	return nil
}

// SetZone sets the time zone in which times are shown and new entries
// are written ("" for the computer's) and remembers it. Entries keep the
// zone they were written in.
func (a *App) SetZone(name string) {
	loc := time.Local
	if name != "" {
		l, ok := loadLocation(name)
		if !ok {
			return
		}
		loc = l
	}
	a.fa.Preferences().SetString(prefZone, name)
	a.loc = loc
	a.render()
}

// Theme choices.
const (
	ThemeSystem = "system"
	ThemeLight  = "light"
	ThemeDark   = "dark"
)

// Export languages.
var exportLanguages = []string{"ja", "en", "both"}

// autoLockChoices are the idle times offered, in minutes.
var autoLockChoices = []int{1, 2, 5, 10, 15, 30, 60}

// ExportLanguage is the language exports default to ("ja", "en" or
// "both"): the user's choice in Settings, else Japanese, the language of
// the offices and courts the export goes to.
func ExportLanguage(p fyne.Preferences) string {
	if l := p.String(prefExportLanguage); slices.Contains(exportLanguages, l) || bilingualShipped(l) {
		return l
	}
	return "ja"
}

// bilingualShipped reports whether lang is "ja+<tag>" for a shipped
// language other than Japanese: a report with Japanese beside the worker's
// language (a choice made in another build may name one this build lacks;
// the default then applies).
func bilingualShipped(lang string) bool {
	tag, ok := strings.CutPrefix(lang, "ja+")
	return ok && tag != "ja" && i18n.Supported(tag)
}

// exportLanguageChoices are the report languages offered: Japanese,
// English, both, and Japanese beside the app's language when that is
// another one (and beside the one chosen before, if different).
func exportLanguageChoices(current string) (ids, labels []string) {
	ids = slices.Clone(exportLanguages)
	for _, id := range ids {
		labels = append(labels, langLabel(id))
	}
	for _, id := range []string{"ja+" + i18n.Language(), current} {
		if bilingualShipped(id) && id != "ja+en" && !slices.Contains(ids, id) {
			ids, labels = append(ids, id), append(labels, langLabel(id))
		}
	}
	return ids, labels
}

// themeFor returns the theme for a choice; anything unknown follows the
// system.
func themeFor(choice string) *Theme {
	switch choice {
	case ThemeLight:
		return NewThemeVariant(theme.VariantLight)
	case ThemeDark:
		return NewThemeVariant(theme.VariantDark)
	}
	return NewTheme()
}

// prefAutoLockDuration is the idle time chosen in Settings, or 0.
func prefAutoLockDuration(p fyne.Preferences) time.Duration {
	if m := p.Int(prefAutoLock); m > 0 && m <= 24*60 {
		return time.Duration(m) * time.Minute
	}
	return 0
}

// SetTheme switches between ThemeSystem, ThemeLight and ThemeDark at once
// and remembers the choice.
func (a *App) SetTheme(choice string) {
	a.fa.Preferences().SetString(prefTheme, choice)
	a.fa.Settings().SetTheme(themeFor(choice))
	a.render()
}

// SetAutoLock sets the idle time before the vault locks itself and
// remembers it.
func (a *App) SetAutoLock(d time.Duration) {
	a.fa.Preferences().SetInt(prefAutoLock, int(d/time.Minute))
	a.autoLock = d
	a.touch()
}

// settingsSection is one titled part of the settings screen.
type settingsSection struct {
	id    string
	title string // i18n key
	build func(a *App) fyne.CanvasObject
}

// settingsSections are the settings screen's sections, top to bottom. A
// feature with settings of its own (a timestamp authority, backups) adds
// its section here; build is in the feature's file.
var settingsSections = []settingsSection{
	{id: "language", title: "ui.settings.language", build: languageSettings},
	{id: "zone", title: "ui.settings.zone", build: zoneSettings},
	{id: "appearance", title: "ui.settings.appearance", build: themeSettings},
	{id: "security", title: "ui.settings.security", build: securitySettings},
	{id: "export", title: "ui.settings.export", build: exportSettings},
	{id: "recording", title: "ui.settings.recording", build: recordingSettings},
	{id: "tsa", title: "ui.settings.tsa", build: tsaSettings},
}

// settingsScreen shows every registered section.
type settingsScreen struct {
	a    *App
	note *message // what the last action did (the passphrase changed)
}

func (s *settingsScreen) navID() string { return "settings" }

func (s *settingsScreen) build() fyne.CanvasObject {
	objs := []fyne.CanvasObject{heading(i18n.T("ui.settings.title")), caption(i18n.T("ui.settings.intro"))}
	if s.note != nil {
		l := paragraph(s.note.String())
		l.Importance = widget.SuccessImportance
		objs = append(objs, l)
	}
	for _, sec := range settingsSections {
		h := widget.NewLabel(i18n.T(sec.title))
		h.SizeName = theme.SizeNameSubHeadingText
		objs = append(objs, widget.NewSeparator(), h, sec.build(s.a))
	}
	body := container.New(widthLayout{width: 560}, container.NewVBox(objs...))
	return container.NewVScroll(container.NewCenter(container.NewPadded(body)))
}

// choice is a radio group of ids shown by their labels.
func (a *App) choice(ids, labels []string, selected string, onChange func(id string)) *widget.RadioGroup {
	r := widget.NewRadioGroup(labels, nil)
	if i := slices.Index(ids, selected); i >= 0 {
		r.Selected = labels[i]
	}
	r.Required = true
	r.OnChanged = func(label string) {
		if i := slices.Index(labels, label); i >= 0 && ids[i] != selected {
			a.touch()
			onChange(ids[i])
		}
	}
	return r
}

// languageSettings lists every shipped language by its own name, the name
// in the current language, and "translation not yet reviewed" where no
// native speaker has reviewed it; the current one's note says what that
// means. A choice applies at once (App.SetLanguage).
func languageSettings(a *App) fyne.CanvasObject {
	var labels []string
	for _, l := range i18n.Languages {
		labels = append(labels, i18n.AppLanguageLabel(l))
	}
	box := container.NewVBox(caption(i18n.T("ui.settings.language_hint")+" "+i18n.T("ui.languages.applies_now")),
		a.choice(i18n.Languages, labels, i18n.Language(), a.SetLanguage))
	if note := i18n.UnreviewedNote(); note != "" {
		box.Add(caption(note))
	}
	return box
}

// zoneSettings picks the time zone: a laptop brought from home may still
// be on its home zone, and every time written would then be in it.
func zoneSettings(a *App) fyne.CanvasObject {
	now := a.now()
	label := func(name string, loc *time.Location) string {
		return name + "  (" + now.In(loc).Format("UTC-07:00") + ")"
	}
	own := zoneName(time.Local)
	ids := []string{""}
	labels := []string{i18n.T("ui.settings.zone_computer", label(own, time.Local))}
	for _, name := range zoneChoices {
		if loc, ok := loadLocation(name); ok {
			ids, labels = append(ids, name), append(labels, label(name, loc))
		}
	}
	cur := a.fa.Preferences().String(prefZone)
	sel := widget.NewSelect(labels, nil)
	if i := slices.Index(ids, cur); i >= 0 {
		sel.Selected = labels[i]
	}
	sel.OnChanged = func(l string) {
		if i := slices.Index(labels, l); i >= 0 && ids[i] != cur {
			a.touch()
			a.SetZone(ids[i])
		}
	}
	return container.NewVBox(caption(i18n.T("ui.settings.zone_hint")), sel)
}

func themeSettings(a *App) fyne.CanvasObject {
	ids := []string{ThemeSystem, ThemeLight, ThemeDark}
	labels := []string{i18n.T("ui.settings.theme_system"), i18n.T("ui.settings.theme_light"), i18n.T("ui.settings.theme_dark")}
	cur := a.fa.Preferences().StringWithFallback(prefTheme, ThemeSystem)
	return a.choice(ids, labels, cur, a.SetTheme)
}

func securitySettings(a *App) fyne.CanvasObject {
	var ids, labels []string
	for _, m := range autoLockChoices {
		ids = append(ids, strconv.Itoa(m))
		labels = append(labels, i18n.T("ui.settings.minutes", m))
	}
	cur := strconv.Itoa(int(a.autoLock / time.Minute))
	sel := widget.NewSelect(labels, nil)
	if i := slices.Index(ids, cur); i >= 0 {
		sel.Selected = labels[i]
	} else if a.autoLock > 0 {
		sel.PlaceHolder = a.autoLock.String()
	}
	sel.OnChanged = func(label string) {
		if i := slices.Index(labels, label); i >= 0 {
			a.touch()
			a.SetAutoLock(time.Duration(autoLockChoices[i]) * time.Minute)
		}
	}
	change := a.button(i18n.T("ui.settings.change_pass"), theme.AccountIcon(), a.showChangePassphrase)
	newKey := a.button(i18n.T("keys.settings.new_recovery"), theme.ViewRefreshIcon(), a.showNewRecoveryKey)
	return container.NewVBox(
		widget.NewLabel(i18n.T("ui.settings.autolock")),
		container.NewHBox(sel),
		caption(i18n.T("ui.settings.autolock_hint", shortcutName("L"))),
		container.NewHBox(change, newKey),
	)
}

func exportSettings(a *App) fyne.CanvasObject {
	cur := ExportLanguage(a.fa.Preferences())
	ids, labels := exportLanguageChoices(cur)
	return container.NewVBox(caption(i18n.T("ui.settings.export_hint")),
		a.choice(ids, labels, cur, func(id string) {
			a.fa.Preferences().SetString(prefExportLanguage, id)
			a.render()
		}))
}
