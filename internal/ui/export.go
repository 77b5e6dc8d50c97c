package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// The export wizard: choose what leaves the vault, preview it, write the
// evidence bundle (docs/FORMAT.md, "Evidence bundle") with a progress bar
// and Cancel, then check it as a lawyer would.

// exportTarget is the path Export writes for opts.
func exportTarget(opts app.ExportOptions) string {
	p := filepath.Join(opts.Dir, opts.Name)
	switch opts.Form {
	case app.FormZip:
		return p + ".zip"
	case app.FormEncrypted:
		return p + ".zip.age"
	}
	return p
}

// exportTargetExists reports whether anything exists where a bundle
// named name would go in dir, in any form (names are offered free).
func exportTargetExists(dir, name string) bool {
	for _, f := range []string{app.FormFolder, app.FormZip, app.FormEncrypted} {
		if _, err := os.Lstat(exportTarget(app.ExportOptions{Dir: dir, Name: name, Form: f})); err == nil {
			return true
		}
	}
	return false
}

// freeBundleName is kiroku-bundle-YYYYMMDD, with -2, -3... when a bundle
// of that name is already in dir.
func freeBundleName(dir string, day time.Time) string {
	base := "kiroku-bundle-" + day.Format("20060102")
	name := base
	for i := 2; i < 1000 && exportTargetExists(dir, name); i++ {
		name = fmt.Sprintf("%s-%d", base, i)
	}
	return name
}

// documentsDir is where bundles go unless the user picks a folder: the
// user's Documents folder, else the home folder.
func documentsDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	for _, d := range []string{os.Getenv("XDG_DOCUMENTS_DIR"), filepath.Join(home, "Documents")} {
		if st, err := os.Stat(d); d != "" && err == nil && st.IsDir() {
			return d
		}
	}
	return home
}

// exportStep is where the wizard is.
type exportStep int

const (
	stepChoose  exportStep = iota // what, how, where
	stepPreview                   // what the bundle will contain
	stepRunning                   // writing, with Cancel
	stepDone                      // where it went; check it
)

// exportScreen is the export wizard.
type exportScreen struct {
	a       *App
	session uint64       // the App's session it was opened in (locking ends it)
	ex      app.Exporter // nil when the open vault cannot export
	step    exportStep

	// Choices, kept across renders and steps.
	from, to      *textEntry
	cats          map[string]bool
	people        map[string]bool
	pickOnly      bool // only the entries ticked in picked
	picked        map[int64]bool
	rec, att, hrs bool
	ruleSums      bool // the rules' summaries in the report's appendix
	meta          bool
	lang, form    string
	pass          *newPassphrase
	dir, name     *textEntry
	// The filings' exhibit numbers and author (証拠説明書...).
	exPrefix, exStart, author *textEntry
	timelineFilter            timelineFilter // the timeline's filter when the wizard opened

	entries []record.Entry // every entry, for the people and entry lists
	tsaOff  bool           // trusted timestamps are off: say what they add
	loaded  bool
	loadErr *message

	busy bool     // a plan is being prepared
	note *message // why the last step failed, or that an export was cancelled
	plan *app.ExportPlan
	opts app.ExportOptions // of the export running or done

	cancel context.CancelFunc
	prog   progress[byteCount]

	result    *app.ExportResult
	verifying bool
	verified  *app.VerifyResult
	verifyErr *message

	// rebuilt by build
	primary *widget.Button
	bar     *widget.ProgressBar
	acc     *widget.Accordion // categories, people, single entries
	list    *widget.List      // of single entries
}

// exportProgress is written by the export goroutine.

// exportWizards is the last wizard of each window: coming back to the
// menu item while a bundle is being written (or was just written) shows
// it again rather than a fresh one. Used on the Fyne thread only.
var exportWizards = map[*App]*exportScreen{}

