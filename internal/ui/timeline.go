package ui

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// mainScreen is the unlocked vault: a toolbar, the timeline (newest event
// first) and the selected entry or its history.
type mainScreen struct {
	a        *App
	entries  []record.Entry
	loaded   bool
	err      *message
	damaged  bool  // some records did not open and are left out; the rest is listed
	tsaOff   bool  // trusted timestamps are off: the empty detail says what they add
	selected int64 // entry ID; 0 when none

	showHistory bool
	history     []record.Revision // of selected, once loaded
	historyErr  *message

	deleting  bool     // a Delete of the selected entry is in flight
	detailErr *message // why the last action on the selected entry failed
	note      *message // shown while nothing is selected (after a delete)

	rowsCreated int // row widgets made by the list (it recycles them)

	ix     entryIndex               // of entries, for search and filters
	view   []int                    // indexes of the entries the filter lets through
	stats  map[int64]app.EntryStats // recordings and attachments per entry
	people []string                 // everyone named in entries, for the person filter

	// the filter fields; kept across renders so typing is not disturbed
	search, from, to *textEntry
	clear            *widget.Button  // shown while a filter is active
	toolbar          *fyne.Container // holds clear

	recs        []app.RecordingInfo // of entry recsID, once loaded
	recsID      int64
	recsErr     *message
	recsLoading int64 // entry whose recordings are being fetched

	trs       []record.EntryTranslation // of entry trsID, once loaded
	trsID     int64
	trsLatest string // the ledger ref of entry trsID's current revision
	trsErr    *message
	trsLoad   int64
	trsSeq    int

	// The current transcripts (反訳) of every audio, by audio ref, loaded
	// for entry tscID; tscLast is the last transcriber's name.
	tsc     map[string][]record.TranscriptRevision
	tscID   int64
	tscLast string
	tscErr  *message
	tscLoad int64
	tscSeq  int

	atts       []app.AttachmentInfo // of entry attsID, once loaded
	attsID     int64
	attsErr    *message
	attsSeq    int              // bumped per load: only the latest one counts
	attsLoad   int64            // entry whose attachments are being fetched
	previews   map[int64][]byte // image bytes of attachments of attsID
	previewErr map[int64]*message

	// rebuilt by build
	list     *widget.List
	detail   *fyne.Container
	count    *widget.Label
	chart    *fyne.Container
	rangeErr *widget.Label
}

// showMain shows the timeline and loads it; selectID, if not 0, is
// selected once loaded.
func (a *App) showMain(selectID int64) {
	a.showMainScreen(&mainScreen{a: a, selected: selectID})
}

func (a *App) showMainScreen(s *mainScreen) {
	a.show(s)
	s.load()
}

func (s *mainScreen) load() {
	a, st := s.a, s.a.store
	a.background(func() func() {
		var ents []record.Entry
		var stats map[int64]app.EntryStats
		var err error
		tsaOff := false
		a.withStore(st, func(st app.Store) {
			if ts, ok := st.(app.Timestamps); ok {
				if status, serr := ts.TimestampStatus(); serr == nil && status.URL == "" {
					tsaOff = true
				}
			}
			ents, err = st.Entries()
			// Damaged records are left out of the list with an error
			// that says so; the rest is the worker's diary, shown.
			if err == nil || errors.Is(err, apperr.ErrDamaged) {
				var serr error
				stats, serr = st.Stats()
				if err == nil {
					err = serr
				}
			}
		})
		// Indexing 10,000 entries takes a few milliseconds: off the
		// Fyne thread, like the load.
		ix := indexEntries(ents)
		people := peopleIn(ents)
		lang, langKnown := lastLanguage(ents)
		return func() {
			if langKnown && a.store == st {
				a.lastLang = lang
			}
			if a.cur != s {
				return
			}
			s.loaded, s.entries, s.err, s.damaged, s.tsaOff = true, ents, msgErr(err), false, tsaOff
			if err != nil && errors.Is(err, apperr.ErrDamaged) && len(ents) > 0 {
				s.err, s.damaged = nil, true
			}
			s.ix, s.stats, s.people = ix, stats, people
			s.view = filterEntries(s.entries, s.ix, a.filter)
			a.render()
		}
	})
}

