package vault_test

import (
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/vault"
)

func exportFiles() []record.ExportFile {
	return []record.ExportFile{
		{Path: "data/entries.json", SHA256: strings.Repeat("ab", 32), Size: 10},
		{Path: "data/report.pdf", SHA256: strings.Repeat("cd", 32), Size: 20},
	}
}

// An export record is sealed in the vault with a ledger link; check opens
// every one and compares it with its link, and reports one that was
// changed, swapped with another or removed outside Kiroku.
func TestExportRecordCheck(t *testing.T) {
	flip := `UPDATE exports SET body = CAST(substr(body, 1, 40) ||
		CASE WHEN substr(body, 41, 1) = x'00' THEN x'01' ELSE x'00' END || substr(body, 42) AS BLOB) WHERE id = 1`
	tests := []struct {
		name string
		sql  []string
	}{
		{"flipped", []string{flip}},
		{"swapped", []string{"UPDATE exports SET body = (SELECT body FROM exports WHERE id = 2) WHERE id = 1"}},
		{"deleted", []string{"DELETE FROM exports WHERE id = 1"}},
		{"link changed", []string{"UPDATE ledger SET record_hash = (SELECT record_hash FROM ledger WHERE ref = 'export:2') WHERE ref = 'export:1'"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, path, _ := newVault(t)
			e, _ := v.Add(fields("an entry"))
			_, head, err := v.Head()
			if err != nil {
				t.Fatal(err)
			}
			h := record.ExportHead{Seq: 1, Link: head.String()}
			exp, canon, link, err := v.AddExport(h, exportFiles())
			if err != nil {
				t.Fatal(err)
			}
			if exp.ExportID != 1 || link.Ref != "export:1" || link.Kind != vault.LinkExport || link.Seq != 2 || exp.Head != h {
				t.Fatalf("record %+v link %+v", exp, link)
			}
			if got, err := v.RecordCanonical("export:1"); err != nil || string(got) != string(canon) {
				t.Fatalf("RecordCanonical: %v", err)
			}
			if _, _, _, err := v.AddExport(h, exportFiles()); err != nil {
				t.Fatal(err)
			}
			if rep, err := v.Check(); err != nil || !rep.OK() {
				t.Fatalf("check before: %v %+v", err, rep.Problems)
			}
			_ = e
			v.Close()
			raw(t, path, tt.sql...)
			v2, err := vault.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer v2.Close()
			if err := v2.Unlock(pass); err != nil {
				t.Fatal(err)
			}
			rep, err := v2.Check()
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range rep.Problems {
				found = found || p.Ref == "export:1"
			}
			if !found {
				t.Fatalf("not reported: %+v", rep.Problems)
			}
		})
	}
}

// A read-only vault refuses the record (its exports are then unbound).
func TestExportRecordReadOnly(t *testing.T) {
	v, path, _ := newVault(t)
	v.Add(fields("an entry"))
	_, head, _ := v.Head()
	v.Close()
	ro, err := vault.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if err := ro.Unlock(pass); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := ro.AddExport(record.ExportHead{Seq: 1, Link: head.String()}, exportFiles()); err == nil {
		t.Fatal("a read-only vault took an export record")
	}
}
