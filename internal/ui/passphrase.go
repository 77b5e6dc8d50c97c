package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// newPassphrase is the "choose a passphrase" part of the create and recover
// screens: the passphrase twice and a strength meter driven by zxcvbn.
type newPassphrase struct {
	first, second *textEntry
	userInputs    func() []string // words the estimator should treat as known
	// edited, if set, runs when either field changes: the screen drops
	// an error about the passphrase the worker is now mending.
	edited func()

	// rebuilt by build
	bar      *widget.ProgressBar
	barTheme *container.ThemeOverride // the bar's colour says the strength
	label    *widget.Label
	hint     *widget.Label
}

// meterTheme colours the strength bar: red while too weak to be accepted,
// amber when just enough, green when strong. The teal of every other bar
// made "very weak" look like a button.
type meterTheme struct {
	fyne.Theme
	colour fyne.ThemeColorName
}

func (t meterTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNamePrimary {
		return t.Theme.Color(t.colour, v)
	}
	return t.Theme.Color(n, v)
}

// meterColour is the colour of a strength score.
func meterColour(score int) fyne.ThemeColorName {
	switch {
	case score < minScore:
		return theme.ColorNameError
	case score == minScore:
		return theme.ColorNameWarning
	}
	return theme.ColorNameSuccess
}

func (a *App) newNewPassphrase(userInputs func() []string, submit func()) *newPassphrase {
	p := &newPassphrase{first: a.newPasswordEntry(), second: a.newPasswordEntry(), userInputs: userInputs}
	p.first.OnChanged = func(string) {
		p.update()
		if p.edited != nil {
			p.edited()
		}
	}
	p.second.OnChanged = func(string) {
		if p.edited != nil {
			p.edited()
		}
	}
	p.first.OnSubmitted = func(string) { a.win.Canvas().Focus(p.second) }
	p.second.OnSubmitted = func(string) { submit() }
	return p
}

func (p *newPassphrase) estimate() strength {
	var inputs []string
	if p.userInputs != nil {
		inputs = p.userInputs()
	}
	return estimate(p.first.Text, inputs)
}

func (p *newPassphrase) build() fyne.CanvasObject {
	p.first.SetPlaceHolder(i18n.T("ui.pass.new"))
	p.second.SetPlaceHolder(i18n.T("ui.pass.repeat"))
	p.bar = widget.NewProgressBar()
	p.bar.Max = 4
	p.label = widget.NewLabel("")
	p.hint = caption("")
	p.bar.TextFormatter = func() string { return p.label.Text }
	p.barTheme = container.NewThemeOverride(p.bar, meterTheme{fyne.CurrentApp().Settings().Theme(), theme.ColorNameError})
	p.update()
	return container.NewVBox(
		widget.NewLabel(i18n.T("ui.pass.new")), p.first,
		p.barTheme, p.hint,
		widget.NewLabel(i18n.T("ui.pass.repeat")), p.second,
	)
}

// update redraws the strength meter for what is typed.
func (p *newPassphrase) update() {
	if p.bar == nil {
		return
	}
	s := p.estimate()
	p.label.SetText(i18n.T("ui.strength.label", i18n.T(strengthLabelKeys[s.Score])))
	p.hint.SetText(i18n.T(s.Hint))
	p.bar.SetValue(float64(s.Score))
	if p.first.Text == "" {
		p.label.SetText("")
		p.bar.SetValue(0)
	}
	if c := meterColour(s.Score); p.barTheme.Theme.(meterTheme).colour != c {
		p.barTheme.Theme = meterTheme{fyne.CurrentApp().Settings().Theme(), c}
		p.barTheme.Refresh()
	}
}

// check explains why the passphrase cannot be used, or returns nil.
func (p *newPassphrase) check() *message {
	switch {
	case p.first.Text == "":
		return msgKey("ui.pass.err.empty")
	case p.estimate().Score < minScore:
		return msgKey("ui.pass.err.weak")
	case p.first.Text != p.second.Text:
		return msgKey("ui.pass.err.mismatch")
	}
	return nil
}

// bytes returns the passphrase for the vault; the caller wipes them, and
// clears the entries once the vault has taken it.
func (p *newPassphrase) bytes() []byte { return []byte(p.first.Text) }

func (p *newPassphrase) clear() {
	p.first.SetText("")
	p.second.SetText("")
}

func (p *newPassphrase) setDisabled(d bool) {
	if d {
		p.first.Disable()
		p.second.Disable()
	} else {
		p.first.Enable()
		p.second.Enable()
	}
}