// lastLanguage is the language of the entry written last, and whether
// there is one.
func lastLanguage(ents []record.Entry) (string, bool) {
	var last *record.Entry
	for i := range ents {
		if last == nil || ents[i].EditedAt.After(last.EditedAt) {
			last = &ents[i]
		}
	}
	if last == nil {
		return "", false
	}
	return last.Lang, true
}

// filterFields makes the search and date fields once per screen, filled
// from the App's filter.
func (s *mainScreen) filterFields() {
	a := s.a
	if s.search != nil {
		return
	}
	s.search, s.from, s.to = a.newEntry(), a.newEntry(), a.newEntry()
	s.search.SetText(a.filter.query)
	s.from.SetText(a.filter.from)
	s.to.SetText(a.filter.to)
	s.search.OnChanged = func(q string) {
		a.filter.query = q
		s.applyFilter()
	}
	s.search.OnEscape = func() { s.search.SetText("") }
	// Down from the search goes into the list, so that the keyboard
	// reaches the entries (Tab goes on to the filters).
	s.search.OnDown = s.focusList
	for _, e := range []*textEntry{s.from, s.to} {
		e.OnChanged = func(string) { s.dateChanged() }
	}
}

// dateChanged applies the date range once both ends are empty or valid.
func (s *mainScreen) dateChanged() {
	from, okFrom := parseDay(s.from.Text)
	to, okTo := parseDay(s.to.Text)
	setError(s.rangeErr, rangeProblem(s.from.Text, s.to.Text))
	if !okFrom || !okTo {
		return
	}
	s.a.filter.from, s.a.filter.to = from, to
	s.applyFilter()
}

// rangeProblem says what is wrong with a date range as typed, or "": a
// date not written as YYYY-MM-DD, or a start after the end (which matches
// nothing, and an empty list alone does not say why).
func rangeProblem(fromText, toText string) string {
	from, okFrom := parseDay(fromText)
	to, okTo := parseDay(toText)
	switch {
	case !okFrom || !okTo:
		return i18n.T("ui.filter.err.date")
	case from != "" && to != "" && from > to:
		return i18n.T("ui.filter.err.reversed")
	}
	return ""
}

