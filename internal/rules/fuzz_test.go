package rules_test

import (
	"bytes"
	"errors"
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/kiroku-app/kiroku/internal/rules"
)

// minimal is the smallest valid library: one of everything. It keeps the
// fuzzer's inputs small (the real files are tens of kilobytes, which the
// fuzzer mutates slowly) while still reaching every check.
var minimal = map[string]string{
	"library.json": `{"schema":1,"notice":{"ja":"要約であり法的助言ではありません。","en":"A summary, not legal advice."},` +
		`"kinds":[{"id":"definition","label":{"ja":"定義","en":"Definitions"}}]}`,
	"sources.json": `{"documents":[{"id":"doc","title":{"ja":"資料","en":"Document"},` +
		`"edition":{"ja":"2020年版","en":"2020 edition"},"date":"2020-05","pages":10,` +
		`"note":{"ja":"改正済み","en":"Revised since"}}]}`,
	"categories.json": `{"groups":[{"id":"harassment","label":{"ja":"ハラスメント","en":"Harassment"}}],` +
		`"categories":[{"id":"power-harassment","group":"harassment","label":{"ja":"パワハラ","en":"Power harassment"},` +
		`"description":{"ja":"説明","en":"Description"},"keywords":{"ja":["怒鳴"],"en":["shout"]}}]}`,
	"rules/10.json": `{"rules":[{"id":"rule","kind":"definition","title":{"ja":"題","en":"Title"},` +
		`"summary":{"ja":"要約","en":"Summary"},"points":[{"ja":"点","en":"Point"}],` +
		`"evidence":[{"ja":"証拠","en":"Evidence"}],"caution":{"ja":"注意","en":"Caution"},` +
		`"rousai_item":{"edition":"2020","number":29,"type":{"ja":"類型","en":"Type"},"event":{"ja":"出来事","en":"Event"},` +
		`"strength":"III","weak":[],"medium":[{"ja":"中","en":"Medium"}],"strong":[{"ja":"強","en":"Strong"}]},` +
		`"categories":["power-harassment"],"terms":["パワハラ"],` +
		`"sources":[{"doc":"doc","section":{"ja":"第1章","en":"Chapter 1"},"pages":"2-3, 5"}]}]}`,
}

var minimalFiles = []string{"library.json", "sources.json", "categories.json", "rules/10.json"}

func minimalFS(replace string, data []byte) fstest.MapFS {
	m := fstest.MapFS{}
	for name, content := range minimal {
		m[name] = &fstest.MapFile{Data: []byte(content)}
	}
	if replace != "" {
		m[replace] = &fstest.MapFile{Data: data}
	}
	return m
}

func TestMinimalLibraryLoads(t *testing.T) {
	l, err := rules.Load(minimalFS("", nil))
	if err != nil {
		t.Fatal(err)
	}
	r, ok := l.Rule("rule")
	if !ok || r.Sources[0].Document.Edition.EN != "2020 edition" || r.Notice != l.Notice() {
		t.Errorf("rule not resolved: %+v", r)
	}
	if got := l.Suggest("He SHOUTED at me"); !slices.Equal(got, []string{"power-harassment"}) {
		t.Errorf("Suggest = %v", got)
	}
}

// FuzzLoad replaces one file of a library with arbitrary bytes: Load must
// return a library or an error, never panic, and a library it returns must
// answer queries.
func FuzzLoad(f *testing.F) {
	for i, name := range minimalFiles {
		f.Add(uint8(i), []byte(minimal[name]))
	}
	f.Add(uint8(0), []byte(`{"schema":1,"notice":{"ja":"注意","en":"note"},"kinds":[]}`))
	f.Add(uint8(3), []byte(`{"rules":[{"id":"x","sources":[{"doc":"doc","pages":"0-99999999999999999999"}]}]}`))
	f.Add(uint8(1), []byte(`{"documents":[{"id":"a","pages":-1,"date":"0000-00-00"}]}`))
	f.Add(uint8(2), []byte("\xff\xfe{\"groups\":null}"))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		l, err := rules.Load(minimalFS(minimalFiles[int(which)%len(minimalFiles)], data))
		if err != nil {
			if !errors.Is(err, rules.ErrInvalid) && !errors.Is(err, rules.ErrUnsupportedSchema) {
				t.Fatalf("error wraps no sentinel: %v", err)
			}
			return
		}
		l.Rules()
		l.Categories()
		l.Search(string(data), "ja")
		l.Suggest(string(data))
		l.RulesFor([]string{"power-harassment"})
	})
}

// The embedded files themselves, each replaced by a prefix of itself, never
// make Load panic (a quick deterministic check on the real data).
func TestLoadTruncatedFiles(t *testing.T) {
	names, err := fs.Glob(embedded(t), "rules/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range append([]string{"library.json", "sources.json", "categories.json"}, names...) {
		b, err := fs.ReadFile(embedded(t), name)
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.TrimSpace(b)
		for _, n := range []int{0, 1, len(b) / 3, len(b) / 2, len(b) - 1} {
			if _, err := rules.Load(fstestMap(t, map[string]string{name: string(b[:n])})); err == nil {
				t.Errorf("%s cut to %d bytes: accepted", name, n)
			}
		}
	}
}

// FuzzQueries feeds arbitrary text to Search and Suggest.
func FuzzQueries(f *testing.F) {
	for _, s := range []string{"", " ", "パワハラ", "ＨＲ", "hr", "I can’t sleep", "\xff\xfe", "ｱｲｳ", "a b c", "殴られた"} {
		f.Add(s)
	}
	l := rules.Default()
	f.Fuzz(func(t *testing.T, s string) {
		for _, id := range l.Suggest(s) {
			if _, ok := l.Category(id); !ok {
				t.Fatalf("Suggest(%q) returned unknown id %q", s, id)
			}
		}
		for _, lang := range []string{"ja", "en"} {
			for _, r := range l.Search(s, lang) {
				if _, ok := l.Rule(r.ID); !ok {
					t.Fatalf("Search(%q) returned unknown rule %q", s, r.ID)
				}
			}
		}
	})
}
