package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// SeenStore is a Store that can tell whether its vault went back since this
// computer last saw it. The sealed head cannot be forged, but an older one
// can be put back (an older copy of the file, or records cut from its end),
// and nothing inside the file shows that; so the app keeps, per vault, a
// token of the last head it saw (vault id, seq, link, MACed with a key
// derived from the vault's master key) in its preferences.
type SeenStore interface {
	// SeenNow returns the vault's id (the preference's name) and the token
	// of its current head.
	SeenNow() (id, token string, err error)
	// CheckSeen compares the vault with a token SeenNow gave earlier.
	CheckSeen(token string) (SeenResult, error)
}

// SeenResult is what CheckSeen found.
type SeenResult struct {
	Behind   bool   // fewer records than the token says
	Diverged bool   // a different history at the token's record
	SeenSeq  uint64 // records the vault had when the token was made
	HeadSeq  uint64 // records it has now
}

// Rolled reports whether the vault went back or aside.
func (r SeenResult) Rolled() bool { return r.Behind || r.Diverged }

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
	res SeenResult
}

// checkSeen compares the vault just unlocked with the last head this
// computer saw, on a goroutine. While nothing went back, the token moves
// on to the current head; when it went back, the old token is kept (so the
// warning comes back at every unlock, never silently fades) until the user
// acknowledges it.
func (a *App) checkSeen(st Store) {
	ss, ok := st.(SeenStore)
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
		var res SeenResult
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
		a.do(func() {
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
func (a *App) rememberSeen(st Store) {
	ss, ok := st.(SeenStore)
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
	ss, ok := a.store.(SeenStore)
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
