package export

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/vault"
)

func tone(n int) []byte {
	b := make([]byte, 2*n)
	for i := range n {
		b[2*i] = byte(i * 7)
		b[2*i+1] = byte(i >> 3)
	}
	return b
}

// fullVault holds one of everything: entries in both languages with an
// edit, a recording with a marker, an imported file, hours with flags.
func fullVault(t *testing.T) *vault.Vault {
	t.Helper()
	v := testVault(t)
	a := add(t, v, 3, "上司に会議室で「辞めろ」と怒鳴られた", "田中", "power-harassment")
	if _, err := v.Edit(a.ID, record.Fields{EventTime: a.Fields.EventTime, EventZone: "Asia/Tokyo",
		Text: "上司に会議室で「辞めろ」と大声で怒鳴られた", Quote: "お前なんか辞めてしまえ",
		People: a.Fields.People, Categories: []string{"power-harassment", "forced-resignation"}}, "wording"); err != nil {
		t.Fatal(err)
	}
	add(t, v, 10, "Told in front of the team that I am useless", "Suzuki", "power-harassment")
	w, err := v.StartRecording(record.AudioFormat{Codec: "pcm_s16le", SampleRate: 8000, Channels: 1, Bits: 16}, "USB mic", a.ID, "meeting")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(tone(8000))
	w.Marker(500*time.Millisecond, "raised voice")
	w.Write(tone(4000))
	if _, err := w.Finish(); err != nil {
		t.Fatal(err)
	}
	if _, err := v.ImportReader(strings.NewReader("From: boss\nSubject: 明日から来なくていい\n"), "メール 1.eml", time.Time{}, a.ID); err != nil {
		t.Fatal(err)
	}
	var hrs []record.Hours
	for d := 1; d <= 28; d++ {
		date := time.Date(2026, 10, d, 0, 0, 0, 0, time.UTC)
		if date.Weekday() == time.Sunday {
			continue
		}
		hrs = append(hrs, record.Hours{Date: date.Format(time.DateOnly), Start: "08:00", End: "22:00", BreakMinutes: 60, DayType: record.DayWorkday})
	}
	if _, err := v.AddHours(hrs); err != nil {
		t.Fatal(err)
	}
	return v
}

func everything() Selection {
	return Selection{Recordings: true, Attachments: true, Hours: true}
}

