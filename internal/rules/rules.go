package rules

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"sort"
	"sync"

	"github.com/kiroku-app/kiroku/assets"
)

// SchemaVersion is the library format this package reads. A library with
// another version is refused rather than half understood.
const SchemaVersion = 1

var (
	// ErrInvalid: the library breaks its schema. Load wraps it with the file
	// and the field at fault (several problems are joined).
	ErrInvalid = errors.New("invalid rule library")
	// ErrUnsupportedSchema: library.json has a schema version this program
	// does not know.
	ErrUnsupportedSchema = errors.New("unsupported rule library schema")
)

// Text is a text of the library, written in Japanese and English; the
// other languages translate it in overlays (overlay.go).
type Text struct {
	JA string `json:"ja"`
	EN string `json:"en"`
}

// In returns the text in lang: Japanese, English, or the translation of
// the English in the built-in overlay for lang (DefaultOverlays). A
// language without an overlay, or a missing translation, gives English.
func (t Text) In(lang string) string {
	return DefaultOverlays().Text(t, lang)
}

// Words are keyword lists in both languages.
type Words struct {
	JA []string `json:"ja"`
	EN []string `json:"en"`
}

// Kind is a kind of rule (a section of the library), such as "definition".
type Kind struct {
	ID    string
	Label Text
}

// Group is a group of categories, such as "harassment".
type Group struct {
	ID    string
	Label Text
}

// Category is a kind of incident a diary entry can be tagged with.
type Category struct {
	ID          string // stable kebab-case id stored in entries
	Group       string // Group.ID
	Label       Text
	Description Text
	// Keywords suggest the category from entry text (see Suggest). Japanese
	// keywords match anywhere; English ones match at the start of a word,
	// and those of three letters or fewer only as whole words.
	Keywords Words
}

// Document is a source document the rules cite.
type Document struct {
	ID      string
	Title   Text
	Edition Text   // edition or date as a reader should see it
	Date    string // YYYY, YYYY-MM or YYYY-MM-DD; empty when undated
	Pages   int    // number of pages when cited by page, else 0
	Note    Text   // e.g. that the document has been superseded; may be empty
}

// Source is one citation of a rule: where in which document it comes from.
type Source struct {
	Document Document
	Section  Text   // chapter, article, section or table item
	Pages    string // e.g. "135-136" or "93, 95"; empty if not paginated
}

// RousaiItem is an item of the health ministry's psychological-load
// evaluation table for mental-disorder workers' compensation claims.
type RousaiItem struct {
	Edition  string // edition of the table, e.g. "2020"
	Number   int    // item number in that edition
	Type     Text   // type of event (出来事の類型)
	Event    Text   // the event
	Strength string // average strength: "I", "II" or "III" (heaviest)
	// Examples of what makes the load weak, medium or strong. Any of them may
	// be empty when the table gives none.
	Weak, Medium, Strong []Text
}

// Rule is one summary page of the library.
type Rule struct {
	ID         string // stable kebab-case id
	Kind       string // Kind.ID
	Title      Text
	Summary    Text
	Points     []Text
	Evidence   []Text // what evidence matters for it
	Caution    Text   // edition or currency warning; may be empty
	RousaiItem *RousaiItem
	Categories []string // Category.ID, at least one
	Terms      []string // extra search terms (abbreviations, romaji)
	Sources    []Source
	// Notice is the library's notice that this is a summary and not legal
	// advice. The app shows it with every rule.
	Notice Text
}

// Library is a loaded, validated rule library. It is immutable: accessors
// return copies, and it is safe for concurrent use.
type Library struct {
	notice  Text
	kinds   []Kind
	groups  []Group
	docs    []Document
	cats    []Category
	catIdx  map[string]int
	rules   []Rule
	ruleIdx map[string]int
	search  []searchDoc  // parallel to rules
	suggest []catMatcher // parallel to cats
}

// Files Load reads from the root of its file system.
const (
	fileLibrary    = "library.json"
	fileSources    = "sources.json"
	fileCategories = "categories.json"
	dirRules       = "rules"
)

// On-disk shapes. Kept apart from the public types so that the JSON schema
// can be strict (unknown fields are errors) and the API stays clean.
type (
	libraryFile struct {
		Schema int     `json:"schema"`
		Notice Text    `json:"notice"`
		Kinds  []idRaw `json:"kinds"`
	}
	idRaw struct {
		ID    string `json:"id"`
		Label Text   `json:"label"`
	}
	sourcesFile struct {
		Documents []docRaw `json:"documents"`
	}
	docRaw struct {
		ID      string `json:"id"`
		Title   Text   `json:"title"`
		Edition Text   `json:"edition"`
		Date    string `json:"date"`
		Pages   int    `json:"pages"`
		Note    *Text  `json:"note"`
	}
	categoriesFile struct {
		Groups     []idRaw  `json:"groups"`
		Categories []catRaw `json:"categories"`
	}
	catRaw struct {
		ID          string `json:"id"`
		Group       string `json:"group"`
		Label       Text   `json:"label"`
		Description Text   `json:"description"`
		Keywords    Words  `json:"keywords"`
	}
	rulesFile struct {
		Rules []ruleRaw `json:"rules"`
	}
	ruleRaw struct {
		ID         string    `json:"id"`
		Kind       string    `json:"kind"`
		Title      Text      `json:"title"`
		Summary    Text      `json:"summary"`
		Points     []Text    `json:"points"`
		Evidence   []Text    `json:"evidence"`
		Caution    *Text     `json:"caution"`
		RousaiItem *itemRaw  `json:"rousai_item"`
		Categories []string  `json:"categories"`
		Terms      []string  `json:"terms"`
		Sources    []citeRaw `json:"sources"`
		file       string    // for error messages
	}
	itemRaw struct {
		Edition  string `json:"edition"`
		Number   int    `json:"number"`
		Type     Text   `json:"type"`
		Event    Text   `json:"event"`
		Strength string `json:"strength"`
		Weak     []Text `json:"weak"`
		Medium   []Text `json:"medium"`
		Strong   []Text `json:"strong"`
	}
	citeRaw struct {
		Doc     string `json:"doc"`
		Section Text   `json:"section"`
		Pages   string `json:"pages"`
	}
)

