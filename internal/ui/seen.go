package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// prefSeen prefixes the preference that holds a vault's last seen token.
const prefSeen = "vault.seen."

// seenWarning is the open vault's rollback warning, shown above every
// screen until the user says the older copy is wanted.
//
// App.seenChecked says the check of this session found nothing: only then
// does locking move the token on (a lock before the check ends must not
// replace the token with a rolled-back head).
type seenWarning struct {
	id  string
	res app.SeenResult
}

// checkSeen compares the vault just unlocked with the last head this
// computer saw, on a goroutine. While nothing went back, the token moves
// on to the current head; when it went back, the old token is kept (so the
// warning comes back at every unlock, never silently fades) until the user
// acknowledges it.
func (a *App) checkSeen(st app.Store) {
	ss, ok := st.(app.SeenStore)
	if !ok || a.readOnly() {
		return // a backup looked at read-only is older by nature: no alarm, no record
	}
	session := a.session
	prefs := a.fa.Preferences()
	a.pending.Add(1)
	go func() {
		defer a.pending.Done()
		a.storeMu.Lock()
		id, tok, err := ss.SeenNow()
		var res app.SeenResult
		var prev string
		if err == nil {
			prev = prefs.String(prefSeen + id)
			if prev != "" {
				res, err = ss.CheckSeen(prev)
			}
		}
		a.storeMu.Unlock()
		if err != nil {
			return // the timeline says what is wrong with the vault; this only warns
		}
		a.onUI(func() {
			if a.session != session || a.store == nil {
				return
			}
			if res.Rolled() {
				a.seenWarn = &seenWarning{id: id, res: res}
				a.render()
				return
			}
			a.seenChecked = true
			prefs.SetString(prefSeen+id, tok)
		})
	}()
}

// rememberSeen moves the token to the vault's head before it closes (lock,
// quit). Callers hold storeMu; it runs on the Fyne thread.
func (a *App) rememberSeen(st app.Store) {
	ss, ok := st.(app.SeenStore)
	if !ok || !a.seenChecked {
		return
	}
	if id, tok, err := ss.SeenNow(); err == nil {
		a.fa.Preferences().SetString(prefSeen+id, tok)
	}
}

// acceptSeen is the user's word that the older copy is the one to keep
// (an older backup restored on purpose): the token moves to it, and the
// warning goes.
func (a *App) acceptSeen() {
	w := a.seenWarn
	ss, ok := a.store.(app.SeenStore)
	if w == nil || !ok {
		return
	}
	a.storeMu.Lock()
	id, tok, err := ss.SeenNow()
	a.storeMu.Unlock()
	if err != nil || id != w.id {
		return
	}
	a.fa.Preferences().SetString(prefSeen+id, tok)
	a.seenWarn, a.seenChecked = nil, true
	a.render()
}

// withSeenBanner puts the rollback warning above the screen.
func (a *App) withSeenBanner(content fyne.CanvasObject) fyne.CanvasObject {
	w := a.seenWarn
	if w == nil || a.store == nil {
		return content
	}
	key := "ui.seen.behind"
	if !w.res.Behind {
		key = "ui.seen.diverged"
	}
	text := widget.NewLabel(i18n.T(key, int(w.res.SeenSeq), int(w.res.HeadSeq)) + "\n" + i18n.T("ui.seen.where"))
	text.Wrapping = uiWrap()
	text.Importance = widget.DangerImportance
	accept := a.button(i18n.T("ui.seen.accept"), theme.ConfirmIcon(), a.acceptSeen)
	return warningBanner(text, container.NewHBox(accept), content)
}

// warningBanner puts text, with a warning icon and the buttons below it,
// in a red frame above content: the warnings that stay until the user
// answers them (a vault gone back, rows changed outside Kiroku).
func warningBanner(text *widget.Label, buttons, content fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(color.Transparent)
	bg.StrokeColor = theme.Color(theme.ColorNameError)
	bg.StrokeWidth = 2
	bg.CornerRadius = theme.InputRadiusSize()
	row := container.NewBorder(nil, buttons, widget.NewIcon(theme.WarningIcon()), nil, text)
	return container.NewBorder(container.NewPadded(container.NewStack(bg, container.NewPadded(row))), nil, nil, nil, content)
}
