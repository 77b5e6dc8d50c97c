package rules_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/rules"
)

// Every shipped language but Japanese and English has an overlay that
// translates every English text of the library exactly: nothing missing,
// nothing stale, nothing empty. And no overlay is for a language Kiroku
// does not offer.
func TestOverlaysCoverLibrary(t *testing.T) {
	texts, err := rules.EnglishTexts(embedded(t))
	if err != nil {
		t.Fatal(err)
	}
	ov, err := rules.LoadOverlays(embedded(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range ov.Languages() {
		if !slices.Contains(i18n.Offer, lang) || lang == "en" || lang == "ja" {
			t.Errorf("assets/rules/i18n/%s.json: not a language with an overlay (i18n.Offer, not en or ja)", lang)
		}
	}
	for _, lang := range i18n.Languages {
		if lang == "en" || lang == "ja" {
			continue
		}
		t.Run(lang, func(t *testing.T) {
			m, ok := ov[lang]
			if !ok {
				t.Fatalf("no assets/rules/i18n/%s.json: the rule pages would be in English", lang)
			}
			for _, p := range overlayProblems(texts, m) {
				t.Error(p)
			}
		})
	}
}

// overlayProblems lists what overlay m lacks or has beyond texts.
func overlayProblems(texts []string, m map[string]string) []string {
	var out []string
	for _, en := range texts {
		s, ok := m[en]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("missing: %q", en))
		case strings.TrimSpace(s) == "":
			out = append(out, fmt.Sprintf("empty: %q", en))
		}
	}
	for en := range m {
		if !slices.Contains(texts, en) {
			out = append(out, fmt.Sprintf("stale (no longer in the library): %q", en))
		}
	}
	slices.Sort(out)
	return out
}

// The overlay check catches each fault in a deliberately broken overlay, and
// EnglishTexts finds the English of every bilingual object, wherever it sits.
func TestOverlayChecksCatchBrokenOverlay(t *testing.T) {
	fsys := fstest.MapFS{
		"library.json":        {Data: []byte(`{"schema":1,"notice":{"ja":"要約","en":"A summary"},"kinds":[{"id":"k","label":{"ja":"定義","en":"Definitions"}}]}`)},
		"sources.json":        {Data: []byte(`{"documents":[{"id":"d","title":{"ja":"法","en":"The Act"},"edition":{"ja":"","en":"2020"},"pages":0}]}`)},
		"categories.json":     {Data: []byte(`{"groups":[],"categories":[{"id":"c","label":{"ja":"分類","en":"Category"},"keywords":{"ja":["a"],"en":["b"]}}]}`)},
		"rules/10-a.json":     {Data: []byte(`{"rules":[{"id":"r","points":[{"ja":"点","en":"A point"}],"rousai_item":{"weak":[{"ja":"弱","en":"Weak"}]}}]}`)},
		"i18n/vi.json":        {Data: []byte(`{"A summary":"Tóm tắt","Definitions":"","The Act":"Luật","2020":"2020","Category":"Loại","A point":"Một điểm","Old text":"Cũ"}`)},
		"i18n/ja-x-easy.json": {Data: []byte(`{"A summary":"まとめ"}`)},
	}
	texts, err := rules.EnglishTexts(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2020", "A point", "A summary", "Category", "Definitions", "The Act", "Weak"}
	if !slices.Equal(texts, want) {
		t.Fatalf("EnglishTexts %q, want %q", texts, want)
	}
	ov, err := rules.LoadOverlays(fsys)
	if err != nil {
		t.Fatal(err)
	}
	got := overlayProblems(texts, ov["vi"])
	wantP := []string{`empty: "Definitions"`, `missing: "Weak"`, `stale (no longer in the library): "Old text"`}
	if !slices.Equal(got, wantP) {
		t.Errorf("problems %q, want %q", got, wantP)
	}

	tests := []struct{ lang, en, ja, want string }{
		{"vi", "A summary", "要約", "Tóm tắt"},
		{"ja-x-easy", "A summary", "要約", "まとめ"},
		{"ja", "A summary", "要約", "要約"},
		{"en", "A summary", "要約", "A summary"},
		{"vi", "Weak", "弱", "Weak"},                // missing: English
		{"vi", "Definitions", "定義", "Definitions"}, // empty: English
		{"ar", "A summary", "要約", "A summary"},     // no overlay: English
		{"ja", "Only English", "", "Only English"},
	}
	for _, tt := range tests {
		if got := ov.Text(rules.Text{JA: tt.ja, EN: tt.en}, tt.lang); got != tt.want {
			t.Errorf("Text(%q, %s) = %q, want %q", tt.en, tt.lang, got, tt.want)
		}
	}
}

// Every text the library shows is one an overlay translates: the walk of
// the JSON (EnglishTexts) and the loaded library agree.
func TestEnglishTextsCoverLibrary(t *testing.T) {
	texts, err := rules.EnglishTexts(embedded(t))
	if err != nil {
		t.Fatal(err)
	}
	l := rules.Default()
	n := 0
	check := func(where string, v any) {
		walkTexts(reflect.ValueOf(v), func(tx rules.Text) {
			n++
			if tx.EN != "" && !slices.Contains(texts, tx.EN) {
				t.Errorf("%s: %q is not in EnglishTexts", where, tx.EN)
			}
		})
	}
	check("notice", l.Notice())
	check("kinds", l.Kinds())
	check("groups", l.Groups())
	check("documents", l.Documents())
	check("categories", l.Categories())
	check("rules", l.Rules())
	if n < len(texts) {
		t.Errorf("walked %d texts, fewer than the %d English texts", n, len(texts))
	}
}

var textType = reflect.TypeOf(rules.Text{})

func walkTexts(v reflect.Value, f func(rules.Text)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkTexts(v.Elem(), f)
		}
	case reflect.Struct:
		if v.Type() == textType {
			f(v.Interface().(rules.Text))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				walkTexts(v.Field(i), f)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walkTexts(v.Index(i), f)
		}
	}
}
