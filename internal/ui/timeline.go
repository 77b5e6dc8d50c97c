package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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
	selected int64 // entry ID; 0 when none

	showHistory bool
	history     []record.Revision // of selected, once loaded
	historyErr  *message

	deleting  bool     // a Delete of the selected entry is in flight
	detailErr *message // why the last action on the selected entry failed
	note      *message // shown while nothing is selected (after a delete)

	rowsCreated int // row widgets made by the list (it recycles them)

	recs        []RecordingInfo // of entry recsID, once loaded
	recsID      int64
	recsErr     *message
	recsLoading int64 // entry whose recordings are being fetched

	atts       []AttachmentInfo // of entry attsID, once loaded
	attsID     int64
	attsErr    *message
	attsSeq    int              // bumped per load: only the latest one counts
	attsLoad   int64            // entry whose attachments are being fetched
	previews   map[int64][]byte // image bytes of attachments of attsID
	previewErr map[int64]*message

	// rebuilt by build
	list   *widget.List
	detail *fyne.Container
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
		var err error
		a.withStore(st, func(st Store) { ents, err = st.Entries() })
		return func() {
			if a.cur != s {
				return
			}
			s.loaded, s.entries, s.err = true, ents, msgErr(err)
			a.render()
		}
	})
}

func (s *mainScreen) build() fyne.CanvasObject {
	a := s.a
	newBtn := a.button(i18n.T("ui.main.new"), theme.ContentAddIcon(), func() { a.showForm(nil) })
	newBtn.Importance = widget.HighImportance
	lockBtn := a.button(i18n.T("ui.main.lock"), theme.VisibilityOffIcon(), a.Lock)
	recBtn := a.recordButton()
	count := widget.NewLabel("")
	count.SizeName = theme.SizeNameCaptionText
	if s.loaded {
		count.SetText(i18n.T("ui.main.count", len(s.entries)))
	}
	toolbar := container.NewPadded(container.NewHBox(recBtn, newBtn, container.NewCenter(count), layout.NewSpacer(), a.languageSelect(), lockBtn))

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
	default:
		s.list = widget.NewList(
			func() int { return len(s.entries) },
			func() fyne.CanvasObject { s.rowsCreated++; return newTimelineRow() },
			func(i widget.ListItemID, o fyne.CanvasObject) { o.(*timelineRow).set(s.entries[i]) },
		)
		s.list.OnSelected = func(i widget.ListItemID) {
			a.touch()
			if id := s.entries[i].ID; id != s.selected {
				s.selected, s.showHistory, s.history, s.historyErr = id, false, nil, nil
				s.detailErr, s.note = nil, nil
			}
			s.renderDetail()
		}
		left = s.list
	}
	s.detail = container.NewStack()
	s.renderDetail()
	split := container.NewHSplit(left, s.detail)
	split.Offset = 0.4
	return container.NewBorder(toolbar, nil, nil, nil, split)
}

// afterRender selects the remembered entry once the list is on screen.
func (s *mainScreen) afterRender() {
	if s.list == nil || s.selected == 0 {
		return
	}
	if i := s.indexOf(s.selected); i >= 0 {
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
	case !ok:
		msg := ""
		if len(s.entries) > 0 {
			msg = i18n.T("ui.main.select")
		}
		if s.note != nil {
			msg = s.note.String()
		}
		content = container.NewCenter(container.New(widthLayout{width: 300}, caption(msg)))
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
	body := container.NewVBox(
		title,
		container.NewHBox(edit, hist, layout.NewSpacer(), del),
		errorLabel(s.detailErr.String()),
		container.NewGridWithColumns(2, times...),
		s.recordingsView(e.ID),
		s.attachmentsView(e.ID),
		widget.NewSeparator(),
		fieldsView(e.Fields),
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
	d.Show()
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
		a.withStore(st, func(st Store) { err = st.Delete(id, reason) })
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
		a.withStore(st, func(st Store) { revs, err = st.History(id) })
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
	if f.Quote != "" {
		quote = quoteBox(f.Quote)
	}
	return container.NewVBox(
		field(i18n.T("ui.field.place"), f.Place),
		field(i18n.T("ui.field.people"), strings.Join(people, "\n")),
		field(i18n.T("ui.field.text"), f.Text),
		container.NewVBox(fieldName(i18n.T("ui.field.quote")), quote),
		field(i18n.T("ui.field.witnesses"), strings.Join(f.Witnesses, i18n.T("ui.list.sep"))),
		field(i18n.T("ui.field.categories"), strings.Join(f.Categories, i18n.T("ui.list.sep"))),
		field(i18n.T("ui.field.impact"), f.Impact),
		field(i18n.T("ui.field.actions"), f.Actions),
	)
}

// field is a caption over a wrapped value.
func field(name, value string) fyne.CanvasObject {
	return container.NewVBox(fieldName(name), valueLabel(value))
}

func valueLabel(value string) *widget.Label {
	if value == "" {
		value = "—"
	}
	l := widget.NewLabel(value)
	l.Wrapping = fyne.TextWrapWord
	// Not selectable: a selectable label takes the keyboard focus and with
	// it every shortcut, and Ctrl+L must always lock. Text can be copied
	// from the edit form.
	return l
}

// timelineRow is one recycled row of the timeline.
type timelineRow struct {
	widget.BaseWidget
	when, badge, summary, meta *widget.Label
}

func newTimelineRow() *timelineRow {
	r := &timelineRow{
		when:    widget.NewLabel(""),
		badge:   widget.NewLabel(""),
		summary: widget.NewLabel(""),
		meta:    widget.NewLabel(""),
	}
	r.when.TextStyle.Bold = true
	r.badge.SizeName = theme.SizeNameCaptionText
	r.summary.Truncation = fyne.TextTruncateEllipsis
	r.meta.Truncation = fyne.TextTruncateEllipsis
	r.meta.SizeName = theme.SizeNameCaptionText
	r.ExtendBaseWidget(r)
	return r
}

func (r *timelineRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewVBox(
		container.NewBorder(nil, nil, nil, r.badge, r.when), r.summary, r.meta))
}

func (r *timelineRow) set(e record.Entry) {
	r.when.SetText(formatEventTime(e.EventTime, e.EventZone, false))
	if e.Edited() {
		r.badge.SetText(i18n.T("ui.row.edited"))
		r.badge.Show()
	} else {
		r.badge.Hide()
	}
	summary := firstLine(e.Text)
	if summary == "" && e.Quote != "" {
		summary = i18n.T("ui.row.quote", firstLine(e.Quote))
	}
	r.summary.SetText(summary)
	var meta []string
	if e.Place != "" {
		meta = append(meta, e.Place)
	}
	for _, c := range e.Categories {
		meta = append(meta, "["+c+"]")
	}
	r.meta.SetText(strings.Join(meta, "  ·  "))
}
