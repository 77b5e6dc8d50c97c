package export

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/bundle"
)

// A marker labelled and relabelled after its recording ended leaves in
// the bundle: the marker as placed, every label with its recorded time and
// record, and the current label; the verifier checks each label record
// against its link and its marker.
func TestExportRelabelledMarker(t *testing.T) {
	v := fullVault(t)
	recs, _ := v.Recordings()
	ms, err := v.Markers(recs[0].ID)
	if err != nil || len(ms) != 1 {
		t.Fatalf("markers: %v %v", ms, err)
	}
	for _, l := range []string{"上司が声を荒げた", "", "怒鳴り声「辞めろ」"} {
		if _, err := v.LabelMarker(recs[0].ID, ms[0].ID, l); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Millisecond)
	}
	dir := t.TempDir()
	bag := filepath.Join(dir, "bag")
	plan, _ := Prepare(v, everything())
	if _, err := Export(context.Background(), v, plan, Options{Out: bag, Lang: "both"}); err != nil {
		t.Fatal(err)
	}
	rep, err := bundle.Verify(context.Background(), bag, bundle.Options{})
	if err != nil || !rep.OK {
		t.Fatalf("verify: %v %+v", err, rep.Problems)
	}
	labelRecords := 0
	for _, r := range rep.Records {
		if r.Kind == "marker_label" {
			labelRecords++
			if !r.OK {
				t.Errorf("%s not OK", r.Path)
			}
		}
	}
	if labelRecords != 3 {
		t.Fatalf("%d marker_label records checked", labelRecords)
	}
	jb, _ := os.ReadFile(filepath.Join(bag, "data", "entries.json"))
	var e bundle.Entries
	if err := json.Unmarshal(jb, &e); err != nil {
		t.Fatal(err)
	}
	m := e.Recordings[0].Markers[0]
	if m.Label != "raised voice" || m.CurrentLabel == nil || *m.CurrentLabel != "怒鳴り声「辞めろ」" || len(m.Labels) != 3 ||
		m.Labels[1].Label != "" || m.Labels[0].Record != "ledger/records/marker_label-1.json" ||
		!m.Labels[2].RecordedAt.After(m.Labels[0].RecordedAt) {
		t.Fatalf("marker in entries.json: %+v", m)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", filepath.Join(bag, "data", "report.pdf"), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		txt := strings.Join(strings.Fields(string(out)), "")
		for _, want := range []string{"怒鳴り声「辞めろ」", "上司が声を荒げた", "raisedvoice", "ラベルを消去", "labelcleared"} {
			if !strings.Contains(txt, want) {
				t.Errorf("report.pdf lacks %q", want)
			}
		}
	}

	// Labels keep the payload deterministic.
	var manifests []string
	for _, name := range []string{"d1", "d2"} {
		plan, _ := Prepare(v, everything())
		if _, err := Export(context.Background(), v, plan, Options{Out: filepath.Join(dir, name), Lang: "ja",
			Date: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(filepath.Join(dir, name, "manifest-sha256.txt"))
		manifests = append(manifests, string(b))
	}
	sameExceptExport(t, []byte(manifests[0]), []byte(manifests[1]))
	if !strings.Contains(manifests[0], "marker_label-3.json") {
		t.Fatalf("labels not exported:\n%s", manifests[0])
	}

	// entries.json saying another label than its record is caught, and so
	// is a changed label record.
	tests := []struct {
		name, file, old, new, code string
	}{
		{"label in entries.json", "entries.json", `"label": "上司が声を荒げた"`, `"label": "上司が謝った"`, "entries.mismatch"},
		{"current label", "entries.json", `"current_label": "怒鳴り声「辞めろ」"`, `"current_label": "上司が声を荒げた"`, "entries.mismatch"},
		{"label record", "ledger/records/marker_label-3.json", `怒鳴り声`, `話し声`, "record.hash"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cp := filepath.Join(t.TempDir(), "bag")
			if err := os.CopyFS(cp, os.DirFS(bag)); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(cp, "data", filepath.FromSlash(tt.file))
			b, _ := os.ReadFile(p)
			if !bytes.Contains(b, []byte(tt.old)) {
				t.Fatalf("%s lacks %s", tt.file, tt.old)
			}
			os.WriteFile(p, bytes.Replace(b, []byte(tt.old), []byte(tt.new), 1), 0o644)
			rep, err := bundle.Verify(context.Background(), cp, bundle.Options{})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, pr := range rep.Problems {
				found = found || pr.Code == tt.code
			}
			if rep.OK || !found {
				t.Fatalf("not reported as %s: %+v", tt.code, rep.Problems)
			}
		})
	}
}
