package bundle_test

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/bundle/bundletest"
)

// A bag streamed as a zip (NewZipStream, how an encrypted export writes)
// verifies like a staged one: its entries come in creation order with the
// tag files last, under the visible top folder, and the verifier does not
// depend on that order. The same content streams to the same bytes.
func TestZipStream(t *testing.T) {
	f := bundletest.NewFixture(t)
	stream := func() []byte {
		var buf bytes.Buffer
		w, err := bundle.NewZipStream(context.Background(), &buf, "case-1", f.Time)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Abort()
		f.Fill(t, w, nil)
		info := f.Info()
		if err := w.FinishZip(info, bundle.VerifyText("case-1.zip", info, nil)); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	b := stream()
	if !bytes.Equal(b, stream()) {
		t.Error("the same content streamed to different zip bytes")
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "case-1/") {
			t.Errorf("entry %q outside the top folder", zf.Name)
		}
		names = append(names, strings.TrimPrefix(zf.Name, "case-1/"))
	}
	tail := []string{"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "VERIFY.txt", "tagmanifest-sha256.txt"}
	if len(names) < len(tail) || strings.Join(names[len(names)-len(tail):], ",") != strings.Join(tail, ",") {
		t.Errorf("tag files are not the last entries: %v", names)
	}
	p := filepath.Join(t.TempDir(), "case-1.zip")
	os.WriteFile(p, b, 0o600)
	mustOK(t, verify(t, p))
}

func TestZipStreamRefuses(t *testing.T) {
	for _, top := range []string{"", ".hidden", "a/b", "..", ".case.zip.age"} {
		if _, err := bundle.NewZipStream(context.Background(), &bytes.Buffer{}, top, time.Time{}); err == nil {
			t.Errorf("top folder %q accepted", top)
		}
	}
	w, err := bundle.NewZipStream(context.Background(), &bytes.Buffer{}, "case", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := w.Create("a.txt")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Create("b.txt"); err == nil {
		t.Error("a second file opened while the first is open: a zip takes one entry at a time")
	}
	a.Close()
	if err := w.Commit(bundle.BagInfo{}, nil); err == nil {
		t.Error("Commit on a stream")
	}
}

// Bundles of format 1 (written before export records) still verify; an
// unknown format does not.
func TestBundleFormats(t *testing.T) {
	for _, tt := range []struct {
		format string
		ok     bool
	}{{"1", true}, {bundle.BundleFormat, true}, {"3", false}} {
		t.Run(tt.format, func(t *testing.T) {
			f := bundletest.NewFixture(t)
			f.Format = 2
			bag := f.WriteBag(t, t.TempDir(), "bag", false, nil)
			p := filepath.Join(bag, "bag-info.txt")
			b, _ := os.ReadFile(p)
			b = bytes.Replace(b, []byte("Kiroku-Bundle-Format: "+bundle.BundleFormat+"\n"), []byte("Kiroku-Bundle-Format: "+tt.format+"\n"), 1)
			os.WriteFile(p, b, 0o644)
			bundletest.Rebag(t, bag)
			if r := verify(t, bag); r.OK != tt.ok {
				t.Errorf("format %s: OK %v, want %v: %+v", tt.format, r.OK, tt.ok, r.Problems)
			}
		})
	}
}
