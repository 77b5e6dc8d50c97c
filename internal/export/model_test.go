package export

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/record"
)

// The preview (the plan) is made minutes before the bundle is written; an
// edit saved in between is in the bundle's records, so entries.json, the
// CSV and the report must all show it. (entries.csv was rendered from the
// plan's copy and showed the wording the records no longer held.)
func TestDerivedFilesAgreeWithRecordsAfterEditDuringPreview(t *testing.T) {
	v := testVault(t)
	a := add(t, v, 3, "OLD-WORDING of what was said", "田中", "power-harassment")
	plan, err := Prepare(v, Selection{})
	if err != nil {
		t.Fatal(err)
	}
	f := a.Fields
	f.Text = "NEW-WORDING after a correction"
	if _, err := v.Edit(a.ID, f, "correction"); err != nil {
		t.Fatal(err)
	}
	bag := filepath.Join(t.TempDir(), "bag")
	if _, err := Export(context.Background(), v, plan, Options{Out: bag, Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	if rep, err := bundle.Verify(context.Background(), bag, bundle.Options{}); err != nil || !rep.OK {
		t.Fatalf("verify: %v %+v", err, rep)
	}

	var ents bundle.Entries
	b, err := os.ReadFile(filepath.Join(bag, "data", "entries.json"))
	if err != nil || json.Unmarshal(b, &ents) != nil || len(ents.Entries) != 1 {
		t.Fatalf("entries.json: %v %s", err, b)
	}
	revs := ents.Entries[0].Revisions
	if len(revs) != 2 || revs[1].Fields.Text != f.Text || revs[1].Kind != record.KindEdit {
		t.Fatalf("entries.json revisions %+v", revs)
	}

	c, err := os.Open(filepath.Join(bag, "data", "entries.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rows, err := csv.NewReader(c).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("entries.csv: %v %q", err, rows)
	}
	if text, nrev := rows[1][8], rows[1][5]; text != f.Text || nrev != "2" {
		t.Errorf("entries.csv says %q with %s revisions; the records say %q with 2", text, nrev, f.Text)
	}

	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	out, err := exec.Command("pdftotext", "-layout", filepath.Join(bag, "data", "report.pdf"), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "NEW-WORDING") {
		t.Errorf("the report lacks the wording the records hold:\n%s", out)
	}
}
