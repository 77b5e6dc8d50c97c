package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// The entry form's exact words (several, each with who said them) and
// what a consultation sheet asks for besides: once or repeated, since
// when, how often, how long, others affected, whom the worker asked for
// help and what they did, and what the worker wants. The sheet fields sit
// in a section that opens on demand, so that a worker writing down what
// just happened meets the few fields that matter first.

// quoteRow is one quote: the words, verbatim, and who said them.
type quoteRow struct {
	words, speaker *textEntry
}

// consultRow is one consultation.
type consultRow struct {
	with                 string // one of record.ConsultedWith; "" not chosen
	date, name, response *textEntry
}

// sheetForm holds the form's sheet widgets.
type sheetForm struct {
	quotes    []*quoteRow
	quotesBox *fyne.Container

	recurrence                          string
	since, howOften, duration, affected *textEntry
	consults                            []*consultRow
	consultBox                          *fyne.Container
	wants                               map[string]bool
	wantsNote                           *textEntry
	open                                bool // the section is open (as built next)
	sheetItem                           *widget.AccordionItem
}

func (s *formScreen) initSheet() {
	a := s.a
	s.since, s.howOften, s.duration, s.affected = a.newEntry(), a.newEntry(), a.newEntry(), a.newEntry()
	s.wantsNote = a.newMultiLineEntry(2)
	s.wants = map[string]bool{}
}

func (s *formScreen) addQuote(q record.Quote) *quoteRow {
	r := &quoteRow{words: s.a.newMultiLineEntry(3), speaker: s.a.newEntry()}
	r.words.TextStyle = fyne.TextStyle{Italic: true}
	r.words.SetText(q.Words)
	r.speaker.SetText(q.Speaker)
	s.quotes = append(s.quotes, r)
	return r
}

func (s *formScreen) addConsult(c record.Consultation) *consultRow {
	r := &consultRow{with: c.With, date: s.a.newEntry(), name: s.a.newEntry(), response: s.a.newMultiLineEntry(2)}
	r.date.SetText(c.Date)
	r.name.SetText(c.Name)
	r.response.SetText(c.Response)
	s.consults = append(s.consults, r)
	return r
}

// setSheet fills the sheet widgets from f (an entry being edited).
func (s *formScreen) setSheet(f record.Fields) {
	s.applySheetDraft(app.Draft{Quotes: f.AllQuotes(), Recurrence: f.Recurrence, Since: f.Since, HowOften: f.HowOften,
		Duration: f.Duration, Affected: strings.Join(f.Affected, ", "), Consultations: f.Consultations, Wants: f.Wants, WantsNote: f.WantsNote})
}

// sheetSaid reports whether any sheet field (beyond the quotes) holds
// something, so that the section opens to show it.
func (s *formScreen) sheetSaid() bool {
	if s.recurrence != "" || s.since.Text != "" || s.howOften.Text != "" || s.duration.Text != "" ||
		s.affected.Text != "" || s.wantsNote.Text != "" || len(s.consults) > 0 {
		return true
	}
	for _, on := range s.wants {
		if on {
			return true
		}
	}
	return false
}

// fillQuotes lays out the quote rows: the words with the quote bar, and
// below them who said it and a remove button.
func (s *formScreen) fillQuotes() {
	a := s.a
	var rows []fyne.CanvasObject
	for _, r := range s.quotes {
		r := r
		r.speaker.SetPlaceHolder(i18n.T("ui.form.quote_speaker_placeholder"))
		remove := a.button("", theme.DeleteIcon(), func() {
			for i, q := range s.quotes {
				if q == r {
					s.quotes = append(s.quotes[:i], s.quotes[i+1:]...)
					break
				}
			}
			if len(s.quotes) == 0 {
				s.addQuote(record.Quote{})
			}
			s.fillQuotes()
		})
		remove.Importance = widget.LowImportance
		who := caption(i18n.T("ui.form.quote_speaker"))
		who.Wrapping = fyne.TextWrapOff // a wrapping label in a row shrinks to one letter per line
		rows = append(rows, container.NewVBox(
			container.NewBorder(nil, nil, quoteBar(), nil, r.words),
			container.NewBorder(nil, nil, container.NewCenter(who), remove, r.speaker),
		))
	}
	s.quotesBox.Objects = rows
	s.quotesBox.Refresh()
}

// quotesSection is the exact words with their speakers.
func (s *formScreen) quotesSection() fyne.CanvasObject {
	s.quotesBox = container.NewVBox()
	s.fillQuotes()
	add := s.a.button(i18n.T("ui.form.add_quote"), theme.ContentAddIcon(), func() {
		r := s.addQuote(record.Quote{})
		s.fillQuotes()
		s.a.win.Canvas().Focus(r.words)
	})
	return container.NewVBox(s.quotesBox, container.NewHBox(add))
}

