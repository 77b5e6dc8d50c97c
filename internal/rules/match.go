package rules

import (
	"slices"
	"strings"
	"unicode"
)

// fold prepares text for matching: full-width ASCII becomes ASCII (Japanese
// input methods often produce it), curly apostrophes become straight ones,
// letters are lowercased and runs of white space become one space.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
			r -= 0xFEE0
		case r == 0x3000: // ideographic space
			r = ' '
		case r == '\u2018' || r == '\u2019':
			r = '\''
		}
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// Search weights: a hit in a title counts more than one in a summary, which
// counts more than one in the body; the reader's language counts more.
const (
	weightTitle = 8
	weightTerms = 5
	weightSum   = 3
	weightBody  = 1
)

type searchField struct {
	text   string // folded
	lang   string // "ja", "en" or "" for both
	weight int
}

type searchDoc []searchField

type catMatcher struct{ ja, en []string }

// index prepares the folded texts Search and Suggest use.
func (l *Library) index() {
	l.search = make([]searchDoc, len(l.rules))
	ov := DefaultOverlays()
	langs := ov.Languages()
	for i, r := range l.rules {
		var d searchDoc
		add := func(t Text, w int) {
			d = append(d, searchField{fold(t.JA), "ja", w}, searchField{fold(t.EN), "en", w})
			for _, lang := range langs { // a worker searches in their own words
				if s := ov[lang][t.EN]; s != "" {
					d = append(d, searchField{fold(s), lang, w})
				}
			}
		}
		add(r.Title, weightTitle)
		for _, term := range r.Terms {
			d = append(d, searchField{fold(term), "", weightTerms})
		}
		add(r.Summary, weightSum)
		for _, t := range r.Points {
			add(t, weightBody)
		}
		for _, t := range r.Evidence {
			add(t, weightBody)
		}
		add(r.Caution, weightBody)
		if it := r.RousaiItem; it != nil {
			add(it.Event, weightSum)
			for _, t := range slices.Concat(it.Weak, it.Medium, it.Strong) {
				add(t, weightBody)
			}
		}
		l.search[i] = d
	}
	l.suggest = make([]catMatcher, len(l.cats))
	for i, c := range l.cats {
		var m catMatcher
		for _, k := range c.Keywords.JA {
			m.ja = append(m.ja, fold(k))
		}
		for _, k := range c.Keywords.EN {
			m.en = append(m.en, fold(k))
		}
		l.suggest[i] = m
	}
}

// Search returns the rules whose texts (title, summary, points, evidence,
// caution, evaluation-table item) or search terms contain every word of
// query, in Japanese, English or a language of the overlays, ignoring case
// and full-width/half-width differences. Hits in titles rank first,
// and hits in lang rank above hits in the other languages;
// ties keep reading order. An empty query returns nothing.
func (l *Library) Search(query, lang string) []Rule {
	words := strings.Fields(fold(query))
	if len(words) == 0 {
		return nil
	}
	if _, ok := DefaultOverlays()[lang]; !ok && lang != "ja" {
		lang = "en"
	}
	type hit struct{ i, score int }
	var hits []hit
	for i, doc := range l.search {
		score := 0
		for _, w := range words {
			best := 0
			for _, f := range doc {
				if f.weight*2 <= best || !strings.Contains(f.text, w) {
					continue
				}
				s := f.weight * 2
				if f.lang != "" && f.lang != lang {
					s-- // the other language: just below the reader's own
				}
				best = max(best, s)
			}
			if best == 0 {
				score = 0
				break
			}
			score += best
		}
		if score > 0 {
			hits = append(hits, hit{i, score})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return b.score - a.score })
	out := make([]Rule, len(hits))
	for k, h := range hits {
		out[k] = l.rules[h.i].clone()
	}
	return out
}

// Suggest returns the ids of the categories whose keywords occur in text,
// the most matched first (ties in display order). It is a hint for the
// user, who decides; it does not understand negation or context.
func (l *Library) Suggest(text string) []string {
	t := fold(text)
	if t == "" {
		return nil
	}
	type hit struct{ i, score int }
	var hits []hit
	for i, m := range l.suggest {
		score := 0
		for _, k := range m.ja {
			if strings.Contains(t, k) {
				score++
			}
		}
		for _, k := range m.en {
			if containsWord(t, k) {
				score++
			}
		}
		if score > 0 {
			hits = append(hits, hit{i, score})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return b.score - a.score })
	out := make([]string, len(hits))
	for k, h := range hits {
		out[k] = l.cats[h.i].ID
	}
	return out
}

// containsWord reports whether kw occurs in t starting at a word boundary
// (so "shout" matches "shouted"); keywords of three bytes or fewer must
// also end at one ("hr" must not match "hrs"). Only ASCII letters and
// digits count as word characters, so a keyword next to Japanese text
// still matches.
func containsWord(t, kw string) bool {
	if kw == "" {
		return false
	}
	for from := 0; from <= len(t)-len(kw); {
		i := strings.Index(t[from:], kw)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(kw)
		if (i == 0 || !isWordByte(t[i-1])) && (len(kw) > 3 || end == len(t) || !isWordByte(t[end])) {
			return true
		}
		from = i + 1
	}
	return false
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}
