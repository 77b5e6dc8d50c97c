package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/cli"
)

// An entry can say the language it is written in: add and edit take
// --language, show names it, list --json carries the tag, a tag that is
// not one is refused with a message and stores nothing, and "" clears it.
func TestEntryLanguage(t *testing.T) {
	path := lowCostVault(t)
	run := func(args ...string) (int, string, string) {
		t.Helper()
		return runStdin(t, "pw\n", append([]string{args[0], "--vault", path, "--passphrase-stdin"}, args[1:]...)...)
	}
	if code, _, errs := run("add", "--when", "2026-10-03 14:30", "--text", "Quản lý đã quát tôi trước mọi người", "--language", "vi"); code != cli.ExitOK {
		t.Fatalf("add: exit %d\n%s", code, errs)
	}
	code, out, errs := run("show", "1")
	if code != cli.ExitOK || !strings.Contains(out, "Written in") || !strings.Contains(out, "Vietnamese — Tiếng Việt (vi)") {
		t.Fatalf("show: exit %d\n%s\n%s", code, out, errs)
	}
	for _, bad := range []string{"Vietnamese", "vi_VN", "zh-hans"} {
		if code, _, errs := run("add", "--text", "x", "--language", bad); code != cli.ExitInvalidInput || !strings.Contains(errs, "is not a language tag") {
			t.Fatalf("--language %q: exit %d\n%s", bad, code, errs)
		}
		if code, _, errs := run("edit", "1", "--language", bad); code != cli.ExitInvalidInput {
			t.Fatalf("edit --language %q: exit %d\n%s", bad, code, errs)
		}
	}
	if code, _, errs := run("edit", "1", "--language", "zh-Hans"); code != cli.ExitOK {
		t.Fatalf("edit: exit %d\n%s", code, errs)
	}
	list := func() []map[string]any {
		t.Helper()
		code, out, errs := run("list", "--json")
		if code != cli.ExitOK {
			t.Fatalf("list: exit %d\n%s", code, errs)
		}
		var got []map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return got
	}
	if got := list(); len(got) != 1 || got[0]["lang"] != "zh-Hans" || got[0]["rev"] != 2.0 {
		t.Fatalf("list after edit: %v", got)
	}
	if code, _, errs := run("edit", "1", "--language", ""); code != cli.ExitOK {
		t.Fatalf("clear: exit %d\n%s", code, errs)
	}
	if got := list(); got[0]["lang"] != nil || got[0]["rev"] != 3.0 {
		t.Fatalf("list after clearing: %v", got)
	}
	// The vault's own check reads every revision back: versions 1 and 2.
	if code, _, errs := run("check"); code != cli.ExitOK {
		t.Fatalf("check: exit %d\n%s", code, errs)
	}
	code, out, _ = runCLI(t, "ja_JP.UTF-8", "languages")
	if code != cli.ExitOK || !strings.Contains(out, "vi") || !strings.Contains(out, "Tiếng Việt") || !strings.Contains(out, "ベトナム語") {
		t.Fatalf("languages: exit %d\n%s", code, out)
	}
}
