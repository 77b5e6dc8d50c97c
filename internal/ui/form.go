package ui

import (
	"reflect"
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

// futureSlack tolerates a clock a little off when refusing future events.
const futureSlack = 5 * time.Minute

// formScreen adds an entry, or edits one (orig != nil).
type formScreen struct {
	a    *App
	orig *record.Entry
	loc  *time.Location // zone the event time is typed in
	zone string         // its IANA name, stored with the entry

	when, place, text, witnesses, impact, actions, reason *textEntry
	people                                                []*personRow
	lang                                                  string // tag of the language written in; "" not said
	langPick                                              *scriptPicker
	sheetForm                                             // the quotes and the consultation-sheet fields (form_sheet.go)
	// categories ticked, by id; extra holds ids of an older entry that the
	// library does not know, offered as ticks of their own so they stay.
	categories map[string]bool
	extra      []string

	busy bool
	errs map[string]*message // by field: when, what, categories, general

	base      app.Draft // the form as opened, to tell unsaved changes (drafts.go)
	fromDraft bool      // restored from the vault's draft: clear it on save or discard
	note      *message  // why the form was restored, shown at its top
	stored    bool      // the save went through; guarded by a.storeMu

	// rebuilt by build
	errLabels map[string]*widget.Label
	errOrder  []string          // errLabels' names in the order of the form
	scroll    *container.Scroll // the form's fields
	saveBtn   *widget.Button
	peopleBox *fyne.Container
}

type personRow struct {
	name *textEntry
	role string // one of record.Roles, or free text from an older entry
}

// showForm opens the entry form, empty (orig == nil) or filled from orig.
func (a *App) showForm(orig *record.Entry) {
	a.show(a.newForm(orig))
}

// newForm makes the entry form, empty or filled from orig, without
// showing it.
func (a *App) newForm(orig *record.Entry) *formScreen {
	s := &formScreen{
		a:          a,
		orig:       orig,
		when:       a.newEntry(),
		place:      a.newEntry(),
		text:       a.newMultiLineEntry(6),
		witnesses:  a.newEntry(),
		categories: map[string]bool{},
		impact:     a.newMultiLineEntry(3),
		actions:    a.newMultiLineEntry(3),
		reason:     a.newEntry(),
		errs:       map[string]*message{},
	}
	s.initSheet()
	if orig == nil {
		s.lang = a.lastLang // most workers write every entry in one language
		s.loc = a.loc
		s.zone = zoneName(a.loc)
		s.when.SetText(a.now().In(s.loc).Format(inputLayout))
	} else {
		f := orig.Fields
		s.loc, s.zone = eventLocation(f.EventTime, f.EventZone), f.EventZone
		s.when.SetText(f.EventTime.In(s.loc).Format(inputLayout))
		s.place.SetText(f.Place)
		for _, p := range f.People {
			s.addPerson(p)
		}
		s.text.SetText(f.Text)
		s.setSheet(f)
		s.witnesses.SetText(strings.Join(f.Witnesses, ", "))
		s.setCategories(f.Categories)
		s.impact.SetText(f.Impact)
		s.actions.SetText(f.Actions)
		s.lang = f.Lang
	}
	if len(s.people) == 0 {
		s.addPerson(record.Person{})
	}
	if len(s.quotes) == 0 {
		s.addQuote(record.Quote{})
	}
	s.base = s.snapshot()
	return s
}

func (s *formScreen) addPerson(p record.Person) *personRow {
	r := &personRow{name: s.a.newEntry(), role: p.Role}
	r.name.SetText(p.Name)
	s.people = append(s.people, r)
	return r
}

func (s *formScreen) build() fyne.CanvasObject {
	a := s.a
	title := i18n.T("ui.form.title_new")
	if s.orig != nil {
		title = i18n.T("ui.form.title_edit")
	}
	s.errLabels = map[string]*widget.Label{}
	s.errOrder = nil
	errL := func(name string) *widget.Label {
		l := errorLabel("")
		s.errLabels[name] = l
		s.errOrder = append(s.errOrder, name)
		return l
	}
	zone := s.zone
	if zone == "" {
		zone = zoneAbbrev(a.now().In(s.loc))
	}
	s.when.SetPlaceHolder(i18n.T("ui.form.when_placeholder"))
	whenBox := fyne.CanvasObject(container.NewVBox(s.when, caption(i18n.T("ui.form.zone", zone))))
	if s.orig != nil {
		whenBox = container.NewGridWithColumns(2, whenBox, container.NewVBox(
			fieldName(i18n.T("ui.form.recorded")),
			valueLabel(formatDateTime(s.orig.RecordedAt.In(a.loc), true)),
		))
	}
	s.place.SetPlaceHolder(i18n.T("ui.form.place_placeholder"))
	s.witnesses.SetPlaceHolder(i18n.T("ui.form.witnesses_placeholder"))
	s.reason.SetPlaceHolder(i18n.T("ui.form.reason_placeholder"))

	s.peopleBox = container.NewVBox()
	s.fillPeople()

	section := func(label string, objs ...fyne.CanvasObject) fyne.CanvasObject {
		return container.NewVBox(append([]fyne.CanvasObject{widget.NewLabel(label)}, objs...)...)
	}
	parts := []fyne.CanvasObject{heading(title)}
	if s.note != nil {
		parts = append(parts, draftNote(s.note))
	}
	parts = append(parts,
		section(i18n.T("ui.form.when"), whenBox, caption(i18n.T("ui.form.when_hint")), errL("when")),
		// Before the fields it applies to: every text below is in it.
		section(i18n.T("ui.field.lang"), s.languagePicker(), caption(i18n.T("ui.form.lang_hint"))),
		section(i18n.T("ui.field.place"), s.place),
		section(i18n.T("ui.field.people"), s.peopleBox,
			container.NewHBox(a.button(i18n.T("ui.form.add_person"), theme.ContentAddIcon(), func() {
				r := s.addPerson(record.Person{})
				s.fillPeople()
				a.win.Canvas().Focus(r.name)
			}))),
		section(i18n.T("ui.field.text"), s.text, caption(i18n.T("ui.form.text_hint")), errL("what")),
		section(i18n.T("ui.field.quote"), s.quotesSection(), caption(i18n.T("ui.form.quote_hint"))),
		section(i18n.T("ui.field.witnesses"), s.witnesses, caption(i18n.T("ui.form.witnesses_hint"))),
		section(i18n.T("ui.field.categories"), caption(i18n.T("ui.form.categories_hint")), s.categoryPicker(), errL("categories")),
		section(i18n.T("ui.field.impact"), s.impact),
		section(i18n.T("ui.field.actions"), s.actions),
		s.sheetSection(errL),
	)
	if s.orig != nil {
		parts = append(parts, section(i18n.T("ui.form.reason"), s.reason))
	}
	s.saveBtn = a.button(i18n.T("ui.form.save"), theme.DocumentSaveIcon(), s.save)
	s.saveBtn.Importance = widget.HighImportance
	cancel := a.button(i18n.T("ui.form.cancel"), theme.CancelIcon(), s.cancel)
	s.sync()

	// Save and Cancel sit in a bar outside the scroll, so that they are
	// always in view however long the form; so is the note that something
	// needs fixing.
	body := container.New(widthLayout{width: 640}, container.NewVBox(parts...))
	top := container.NewPadded(container.NewHBox(
		a.button(i18n.T("ui.back"), theme.NavigateBackIcon(), s.cancel), layout.NewSpacer(), a.recordButton(), a.languageSelect()))
	hint := caption(i18n.T("ui.form.save_hint", saveKeyName()))
	hint.Wrapping = fyne.TextWrapOff // a wrapping label in a row shrinks to one letter per line
	bottom := container.NewVBox(widget.NewSeparator(), container.NewPadded(container.NewBorder(nil, nil, nil,
		container.NewHBox(container.NewCenter(hint), cancel, s.saveBtn),
		errL("general"))))
	s.scroll = container.NewVScroll(container.NewCenter(container.NewPadded(body)))
	return container.NewBorder(top, bottom, nil, nil, s.scroll)
}

// showFirstError scrolls the form to the first field that needs fixing:
// the note beside Save says "check the fields above", and the field may
// be out of view (a fresh user saw only that note).
func (s *formScreen) showFirstError() {
	if s.scroll == nil || s.scroll.Content == nil {
		return
	}
	// The messages just shown make the form longer: lay it out again
	// before measuring where they are.
	s.scroll.Refresh()
	s.scroll.Content.Refresh()
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(s.scroll.Content).Y
	for _, name := range s.errOrder {
		l := s.errLabels[name]
		if name == "general" || l == nil || !l.Visible() || l.Text == "" {
			continue
		}
		// The field's heading sits above its message: leave room for it.
		y := d.AbsolutePositionForObject(l).Y - top - 120
		s.scroll.Offset.Y = max(0, min(y, s.scroll.Content.Size().Height-s.scroll.Size().Height))
		s.scroll.Refresh()
		return
	}
}

// saveKeyName is how the save shortcut is written on this system.
func saveKeyName() string {
	if fyne.KeyModifierShortcutDefault == fyne.KeyModifierSuper {
		return "Cmd+S"
	}
	return "Ctrl+S"
}

func (s *formScreen) focus() fyne.Focusable { return s.text }

// languagePicker chooses the language the entry is written in.
func (s *formScreen) languagePicker() fyne.CanvasObject {
	s.langPick = s.a.writingLanguagePicker(s.lang, func(tag string) { s.lang = tag })
	return s.langPick.object()
}

// writingLanguagePicker chooses the language words are written in (an
// entry, a transcript): "not said", then every language Kiroku names,
// each in the app's language and in itself, and cur when it is a tag an
// older record carries that Kiroku does not list.
func (a *App) writingLanguagePicker(cur string, set func(tag string)) *scriptPicker {
	tags := []string{""}
	labels := []string{i18n.T("ui.form.lang_none")}
	for _, l := range i18n.WritingLanguages {
		tags = append(tags, l.Tag)
		labels = append(labels, writingLanguageLabel(l.Tag))
	}
	if cur != "" && !i18n.WritingLanguageKnown(cur) {
		tags = append(tags, cur)
		labels = append(labels, cur)
	}
	sel := 0
	for i, t := range tags {
		if t == cur {
			sel = i
		}
	}
	return a.newScriptPicker(labels, sel, func(i int) { set(tags[i]) })
}

// fillPeople lays out the rows of people: name, role and a remove button.
func (s *formScreen) fillPeople() {
	a := s.a
	var rows []fyne.CanvasObject
	for _, r := range s.people {
		r := r
		r.name.SetPlaceHolder(i18n.T("ui.form.person_name"))
		ids := append([]string(nil), record.Roles...)
		if r.role != "" && roleLabel(r.role) == r.role {
			ids = append(ids, r.role) // free text from an older entry
		}
		labels := make([]string, len(ids))
		for i, id := range ids {
			labels[i] = roleLabel(id)
		}
		sel := widget.NewSelect(labels, nil)
		sel.PlaceHolder = i18n.T("ui.form.person_role")
		for i, id := range ids {
			if id == r.role {
				sel.Selected = labels[i]
			}
		}
		sel.OnChanged = func(label string) {
			a.touch()
			for i, l := range labels {
				if l == label {
					r.role = ids[i]
				}
			}
		}
		remove := a.button("", theme.DeleteIcon(), func() {
			for i, p := range s.people {
				if p == r {
					s.people = append(s.people[:i], s.people[i+1:]...)
					break
				}
			}
			s.fillPeople()
		})
		remove.Importance = widget.LowImportance
		// Wide enough for the longest role: a Select shows "Sup…" otherwise.
		var w float32
		for _, l := range append(labels, sel.PlaceHolder) {
			w = max(w, fyne.MeasureText(l, theme.TextSize(), fyne.TextStyle{}).Width)
		}
		w += theme.IconInlineSize() + 4*theme.InnerPadding()
		rows = append(rows, container.NewBorder(nil, nil, nil,
			container.NewHBox(container.New(widthLayout{width: w}, sel), remove), r.name))
	}
	s.peopleBox.Objects = rows
	s.peopleBox.Refresh()
}

func (s *formScreen) sync() {
	for name, l := range s.errLabels {
		setError(l, s.errs[name].String())
	}
	if s.busy {
		s.saveBtn.Disable()
	} else {
		s.saveBtn.Enable()
	}
}

// collect reads the form into fields and records what is wrong with it.
func (s *formScreen) collect() (record.Fields, bool) {
	errs := map[string]*message{}
	var t time.Time
	if s.orig != nil && strings.TrimSpace(s.when.Text) == s.orig.EventTime.In(s.loc).Format(inputLayout) {
		t = s.orig.EventTime // untouched: keep seconds and the exact offset
	} else if parsed, err := parseEventTime(s.when.Text, s.loc); err != nil {
		errs["when"] = msgKey("ui.form.err.when", "2026-04-01 14:30") // an example, not Go's layout
	} else if parsed.After(s.a.now().Add(futureSlack)) {
		errs["when"] = msgKey("ui.form.err.future")
	} else {
		t = parsed
	}
	var people []record.Person
	for _, p := range s.people {
		people = append(people, record.Person{Name: p.name.Text, Role: p.role})
	}
	f := record.Fields{
		EventTime:  t,
		EventZone:  s.zone,
		Place:      s.place.Text,
		People:     people,
		Text:       s.text.Text,
		Witnesses:  splitList(s.witnesses.Text),
		Categories: s.categoryIDs(),
		Impact:     s.impact.Text,
		Actions:    s.actions.Text,
		Lang:       s.lang,
	}
	s.collectSheet(&f, errs)
	f = f.Normalize()
	if strings.TrimSpace(f.Text) == "" && len(f.AllQuotes()) == 0 {
		errs["what"] = msgKey("ui.form.err.what")
	}
	var bad []string
	for _, c := range f.Categories {
		if !record.IsCategoryID(c) {
			bad = append(bad, c)
		}
	}
	if len(bad) > 0 {
		errs["categories"] = msgKey("ui.form.err.categories", strings.Join(bad, ", "))
	}
	if len(errs) == 0 {
		if err := f.Validate(); err != nil {
			errs["general"] = msgErr(err)
		}
	}
	s.errs = errs
	return f, len(errs) == 0
}

func (s *formScreen) save() {
	if s.busy {
		return
	}
	f, ok := s.collect()
	if !ok {
		s.errs["general"] = msgKey("ui.form.err.fix")
		s.sync()
		s.showFirstError()
		return
	}
	a, st := s.a, s.a.store
	if s.orig != nil && sameFields(f, s.orig.Fields.Normalize()) {
		s.clearDraft()
		a.showMain(s.orig.ID) // nothing changed: no empty revision
		return
	}
	reason := strings.TrimSpace(s.reason.Text)
	fromDraft := s.fromDraft
	s.busy = true
	s.sync()
	a.background(func() func() {
		var e record.Entry
		var err error
		a.withStore(st, func(st app.Store) {
			if s.orig == nil {
				e, err = st.Add(f)
			} else {
				e, err = st.Edit(s.orig.ID, f, reason)
			}
			if err == nil {
				s.stored = true // a lock from now on keeps no draft of it
				if fromDraft {
					// The entry is saved, which is what counts; a draft
					// left behind would only come back at the next unlock.
					_ = st.ClearDraft()
				}
			}
		})
		return func() {
			s.busy = false
			if err != nil {
				s.errs["general"] = msgErr(err)
				if a.cur == s {
					s.sync()
				}
				return
			}
			if a.cur == s {
				a.showMain(e.ID)
			}
		}
	})
}

// cancel leaves the form; with unsaved changes it asks first (not in a
// backup looked at read-only, where nothing typed can be saved).
func (s *formScreen) cancel() {
	leave := func() {
		s.clearDraft()
		var id int64
		if s.orig != nil {
			id = s.orig.ID
		}
		s.a.showMain(id)
	}
	if s.busy || s.a.readOnly() || !s.dirty() {
		leave()
		return
	}
	s.confirmDiscard(leave)
}

// sameFields compares normalised fields, times by instant.
func sameFields(x, y record.Fields) bool {
	if !x.EventTime.Equal(y.EventTime) {
		return false
	}
	x.EventTime, y.EventTime = time.Time{}, time.Time{}
	return reflect.DeepEqual(x, y)
}

// setCategories ticks ids; those the library does not know are kept as
// extra ticks.
func (s *formScreen) setCategories(ids []string) {
	clear(s.categories)
	s.extra = nil
	for _, id := range ids {
		s.categories[id] = true
		if _, ok := library().Category(id); !ok {
			s.extra = append(s.extra, id)
		}
	}
}

// categoryIDs are the ticked categories in the library's order, then the
// extra ones.
func (s *formScreen) categoryIDs() []string {
	var out []string
	for _, c := range library().Categories() {
		if s.categories[c.ID] {
			out = append(out, c.ID)
		}
	}
	for _, id := range s.extra {
		if s.categories[id] {
			out = append(out, id)
		}
	}
	return out
}

// categoryPicker is the taxonomy of the rule library as ticks, grouped;
// each tick's label is the category's name in the current language.
func (s *formScreen) categoryPicker() fyne.CanvasObject {
	a := s.a
	lang := i18n.Language()
	check := func(id, label string) *widget.Check {
		c := widget.NewCheck(label, nil)
		c.Checked = s.categories[id]
		c.OnChanged = func(on bool) {
			a.touch()
			s.categories[id] = on
		}
		return c
	}
	box := container.NewVBox()
	cats := library().Categories()
	cols := 2
	if a.compact {
		cols = 1 // the labels are long
	}
	for _, g := range library().Groups() {
		grid := container.NewGridWithColumns(cols)
		for _, c := range cats {
			if c.Group == g.ID {
				grid.Add(check(c.ID, c.Label.In(lang)))
			}
		}
		box.Add(fieldName(g.Label.In(lang)))
		box.Add(grid)
	}
	if len(s.extra) > 0 {
		grid := container.NewGridWithColumns(cols)
		for _, id := range s.extra {
			grid.Add(check(id, id))
		}
		box.Add(fieldName(i18n.T("ui.form.categories_other")))
		box.Add(grid)
	}
	return box
}
