package bundle_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/bundle/bundletest"
	"github.com/kiroku-app/kiroku/internal/record"
)

// FuzzVerifyFolder replaces one file of a format-2 fixture bag with the
// fuzzer's bytes, as they are or with the manifests and Payload-Oxum
// recomputed (rebag, what a forger does). Verify must never panic, never
// call a bag with a changed payload file consistent unless the manifests
// were recomputed, and never call it consistent when a record, a WAV, an
// attachment or a derived file the export record lists was changed.
func FuzzVerifyFolder(f *testing.F) {
	fx := bundletest.NewFixture(f)
	fx.AddExport(f)
	tmpl := fx.WriteBag(f, f.TempDir(), "bag", false, nil)
	files := bagFilesTB(f, tmpl)
	orig := map[string][]byte{}
	for _, p := range files {
		b, err := os.ReadFile(filepath.Join(tmpl, filepath.FromSlash(p)))
		if err != nil {
			f.Fatal(err)
		}
		orig[p] = b
	}
	for i, p := range files {
		b := append([]byte(nil), orig[p]...)
		f.Add(uint8(i), false, b)
		if len(b) > 0 {
			b[len(b)/2] ^= 0x20
		}
		f.Add(uint8(i), true, b)
	}
	f.Add(uint8(0), true, []byte{})
	f.Fuzz(func(t *testing.T, idx uint8, rebag bool, data []byte) {
		p := files[int(idx)%len(files)]
		dir := filepath.Join(t.TempDir(), "bag")
		copyDirTB(t, tmpl, dir)
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(p)), data, 0o600); err != nil {
			t.Fatal(err)
		}
		if rebag {
			bundletest.Rebag(t, dir)
		}
		r, err := bundle.Verify(context.Background(), dir, bundle.Options{Workers: 1})
		if err != nil {
			return // not a bag any more; nothing claimed
		}
		if r.Anchored {
			t.Fatal("anchored without a timestamp")
		}
		if !r.OK || bytes.Equal(data, orig[p]) {
			return
		}
		inData := strings.HasPrefix(p, "data/")
		bound := strings.HasPrefix(p, "data/ledger/records/") || strings.HasPrefix(p, "data/audio/") ||
			strings.HasPrefix(p, "data/attachments/") || record.ExportCovers(p)
		if (inData && !rebag) || bound {
			t.Fatalf("changed %s (rebag %v) is reported consistent", p, rebag)
		}
	})
}

func bagFilesTB(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out // Walk visits in lexical order
}

func copyDirTB(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if fi.IsDir() {
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