// parseDay reads a date as YYYY-MM-DD (full-width digits too); "" is
// fine and means no limit.
func parseDay(s string) (string, bool) {
	s = strings.TrimSpace(foldWidth(s))
	if s == "" {
		return "", true
	}
	t, err := time.Parse(time.DateOnly, strings.ReplaceAll(s, "/", "-"))
	if err != nil {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

// applyFilter recomputes the visible entries after the filter changed,
// without rebuilding the screen (the search field keeps the focus).
func (s *mainScreen) applyFilter() {
	a := s.a
	a.touch()
	if !s.loaded {
		return
	}
	s.view = filterEntries(s.entries, s.ix, a.filter)
	s.showClear()
	if s.list == nil || len(s.view) == 0 {
		a.render() // to or from the "no entries match" view
		return
	}
	s.list.UnselectAll()
	s.list.Refresh()
	s.refreshSummary()
	if i := s.viewIndexOf(s.selected); i >= 0 {
		s.list.Select(i)
	} else {
		s.selected = 0
		s.renderDetail()
	}
}

// refreshSummary redraws the count and the chart for the current view.
func (s *mainScreen) refreshSummary() {
	a := s.a
	if a.filter.active() {
		s.count.SetText(i18n.T("ui.main.count_filtered", len(s.view), len(s.entries)))
	} else {
		s.count.SetText(i18n.T("ui.main.count", len(s.entries)))
	}
	end := a.now()
	if len(s.view) > 0 && a.filter.active() {
		end = s.entries[s.view[0]].EventTime
	}
	s.chart.Objects = nil
	if !a.compact { // a narrow window keeps its height for the list
		s.chart.Objects = []fyne.CanvasObject{chartView(countWeeks(s.entries, s.view, end, a.loc))}
	}
	s.chart.Refresh()
}

func (s *mainScreen) viewIndexOf(id int64) int {
	for k, i := range s.view {
		if s.entries[i].ID == id {
			return k
		}
	}
	return -1
}

func (s *mainScreen) searchField() fyne.Focusable { return s.search }

// focusList moves the keyboard into the entry list, selecting the first
// entry shown if none is: ↑ ↓ then move, Ctrl+E edits, Ctrl+H shows the
// history.
func (s *mainScreen) focusList() {
	if s.list == nil || len(s.view) == 0 {
		return
	}
	if s.viewIndexOf(s.selected) < 0 {
		s.list.Select(0)
	}
	s.a.win.Canvas().Focus(s.list)
}

// filterBar is search, category, person and date range, above the chart.
func (s *mainScreen) filterBar() fyne.CanvasObject {
	a := s.a
	s.filterFields()
	s.search.SetPlaceHolder(i18n.T("ui.filter.search", shortcutName("F")))
	// The format is the hint: "From (YYYY-MM-DD)" was cut off in a
	// 1000 px window. The dash between the fields says from and to.
	s.from.SetPlaceHolder(i18n.T("ui.filter.date_hint"))
	s.to.SetPlaceHolder(i18n.T("ui.filter.date_hint"))

	catIDs := []string{""}
	catLabels := []string{i18n.T("ui.filter.all_categories")}
	for _, c := range library().Categories() {
		catIDs = append(catIDs, c.ID)
		catLabels = append(catLabels, c.Label.In(i18n.Language()))
	}
	cat := widget.NewSelect(catLabels, nil)
	cat.Selected = catLabels[0]
	for i, id := range catIDs {
		if id == a.filter.category {
			cat.Selected = catLabels[i]
		}
	}
	cat.OnChanged = func(label string) {
		for i, l := range catLabels {
			if l == label {
				a.filter.category = catIDs[i]
			}
		}
		s.applyFilter()
	}
	people := append([]string{i18n.T("ui.filter.everyone")}, s.people...)
	person := widget.NewSelect(people, nil)
	person.Selected = people[0]
	if a.filter.person != "" {
		person.Selected = a.filter.person
	}
	person.OnChanged = func(p string) {
		a.filter.person = p
		if p == people[0] {
			a.filter.person = ""
		}
		s.applyFilter()
	}
	s.rangeErr = errorLabel("")
	setError(s.rangeErr, rangeProblem(s.from.Text, s.to.Text))
	sep := widget.NewLabel(i18n.T("ui.filter.range_sep"))
	dates := container.New(&rangeLayout{}, s.from, sep, s.to)
	return container.NewVBox(
		container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), nil, s.search),
		container.NewGridWithColumns(2, cat, person),
		dates, s.rangeErr)
}

