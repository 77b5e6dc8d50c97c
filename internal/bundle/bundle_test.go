package bundle_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/bundle/bundletest"
)

func verify(t *testing.T, p string) *bundle.Report {
	t.Helper()
	r, err := bundle.Verify(context.Background(), p, bundle.Options{})
	if err != nil {
		t.Fatalf("Verify(%s): %v", p, err)
	}
	return r
}

func mustOK(t *testing.T, r *bundle.Report) {
	t.Helper()
	if !r.OK {
		var b strings.Builder
		r.WriteText(&b, "en")
		t.Fatalf("bag does not verify:\n%s", b.String())
	}
}

// hasProblem reports whether r lists a problem with code.
func hasProblem(r *bundle.Report, code string) bool {
	for _, p := range r.Problems {
		if p.Code == code {
			return true
		}
	}
	return false
}

func wantProblem(t *testing.T, r *bundle.Report, code string) {
	t.Helper()
	if r.OK || !hasProblem(r, code) {
		var b strings.Builder
		r.WriteText(&b, "en")
		t.Fatalf("want problem %s, got OK=%v:\n%s", code, r.OK, b.String())
	}
}

func TestRoundTrip(t *testing.T) {
	f := bundletest.NewFixture(t)
	for _, asZip := range []bool{false, true} {
		name := "folder"
		if asZip {
			name = "zip"
		}
		t.Run(name, func(t *testing.T) {
			p := f.WriteBag(t, t.TempDir(), "kiroku-export", asZip, nil)
			r := verify(t, p)
			mustOK(t, r)
			if r.Form != name {
				t.Errorf("form %q", r.Form)
			}
			if !r.Chain.OK || r.Chain.Links != len(f.Links) || r.Chain.HeadSeq != f.Head().Seq {
				t.Errorf("chain %+v", r.Chain)
			}
			if r.RecordsChecked != len(f.Records) {
				t.Errorf("records checked %d, want %d", r.RecordsChecked, len(f.Records))
			}
			if e := r.Entries; e.Entries != 2 || e.Revisions != 2 || e.Recordings != 1 || e.Attachments != 1 {
				t.Errorf("entries %+v", e)
			}
			// 5 tag files... every payload file and every tag file is OK.
			want := len(f.Payload) + len(f.Records) + 5 /* entries, schema, chain, links */ - 1 + 5
			if len(r.Files) != want {
				t.Errorf("%d files, want %d", len(r.Files), want)
			}
			for _, fr := range r.Files {
				if fr.Status != bundle.StatusOK {
					t.Errorf("%s: %s", fr.Path, fr.Status)
				}
			}
		})
	}
}

// bagFiles lists a folder bag's files, bag-relative.
func bagFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Every single-file change, removal and addition is detected, for every
// file of the bag, tag files included.
func TestEveryFileTampered(t *testing.T) {
	f := bundletest.NewFixture(t)
	tsa := bundletest.NewTSA(t)
	orig := f.WriteBag(t, t.TempDir(), "bag", false, f.Tokens(t, tsa, uint64(len(f.Links))))
	mustOK(t, verify(t, orig))
	files := bagFiles(t, orig)
	if len(files) < 20 {
		t.Fatalf("only %d files", len(files))
	}
	fails := func(t *testing.T, dir string) {
		t.Helper()
		r, err := bundle.Verify(context.Background(), dir, bundle.Options{})
		if err == nil && r.OK {
			t.Fatal("tampered bag verified")
		}
	}
	for _, rel := range files {
		t.Run("change "+rel, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "bag")
			copyDir(t, orig, dir)
			p := filepath.Join(dir, filepath.FromSlash(rel))
			b, _ := os.ReadFile(p)
			b[len(b)/2] ^= 0x01
			os.WriteFile(p, b, 0o600)
			fails(t, dir)
		})
		t.Run("remove "+rel, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "bag")
			copyDir(t, orig, dir)
			os.Remove(filepath.Join(dir, filepath.FromSlash(rel)))
			fails(t, dir)
		})
		t.Run("add next to "+rel, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "bag")
			copyDir(t, orig, dir)
			os.WriteFile(filepath.Join(dir, filepath.FromSlash(rel)+".new"), []byte("x"), 0o600)
			fails(t, dir)
		})
	}
}

