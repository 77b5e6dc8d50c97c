//go:build e2e

package e2e

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

type attJSON struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	Size       int64     `json:"size"`
	SHA256     string    `json:"sha256"`
	ModTime    time.Time `json:"mod_time"`
	ImportedAt time.Time `json:"imported_at"`
	Entry      int64     `json:"entry"`
	MediaType  string    `json:"media_type"`
}

func attachments(t *testing.T, v string) []attJSON {
	t.Helper()
	r := mustOK(t, ctl(t, "pw\n", "attachments", "--vault", v, "--passphrase-stdin", "--json"))
	var out []attJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("attachments --json: %v\n%s", err, r.stdout)
	}
	return out
}

// Import a screenshot, an e-mail and an empty file; list them; extract
// each: the same bytes (cmp), the same hash (sha256sum), the original
// modification time; check passes and nothing of the content is readable
// in the vault.
func TestAttachImportExtract(t *testing.T) {
	t.Parallel() // own vault and folders (see parallel in e2e_test.go)
	v := initVault(t, "pw")
	mustOK(t, ctl(t, "pw\n", "add", "--vault", v, "--passphrase-stdin", "--text", "HR sent a warning"))
	in := t.TempDir()

	const marker = "MARKER-att-5e21"
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := 0; x < 64; x++ {
		img.Set(x, x%48, color.RGBA{200, 30, 30, 255})
	}
	var pngBuf bytes.Buffer
	png.Encode(&pngBuf, img)
	pngBuf.WriteString(marker) // trailing bytes a viewer ignores
	eml := "From: jinji@example.co.jp\r\nTo: me@example.jp\r\nSubject: =?UTF-8?B?6K2m5ZGK?=\r\n" +
		"Date: Fri, 2 Oct 2026 18:02:11 +0900\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" +
		"明日から来なくてよい。" + marker + "\r\n"
	files := []struct {
		name, body, mediaType string
		entry                 int64
	}{
		{"スクリーンショット 2026-10-02.png", pngBuf.String(), "image/png", 1},
		{"warning.eml", eml, "message/rfc822", 1},
		{"empty.dat", "", "application/octet-stream", 0},
	}
	mtime := time.Date(2026, 10, 2, 18, 5, 0, 0, time.UTC)
	var paths []string
	for _, f := range files {
		p := filepath.Join(in, f.name)
		if err := os.WriteFile(p, []byte(f.body), 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, mtime, mtime)
		paths = append(paths, p)
	}
	r := mustOK(t, ctl(t, "pw\n", "import", "--vault", v, "--passphrase-stdin", "--entry", "1", paths[0], paths[1]))
	if r.stdout != "1\n2\n" {
		t.Fatalf("import printed %q", r.stdout)
	}
	r = mustOK(t, ctl(t, "pw\n", "import", paths[2], "--vault", v, "--passphrase-stdin"))
	if r.stdout != "3\n" {
		t.Fatalf("import printed %q", r.stdout)
	}

	list := attachments(t, v)
	if len(list) != 3 {
		t.Fatalf("attachments: %+v", list)
	}
	out := t.TempDir()
	for i, f := range files {
		a := list[i]
		sum := sha256.Sum256([]byte(f.body))
		if a.ID != int64(i+1) || a.Name != f.name || a.Size != int64(len(f.body)) || a.SHA256 != hex.EncodeToString(sum[:]) ||
			a.MediaType != f.mediaType || a.Entry != f.entry || !a.ModTime.Equal(mtime) || time.Since(a.ImportedAt) > time.Minute {
			t.Fatalf("attachment %d: %+v", i+1, a)
		}
		dst := filepath.Join(out, f.name)
		r := mustOK(t, ctl(t, "pw\n", "extract", "--vault", v, "--passphrase-stdin", "--attachment", itoa(a.ID), "--out", dst))
		if r.stdout != a.SHA256+"  "+f.name+"\n" {
			t.Fatalf("extract printed %q", r.stdout)
		}
		if b, err := exec.Command("cmp", paths[i], dst).CombinedOutput(); err != nil {
			t.Fatalf("cmp: %s %v", b, err)
		}
		b, err := exec.Command("sha256sum", dst).Output()
		if err != nil || !strings.HasPrefix(string(b), a.SHA256+"  ") {
			t.Fatalf("sha256sum: %s %v", b, err)
		}
		if st, err := os.Stat(dst); err != nil || !st.ModTime().Equal(mtime) {
			t.Fatalf("extracted file's time: %v %v", st.ModTime(), err)
		}
	}

	// The human listing, refusals, and a check of the whole vault.
	r = mustOK(t, ctl(t, "pw\n", "attachments", "--vault", v, "--passphrase-stdin"))
	if !strings.Contains(r.stdout, "warning.eml") || !strings.Contains(r.stdout, "image/png") {
		t.Fatalf("attachments: %s", r.stdout)
	}
	if r := ctl(t, "pw\n", "extract", "--vault", v, "--passphrase-stdin", "--attachment", "1", "--out", filepath.Join(out, files[0].name)); r.code != 10 {
		t.Fatalf("overwrite: %+v", r)
	}
	if r := ctl(t, "pw\n", "extract", "--vault", v, "--passphrase-stdin", "--attachment", "9", "--out", filepath.Join(out, "nine")); r.code != 5 {
		t.Fatalf("unknown attachment: %+v", r)
	}
	if r := ctl(t, "pw\n", "import", "--vault", v, "--passphrase-stdin", paths[2], filepath.Join(in, "missing.pdf")); r.code != 5 || r.stdout != "" {
		t.Fatalf("missing file: %+v", r)
	}
	if r := ctl(t, "pw\n", "import", "--vault", v, "--passphrase-stdin", "--entry", "7", paths[2]); r.code != 5 {
		t.Fatalf("unknown entry: %+v", r)
	}
	if r := ctl(t, "pw\n", "import", "--vault", v, "--passphrase-stdin"); r.code != 2 {
		t.Fatalf("no files: %+v", r)
	}
	if n := len(attachments(t, v)); n != 3 {
		t.Fatalf("%d attachments after refused imports", n)
	}
	mustOK(t, ctl(t, "pw\n", "check", "--vault", v, "--passphrase-stdin"))
	grepNone(t, filepath.Dir(v), marker, "jinji@example")
}

