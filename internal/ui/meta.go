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

// checkMeta asks the vault just unlocked what it found changed.
func (a *App) checkMeta(st app.Store) {
	ms, ok := st.(app.MetaStore)
	if !ok {
		return
	}
	a.storeMu.Lock()
	a.metaWarn = ms.MetaChanges()
	a.storeMu.Unlock()
	if len(a.metaWarn) > 0 {
		a.render()
	}
}

// acceptMeta is the user's word that the rows as they are now are the ones
// to keep (they changed a setting with another tool, or restored one).
func (a *App) acceptMeta() {
	ms, ok := a.store.(app.MetaStore)
	if !ok || a.readOnly() {
		return
	}
	a.storeMu.Lock()
	err := ms.AcceptMetaChanges()
	a.storeMu.Unlock()
	a.metaErr = msgErr(err)
	if err == nil {
		a.metaWarn = nil
	}
	a.render()
}

// metaNames are the translated names of the changed tables.
func metaNames(tables []string) string {
	var out []string
	for _, t := range tables {
		switch t {
		case "settings":
			out = append(out, i18n.T("ui.meta.settings"))
		case "anchors":
			out = append(out, i18n.T("ui.meta.anchors"))
		case "backups":
			out = append(out, i18n.T("ui.meta.backups"))
		}
	}
	return strings.Join(out, i18n.T("ui.meta.sep"))
}

// withMetaBanner puts the warning above the screen.
func (a *App) withMetaBanner(content fyne.CanvasObject) fyne.CanvasObject {
	if len(a.metaWarn) == 0 || a.store == nil {
		return content
	}
	text := widget.NewLabel(i18n.T("ui.meta.changed", metaNames(a.metaWarn)))
	text.Wrapping = uiWrap()
	text.Importance = widget.DangerImportance
	buttons := container.NewVBox()
	if a.metaErr != nil {
		buttons.Add(errorLabel(a.metaErr.String()))
	}
	if !a.readOnly() {
		buttons.Add(container.NewHBox(a.button(i18n.T("ui.meta.accept"), theme.ConfirmIcon(), a.acceptMeta)))
	}
	return warningBanner(text, buttons, content)
}