func TestOSJunkIgnored(t *testing.T) {
	f := bundletest.NewFixture(t)
	dir := f.WriteBag(t, t.TempDir(), "bag", false, nil)
	os.WriteFile(filepath.Join(dir, ".DS_Store"), []byte("junk"), 0o600)
	os.WriteFile(filepath.Join(dir, "data", "Thumbs.db"), []byte("junk"), 0o600)
	r := verify(t, dir)
	mustOK(t, r)
	n := 0
	for _, fr := range r.Files {
		if fr.Status == bundle.StatusIgnored {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("%d ignored files, want 2", n)
	}
}

// An attacker who rewrites the manifests after a change (BagIt alone then
// passes) is caught by the ledger.
func TestLedgerCatchesRehashedChanges(t *testing.T) {
	f := bundletest.NewFixture(t)
	orig := f.WriteBag(t, t.TempDir(), "bag", false, nil)
	edit := func(t *testing.T, rel string, fn func([]byte) []byte) string {
		dir := filepath.Join(t.TempDir(), "bag")
		copyDir(t, orig, dir)
		p := filepath.Join(dir, filepath.FromSlash(rel))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, fn(b), 0o600); err != nil {
			t.Fatal(err)
		}
		bundletest.Rebag(t, dir)
		return dir
	}
	repl := func(old, new string) func([]byte) []byte {
		return func(b []byte) []byte {
			if !bytes.Contains(b, []byte(old)) {
				panic("fixture lacks " + old)
			}
			return bytes.Replace(b, []byte(old), []byte(new), 1)
		}
	}
	tests := []struct {
		name, file string
		fn         func([]byte) []byte
		code       string
	}{
		{"record altered after linking", "data/ledger/records/revision-1.json", repl("Shouted", "Shouts!"), "record.hash"},
		{"record made non-canonical", "data/ledger/records/purge-1.json", repl(`{"v":1`, `{ "v":1`), "record.hash"},
		{"link altered", "data/ledger/links.jsonl", repl(`"kind":"purge"`, `"kind":"revision"`), "chain.break"},
		{"head altered", "data/ledger/chain.json", repl(`"seq":6`, `"seq":5`), "chain.head"},
		{"entries.json text altered", "data/entries.json", repl("Could not sleep", "Slept well"), "entries.mismatch"},
		{"entries.json reason altered", "data/entries.json", repl("added impact", "typo"), "entries.mismatch"},
		{"entries.json language altered", "data/entries.json", repl(`"lang": "ja"`, `"lang": "vi"`), "entries.mismatch"},
		{"entries.json language emptied", "data/entries.json", repl(`"lang": "ja"`, `"lang": ""`), "entries.mismatch"},
		{"record language altered", "data/ledger/records/revision-2.json", repl(`"lang":"ja"`, `"lang":"vi"`), "record.hash"},
		{"entries.json speaker altered", "data/entries.json", repl(`"speaker": "Tanaka"`, `"speaker": "Sato"`), "entries.mismatch"},
		{"entries.json quote moved to another speaker", "data/entries.json", repl(`"speaker": "",`, `"speaker": "Tanaka",`), "entries.mismatch"},
		{"entries.json consultation response altered", "data/entries.json", repl("said they would look into it", "did nothing"), "entries.mismatch"},
		{"entries.json wants altered", "data/entries.json", repl(`"stop"`, `"apology"`), "entries.mismatch"},
		{"record speaker altered", "data/ledger/records/revision-2.json", repl(`"speaker":"Tanaka"`, `"speaker":"Sato"`), "record.hash"},
		{"wav altered", "data/audio/recording-1.wav", func(b []byte) []byte { b[100] ^= 1; return b }, "entries.file_hash"},
		{"attachment altered", "data/attachments/attachment-1-診断書 2026.pdf", repl("doctor", "Doctor"), "entries.file_hash"},
		{"start record swapped", "data/ledger/records/recording-1-start.json", repl(`"label":""`, `"label":"x"`), "record.start_hash"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := edit(t, tt.file, tt.fn)
			r := verify(t, dir)
			for _, fr := range r.Files {
				if fr.Status != bundle.StatusOK {
					t.Errorf("Rebag left %s %s", fr.Path, fr.Status)
				}
			}
			wantProblem(t, r, tt.code)
		})
	}
	t.Run("unreferenced wav", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "bag")
		copyDir(t, orig, dir)
		os.WriteFile(filepath.Join(dir, "data", "audio", "recording-9.wav"), []byte("RIFF"), 0o600)
		bundletest.Rebag(t, dir)
		wantProblem(t, verify(t, dir), "entries.unreferenced")
	})
}

