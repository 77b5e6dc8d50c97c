package bundle_test

import (
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/bundle/bundletest"
)

// entries.json's "damaged" list is the exporter's statement that records
// were left out. The verifier holds it to the bundle: a record said to be
// left out must have a link (it existed) and must not be in the bag, so a
// forger cannot name a record that never existed, nor call a record that is
// there "left out"; and the report attributes the statement to entries.json.
func TestLeftOutRecords(t *testing.T) {
	// Attachment 1 left out, as the exporter does with a damaged record:
	// its link stays in the chain, its record, file and entry go.
	leaveOut := func(f *bundletest.Fixture) {
		delete(f.Records, "ledger/records/attachment-1.json")
		for p := range f.Payload {
			if strings.HasPrefix(p, "attachments/") {
				delete(f.Payload, p)
			}
		}
		f.Entries.Attachments = nil
	}
	const checked = "Each of them has a link in the chain, so it existed"
	for _, c := range []struct {
		name    string
		damaged []string
		problem string // "" for a consistent bag
	}{
		{"left out as the exporter does", []string{"attachment:1"}, ""},
		{"a record that never existed", []string{"attachment:1", "revision:99"}, "entries.left_out_unlinked"},
		{"a record the bag holds", []string{"attachment:1", "recording:1"}, "entries.left_out_present"},
		{"not a record name", []string{"attachment:1", "../../etc"}, "entries.left_out_name"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := bundletest.NewFixture(t)
			leaveOut(f)
			f.Entries.Damaged = c.damaged
			r := verify(t, f.WriteBag(t, t.TempDir(), "bag", false, nil))
			if c.problem == "" {
				if !r.Consistent || len(r.Entries.LeftOut) != 1 {
					t.Fatalf("a bag with a record left out as the exporter does:\n%s", text(t, r, "en"))
				}
				if out := text(t, r, "en"); !strings.Contains(out, "entries.json says the exporter left out records it could not open in the vault (damaged there): 1 (attachment:1)") ||
					!strings.Contains(out, checked) {
					t.Fatalf("the statement is not attributed to entries.json, or what was checked of it not said:\n%s", out)
				}
				return
			}
			wantProblem(t, r, c.problem)
			if strings.Contains(text(t, r, "en"), checked) {
				t.Fatalf("a failed statement is still said to be checked:\n%s", text(t, r, "en"))
			}
			if r.Consistent || bundle.ExitCode(r, nil) != bundle.ExitFailed {
				t.Fatalf("%s passed:\n%s", c.name, text(t, r, "en"))
			}
		})
	}
}
