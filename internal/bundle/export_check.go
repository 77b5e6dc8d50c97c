package bundle

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/record"
)

// ExportResult says whether the bag's derived files (report.pdf,
// entries.json and .csv, the hours files, rules/) are bound to the ledger
// by an export record (bundle format 2). Without that, anyone holding the
// bag can replace them and recompute the manifests: only the records are
// then evidence.
type ExportResult struct {
	BundleFormat string `json:"bundle_format"`
	// Bound: an export record whose link is in the chain lists every
	// derived file with the hash and size found in the bag.
	Bound      bool      `json:"bound"`
	ID         int64     `json:"id,omitempty"`
	Seq        uint64    `json:"seq,omitempty"` // the export record's link
	RecordedAt time.Time `json:"recorded_at,omitzero"`
	Files      int       `json:"files,omitempty"`
	// ProvenBy is the earliest trusted time covering the export record's
	// link: the derived files existed, as they are, by then.
	ProvenBy *time.Time `json:"proven_by,omitempty"`
}

type exportFound struct {
	seq uint64
}

// checkExport binds the derived files to the chain (docs/FORMAT.md,
// "Export record"): in a format-2 bag exactly one export record, checked
// against its link like every record (checkRecords), whose head is a link
// of the chain and whose file list is exactly the bag's derived files.
func (v *verifier) checkExport() {
	r := v.r
	r.Export.BundleFormat = v.format
	var paths []string
	for p, h := range v.files {
		if strings.HasPrefix(p, recordsDir+"export-") && !ignoredName(p) && h.present {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	if v.format != "2" {
		if len(paths) > 0 {
			r.problem("export.format", paths[0], "an export record in a bundle of format "+v.format)
		}
		return
	}
	switch len(paths) {
	case 0:
		// A bag made from a read-only vault cannot write the record.
		r.warn("export.none", recordsDir, "")
		return
	case 1:
	default:
		r.problem("export.multiple", recordsDir, strings.Join(paths, ", "))
		return
	}
	p := paths[0]
	var rr *RecordResult
	for i := range r.Records {
		if r.Records[i].Path == p {
			rr = &r.Records[i]
		}
	}
	if rr == nil || !rr.OK {
		return // its problem is reported with the records
	}
	b, ok := v.data(p)
	if !ok {
		return
	}
	e, err := record.ParseExport(b)
	if err != nil {
		return // reported as record.invalid
	}
	r.Export.ID, r.Export.Seq, r.Export.RecordedAt, r.Export.Files = e.ExportID, rr.Seq, e.RecordedAt, len(e.Files)
	v.export = &exportFound{seq: rr.Seq}
	bad := 0
	fail := func(code, path, detail string) {
		r.problem(code, path, detail)
		bad++
	}
	if e.Head.Seq == 0 || e.Head.Seq > uint64(len(v.recomputed)) || ledger.Hash(v.recomputed[e.Head.Seq-1]).String() != e.Head.Link {
		fail("export.head", p, fmt.Sprintf("head seq %d link %s is not a link of the chain", e.Head.Seq, e.Head.Link))
	}
	listed := map[string]record.ExportFile{}
	for _, f := range e.Files {
		listed[f.Path] = f
		h, present := v.files[f.Path]
		switch {
		case !present || !h.present:
			fail("export.file_missing", f.Path, fmt.Sprintf("export record %d lists it", e.ExportID))
		case h.err != nil:
			fail("export.file_mismatch", f.Path, h.err.Error())
		case h.sum != f.SHA256 || h.size != f.Size:
			fail("export.file_mismatch", f.Path, fmt.Sprintf("export record %d: %s, %d bytes; found %s, %d bytes", e.ExportID, f.SHA256, f.Size, h.sum, h.size))
		}
	}
	var present []string
	for fp, h := range v.files {
		if h.present && record.ExportCovers(fp) && !ignoredName(fp) {
			present = append(present, fp)
		}
	}
	sort.Strings(present)
	for _, fp := range present {
		if _, ok := listed[fp]; !ok {
			fail("export.file_unlisted", fp, fmt.Sprintf("not in export record %d", e.ExportID))
		}
	}
	r.Export.Bound = bad == 0
}