// kill -9 in the middle of a large import: nothing is visible, the partial
// chunks are gone after the next unlock, and check passes.
func TestAttachImportKilled(t *testing.T) {
	t.Parallel() // own vault and folders (see parallel in e2e_test.go)
	if testing.Short() {
		t.Skip("imports hundreds of megabytes")
	}
	v := initVault(t, "pw")
	big := filepath.Join(t.TempDir(), "call.m4a")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(1 << 30) // sparse: fast to read
	f.Close()
	cmd := exec.Command(bin(t, "kirokuctl"), "import", "--vault", v, "--passphrase-stdin", big)
	cmd.Stdin = strings.NewReader("pw\n")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// A checkpointed first batch (64 MiB) shows in the main file's size.
	deadline := time.Now().Add(60 * time.Second)
	for {
		if st, err := os.Stat(v); err == nil && st.Size() > 64<<20 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the import never committed a batch")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if n := chunkCount(t, v); n == 0 {
		t.Fatal("killed too late or too early: no partial chunks to clean up")
	}
	if list := attachments(t, v); len(list) != 0 {
		t.Fatalf("a killed import is visible: %+v", list)
	}
	if n := chunkCount(t, v); n != 0 {
		t.Fatalf("%d partial chunks left after unlock", n)
	}
	mustOK(t, ctl(t, "pw\n", "check", "--vault", v, "--passphrase-stdin"))
	small := filepath.Join(t.TempDir(), "note.txt")
	os.WriteFile(small, []byte("after the crash"), 0o600)
	r := mustOK(t, ctl(t, "pw\n", "import", "--vault", v, "--passphrase-stdin", small))
	t.Logf("after the kill the next import got id %s", strings.TrimSpace(r.stdout))
	mustOK(t, ctl(t, "pw\n", "check", "--vault", v, "--passphrase-stdin"))
}

// chunkCount reads the (unencrypted) chunk count with the sqlite3 tool.
func chunkCount(t *testing.T, v string) int {
	t.Helper()
	out, err := exec.Command("sqlite3", v, "SELECT COUNT(*) FROM attachment_chunks").Output()
	if err != nil {
		t.Fatalf("sqlite3: %v", err)
	}
	var n int
	json.Unmarshal(bytes.TrimSpace(out), &n)
	return n
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }
