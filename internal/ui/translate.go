package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// Translations of entries (訳文): an entry written in another language can
// carry a Japanese translation, typed by the worker or a supporter with
// their name and the date, kept beside the entry as its own record (a
// court asks for one: 民事訴訟規則138条). Nothing is sent anywhere: Kiroku
// offers no machine translation.

// needsTranslation reports whether an entry written in lang is one a
// Japanese court needs a translation of: the worker said a language and
// it is not Japanese.
func needsTranslation(lang string) bool {
	return lang != "" && lang != "ja" && !strings.HasPrefix(lang, "ja-")
}

// translationsView lists the entry's translations under its fields, with
// a button to add or edit one. Entries in Japanese, or in no language
// said, show nothing unless they have one.
func (s *mainScreen) translationsView(e record.Entry) fyne.CanvasObject {
	a := s.a
	needs := needsTranslation(e.Lang)
	if s.trsID != e.ID {
		s.loadTranslations(e.ID)
		if !needs {
			return container.NewVBox()
		}
		return caption(i18n.T("ui.tl.loading"))
	}
	if !needs && len(s.trs) == 0 && s.trsErr == nil {
		return container.NewVBox()
	}
	_, can := a.store.(app.TranslationStore)
	add := a.button(i18n.T("ui.tl.add"), theme.ContentAddIcon(), func() { a.show(newTranslationScreen(a, e, nil)) })
	if a.readOnly() || !can || e.Deleted {
		add.Disable()
	}
	objs := []fyne.CanvasObject{widget.NewSeparator(), container.NewBorder(nil, nil, nil, add, fieldName(i18n.T("ui.tl.title")))}
	switch {
	case s.trsErr != nil:
		objs = append(objs, errorLabel(s.trsErr.String()))
	case len(s.trs) == 0:
		objs = append(objs, caption(i18n.T("ui.tl.none")))
	}
	for i := range s.trs {
		t := s.trs[i]
		edit := a.button(i18n.T("ui.tl.edit"), theme.DocumentCreateIcon(), func() { a.show(newTranslationScreen(a, e, &t)) })
		if a.readOnly() || !can || e.Deleted {
			edit.Disable()
		}
		objs = append(objs, container.NewBorder(nil, nil, nil, edit, caption(i18n.T("ui.tl.by", t.Translator, t.TranslatedOn, t.Rev))))
		if t.Source.Ref != s.trsLatest {
			l := caption(i18n.T("ui.tl.earlier"))
			l.Importance = widget.WarningImportance
			objs = append(objs, l)
		}
		for _, k := range partOrder(e.Fields, t.Fields) {
			objs = append(objs, field(partLabel(k), t.Fields[k]))
		}
	}
	return container.NewVBox(objs...)
}

// partOrder lists the keys of fields in the entry's reading order, then
// any part the entry no longer has.
func partOrder(f record.Fields, fields map[string]string) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range record.TranslationParts(f) {
		if _, ok := fields[p.Key]; ok {
			out, seen[p.Key] = append(out, p.Key), true
		}
	}
	for k := range fields {
		if !seen[k] {
			out = append(out, k)
		}
	}
	return out
}

// partLabel names a part of an entry ("text", "quote.2") as the report
// does.
func partLabel(key string) string {
	if base, num, ok := strings.Cut(key, "."); ok {
		return i18n.T("report.tpart."+base, num)
	}
	return i18n.T("report.tpart." + key)
}

func (s *mainScreen) loadTranslations(id int64) {
	a, st := s.a, s.a.store
	if st == nil || s.trsLoad == id {
		return
	}
	s.trsSeq++
	seq := s.trsSeq
	s.trsLoad = id
	a.background(func() func() {
		var list []record.EntryTranslation
		var latest string
		var err error
		a.withStore(st, func(st app.Store) {
			ts, ok := st.(app.TranslationStore)
			if !ok {
				return
			}
			if list, err = ts.Translations(id); err != nil {
				return
			}
			var refs []string
			if refs, err = ts.RevisionRefs(id); err == nil && len(refs) > 0 {
				latest = refs[len(refs)-1]
			}
		})
		return func() {
			if s.trsSeq != seq {
				return
			}
			s.trsLoad = 0
			if a.cur != s || s.selected != id {
				return
			}
			s.trsID, s.trs, s.trsLatest, s.trsErr = id, list, latest, msgErr(err)
			s.renderDetail()
		}
	})
}

