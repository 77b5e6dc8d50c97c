package cli_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/cli"
	"github.com/kiroku-app/kiroku/internal/rules"
)

// runCLI runs kirokuctl in the given locale and returns the exit code and
// both streams.
func runCLI(t *testing.T, locale string, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("LC_ALL", locale)
	var out, errb bytes.Buffer
	code := cli.Main(args, &cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb})
	return code, out.String(), errb.String()
}

func TestRulesList(t *testing.T) {
	lib := rules.Default()
	code, out, errs := runCLI(t, "en_US.UTF-8", "rules", "list")
	if code != cli.ExitOK || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, r := range lib.Rules() {
		if !strings.Contains(out, r.ID) || !strings.Contains(out, r.Title.EN) {
			t.Errorf("list lacks %s %q", r.ID, r.Title.EN)
		}
	}
	if !strings.Contains(out, lib.Notice().EN) || !strings.HasPrefix(out, "ID") {
		t.Errorf("list output:\n%s", out)
	}

	code, out, _ = runCLI(t, "en_US.UTF-8", "rules", "list", "--json", "--category", "long-hours")
	if code != cli.ExitOK {
		t.Fatalf("exit %d", code)
	}
	var got []struct {
		ID         string
		Kind       string
		Title      rules.Text
		Categories []string
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := lib.RulesFor([]string{"long-hours"})
	if len(got) != len(want) || len(got) == 0 {
		t.Fatalf("%d rules, want %d", len(got), len(want))
	}
	for i, r := range got {
		if r.ID != want[i].ID || r.Title.JA == "" || r.Title.EN == "" || r.Kind == "" {
			t.Errorf("rule %d: %+v", i, r)
		}
		found := false
		for _, c := range r.Categories {
			found = found || c == "long-hours"
		}
		if !found {
			t.Errorf("%s is not about long-hours: %v", r.ID, r.Categories)
		}
	}

	code, out, _ = runCLI(t, "ja_JP.UTF-8", "rules", "list", "--category", "long-hours")
	if r, _ := lib.Rule("overtime-caps"); code != cli.ExitOK || !strings.Contains(out, r.Title.JA) || strings.Contains(out, r.Title.EN) {
		t.Errorf("Japanese list:\n%s", out)
	}
}

func TestRulesShow(t *testing.T) {
	lib := rules.Default()
	r, _ := lib.Rule("rousai-item-80-hours")
	code, out, errs := runCLI(t, "en_US.UTF-8", "rules", "show", "rousai-item-80-hours")
	if code != cli.ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, s := range []string{r.Title.EN, r.Summary.EN, r.Caution.EN, r.Points[0].EN, r.Evidence[0].EN,
		"2020 edition", "item 16", "strength II", r.Sources[0].Section.EN, lib.Notice().EN, "long-hours"} {
		if !strings.Contains(out, s) {
			t.Errorf("show lacks %q:\n%s", s, out)
		}
	}
	// --lang overrides the locale; flags may follow the id.
	code, out, _ = runCLI(t, "en_US.UTF-8", "rules", "show", "overtime-caps", "--lang", "ja")
	o, _ := lib.Rule("overtime-caps")
	if code != cli.ExitOK || !strings.Contains(out, o.Title.JA) || !strings.Contains(out, o.Notice.JA) || !strings.Contains(out, "92-95頁") {
		t.Errorf("Japanese show:\n%s", out)
	}
	code, out, _ = runCLI(t, "ja_JP.UTF-8", "rules", "show", "--json", "overtime-caps")
	var got struct {
		ID      string
		Title   rules.Text
		Points  []rules.Text
		Sources []struct {
			Doc   string
			Pages string
			Title rules.Text
		}
		Notice     rules.Text
		RousaiItem *struct{ Number int } `json:"rousai_item"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != cli.ExitOK {
		t.Fatalf("exit %d, %v\n%s", code, err, out)
	}
	if got.ID != "overtime-caps" || got.Title != o.Title || len(got.Points) != len(o.Points) || len(got.Sources) == 0 ||
		got.Sources[0].Doc != "labor-laws-explained" || got.Sources[0].Pages != "92-95" || got.Notice != lib.Notice() || got.RousaiItem != nil {
		t.Errorf("JSON %+v", got)
	}
	_, out, _ = runCLI(t, "en_US.UTF-8", "rules", "show", "rousai-item-continuous-work", "--json")
	if !strings.Contains(out, `"rousai_item": {`) || !strings.Contains(out, `"number": 17`) {
		t.Errorf("JSON lacks the Rousai item:\n%s", out)
	}
}

func TestRulesSearch(t *testing.T) {
	code, out, _ := runCLI(t, "en_US.UTF-8", "rules", "search", "--json", "36協定")
	if code != cli.ExitOK || !strings.Contains(out, `"overtime-caps"`) {
		t.Errorf("exit %d:\n%s", code, out)
	}
	code, out, _ = runCLI(t, "en_US.UTF-8", "rules", "search", "zzzyyyxxx")
	if code != cli.ExitOK || !strings.Contains(out, "No rules found") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestRulesErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no verb", []string{"rules"}, cli.ExitUsage, "list"},
		{"unknown verb", []string{"rules", "delete"}, cli.ExitUsage, "delete"},
		{"show without id", []string{"rules", "show"}, cli.ExitUsage, "rule id"},
		{"show two ids", []string{"rules", "show", "overtime-caps", "premium-pay"}, cli.ExitUsage, "rule id"},
		{"unknown rule", []string{"rules", "show", "no-such-rule"}, cli.ExitNotVault, "no-such-rule"},
		{"unknown category", []string{"rules", "list", "--category", "nope"}, cli.ExitNotVault, "nope"},
		{"unknown language", []string{"rules", "list", "--lang", "fr"}, cli.ExitUsage, "fr"},
		{"list takes no ids", []string{"rules", "list", "overtime-caps"}, cli.ExitUsage, "overtime-caps"},
		{"search without words", []string{"rules", "search"}, cli.ExitUsage, "word"},
		{"unknown flag", []string{"rules", "show", "--vault", "x", "overtime-caps"}, cli.ExitUsage, "vault"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, "en_US.UTF-8", tt.args...)
			if code != tt.code || out != "" || !strings.Contains(errs, tt.msg) {
				t.Errorf("exit %d (want %d), stdout %q, stderr %q", code, tt.code, out, errs)
			}
		})
	}
}

func TestHelpListsRules(t *testing.T) {
	_, out, _ := runCLI(t, "en_US.UTF-8", "help")
	if !strings.Contains(out, "kirokuctl rules    list") {
		t.Errorf("help:\n%s", out)
	}
}
