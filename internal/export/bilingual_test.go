package export

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/rules"
)

// A report language Kiroku does not ship is refused before anything is
// written.
func TestExportLanguageRefused(t *testing.T) {
	v := testVault(t)
	plan, err := Prepare(v, everything())
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"fr", "ja+fr", "ja+ja", "en+ja"} {
		out := filepath.Join(t.TempDir(), "bag")
		if _, err := Export(context.Background(), v, plan, Options{Out: out, Lang: lang}); !errors.Is(err, apperr.ErrInvalidInput) {
			t.Errorf("Lang %q: %v, want ErrInvalidInput", lang, err)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("Lang %q: a bundle was written", lang)
		}
	}
}

// "ja+<tag>": the report and the rule summaries carry Japanese and the
// worker's language (the rule library's overlay), and the bundle verifies.
// It runs for the first shipped language besides ja and en.
func TestExportBilingual(t *testing.T) {
	tag := ""
	for _, l := range i18n.Languages {
		if l != "ja" && l != "en" {
			tag = l
			break
		}
	}
	if tag == "" {
		t.Skip("no language besides ja and en ships in this build")
	}
	v := fullVault(t)
	plan, err := Prepare(v, everything())
	if err != nil {
		t.Fatal(err)
	}
	bag := filepath.Join(t.TempDir(), "bag")
	if _, err := Export(context.Background(), v, plan, Options{Out: bag, Lang: "ja+" + tag}); err != nil {
		t.Fatal(err)
	}
	rep, err := bundle.Verify(context.Background(), bag, bundle.Options{})
	if err != nil || !rep.OK {
		t.Fatalf("verify: %v %+v", err, rep)
	}
	r, _ := rules.Default().Rule("power-harassment-definition")
	md, err := os.ReadFile(filepath.Join(bag, "data", "rules", r.ID+".md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{r.Title.JA, r.Title.In(tag), r.Summary.In(tag)} {
		if !strings.Contains(string(md), want) {
			t.Errorf("%s.md lacks %q", r.ID, want)
		}
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	out, err := exec.Command("pdftotext", filepath.Join(bag, "data", "report.pdf"), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	flat := func(s string) string { return strings.Join(strings.Fields(s), "") }
	txt := flat(string(out))
	c, _ := rules.Default().Category("power-harassment")
	for _, want := range []string{c.Label.JA, c.Label.In(tag), i18n.Default().T(tag, "report.title"), i18n.Default().T("ja", "report.title")} {
		if !strings.Contains(txt, flat(want)) {
			t.Errorf("report.pdf (ja+%s) lacks %q", tag, want)
		}
	}
}
