package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/rules"
)

// cmdRules reads the embedded rule library; it needs no vault.
//
//	rules list   [--json] [--category ID] [--lang ja|en]
//	rules show   ID [--json] [--lang ja|en]
//	rules search WORDS... [--json] [--lang ja|en]
func cmdRules(env *Env, args []string) error {
	if len(args) == 0 {
		return usagef("cli.rules.err.need_verb")
	}
	switch args[0] {
	case "list":
		return rulesList(env, args[1:])
	case "show":
		return rulesShow(env, args[1:])
	case "search":
		return rulesSearch(env, args[1:])
	}
	return usagef("cli.rules.err.unknown_verb", args[0])
}

// ruleFlags are the flags every rules verb takes.
type ruleFlags struct {
	asJSON bool
	lang   string
}

func (rf *ruleFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&rf.asJSON, "json", false, i18n.T("cli.flag.json"))
	fs.StringVar(&rf.lang, "lang", i18n.Language(), i18n.T("cli.languages.flag_lang", strings.Join(i18n.Languages, ", ")))
}

// check accepts every shipped language: the rule library speaks each of
// them (Japanese, English or the language's overlay).
func (rf *ruleFlags) check() error {
	if !i18n.Supported(rf.lang) {
		return usagef("cli.languages.err_unknown", rf.lang, strings.Join(i18n.Languages, ", "))
	}
	return nil
}

func rulesList(env *Env, args []string) error {
	fs := flag.NewFlagSet("rules list", flag.ContinueOnError)
	var rf ruleFlags
	var category string
	rf.register(fs)
	fs.StringVar(&category, "category", "", i18n.T("cli.rules.flag.category"))
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if err := rf.check(); err != nil {
		return err
	}
	lib := rules.Default()
	list := lib.Rules()
	if category != "" {
		if _, ok := lib.Category(category); !ok {
			return fmt.Errorf("%w: %s", apperr.ErrNotFound, i18n.T("cli.rules.err.no_category", category))
		}
		list = lib.RulesFor([]string{category})
	}
	return printRuleList(env.Stdout, lib, list, rf)
}

func rulesSearch(env *Env, args []string) error {
	fs := flag.NewFlagSet("rules search", flag.ContinueOnError)
	var rf ruleFlags
	rf.register(fs)
	words, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := rf.check(); err != nil {
		return err
	}
	if len(words) == 0 {
		return usagef("cli.rules.err.need_words")
	}
	lib := rules.Default()
	return printRuleList(env.Stdout, lib, lib.Search(strings.Join(words, " "), rf.lang), rf)
}

// ruleListJSON is one line of `rules list --json`.
type ruleListJSON struct {
	ID         string     `json:"id"`
	Kind       string     `json:"kind"`
	Title      rules.Text `json:"title"`
	Categories []string   `json:"categories"`
}

func printRuleList(w io.Writer, lib *rules.Library, list []rules.Rule, rf ruleFlags) error {
	if rf.asJSON {
		out := make([]ruleListJSON, 0, len(list))
		for _, r := range list {
			out = append(out, ruleListJSON{r.ID, r.Kind, r.Title, r.Categories})
		}
		return writeJSON(w, out)
	}
	kinds := map[string]string{}
	for _, k := range lib.Kinds() {
		kinds[k.ID] = k.Label.In(rf.lang)
	}
	tr := func(key string, args ...any) string { return i18n.Default().T(rf.lang, key, args...) }
	if len(list) == 0 {
		fmt.Fprintln(w, tr("cli.rules.out.none"))
		return nil
	}
	tw := newTable(w, 2)
	fmt.Fprintln(tw, tr("cli.rules.out.list_header"))
	for _, r := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, kinds[r.Kind], r.Title.In(rf.lang))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, lib.Notice().In(rf.lang))
	return nil
}

func rulesShow(env *Env, args []string) error {
	fs := flag.NewFlagSet("rules show", flag.ContinueOnError)
	var rf ruleFlags
	rf.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := rf.check(); err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("cli.rules.err.need_id")
	}
	lib := rules.Default()
	r, ok := lib.Rule(pos[0])
	if !ok {
		return fmt.Errorf("%w: %s", apperr.ErrNotFound, i18n.T("cli.rules.err.no_rule", pos[0]))
	}
	if rf.asJSON {
		return writeJSON(env.Stdout, toRuleJSON(lib, r))
	}
	printRule(env.Stdout, lib, r, rf.lang)
	return nil
}

// ruleJSON is `rules show --json`: the whole rule in both languages.
type ruleJSON struct {
	ID         string          `json:"id"`
	Kind       string          `json:"kind"`
	KindLabel  rules.Text      `json:"kind_label"`
	Title      rules.Text      `json:"title"`
	Summary    rules.Text      `json:"summary"`
	Points     []rules.Text    `json:"points"`
	Evidence   []rules.Text    `json:"evidence"`
	Caution    *rules.Text     `json:"caution,omitempty"`
	RousaiItem *rousaiItemJSON `json:"rousai_item,omitempty"`
	Categories []categoryJSON  `json:"categories"`
	Terms      []string        `json:"terms"`
	Sources    []sourceJSON    `json:"sources"`
	Notice     rules.Text      `json:"notice"`
}

