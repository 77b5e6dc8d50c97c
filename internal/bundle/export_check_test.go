package bundle_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/bundle/bundletest"
	"github.com/kiroku-app/kiroku/internal/record"
)

const exportRel = "ledger/records/export-1.json"

func format2(t *testing.T) *bundletest.Fixture {
	t.Helper()
	f := bundletest.NewFixture(t)
	f.AddExport(t)
	return f
}

func TestExportRecordBindsDerivedFiles(t *testing.T) {
	f := format2(t)
	dir := f.WriteBag(t, t.TempDir(), "bag", false, nil)
	r := verify(t, dir)
	mustOK(t, r)
	e := r.Export
	if e.BundleFormat != "2" || !e.Bound || e.ID != 1 || e.Seq != f.Head().Seq || e.Files != 5 || e.ProvenBy != nil {
		t.Fatalf("export %+v", e)
	}
	s := text(t, r, "en")
	if !strings.Contains(s, "report.pdf and the other derived files (5) match export record 1") || !strings.Contains(s, "No trusted timestamp covers that export record") {
		t.Fatalf("text:\n%s", s)
	}
	wantNotAnchored(t, r)

	t.Run("anchored", func(t *testing.T) {
		a := bundletest.NewTSA(t)
		r := verifyWith(t, f.WriteBag(t, t.TempDir(), "bag", false, f.Tokens(t, a, f.Head().Seq)), a.Roots(t))
		if !r.Anchored || r.Export.ProvenBy == nil || !strings.Contains(text(t, r, "en"), "A trusted timestamp covers that export record") {
			t.Fatalf("%+v\n%s", r.Export, text(t, r, "en"))
		}
	})

	edit := func(t *testing.T, fn func(dir string)) *bundle.Report {
		t.Helper()
		d := filepath.Join(t.TempDir(), "bag")
		copyDir(t, dir, d)
		fn(d)
		bundletest.Rebag(t, d)
		return verify(t, d)
	}
	tests := []struct {
		name string
		fn   func(dir string)
		code string
	}{
		{"report.pdf replaced, manifests recomputed", func(d string) {
			os.WriteFile(filepath.Join(d, "data", "report.pdf"), []byte("%PDF-1.4 a friendlier story\n"), 0o600)
		}, "export.file_mismatch"},
		{"entries.csv replaced", func(d string) {
			os.WriteFile(filepath.Join(d, "data", "entries.csv"), []byte("\ufeffid,text\r\n1,nothing happened\r\n"), 0o600)
		}, "export.file_mismatch"},
		{"a derived file added", func(d string) {
			os.WriteFile(filepath.Join(d, "data", "rules", "pa-2.md"), []byte("# Invented rule\n"), 0o600)
		}, "export.file_unlisted"},
		{"a listed file removed", func(d string) {
			os.Remove(filepath.Join(d, "data", "rules", "pa-1.md"))
		}, "export.file_missing"},
		{"a second export record", func(d string) {
			b, _ := os.ReadFile(filepath.Join(d, "data", filepath.FromSlash(exportRel)))
			os.WriteFile(filepath.Join(d, "data", "ledger", "records", "export-2.json"), b, 0o600)
		}, "export.multiple"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantProblem(t, edit(t, tt.fn), tt.code)
		})
	}
	t.Run("format 1 with an export record", func(t *testing.T) {
		d := filepath.Join(t.TempDir(), "bag")
		copyDir(t, dir, d)
		bundletest.SetBagInfo(t, d, "Kiroku-Bundle-Format", "1")
		wantProblem(t, verify(t, d), "export.format")
	})
}

// A forger who replaces report.pdf and rewrites the export record to list
// it, recomputing the chain: consistent but not anchored without a trusted
// timestamp; FAILED when a trusted timestamp covers the export record.
func TestForgedReportWithRewrittenExportRecord(t *testing.T) {
	f := format2(t)
	forged := *f
	forged.Links = append(f.Links[:0:0], f.Links...)
	forged.Records = map[string][]byte{}
	for k, v := range f.Records {
		forged.Records[k] = v
	}
	forged.Payload = map[string][]byte{}
	for k, v := range f.Payload {
		forged.Payload[k] = v
	}
	pdf := []byte("%PDF-1.4 a friendlier story\n")
	forged.Payload["report.pdf"] = pdf
	e, err := record.ParseExport(f.Records[exportRel])
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(pdf)
	for i := range e.Files {
		if e.Files[i].Path == "data/report.pdf" {
			e.Files[i].SHA256, e.Files[i].Size = hex.EncodeToString(sum[:]), int64(len(pdf))
		}
	}
	b, err := e.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	forged.ReplaceRecord(t, exportRel, b)

	t.Run("not anchored", func(t *testing.T) {
		r := verify(t, forged.WriteBag(t, t.TempDir(), "bag", false, nil))
		wantNotAnchored(t, r)
		if !r.Export.Bound || r.Export.ProvenBy != nil {
			t.Fatalf("%+v", r.Export)
		}
	})
	t.Run("trusted anchor over the export record: FAILED", func(t *testing.T) {
		a := bundletest.NewTSA(t)
		orig := f.WriteBag(t, t.TempDir(), "bag", false, f.Tokens(t, a, f.Head().Seq))
		dir := forged.WriteBag(t, t.TempDir(), "bag", false, nil)
		copyAnchors(t, orig, dir)
		r := verifyWith(t, dir, a.Roots(t))
		wantProblem(t, r, "anchor.text")
		if r.Anchored || bundle.ExitCode(r, nil) != bundle.ExitFailed {
			t.Fatalf("%s", text(t, r, "en"))
		}
	})
	t.Run("export head not a link of the chain", func(t *testing.T) {
		g := *f
		g.Links = append(f.Links[:0:0], f.Links...)
		g.Records = map[string][]byte{}
		for k, v := range f.Records {
			g.Records[k] = v
		}
		e, _ := record.ParseExport(f.Records[exportRel])
		e.Head.Link = strings.Repeat("ab", 32)
		b, err := e.Canonical()
		if err != nil {
			t.Fatal(err)
		}
		g.ReplaceRecord(t, exportRel, b)
		wantProblem(t, verify(t, g.WriteBag(t, t.TempDir(), "bag", false, nil)), "export.head")
	})
}

// A format-2 bag without an export record (a read-only vault cannot
// write one): a note, and the derived files are said to be unbound.
func TestFormat2WithoutExportRecord(t *testing.T) {
	f := bundletest.NewFixture(t)
	f.Format = 2
	r := verify(t, f.WriteBag(t, t.TempDir(), "bag", false, nil))
	mustOK(t, r)
	found := false
	for _, w := range r.Warnings {
		found = found || w.Code == "export.none"
	}
	if !found || r.Export.Bound || !strings.Contains(text(t, r, "en"), "this bundle has no export record") {
		t.Fatalf("%+v\n%s", r.Warnings, text(t, r, "en"))
	}
	r = verify(t, bundletest.NewFixture(t).WriteBag(t, t.TempDir(), "bag", false, nil))
	if !strings.Contains(text(t, r, "en"), "not bound to the records in this bundle format") {
		t.Fatalf("format 1:\n%s", text(t, r, "en"))
	}
}
