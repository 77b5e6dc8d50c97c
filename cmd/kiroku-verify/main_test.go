package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/bundle/bundletest"
)

// The real binary, built without cgo as a lawyer would build it.
func TestBinary(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "kiroku-verify")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
	f := bundletest.NewFixture(t)
	good := f.WriteBag(t, t.TempDir(), "bag", false, nil)
	goodZip := f.WriteBag(t, t.TempDir(), "bag", true, nil)
	bad := f.WriteBag(t, t.TempDir(), "bag", false, nil)
	os.WriteFile(filepath.Join(bad, "data", "entries.csv"), []byte("forged"), 0o600)
	notBag := t.TempDir()
	// The same bag with a trusted timestamp over its head, trusted through
	// --tsa-ca; without the flag its authority is unknown.
	a := bundletest.NewTSA(t)
	anchored := f.WriteBag(t, t.TempDir(), "bag", false, f.Tokens(t, a, f.Head().Seq))

	run := func(lang string, args ...string) (int, string, string) {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "LANG="+lang, "LC_ALL=", "LC_MESSAGES=")
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		err := cmd.Run()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode(), o.String(), e.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0, o.String(), e.String()
	}
	tests := []struct {
		name string
		lang string
		args []string
		code int
		out  string
	}{
		// No timestamp: consistent, but anyone could have made it (this
		// was "0, RESULT: VERIFIED" before the honest verdict).
		{"folder consistent, not anchored", "en_US.UTF-8", []string{good}, 11, "RESULT: CONSISTENT — NOT ANCHORED"},
		{"zip, flag after", "en_US.UTF-8", []string{goodZip, "--json"}, 11, `"anchored": false`},
		{"japanese", "ja_JP.UTF-8", []string{good}, 11, "タイムスタンプによる裏付けなし"},
		{"anchored, --tsa-ca", "en_US.UTF-8", []string{"--tsa-ca", a.CertFile, anchored}, 0, "RESULT: CONSISTENT AND ANCHORED"},
		{"anchored json", "C", []string{"--json", "--tsa-ca", a.CertFile, anchored}, 0, `"anchored": true`},
		{"japanese anchored", "ja_JP.UTF-8", []string{anchored, "--tsa-ca", a.CertFile}, 0, "タイムスタンプによる裏付けあり"},
		{"unknown authority without --tsa-ca", "en_US.UTF-8", []string{anchored}, 11, "UNKNOWN AUTHORITY"},
		{"--tsa-ca not a certificate", "C", []string{"--tsa-ca", filepath.Join(good, "bagit.txt"), good}, 2, ""},
		{"--tsa-ca missing file", "C", []string{"--tsa-ca", filepath.Join(notBag, "none.pem"), good}, 2, ""},
		{"changed", "en_US.UTF-8", []string{bad}, 6, "CHANGED"},
		{"changed json", "C", []string{"--json", bad}, 6, `"status": "changed"`},
		{"no args", "C", nil, 2, ""},
		{"two args", "C", []string{good, good}, 2, ""},
		{"bad flag", "C", []string{"--nope", good}, 2, ""},
		{"not a bag", "C", []string{notBag}, 5, ""},
		{"no such file", "C", []string{filepath.Join(notBag, "x.zip")}, 5, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(tt.lang, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.out) {
				t.Fatalf("exit %d (want %d)\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			if strings.Contains(tt.out, `": `) && !json.Valid([]byte(out)) {
				t.Fatalf("not JSON:\n%s", out)
			}
		})
	}
}
