package rules_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/kiroku-app/kiroku/internal/rules"
)

// The library is written in the project's own words: facts carry over from
// the sources, sentences do not. These tests fail when any text of the
// library shares a long passage with a source document.
//
// Both sides are normalised first: lowercased, full-width letters folded,
// and all white space, punctuation and symbols removed, so that spacing
// (the PDF text of seed 003 splits words), line breaks and commas cannot
// hide a copy. A shared run of minShared[lang] characters then fails.
// Citations (Source.Section) are not checked: they name headings on
// purpose.
var minShared = map[string]int{"ja": 20, "en": 40}

// allowedNames are proper names (laws, criteria, documents) that texts may
// share with the sources in full. They are cut out of both sides before
// comparing, so they neither count nor join two shorter matches.
var allowedNames = []string{
	"Act on Comprehensive Promotion of Labor Policies",
	"Labor Policies Comprehensive Promotion Act",
	"Equal Employment Opportunity Act",
	"Child Care and Family Care Leave Act",
	"Part-Time and Fixed-Term Workers Act",
	"Industrial Safety and Health Act",
	"Act on Employment Promotion of Persons with Disabilities",
	"Act on Employment Promotion etc. of Persons with Disabilities",
	"Explanations of Labor-Related Laws",
	"Labour Standards Inspection Office",
	"妊娠・出産・育児休業等に関するハラスメント",
	"心理的負荷による精神障害の認定基準",
	"業務による心理的負荷評価表",
	// Identifiers of the hours CSV, named in messages as they are typed.
	"statutory_holiday",
	"non_statutory_holiday",
}

// seedDir is where the project keeps the full source documents, relative
// to this package; CI may not have it.
const seedDir = "../../../shared/seeds"

func TestOwnWordsAgainstSeeds(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	if len(names) == 0 {
		t.Skipf("no seed documents in %s; the excerpts test still runs", seedDir)
	}
	checkOwnWords(t, names)
}

func TestOwnWordsAgainstExcerpts(t *testing.T) {
	names, err := filepath.Glob(filepath.Join("testdata", "seed-excerpts", "*.txt"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no excerpts in testdata/seed-excerpts: %v", err)
	}
	checkOwnWords(t, names)
}

func checkOwnWords(t *testing.T, files []string) {
	t.Helper()
	var corpora []*corpus
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		corpora = append(corpora, newCorpus(filepath.Base(name), withoutComments(string(b))))
	}
	texts := libraryTexts(rules.Default())
	if len(texts) < 100 {
		t.Fatalf("only %d texts to check", len(texts))
	}
	for _, x := range texts {
		k := minShared[x.lang]
		norm := normalize(x.text, '\uE000')
		for _, c := range corpora {
			if m := c.longestFrom(norm, k); m != "" {
				t.Errorf("%s shares %d characters with %s:\n\t%q", x.field, len([]rune(m)), c.name, m)
			}
		}
	}
}

// withoutComments drops the header lines (# ...) of an excerpt file.
func withoutComments(s string) string {
	lines := strings.Split(s, "\n")
	return strings.Join(slices.DeleteFunc(lines, func(l string) bool { return strings.HasPrefix(l, "#") }), "\n")
}

// normalize lowercases, folds full-width ASCII, cuts out the allowed names
// (replacing each with sentinel) and drops space, punctuation and symbols.
func normalize(s string, sentinel rune) []rune {
	fold := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= 0xFF01 && r <= 0xFF5E {
				r -= 0xFEE0
			}
			return unicode.ToLower(r)
		}, s)
	}
	s = fold(s)
	// Compare names without spaces, as the text will be.
	squeeze := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
				return -1
			}
			return r
		}, s)
	}
	s = squeeze(s)
	for _, n := range allowedNames {
		s = strings.ReplaceAll(s, squeeze(fold(n)), string(sentinel))
	}
	return []rune(s)
}

// corpus is a normalised source document with a hash of every window of
// each checked length, for quick lookups.
type corpus struct {
	name  string
	runes []rune
	index map[int]map[uint64]int // window length -> hash -> first position
}

const hashBase = 1_000_003

func newCorpus(name, text string) *corpus {
	c := &corpus{name: name, runes: normalize(text, '\uE001'), index: map[int]map[uint64]int{}}
	for _, k := range minShared {
		if _, done := c.index[k]; done {
			continue
		}
		m := map[uint64]int{}
		forEachWindow(c.runes, k, func(i int, h uint64) {
			if _, ok := m[h]; !ok {
				m[h] = i
			}
		})
		c.index[k] = m
	}
	return c
}

// forEachWindow calls f with the start and rolling hash of every window of
// length k of rs.
func forEachWindow(rs []rune, k int, f func(i int, h uint64)) {
	if len(rs) < k {
		return
	}
	var h, pow uint64 = 0, 1
	for i := 0; i < k; i++ {
		h = h*hashBase + uint64(rs[i])
		if i > 0 {
			pow *= hashBase
		}
	}
	f(0, h)
	for i := k; i < len(rs); i++ {
		h = (h-uint64(rs[i-k])*pow)*hashBase + uint64(rs[i])
		f(i-k+1, h)
	}
}

// longestFrom returns the longest run of text shared with the corpus that
// is at least k runes long, or "" if there is none.
func (c *corpus) longestFrom(text []rune, k int) string {
	idx := c.index[k]
	best := ""
	forEachWindow(text, k, func(i int, h uint64) {
		p, ok := idx[h]
		if !ok || !slices.Equal(text[i:i+k], c.runes[p:p+k]) {
			return
		}
		// Extend the match both ways.
		a, b := i, p
		for a > 0 && b > 0 && text[a-1] == c.runes[b-1] {
			a, b = a-1, b-1
		}
		e, f := i+k, p+k
		for e < len(text) && f < len(c.runes) && text[e] == c.runes[f] {
			e, f = e+1, f+1
		}
		if e-a > len([]rune(best)) {
			best = string(text[a:e])
		}
	})
	return best
}

// The check itself must catch a copy: a sentence lifted from an excerpt,
// respaced and repunctuated, is found; the same facts in other words are not.
func TestOwnWordsDetectsCopies(t *testing.T) {
	c := newCorpus("sample", "Power harassment in the workplace means [i] language and behavior in the workplace backed by a superior-inferior relationship. 業務による強い心理的負荷が認められること。")
	tests := []struct {
		text, lang string
		copied     bool
	}{
		{"Power  harassment in the work place means language, and behavior in the workplace backed by a superior", "en", true},
		{"Workplace power harassment is conduct that relies on a position of power over the worker.", "en", false},
		{"発病前に、業務による強い心理的負荷が認められること、が必要です。", "ja", true},
		{"発病前に仕事で強いストレスを受けていたことが必要です。", "ja", false},
	}
	for _, tt := range tests {
		got := c.longestFrom(normalize(tt.text, '\uE000'), minShared[tt.lang]) != ""
		if got != tt.copied {
			t.Errorf("%q: copied = %v, want %v", tt.text, got, tt.copied)
		}
	}
	// Allowed names neither count nor bridge two shorter matches.
	c = newCorpus("names", "as provided in the Child Care and Family Care Leave Act and its rules")
	if m := c.longestFrom(normalize("as provided in the Child Care and Family Care Leave Act and its rules", '\uE000'), 40); m != "" {
		t.Errorf("an allowed name joined two short matches: %q", m)
	}
}