func (a *App) showExport() {
	if prev := exportWizards[a]; prev != nil && prev.session == a.session && (prev.step == stepRunning || prev.step == stepDone) {
		a.show(prev)
		return
	}
	s := &exportScreen{session: a.session, a: a, from: a.newEntry(), to: a.newEntry(), cats: map[string]bool{}, people: map[string]bool{},
		picked: map[int64]bool{}, rec: true, att: true, hrs: true, ruleSums: true, lang: ExportLanguage(a.fa.Preferences()),
		form: app.FormFolder, dir: a.newEntry(), name: a.newEntry(), timelineFilter: a.filter,
		exPrefix: a.newEntry(), exStart: a.newEntry(), author: a.newEntry()}
	s.exPrefix.SetText("甲")
	s.exStart.SetText("1")
	s.ex, _ = a.store.(app.Exporter)
	if m, ok := a.cur.(*mainScreen); ok && m.selected != 0 {
		s.picked[m.selected] = true // ready if the user wants just that one
	}
	s.from.SetPlaceHolder("YYYY-MM-DD")
	s.to.SetPlaceHolder("YYYY-MM-DD")
	s.pass = a.newNewPassphrase(func() []string { return []string{"kiroku", "記録", s.name.Text} }, s.preview)
	dir := documentsDir()
	s.dir.SetText(dir)
	s.name.SetText(freeBundleName(dir, a.now().In(a.loc)))
	exportWizards[a] = s
	a.show(s)
	s.load()
}

func (s *exportScreen) navID() string { return "export" }

func (s *exportScreen) focus() fyne.Focusable {
	if s.primary != nil && !s.primary.Disabled() {
		return s.primary
	}
	return nil
}

// load reads the entries for the people and entry lists.
func (s *exportScreen) load() {
	a, st := s.a, s.a.store
	if st == nil || s.ex == nil {
		return
	}
	a.background(func() func() {
		var ents []record.Entry
		var err error
		tsaOff := false
		a.withStore(st, func(st app.Store) {
			ents, err = st.Entries()
			if ts, ok := st.(app.Timestamps); ok {
				if status, serr := ts.TimestampStatus(); serr == nil && status.URL == "" {
					tsaOff = true
				}
			}
		})
		return func() {
			s.entries, s.loaded, s.loadErr, s.tsaOff = ents, true, msgErr(err), tsaOff
			if a.cur == s && s.step == stepChoose {
				a.render()
			}
		}
	})
}

func (s *exportScreen) build() fyne.CanvasObject {
	s.primary, s.bar = nil, nil
	var objs []fyne.CanvasObject
	switch {
	case s.ex == nil:
		objs = []fyne.CanvasObject{heading(i18n.T("ui.export.title")), errorLabel(i18n.T("ui.export.unavailable"))}
	case s.step == stepPreview:
		objs = s.buildPreview()
	case s.step == stepRunning:
		objs = s.buildRunning()
	case s.step == stepDone:
		objs = s.buildDone()
	default:
		objs = s.buildChoose()
	}
	body := container.New(widthLayout{width: 640}, container.NewVBox(objs...))
	return container.NewVScroll(container.NewCenter(container.NewPadded(body)))
}

func subheading(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameSubHeadingText
	l.Wrapping = uiWrap()
	return l
}

// check is a tick box bound to *v.
func (s *exportScreen) check(label string, v *bool) *widget.Check {
	c := widget.NewCheck(label, nil)
	c.Checked = *v
	c.OnChanged = func(on bool) {
		s.a.touch()
		*v = on
	}
	return c
}

