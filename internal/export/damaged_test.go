package export

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/vault"
	"github.com/kiroku-app/kiroku/internal/vault/vaulttest"
)

// reopen opens and unlocks the vault at path after it was changed outside
// Kiroku; it is closed when the test ends.
func reopen(t *testing.T, path string) *vault.Vault {
	t.Helper()
	v, err := vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	if err := v.Unlock([]byte("pass")); err != nil {
		t.Fatal(err)
	}
	return v
}

// A vault with damaged records still exports everything that opens: the
// damaged records are left out and named in entries.json, VERIFY.txt, the
// report and the verifier's output, and the bundle verifies. (Before, one
// damaged record made the whole export fail, so a worker could hand the
// lawyer nothing.)
func TestExportLeavesOutDamagedRecords(t *testing.T) {
	v := testVault(t)
	path := v.Path()
	a := add(t, v, 3, "上司に会議室で怒鳴られた", "田中")
	add(t, v, 4, "Damaged entry text", "Suzuki")
	add(t, v, 5, "同僚の前で無能と言われた", "佐藤")
	if _, err := v.Edit(a.ID, record.Fields{EventTime: a.Fields.EventTime, EventZone: "Asia/Tokyo",
		Text: "上司に会議室で大声で怒鳴られた", People: a.Fields.People}, "wording"); err != nil {
		t.Fatal(err)
	}
	v.Close()
	vaulttest.FlipRevisionBody(t, path, "id = 1") // entry 1's first revision: its edit still opens
	vaulttest.FlipRevisionBody(t, path, "id = 2") // entry 2's only revision
	v = reopen(t, path)
	plan, err := Prepare(v, everything())
	if err != nil {
		t.Fatalf("a vault with damaged records does not export: %v", err)
	}
	want := []string{"revision:1", "revision:2"}
	if !slices.Equal(plan.Damaged, want) {
		t.Fatalf("plan names as damaged %v, want %v", plan.Damaged, want)
	}
	bag := filepath.Join(t.TempDir(), "bag")
	res, err := Export(context.Background(), v, plan, Options{Out: bag, Lang: "both", Date: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Entries != 2 || !slices.Equal(res.Damaged, want) {
		t.Fatalf("result: %d entries, damaged %v", res.Entries, res.Damaged)
	}
	jb, _ := os.ReadFile(filepath.Join(bag, "data", "entries.json"))
	ents, err := bundle.ParseEntries(jb)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ents.Damaged, want) || len(ents.Entries) != 2 {
		t.Fatalf("entries.json: damaged %v, %d entries", ents.Damaged, len(ents.Entries))
	}
	for _, en := range ents.Entries {
		if en.ID == a.ID && (len(en.Revisions) != 1 || en.Revisions[0].Rev != 2) {
			t.Fatalf("entry %d: %+v", en.ID, en.Revisions)
		}
	}
	if bytes.Contains(jb, []byte("Damaged entry text")) {
		t.Fatal("the damaged entry's text came out")
	}
	vt, _ := os.ReadFile(filepath.Join(bag, "VERIFY.txt"))
	for _, s := range []string{"revision:1, revision:2", "Left out: records that could not be opened", "除外"} {
		if !bytes.Contains(vt, []byte(s)) {
			t.Errorf("VERIFY.txt lacks %q", s)
		}
	}
	rep, err := bundle.Verify(context.Background(), bag, bundle.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK || !slices.Equal(rep.Entries.LeftOut, want) {
		t.Fatalf("verify: ok %v, left out %v, problems %+v", rep.OK, rep.Entries.LeftOut, rep.Problems)
	}
	var out bytes.Buffer
	if err := rep.WriteText(&out, "en"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "could not open in the vault (damaged there): 2 (revision:1, revision:2)") {
		t.Fatalf("the verifier does not say what was left out:\n%s", out.String())
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		pdf, err := exec.Command("pdftotext", filepath.Join(bag, "data", "report.pdf"), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		txt := strings.Join(strings.Fields(string(pdf)), "")
		for _, s := range []string{"revision:1,revision:2", "大声で怒鳴られた", "同僚の前で無能と言われた"} {
			if !strings.Contains(txt, s) {
				t.Errorf("report.pdf lacks %q", s)
			}
		}
	}
}

// An entry chosen by number that does not open is named as damaged, not
// as missing.
func TestExportChosenDamagedEntry(t *testing.T) {
	v := testVault(t)
	path := v.Path()
	add(t, v, 3, "one", "A")
	add(t, v, 4, "two", "B")
	v.Close()
	vaulttest.FlipRevisionBody(t, path, "id = 2")
	_, err := Prepare(reopen(t, path), Selection{Entries: []int64{2}})
	if err == nil || !strings.Contains(err.Error(), "revision:2") {
		t.Fatalf("choosing a damaged entry: %v", err)
	}
}

// A recording whose audio no longer opens (one chunk changed) is left out
// whole and named, in a folder bag and in a zip; everything else is
// exported and the bundle verifies. (Before, the export failed: the
// worker could hand the lawyer nothing.)
func TestExportLeavesOutDamagedAudio(t *testing.T) {
	v := fullVault(t)
	path := v.Path()
	v.Close()
	vaulttest.FlipChunkBody(t, path, 1, 0)
	v = reopen(t, path)
	for _, zip := range []bool{false, true} {
		plan, err := Prepare(v, everything())
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "bag")
		res, err := Export(context.Background(), v, plan, Options{Out: out, Zip: zip, Lang: "ja"})
		if err != nil {
			t.Fatalf("zip %v: a vault with damaged audio does not export: %v", zip, err)
		}
		if res.Recordings != 0 || res.Entries != 2 || res.Attachments != 1 || !slices.Contains(res.Damaged, "recording:1") {
			t.Fatalf("zip %v: result %+v", zip, res)
		}
		rep, err := bundle.Verify(context.Background(), res.Path, bundle.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK || !slices.Contains(rep.Entries.LeftOut, "recording:1") {
			t.Fatalf("zip %v: verify ok %v, left out %v, problems %+v", zip, rep.OK, rep.Entries.LeftOut, rep.Problems)
		}
	}
}