// Load reads and validates the library at the root of fsys (the layout of
// assets/rules). Any problem refuses the whole library with an error
// wrapping ErrInvalid or ErrUnsupportedSchema.
func Load(fsys fs.FS) (*Library, error) {
	var lf libraryFile
	if err := decodeFile(fsys, fileLibrary, &lf); err != nil {
		return nil, err
	}
	if lf.Schema != SchemaVersion {
		return nil, fmt.Errorf("%s: schema %d, want %d: %w", fileLibrary, lf.Schema, SchemaVersion, ErrUnsupportedSchema)
	}
	var sf sourcesFile
	if err := decodeFile(fsys, fileSources, &sf); err != nil {
		return nil, err
	}
	var cf categoriesFile
	if err := decodeFile(fsys, fileCategories, &cf); err != nil {
		return nil, err
	}
	names, err := fs.Glob(fsys, path.Join(dirRules, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("%w: list %s: %v", ErrInvalid, dirRules, err)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, fmt.Errorf("%w: no %s/*.json files", ErrInvalid, dirRules)
	}
	var raws []ruleRaw
	for _, name := range names {
		var rf rulesFile
		if err := decodeFile(fsys, name, &rf); err != nil {
			return nil, err
		}
		for i := range rf.Rules {
			rf.Rules[i].file = name
		}
		raws = append(raws, rf.Rules...)
	}
	return build(lf, sf, cf, raws)
}

// maxFileSize bounds what Load reads from one file; the real files are far
// smaller.
const maxFileSize = 4 << 20

// decodeFile decodes one JSON file strictly: unknown fields, trailing data
// and oversized files are errors.
func decodeFile(fsys fs.FS, name string, v any) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return fmt.Errorf("%w: read %s: %v", ErrInvalid, name, err)
	}
	if len(b) > maxFileSize {
		return fmt.Errorf("%w: %s is larger than %d bytes", ErrInvalid, name, maxFileSize)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: parse %s: %v", ErrInvalid, name, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%w: parse %s: data after the top-level value", ErrInvalid, name)
	}
	return nil
}

var (
	defOnce sync.Once
	def     *Library
)

// Default returns the library built into the binary (assets.Rules). It
// panics only if the embedded data is broken, which the package tests rule
// out before a release.
func Default() *Library {
	defOnce.Do(func() {
		sub, err := fs.Sub(assets.Rules, "rules")
		if err != nil {
			panic(err) // a constant, valid path: cannot fail
		}
		def, err = Load(sub)
		if err != nil {
			panic(fmt.Sprintf("rules: embedded library is broken: %v", err))
		}
	})
	return def
}

// Notice is the text every rule page carries: a summary, not legal advice.
func (l *Library) Notice() Text { return l.notice }

// Kinds returns the kinds of rule in reading order.
func (l *Library) Kinds() []Kind { return slices.Clone(l.kinds) }

// Groups returns the category groups in display order.
func (l *Library) Groups() []Group { return slices.Clone(l.groups) }

// Documents returns the source documents the library cites.
func (l *Library) Documents() []Document { return slices.Clone(l.docs) }

// Rules returns every rule in reading order.
func (l *Library) Rules() []Rule {
	out := make([]Rule, len(l.rules))
	for i, r := range l.rules {
		out[i] = r.clone()
	}
	return out
}

// Rule returns the rule with the given id.
func (l *Library) Rule(id string) (Rule, bool) {
	i, ok := l.ruleIdx[id]
	if !ok {
		return Rule{}, false
	}
	return l.rules[i].clone(), true
}

// Categories returns every category in display order (by group).
func (l *Library) Categories() []Category {
	out := make([]Category, len(l.cats))
	for i, c := range l.cats {
		out[i] = c.clone()
	}
	return out
}

// Category returns the category with the given id.
func (l *Library) Category(id string) (Category, bool) {
	i, ok := l.catIdx[id]
	if !ok {
		return Category{}, false
	}
	return l.cats[i].clone(), true
}

// RulesFor returns the rules related to any of the given categories, each
// once, in reading order. Unknown category ids are ignored.
func (l *Library) RulesFor(categoryIDs []string) []Rule {
	want := make(map[string]bool, len(categoryIDs))
	for _, id := range categoryIDs {
		want[id] = true
	}
	var out []Rule
	for _, r := range l.rules {
		if slices.ContainsFunc(r.Categories, func(c string) bool { return want[c] }) {
			out = append(out, r.clone())
		}
	}
	return out
}

func (r Rule) clone() Rule {
	r.Points = slices.Clone(r.Points)
	r.Evidence = slices.Clone(r.Evidence)
	r.Categories = slices.Clone(r.Categories)
	r.Terms = slices.Clone(r.Terms)
	r.Sources = slices.Clone(r.Sources)
	if r.RousaiItem != nil {
		it := *r.RousaiItem
		it.Weak = slices.Clone(it.Weak)
		it.Medium = slices.Clone(it.Medium)
		it.Strong = slices.Clone(it.Strong)
		r.RousaiItem = &it
	}
	return r
}

func (c Category) clone() Category {
	c.Keywords.JA = slices.Clone(c.Keywords.JA)
	c.Keywords.EN = slices.Clone(c.Keywords.EN)
	return c
}
