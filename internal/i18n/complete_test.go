package i18n_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// Every shipped language is complete: every key of English, no other key,
// no empty text, the same fmt verbs, and no English sentence left as it was.
func TestCompleteTranslations(t *testing.T) {
	c := i18n.Default()
	if len(c.Keys("en")) == 0 {
		t.Fatal("no English messages")
	}
	glossaries := os.DirFS("../../assets/glossary")
	for _, lang := range i18n.Languages {
		if lang == "en" {
			continue
		}
		t.Run(lang, func(t *testing.T) {
			var same map[string]string
			if lang != "ja" {
				g, err := loadGlossary(glossaries, lang)
				if err != nil {
					t.Fatal(err)
				}
				same = g.SameAsEnglish
			}
			for _, p := range completeness(c, lang, same) {
				t.Error(p)
			}
		})
	}
}

// Every shipped language but English and Japanese (the reference the
// glossary is written from) uses its glossary: see assets/glossary/README.md.
func TestGlossary(t *testing.T) {
	fsys := os.DirFS("../../assets/glossary")
	terms, err := loadTerms(fsys)
	if err != nil {
		t.Fatal(err)
	}
	c := i18n.Default()
	for _, lang := range i18n.Languages {
		if lang == "en" || lang == "ja" {
			continue
		}
		t.Run(lang, func(t *testing.T) {
			g, err := loadGlossary(fsys, lang)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range glossaryProblems(c, terms, lang, g) {
				t.Error(p)
			}
		})
	}
}

// The checks above catch each kind of fault, in a deliberately broken copy
// (testdata/broken: a Vietnamese folder with one fault of each kind).
func TestChecksCatchBrokenTranslation(t *testing.T) {
	fsys := os.DirFS("testdata/broken")
	sub, err := fs.Sub(fsys, "i18n")
	if err != nil {
		t.Fatal(err)
	}
	c, err := i18n.Load(sub)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Languages(); !slices.Equal(got, []string{"en", "vi"}) {
		t.Fatalf("shipped %q", got)
	}
	gsub, _ := fs.Sub(fsys, "glossary")
	terms, err := loadTerms(gsub)
	if err != nil {
		t.Fatal(err)
	}
	g, err := loadGlossary(gsub, "vi")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(append(completeness(c, "vi", g.SameAsEnglish), glossaryProblems(c, terms, "vi", g)...), "\n")
	for _, want := range []string{
		`vi: missing key "missing"`,
		`vi: key "extra" is not in English`,
		`vi: key "empty" is empty`,
		`vi: key "english" is the English text unchanged`,
		`vi: key "verbs" has verbs "%[1]d %[2]s", English has "%[1]d %[2]d"`,
		`vi: key "vault.lock" lacks glossary term "vault"`,
		`vi: glossary has no term "lock"`,
		`vi: glossary term "vault": exception for "names" whose English does not contain the term`,
		`vi: glossary term "vault": exception for "nokey", which is not a message`,
		`vi: same_as_english: "names" is only names and codes anyway`,
		`vi: same_as_english: "nokey" is not a message`,
		`vi: same_as_english: "vault.lock" differs from English`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("not caught: %s", want)
		}
	}
	for _, ok := range []string{`"names"`, `"codes"`, `"flag"`, `"ts"`, `"ok.vault"`, `"excepted"`, `"month"`, `"usage"`} {
		if strings.Contains(got, ok) && !strings.Contains(got, "exception for "+ok) && !strings.Contains(got, "same_as_english: "+ok) {
			t.Errorf("a correct text is reported: %s in\n%s", ok, got)
		}
	}
	if t.Failed() {
		t.Logf("problems found:\n%s", got)
	}
}