func TestAnchors(t *testing.T) {
	f := bundletest.NewFixture(t)
	tsa := bundletest.NewTSA(t)
	head := uint64(len(f.Links))
	tokens := f.Tokens(t, tsa, 2, head)
	dir := f.WriteBag(t, t.TempDir(), "bag", false, tokens)
	r := verify(t, dir)
	mustOK(t, r)
	if len(r.Anchors) != 2 || !r.Anchors[0].OK || !strings.Contains(r.Anchors[0].Subject, "Kiroku Test TSA") || r.Anchors[0].Time.IsZero() {
		t.Fatalf("anchors %+v", r.Anchors)
	}
	// openssl, with no Kiroku code, accepts the bag's files.
	for _, seq := range []string{"2", "6"} {
		out, err := tsa.VerifyWithOpenSSL(dir, "data/ledger/anchors/"+seq+".txt", "data/ledger/anchors/"+seq+".tsr")
		if err != nil || !strings.Contains(out, "Verification: OK") {
			t.Fatalf("openssl ts -verify %s: %v\n%s", seq, err, out)
		}
	}
	zp := f.WriteBag(t, t.TempDir(), "bag", true, tokens)
	mustOK(t, verify(t, zp))

	t.Run("token over other text", func(t *testing.T) {
		bad := map[uint64][]byte{2: tsa.Stamp(t, []byte("something else\n"))}
		r := verify(t, f.WriteBag(t, t.TempDir(), "bag", false, bad))
		wantProblem(t, r, "anchor.imprint")
	})
	t.Run("anchor text of another link", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "bag")
		copyDir(t, dir0(t, f, tokens), dir)
		// A correct token over the text of link 3, filed as link 2.
		txt := f.AnchorText(3)
		os.WriteFile(filepath.Join(dir, "data/ledger/anchors/2.txt"), txt, 0o600)
		os.WriteFile(filepath.Join(dir, "data/ledger/anchors/2.tsr"), tsa.Stamp(t, txt), 0o600)
		bundletest.Rebag(t, dir)
		wantProblem(t, verify(t, dir), "anchor.text")
	})
	t.Run("garbage token", func(t *testing.T) {
		bad := map[uint64][]byte{2: []byte("not DER at all")}
		wantProblem(t, verify(t, f.WriteBag(t, t.TempDir(), "bag", false, bad)), "anchor.token")
	})
	t.Run("anchor without token", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "bag")
		copyDir(t, dir0(t, f, tokens), dir)
		os.Remove(filepath.Join(dir, "data/ledger/anchors/2.tsr"))
		bundletest.Rebag(t, dir)
		wantProblem(t, verify(t, dir), "anchor.pair")
	})
}

func dir0(t *testing.T, f *bundletest.Fixture, tokens map[uint64][]byte) string {
	return f.WriteBag(t, t.TempDir(), "bag", false, tokens)
}