func (s *mainScreen) build() fyne.CanvasObject {
	a := s.a
	newBtn := a.button(i18n.T("ui.main.new"), theme.ContentAddIcon(), func() { a.showForm(nil) })
	newBtn.Importance = widget.HighImportance
	recBtn := a.recordButton()
	if a.readOnly() {
		newBtn.Disable()
		recBtn.Disable()
	}
	s.count = widget.NewLabel("")
	s.count.SizeName = theme.SizeNameCaptionText
	s.chart = container.NewStack()
	// Clear stands beside "Showing 3 of 40" while a filter is active: it
	// clears them all, and the filter bar keeps its width for the dates.
	s.clear = a.button(i18n.T("ui.filter.clear"), theme.ContentClearIcon(), func() {
		a.filter = timelineFilter{}
		s.search, s.from, s.to = nil, nil, nil
		s.view = filterEntries(s.entries, s.ix, a.filter)
		a.render()
	})
	s.clear.Importance = widget.LowImportance
	s.toolbar = container.NewHBox(recBtn, newBtn, container.NewCenter(s.count), s.clear, layout.NewSpacer(), a.languageSelect())
	s.showClear()
	toolbar := container.NewPadded(s.toolbar)

	var left fyne.CanvasObject
	s.list = nil
	switch {
	case !s.loaded:
		bar := widget.NewProgressBarInfinite()
		left = container.NewVBox(widget.NewLabel(i18n.T("ui.main.loading")), bar)
	case s.err != nil:
		left = container.NewVBox(errorLabel(s.err.String()))
	case len(s.entries) == 0:
		left = container.NewCenter(container.New(widthLayout{width: 300}, paragraph(i18n.T("ui.main.empty"))))
	case len(s.view) == 0:
		s.refreshSummary()
		left = container.NewBorder(container.NewVBox(s.filterBar(), s.chart), nil, nil, nil,
			container.NewCenter(container.New(widthLayout{width: 260}, paragraph(i18n.T("ui.filter.none")))))
	default:
		s.list = widget.NewList(
			func() int { return len(s.view) },
			func() fyne.CanvasObject { s.rowsCreated++; return newTimelineRow() },
			func(i widget.ListItemID, o fyne.CanvasObject) {
				e := s.entries[s.view[i]]
				o.(*timelineRow).set(e, s.stats[e.ID])
			},
		)
		s.list.OnSelected = func(i widget.ListItemID) {
			a.touch()
			if id := s.entries[s.view[i]].ID; id != s.selected {
				a.closePlayer()
				s.selected, s.showHistory, s.history, s.historyErr = id, false, nil, nil
				s.detailErr, s.note = nil, nil
			}
			s.renderDetail()
		}
		s.refreshSummary()
		top := container.NewVBox(s.filterBar(), s.chart, widget.NewSeparator())
		if s.damaged {
			top.Objects = append([]fyne.CanvasObject{errorLabel(i18n.T("ui.main.some_damaged"))}, top.Objects...)
		}
		left = container.NewBorder(top, nil, nil, nil, s.list)
	}
	s.detail = container.NewStack()
	s.renderDetail()
	split := container.NewHSplit(left, s.detail)
	split.Offset = 0.4
	if a.compact {
		split.Offset = 0.5
	}
	return container.NewBorder(toolbar, nil, nil, nil, split)
}

// afterRender selects the remembered entry once the list is on screen.
func (s *mainScreen) afterRender() {
	if s.list == nil || s.selected == 0 {
		return
	}
	if i := s.viewIndexOf(s.selected); i >= 0 {
		s.list.Select(i)
		s.list.ScrollTo(i)
	}
}

func (s *mainScreen) indexOf(id int64) int {
	for i, e := range s.entries {
		if e.ID == id {
			return i
		}
	}
	return -1
}

func (s *mainScreen) selectedEntry() (record.Entry, bool) {
	if i := s.indexOf(s.selected); i >= 0 {
		return s.entries[i], true
	}
	return record.Entry{}, false
}

// renderDetail fills the right side: the selected entry or its history.
func (s *mainScreen) renderDetail() {
	var content fyne.CanvasObject
	e, ok := s.selectedEntry()
	switch {
	case !ok || (s.list != nil && s.viewIndexOf(e.ID) < 0):
		msg := ""
		if len(s.view) > 0 {
			msg = i18n.T("ui.main.select")
		}
		if s.note != nil {
			msg = s.note.String()
		}
		objs := []fyne.CanvasObject{caption(msg)}
		if s.tsaOff && msg != "" && s.note == nil {
			// Calm, where nothing else is shown: what a timestamp would
			// add, and the way to it.
			a := s.a
			objs = append(objs, widget.NewSeparator(), caption(i18n.T("ui.main.tsa_off")),
				a.link(i18n.T("ui.export.tsa_settings"), func() { a.show(&settingsScreen{a: a}) }))
		}
		content = container.NewCenter(container.New(widthLayout{width: 300}, container.NewVBox(objs...)))
	case s.showHistory:
		content = s.historyView(e)
	default:
		content = s.entryView(e)
	}
	s.detail.Objects = []fyne.CanvasObject{content}
	s.detail.Refresh()
}

