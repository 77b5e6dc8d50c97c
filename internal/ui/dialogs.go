package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// openDialog is a dialog shown with showDialog, and the overlay that
// appeared with it.
type openDialog struct {
	d       dialog.Dialog
	overlay fyne.CanvasObject
}

// showDialog shows d so that Esc closes it, as its Cancel or Close button
// would (a confirmation answers no). The shortcut sheet says so.
func (a *App) showDialog(d dialog.Dialog) {
	d.Show()
	if top := a.win.Canvas().Overlays().Top(); top != nil {
		a.dialogs = append(a.dialogs, openDialog{d, top})
	}
}

// escapeDialog closes the dialog on top, if it was shown with showDialog,
// and reports whether it did.
func (a *App) escapeDialog() bool {
	overlays := a.win.Canvas().Overlays()
	// Forget dialogs closed some other way.
	a.dialogs = slices.DeleteFunc(a.dialogs, func(o openDialog) bool {
		return !slices.Contains(overlays.List(), o.overlay)
	})
	top := overlays.Top()
	for i, o := range a.dialogs {
		if o.overlay == top {
			a.dialogs = slices.Delete(a.dialogs, i, i+1)
			o.d.Hide()
			return true
		}
	}
	return false
}
