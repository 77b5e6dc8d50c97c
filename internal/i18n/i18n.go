// Package i18n translates the text Kiroku shows to people. Messages live in
// assets/i18n/<lang>/*.json as flat objects of key to text; every key of
// English must exist in every other language (a test enforces it). Texts may
// hold fmt verbs with explicit argument indexes (%[1]s) so that a language can
// reorder them.
package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/kiroku-app/kiroku/assets"
)

// Languages Kiroku ships, in the order offered to the user.
var Languages = []string{"en", "ja"}

// Fallback is used when a key is missing in the current language.
const Fallback = "en"

// Catalog holds the messages of all languages.
type Catalog struct {
	msgs map[string]map[string]string // lang -> key -> text
}

// Load reads every <lang>/*.json file of fsys. A key defined twice in one
// language is an error, so two files cannot silently disagree.
func Load(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{msgs: map[string]map[string]string{}}
	langs, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read translations: %w", err)
	}
	for _, l := range langs {
		if !l.IsDir() {
			continue
		}
		lang := l.Name()
		files, err := fs.Glob(fsys, path.Join(lang, "*.json"))
		if err != nil {
			return nil, err
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
	}
	if len(c.msgs[Fallback]) == 0 {
		return nil, fmt.Errorf("translations: no %q messages", Fallback)
	}
	return c, nil
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
}

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

// FromLocale maps a locale such as "ja_JP.UTF-8", "ja-JP" or "en_US" to a
// supported language; anything else (including "C" and "POSIX") gives
// English.
func FromLocale(locale string) string {
	l := strings.ToLower(strings.TrimSpace(locale))
	if i := strings.IndexAny(l, "_-.@"); i >= 0 {
		l = l[:i]
	}
	if Supported(l) {
		return l
	}
	return Fallback
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