type rousaiItemJSON struct {
	Edition  string       `json:"edition"`
	Number   int          `json:"number"`
	Type     rules.Text   `json:"type"`
	Event    rules.Text   `json:"event"`
	Strength string       `json:"strength"`
	Weak     []rules.Text `json:"weak"`
	Medium   []rules.Text `json:"medium"`
	Strong   []rules.Text `json:"strong"`
}

type categoryJSON struct {
	ID    string     `json:"id"`
	Label rules.Text `json:"label"`
}

type sourceJSON struct {
	Doc     string      `json:"doc"`
	Title   rules.Text  `json:"title"`
	Edition rules.Text  `json:"edition"`
	Date    string      `json:"date,omitempty"`
	Section rules.Text  `json:"section"`
	Pages   string      `json:"pages,omitempty"`
	Note    *rules.Text `json:"note,omitempty"`
}

func nonEmpty(t rules.Text) *rules.Text {
	if t.JA == "" && t.EN == "" {
		return nil
	}
	return &t
}

func nzTexts(ts []rules.Text) []rules.Text {
	if ts == nil {
		return []rules.Text{}
	}
	return ts
}

func toRuleJSON(lib *rules.Library, r rules.Rule) ruleJSON {
	out := ruleJSON{
		ID: r.ID, Kind: r.Kind, Title: r.Title, Summary: r.Summary,
		Points: nzTexts(r.Points), Evidence: nzTexts(r.Evidence), Caution: nonEmpty(r.Caution),
		Categories: []categoryJSON{}, Terms: r.Terms, Sources: []sourceJSON{}, Notice: r.Notice,
	}
	if out.Terms == nil {
		out.Terms = []string{}
	}
	for _, k := range lib.Kinds() {
		if k.ID == r.Kind {
			out.KindLabel = k.Label
		}
	}
	if it := r.RousaiItem; it != nil {
		out.RousaiItem = &rousaiItemJSON{it.Edition, it.Number, it.Type, it.Event, it.Strength,
			nzTexts(it.Weak), nzTexts(it.Medium), nzTexts(it.Strong)}
	}
	for _, id := range r.Categories {
		c, _ := lib.Category(id)
		out.Categories = append(out.Categories, categoryJSON{id, c.Label})
	}
	for _, s := range r.Sources {
		d := s.Document
		out.Sources = append(out.Sources, sourceJSON{d.ID, d.Title, d.Edition, d.Date, s.Section, s.Pages, nonEmpty(d.Note)})
	}
	return out
}

func printRule(w io.Writer, lib *rules.Library, r rules.Rule, lang string) {
	tr := func(key string, args ...any) string { return i18n.Default().T(lang, key, args...) }
	kind := r.Kind
	for _, k := range lib.Kinds() {
		if k.ID == r.Kind {
			kind = k.Label.In(lang)
		}
	}
	list := func(heading string, ts []rules.Text) {
		if len(ts) == 0 {
			return
		}
		fmt.Fprintln(w, heading)
		for _, t := range ts {
			fmt.Fprintf(w, "  - %s\n", t.In(lang))
		}
	}
	fmt.Fprintln(w, r.Title.In(lang))
	fmt.Fprintf(w, "%s · %s\n\n", kind, r.ID)
	fmt.Fprintf(w, "%s\n\n", r.Summary.In(lang))
	if c := r.Caution.In(lang); c != "" {
		fmt.Fprintf(w, "%s %s\n\n", tr("cli.rules.out.caution"), c)
	}
	list(tr("cli.rules.out.points"), r.Points)
	list(tr("cli.rules.out.evidence"), r.Evidence)
	if it := r.RousaiItem; it != nil {
		fmt.Fprintln(w, tr("cli.rules.out.rousai_item", it.Edition, it.Number, it.Strength))
		fmt.Fprintf(w, "  %s / %s\n", it.Type.In(lang), it.Event.In(lang))
		list(tr("cli.rules.out.weak"), it.Weak)
		list(tr("cli.rules.out.medium"), it.Medium)
		list(tr("cli.rules.out.strong"), it.Strong)
	}
	var cats []string
	for _, id := range r.Categories {
		label := id
		if c, ok := lib.Category(id); ok {
			label = c.Label.In(lang) + " (" + id + ")"
		}
		cats = append(cats, label)
	}
	fmt.Fprintf(w, "%s %s\n", tr("cli.rules.out.categories"), strings.Join(cats, ", "))
	fmt.Fprintln(w, tr("cli.rules.out.sources"))
	for _, s := range r.Sources {
		d := s.Document
		line := fmt.Sprintf("  - %s (%s): %s", d.Title.In(lang), d.Edition.In(lang), s.Section.In(lang))
		if s.Pages != "" {
			line += " " + tr("cli.rules.out.pages", s.Pages)
		}
		if n := d.Note.In(lang); n != "" {
			line += " [" + n + "]"
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, r.Notice.In(lang))
}