// fillConsults lays out the consultation rows.
func (s *formScreen) fillConsults() {
	a := s.a
	var rows []fyne.CanvasObject
	labels := make([]string, len(record.ConsultedWith))
	for i, id := range record.ConsultedWith {
		labels[i] = i18n.T("sheet.with." + id)
	}
	for _, r := range s.consults {
		r := r
		sel := widget.NewSelect(labels, nil)
		sel.PlaceHolder = i18n.T("ui.form.consult_with")
		for i, id := range record.ConsultedWith {
			if id == r.with {
				sel.Selected = labels[i]
			}
		}
		sel.OnChanged = func(label string) {
			a.touch()
			for i, l := range labels {
				if l == label {
					r.with = record.ConsultedWith[i]
				}
			}
		}
		r.date.SetPlaceHolder(i18n.T("ui.form.consult_date"))
		r.name.SetPlaceHolder(i18n.T("ui.form.consult_name"))
		r.response.SetPlaceHolder(i18n.T("ui.form.consult_response"))
		remove := a.button("", theme.DeleteIcon(), func() {
			for i, c := range s.consults {
				if c == r {
					s.consults = append(s.consults[:i], s.consults[i+1:]...)
					break
				}
			}
			s.fillConsults()
		})
		remove.Importance = widget.LowImportance
		cols := 2
		if a.compact {
			cols = 1
		}
		rows = append(rows, container.NewVBox(
			container.NewBorder(nil, nil, nil, remove, container.NewGridWithColumns(cols, sel, r.date)),
			r.name, r.response, widget.NewSeparator()))
	}
	s.consultBox.Objects = rows
	s.consultBox.Refresh()
}

// sheetSection is the section of what a consultation will ask, closed
// until opened (open when the entry already says any of it).
func (s *formScreen) sheetSection(errL func(string) *widget.Label) fyne.CanvasObject {
	a := s.a
	section := func(label string, objs ...fyne.CanvasObject) fyne.CanvasObject {
		return container.NewVBox(append([]fyne.CanvasObject{widget.NewLabel(label)}, objs...)...)
	}
	recIDs := []string{record.RecurrenceOnce, record.RecurrenceRepeated}
	recLabels := []string{i18n.T("sheet.recurrence.once"), i18n.T("sheet.recurrence.repeated")}
	radio := widget.NewRadioGroup(recLabels, nil)
	radio.Horizontal = true
	for i, id := range recIDs {
		if id == s.recurrence {
			radio.Selected = recLabels[i]
		}
	}
	radio.OnChanged = func(label string) {
		a.touch()
		s.recurrence = ""
		for i, l := range recLabels {
			if l == label {
				s.recurrence = recIDs[i]
			}
		}
	}
	s.since.SetPlaceHolder(i18n.T("ui.form.since_placeholder"))
	s.howOften.SetPlaceHolder(i18n.T("ui.form.how_often_placeholder"))
	s.duration.SetPlaceHolder(i18n.T("ui.form.duration_placeholder"))

	s.consultBox = container.NewVBox()
	s.fillConsults()
	addConsult := a.button(i18n.T("ui.form.add_consultation"), theme.ContentAddIcon(), func() {
		s.addConsult(record.Consultation{})
		s.fillConsults()
	})

	cols := 2
	if a.compact {
		cols = 1
	}
	wants := container.NewGridWithColumns(cols)
	for _, id := range record.WantIDs {
		id := id
		c := widget.NewCheck(i18n.T("sheet.want."+id), nil)
		c.Checked = s.wants[id]
		c.OnChanged = func(on bool) {
			a.touch()
			s.wants[id] = on
		}
		wants.Add(c)
	}
	s.wantsNote.SetPlaceHolder(i18n.T("ui.form.wants_note"))

	body := container.NewVBox(
		caption(i18n.T("ui.form.sheet_hint")),
		section(i18n.T("ui.field.recurrence"), radio),
		section(i18n.T("ui.field.since"), s.since, errL("since")),
		section(i18n.T("ui.field.how_often"), s.howOften),
		section(i18n.T("ui.field.duration"), s.duration),
		section(i18n.T("ui.field.affected"), s.affected, caption(i18n.T("ui.form.affected_hint"))),
		section(i18n.T("ui.field.consultations"), s.consultBox, container.NewHBox(addConsult), errL("consult")),
		section(i18n.T("ui.field.wants"), wants, s.wantsNote),
	)
	if s.sheetItem != nil {
		s.open = s.sheetItem.Open // rebuilt (a language change): as the user left it
	}
	s.sheetItem = widget.NewAccordionItem(i18n.T("ui.form.sheet"), body)
	s.sheetItem.Open = s.open
	return widget.NewAccordion(s.sheetItem)
}