func TestExportVerifyRoundTrip(t *testing.T) {
	v := fullVault(t)
	dir := t.TempDir()
	plan, err := Prepare(v, everything())
	if err != nil {
		t.Fatal(err)
	}
	bag := filepath.Join(dir, "bag")
	res, err := Export(context.Background(), v, plan, Options{Out: bag, Lang: "both"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Entries != 2 || res.Recordings != 1 || res.Attachments != 1 || res.HoursDays != 24 || res.HoursFlags == 0 {
		t.Fatalf("result: %+v", res)
	}
	for _, want := range []string{"power-harassment-definition", "overtime-caps", "rousai-item-80-hours"} {
		found := false
		for _, r := range res.Rules {
			found = found || r == want
		}
		if !found {
			t.Errorf("rule %s not exported: %v", want, res.Rules)
		}
		if _, err := os.Stat(filepath.Join(bag, "data", "rules", want+".md")); err != nil && found {
			t.Error(err)
		}
	}
	rep, err := bundle.Verify(context.Background(), bag, bundle.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK {
		t.Fatalf("verify: %+v", rep.Problems)
	}
	// Standard tools agree.
	for _, c := range [][]string{{"sha256sum", "-c", "--quiet", "manifest-sha256.txt"}, {"sha256sum", "-c", "--quiet", "tagmanifest-sha256.txt"},
		{"shasum", "-a", "256", "-c", "manifest-sha256.txt"}} {
		if _, err := exec.LookPath(c[0]); err != nil {
			t.Logf("%s not installed", c[0])
			continue
		}
		cmd := exec.Command(c[0], c[1:]...)
		cmd.Dir = bag
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", c, err, out)
		}
	}
	// The report carries the Japanese and English text.
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", filepath.Join(bag, "data", "report.pdf"), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		txt := strings.Join(strings.Fields(string(out)), "")
		for _, want := range []string{"大声で怒鳴られた", "Toldinfrontoftheteam", "メール1.eml", res.HeadLink.String()[:16]} {
			if !strings.Contains(txt, want) {
				t.Errorf("report.pdf lacks %q", want)
			}
		}
	}
	// entries.csv opens in Japanese spreadsheets: BOM and CRLF.
	csv, _ := os.ReadFile(filepath.Join(bag, "data", "entries.csv"))
	if !bytes.HasPrefix(csv, []byte("\ufeffid,")) || !bytes.Contains(csv, []byte("\r\n")) || !bytes.Contains(csv, []byte("怒鳴られた")) {
		t.Fatalf("entries.csv: %q", csv[:min(80, len(csv))])
	}
	// Device names stay in the vault unless asked for.
	if b, _ := os.ReadFile(filepath.Join(bag, "data", "entries.json")); bytes.Contains(b, []byte("USB mic")) {
		t.Fatal("device name exported without Metadata")
	}
	if _, err := os.Stat(filepath.Join(bag, "data", "ledger", "records", "recording-1-start.json")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("start record exported without Metadata")
	}
	// Exporting again to an existing name is refused; nothing is touched.
	if _, err := Export(context.Background(), v, plan, Options{Out: bag}); err == nil {
		t.Fatal("export over an existing bag")
	}
}

// sameExceptExport fails unless two exports' manifests list the same files
// with the same hashes, except that each has its own export record and
// chain tail: data/ledger/chain.json, data/ledger/links.jsonl and one
// data/ledger/records/export-<id>.json differ, all else is identical.
func sameExceptExport(t *testing.T, a, b []byte) {
	t.Helper()
	parse := func(m []byte) (same map[string]string, tail map[string]string) {
		same, tail = map[string]string{}, map[string]string{}
		for _, l := range strings.Split(strings.TrimSpace(string(m)), "\n") {
			sum, p, _ := strings.Cut(l, "  ")
			if p == "data/ledger/chain.json" || p == "data/ledger/links.jsonl" || strings.HasPrefix(p, "data/ledger/records/export-") {
				tail[p] = sum
			} else {
				same[p] = sum
			}
		}
		return same, tail
	}
	sa, ta := parse(a)
	sb, tb := parse(b)
	if !maps.Equal(sa, sb) {
		t.Fatalf("payload differs between two exports:\n%s\n---\n%s", a, b)
	}
	if len(ta) != 3 || len(tb) != 3 {
		t.Fatalf("each export should add one export record and the chain: %v / %v", ta, tb)
	}
	for p, sum := range ta {
		if tb[p] == sum {
			t.Errorf("%s is the same in both exports: the second should carry its own export record", p)
		}
	}
}

// Same vault and selection: the same derived files and records, as a folder
// and as a zip; each export adds only its own export record (and thus the
// chain's tail).
func TestExportDeterministic(t *testing.T) {
	v := fullVault(t)
	dir := t.TempDir()
	sel := everything()
	sel.Metadata = true
	manifests := make([][]byte, 0, 2)
	for _, name := range []string{"a", "b"} {
		plan, _ := Prepare(v, sel)
		if _, err := Export(context.Background(), v, plan, Options{Out: filepath.Join(dir, name), Lang: "ja",
			Date: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		m, _ := os.ReadFile(filepath.Join(dir, name, "manifest-sha256.txt"))
		manifests = append(manifests, m)
	}
	// The derived files and the records are the same bytes; only the new
	// export record and the chain's tail (chain.json, links.jsonl) differ.
	sameExceptExport(t, manifests[0], manifests[1])
	if !bytes.Contains(manifests[0], []byte("recording-1-start.json")) {
		t.Fatal("Metadata did not export the start record")
	}
	plan, _ := Prepare(v, sel)
	res, err := Export(context.Background(), v, plan, Options{Out: filepath.Join(dir, "c"), Zip: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(res.Path, "c.zip") {
		t.Fatalf("zip path %s", res.Path)
	}
	rep, err := bundle.Verify(context.Background(), res.Path, bundle.Options{})
	if err != nil || !rep.OK {
		t.Fatalf("zip verify: %v %+v", err, rep)
	}
}

// A cancelled export leaves nothing that looks finished.
func TestExportCancelled(t *testing.T) {
	v := fullVault(t)
	dir := t.TempDir()
	plan, _ := Prepare(v, everything())
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	_, err := Export(ctx, v, plan, Options{Out: filepath.Join(dir, "bag"), Zip: true, Progress: func(done, total int64) {
		if n++; n == 2 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled export: %v", err)
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 0 {
		var names []string
		for _, e := range left {
			names = append(names, e.Name())
		}
		t.Fatalf("left behind: %v", names)
	}
}

// The entries.json written is what the verifier expects, and a record
// altered in the bag after export fails the chain check even when the
// manifests are recomputed.
func TestExportTamperedRecord(t *testing.T) {
	v := fullVault(t)
	dir := t.TempDir()
	plan, _ := Prepare(v, everything())
	bag := filepath.Join(dir, "bag")
	if _, err := Export(context.Background(), v, plan, Options{Out: bag, Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(bag, "data", "ledger", "records", "revision-2.json")
	b, _ := os.ReadFile(p)
	b = bytes.Replace(b, []byte("大声で"), []byte("静かに"), 1)
	os.WriteFile(p, b, 0o644)
	rep, err := bundle.Verify(context.Background(), bag, bundle.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK {
		t.Fatal("a changed record verified")
	}
	var e bundle.Entries
	jb, _ := os.ReadFile(filepath.Join(bag, "data", "entries.json"))
	if err := json.Unmarshal(jb, &e); err != nil || len(e.Entries) != 2 || len(e.Entries[0].Revisions) != 2 {
		t.Fatalf("entries.json: %v %+v", err, e)
	}
}
