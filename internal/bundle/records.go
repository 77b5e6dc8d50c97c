package bundle

import (
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/record"
)

// recordKinds maps a ledger kind to the parser of its canonical records.
// A parser checks that the bytes are canonical and returns the id the
// record gives itself (0 when it names none), which must match its ref,
// and the time the vault says it wrote the record (zero when it has none),
// which a timestamp covering the record must not precede. A new kind is one
// line here.
var recordKinds = map[string]func(b []byte) (selfID int64, at time.Time, err error){
	"revision": func(b []byte) (int64, time.Time, error) {
		r, err := record.ParseRevision(b)
		return 0, r.RecordedAt, err
	},
	"purge": func(b []byte) (int64, time.Time, error) {
		p, err := record.ParsePurge(b)
		return 0, p.RecordedAt, err
	},
	"recording": func(b []byte) (int64, time.Time, error) {
		e, err := record.ParseRecordingEnd(b)
		return e.RecordingID, e.EndedAt, err
	},
	"attachment": func(b []byte) (int64, time.Time, error) {
		a, err := record.ParseAttachment(b)
		return a.AttachmentID, a.ImportedAt, err
	},
	"hours": func(b []byte) (int64, time.Time, error) {
		h, err := record.ParseHours(b)
		return h.HoursID, h.RecordedAt, err
	},
	"marker_label": func(b []byte) (int64, time.Time, error) {
		l, err := record.ParseMarkerLabel(b)
		return l.LabelID, l.RecordedAt, err
	},
	"export": func(b []byte) (int64, time.Time, error) {
		e, err := record.ParseExport(b)
		return e.ExportID, e.RecordedAt, err
	},
	// Transcripts and translations name the transcript or translation,
	// not their row: no self id.
	"transcript": func(b []byte) (int64, time.Time, error) {
		t, err := record.ParseTranscriptRevision(b)
		return 0, t.RecordedAt, err
	},
	"translation": func(b []byte) (int64, time.Time, error) {
		t, err := record.ParseEntryTranslation(b)
		return 0, t.RecordedAt, err
	},
}

// recordName splits "<kind>-<id>.json" or "recording-<id>-start.json".
func recordName(base string) (kind string, id int64, start bool, ok bool) {
	stem, found := strings.CutSuffix(base, ".json")
	if !found {
		return "", 0, false, false
	}
	if s, isStart := strings.CutSuffix(stem, "-start"); isStart {
		stem, start = s, true
	}
	k, num, found := strings.Cut(stem, "-")
	if !found || k == "" || strings.Trim(k, "abcdefghijklmnopqrstuvwxyz_") != "" {
		return "", 0, false, false
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 || strconv.FormatInt(n, 10) != num {
		return "", 0, false, false
	}
	if start && k != "recording" {
		return "", 0, false, false
	}
	return k, n, start, true
}

// checkRecords is step 3: every file in ledger/records/ parses, is
// canonical and has the record hash its link commits to.
func (v *verifier) checkRecords() {
	r := v.r
	var paths []string
	for p, h := range v.files {
		if strings.HasPrefix(p, recordsDir) && !ignoredName(p) && h.present {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	if !v.chainOK && len(paths) > 0 {
		r.problem("record.no_chain", recordsDir, "records cannot be compared with the ledger")
	}
	for _, p := range paths {
		rr := v.checkRecord(p)
		r.Records = append(r.Records, rr)
		r.RecordsChecked++
	}
}

func (v *verifier) checkRecord(p string) RecordResult {
	r := v.r
	rr := RecordResult{Path: p}
	fail := func(code, detail string) RecordResult {
		rr.Code = code
		r.problem(code, p, detail)
		return rr
	}
	base := strings.TrimPrefix(p, recordsDir)
	kind, id, start, ok := recordName(base)
	if !ok {
		return fail("record.name", "expected <kind>-<id>.json")
	}
	rr.Kind = kind
	b, ok := v.data(p)
	if !ok {
		rr.Code = "file.unreadable"
		return rr // already reported
	}
	if start {
		return v.checkStart(rr, b, id)
	}
	rr.Ref = kind + ":" + strconv.FormatInt(id, 10)
	if v.chainOK {
		i, linked := v.links[rr.Ref]
		if !linked {
			return fail("record.no_link", rr.Ref)
		}
		l := v.linkList[i]
		rr.Seq = l.Seq
		if l.Kind != kind {
			return fail("record.kind", fmt.Sprintf("link %d has kind %q", l.Seq, l.Kind))
		}
		if got := ledger.Hash(record.Hash(b)); got != l.RecordHash {
			return fail("record.hash", fmt.Sprintf("record hash %s, link %d has %s", got, l.Seq, l.RecordHash))
		}
	}
	parse, known := recordKinds[kind]
	if !known {
		// The hash above still proves the bytes are what the ledger holds.
		r.warn("record.kind_unsupported", p, kind)
		rr.OK = v.chainOK
		rr.Code = "record.kind_unsupported"
		return rr
	}
	self, at, err := parse(b)
	if err != nil {
		return fail("record.invalid", err.Error())
	}
	if self != 0 && self != id {
		return fail("record.id", fmt.Sprintf("the record is %s %d", kind, self))
	}
	if v.chainOK && !at.IsZero() {
		v.recordedAt = append(v.recordedAt, recordedAt{seq: rr.Seq, at: at, path: p})
	}
	rr.OK = v.chainOK
	return rr
}

// checkStart checks a RecordingStart: canonical, its own id, and named by
// its RecordingEnd's start_hash (the end record is what the ledger holds).
func (v *verifier) checkStart(rr RecordResult, b []byte, id int64) RecordResult {
	fail := func(code, detail string) RecordResult {
		rr.Code = code
		v.r.problem(code, rr.Path, detail)
		return rr
	}
	rr.Ref = "recording:" + strconv.FormatInt(id, 10) + " (start)"
	s, err := record.ParseRecordingStart(b)
	if err != nil {
		return fail("record.invalid", err.Error())
	}
	if s.RecordingID != id {
		return fail("record.id", fmt.Sprintf("the record is recording %d", s.RecordingID))
	}
	endPath := recordsDir + "recording-" + strconv.FormatInt(id, 10) + ".json"
	eb, ok := v.data(endPath)
	if !ok {
		return fail("record.start_orphan", endPath)
	}
	end, err := record.ParseRecordingEnd(eb)
	if err != nil {
		rr.Code = "record.invalid" // reported with the end record
		return rr
	}
	sum := record.Hash(b)
	if hex.EncodeToString(sum[:]) != end.StartHash {
		return fail("record.start_hash", fmt.Sprintf("start hash %x, end record names %s", sum, end.StartHash))
	}
	// The end record's link commits to the start too: same seq, same date.
	if i, ok := v.links["recording:"+strconv.FormatInt(id, 10)]; ok && v.chainOK {
		rr.Seq = v.linkList[i].Seq
	}
	rr.OK = v.chainOK
	return rr
}
