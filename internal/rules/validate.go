package rules

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxProblems caps how many problems one failed Load reports.
const maxProblems = 50

// maxTextLen bounds one text (runes); the longest summaries are far shorter.
const maxTextLen = 2000

// maxSectionLen bounds a citation's section: a heading, not a passage.
const maxSectionLen = 200

// checker collects the problems found in a library.
type checker struct{ errs []error }

func (c *checker) addf(format string, args ...any) {
	if len(c.errs) < maxProblems {
		c.errs = append(c.errs, fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...)))
	}
}

func (c *checker) err() error { return errors.Join(c.errs...) }

// IsID reports whether s is a stable kebab-case id: lowercase ASCII letters
// and digits in words joined by single hyphens, at most 64 bytes. The same
// rule as record.IsCategoryID, so every category id can be stored.
func IsID(s string) bool {
	if s == "" || len(s) > 64 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

func (c *checker) id(where, id string) {
	if !IsID(id) {
		c.addf("%s: id %q is not kebab-case", where, id)
	}
}

// text checks a text in both languages. Optional texts may be empty in both.
func (c *checker) text(where, field string, t Text, optional bool) {
	if optional && t.JA == "" && t.EN == "" {
		return
	}
	c.lang(where, field+".ja", t.JA, hasJapanese, "no Japanese characters")
	c.lang(where, field+".en", t.EN, hasLatin, "no Latin letters")
	if t.JA != "" && t.JA == t.EN {
		c.addf("%s: %s: Japanese and English are identical", where, field)
	}
}

func (c *checker) lang(where, field, s string, script func(string) bool, scriptProblem string) {
	switch {
	case s == "":
		c.addf("%s: %s is empty", where, field)
	case !utf8.ValidString(s):
		c.addf("%s: %s is not valid UTF-8", where, field)
	case strings.TrimSpace(s) != s:
		c.addf("%s: %s has leading or trailing space", where, field)
	case strings.ContainsFunc(s, unicode.IsControl):
		c.addf("%s: %s has control characters", where, field)
	case utf8.RuneCountInString(s) > maxTextLen:
		c.addf("%s: %s is longer than %d characters", where, field, maxTextLen)
	case !script(s):
		c.addf("%s: %s: %s", where, field, scriptProblem)
	}
}

func (c *checker) texts(where, field string, ts []Text, min int) {
	if len(ts) < min {
		c.addf("%s: %s needs at least %d item(s)", where, field, min)
	}
	for i, t := range ts {
		c.text(where, fmt.Sprintf("%s[%d]", field, i), t, false)
	}
}

// words checks a list of terms or keywords: no empty, padded or repeated
// entries; lowercase when lower is set (matching lowercases the text).
func (c *checker) words(where, field string, ws []string, lower bool) {
	seen := map[string]bool{}
	for _, w := range ws {
		switch {
		case strings.TrimSpace(w) == "" || strings.TrimSpace(w) != w || !utf8.ValidString(w):
			c.addf("%s: %s: %q is empty or padded", where, field, w)
		case lower && strings.ToLower(w) != w:
			c.addf("%s: %s: %q must be lowercase", where, field, w)
		case seen[w]:
			c.addf("%s: %s: %q is listed twice", where, field, w)
		}
		seen[w] = true
	}
}

func hasJapanese(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han)
	})
}

func hasLatin(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) })
}

// validDate accepts YYYY, YYYY-MM and YYYY-MM-DD.
func validDate(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return false
	}
	limits := []int{9999, 12, 31}
	for i, p := range parts {
		if i > 0 && len(p) != 2 {
			return false
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > limits[i] {
			return false
		}
	}
	return true
}

// checkPages validates a page reference such as "93", "135-136" or
// "93, 95-96" against a document of total pages.
func checkPages(ref string, total int) error {
	if total == 0 {
		return errors.New("the document is not cited by page")
	}
	for _, part := range strings.Split(ref, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := pageNumber(lo)
		if err != nil {
			return err
		}
		b := a
		if isRange {
			if b, err = pageNumber(hi); err != nil {
				return err
			}
			if b <= a {
				return fmt.Errorf("range %q does not ascend", part)
			}
		}
		if b > total {
			return fmt.Errorf("page %d is beyond the document's %d pages", b, total)
		}
	}
	return nil
}

func pageNumber(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || strconv.Itoa(n) != s {
		return 0, fmt.Errorf("%q is not a page number", s)
	}
	return n, nil
}

var strengths = map[string]bool{"I": true, "II": true, "III": true}

