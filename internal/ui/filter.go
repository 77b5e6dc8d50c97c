package ui

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/kiroku-app/kiroku/internal/record"
)

// timelineFilter is what the timeline shows: entries matching every word
// of the query, of a category, involving a person, within a date range.
// The App keeps it while unlocked, so saving an entry keeps the filter.
type timelineFilter struct {
	query    string
	category string // category id; "" for all
	person   string // person name as written; "" for everyone
	from, to string // YYYY-MM-DD of the event, inclusive; "" for open
}

func (f timelineFilter) active() bool { return f != timelineFilter{} }

// entryIndex is what search and filters look at, computed once per
// timeline load so that each keystroke only scans strings.
type entryIndex struct {
	text   []string // folded text of every field, per entry
	day    []string // event date (YYYY-MM-DD, in the event's own zone)
	people [][]string
}

func indexEntries(ents []record.Entry) entryIndex {
	ix := entryIndex{text: make([]string, len(ents)), day: make([]string, len(ents)), people: make([][]string, len(ents))}
	var b strings.Builder
	for i, e := range ents {
		b.Reset()
		add := func(s string) {
			if s != "" {
				b.WriteString(s)
				b.WriteByte('\n')
			}
		}
		add(e.Place)
		add(e.Text)
		for _, q := range e.AllQuotes() {
			add(q.Words)
			add(q.Speaker)
		}
		add(e.Impact)
		add(e.Actions)
		add(e.HowOften)
		add(e.Duration)
		add(e.WantsNote)
		for _, a := range e.Affected {
			add(a)
		}
		for _, c := range e.Consultations {
			add(c.Name)
			add(c.Response)
		}
		for _, p := range e.People {
			add(p.Name)
			ix.people[i] = append(ix.people[i], p.Name)
		}
		for _, w := range e.Witnesses {
			add(w)
		}
		for _, c := range e.Categories {
			add(c)
			add(categoryLabel(c)) // found in either language
		}
		ix.text[i] = fold(b.String())
		ix.day[i] = e.EventTime.In(eventLocation(e.EventTime, e.EventZone)).Format(time.DateOnly)
	}
	return ix
}

// filterEntries returns the indexes of the entries f lets through, in
// timeline order.
func filterEntries(ents []record.Entry, ix entryIndex, f timelineFilter) []int {
	words := strings.Fields(fold(f.query))
	out := make([]int, 0, len(ents))
	for i := range ents {
		if f.from != "" && ix.day[i] < f.from || f.to != "" && ix.day[i] > f.to {
			continue
		}
		if f.category != "" && !slices.Contains(ents[i].Categories, f.category) {
			continue
		}
		if f.person != "" && !slices.Contains(ix.people[i], f.person) {
			continue
		}
		ok := true
		for _, w := range words {
			if !strings.Contains(ix.text[i], w) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, i)
		}
	}
	return out
}

// fold makes text comparable for search: lower case, full-width Latin
// letters and digits as half-width, katakana as hiragana (a worker may
// type either).
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～': // full-width ASCII
			r -= 0xFEE0
		case r >= 'ァ' && r <= 'ヶ':
			r -= 0x60
		case r == '　':
			return ' '
		}
		return unicode.ToLower(r)
	}, s)
}

// peopleIn returns every person named in ents, sorted, each once.
func peopleIn(ents []record.Entry) []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range ents {
		for _, p := range e.People {
			if p.Name != "" && !seen[p.Name] {
				seen[p.Name] = true
				out = append(out, p.Name)
			}
		}
	}
	slices.Sort(out)
	return out
}
