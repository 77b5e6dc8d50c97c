package export

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// bagFiles hashes every payload file of a written bag that an export
// record must list (record.ExportCovers), by bag path.
func bagFiles(t *testing.T, bag string) map[string]record.ExportFile {
	t.Helper()
	out := map[string]record.ExportFile{}
	err := filepath.WalkDir(filepath.Join(bag, "data"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(bag, p)
		rel = filepath.ToSlash(rel)
		if !record.ExportCovers(rel) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out[rel] = record.ExportFile{Path: rel, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(b))}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The export record lists exactly the derived files of the bag as written
// (hashed here from the files), names the snapshot head, is the head of
// the bag's chain and of bag-info, and the vault's check opens it.
func TestExportRecordBindsDerivedFiles(t *testing.T) {
	v := fullVault(t)
	bag := filepath.Join(t.TempDir(), "bag")
	plan, err := Prepare(v, everything())
	if err != nil {
		t.Fatal(err)
	}
	res, err := Export(context.Background(), v, plan, Options{Out: bag})
	if err != nil {
		t.Fatal(err)
	}
	if res.Unbound || res.ExportID != 1 || res.ExportSeq != res.HeadSeq+1 {
		t.Fatalf("result %+v", res)
	}
	canon, err := os.ReadFile(filepath.Join(bag, "data", "ledger", "records", "export-1.json"))
	if err != nil {
		t.Fatal(err)
	}
	exp, err := record.ParseExport(canon)
	if err != nil {
		t.Fatal(err)
	}
	inVault, err := v.RecordCanonical("export:1")
	if err != nil || !bytes.Equal(inVault, canon) {
		t.Fatalf("the vault's record differs from the bag's (%v)", err)
	}
	if exp.Head.Seq != res.HeadSeq || exp.Head.Link != res.HeadLink.String() {
		t.Errorf("record head %+v, snapshot %d %s", exp.Head, res.HeadSeq, res.HeadLink)
	}
	want := bagFiles(t, bag)
	if len(exp.Files) != len(want) {
		t.Errorf("record lists %d files, the bag has %d derived files", len(exp.Files), len(want))
	}
	for _, f := range exp.Files {
		if w, ok := want[f.Path]; !ok || w != f {
			t.Errorf("record lists %+v, the bag has %+v", f, w)
		}
	}
	for _, p := range []string{"data/report.pdf", "data/entries.json", "data/entries.csv", "data/entries.schema.json", "data/hours.csv", "data/hours.json", "data/rules/README.md"} {
		if _, ok := want[p]; !ok {
			t.Errorf("%s missing from the bag", p)
		}
	}
	// The chain in the bag ends at the export link.
	var ch bundle.Chain
	b, _ := os.ReadFile(filepath.Join(bag, "data", "ledger", "chain.json"))
	if err := json.Unmarshal(b, &ch); err != nil {
		t.Fatal(err)
	}
	if ch.Head.Seq != res.ExportSeq || ch.Head.Link != res.ExportLink {
		t.Errorf("chain.json head %+v, export link %d %s", ch.Head, res.ExportSeq, res.ExportLink)
	}
	info, _ := os.ReadFile(filepath.Join(bag, "bag-info.txt"))
	for _, want := range []string{"Kiroku-Bundle-Format: 2\n", "Kiroku-Ledger-Head: " + strconv.FormatUint(res.ExportSeq, 10) + " " + res.ExportLink.String() + "\n"} {
		if !strings.Contains(string(info), want) {
			t.Errorf("bag-info.txt lacks %q:\n%s", want, info)
		}
	}
	rep, err := bundle.Verify(context.Background(), bag, bundle.Options{})
	if err != nil || !rep.OK {
		t.Fatalf("verify: %v %+v", err, rep.Problems)
	}
	crep, err := v.Check()
	if err != nil || !crep.OK() {
		t.Fatalf("check: %v %+v", err, crep.Problems)
	}
}

// A read-only vault (a backup) cannot take an export record: the export
// still works, in bundle format 2, without an export record, and says so.
func TestExportReadOnlyUnbound(t *testing.T) {
	v := fullVault(t)
	path := v.Path()
	v.Close()
	ro, err := vault.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if err := ro.Unlock([]byte("pass")); err != nil {
		t.Fatal(err)
	}
	plan, err := Prepare(ro, everything())
	if err != nil {
		t.Fatal(err)
	}
	bag := filepath.Join(t.TempDir(), "bag")
	res, err := Export(context.Background(), ro, plan, Options{Out: bag, Date: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Unbound || res.ExportID != 0 {
		t.Fatalf("result %+v", res)
	}
	if m, _ := filepath.Glob(filepath.Join(bag, "data", "ledger", "records", "export-*")); len(m) != 0 {
		t.Errorf("export record in an unbound bag: %v", m)
	}
	info, _ := os.ReadFile(filepath.Join(bag, "bag-info.txt"))
	if !strings.Contains(string(info), "Kiroku-Bundle-Format: 2\n") ||
		!strings.Contains(string(info), "Kiroku-Ledger-Head: "+strconv.FormatUint(res.HeadSeq, 10)+" "+res.HeadLink.String()) {
		t.Errorf("bag-info.txt:\n%s", info)
	}
	rep, err := bundle.Verify(context.Background(), bag, bundle.Options{})
	if err != nil || !rep.OK {
		t.Fatalf("verify: %v %+v", err, rep.Problems)
	}
}
