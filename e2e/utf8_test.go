//go:build e2e

package e2e

import (
	"strings"
	"testing"
)

// Finding 16 of the security issue, with the real binary: text with a cut
// multi-byte character (the first byte of 「あ」) is refused with exit code 9
// (invalid input) and a message that says what is wrong; nothing is stored,
// and show, list and check go on working. Before the fix the entry was
// stored, and from then on check and show called it damaged.
func TestAddInvalidUTF8(t *testing.T) {
	t.Parallel() // own vault and folders (see parallel in e2e_test.go)
	v := initVault(t, "pw")
	mustOK(t, ctl(t, "pw\n", "add", "--vault", v, "--passphrase-stdin", "--when", "2026-10-03T14:30:00+09:00", "--text", "ok"))
	const cut = "上司に\xe3"
	for _, args := range [][]string{
		{"add", "--text", cut},
		{"add", "--text", "ok", "--person", cut + ":superior"},
		{"edit", "1", "--text", cut},
	} {
		full := append([]string{args[0], "--vault", v, "--passphrase-stdin"}, args[1:]...)
		r := ctl(t, "pw\n", full...)
		if r.code != 9 || !strings.Contains(r.stderr, "not valid UTF-8") {
			t.Fatalf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
	r := mustOK(t, ctl(t, "pw\n", "list", "--vault", v, "--passphrase-stdin"))
	if strings.Count(strings.TrimSpace(r.stdout), "\n") != 1 { // the header and entry 1
		t.Fatalf("list after the refusals:\n%s", r.stdout)
	}
	mustOK(t, ctl(t, "pw\n", "show", "1", "--vault", v, "--passphrase-stdin"))
	mustOK(t, ctl(t, "pw\n", "check", "--vault", v, "--passphrase-stdin"))
}