// The standard tools accept a written bag.
func TestStandardTools(t *testing.T) {
	f := bundletest.NewFixture(t)
	dir := f.WriteBag(t, t.TempDir(), "bag", false, nil)
	for _, c := range [][]string{
		{"sha256sum", "-c", "manifest-sha256.txt"},
		{"sha256sum", "-c", "tagmanifest-sha256.txt"},
		{"shasum", "-a", "256", "-c", "manifest-sha256.txt"},
		{"shasum", "-a", "256", "-c", "tagmanifest-sha256.txt"},
	} {
		if _, err := exec.LookPath(c[0]); err != nil {
			t.Logf("%s not installed", c[0])
			continue
		}
		cmd := exec.Command(c[0], c[1:]...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil || strings.Contains(string(out), "FAILED") {
			t.Fatalf("%v: %v\n%s", c, err, out)
		}
		if n := strings.Count(string(out), ": OK"); n < 4 {
			t.Fatalf("%v checked %d files:\n%s", c, n, out)
		}
	}
	// And a changed file makes them fail (the test can fail).
	os.WriteFile(filepath.Join(dir, "data", "report.pdf"), []byte("forged"), 0o600)
	cmd := exec.Command("sha256sum", "-c", "manifest-sha256.txt")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("sha256sum accepted a changed file:\n%s", out)
	}
}

func TestZipIsDeterministic(t *testing.T) {
	f := bundletest.NewFixture(t)
	a := f.WriteBag(t, t.TempDir(), "bag", true, nil)
	b := f.WriteBag(t, t.TempDir(), "bag", true, nil)
	ab, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	if !bytes.Equal(ab, bb) {
		t.Fatal("same payload, same date: different zips")
	}
	zr, err := zip.OpenReader(a)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, e := range zr.File {
		names = append(names, e.Name)
		if !strings.HasPrefix(e.Name, "bag/") {
			t.Errorf("entry %s outside the top folder", e.Name)
		}
		if !e.Modified.Equal(f.Time.Truncate(1e9)) {
			t.Errorf("%s modified %v", e.Name, e.Modified)
		}
		wantStore := strings.HasSuffix(e.Name, ".wav")
		if (e.Method == zip.Store) != wantStore {
			t.Errorf("%s: method %d", e.Name, e.Method)
		}
	}
	if !sort.StringsAreSorted(names) {
		t.Errorf("entries not sorted: %v", names)
	}
	// unzip, where installed, extracts it and sha256sum checks it.
	if _, err := exec.LookPath("unzip"); err == nil {
		out := t.TempDir()
		if o, err := exec.Command("unzip", "-q", a, "-d", out).CombinedOutput(); err != nil {
			t.Fatalf("unzip: %v\n%s", err, o)
		}
		cmd := exec.Command("sha256sum", "-c", "manifest-sha256.txt")
		cmd.Dir = filepath.Join(out, "bag")
		if o, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("sha256sum on the unzipped bag: %v\n%s", err, o)
		}
		mustOK(t, verify(t, filepath.Join(out, "bag")))
	}
}

func TestZipBagAtRoot(t *testing.T) {
	f := bundletest.NewFixture(t)
	dir := f.WriteBag(t, t.TempDir(), "bag", false, nil)
	zp := filepath.Join(t.TempDir(), "root.zip")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, rel := range bagFiles(t, dir) {
		w, _ := zw.Create(rel)
		b, _ := os.ReadFile(filepath.Join(dir, rel))
		w.Write(b)
	}
	zw.Close()
	os.WriteFile(zp, buf.Bytes(), 0o600)
	mustOK(t, verify(t, zp))
}

type zent struct {
	name string
	mode fs.FileMode
	body string
}

func makeZip(t *testing.T, entries []zent) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		fh := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.mode != 0 {
			fh.SetMode(e.mode)
		}
		w, err := zw.CreateHeader(fh)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, e.body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "x.zip")
	os.WriteFile(p, buf.Bytes(), 0o600)
	return p
}

