// Package i18n translates the text Kiroku shows to people. Messages live in
// assets/i18n/<lang>/*.json as flat objects of key to text; every key of
// English must exist in every other language (a test enforces it). Texts may
// hold fmt verbs with explicit argument indexes (%[1]s) so that a language can
// reorder them.
//
// A language ships when its folder holds messages and a REVIEW.md whose first
// line says whether a native speaker has reviewed it ("Reviewed: no" or
// "Reviewed: yes ..."). Merging a translator's folder is all it takes to ship
// a language of Offer; a folder without REVIEW.md is work in progress and is
// not offered.
package i18n

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/kiroku-app/kiroku/assets"
)

// Offer lists every language Kiroku can ship, in the order offered to the
// user: English, Japanese, easy Japanese (やさしい日本語), then the languages
// of the largest groups of foreign workers in Japan. A translation folder
// whose name is not here is refused (Load).
var Offer = []string{"en", "ja", "ja-x-easy", "vi", "zh-Hans", "tl", "ne", "id", "pt-BR", "my", "mn", "ar"}

// Languages Kiroku ships (those of Offer found in the embedded assets with
// messages and a REVIEW.md), in the order offered to the user.
var Languages []string

// Fallback is used when a key is missing in the current language.
const Fallback = "en"

// reviewFile is the file of a language folder that says whether a native
// speaker has reviewed the translation.
const reviewFile = "REVIEW.md"

// Catalog holds the messages of all languages.
type Catalog struct {
	msgs     map[string]map[string]string // lang -> key -> text
	shipped  []string                     // in Offer order
	reviewed map[string]bool
}

// Load reads every <lang>/*.json file of fsys and each <lang>/REVIEW.md. A
// key defined twice in one language is an error, so two files cannot
// silently disagree; so are a folder that is not a language of Offer and a
// REVIEW.md whose first line is neither "Reviewed: no" nor "Reviewed: yes".
func Load(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{msgs: map[string]map[string]string{}, reviewed: map[string]bool{}}
	langs, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read translations: %w", err)
	}
	for _, l := range langs {
		if !l.IsDir() {
			continue
		}
		lang := l.Name()
		if !slices.Contains(Offer, lang) {
			return nil, fmt.Errorf("translations: folder %q is not a language Kiroku offers (i18n.Offer)", lang)
		}
		files, err := fs.Glob(fsys, path.Join(lang, "*.json"))
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", lang, err)
		}
		sort.Strings(files)
		m := map[string]string{}
		for _, f := range files {
			b, err := fs.ReadFile(fsys, f)
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", f, err)
			}
			var part map[string]string
			if err := json.Unmarshal(b, &part); err != nil {
				return nil, fmt.Errorf("parse %s: %w", f, err)
			}
			for k, v := range part {
				if _, dup := m[k]; dup {
					return nil, fmt.Errorf("%s: key %q defined twice", f, k)
				}
				m[k] = v
			}
		}
		c.msgs[lang] = m
		b, err := fs.ReadFile(fsys, path.Join(lang, reviewFile))
		if errors.Is(err, fs.ErrNotExist) {
			continue // work in progress: loaded, not offered
		}
		if err != nil {
			return nil, fmt.Errorf("read %s/%s: %w", lang, reviewFile, err)
		}
		rev, err := parseReview(b)
		if err != nil {
			return nil, fmt.Errorf("%s/%s: %w", lang, reviewFile, err)
		}
		c.reviewed[lang] = rev
	}
	if len(c.msgs[Fallback]) == 0 {
		return nil, fmt.Errorf("translations: no %q messages", Fallback)
	}
	for _, lang := range Offer {
		// English is the source: it ships with or without a REVIEW.md.
		if _, ok := c.reviewed[lang]; (ok || lang == Fallback) && len(c.msgs[lang]) > 0 {
			c.shipped = append(c.shipped, lang)
		}
	}
	return c, nil
}

