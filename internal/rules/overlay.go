package rules

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/kiroku-app/kiroku/assets"
)

// The rule library is written in Japanese and English. Every other language
// Kiroku ships translates it in an overlay, assets/rules/i18n/<tag>.json: one
// JSON object mapping each English text of the library (every {"ja", "en"}
// object whose "en" is a string, EnglishTexts) to its translation. Keyed by
// the English, an overlay needs no ids, and a rule whose English changes
// shows English in that language until its overlay is brought in step (a
// test in this package fails meanwhile; docs/RULES.md says how).

// dirOverlays is the folder of the overlays under the library's root.
const dirOverlays = "i18n"

// Overlays are the translations of a library's English texts: language tag
// -> English text -> translation.
type Overlays map[string]map[string]string

// LoadOverlays reads every i18n/<tag>.json of fsys (none is fine).
func LoadOverlays(fsys fs.FS) (Overlays, error) {
	names, err := fs.Glob(fsys, path.Join(dirOverlays, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dirOverlays, err)
	}
	o := Overlays{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		var m map[string]string
		dec := json.NewDecoder(bytes.NewReader(b))
		if err := dec.Decode(&m); err != nil {
			return nil, fmt.Errorf("%w: parse %s: %v", ErrInvalid, name, err)
		}
		o[strings.TrimSuffix(path.Base(name), ".json")] = m
	}
	return o, nil
}

// Text returns t in lang: Japanese and English from t itself, any other
// language from its overlay; English where the language has no overlay or
// the overlay lacks this text.
func (o Overlays) Text(t Text, lang string) string {
	switch lang {
	case "ja":
		if t.JA != "" {
			return t.JA
		}
	case "en":
	default:
		if s := o[lang][t.EN]; s != "" {
			return s
		}
	}
	return t.EN
}

// Languages lists the languages o translates, sorted.
func (o Overlays) Languages() []string {
	var out []string
	for l := range o {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

var (
	ovOnce sync.Once
	ov     Overlays
)

// DefaultOverlays returns the overlays built into the binary. It panics only
// if one is not valid JSON, which the package tests rule out.
func DefaultOverlays() Overlays {
	ovOnce.Do(func() {
		sub, err := fs.Sub(assets.Rules, "rules")
		if err != nil {
			panic(err) // a constant, valid path: cannot fail
		}
		ov, err = LoadOverlays(sub)
		if err != nil {
			panic(fmt.Sprintf("rules: embedded overlay is broken: %v", err))
		}
	})
	return ov
}

// EnglishTexts lists every English text of the library files of fsys that
// an overlay translates: the "en" of every object holding both "ja" and an
// "en" string, wherever it sits (sorted, each once).
func EnglishTexts(fsys fs.FS) ([]string, error) {
	names, err := fs.Glob(fsys, path.Join(dirRules, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dirRules, err)
	}
	names = append(names, fileCategories, fileLibrary, fileSources)
	seen := map[string]bool{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			return nil, fmt.Errorf("%w: parse %s: %v", ErrInvalid, name, err)
		}
		collectEnglish(v, seen)
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out, nil
}

func collectEnglish(v any, seen map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		if _, ja := x["ja"]; ja {
			if en, ok := x["en"].(string); ok {
				seen[en] = true
			}
		}
		for _, c := range x {
			collectEnglish(c, seen)
		}
	case []any:
		for _, c := range x {
			collectEnglish(c, seen)
		}
	}
}