func (s *exportScreen) buildChoose() []fyne.CanvasObject {
	a := s.a
	objs := []fyne.CanvasObject{
		heading(i18n.T("ui.export.title")),
		paragraph(i18n.T("ui.export.intro")),
	}
	if s.tsaOff {
		// What a bundle proves without a trusted timestamp, said before
		// it is made, with the way to change it.
		objs = append(objs, draftNote(msgKey("ui.export.tsa_off")),
			container.NewHBox(a.link(i18n.T("ui.export.tsa_settings"), func() { a.show(&settingsScreen{a: a}) })))
	}
	objs = append(objs,
		widget.NewSeparator(),
		subheading(i18n.T("ui.export.what")),
		caption(i18n.T("ui.export.what_hint")),
	)
	if s.timelineFilter.active() {
		objs = append(objs, container.NewHBox(a.link(i18n.T("ui.export.use_filter"), s.useTimelineFilter)))
	}
	objs = append(objs,
		container.NewGridWithColumns(2,
			container.NewVBox(widget.NewLabel(i18n.T("ui.export.from")), s.from),
			container.NewVBox(widget.NewLabel(i18n.T("ui.export.to")), s.to)),
		caption(i18n.T("ui.export.dates_hint")))

	acc := widget.NewAccordion(
		widget.NewAccordionItem("", s.categoryChecks()),
		widget.NewAccordionItem("", s.peopleChecks()),
		widget.NewAccordionItem("", s.entryPicker()),
	)
	acc.MultiOpen = true
	if s.acc != nil { // a render keeps what was open
		for i, it := range s.acc.Items {
			acc.Items[i].Open = it.Open
		}
	}
	s.acc = acc
	s.updateTitles()
	objs = append(objs, acc)

	objs = append(objs, widget.NewSeparator(), subheading(i18n.T("ui.export.include")),
		s.check(i18n.T("ui.export.inc_recordings"), &s.rec),
		s.check(i18n.T("ui.export.inc_attachments"), &s.att),
		s.check(i18n.T("ui.export.inc_hours"), &s.hrs),
		s.check(i18n.T("ui.export.inc_metadata"), &s.meta),
		s.check(i18n.T("ui.export.inc_rule_summaries"), &s.ruleSums),
		caption(i18n.T("ui.export.metadata_hint")))

	langIDs, langLabels := exportLanguageChoices(s.lang)
	objs = append(objs, widget.NewSeparator(), subheading(i18n.T("ui.export.language")),
		a.choice(langIDs, langLabels, s.lang, func(id string) { s.lang = id }))

	objs = append(objs, widget.NewSeparator(), subheading(i18n.T("ui.export.filings")),
		caption(i18n.T("ui.export.filings_intro")),
		container.NewGridWithColumns(3,
			container.NewVBox(widget.NewLabel(i18n.T("ui.export.exhibit_prefix")), s.exPrefix),
			container.NewVBox(widget.NewLabel(i18n.T("ui.export.exhibit_start")), s.exStart),
			container.NewVBox(widget.NewLabel(i18n.T("ui.export.author")), s.author)),
		caption(i18n.T("ui.export.filings_hint")))

	forms := []string{app.FormFolder, app.FormZip, app.FormEncrypted}
	formLabels := []string{i18n.T("ui.export.form_folder"), i18n.T("ui.export.form_zip"), i18n.T("ui.export.form_age")}
	objs = append(objs, widget.NewSeparator(), subheading(i18n.T("ui.export.form")),
		a.choice(forms, formLabels, s.form, func(id string) {
			s.form = id
			a.render() // the passphrase fields come and go
		}))
	if s.form == app.FormEncrypted {
		objs = append(objs, paragraph(i18n.T("ui.export.age_intro")), s.pass.build(),
			caption(i18n.T("ui.export.age_hint")))
	}

	objs = append(objs, widget.NewSeparator(), subheading(i18n.T("ui.export.where")),
		widget.NewLabel(i18n.T("ui.export.folder")),
		container.NewBorder(nil, nil, nil, a.button(i18n.T("ui.export.choose_folder"), theme.FolderIcon(), s.chooseFolder), s.dir),
		widget.NewLabel(i18n.T("ui.export.name")), s.name,
		caption(i18n.T("ui.export.name_hint")))

	s.primary = a.button(i18n.T("ui.export.preview"), theme.NavigateNextIcon(), s.preview)
	s.primary.Importance = widget.HighImportance
	if s.busy {
		s.primary.Disable()
	}
	objs = append(objs, widget.NewSeparator(), errorLabel(s.note.String()), container.NewHBox(s.primary))
	if s.busy {
		objs = append(objs, widget.NewProgressBarInfinite())
	}
	return objs
}

// updateTitles says in each accordion title how much is chosen.
func (s *exportScreen) updateTitles() {
	if s.acc == nil || len(s.acc.Items) != 3 {
		return
	}
	s.acc.Items[0].Title = s.countTitle("ui.export.categories", s.cats)
	s.acc.Items[1].Title = s.countTitle("ui.export.people", s.people)
	s.acc.Items[2].Title = s.entriesTitle()
	s.acc.Refresh()
}