func (s *mainScreen) entryView(e record.Entry) fyne.CanvasObject {
	a := s.a
	title := heading(formatEventTime(e.EventTime, e.EventZone, true))
	title.SizeName = theme.SizeNameSubHeadingText
	edit := a.button(i18n.T("ui.detail.edit"), theme.DocumentCreateIcon(), func() { a.showForm(&e) })
	hist := a.button(i18n.T("ui.detail.history"), theme.HistoryIcon(), func() { s.openHistory(e.ID) })
	del := a.button(i18n.T("ui.detail.delete"), theme.DeleteIcon(), func() { s.confirmDelete(e) })
	if a.readOnly() { // a backup opened to look at: nothing can change
		edit.Disable()
		del.Disable()
	}
	if s.deleting {
		del.Disable()
	}
	times := []fyne.CanvasObject{
		field(i18n.T("ui.field.happened"), eventTimeText(e.Fields)),
		field(i18n.T("ui.field.recorded"), formatDateTime(e.RecordedAt.In(a.loc), true)),
	}
	if e.Edited() {
		times = append(times, field(i18n.T("ui.field.edited"),
			i18n.T("ui.detail.edited", formatDateTime(e.EditedAt.In(a.loc), true), e.Rev)))
	}
	timeCols := 2
	if a.compact {
		timeCols = 1 // a half-width panel broke times inside their digits
	}
	body := container.NewVBox(
		title,
		container.NewHBox(edit, hist, layout.NewSpacer(), del),
		errorLabel(s.detailErr.String()),
		container.NewGridWithColumns(timeCols, times...),
		s.recordingsView(e.ID),
		s.attachmentsView(e.ID),
		widget.NewSeparator(),
		fieldsView(e.Fields),
		s.translationsView(e),
		relatedRules(a, e.Categories),
	)
	if s.recsID != e.ID {
		s.loadRecordings(e.ID)
	}
	if s.attsID != e.ID {
		s.loadAttachments(e.ID)
	}
	return container.NewVScroll(container.NewPadded(body))
}

// confirmDelete asks before deleting e, with an optional reason.
func (s *mainScreen) confirmDelete(e record.Entry) {
	a := s.a
	reason := a.newEntry()
	reason.SetPlaceHolder(i18n.T("ui.delete.reason_placeholder"))
	content := container.New(widthLayout{width: 420}, container.NewVBox(
		paragraph(i18n.T("ui.delete.intro", formatEventTime(e.EventTime, e.EventZone, true))),
		paragraph(i18n.T("ui.delete.kept")),
		widget.NewLabel(i18n.T("ui.delete.reason")),
		reason,
	))
	d := dialog.NewCustomConfirm(i18n.T("ui.delete.title"), i18n.T("ui.delete.confirm"), i18n.T("ui.form.cancel"),
		content, func(ok bool) {
			a.touch()
			if ok {
				s.delete(e.ID, strings.TrimSpace(reason.Text))
			}
		}, a.win)
	d.SetConfirmImportance(widget.DangerImportance)
	reason.OnSubmitted = func(string) { d.Confirm() }
	a.showDialog(d)
	a.win.Canvas().Focus(reason)
}