func TestZipRefused(t *testing.T) {
	bag := []zent{{name: "b/bagit.txt", body: "BagIt-Version: 1.0\n"}, {name: "b/manifest-sha256.txt"}}
	tests := []struct {
		name  string
		extra zent
	}{
		{"dot-dot", zent{name: "b/../../etc/passwd"}},
		{"absolute", zent{name: "/etc/passwd"}},
		{"backslash", zent{name: `b\..\evil`}},
		{"drive letter", zent{name: "C:/Windows/evil"}},
		{"duplicate", zent{name: "b/bagit.txt"}},
		{"duplicate by case", zent{name: "b/BAGIT.txt"}},
		{"symlink", zent{name: "b/data/link", mode: fs.ModeSymlink | 0o777, body: "/etc/passwd"}},
		{"control char", zent{name: "b/data/a\x01b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := makeZip(t, append(append([]zent{}, bag...), tt.extra))
			_, err := bundle.Verify(context.Background(), p, bundle.Options{})
			if !errors.Is(err, bundle.ErrBadZip) {
				t.Fatalf("err = %v, want ErrBadZip", err)
			}
			if bundle.ExitCode(nil, err) != bundle.ExitUnreadable {
				t.Fatal("exit code")
			}
		})
	}
	t.Run("not a zip", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "x.zip")
		os.WriteFile(p, []byte("PK\x03\x04 not really"), 0o600)
		if _, err := bundle.Verify(context.Background(), p, bundle.Options{}); !errors.Is(err, bundle.ErrBadZip) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("not a bag", func(t *testing.T) {
		p := makeZip(t, []zent{{name: "a/readme.txt"}, {name: "b/other.txt"}})
		if _, err := bundle.Verify(context.Background(), p, bundle.Options{}); !errors.Is(err, bundle.ErrNotBag) {
			t.Fatalf("err = %v", err)
		}
		if _, err := bundle.Verify(context.Background(), t.TempDir(), bundle.Options{}); !errors.Is(err, bundle.ErrNotBag) {
			t.Fatalf("empty folder: err = %v", err)
		}
	})
}

func TestSymlinkInFolderBag(t *testing.T) {
	f := bundletest.NewFixture(t)
	dir := f.WriteBag(t, t.TempDir(), "bag", false, nil)
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "data", "passwd")); err != nil {
		t.Skip("no symlinks here")
	}
	r := verify(t, dir)
	wantProblem(t, r, "file.unreadable")
}

func TestWriterLeavesNoFinalName(t *testing.T) {
	f := bundletest.NewFixture(t)
	parent := t.TempDir()
	dir := filepath.Join(parent, "bag")

	w, err := bundle.NewWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	f.Fill(t, w, nil)
	if _, err := os.Lstat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("final name exists before commit: %v", err)
	}
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(parent); len(ents) != 0 {
		t.Fatalf("abort left %v", ents)
	}
	if err := w.Commit(f.Info(), nil); err == nil {
		t.Fatal("commit after abort")
	}

	// Cancelled mid-write.
	ctx, cancel := context.WithCancel(context.Background())
	w, err = bundle.NewWriterContext(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	fw, err := w.Create("audio/big.wav")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(make([]byte, 1000))
	cancel()
	if _, err := fw.Write(make([]byte, 1000)); !errors.Is(err, context.Canceled) {
		t.Fatalf("write after cancel: %v", err)
	}
	fw.Close()
	if err := w.CommitZip(dir+".zip", f.Info(), nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("commit after cancel: %v", err)
	}
	w.Abort()
	if ents, _ := os.ReadDir(parent); len(ents) != 0 {
		t.Fatalf("cancel left %v", ents)
	}

	// Existing destinations are refused.
	os.Mkdir(dir, 0o700)
	if _, err := bundle.NewWriter(dir); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("existing folder: %v", err)
	}
	os.Remove(dir)
	w, _ = bundle.NewWriter(dir)
	defer w.Abort()
	w.WriteFile("a.txt", []byte("a"))
	os.Mkdir(dir, 0o700) // appeared meanwhile
	if err := w.Commit(f.Info(), nil); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("commit over an empty folder: %v", err)
	}
}