func (s *exportScreen) countTitle(key string, m map[string]bool) string {
	n := 0
	for _, on := range m {
		if on {
			n++
		}
	}
	if n == 0 {
		return i18n.T(key) + " — " + i18n.T("ui.export.all")
	}
	return i18n.T(key) + " — " + i18n.T("ui.export.n_chosen", n)
}

func (s *exportScreen) entriesTitle() string {
	if !s.pickOnly {
		return i18n.T("ui.export.entries") + " — " + i18n.T("ui.export.all")
	}
	return i18n.T("ui.export.entries") + " — " + i18n.T("ui.export.n_chosen", s.pickedCount())
}

func (s *exportScreen) pickedCount() int {
	n := 0
	for _, e := range s.entries {
		if s.picked[e.ID] {
			n++
		}
	}
	return n
}

// categoryChecks is the rule library's taxonomy as tick boxes, grouped,
// then categories found in entries that the library does not know.
func (s *exportScreen) categoryChecks() fyne.CanvasObject {
	lang := i18n.Language()
	box := container.NewVBox(caption(i18n.T("ui.export.categories_hint")))
	tick := func(id, label string) *widget.Check {
		c := widget.NewCheck(label, nil)
		c.Checked = s.cats[id]
		c.OnChanged = func(on bool) {
			s.a.touch()
			s.cats[id] = on
			s.updateTitles()
		}
		return c
	}
	cats := library().Categories()
	for _, g := range library().Groups() {
		// One column: some labels are long, and the wizard is narrow.
		grid := container.NewGridWithColumns(1)
		for _, c := range cats {
			if c.Group == g.ID {
				grid.Add(tick(c.ID, c.Label.In(lang)))
			}
		}
		box.Add(fieldName(g.Label.In(lang)))
		box.Add(grid)
	}
	var extra []string
	for _, e := range s.entries {
		for _, id := range e.Categories {
			if _, ok := library().Category(id); !ok && !slices.Contains(extra, id) {
				extra = append(extra, id)
			}
		}
	}
	if len(extra) > 0 {
		slices.Sort(extra)
		grid := container.NewGridWithColumns(1)
		for _, id := range extra {
			grid.Add(tick(id, id))
		}
		box.Add(fieldName(i18n.T("ui.form.categories_other")))
		box.Add(grid)
	}
	return box
}

