package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/rules"
)

// library is the rule library built into the binary: the category
// taxonomy of entries and the rights pages.
func library() *rules.Library { return rules.Default() }

// categoryLabel is a category's name in the current language, or its id
// if the library does not know it (an entry written by an older version
// or by kirokuctl).
func categoryLabel(id string) string {
	if c, ok := library().Category(id); ok {
		return c.Label.In(i18n.Language())
	}
	return id
}

// groupLabel is a category group's name; "" is "no category".
func groupLabel(id string) string {
	for _, g := range library().Groups() {
		if g.ID == id {
			return g.Label.In(i18n.Language())
		}
	}
	return i18n.T("ui.chart.none")
}

// rightsScreen lists the rule library's summaries, searchable, with the
// selected rule in full: title, summary, key points, evidence, sources and
// the notice that it is a summary, not legal advice.
type rightsScreen struct {
	a        *App
	query    *textEntry
	selected string // rule id; "" for none
	results  []rules.Rule

	// rebuilt by build
	list   *widget.List
	detail *fyne.Container
}

// showRights opens the rights library with rule id selected ("" for none).
func (a *App) showRights(id string) {
	s := &rightsScreen{a: a, query: a.newEntry(), selected: id}
	s.query.OnChanged = func(string) { s.search() }
	s.query.OnEscape = func() { s.query.SetText("") }
	s.results = library().Rules()
	if id == "" && len(s.results) > 0 {
		s.selected = s.results[0].ID // something to read at once
	}
	a.show(s)
}

func (s *rightsScreen) navID() string               { return "rights" }
func (s *rightsScreen) searchField() fyne.Focusable { return s.query }
func (s *rightsScreen) focus() fyne.Focusable       { return s.query }

// search filters the list: every rule for an empty query, else the
// library's ranked search in either language.
func (s *rightsScreen) search() {
	s.a.touch()
	if strings.TrimSpace(s.query.Text) == "" {
		s.results = library().Rules()
	} else {
		s.results = library().Search(s.query.Text, i18n.Language())
	}
	if s.list != nil {
		s.list.UnselectAll()
		s.list.Refresh()
		s.afterRender()
	}
}

func (s *rightsScreen) build() fyne.CanvasObject {
	a := s.a
	lang := i18n.Language()
	s.query.SetPlaceHolder(i18n.T("ui.rights.search", shortcutName("F")))
	title := heading(i18n.T("ui.rights.title"))
	notice := caption(library().Notice().In(lang))
	count := caption("")
	s.list = widget.NewList(
		func() int { return len(s.results) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(s.results[i].Title.In(i18n.Language()))
		},
	)
	s.list.OnSelected = func(i widget.ListItemID) {
		a.touch()
		s.selected = s.results[i].ID
		s.renderDetail()
	}
	count.SetText(i18n.T("ui.rights.count", len(library().Rules())))
	s.detail = container.NewStack()
	s.renderDetail()
	left := container.NewBorder(container.NewVBox(s.query, count), nil, nil, nil, s.list)
	split := container.NewHSplit(left, s.detail)
	split.Offset = 0.35
	// The notice wraps no narrower than this: laid out at its minimum
	// width it would otherwise grow the window taller than the screen.
	top := container.NewPadded(container.New(widthLayout{width: 520}, container.NewVBox(title, notice)))
	return container.NewBorder(top, nil, nil, nil, split)
}

func (s *rightsScreen) afterRender() {
	for i, r := range s.results {
		if r.ID == s.selected {
			s.list.Select(i)
			s.list.ScrollTo(i)
			return
		}
	}
}

func (s *rightsScreen) renderDetail() {
	var content fyne.CanvasObject
	if r, ok := library().Rule(s.selected); ok {
		content = ruleView(s.a, r)
	} else {
		content = container.NewCenter(container.New(widthLayout{width: 300}, caption(i18n.T("ui.rights.select"))))
	}
	s.detail.Objects = []fyne.CanvasObject{content}
	s.detail.Refresh()
}

// ruleView is one rule in full.
func ruleView(a *App, r rules.Rule) fyne.CanvasObject {
	lang := i18n.Language()
	title := heading(r.Title.In(lang))
	title.SizeName = theme.SizeNameSubHeadingText
	objs := []fyne.CanvasObject{title}
	var cats []string
	for _, c := range r.Categories {
		cats = append(cats, categoryLabel(c))
	}
	objs = append(objs, caption(strings.Join(cats, i18n.T("ui.list.sep"))),
		paragraph(r.Summary.In(lang)))
	bullets := func(name string, ts []rules.Text) {
		if len(ts) == 0 {
			return
		}
		objs = append(objs, fieldName(name))
		for _, t := range ts {
			objs = append(objs, paragraph("• "+t.In(lang)))
		}
	}
	bullets(i18n.T("ui.rights.points"), r.Points)
	bullets(i18n.T("ui.rights.evidence"), r.Evidence)
	if it := r.RousaiItem; it != nil {
		objs = append(objs, fieldName(i18n.T("ui.rights.rousai", it.Edition, it.Number)),
			paragraph(i18n.T("ui.rights.rousai_item", it.Event.In(lang), it.Strength)))
	}
	if c := r.Caution.In(lang); c != "" {
		l := paragraph(c)
		l.Importance = widget.WarningImportance
		objs = append(objs, l)
	}
	objs = append(objs, fieldName(i18n.T("ui.rights.sources")))
	for _, src := range r.Sources {
		d := src.Document
		line := i18n.T("ui.rights.source", d.Title.In(lang), d.Edition.In(lang), src.Section.In(lang))
		if src.Pages != "" {
			line += " " + i18n.T("ui.rights.pages", src.Pages)
		}
		if n := d.Note.In(lang); n != "" {
			line += " " + i18n.T("ui.rights.note", n)
		}
		objs = append(objs, caption(line))
	}
	notice := paragraph(r.Notice.In(lang))
	notice.Importance = widget.WarningImportance
	objs = append(objs, widget.NewSeparator(), fieldName(i18n.T("ui.rights.notice_title")), notice)
	return container.NewVScroll(container.NewPadded(container.NewVBox(objs...)))
}
