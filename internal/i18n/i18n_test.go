package i18n_test

import (
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// Every key of English must exist in every other language, with the same
// format verbs, and no language may carry keys English lacks.
func TestMissingTranslations(t *testing.T) {
	c := i18n.Default()
	en := c.Keys("en")
	if len(en) == 0 {
		t.Fatal("no English messages")
	}
	for _, lang := range i18n.Languages {
		if lang == "en" {
			continue
		}
		for _, k := range en {
			if !c.Has(lang, k) {
				t.Errorf("%s: missing key %q", lang, k)
				continue
			}
			if a, b := verbs(c.T("en", k)), verbs(c.T(lang, k)); a != b {
				t.Errorf("%s: key %q has verbs %q, English has %q", lang, k, b, a)
			}
			if strings.TrimSpace(c.T(lang, k)) == "" {
				t.Errorf("%s: key %q is empty", lang, k)
			}
		}
		for _, k := range c.Keys(lang) {
			if !c.Has("en", k) {
				t.Errorf("%s: key %q is not in English", lang, k)
			}
		}
	}
}

var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

func verbs(s string) string {
	v := verbRE.FindAllString(s, -1)
	sort.Strings(v)
	return strings.Join(v, " ")
}

func TestLoadAndFallback(t *testing.T) {
	fsys := fstest.MapFS{
		"en/a.json": {Data: []byte(`{"hello":"Hello %[1]s","only.en":"x"}`)},
		"ja/a.json": {Data: []byte(`{"hello":"こんにちは %[1]s"}`)},
	}
	c, err := i18n.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ lang, key, want string }{
		{"en", "hello", "Hello Aiko"},
		{"ja", "hello", "こんにちは Aiko"},
		{"ja", "only.en", "x"},
		{"ja", "nope", "nope"},
	}
	for _, tt := range tests {
		if got := c.T(tt.lang, tt.key, "Aiko"); tt.key == "only.en" || tt.key == "nope" {
			if got := c.T(tt.lang, tt.key); got != tt.want {
				t.Errorf("T(%s,%s)=%q want %q", tt.lang, tt.key, got, tt.want)
			}
		} else if got != tt.want {
			t.Errorf("T(%s,%s)=%q want %q", tt.lang, tt.key, got, tt.want)
		}
	}
}

func TestDuplicateKeyRefused(t *testing.T) {
	fsys := fstest.MapFS{
		"en/a.json": {Data: []byte(`{"k":"1"}`)},
		"en/b.json": {Data: []byte(`{"k":"2"}`)},
	}
	if _, err := i18n.Load(fsys); err == nil {
		t.Fatal("duplicate key accepted")
	}
}

func TestFromLocale(t *testing.T) {
	for in, want := range map[string]string{
		"ja_JP.UTF-8": "ja", "ja-JP": "ja", "JA": "ja", "en_US.UTF-8": "en",
		"C": "en", "POSIX": "en", "": "en", "fr_FR": "en", "tl_PH": "en",
	} {
		if got := i18n.FromLocale(in); got != want {
			t.Errorf("FromLocale(%q)=%q want %q", in, got, want)
		}
	}
}

// Every writing language the form offers has a valid tag, an endonym and
// a name in every shipped language.
func TestWritingLanguages(t *testing.T) {
	c := i18n.Default()
	seen := map[string]bool{}
	for _, l := range i18n.WritingLanguages {
		if seen[l.Tag] || strings.TrimSpace(l.Endonym) == "" {
			t.Errorf("%q: repeated or without an endonym", l.Tag)
		}
		seen[l.Tag] = true
		for _, lang := range i18n.Languages {
			if !c.Has(lang, "language."+l.Tag) {
				t.Errorf("%s: no name for writing language %q", lang, l.Tag)
			}
		}
	}
	if got := c.LanguageName("ja", "vi"); got != "ベトナム語" {
		t.Errorf("LanguageName(ja, vi) = %q", got)
	}
	if got := c.LanguageName("en", "zh-Hant-HK"); got != "zh-Hant-HK" {
		t.Errorf("an unlisted tag: %q", got)
	}
	if got := c.LanguageName("en", "title"); got != "title" {
		t.Errorf("a tag that is not a language reads a message: %q", got)
	}
}