// delete adds a tombstone to entry id: it leaves the timeline, and its
// history, the deletion included, stays in the vault.
func (s *mainScreen) delete(id int64, reason string) {
	a, st := s.a, s.a.store
	if s.deleting || st == nil {
		return
	}
	s.deleting, s.detailErr = true, nil
	s.renderDetail()
	a.background(func() func() {
		var err error
		a.withStore(st, func(st app.Store) { err = st.Delete(id, reason) })
		return func() {
			s.deleting = false
			if a.cur != s {
				return
			}
			if err != nil {
				s.detailErr = msgErr(err)
				s.renderDetail()
				return
			}
			a.showMainScreen(&mainScreen{a: a, note: msgKey("ui.delete.done")})
		}
	})
}

func eventTimeText(f record.Fields) string {
	s := formatEventTime(f.EventTime, f.EventZone, true)
	if f.EventZone != "" {
		s += " (" + f.EventZone + ")"
	}
	return s
}

func (s *mainScreen) openHistory(id int64) {
	a, st := s.a, s.a.store
	s.showHistory, s.history, s.historyErr = true, nil, nil
	s.renderDetail()
	a.background(func() func() {
		var revs []record.Revision
		var err error
		a.withStore(st, func(st app.Store) { revs, err = st.History(id) })
		return func() {
			if a.cur != s || s.selected != id || !s.showHistory {
				return
			}
			s.history, s.historyErr = revs, msgErr(err)
			if err == nil && revs == nil {
				s.history = []record.Revision{}
			}
			s.renderDetail()
		}
	})
}

func (s *mainScreen) historyView(e record.Entry) fyne.CanvasObject {
	a := s.a
	back := a.button(i18n.T("ui.history.back"), theme.NavigateBackIcon(), func() {
		s.showHistory = false
		s.renderDetail()
	})
	title := heading(i18n.T("ui.history.title"))
	title.SizeName = theme.SizeNameSubHeadingText
	top := container.NewVBox(container.NewHBox(back), title,
		caption(i18n.T("ui.history.intro", formatEventTime(e.EventTime, e.EventZone, true))))
	var body fyne.CanvasObject
	switch {
	case s.historyErr != nil:
		body = errorLabel(s.historyErr.String())
	case s.history == nil:
		body = widget.NewProgressBarInfinite()
	default:
		acc := widget.NewAccordion()
		acc.MultiOpen = true
		for _, r := range s.history {
			var parts []fyne.CanvasObject
			if r.Reason != "" {
				parts = append(parts, field(i18n.T("ui.field.reason"), r.Reason))
			}
			if r.Kind != record.KindDelete {
				parts = append(parts, field(i18n.T("ui.field.happened"), eventTimeText(r.Fields)), fieldsView(r.Fields))
			}
			title := i18n.T("ui.history.item", r.Rev, kindLabel(r.Kind), formatDateTime(r.RecordedAt.In(a.loc), true))
			acc.Append(widget.NewAccordionItem(title, container.NewVBox(parts...)))
		}
		if n := len(s.history); n > 0 {
			acc.Open(n - 1)
		}
		body = acc
	}
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewVScroll(container.NewPadded(body)))
}

func kindLabel(kind string) string {
	switch kind {
	case record.KindCreate:
		return i18n.T("ui.kind.create")
	case record.KindEdit:
		return i18n.T("ui.kind.edit")
	case record.KindDelete:
		return i18n.T("ui.kind.delete")
	}
	return kind
}

func roleLabel(role string) string {
	for _, r := range record.Roles {
		if r == role {
			return i18n.T("ui.role." + r)
		}
	}
	return role
}

