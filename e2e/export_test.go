//go:build e2e

package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// verifyBin builds the stand-alone verifier without cgo, as a lawyer would.
func verifyBin(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "kiroku-verify")
	cmd := exec.Command("go", "build", "-o", out, "./cmd/kiroku-verify")
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build ./cmd/kiroku-verify: %v\n%s", err, b)
	}
	return out
}

func run(t *testing.T, dir, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LANG=C")
	b, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return string(b), ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return string(b), 0
}

// The acceptance for bundles, with the real tools: a vault with a
// Japanese entry, a recording, an imported file and an hours log exports
// to a bag that sha256sum, shasum, pdftotext, kirokuctl verify and the
// cgo-free kiroku-verify all accept; every single-file change is caught;
// the age-encrypted zip opens with Debian's age.
func TestExportBundleWithRealTools(t *testing.T) {
	t.Parallel() // own vault and folders (see parallel in e2e_test.go)
	for _, tool := range []string{"sha256sum", "shasum", "pdftotext", "age", "script", "unzip"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed (make test installs it)", tool)
		}
	}
	dir := t.TempDir()
	v := initVault(t, "pw")
	mustOK(t, ctl(t, "pw\n", "add", "--vault", v, "--passphrase-stdin", "--text", "部長に「明日から来なくていい」と言われた",
		"--quote", "明日から来なくていい", "--person", "山田:superior", "--category", "forced-resignation", "--when", "2026-10-05T18:10:00+09:00"))
	mustOK(t, ctl(t, "pw\n", "record", "--vault", v, "--passphrase-stdin", "--seconds", "1.5", "--backend", "null", "--entry", "1"))
	shot := filepath.Join(dir, "chat.png")
	os.WriteFile(shot, []byte("\x89PNG\r\n\x1a\nnot really an image"), 0o600)
	mustOK(t, ctl(t, "pw\n", "import", "--vault", v, "--passphrase-stdin", "--entry", "1", shot))
	csv := filepath.Join(dir, "hours.csv")
	var b strings.Builder
	b.WriteString("date,start,end,break_minutes,day_type\n")
	for d := 1; d <= 30; d++ {
		b.WriteString("2026-09-" + string([]byte{byte('0' + d/10), byte('0' + d%10)}) + ",08:00,23:00,60,workday\n")
	}
	os.WriteFile(csv, []byte(b.String()), 0o600)
	mustOK(t, ctl(t, "pw\n", "hours", "import", "--vault", v, "--passphrase-stdin", csv))
	rep := mustOK(t, ctl(t, "pw\n", "hours", "report", "--vault", v, "--passphrase-stdin", "--month", "2026-09", "--json"))
	if !strings.Contains(rep.stdout, `"rule": "rousai-item-80-hours"`) {
		t.Fatalf("hours report lacks the Rousai flag:\n%s", rep.stdout)
	}

	bag := filepath.Join(dir, "bundle")
	mustOK(t, ctl(t, "pw\n", "export", "--vault", v, "--passphrase-stdin", "--out", bag, "--lang", "both"))
	data := filepath.Join(bag, "data")
	for _, f := range []string{"report.pdf", "entries.json", "entries.schema.json", "entries.csv", "hours.csv", "hours.json",
		"audio/recording-1.opus", "attachments/attachment-1-chat.png", "rules/README.md",
		"ledger/chain.json", "ledger/links.jsonl", "ledger/records/revision-1.json"} {
		if _, err := os.Stat(filepath.Join(data, f)); err != nil {
			t.Errorf("bundle lacks data/%s", f)
		}
	}
	readme, _ := os.ReadFile(filepath.Join(data, "rules", "README.md"))
	if !bytes.Contains(readme, []byte("#1")) || !bytes.Contains(readme, []byte("hours.json")) {
		t.Errorf("rules/README.md does not say which entries and flags relate:\n%s", readme)
	}
	for _, c := range [][]string{{"sha256sum", "-c", "manifest-sha256.txt"}, {"sha256sum", "-c", "tagmanifest-sha256.txt"},
		{"shasum", "-a", "256", "-c", "manifest-sha256.txt"}, {"shasum", "-a", "256", "-c", "tagmanifest-sha256.txt"}} {
		if out, code := run(t, bag, c[0], c[1:]...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", c, code, out)
		}
	}
	// The commands VERIFY.txt gives, run as written: in the bundle folder,
	// and the one for the folder above it (a lawyer found "kirokuctl verify
	// NAME" failing in the folder the text had told them to open).
	verifyTxt, err := os.ReadFile(filepath.Join(bag, "VERIFY.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ran := map[string]bool{}
	for _, line := range strings.Split(string(verifyTxt), "\n") {
		f := strings.Fields(line)
		if !strings.HasPrefix(line, "    ") || len(f) < 2 {
			continue
		}
		cwd := bag
		// This vault has no timestamps: Kiroku's verifiers say consistent
		// but not anchored (11, both), not verified (0).
		want := 0
		switch f[0] {
		case "sha256sum", "shasum":
		case "kiroku-verify":
			f[0], want = verifyBin(t), 11
		case "kirokuctl":
			f[0], want = bin(t, "kirokuctl"), 11
		default:
			continue
		}
		if slices.Contains(f, "TSA.pem") {
			continue // the authority's certificate, which the reader obtains
		}
		if last := f[len(f)-1]; last == filepath.Base(bag) {
			cwd = dir
		}
		if out, code := run(t, cwd, f[0], f[1:]...); code != want {
			t.Errorf("VERIFY.txt's %q, run in %s: exit %d\n%s", strings.TrimSpace(line), cwd, code, out)
		}
		ran[strings.TrimSpace(line)] = true
	}
	for _, want := range []string{"sha256sum -c manifest-sha256.txt", "kiroku-verify .", "kirokuctl verify .", "kiroku-verify " + filepath.Base(bag)} {
		if !ran[want] {
			t.Errorf("VERIFY.txt does not give %q (ran %v)", want, ran)
		}
	}
	txt, code := run(t, dir, "pdftotext", filepath.Join(data, "report.pdf"), "-")
	if code != 0 || !strings.Contains(strings.Join(strings.Fields(txt), ""), "明日から来なくていい") {
		t.Fatalf("pdftotext did not find the Japanese entry text (exit %d)", code)
	}
	kv := verifyBin(t)
	// No timestamps in this vault: consistent, but not anchored (exit 4
	// and 11; before the honest verdict both said VERIFIED and exited 0).
	if out, code := run(t, dir, kv, bag); code != 11 || !strings.Contains(out, "RESULT: CONSISTENT — NOT ANCHORED") {
		t.Fatalf("kiroku-verify: exit %d\n%s", code, out)
	}
	if r := ctl(t, "", "verify", bag); r.code != 11 {
		t.Fatalf("kirokuctl verify: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// Every single-file change to the payload is caught by both verifiers.
	files := []string{"data/entries.json", "data/report.pdf", "data/audio/recording-1.opus", "data/ledger/links.jsonl",
		"data/ledger/records/revision-1.json", "data/hours.csv", "bag-info.txt"}
	for _, f := range files {
		p := filepath.Join(bag, f)
		orig, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		changed := append([]byte{}, orig...)
		changed[len(changed)/2] ^= 0x01
		os.WriteFile(p, changed, 0o600)
		if out, code := run(t, dir, kv, bag); code != 6 {
			t.Errorf("kiroku-verify after changing %s: exit %d\n%s", f, code, out)
		}
		if r := ctl(t, "", "verify", bag); r.code != 6 {
			t.Errorf("kirokuctl verify after changing %s: exit %d", f, r.code)
		}
		os.WriteFile(p, orig, 0o600)
	}
	extra := filepath.Join(data, "attachments", "planted.txt")
	os.WriteFile(extra, []byte("x"), 0o600)
	if _, code := run(t, dir, kv, bag); code != 6 {
		t.Errorf("an added file was not caught")
	}
	os.Remove(extra)
	if out, code := run(t, dir, kv, bag); code != 11 {
		t.Fatalf("restored bag no longer verifies: %s", out)
	}

	// The zip, and the age-encrypted zip.
	zip := filepath.Join(dir, "bundle2")
	mustOK(t, ctl(t, "pw\n", "export", "--vault", v, "--passphrase-stdin", "--out", zip, "--zip", "--lang", "ja"))
	if out, code := run(t, dir, kv, zip+".zip"); code != 11 {
		t.Fatalf("kiroku-verify on the zip: %d\n%s", code, out)
	}
	unz := filepath.Join(dir, "unz")
	if out, code := run(t, dir, "unzip", "-q", zip+".zip", "-d", unz); code != 0 {
		t.Fatal(out)
	}
	if out, code := run(t, filepath.Join(unz, "bundle2"), "sha256sum", "-c", "--quiet", "manifest-sha256.txt"); code != 0 {
		t.Fatalf("sha256sum in the unzipped bag: %s", out)
	}
	enc := filepath.Join(dir, "sealed")
	mustOK(t, ctl(t, "pw\nlawyer pass 123\nlawyer pass 123\n", "export", "--vault", v, "--passphrase-stdin", "--out", enc, "--encrypt"))
	if _, err := os.Stat(enc + ".zip"); err == nil {
		t.Fatal("a plain zip was left next to the encrypted one")
	}
	cmd := exec.Command("script", "-qec", "age -d -o "+filepath.Join(dir, "opened.zip")+" "+enc+".zip.age", "/dev/null")
	cmd.Stdin = strings.NewReader("lawyer pass 123\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("age -d: %v\n%s", err, out)
	}
	if out, code := run(t, dir, kv, filepath.Join(dir, "opened.zip")); code != 11 {
		t.Fatalf("the decrypted zip does not verify: %s", out)
	}
	// The bundle never holds the passphrase or key material, and the vault
	// stays closed to anyone without the passphrase.
	grepNone(t, dir, "lawyer pass 123")
}