// peopleNames is everyone named in entries, sorted.
func peopleNames(ents []record.Entry) []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range ents {
		for _, p := range e.People {
			n := strings.TrimSpace(p.Name)
			if n != "" && !seen[strings.ToLower(n)] {
				seen[strings.ToLower(n)] = true
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return out
}

func (s *exportScreen) peopleChecks() fyne.CanvasObject {
	names := peopleNames(s.entries)
	if len(names) == 0 {
		return caption(i18n.T("ui.export.people_none"))
	}
	grid := container.NewGridWithColumns(2)
	for _, n := range names {
		c := widget.NewCheck(n, nil)
		c.Checked = s.people[n]
		c.OnChanged = func(on bool) {
			s.a.touch()
			s.people[n] = on
			s.updateTitles()
		}
		grid.Add(c)
	}
	return container.NewVBox(caption(i18n.T("ui.export.people_hint")), grid)
}

// entryLine is how an entry is listed: its event date and first line.
func entryLine(when time.Time, zone, text string) string {
	line := firstLine(text)
	if r := []rune(line); len(r) > 80 {
		line = string(r[:80]) + "…"
	}
	return formatDate(when.In(eventLocation(when, zone))) + "  " + line
}

// entryPicker lists every entry with a tick box (virtualised: there may
// be thousands).
func (s *exportScreen) entryPicker() fyne.CanvasObject {
	switch {
	case s.loadErr != nil:
		return errorLabel(s.loadErr.String())
	case !s.loaded:
		return caption(i18n.T("ui.export.loading"))
	case len(s.entries) == 0:
		return caption(i18n.T("ui.export.no_entries"))
	}
	list := widget.NewList(
		func() int { return len(s.entries) },
		func() fyne.CanvasObject { return widget.NewCheck("", nil) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			e := s.entries[i]
			c := o.(*widget.Check)
			c.OnChanged = nil
			c.Text = entryLine(e.EventTime, e.EventZone, e.Text)
			c.SetChecked(s.picked[e.ID])
			c.OnChanged = func(on bool) {
				s.a.touch()
				s.picked[e.ID] = on
				s.updateTitles()
			}
		})
	s.list = list
	none := s.a.link(i18n.T("ui.export.pick_none"), func() {
		clear(s.picked)
		list.Refresh()
		s.updateTitles()
	})
	picker := container.NewBorder(container.NewHBox(none), nil, nil, nil, container.New(heightLayout{height: 260}, list))
	if !s.pickOnly {
		picker.Hide()
	}
	only := widget.NewCheck(i18n.T("ui.export.pick_only"), nil)
	only.Checked = s.pickOnly
	only.OnChanged = func(on bool) {
		s.a.touch()
		s.pickOnly = on
		if on {
			picker.Show()
		} else {
			picker.Hide()
		}
		s.updateTitles()
	}
	return container.NewVBox(only, picker)
}

// heightLayout gives its objects at least height.
type heightLayout struct{ height float32 }

func (l heightLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(0, l.height)
	for _, o := range objs {
		s.Width = max(s.Width, o.MinSize().Width)
	}
	return s
}

func (l heightLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// useTimelineFilter takes over the dates, category and person of the
// timeline's filter (its search words have no place in a selection).
func (s *exportScreen) useTimelineFilter() {
	f := s.timelineFilter
	s.from.SetText(f.from)
	s.to.SetText(f.to)
	clear(s.cats)
	if f.category != "" {
		s.cats[f.category] = true
	}
	clear(s.people)
	if f.person != "" {
		s.people[f.person] = true
	}
	s.a.render()
}

func (s *exportScreen) chooseFolder() { s.a.chooseFolder(s.dir) }

// selection reads the choices, or says what is wrong with them.
func (s *exportScreen) selection() (app.ExportSelection, *message) {
	sel := app.ExportSelection{Recordings: s.rec, Attachments: s.att, Hours: s.hrs, Metadata: s.meta}
	for _, d := range []struct {
		e *textEntry
		t *time.Time
	}{{s.from, &sel.From}, {s.to, &sel.To}} {
		txt := strings.TrimSpace(foldWidth(d.e.Text))
		if txt == "" {
			continue
		}
		t, err := time.ParseInLocation(time.DateOnly, txt, s.a.loc)
		if err != nil {
			return sel, msgKey("ui.export.err.date", txt)
		}
		*d.t = t
	}
	if !sel.From.IsZero() && !sel.To.IsZero() && sel.To.Before(sel.From) {
		return sel, msgKey("ui.export.err.range")
	}
	for _, c := range library().Categories() {
		if s.cats[c.ID] {
			sel.Categories = append(sel.Categories, c.ID)
		}
	}
	for id, on := range s.cats {
		if _, known := library().Category(id); on && !known {
			sel.Categories = append(sel.Categories, id)
		}
	}
	for n, on := range s.people {
		if on {
			sel.People = append(sel.People, n)
		}
	}
	slices.Sort(sel.People)
	if s.pickOnly {
		for _, e := range s.entries {
			if s.picked[e.ID] {
				sel.Entries = append(sel.Entries, e.ID)
			}
		}
		if len(sel.Entries) == 0 {
			return sel, msgKey("ui.export.err.pick")
		}
		slices.Sort(sel.Entries)
	}
	return sel, nil
}

// options reads where and how to write, or says what is wrong.
func (s *exportScreen) options() (app.ExportOptions, *message) {
	dir := strings.TrimSpace(s.dir.Text)
	name := strings.TrimSpace(s.name.Text)
	for _, ext := range []string{".age", ".zip"} {
		name = strings.TrimSuffix(name, ext)
	}
	opts := app.ExportOptions{Dir: dir, Name: name, Form: s.form, Lang: s.lang,
		ExhibitPrefix: strings.TrimSpace(s.exPrefix.Text), Author: strings.TrimSpace(s.author.Text), BriefRules: !s.ruleSums}
	start, err := strconv.Atoi(strings.TrimSpace(s.exStart.Text))
	switch {
	case err != nil || start < 1 || start > 9999:
		return opts, msgKey("ui.export.err.exhibit_start")
	case opts.ExhibitPrefix == "" || utf8.RuneCountInString(opts.ExhibitPrefix) > 4:
		return opts, msgKey("ui.export.err.exhibit_prefix")
	}
	opts.ExhibitStart = start
	switch {
	case dir == "":
		return opts, msgKey("ui.export.err.folder")
	case name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\:*?"<>|`):
		return opts, msgKey("ui.export.err.name")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return opts, msgKey("ui.export.err.no_folder", dir)
	}
	if _, err := os.Lstat(exportTarget(opts)); err == nil {
		return opts, msgKey("ui.export.err.exists", filepath.Base(exportTarget(opts)))
	}
	if s.form == app.FormEncrypted {
		if m := s.pass.check(); m != nil {
			return opts, m
		}
	}
	return opts, nil
}

// preview prepares the plan and shows it.
func (s *exportScreen) preview() {
	a, st := s.a, s.a.store
	if s.busy || st == nil || s.ex == nil || s.step != stepChoose {
		return
	}
	sel, m := s.selection()
	if m == nil {
		s.opts, m = s.options()
	}
	s.note = m
	if m != nil {
		a.render()
		return
	}
	s.busy = true
	a.render()
	ex := s.ex
	a.background(func() func() {
		var plan app.ExportPlan
		var err error
		a.withStore(st, func(app.Store) { plan, err = ex.PlanExport(sel) })
		return func() {
			s.busy = false
			if err != nil {
				s.note = msgErr(err)
			} else {
				s.plan, s.note, s.step = &plan, nil, stepPreview
			}
			if a.cur == s {
				a.render()
			}
		}
	})
}

func formLabel(form string) string {
	switch form {
	case app.FormZip:
		return i18n.T("ui.export.form_zip")
	case app.FormEncrypted:
		return i18n.T("ui.export.form_age")
	}
	return i18n.T("ui.export.form_folder")
}

func langLabel(lang string) string {
	switch lang {
	case "en":
		return i18n.T("ui.settings.export_en")
	case "both":
		return i18n.T("ui.settings.export_both")
	}
	if tag, ok := strings.CutPrefix(lang, "ja+"); ok {
		return i18n.T("ui.languages.export_bilingual", i18n.AppEndonym(tag))
	}
	return i18n.T("ui.settings.export_ja")
}

func (s *exportScreen) buildPreview() []fyne.CanvasObject {
	a, p := s.a, s.plan
	objs := []fyne.CanvasObject{
		heading(i18n.T("ui.export.preview_title")),
		paragraph(i18n.T("ui.export.counts", len(p.Entries), p.Recordings, p.Attachments, p.HoursDays)),
		paragraph(i18n.T("ui.export.size", i18n.Bytes(p.Bytes))),
		caption(i18n.T("ui.export.summary_lang", langLabel(s.opts.Lang))),
		caption(i18n.T("ui.export.summary_form", formLabel(s.opts.Form))),
		caption(i18n.T("ui.export.summary_path", exportTarget(s.opts))),
	}
	if !p.Selection.Metadata {
		objs = append(objs, caption(i18n.T("ui.export.summary_no_metadata")))
	}
	if len(p.Damaged) > 0 {
		w := paragraph(i18n.T("export.damaged", len(p.Damaged), strings.Join(p.Damaged, ", ")))
		w.Importance = widget.WarningImportance
		objs = append(objs, w)
	}
	if s.opts.Form != app.FormEncrypted {
		// A folder or a plain zip is readable by anyone who has the
		// computer: say so before it is written.
		w := paragraph(i18n.T("ui.export.plain_warning"))
		w.Importance = widget.WarningImportance
		objs = append(objs, w)
	}
	back := a.button(i18n.T("ui.back"), theme.NavigateBackIcon(), func() {
		s.step, s.note = stepChoose, nil
		a.render()
	})
	s.primary = a.button(i18n.T("ui.export.write"), theme.DocumentSaveIcon(), s.start)
	s.primary.Importance = widget.HighImportance
	if len(p.Entries) == 0 {
		s.primary.Disable()
		objs = append(objs, errorLabel(i18n.T("ui.export.nothing")))
	} else {
		objs = append(objs, fieldName(i18n.T("ui.export.list_title")))
		list := widget.NewList(
			func() int { return len(p.Entries) },
			func() fyne.CanvasObject { l := widget.NewLabel(""); l.Truncation = fyne.TextTruncateEllipsis; return l },
			func(i widget.ListItemID, o fyne.CanvasObject) {
				e := p.Entries[i]
				o.(*widget.Label).SetText(entryLine(e.EventTime, e.EventZone, e.Text))
			})
		objs = append(objs, container.New(heightLayout{height: min(float32(len(p.Entries))*38+8, 300)}, list))
	}
	objs = append(objs, errorLabel(s.note.String()), container.NewHBox(back, s.primary))
	return objs
}

// start writes the bundle on a goroutine.
func (s *exportScreen) start() {
	a, st := s.a, s.a.store
	if st == nil || s.step != stepPreview || s.plan == nil || len(s.plan.Entries) == 0 {
		return
	}
	opts := s.opts
	if opts.Form == app.FormEncrypted {
		opts.Passphrase = s.pass.bytes()
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.prog.reset()
	s.step, s.note, s.result, s.verified, s.verifyErr = stepRunning, nil, nil, nil, nil
	a.render()
	progress := func(done, total int64) {
		s.prog.report(a, byteCount{done, total}, func() {
			a.touch() // exporting is activity: no idle lock meanwhile
			if f := s.prog.latest().fraction(); a.cur == s && s.bar != nil && f > 0 {
				s.bar.SetValue(f)
			}
		})
	}
	ex, plan := s.ex, *s.plan
	a.background(func() func() {
		// Not under withStore: the export may take minutes, and Lock must
		// not wait for it (closing the Store cancels it).
		res, err := ex.Export(ctx, plan, opts, progress)
		wipe(opts.Passphrase)
		cancel()
		return func() {
			s.cancel = nil
			switch {
			case errors.Is(err, context.Canceled):
				s.step, s.note = stepPreview, msgKey("ui.export.cancelled")
			case err != nil:
				s.step, s.note = stepPreview, msgKey("ui.export.failed", messageFor(err))
			default:
				s.step, s.result = stepDone, &res
				s.pass.clear()
			}
			if a.cur == s {
				a.render()
			}
		}
	})
}

func (s *exportScreen) buildRunning() []fyne.CanvasObject {
	s.bar = widget.NewProgressBar()
	s.bar.SetValue(s.prog.latest().fraction())
	cancel := s.a.button(i18n.T("ui.export.cancel"), theme.CancelIcon(), func() {
		if s.cancel != nil {
			s.cancel()
		}
	})
	s.primary = cancel
	return []fyne.CanvasObject{
		heading(i18n.T("ui.export.running_title")),
		paragraph(i18n.T("ui.export.running", exportTarget(s.opts))),
		s.bar,
		caption(i18n.T("ui.export.running_hint")),
		container.NewHBox(cancel),
	}
}

func (s *exportScreen) buildDone() []fyne.CanvasObject {
	a, r := s.a, s.result
	objs := []fyne.CanvasObject{
		heading(i18n.T("ui.export.done_title")),
		paragraph(i18n.T("ui.export.done_where")),
	}
	path := widget.NewLabel(r.Path)
	path.Wrapping = fyne.TextWrapBreak
	path.TextStyle = fyne.TextStyle{Monospace: true}
	objs = append(objs, path,
		paragraph(i18n.T("ui.export.done_counts", r.Entries, r.Recordings, r.Attachments, r.HoursDays, r.Anchors)),
		caption(i18n.T("ui.export.done_head", r.HeadSeq, r.HeadLink)))
	if r.Unbound {
		objs = append(objs, caption(i18n.T("export.unbound")))
	}
	if r.StampErr != "" {
		objs = append(objs, caption(i18n.T("export.stamp_failed", r.StampErr)))
	}
	if len(r.Damaged) > 0 {
		objs = append(objs, caption(i18n.T("export.damaged", len(r.Damaged), strings.Join(r.Damaged, ", "))))
	}
	switch s.opts.Form {
	case app.FormEncrypted:
		objs = append(objs, caption(i18n.T("ui.export.done_age", filepath.Base(r.Path), strings.TrimSuffix(filepath.Base(r.Path), ".age"))))
	default:
		objs = append(objs, caption(i18n.T("ui.export.done_hint")))
	}
	check := a.button(i18n.T("ui.export.check"), theme.ConfirmIcon(), s.verify)
	check.Importance = widget.HighImportance
	if s.verifying || s.opts.Form == app.FormEncrypted {
		check.Disable() // an encrypted bundle is checked once decrypted
	}
	open := a.button(i18n.T("ui.export.open_folder"), theme.FolderOpenIcon(), func() {
		u := &url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Dir(r.Path))}
		if err := a.fa.OpenURL(u); err != nil {
			s.verifyErr = msgErr(err)
			a.render()
		}
	})
	another := a.button(i18n.T("ui.export.another"), theme.ContentAddIcon(), func() {
		s.step, s.result, s.verified, s.verifyErr, s.note = stepChoose, nil, nil, nil, nil
		s.name.SetText(freeBundleName(strings.TrimSpace(s.dir.Text), a.now().In(a.loc)))
		a.render()
	})
	if !check.Disabled() {
		s.primary = check
	}
	objs = append(objs, container.NewHBox(check, open, another))
	switch {
	case s.verifying:
		objs = append(objs, caption(i18n.T("ui.export.checking")), widget.NewProgressBarInfinite())
	case s.verifyErr != nil:
		objs = append(objs, errorLabel(s.verifyErr.String()))
	case s.verified != nil:
		v := s.verified
		var head *widget.Label
		switch {
		case !v.OK:
			head = errorLabel(i18n.T("ui.export.check_bad", v.Problems))
		case v.Anchored:
			head = paragraph(i18n.T("ui.export.check_anchored"))
			head.Importance = widget.SuccessImportance
		case v.AnchoredThrough > 0:
			head = paragraph(i18n.T("ui.export.check_partial", int(v.AnchoredThrough), int(v.HeadSeq)))
			head.Importance = widget.WarningImportance
		default:
			head = paragraph(i18n.T("ui.export.check_unanchored"))
			head.Importance = widget.WarningImportance
		}
		report := widget.NewLabel(v.Report(i18n.Language()))
		report.TextStyle = fyne.TextStyle{Monospace: true}
		report.Wrapping = fyne.TextWrapBreak
		item := widget.NewAccordionItem(i18n.T("ui.export.check_details"), report)
		item.Open = !v.OK
		objs = append(objs, head, widget.NewAccordion(item))
	}
	return objs
}

// verify checks the written bundle on a goroutine.
func (s *exportScreen) verify() {
	a := s.a
	if s.verifying || s.result == nil || s.ex == nil {
		return
	}
	s.verifying, s.verified, s.verifyErr = true, nil, nil
	a.render()
	ex, path := s.ex, s.result.Path
	a.background(func() func() {
		res, err := ex.VerifyBundle(context.Background(), path)
		return func() {
			s.verifying = false
			if err != nil {
				s.verifyErr = msgErr(err)
			} else {
				s.verified = &res
			}
			if a.cur == s {
				a.render()
			}
		}
	})
}

// NavKey returns the digit that opens side-menu item id with Ctrl (Cmd on
// macOS), and false if the item has none: the e2e tests find a screen's
// shortcut with it, whatever other screens are registered.
func NavKey(id string) (string, bool) {
	for i, it := range navItems {
		if it.id == id && i < len(navKeys) {
			return string(navKeys[i]), true
		}
	}
	return "", false
}