// fieldsView shows every field of an entry, "—" for those left empty.
func fieldsView(f record.Fields) fyne.CanvasObject {
	var people []string
	for _, p := range f.People {
		if p.Role != "" {
			people = append(people, i18n.T("ui.detail.person", p.Name, roleLabel(p.Role)))
		} else {
			people = append(people, p.Name)
		}
	}
	quote := fyne.CanvasObject(valueLabel(""))
	if qs := f.AllQuotes(); len(qs) > 0 {
		box := container.NewVBox()
		for _, q := range qs {
			box.Add(quoteBox(q.Words, f.Lang))
			if q.Speaker != "" {
				l := valueLabel("— " + q.Speaker)
				l.lang = f.Lang
				box.Add(l)
			}
		}
		quote = box
	}
	// The worker's words are laid out in their language's glyph forms.
	words := func(name, value string) fyne.CanvasObject {
		l := valueLabel(value)
		l.lang = f.Lang
		return container.NewVBox(fieldName(name), l)
	}
	objs := []fyne.CanvasObject{
		words(i18n.T("ui.field.place"), f.Place),
		words(i18n.T("ui.field.people"), strings.Join(people, "\n")),
		words(i18n.T("ui.field.text"), f.Text),
		container.NewVBox(fieldName(i18n.T("ui.field.quote")), quote),
		words(i18n.T("ui.field.witnesses"), strings.Join(f.Witnesses, i18n.T("ui.list.sep"))),
		field(i18n.T("ui.field.categories"), strings.Join(categoryLabels(f.Categories), i18n.T("ui.list.sep"))),
		words(i18n.T("ui.field.impact"), f.Impact),
		words(i18n.T("ui.field.actions"), f.Actions),
	}
	if f.Lang != "" {
		objs = append(objs, field(i18n.T("ui.field.lang"), writingLanguageLabel(f.Lang)))
	}
	objs = append(objs, sheetView(f, words)...)
	return container.NewVBox(objs...)
}

// writingLanguageLabel names a writing language in the app's language
// and in itself (i18n.Catalog.WritingLanguageLabel).
func writingLanguageLabel(tag string) string {
	return i18n.Default().WritingLanguageLabel(i18n.Language(), tag)
}

// field is a caption over a wrapped value.
func field(name, value string) fyne.CanvasObject {
	return container.NewVBox(fieldName(name), valueLabel(value))
}

// valueLabel shows a value the worker wrote, in its own script and
// direction (scriptText), wrapped.
func valueLabel(value string) *scriptText {
	if value == "" {
		value = "—"
	}
	// Not selectable: a selectable label takes the keyboard focus and with
	// it every shortcut, and Ctrl+L must always lock. Text can be copied
	// from the edit form.
	return newScriptText(value, true)
}

// timelineRow is one recycled row of the timeline.
type timelineRow struct {
	widget.BaseWidget
	when               *widget.Label
	summary, meta      *scriptText     // the worker's words: any script, either direction
	recs, atts, edited *fyne.Container // badges, hidden when there is nothing
	recN, attN, editN  *widget.Label
	untr               *fyne.Container // "no translation yet" on an entry not in Japanese
	untrN              *widget.Label
}

func newTimelineRow() *timelineRow {
	r := &timelineRow{
		when:    widget.NewLabel(""),
		summary: newScriptText("", false),
		meta:    newScriptText("", false),
	}
	badge := func(icon fyne.Resource) (*fyne.Container, *widget.Label) {
		l := widget.NewLabel("")
		l.SizeName = theme.SizeNameCaptionText
		ic := widget.NewIcon(icon)
		return container.NewHBox(container.NewGridWrap(fyne.NewSize(16, 16), ic), l), l
	}
	r.recs, r.recN = badge(theme.MediaMusicIcon())
	r.atts, r.attN = badge(theme.FileIcon())
	r.edited, r.editN = badge(theme.DocumentCreateIcon())
	r.untr, r.untrN = badge(theme.InfoIcon())
	r.when.TextStyle.Bold = true
	r.meta.sizeName = theme.SizeNameCaptionText
	r.ExtendBaseWidget(r)
	return r
}

