//go:build e2e

package e2e

import (
	"bufio"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

// fakeTSA starts the local openssl-backed TSA (internal/tsa/tsatest) as its
// own process and returns its URL and CA certificate.
func fakeTSA(t *testing.T) (url, ca string) {
	t.Helper()
	exe := filepath.Join(t.TempDir(), "fake-tsa")
	build := exec.Command("go", "build", "-o", exe, "./internal/tsa/tsatest/cmd/fake-tsa")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build fake-tsa: %v\n%s", err, out)
	}
	cmd := exec.Command(exe, "-addr", "127.0.0.1:0")
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(out)
	deadline := time.Now().Add(30 * time.Second)
	for sc.Scan() && time.Now().Before(deadline) {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "TSA_URL="); ok {
			url = v
		}
		if v, ok := strings.CutPrefix(line, "TSA_CA="); ok {
			ca = v
		}
		if line == "ready" {
			break
		}
	}
	if url == "" || ca == "" {
		t.Fatal("fake-tsa did not start")
	}
	return url, ca
}

// Trusted timestamps end to end: opt in, stamp the head, export; openssl
// ts -verify accepts the token on the bundle's own files; a record changed
// in the vault after its link was anchored is reported by check, and a
// bundle made from that vault no longer verifies against its anchor.
func TestTimestampsWithOpenSSL(t *testing.T) {
	t.Parallel() // own vault and folders (see parallel in e2e_test.go)
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Fatal("openssl is not installed (make test installs it)")
	}
	url, ca := fakeTSA(t)
	dir := t.TempDir()
	v := initVault(t, "pw")
	mustOK(t, ctl(t, "pw\n", "add", "--vault", v, "--passphrase-stdin", "--text", "同僚の前で叱責された", "--category", "power-harassment"))
	// Off by default: nothing is sent.
	if r := ctl(t, "pw\n", "tsa", "stamp", "--vault", v, "--passphrase-stdin"); r.code != 2 {
		t.Fatalf("stamp with timestamps off: exit %d %s", r.code, r.stderr)
	}
	if r := ctl(t, "pw\n", "tsa", "set", "--vault", v, "--passphrase-stdin", "ftp://x"); r.code != 9 {
		t.Fatalf("bad URL accepted: exit %d", r.code)
	}
	mustOK(t, ctl(t, "pw\n", "tsa", "set", "--vault", v, "--passphrase-stdin", url))
	mustOK(t, ctl(t, "pw\n", "tsa", "stamp", "--vault", v, "--passphrase-stdin"))
	mustOK(t, ctl(t, "pw\n", "add", "--vault", v, "--passphrase-stdin", "--text", "second", "--category", "power-harassment"))
	mustOK(t, ctl(t, "pw\n", "tsa", "stamp", "--vault", v, "--passphrase-stdin"))
	list := mustOK(t, ctl(t, "pw\n", "tsa", "list", "--vault", v, "--passphrase-stdin"))
	if strings.Count(list.stdout, " ok\n") != 2 {
		t.Fatalf("tsa list:\n%s", list.stdout)
	}
	bag := filepath.Join(dir, "bag")
	mustOK(t, ctl(t, "pw\n", "export", "--vault", v, "--passphrase-stdin", "--out", bag))
	// The two stamps above, and the one the export asks for its own
	// export link (timestamps are on), so the bag is anchored to its head.
	anchors, _ := filepath.Glob(filepath.Join(bag, "data", "ledger", "anchors", "*.tsr"))
	if len(anchors) != 3 {
		t.Fatalf("anchors in the bundle: %v", anchors)
	}
	for _, tsr := range anchors {
		out, err := exec.Command("openssl", "ts", "-verify", "-data", strings.TrimSuffix(tsr, ".tsr")+".txt", "-in", tsr, "-CAfile", ca).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "Verification: OK") {
			t.Fatalf("openssl ts -verify %s: %v\n%s", tsr, err, out)
		}
	}
	// The local TSA is nobody the verifier trusts: consistent, not
	// anchored (exit 11) until its root is given with --tsa-ca.
	if r := ctl(t, "", "verify", bag); r.code != 11 || !strings.Contains(r.stdout, "UNKNOWN AUTHORITY") || !strings.Contains(r.stdout, "RESULT: CONSISTENT — NOT ANCHORED") {
		t.Fatalf("verify without --tsa-ca: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := mustOK(t, ctl(t, "", "verify", "--tsa-ca", ca, bag)); !strings.Contains(r.stdout, "RESULT: CONSISTENT AND ANCHORED") {
		t.Fatalf("verify --tsa-ca:\n%s", r.stdout)
	}

	// Someone with the file rewrites the anchored ledger link (as if a record
	// had been changed and the chain recomputed): check names the anchor.
	db, err := sql.Open("sqlite3", v)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE ledger SET link = zeroblob(32) WHERE seq = 1`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	r := ctl(t, "pw\n", "check", "--vault", v, "--passphrase-stdin")
	if r.code != 6 || !strings.Contains(r.stdout+r.stderr, "anchor") {
		t.Fatalf("check after changing an anchored link: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The anchor text no longer matches the chain recomputed from the
	// bundle's records: the bundle fails.
	links := filepath.Join(bag, "data", "ledger", "links.jsonl")
	b, _ := os.ReadFile(links)
	lines := strings.SplitN(string(b), "\n", 2)
	i := strings.Index(lines[0], `"record_hash":"`) + len(`"record_hash":"`)
	flip := "0"
	if lines[0][i] == '0' {
		flip = "1"
	}
	lines[0] = lines[0][:i] + flip + lines[0][i+1:]
	os.WriteFile(links, []byte(strings.Join(lines, "\n")), 0o600)
	if r := ctl(t, "", "verify", "--tsa-ca", ca, bag); r.code != 6 {
		t.Fatalf("verify after changing a link: exit %d", r.code)
	}
}