// translationScreen is where a translator types a Japanese translation of
// an entry, part by part, each under the original.
type translationScreen struct {
	a        *App
	entry    record.Entry
	existing *record.EntryTranslation // nil: a new translation

	translator, date, reason *textEntry
	parts                    []translationPart
	err                      *message
	saving                   bool
	saved                    bool // the save went through: nothing to keep as a draft
	fromDraft                bool // restored from a draft: dirty until saved or discarded
	note                     *message
}

type translationPart struct {
	record.TranslationPart
	text *textEntry
}

func newTranslationScreen(a *App, e record.Entry, existing *record.EntryTranslation) *translationScreen {
	s := &translationScreen{a: a, entry: e, existing: existing,
		translator: a.newEntry(), date: a.newEntry(), reason: a.newEntry()}
	s.translator.SetPlaceHolder(i18n.T("ui.tl.translator_placeholder"))
	s.date.SetText(time.Now().In(a.loc).Format("2006-01-02"))
	s.reason.SetPlaceHolder(i18n.T("ui.tl.reason_placeholder"))
	if existing != nil {
		s.translator.SetText(existing.Translator)
	}
	for _, p := range record.TranslationParts(e.Fields) {
		t := a.newMultiLineEntry(2)
		if strings.Contains(p.Key, ".") || p.Key == record.PartPlace {
			t = a.newEntry()
			t.Wrapping = fyne.TextWrapWord
		}
		if existing != nil {
			t.SetText(existing.Fields[p.Key])
		}
		s.parts = append(s.parts, translationPart{p, t})
	}
	return s
}

func (s *translationScreen) navID() string { return "timeline" }

func (s *translationScreen) build() fyne.CanvasObject {
	a := s.a
	title := i18n.T("ui.tl.new_title", formatEventTime(s.entry.EventTime, s.entry.EventZone, true))
	if s.existing != nil {
		title = i18n.T("ui.tl.edit_title", formatEventTime(s.entry.EventTime, s.entry.EventZone, true))
	}
	objs := []fyne.CanvasObject{heading(title)}
	if s.note != nil {
		objs = append(objs, draftNote(s.note))
	}
	objs = append(objs, paragraph(i18n.T("ui.tl.intro")))
	if lang := s.entry.Lang; lang != "" {
		objs = append(objs, caption(i18n.T("ui.tl.original_lang", i18n.Default().LanguageName(i18n.Language(), lang))))
	}
	objs = append(objs,
		fieldName(i18n.T("ui.tl.translator")), s.translator,
		fieldName(i18n.T("ui.tl.date")), s.date)
	if len(s.parts) == 0 {
		objs = append(objs, caption(i18n.T("ui.tl.nothing")))
	}
	for _, p := range s.parts {
		orig := newScriptText(p.Original, true)
		orig.setLang(s.entry.Lang)
		objs = append(objs, widget.NewSeparator(), fieldName(partLabel(p.Key)),
			caption(i18n.T("ui.tl.original")), orig, caption(i18n.T("ui.tl.translation")), p.text)
	}
	if s.existing != nil {
		objs = append(objs, widget.NewSeparator(), fieldName(i18n.T("ui.tl.reason")), s.reason)
	}
	if s.err != nil {
		objs = append(objs, errorLabel(s.err.String()))
	}
	save := a.button(i18n.T("ui.tl.save"), theme.DocumentSaveIcon(), s.save)
	save.Importance = widget.HighImportance
	if s.saving || len(s.parts) == 0 {
		save.Disable()
	}
	cancel := a.button(i18n.T("ui.form.cancel"), theme.CancelIcon(), s.back)
	objs = append(objs, container.NewHBox(layout.NewSpacer(), cancel, save))
	body := container.New(widthLayout{width: 640}, container.NewVBox(objs...))
	return container.NewVScroll(container.NewCenter(container.NewPadded(body)))
}

func (s *translationScreen) focus() fyne.Focusable {
	if s.translator.Text == "" {
		return s.translator
	}
	if len(s.parts) > 0 {
		return s.parts[0].text
	}
	return s.translator
}

func (s *translationScreen) back() {
	s.clearTranslationDraft() // Cancel discards it: nothing typed is kept
	s.a.showMainScreen(&mainScreen{a: s.a, selected: s.entry.ID})
}

