package rules_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// The app's own texts (every message of every shipped language: the
// guidance, the contacts page, the help) are in the project's words too:
// none shares a long passage with a source document.
func TestOwnWordsUIStrings(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	if len(files) == 0 {
		files, _ = filepath.Glob(filepath.Join("testdata", "seed-excerpts", "*.txt"))
	}
	if len(files) == 0 {
		t.Fatal("no seeds and no excerpts")
	}
	var corpora []*corpus
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		corpora = append(corpora, newCorpus(filepath.Base(name), withoutComments(string(b))))
	}
	c := i18n.Default()
	n := 0
	for _, lang := range i18n.Languages {
		k, ok := minShared[lang]
		if !ok {
			k = minShared["en"]
		}
		for _, key := range c.Keys(lang) {
			n++
			norm := normalize(c.T(lang, key), '\uE000')
			for _, cp := range corpora {
				if m := cp.longestFrom(norm, k); m != "" {
					t.Errorf("%s %s shares %d characters with %s:\n\t%q", lang, key, len([]rune(m)), cp.name, m)
				}
			}
		}
	}
	if n < 1000 {
		t.Fatalf("only %d messages checked", n)
	}
}
