package rules_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/rules"
)

// firstRulesFile is the rules file the edit cases below change.
const firstRulesFile = "rules/10-harassment.json"

// edit decodes a file of the embedded library as generic JSON, lets f change
// it and returns the re-encoded file.
func edit(t *testing.T, name string, f func(doc map[string]any)) string {
	t.Helper()
	b, err := fs.ReadFile(embedded(t), name)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	f(doc)
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// firstRule returns the first rule object of a decoded rules file.
func firstRule(doc map[string]any) map[string]any {
	return doc["rules"].([]any)[0].(map[string]any)
}

func firstRousaiRule(doc map[string]any) map[string]any {
	for _, r := range doc["rules"].([]any) {
		if m := r.(map[string]any); m["rousai_item"] != nil {
			return m
		}
	}
	panic("no rule with a rousai_item")
}

func TestLoadRejectsBrokenLibraries(t *testing.T) {
	tests := []struct {
		name  string
		files func(t *testing.T) map[string]string
		want  string // part of the error message
	}{
		{"unknown field", func(t *testing.T) map[string]string {
			return map[string]string{firstRulesFile: edit(t, firstRulesFile, func(d map[string]any) { firstRule(d)["colour"] = "red" })}
		}, "unknown field"},
		{"not kebab-case", func(t *testing.T) map[string]string {
			return map[string]string{firstRulesFile: edit(t, firstRulesFile, func(d map[string]any) { firstRule(d)["id"] = "Power_Harassment" })}
		}, "not kebab-case"},
		{"duplicate rule id", func(t *testing.T) map[string]string {
			return map[string]string{firstRulesFile: edit(t, firstRulesFile, func(d map[string]any) {
				rs := d["rules"].([]any)
				rs[1].(map[string]any)["id"] = rs[0].(map[string]any)["id"]
			})}
		}, "defined twice"},
		{"missing English", func(t *testing.T) map[string]string {
			return map[string]string{firstRulesFile: edit(t, firstRulesFile, func(d map[string]any) {
				firstRule(d)["summary"].(map[string]any)["en"] = ""
			})}
		}, "summary.en is empty"},
		{"Japanese field in English", func(t *testing.T) map[string]string {
			return map[string]string{firstRulesFile: edit(t, firstRulesFile, func(d map[string]any) {
				firstRule(d)["title"].(map[string]any)["ja"] = "Power harassment"
			})}
		}, "no Japanese characters"},
		{"padded text", func(t *testing.T) map[string]string {
			return map[string]string{firstRulesFile: edit(t, firstRulesFile, func(d map[string]any) {
				firstRule(d)["title"].(map[string]any)["en"] = " Power harassment"
			})}
		}, "leading or trailing space"},
		{"no evidence", func(t *testing.T) map[string]string {
			return map[string]string{firstRulesFile: edit(t, firstRulesFile, func(d map[string]any) { firstRule(d)["evidence"] = []any{} })}
		}, "evidence needs at least 1"},
		{"unknown category", func(t *testing.T) map[string]string {
			return map[string]string{firstRulesFile: edit(t, firstRulesFile, func(d map[string]any) { firstRule(d)["categories"] = []any{"no-such-category"} })}
		}, `unknown category "no-such-category"`},
		{"no category", func(t *testing.T) map[string]string {
			return map[string]string{firstRulesFile: edit(t, firstRulesFile, func(d map[string]any) { firstRule(d)["categories"] = []any{} })}
		}, "needs at least one category"},
		{"unknown kind", func(t *testing.T) map[string]string {
			return map[string]string{firstRulesFile: edit(t, firstRulesFile, func(d map[string]any) { firstRule(d)["kind"] = "opinion" })}
		}, `unknown kind "opinion"`},
		{"no source", func(t *testing.T) map[string]string {
			return map[string]string{firstRulesFile: edit(t, firstRulesFile, func(d map[string]any) { firstRule(d)["sources"] = []any{} })}
		}, "needs at least one source"},
		{"unknown document", func(t *testing.T) map[string]string {
			return map[string]string{firstRulesFile: edit(t, firstRulesFile, func(d map[string]any) {
				firstRule(d)["sources"].([]any)[0].(map[string]any)["doc"] = "no-such-doc"
			})}
		}, `unknown document "no-such-doc"`},
		{"page beyond document", func(t *testing.T) map[string]string {
			return map[string]string{firstRulesFile: edit(t, firstRulesFile, func(d map[string]any) {
				firstRule(d)["sources"].([]any)[0].(map[string]any)["pages"] = "236-238"
			})}
		}, "beyond the document's 237 pages"},
		{"malformed pages", func(t *testing.T) map[string]string {
			return map[string]string{firstRulesFile: edit(t, firstRulesFile, func(d map[string]any) {
				firstRule(d)["sources"].([]any)[0].(map[string]any)["pages"] = "p. 12"
			})}
		}, "not a page number"},
		{"descending pages", func(t *testing.T) map[string]string {
			return map[string]string{firstRulesFile: edit(t, firstRulesFile, func(d map[string]any) {
				firstRule(d)["sources"].([]any)[0].(map[string]any)["pages"] = "136-135"
			})}
		}, "does not ascend"},
		{"pages of an unpaginated document", func(t *testing.T) map[string]string {
			return map[string]string{firstRulesFile: edit(t, firstRulesFile, func(d map[string]any) {
				s := firstRule(d)["sources"].([]any)[0].(map[string]any)
				s["doc"], s["pages"] = "union-faq", "3"
			})}
		}, "not cited by page"},
		{"bad strength", func(t *testing.T) map[string]string {
			const f = "rules/30-rousai.json"
			return map[string]string{f: edit(t, f, func(d map[string]any) {
				firstRousaiRule(d)["rousai_item"].(map[string]any)["strength"] = "IV"
			})}
		}, `strength "IV"`},
		{"table item without caution", func(t *testing.T) map[string]string {
			const f = "rules/30-rousai.json"
			return map[string]string{f: edit(t, f, func(d map[string]any) { delete(firstRousaiRule(d), "caution") })}
		}, "needs a caution"},
		{"category without rule", func(t *testing.T) map[string]string {
			return map[string]string{"categories.json": edit(t, "categories.json", func(d map[string]any) {
				d["categories"] = append(d["categories"].([]any), map[string]any{
					"id": "orphan", "group": "harassment",
					"label":       map[string]any{"ja": "孤児", "en": "Orphan"},
					"description": map[string]any{"ja": "どの規則にも結びつかない。", "en": "Linked to no rule."},
					"keywords":    map[string]any{"ja": []any{}, "en": []any{}},
				})
			})}
		}, `category "orphan": no rule relates to it`},
		{"category in unknown group", func(t *testing.T) map[string]string {
			return map[string]string{"categories.json": edit(t, "categories.json", func(d map[string]any) {
				d["categories"].([]any)[0].(map[string]any)["group"] = "nowhere"
			})}
		}, `unknown group "nowhere"`},
		{"uppercase English keyword", func(t *testing.T) map[string]string {
			return map[string]string{"categories.json": edit(t, "categories.json", func(d map[string]any) {
				kw := d["categories"].([]any)[0].(map[string]any)["keywords"].(map[string]any)
				kw["en"] = append(kw["en"].([]any), "Boss")
			})}
		}, "must be lowercase"},
		{"undated document with a bad date", func(t *testing.T) map[string]string {
			return map[string]string{"sources.json": edit(t, "sources.json", func(d map[string]any) {
				d["documents"].([]any)[0].(map[string]any)["date"] = "2023-13"
			})}
		}, "is not YYYY"},
		{"empty notice", func(t *testing.T) map[string]string {
			return map[string]string{"library.json": edit(t, "library.json", func(d map[string]any) {
				d["notice"] = map[string]any{"ja": "", "en": ""}
			})}
		}, "notice.ja is empty"},
		{"trailing data", func(t *testing.T) map[string]string {
			b, _ := fs.ReadFile(embedded(t), "categories.json")
			return map[string]string{"categories.json": string(b) + "{}"}
		}, "data after the top-level value"},
		{"not JSON", func(t *testing.T) map[string]string {
			return map[string]string{"sources.json": "<documents/>"}
		}, "parse sources.json"},
		{"missing file", func(t *testing.T) map[string]string {
			return map[string]string{"categories.json": deleteFile}
		}, "categories.json"},
		{"no rule files", func(t *testing.T) map[string]string {
			m := map[string]string{}
			names, _ := fs.Glob(embedded(t), "rules/*.json")
			for _, n := range names {
				m[n] = deleteFile
			}
			return m
		}, "no rules/*.json files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rules.Load(fstestMap(t, tt.files(t)))
			if err == nil {
				t.Fatal("Load accepted a broken library")
			}
			if !errors.Is(err, rules.ErrInvalid) {
				t.Errorf("error does not wrap ErrInvalid: %v", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}

// Unrelated files (the README) are ignored, and an unmodified copy loads.
func TestLoadIgnoresOtherFiles(t *testing.T) {
	l, err := rules.Load(fstestMap(t, map[string]string{"NOTES.txt": "not json", "rules/README.md": "# x"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Rules()) != len(rules.Default().Rules()) {
		t.Error("a copy of the library loads differently")
	}
}

// Many problems are reported at once, so an editor can fix them together.
func TestLoadReportsSeveralProblems(t *testing.T) {
	f := edit(t, firstRulesFile, func(d map[string]any) {
		r := firstRule(d)
		r["kind"] = "opinion"
		r["title"].(map[string]any)["en"] = ""
	})
	_, err := rules.Load(fstestMap(t, map[string]string{firstRulesFile: f}))
	if err == nil || !strings.Contains(err.Error(), "unknown kind") || !strings.Contains(err.Error(), "title.en is empty") {
		t.Errorf("want both problems reported, got %v", err)
	}
}