func (s *translationScreen) save() {
	a, st := s.a, s.a.store
	if s.saving || st == nil {
		return
	}
	t := record.EntryTranslation{EntryID: s.entry.ID, Translator: s.translator.Text, TranslatedOn: strings.TrimSpace(s.date.Text),
		Fields: map[string]string{}}
	if s.existing != nil {
		t.TranslationID, t.Reason = s.existing.TranslationID, s.reason.Text
	}
	for _, p := range s.parts {
		if strings.TrimSpace(p.text.Text) != "" {
			t.Fields[p.Key] = p.text.Text
		}
	}
	s.saving, s.err = true, nil
	a.render()
	a.background(func() func() {
		var err error
		a.withStore(st, func(st app.Store) {
			ts, ok := st.(app.TranslationStore)
			if !ok {
				return
			}
			_, err = ts.SaveTranslation(t)
		})
		return func() {
			s.saving = false
			if a.cur != s {
				return
			}
			if err != nil {
				s.err = msgErr(err)
				a.render()
				return
			}
			s.saved = true
			s.back()
		}
	})
}

// snapshot is the screen as typed, for a draft.
func (s *translationScreen) snapshot() app.TranslationDraft {
	d := app.TranslationDraft{EntryID: s.entry.ID, Translator: s.translator.Text, Date: s.date.Text, Reason: s.reason.Text,
		Parts: map[string]string{}}
	if s.existing != nil {
		d.TranslationID = s.existing.TranslationID
	}
	for _, p := range s.parts {
		if p.text.Text != "" {
			d.Parts[p.Key] = p.text.Text
		}
	}
	return d
}

// dirty reports whether anything was typed that is not saved.
func (s *translationScreen) dirty() bool {
	if s.saved {
		return false
	}
	if s.fromDraft {
		return true
	}
	base := ""
	if s.existing != nil {
		base = s.existing.Translator
	}
	if s.translator.Text != base || s.reason.Text != "" {
		return true
	}
	for _, p := range s.parts {
		was := ""
		if s.existing != nil {
			was = s.existing.Fields[p.Key]
		}
		if p.text.Text != was {
			return true
		}
	}
	return false
}

// applyDraft fills the screen with d.
func (s *translationScreen) applyDraft(d app.TranslationDraft) {
	s.translator.SetText(d.Translator)
	if d.Date != "" {
		s.date.SetText(d.Date)
	}
	s.reason.SetText(d.Reason)
	for _, p := range s.parts {
		p.text.SetText(d.Parts[p.Key])
	}
	s.fromDraft = true
}

// translationDraftNow returns the translation screen's contents to keep
// when locking, if it is open with unsaved text.
func (a *App) translationDraftNow() (app.TranslationDraft, bool) {
	s, ok := a.cur.(*translationScreen)
	if !ok || a.readOnly() || !s.dirty() {
		return app.TranslationDraft{}, false
	}
	d := s.snapshot()
	d.SavedAt = a.now()
	return d, true
}

// keepTranslationDraft stores d in st (Lock and shutdown call it holding
// a.storeMu, right before closing the vault).
func keepTranslationDraft(st app.Store, d app.TranslationDraft) error {
	ts, ok := st.(app.TranslationStore)
	if !ok {
		return nil
	}
	return ts.SaveTranslationDraft(d)
}

// restoreTranslationDraft opens the translation screen with the draft the
// vault holds, if any and no entry draft took the screen: called after
// unlocking.
func (a *App) restoreTranslationDraft(st app.Store) {
	var d app.TranslationDraft
	var e record.Entry
	var existing *record.EntryTranslation
	a.restoreKeptDraft(st, func(st app.Store) (bool, error) {
		ts, is := st.(app.TranslationStore)
		if !is {
			return false, nil
		}
		var ok bool
		var err error
		if d, ok, err = ts.TranslationDraft(); err != nil || !ok {
			return ok, err
		}
		if e, err = st.Entry(d.EntryID); err != nil {
			return true, err
		}
		if d.TranslationID != 0 {
			trs, err := ts.Translations(d.EntryID)
			if err != nil {
				return true, err
			}
			for i := range trs {
				if trs[i].TranslationID == d.TranslationID {
					existing = &trs[i]
				}
			}
		}
		return true, nil
	}, func() {
		s := newTranslationScreen(a, e, existing)
		s.applyDraft(d)
		s.note = msgKey("ui.draft.restored")
		a.show(s)
	})
}

// clearTranslationDraft removes the draft once its translation is saved
// or discarded.
func (s *translationScreen) clearTranslationDraft() {
	if !s.fromDraft {
		return
	}
	a, st := s.a, s.a.store
	a.background(func() func() {
		var err error
		a.withStore(st, func(st app.Store) {
			if ts, ok := st.(app.TranslationStore); ok {
				err = ts.ClearTranslationDraft()
			}
		})
		if err == nil {
			return nil
		}
		return func() { a.draftDialog("ui.draft.clear_failed", msgErr(err)) }
	})
}