// collectSheet reads the quotes and the sheet fields into f and records
// what is wrong with them in errs.
func (s *formScreen) collectSheet(f *record.Fields, errs map[string]*message) {
	f.Quote, f.Quotes = "", nil
	for _, r := range s.quotes {
		f.Quotes = append(f.Quotes, record.Quote{Speaker: r.speaker.Text, Words: r.words.Text})
	}
	f.Recurrence = s.recurrence
	f.Since = strings.TrimSpace(s.since.Text)
	if f.Since != "" && !record.IsPartialDate(f.Since) {
		errs["since"] = msgKey("ui.form.err.since", "2026-04-01")
	}
	f.HowOften, f.Duration = s.howOften.Text, s.duration.Text
	f.Affected = splitList(s.affected.Text)
	for _, r := range s.consults {
		c := record.Consultation{With: r.with, Date: strings.TrimSpace(r.date.Text), Name: r.name.Text, Response: r.response.Text}
		if c.With == "" && c.Date == "" && strings.TrimSpace(c.Name) == "" && strings.TrimSpace(c.Response) == "" {
			continue // a row left empty
		}
		if c.With == "" || (c.Date != "" && !record.IsPartialDate(c.Date)) {
			errs["consult"] = msgKey("ui.form.err.consult", "2026-05-10")
		}
		f.Consultations = append(f.Consultations, c)
	}
	for _, id := range record.WantIDs {
		if s.wants[id] {
			f.Wants = append(f.Wants, id)
		}
	}
	f.WantsNote = s.wantsNote.Text
}

// snapshotSheet adds the quotes and sheet fields, as typed, to d. Rows
// left empty do not count.
func (s *formScreen) snapshotSheet(d *app.Draft) {
	for _, r := range s.quotes {
		if r.words.Text != "" || r.speaker.Text != "" {
			d.Quotes = append(d.Quotes, record.Quote{Speaker: r.speaker.Text, Words: r.words.Text})
		}
	}
	d.Recurrence, d.Since, d.HowOften, d.Duration, d.Affected = s.recurrence, s.since.Text, s.howOften.Text, s.duration.Text, s.affected.Text
	for _, r := range s.consults {
		c := record.Consultation{With: r.with, Date: r.date.Text, Name: r.name.Text, Response: r.response.Text}
		if c != (record.Consultation{}) {
			d.Consultations = append(d.Consultations, c)
		}
	}
	for _, id := range record.WantIDs {
		if s.wants[id] {
			d.Wants = append(d.Wants, id)
		}
	}
	d.WantsNote = s.wantsNote.Text
}

// applySheetDraft fills the quotes and sheet fields from a draft; a draft
// kept by an earlier version has one Quote.
func (s *formScreen) applySheetDraft(d app.Draft) {
	s.quotes = nil
	if d.Quote != "" {
		s.addQuote(record.Quote{Words: d.Quote})
	}
	for _, q := range d.Quotes {
		s.addQuote(q)
	}
	if len(s.quotes) == 0 {
		s.addQuote(record.Quote{})
	}
	s.recurrence = d.Recurrence
	s.since.SetText(d.Since)
	s.howOften.SetText(d.HowOften)
	s.duration.SetText(d.Duration)
	s.affected.SetText(d.Affected)
	s.consults = nil
	for _, c := range d.Consultations {
		s.addConsult(c)
	}
	clear(s.wants)
	for _, w := range d.Wants {
		s.wants[w] = true
	}
	s.wantsNote.SetText(d.WantsNote)
	s.open = s.sheetSaid()
}

// sheetView shows the consultation-sheet fields an entry says (none of
// them for an entry that says none), words laying out the worker's text.
func sheetView(f record.Fields, words func(name, value string) fyne.CanvasObject) []fyne.CanvasObject {
	var objs []fyne.CanvasObject
	cat, lang := i18n.Default(), i18n.Language()
	if pattern := cat.SheetPattern(lang, f.Recurrence, f.Since); pattern != "" {
		objs = append(objs, field(i18n.T("field.pattern"), pattern))
	}
	if f.HowOften != "" {
		objs = append(objs, words(i18n.T("field.how_often"), f.HowOften))
	}
	if f.Duration != "" {
		objs = append(objs, words(i18n.T("ui.field.duration"), f.Duration))
	}
	if len(f.Affected) > 0 {
		objs = append(objs, words(i18n.T("ui.field.affected"), strings.Join(f.Affected, i18n.T("ui.list.sep"))))
	}
	if len(f.Consultations) > 0 {
		var lines []string
		for _, c := range f.Consultations {
			parts := []string{cat.KeyOr(lang, "sheet.with.", c.With)}
			for _, p := range []string{c.Date, c.Name} {
				if p != "" {
					parts = append(parts, p)
				}
			}
			line := strings.Join(parts, " · ")
			if c.Response != "" {
				line += "\n" + c.Response
			}
			lines = append(lines, line)
		}
		objs = append(objs, words(i18n.T("ui.field.consultations"), strings.Join(lines, "\n\n")))
	}
	if len(f.Wants) > 0 || f.WantsNote != "" {
		var items []string
		for _, w := range f.Wants {
			items = append(items, cat.KeyOr(lang, "sheet.want.", w))
		}
		v := strings.Join(items, i18n.T("ui.list.sep"))
		if f.WantsNote != "" {
			v = strings.TrimSpace(v + "\n" + f.WantsNote)
		}
		objs = append(objs, words(i18n.T("ui.field.wants"), v))
	}
	return objs
}