// parseReview reads the first line of a REVIEW.md: exactly "Reviewed: no",
// or "Reviewed: yes" followed by who and when.
func parseReview(b []byte) (bool, error) {
	first, _, _ := strings.Cut(string(b), "\n")
	first = strings.TrimSpace(strings.TrimPrefix(first, "\ufeff"))
	switch {
	case first == "Reviewed: no":
		return false, nil
	case first == "Reviewed: yes" || strings.HasPrefix(first, "Reviewed: yes "):
		return true, nil
	}
	return false, fmt.Errorf("first line %q: want \"Reviewed: no\" or \"Reviewed: yes ...\"", first)
}

// Languages returns the languages c ships, in Offer order.
func (c *Catalog) Languages() []string { return slices.Clone(c.shipped) }

// Reviewed reports whether a native speaker has reviewed lang, as its
// REVIEW.md says. English (the source) and Japanese count as reviewed.
func (c *Catalog) Reviewed(lang string) bool {
	return lang == "en" || lang == "ja" || c.reviewed[lang]
}

// Keys returns the sorted keys of lang.
func (c *Catalog) Keys(lang string) []string {
	var keys []string
	for k := range c.msgs[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Has reports whether lang defines key.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.msgs[lang][key]
	return ok
}

// T returns the text for key in lang, formatted with args. A missing key
// falls back to English, then to the key itself, so a gap never hides a
// message entirely.
func (c *Catalog) T(lang, key string, args ...any) string {
	s, ok := c.msgs[lang][key]
	if !ok {
		s, ok = c.msgs[Fallback][key]
	}
	if !ok {
		return key
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

var (
	mu      sync.RWMutex
	current = Fallback
	def     *Catalog
)

func init() {
	sub, err := fs.Sub(assets.I18n, "i18n")
	if err != nil {
		panic(err) // embedded at build time: cannot fail
	}
	def, err = Load(sub)
	if err != nil {
		panic(err) // a broken translation file must not ship; tests catch it first
	}
	Languages = def.Languages()
}

// Reviewed reports whether the shipped translation lang has been reviewed
// by a native speaker (its REVIEW.md). The app says so where it is not.
func Reviewed(lang string) bool { return def.Reviewed(lang) }

// Default returns the catalog built into the binary.
func Default() *Catalog { return def }

// SetLanguage switches the language used by T. Unknown languages fall back
// to English.
func SetLanguage(lang string) {
	if !Supported(lang) {
		lang = Fallback
	}
	mu.Lock()
	current = lang
	mu.Unlock()
}

// Language returns the current language.
func Language() string {
	mu.RLock()
	defer mu.RUnlock()
	return current
}

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// T translates key into the current language.
func T(key string, args ...any) string { return def.T(Language(), key, args...) }

// FromLocale maps a locale such as "ja_JP.UTF-8", "vi-VN" or "pt_BR" to a
// shipped language; anything else (including "C" and "POSIX") gives
// English.
func FromLocale(locale string) string {
	if l := Match(locale); Supported(l) {
		return l
	}
	return Fallback
}

// Match maps an OS locale to the language of Offer that serves its speakers,
// shipped or not, or "" when none does. Easy Japanese is never matched: it
// is the user's choice, never an OS setting.
func Match(locale string) string {
	l := strings.ToLower(strings.TrimSpace(locale))
	if i := strings.IndexAny(l, ".@"); i >= 0 {
		l = l[:i]
	}
	parts := strings.FieldsFunc(l, func(r rune) bool { return r == '_' || r == '-' })
	if len(parts) == 0 {
		return ""
	}
	switch parts[0] {
	case "en", "ja", "vi", "ne", "my", "mn", "ar":
		return parts[0]
	case "zh":
		// Traditional Chinese (Taiwan, Hong Kong, Macau) is not Simplified.
		for _, p := range parts[1:] {
			switch p {
			case "hant", "tw", "hk", "mo":
				return ""
			}
		}
		return "zh-Hans"
	case "fil", "tl":
		return "tl"
	case "id", "in": // "in" is Indonesian's old code, still used by Java
		return "id"
	case "pt":
		return "pt-BR"
	}
	return ""
}

// DetectFromEnv picks the language from the POSIX locale variables in the
// order the C library uses them. Front ends with a better source (the OS
// settings on macOS and Windows) pass it to FromLocale instead.
func DetectFromEnv() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			return FromLocale(s)
		}
	}
	return Fallback
}