func TestCreateRefusesBadNames(t *testing.T) {
	w, err := bundle.NewWriter(filepath.Join(t.TempDir(), "bag"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	if err := w.WriteFile("audio/a.wav", nil); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "/abs", "../x", "a/../b", "a//b", "./a", "a/", `a\b`, "C:x", "a\x00b", "a\nb", "audio/a.wav", "AUDIO/A.WAV", "audio/a.wav/x", "audio"} {
		if err := w.WriteFile(bad, []byte("x")); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestSafeName(t *testing.T) {
	long := strings.Repeat("a", 130) + ".pdf"
	longJA := strings.Repeat("診", 50) + ".pdf" // 150 bytes of kanji
	tests := []struct{ in, want string }{
		{"screenshot.png", "screenshot.png"},
		{"診断書 2026.pdf", "診断書 2026.pdf"},
		{"Ghi âm cuộc họp.m4a", "Ghi âm cuộc họp.m4a"},
		{"Ghi a\u0302m.m4a", "Ghi âm.m4a"}, // decomposed: stored NFC
		{"تسجيل الاجتماع.m4a", "تسجيل الاجتماع.m4a"},
		{"हाकिमको सन्देश.png", "हाकिमको सन्देश.png"},
		{"invoice\u202Efdp.exe", "invoice_fdp.exe"}, // a direction override could disguise the extension
		{"../../etc/passwd", "_._.._etc_passwd"},
		{".hidden", "_hidden"},
		{"name.", "name_"},
		{"name ", "name_"},
		{" name", "_name"},
		{"", "_"},
		{`a\b:c<d>e"f|g?h*i%j`, "a_b_c_d_e_f_g_h_i_j"},
		{"tab\there\nnewline", "tab_here_newline"},
		{"bad\xffbyte", "bad_byte"},
		{long, strings.Repeat("a", 116) + ".pdf"},
		{longJA, strings.Repeat("診", 38) + ".pdf"},
	}
	for _, tt := range tests {
		if got := bundle.SafeName(tt.in); got != tt.want {
			t.Errorf("SafeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestVerifyText(t *testing.T) {
	f := bundletest.NewFixture(t)
	txt := string(bundle.VerifyText("kiroku-2026", f.Info(), []uint64{6}))
	for _, want := range []string{
		"sha256sum -c manifest-sha256.txt", "shasum -a 256 -c manifest-sha256.txt", "Get-FileHash",
		"certutil -hashfile", "openssl ts -verify -data data/ledger/anchors/6.txt -in data/ledger/anchors/6.tsr -CAfile TSA.pem",
		"    kiroku-verify .\n", "    kirokuctl verify .\n", "    kiroku-verify kiroku-2026\n", "report.pdf", "確認方法", "How to check",
		f.Head().Hash.String(), "anyone could produce an equally consistent bundle", "誰でも作れます", "--tsa-ca TSA.pem",
		"unknown authority", "Kiroku-Bundle-Format: 2",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("VERIFY.txt lacks %q", want)
		}
	}
	// It must not promise more than a check proves.
	for _, bad := range []string{"If any file was changed", "the checks below say so", "exit code 0 means verified"} {
		if strings.Contains(txt, bad) {
			t.Errorf("VERIFY.txt still says %q", bad)
		}
	}
	if strings.Index(txt, "確認方法") > strings.Index(txt, "How to check") {
		t.Error("Japanese must come first")
	}
}

func TestReportOutput(t *testing.T) {
	f := bundletest.NewFixture(t)
	dir := f.WriteBag(t, t.TempDir(), "bag", false, nil)
	os.WriteFile(filepath.Join(dir, "data", "report.pdf"), []byte("forged"), 0o600)
	r := verify(t, dir)
	for _, lang := range []string{"en", "ja"} {
		var b bytes.Buffer
		if err := r.WriteText(&b, lang); err != nil {
			t.Fatal(err)
		}
		s := b.String()
		if strings.Contains(s, "verify.") {
			t.Errorf("%s: untranslated key in\n%s", lang, s)
		}
		if !strings.Contains(s, "data/report.pdf") {
			t.Errorf("%s: no file line", lang)
		}
	}
	var j bytes.Buffer
	r.WriteJSON(&j)
	if !strings.Contains(j.String(), `"status": "changed"`) || !strings.Contains(j.String(), `"ok": false`) {
		t.Fatalf("json:\n%s", j.String())
	}
	if bundle.ExitCode(r, nil) != bundle.ExitFailed {
		t.Fatal("exit code")
	}
}