// The badges share the last line with the place and categories, which
// give way (…): beside the date they covered its time in a 1000 px window.
func (r *timelineRow) CreateRenderer() fyne.WidgetRenderer {
	badges := container.NewHBox(r.recs, r.atts, r.edited, r.untr)
	return widget.NewSimpleRenderer(container.NewVBox(
		r.when, r.summary, container.NewBorder(nil, nil, nil, container.NewCenter(badges), r.meta)))
}

func (r *timelineRow) set(e record.Entry, st app.EntryStats) {
	r.when.SetText(formatEventTime(e.EventTime, e.EventZone, false))
	show := func(c *fyne.Container, l *widget.Label, n int, text string) {
		if n > 0 {
			l.SetText(text)
			c.Show()
		} else {
			c.Hide()
		}
	}
	show(r.recs, r.recN, st.Recordings, i18n.T("ui.row.recordings", st.Recordings))
	show(r.atts, r.attN, st.Attachments, i18n.T("ui.row.attachments", st.Attachments))
	show(r.edited, r.editN, e.Rev-1, i18n.T("ui.row.edited"))
	untranslated := 0
	if needsTranslation(e.Lang) && st.Translations == 0 && !e.Deleted {
		untranslated = 1
	}
	show(r.untr, r.untrN, untranslated, i18n.T("ui.row.untranslated"))
	summary := firstLine(e.Text)
	if qs := e.AllQuotes(); summary == "" && len(qs) > 0 {
		summary = i18n.T("ui.row.quote", firstLine(qs[0].Words))
	}
	r.summary.setLang(e.Lang)
	r.summary.SetText(summary)
	r.meta.setLang(e.Lang)
	var meta []string
	if e.Place != "" {
		meta = append(meta, e.Place)
	}
	for _, c := range e.Categories {
		meta = append(meta, "["+categoryLabel(c)+"]")
	}
	r.meta.SetText(strings.Join(meta, "  ·  "))
}

// categoryLabels are the names of category ids in the current language.
func categoryLabels(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = categoryLabel(id)
	}
	return out
}

// relatedRules lists the rules of the library linked to the entry's
// categories; each opens in the rights library.
func relatedRules(a *App, categories []string) fyne.CanvasObject {
	rs := library().RulesFor(categories)
	if len(rs) == 0 {
		return container.NewVBox()
	}
	objs := []fyne.CanvasObject{widget.NewSeparator(), fieldName(i18n.T("ui.detail.rules")),
		caption(i18n.T("ui.detail.rules_hint"))}
	for _, r := range rs {
		// A link that wraps: rule titles are long and the detail panel
		// may be narrow.
		l := widget.NewHyperlink(r.Title.In(i18n.Language()), nil)
		l.Wrapping = fyne.TextWrapWord
		l.OnTapped = func() {
			a.touch()
			a.showRights(r.ID)
		}
		objs = append(objs, container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, l))
	}
	return container.NewVBox(objs...)
}

// showClear shows Clear while a filter is active.
func (s *mainScreen) showClear() {
	if s.clear == nil {
		return
	}
	if s.a.filter.active() == s.clear.Visible() {
		return
	}
	if s.a.filter.active() {
		s.clear.Show()
	} else {
		s.clear.Hide()
	}
	s.toolbar.Refresh()
}

// rangeLayout puts two fields side by side with a separator between them
// at its own width: "[from] – [to]".
type rangeLayout struct{}

func (rangeLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	from, sep, to := objs[0].MinSize(), objs[1].MinSize(), objs[2].MinSize()
	return fyne.NewSize(from.Width+sep.Width+to.Width, max(from.Height, sep.Height, to.Height))
}

func (rangeLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	sepW := objs[1].MinSize().Width
	w := (size.Width - sepW) / 2
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(w, size.Height))
	objs[1].Move(fyne.NewPos(w, 0))
	objs[1].Resize(fyne.NewSize(sepW, size.Height))
	objs[2].Move(fyne.NewPos(w+sepW, 0))
	objs[2].Resize(fyne.NewSize(size.Width-w-sepW, size.Height))
}
