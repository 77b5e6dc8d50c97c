package ui

import (
	"errors"
	"reflect"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// Drafts: locking while the entry form holds unsaved changes keeps them
// as a sealed draft in the vault (Store.SaveDraft) before the keys are
// wiped; the next unlock opens the form with them again. Nothing of the
// draft stays in memory or in a plaintext file while locked. A draft is
// not evidence: it never goes into the ledger or an export, and it is
// removed once its entry is saved or the user discards it.

// snapshot is what the form holds now, as typed. People rows left empty
// do not count.
func (s *formScreen) snapshot() app.Draft {
	d := app.Draft{
		When:       s.when.Text,
		Zone:       s.zone,
		Place:      s.place.Text,
		Text:       s.text.Text,
		Witnesses:  s.witnesses.Text,
		Categories: s.categoryIDs(),
		Impact:     s.impact.Text,
		Actions:    s.actions.Text,
		Lang:       s.lang,
	}
	if s.orig != nil {
		d.EntryID, d.Rev, d.Reason = s.orig.ID, s.orig.Rev, s.reason.Text
	}
	s.snapshotSheet(&d)
	for _, p := range s.people {
		if p.name.Text != "" || p.role != "" {
			d.People = append(d.People, record.Person{Name: p.name.Text, Role: p.role})
		}
	}
	return d
}

// dirty reports whether the form differs from what it was opened with:
// anything typed into a new entry, or an edit that differs from the
// stored revision. A form restored from a draft is dirty until saved or
// discarded.
func (s *formScreen) dirty() bool {
	return s.fromDraft || !sameForm(s.snapshot(), s.base)
}

// sameForm compares two snapshots' contents (not when they were taken).
func sameForm(x, y app.Draft) bool {
	x.SavedAt, y.SavedAt = time.Time{}, time.Time{}
	return reflect.DeepEqual(x, y)
}

// applyDraft fills the form with a draft's text.
func (s *formScreen) applyDraft(d app.Draft) {
	if d.Zone != "" {
		if loc, ok := loadLocation(d.Zone); ok {
			s.loc, s.zone = loc, d.Zone
		}
	}
	s.when.SetText(d.When)
	s.place.SetText(d.Place)
	s.people = nil
	for _, p := range d.People {
		s.addPerson(p)
	}
	if len(s.people) == 0 {
		s.addPerson(record.Person{})
	}
	s.text.SetText(d.Text)
	s.applySheetDraft(d)
	s.witnesses.SetText(d.Witnesses)
	s.setCategories(d.Categories)
	s.impact.SetText(d.Impact)
	s.actions.SetText(d.Actions)
	s.lang = d.Lang
	if s.orig != nil {
		s.reason.SetText(d.Reason)
	}
	s.fromDraft = true
}

// formDraft returns the form's contents to keep when locking, if the
// entry form is open with unsaved changes. A backup looked at read-only
// keeps none: nothing typed there could ever be saved.
func (a *App) formDraft() (*formScreen, app.Draft, bool) {
	s, ok := a.cur.(*formScreen)
	if !ok || a.readOnly() || !s.dirty() {
		return nil, app.Draft{}, false
	}
	d := s.snapshot()
	d.SavedAt = a.now()
	return s, d, true
}

// keepDraft stores d in st unless the form's save already went through.
// Lock calls it holding a.storeMu, right before closing the vault.
func (s *formScreen) keepDraft(st app.Store, d app.Draft) error {
	if s.stored {
		return nil
	}
	return st.SaveDraft(d)
}

// clearDraft removes the draft the form was restored from, once its entry
// is saved or the user discarded it.
func (s *formScreen) clearDraft() {
	if !s.fromDraft {
		return
	}
	a, st := s.a, s.a.store
	a.background(func() func() {
		var err error
		a.withStore(st, func(st app.Store) { err = st.ClearDraft() })
		if err == nil {
			return nil
		}
		return func() { a.draftDialog("ui.draft.clear_failed", msgErr(err)) }
	})
}

// restoreDraft runs after unlocking: it tells why a draft could not be
// kept at the last lock, if so, and opens the entry form with the draft
// the vault holds, if any.
func (a *App) restoreDraft(st app.Store) {
	if lost := a.draftLost; lost != nil {
		a.draftLost = nil
		a.draftDialog("ui.draft.lost", lost)
	}
	a.background(func() func() {
		var d app.Draft
		var ok bool
		var cur record.Entry
		var err, curErr error
		a.withStore(st, func(st app.Store) {
			d, ok, err = st.Draft()
			if err == nil && ok && d.EntryID != 0 {
				cur, curErr = st.Entry(d.EntryID)
			}
		})
		return func() {
			switch {
			case err != nil:
				a.draftDialog("ui.draft.read_failed", msgErr(err))
				return
			case !ok:
				return
			case curErr != nil && !errors.Is(curErr, apperr.ErrNotFound):
				a.draftDialog("ui.draft.read_failed", msgErr(curErr))
				return
			}
			if a.typing() {
				return // never over a screen being typed in; the draft waits
			}
			a.showDraft(d, cur, curErr == nil && !cur.Deleted)
		}
	})
}

// showDraft opens the entry form with draft d: over cur, the entry as it
// is now, if d is an edit and the entry still exists, else as a new entry.
func (a *App) showDraft(d app.Draft, cur record.Entry, exists bool) {
	var s *formScreen
	switch {
	case d.EntryID == 0:
		s = a.newForm(nil)
		s.note = msgKey("ui.draft.restored")
	case !exists:
		s = a.newForm(nil)
		s.note = msgKey("ui.draft.restored_deleted")
	case cur.Rev != d.Rev:
		s = a.newForm(&cur)
		when := cur.EditedAt
		if when.IsZero() {
			when = cur.RecordedAt
		}
		s.note = msgKey("ui.draft.restored_changed", cur.Rev,
			lateText(func() string { return formatDateTime(when.In(a.loc), true) }))
	default:
		s = a.newForm(&cur)
		s.note = msgKey("ui.draft.restored")
	}
	s.applyDraft(d)
	a.show(s)
}

// draftNote is the calm note at the top of a form restored from a draft.
func draftNote(m *message) fyne.CanvasObject {
	l := paragraph(m.String())
	l.Importance = widget.HighImportance
	return container.NewBorder(nil, nil, container.NewCenter(widget.NewIcon(theme.InfoIcon())), nil, l)
}

// draftDialog tells about a draft that could not be kept, read or
// removed.
func (a *App) draftDialog(key string, m *message) {
	d := dialog.NewInformation(i18n.T("ui.draft.title"), i18n.T(key, m.String()), a.win)
	a.showDialog(d)
}

// typing reports whether the screen is one the user types a draft in
// (the entry form, a translation, a transcript): a draft restored after
// unlocking never takes its place.
func (a *App) typing() bool {
	switch a.cur.(type) {
	case *formScreen, *translationScreen, *transcriptScreen:
		return true
	}
	return false
}

// restoreKeptDraft reads a kept draft off the UI thread with load (which
// reports whether there is one) and, when there is and no screen being
// typed in holds the window, opens it with show: called after unlocking,
// once for each kind of draft. A draft that cannot be read is said so; it
// stays in the vault.
func (a *App) restoreKeptDraft(st app.Store, load func(app.Store) (bool, error), show func()) {
	a.background(func() func() {
		var ok bool
		var err error
		a.withStore(st, func(st app.Store) { ok, err = load(st) })
		return func() {
			switch {
			case err != nil:
				a.draftDialog("ui.draft.read_failed", msgErr(err))
				return
			case !ok:
				return
			}
			if a.typing() {
				return // never over a screen being typed in; the draft waits
			}
			show()
		}
	})
}

// confirmDiscard asks before the form's unsaved text is thrown away; Esc
// and "Keep writing" leave the form as it is.
func (s *formScreen) confirmDiscard(discard func()) {
	a := s.a
	d := dialog.NewConfirm(i18n.T("ui.draft.discard_title"), i18n.T("ui.draft.discard_body"), func(ok bool) {
		a.touch()
		if ok && a.cur == s {
			discard()
		}
	}, a.win)
	d.SetConfirmText(i18n.T("ui.draft.discard"))
	d.SetDismissText(i18n.T("ui.draft.keep_writing"))
	d.SetConfirmImportance(widget.DangerImportance)
	a.showDialog(d)
}
