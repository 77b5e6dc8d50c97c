package rules_test

import (
	"fmt"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/kiroku-app/kiroku/internal/rules"
)

// deleteFile, as an override value in fstestMap, removes the file.
const deleteFile = "\x00delete"

// fstestMap copies the embedded library into memory and applies overrides
// (file name to new content, or deleteFile).
func fstestMap(t testing.TB, overrides map[string]string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(embedded(t), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(embedded(t), p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range overrides {
		if data == deleteFile {
			delete(m, name)
			continue
		}
		m[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return m
}

// textRef is one prose text of the library, for checks over all of them.
type textRef struct {
	field string // where it is, for messages
	lang  string // "ja" or "en"
	text  string
}

func add(out []textRef, field string, t rules.Text) []textRef {
	if t.JA != "" {
		out = append(out, textRef{field + ".ja", "ja", t.JA})
	}
	if t.EN != "" {
		out = append(out, textRef{field + ".en", "en", t.EN})
	}
	return out
}

// ruleTexts returns the prose a rule shows: everything but citations.
func ruleTexts(r rules.Rule) []textRef {
	var out []textRef
	out = add(out, "title", r.Title)
	out = add(out, "summary", r.Summary)
	for i, p := range r.Points {
		out = add(out, fmt.Sprintf("points[%d]", i), p)
	}
	for i, e := range r.Evidence {
		out = add(out, fmt.Sprintf("evidence[%d]", i), e)
	}
	out = add(out, "caution", r.Caution)
	if it := r.RousaiItem; it != nil {
		out = add(out, "rousai_item.event", it.Event)
		for name, list := range map[string][]rules.Text{"weak": it.Weak, "medium": it.Medium, "strong": it.Strong} {
			for i, x := range list {
				out = add(out, fmt.Sprintf("rousai_item.%s[%d]", name, i), x)
			}
		}
	}
	return out
}

// libraryTexts returns every prose text of the library.
func libraryTexts(l *rules.Library) []textRef {
	out := add(nil, "notice", l.Notice())
	for _, r := range l.Rules() {
		for _, x := range ruleTexts(r) {
			x.field = "rule " + r.ID + ": " + x.field
			out = append(out, x)
		}
	}
	for _, c := range l.Categories() {
		out = add(out, "category "+c.ID+": label", c.Label)
		out = add(out, "category "+c.ID+": description", c.Description)
	}
	for _, d := range l.Documents() {
		out = add(out, "document "+d.ID+": note", d.Note)
	}
	return out
}
