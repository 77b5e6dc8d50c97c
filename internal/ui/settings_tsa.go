package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// Trusted timestamps (RFC 3161), opt-in: the settings section that sets
// the timestamp authority and shows what it has stamped.

// tsaSection is the section's widgets; build makes a new one each render.
type tsaSection struct {
	a      *App
	ts     app.Timestamps
	scr    screen // the settings screen it belongs to
	url    *textEntry
	status *widget.Label
	errMsg *widget.Label
	note   *widget.Label
	stamp  *widget.Button
	off    *widget.Button
}

func tsaSettings(a *App) fyne.CanvasObject {
	intro := paragraph(i18n.T("ui.tsa.intro"))
	ts, ok := a.store.(app.Timestamps)
	if a.store == nil || !ok {
		return container.NewVBox(intro, caption(i18n.T("ui.tsa.locked")))
	}
	s := &tsaSection{a: a, ts: ts, scr: a.cur, url: a.newEntry(), status: paragraph(""), errMsg: errorLabel(""),
		note: caption("")}
	s.note.Hide()
	s.url.SetPlaceHolder("https://freetsa.org/tsr")
	s.url.OnSubmitted = func(string) { s.save() }
	save := a.button(i18n.T("ui.tsa.save"), theme.DocumentSaveIcon(), s.save)
	save.Importance = widget.HighImportance
	s.off = a.button(i18n.T("ui.tsa.off"), theme.CancelIcon(), s.turnOff)
	s.stamp = a.button(i18n.T("ui.tsa.stamp_now"), theme.HistoryIcon(), s.stampNow)
	s.stamp.Disable()
	s.off.Disable()
	// Live updates from the Anchorer's goroutine, while this section is
	// on screen; a later render's section replaces this watcher.
	ts.WatchTimestamps(func(st app.TimestampStatus) {
		a.onUI(func() {
			if a.cur == s.scr && a.store != nil {
				s.show(st, nil)
			}
		})
	})
	s.refresh(true)
	return container.NewVBox(intro,
		caption(i18n.T("ui.tsa.privacy")),
		widget.NewLabel(i18n.T("ui.tsa.url")),
		s.url,
		caption(i18n.T("ui.tsa.url_hint")),
		container.NewHBox(save, s.off, s.stamp),
		s.note,
		s.status,
		s.errMsg,
	)
}

// refresh reads the status on a goroutine; fill also puts the URL in
// the field.
func (s *tsaSection) refresh(fill bool) {
	a, st := s.a, s.a.store
	a.background(func() func() {
		var status app.TimestampStatus
		var err error
		a.withStore(st, func(app.Store) { status, err = s.ts.TimestampStatus() })
		return func() {
			if a.cur != s.scr {
				return
			}
			if fill {
				s.url.SetText(status.URL)
			}
			s.show(status, err)
		}
	})
}

// show writes the status in plain words.
func (s *tsaSection) show(st app.TimestampStatus, err error) {
	if err != nil {
		s.status.SetText("")
		setError(s.errMsg, messageFor(err))
		return
	}
	on := st.URL != ""
	if on {
		s.stamp.Enable()
		s.off.Enable()
	} else {
		s.stamp.Disable()
		s.off.Disable()
	}
	var lines []string
	switch {
	case !on:
		lines = append(lines, i18n.T("ui.tsa.status_off"))
	default:
		lines = append(lines, i18n.T("ui.tsa.status_on", st.URL))
	}
	if st.LastSeq > 0 {
		lines = append(lines, i18n.T("ui.tsa.last", st.LastSeq, formatDateTime(st.LastTime.In(s.a.loc), true)))
	} else if on {
		lines = append(lines, i18n.T("ui.tsa.none_yet"))
	}
	if on {
		switch {
		case st.HeadSeq == 0:
			lines = append(lines, i18n.T("ui.tsa.empty"))
		case st.Pending || st.HeadSeq > st.LastSeq:
			lines = append(lines, i18n.T("ui.tsa.pending", st.HeadSeq))
		default:
			lines = append(lines, i18n.T("ui.tsa.up_to_date"))
		}
	}
	s.status.SetText(strings.Join(lines, "\n"))
	if on && st.LastError != nil {
		m := i18n.T("ui.tsa.failed", messageFor(st.LastError))
		if !st.NextRetry.IsZero() {
			m += " " + i18n.T("ui.tsa.retry", st.NextRetry.In(s.a.loc).Format("15:04:05"))
		}
		setError(s.errMsg, m)
	} else {
		setError(s.errMsg, "")
	}
}

func (s *tsaSection) say(key string, args ...any) {
	s.note.SetText(i18n.T(key, args...))
	s.note.Show()
}

func (s *tsaSection) save() {
	u := strings.TrimSpace(s.url.Text)
	if u == "" {
		s.turnOff()
		return
	}
	s.set(u, "ui.tsa.saved")
}

func (s *tsaSection) turnOff() {
	s.url.SetText("")
	s.set("", "ui.tsa.turned_off")
}

func (s *tsaSection) set(u, done string) {
	a, st := s.a, s.a.store
	a.touch()
	a.background(func() func() {
		var err error
		a.withStore(st, func(app.Store) { err = s.ts.SetTimestampURL(u) })
		return func() {
			if a.cur != s.scr {
				return
			}
			if err != nil {
				s.note.Hide()
				setError(s.errMsg, tsaURLMessage(err))
				return
			}
			s.say(done)
			s.refresh(false)
		}
	})
}

// tsaURLMessage explains a refused URL in the section's own words.
func tsaURLMessage(err error) string {
	if errors.Is(err, apperr.ErrInvalidInput) {
		return i18n.T("ui.tsa.err.url")
	}
	return messageFor(err)
}

func (s *tsaSection) stampNow() {
	a, st := s.a, s.a.store
	a.touch()
	a.background(func() func() {
		var err error
		a.withStore(st, func(app.Store) { err = s.ts.StampNow() })
		return func() {
			if a.cur != s.scr {
				return
			}
			if err != nil {
				setError(s.errMsg, messageFor(err))
				return
			}
			s.say("ui.tsa.stamping")
		}
	})
}
