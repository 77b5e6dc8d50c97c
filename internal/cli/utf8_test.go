package cli_test

import (
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/cli"
)

// kirokuctl refuses text that is not UTF-8 (here the first byte of a cut
// Japanese character) with a message that says so, stores nothing, and the
// vault stays readable: show and check still pass.
func TestAddInvalidUTF8(t *testing.T) {
	path := lowCostVault(t)
	if code, _, errs := runStdin(t, "pw\n", "add", "--vault", path, "--passphrase-stdin", "--when", "2026-10-03 14:30", "--text", "ok"); code != cli.ExitOK {
		t.Fatalf("add: exit %d\n%s", code, errs)
	}
	const cut = "上司に\xe3"
	tests := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"text", "pw\n", []string{"add", "--text", cut}},
		{"quote", "pw\n", []string{"add", "--text", "ok", "--quote", cut}},
		{"place", "pw\n", []string{"add", "--text", "ok", "--place", cut}},
		{"person", "pw\n", []string{"add", "--text", "ok", "--person", cut}},
		{"witness", "pw\n", []string{"add", "--text", "ok", "--witness", cut}},
		{"impact", "pw\n", []string{"add", "--text", "ok", "--impact", cut}},
		{"actions", "pw\n", []string{"add", "--text", "ok", "--actions", cut}},
		{"edit", "pw\n", []string{"edit", "1", "--text", cut}},
		{"batch on stdin", "pw\n{\"event_time\":\"2026-10-03T14:30:00+09:00\",\"text\":\"" + cut + "\"}\n", []string{"add", "--batch", "-"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{}, tt.args[0], "--vault", path, "--passphrase-stdin"), tt.args[1:]...)
			code, _, errs := runStdin(t, tt.stdin, args...)
			if code != cli.ExitInvalidInput || !strings.Contains(errs, "not valid UTF-8") {
				t.Fatalf("exit %d (want %d)\n%s", code, cli.ExitInvalidInput, errs)
			}
		})
	}
	if code, out, errs := runStdin(t, "pw\n", "show", "1", "--vault", path, "--passphrase-stdin"); code != cli.ExitOK || !strings.Contains(out, "ok") {
		t.Fatalf("show: exit %d\n%s\n%s", code, out, errs)
	}
	if code, out, errs := runStdin(t, "pw\n", "list", "--vault", path, "--passphrase-stdin"); code != cli.ExitOK || strings.Count(out, "\n") < 1 {
		t.Fatalf("list: exit %d\n%s\n%s", code, out, errs)
	}
	if code, _, errs := runStdin(t, "pw\n", "check", "--vault", path, "--passphrase-stdin"); code != cli.ExitOK {
		t.Fatalf("check: exit %d\n%s", code, errs)
	}
}
