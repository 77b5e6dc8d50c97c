package record_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/record"
)

func sampleExport() record.Export {
	return record.Export{
		Version: 1, Salt: strings.Repeat("ab", 32), ExportID: 2,
		Head: record.ExportHead{Seq: 41, Link: strings.Repeat("0c", 32)},
		Files: []record.ExportFile{
			{Path: "data/entries.csv", SHA256: strings.Repeat("01", 32), Size: 10},
			{Path: "data/entries.json", SHA256: strings.Repeat("02", 32), Size: 20},
			{Path: "data/report.pdf", SHA256: strings.Repeat("03", 32), Size: 30},
			{Path: "data/rules/README.md", SHA256: strings.Repeat("04", 32), Size: 0},
		},
		RecordedAt: time.Date(2026, 12, 6, 5, 0, 0, 123, time.UTC),
	}
}

func TestExportRoundTrip(t *testing.T) {
	b, err := sampleExport().Canonical()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"v":1,"n":"` + strings.Repeat("ab", 32) + `","export":2,"head":{"seq":41,"link":"` + strings.Repeat("0c", 32) + `"},"files":[{"path":"data/entries.csv","sha256":"` + strings.Repeat("01", 32) + `","size":10},`
	if !strings.HasPrefix(string(b), want) {
		t.Fatalf("canonical form changed:\n%s", b)
	}
	e, err := record.ParseExport(b)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := e.Canonical()
	if !bytes.Equal(again, b) {
		t.Fatal("round trip changed the bytes")
	}
}

func TestExportRefused(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*record.Export)
	}{
		{"no id", func(e *record.Export) { e.ExportID = 0 }},
		{"no head", func(e *record.Export) { e.Head.Seq = 0 }},
		{"upper-case link", func(e *record.Export) { e.Head.Link = strings.Repeat("0C", 32) }},
		{"unsorted", func(e *record.Export) { e.Files[0], e.Files[1] = e.Files[1], e.Files[0] }},
		{"repeated", func(e *record.Export) { e.Files[1].Path = e.Files[0].Path }},
		{"ledger file", func(e *record.Export) { e.Files[3].Path = "data/ledger/chain.json" }},
		{"audio file", func(e *record.Export) { e.Files[0].Path = "data/audio/recording-1.wav" }},
		{"attachment", func(e *record.Export) { e.Files[0].Path = "data/attachments/a" }},
		{"tag file", func(e *record.Export) { e.Files[0].Path = "bag-info.txt" }},
		{"dot dot", func(e *record.Export) { e.Files[3].Path = "data/rules/../../bagit.txt" }},
		{"backslash", func(e *record.Export) { e.Files[3].Path = `data/rules\x` }},
		{"control", func(e *record.Export) { e.Files[3].Path = "data/rules/a\nb" }},
		{"bad utf-8", func(e *record.Export) { e.Files[3].Path = "data/rules/\xff" }},
		{"short hash", func(e *record.Export) { e.Files[2].SHA256 = "00" }},
		{"negative size", func(e *record.Export) { e.Files[2].Size = -1 }},
		{"bad salt", func(e *record.Export) { e.Salt = "x" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := sampleExport()
			tt.mod(&e)
			if _, err := e.Canonical(); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func FuzzParseExport(f *testing.F) {
	b, _ := sampleExport().Canonical()
	f.Add(b)
	f.Add([]byte(`{}`))
	f.Add(bytes.Replace(b, []byte("data/report.pdf"), []byte("data/ledger/x"), 1))
	f.Fuzz(func(t *testing.T, in []byte) {
		e, err := record.ParseExport(in)
		if err != nil {
			return
		}
		out, err := e.Canonical()
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("accepted bytes are not canonical")
		}
		for _, f := range e.Files {
			if !record.ExportCovers(f.Path) || strings.Contains(f.Path, "..") {
				t.Fatalf("accepted path %q", f.Path)
			}
		}
	})
}