// completeness lists what lang lacks against English. same lists the keys
// whose text is rightly the English one (a month name in Indonesian), from
// the language's glossary file, each with a reason.
func completeness(c *i18n.Catalog, lang string, same map[string]string) []string {
	var out []string
	for k, reason := range same {
		switch {
		case !c.Has("en", k):
			out = append(out, fmt.Sprintf("%s: same_as_english: %q is not a message", lang, k))
		case c.T(lang, k) != c.T("en", k):
			out = append(out, fmt.Sprintf("%s: same_as_english: %q differs from English", lang, k))
		case onlyNamesAndCodes(c.T("en", k)):
			out = append(out, fmt.Sprintf("%s: same_as_english: %q is only names and codes anyway", lang, k))
		case strings.TrimSpace(reason) == "":
			out = append(out, fmt.Sprintf("%s: same_as_english: %q without a reason", lang, k))
		}
	}
	for _, k := range c.Keys("en") {
		en := c.T("en", k)
		if !c.Has(lang, k) {
			out = append(out, fmt.Sprintf("%s: missing key %q", lang, k))
			continue
		}
		s := c.T(lang, k)
		if strings.TrimSpace(s) == "" {
			out = append(out, fmt.Sprintf("%s: key %q is empty", lang, k))
			continue
		}
		if a, b := verbs(en), verbs(s); a != b {
			out = append(out, fmt.Sprintf("%s: key %q has verbs %q, English has %q", lang, k, b, a))
		}
		if _, ok := same[k]; s == en && !ok && !onlyNamesAndCodes(en) {
			out = append(out, fmt.Sprintf("%s: key %q is the English text unchanged: %q", lang, k, en))
		}
	}
	for _, k := range c.Keys(lang) {
		if !c.Has("en", k) {
			out = append(out, fmt.Sprintf("%s: key %q is not in English", lang, k))
		}
	}
	return out
}

var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// verbs is the multiset of fmt verbs of s, sorted.
func verbs(s string) string {
	v := verbRE.FindAllString(s, -1)
	sort.Strings(v)
	return strings.Join(v, " ")
}

// namesAndCodes may stay as they are in any language: names of programs,
// formats, systems and keys, kirokuctl's command words and the metavariables
// of its usage lines.
var namesAndCodes = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`Kiroku kirokuctl kiroku-verify kiroku PDF CSV JSON ZIP zip WAV
		BagIt SHA-256 SHA USB RFC TSA OK Linux macOS Windows Ctrl Shift Alt Esc Tab ID PATH
		YYYY-MM-DD YYYY MM DD HH hh mm ss UTC IANA URL UTF-8 MB KB GB MiB GiB kB ms px h min s
		init add list show edit delete history check passwd recover purge help import
		attachments version licences languages export verify record recordings play marker
		ok`) {
		namesAndCodes[w] = true
	}
}

// codeRE finds what is code rather than words: URLs, flags, paths, file
// names, fmt verbs.
var codeRE = regexp.MustCompile(`https?://\S+|--?[A-Za-z][\w-]*|\S*[/\\]\S*|\S+\.[A-Za-z0-9]{1,5}\b|` + verbRE.String())

// onlyNamesAndCodes reports whether s holds no words but names and codes,
// so that it may read the same in every language.
func onlyNamesAndCodes(s string) bool {
	s = codeRE.ReplaceAllString(s, " ")
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && r != '-' && !unicode.IsDigit(r)
	}) {
		w = strings.Trim(w, "-")
		if namesAndCodes[w] || namesAndCodes[strings.ToLower(w)] || !strings.ContainsFunc(w, unicode.IsLetter) {
			continue
		}
		if strings.ToUpper(w) == w { // metavariables and acronyms: PATH, NAME, RFC3339
			continue
		}
		if utf8.RuneCountInString(w) == 1 || !isLatin(w) {
			continue
		}
		return false
	}
	return true
}