// build validates the decoded files and assembles the library.
func build(lf libraryFile, sf sourcesFile, cf categoriesFile, raws []ruleRaw) (*Library, error) {
	c := &checker{}
	l := &Library{
		notice:  lf.Notice,
		catIdx:  map[string]int{},
		ruleIdx: map[string]int{},
	}

	c.text(fileLibrary, "notice", lf.Notice, false)
	kinds := labelled(c, fileLibrary, "kind", lf.Kinds)
	for _, k := range lf.Kinds {
		l.kinds = append(l.kinds, Kind(k))
	}

	docs := map[string]Document{}
	for _, d := range sf.Documents {
		where := fmt.Sprintf("%s: document %q", fileSources, d.ID)
		c.id(where, d.ID)
		if _, dup := docs[d.ID]; dup {
			c.addf("%s: defined twice", where)
		}
		c.text(where, "title", d.Title, false)
		c.text(where, "edition", d.Edition, false)
		if d.Date != "" && !validDate(d.Date) {
			c.addf("%s: date %q is not YYYY, YYYY-MM or YYYY-MM-DD", where, d.Date)
		}
		if d.Pages < 0 {
			c.addf("%s: pages is negative", where)
		}
		doc := Document{ID: d.ID, Title: d.Title, Edition: d.Edition, Date: d.Date, Pages: d.Pages}
		if d.Note != nil {
			c.text(where, "note", *d.Note, false)
			doc.Note = *d.Note
		}
		docs[d.ID] = doc
		l.docs = append(l.docs, doc)
	}
	if len(sf.Documents) == 0 {
		c.addf("%s: no documents", fileSources)
	}

	groups := labelled(c, fileCategories, "group", cf.Groups)
	for _, g := range cf.Groups {
		l.groups = append(l.groups, Group(g))
	}
	for i, r := range cf.Categories {
		where := fmt.Sprintf("%s: category %q", fileCategories, r.ID)
		c.id(where, r.ID)
		if _, dup := l.catIdx[r.ID]; dup {
			c.addf("%s: defined twice", where)
		}
		if !groups[r.Group] {
			c.addf("%s: unknown group %q", where, r.Group)
		}
		c.text(where, "label", r.Label, false)
		c.text(where, "description", r.Description, false)
		c.words(where, "keywords.ja", r.Keywords.JA, false)
		c.words(where, "keywords.en", r.Keywords.EN, true)
		l.catIdx[r.ID] = i
		l.cats = append(l.cats, Category(r))
	}
	if len(cf.Categories) == 0 {
		c.addf("%s: no categories", fileCategories)
	}

	linked := map[string]bool{}
	for i, r := range raws {
		where := fmt.Sprintf("%s: rule %q", r.file, r.ID)
		c.id(where, r.ID)
		if _, dup := l.ruleIdx[r.ID]; dup {
			c.addf("%s: defined twice", where)
		}
		l.ruleIdx[r.ID] = i
		if !kinds[r.Kind] {
			c.addf("%s: unknown kind %q", where, r.Kind)
		}
		c.text(where, "title", r.Title, false)
		c.text(where, "summary", r.Summary, false)
		c.texts(where, "points", r.Points, 1)
		c.texts(where, "evidence", r.Evidence, 1)
		rule := Rule{
			ID: r.ID, Kind: r.Kind, Title: r.Title, Summary: r.Summary,
			Points: r.Points, Evidence: r.Evidence, Notice: lf.Notice,
			Categories: r.Categories, Terms: r.Terms,
		}
		if r.Caution != nil {
			c.text(where, "caution", *r.Caution, false)
			rule.Caution = *r.Caution
		}
		if it := r.RousaiItem; it != nil {
			c.item(where, it)
			if r.Caution == nil {
				c.addf("%s: a rule with a rousai_item needs a caution naming the table's edition", where)
			}
			rule.RousaiItem = &RousaiItem{
				Edition: it.Edition, Number: it.Number, Type: it.Type, Event: it.Event,
				Strength: it.Strength, Weak: it.Weak, Medium: it.Medium, Strong: it.Strong,
			}
		}
		if len(r.Categories) == 0 {
			c.addf("%s: needs at least one category", where)
		}
		c.words(where, "categories", r.Categories, true)
		for _, id := range r.Categories {
			if _, ok := l.catIdx[id]; !ok {
				c.addf("%s: unknown category %q", where, id)
			}
			linked[id] = true
		}
		c.words(where, "terms", r.Terms, false)
		if len(r.Sources) == 0 {
			c.addf("%s: needs at least one source", where)
		}
		for j, s := range r.Sources {
			sw := fmt.Sprintf("%s: sources[%d]", where, j)
			doc, ok := docs[s.Doc]
			if !ok {
				c.addf("%s: unknown document %q", sw, s.Doc)
			}
			c.text(sw, "section", s.Section, false)
			if utf8.RuneCountInString(s.Section.JA) > maxSectionLen || utf8.RuneCountInString(s.Section.EN) > maxSectionLen {
				c.addf("%s: section is longer than %d characters", sw, maxSectionLen)
			}
			if s.Pages != "" && ok {
				if err := checkPages(s.Pages, doc.Pages); err != nil {
					c.addf("%s: pages %q: %v", sw, s.Pages, err)
				}
			}
			rule.Sources = append(rule.Sources, Source{Document: doc, Section: s.Section, Pages: s.Pages})
		}
		l.rules = append(l.rules, rule)
	}
	for _, cat := range cf.Categories {
		if !linked[cat.ID] {
			c.addf("%s: category %q: no rule relates to it", fileCategories, cat.ID)
		}
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	l.index()
	return l, nil
}

// labelled checks a list of id+label pairs and returns the set of ids.
func labelled(c *checker, file, what string, list []idRaw) map[string]bool {
	ids := map[string]bool{}
	for _, k := range list {
		where := fmt.Sprintf("%s: %s %q", file, what, k.ID)
		c.id(where, k.ID)
		if ids[k.ID] {
			c.addf("%s: defined twice", where)
		}
		c.text(where, "label", k.Label, false)
		ids[k.ID] = true
	}
	if len(list) == 0 {
		c.addf("%s: no %ss", file, what)
	}
	return ids
}

func (c *checker) item(where string, it *itemRaw) {
	where += ": rousai_item"
	if strings.TrimSpace(it.Edition) == "" {
		c.addf("%s: edition is empty", where)
	}
	if it.Number < 1 {
		c.addf("%s: number must be positive", where)
	}
	if !strengths[it.Strength] {
		c.addf("%s: strength %q is not I, II or III", where, it.Strength)
	}
	c.text(where, "type", it.Type, false)
	c.text(where, "event", it.Event, false)
	c.texts(where, "weak", it.Weak, 0)
	c.texts(where, "medium", it.Medium, 0)
	c.texts(where, "strong", it.Strong, 0)
	if len(it.Weak)+len(it.Medium)+len(it.Strong) == 0 {
		c.addf("%s: needs at least one example of weak, medium or strong", where)
	}
}