func isLatin(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

// A term of assets/glossary/terms.json.
type term struct {
	ID   string   `json:"id"`
	EN   []string `json:"en"`
	JA   string   `json:"ja"`
	Note string   `json:"note"`
}

// A language's glossary, assets/glossary/<tag>.json.
type glossary struct {
	Schema        int               `json:"schema"`
	SameAsEnglish map[string]string `json:"same_as_english"`
	Terms         map[string]struct {
		Forms      []string          `json:"forms"`
		Exceptions map[string]string `json:"exceptions"`
	} `json:"terms"`
}

var termID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func loadTerms(fsys fs.FS) ([]term, error) {
	b, err := fs.ReadFile(fsys, "terms.json")
	if err != nil {
		return nil, err
	}
	var f struct {
		Schema int    `json:"schema"`
		Terms  []term `json:"terms"`
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("terms.json: %w", err)
	}
	if f.Schema != 1 {
		return nil, fmt.Errorf("terms.json: schema %d", f.Schema)
	}
	seen := map[string]bool{}
	for _, t := range f.Terms {
		if !termID.MatchString(t.ID) || seen[t.ID] || len(t.EN) == 0 || strings.TrimSpace(t.JA) == "" {
			return nil, fmt.Errorf("terms.json: term %q: bad or repeated id, or no English forms or Japanese", t.ID)
		}
		seen[t.ID] = true
	}
	return f.Terms, nil
}

func loadGlossary(fsys fs.FS, lang string) (glossary, error) {
	var g glossary
	b, err := fs.ReadFile(fsys, lang+".json")
	if err != nil {
		return g, fmt.Errorf("%s: no glossary (assets/glossary/README.md): %w", lang, err)
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&g); err != nil {
		return g, fmt.Errorf("%s.json: %w", lang, err)
	}
	if g.Schema != 1 {
		return g, fmt.Errorf("%s.json: schema %d, want 1", lang, g.Schema)
	}
	return g, nil
}

// glossaryProblems lists the strings of lang that do not use its glossary.
func glossaryProblems(c *i18n.Catalog, terms []term, lang string, g glossary) []string {
	var out []string
	known := map[string]bool{}
	for _, t := range terms {
		known[t.ID] = true
		gt, ok := g.Terms[t.ID]
		if !ok {
			out = append(out, fmt.Sprintf("%s: glossary has no term %q", lang, t.ID))
			continue
		}
		if len(gt.Forms) == 0 || slices.ContainsFunc(gt.Forms, func(f string) bool { return strings.TrimSpace(f) == "" }) {
			out = append(out, fmt.Sprintf("%s: glossary term %q has an empty form or none", lang, t.ID))
		}
	}
	for id := range g.Terms {
		if !known[id] {
			out = append(out, fmt.Sprintf("%s: glossary term %q is not in terms.json", lang, id))
		}
	}
	uses := map[string]map[string]bool{} // key -> term ids its English uses
	for _, k := range c.Keys("en") {
		uses[k] = termsIn(terms, c.T("en", k))
	}
	for _, t := range terms {
		gt, ok := g.Terms[t.ID]
		if !ok {
			continue
		}
		for k, reason := range gt.Exceptions {
			switch {
			case !c.Has("en", k):
				out = append(out, fmt.Sprintf("%s: glossary term %q: exception for %q, which is not a message", lang, t.ID, k))
			case !uses[k][t.ID]:
				out = append(out, fmt.Sprintf("%s: glossary term %q: exception for %q whose English does not contain the term", lang, t.ID, k))
			case strings.TrimSpace(reason) == "":
				out = append(out, fmt.Sprintf("%s: glossary term %q: exception for %q without a reason", lang, t.ID, k))
			}
		}
		for _, k := range c.Keys("en") {
			if !uses[k][t.ID] || !c.Has(lang, k) {
				continue
			}
			if _, ex := gt.Exceptions[k]; ex {
				continue
			}
			s := strings.ToLower(c.T(lang, k))
			if !slices.ContainsFunc(gt.Forms, func(f string) bool { return f != "" && strings.Contains(s, strings.ToLower(f)) }) {
				out = append(out, fmt.Sprintf("%s: key %q lacks glossary term %q (one of %q); English: %q", lang, k, t.ID, gt.Forms, c.T("en", k)))
			}
		}
	}
	sort.Strings(out)
	return out
}

// usageCommand is the command word at the start of a kirokuctl usage line.
var usageCommand = regexp.MustCompile(`(?m)^[a-z][a-z-]* {2,}`)

// termsIn finds the glossary terms in an English text, as
// assets/glossary/README.md describes: whole words, case-insensitive, not
// inside a command-line word, the longest form winning where two overlap.
func termsIn(terms []term, en string) map[string]bool {
	masked := usageCommand.ReplaceAllStringFunc(en, func(m string) string { return strings.Repeat(" ", len(m)) })
	lower := strings.ToLower(masked)
	type hit struct {
		start, end int
		id         string
	}
	var hits []hit
	for _, t := range terms {
		for _, f := range t.EN {
			f = strings.ToLower(f)
			for i := 0; ; {
				j := strings.Index(lower[i:], f)
				if j < 0 {
					break
				}
				s, e := i+j, i+j+len(f)
				if wordStart(lower, s) && wordEnd(lower, e) {
					hits = append(hits, hit{s, e, t.ID})
				}
				i = s + 1
			}
		}
	}
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].end-hits[a].start > hits[b].end-hits[b].start })
	claimed := make([]bool, len(lower))
	out := map[string]bool{}
	for _, h := range hits {
		if slices.Contains(claimed[h.start:h.end], true) {
			continue
		}
		for i := h.start; i < h.end; i++ {
			claimed[i] = true
		}
		out[h.id] = true
	}
	return out
}

func wordStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	if strings.HasSuffix(s[:i], "kirokuctl ") {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("-_./\\", r)
}

func wordEnd(s string, i int) bool {
	if i == len(s) {
		return true
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if r == '.' {
		next, _ := utf8.DecodeRuneInString(s[i+n:])
		return !unicode.IsLetter(next) && !unicode.IsDigit(next)
	}
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("-_/\\", r)
}
