package bundle

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/kiroku-app/kiroku/internal/record"
)

// ParseEntries reads entries.json. Unknown fields are allowed (a later
// exporter may add some); the format must be EntriesFormat.
func ParseEntries(b []byte) (*Entries, error) {
	var e Entries
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&e); err != nil {
		return nil, fmt.Errorf("entries.json: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("entries.json: trailing data")
	}
	if e.Format != EntriesFormat {
		return nil, fmt.Errorf("entries.json: format %q is not %q", e.Format, EntriesFormat)
	}
	return &e, nil
}

// checkEntries is step 4: entries.json restates its records faithfully,
// and every recording and attachment has the hash its record commits to.
func (v *verifier) checkEntries() {
	r := v.r
	b, ok := v.data(entriesJSON)
	if !ok {
		if _, present := v.files[entriesJSON]; !present {
			r.problem("entries.missing", entriesJSON, "")
		}
		return
	}
	e, err := ParseEntries(b)
	if err != nil {
		r.problem("entries.invalid", entriesJSON, err.Error())
		return
	}
	r.Entries.Checked = true
	v.checkLeftOut(e.Damaged)
	referenced := map[string]bool{}
	for _, en := range e.Entries {
		r.Entries.Entries++
		if en.Purge != "" {
			if pb, ok := v.recordBytes(en.Purge, "purge", fmt.Sprintf("entry %d purge", en.ID)); ok {
				if p, err := record.ParsePurge(pb); err == nil && p.EntryID != en.ID {
					r.problem("entries.mismatch", entriesJSON, fmt.Sprintf("entry %d: purge record is for entry %d", en.ID, p.EntryID))
				}
			}
		}
		for _, rev := range en.Revisions {
			r.Entries.Revisions++
			what := fmt.Sprintf("entry %d rev %d", en.ID, rev.Rev)
			rb, ok := v.recordBytes(rev.Record, "revision", what)
			if !ok {
				continue
			}
			rec, err := record.ParseRevision(rb)
			if err != nil {
				continue // reported by checkRecords
			}
			if diff := revisionDiff(en.ID, rev, rec); len(diff) > 0 {
				r.problem("entries.mismatch", entriesJSON, what+": "+strings.Join(diff, ", ")+" differ from "+rev.Record)
			}
		}
		v.checkTranslations(en)
	}
	for _, rc := range e.Recordings {
		r.Entries.Recordings++
		what := fmt.Sprintf("recording %d", rc.ID)
		referenced[payloadPrefix+rc.File] = true
		rb, ok := v.recordBytes(rc.Record, "recording", what)
		if !ok {
			continue
		}
		end, err := record.ParseRecordingEnd(rb)
		if err != nil {
			continue
		}
		if end.RecordingID != rc.ID {
			r.problem("entries.mismatch", entriesJSON, fmt.Sprintf("%s: %s is recording %d", what, rc.Record, end.RecordingID))
		}
		if rc.SHA256 != end.FileSHA256() {
			r.problem("entries.mismatch", entriesJSON, what+": sha256 differs from the record's wav_sha256 or opus_sha256")
		}
		v.checkContent(what, rc.File, end.FileSHA256(), -1)
		v.checkMarkers(what, rc, end)
		if rc.Start != "" {
			v.recordBytes(rc.Start, "recording", what+" start")
		}
	}
	for _, at := range e.Attachments {
		r.Entries.Attachments++
		what := fmt.Sprintf("attachment %d", at.ID)
		referenced[payloadPrefix+at.File] = true
		rb, ok := v.recordBytes(at.Record, "attachment", what)
		if !ok {
			continue
		}
		a, err := record.ParseAttachment(rb)
		if err != nil {
			continue
		}
		var diff []string
		if a.AttachmentID != at.ID {
			diff = append(diff, "id")
		}
		if a.Name != at.Name {
			diff = append(diff, "name")
		}
		if a.SHA256 != at.SHA256 {
			diff = append(diff, "sha256")
		}
		if len(diff) > 0 {
			r.problem("entries.mismatch", entriesJSON, what+": "+strings.Join(diff, ", ")+" differ from "+at.Record)
		}
		v.checkContent(what, at.File, a.SHA256, a.Size)
	}
	v.checkTranscripts(e)
	// Every recording and attachment must be one entries.json ties to a record.
	var unref []string
	for p, h := range v.files {
		if h.present && !ignoredName(p) && !referenced[p] &&
			(strings.HasPrefix(p, payloadPrefix+"audio/") || strings.HasPrefix(p, payloadPrefix+"attachments/")) {
			unref = append(unref, p)
		}
	}
	sort.Strings(unref)
	for _, p := range unref {
		r.problem("entries.unreferenced", p, "")
	}
}

// recordBytes returns the bytes of a record file entries.json names,
// reporting a name that is not a record of kind or a file that is absent.
// leftOutProblems are the codes checkLeftOut reports.
var leftOutProblems = []string{"entries.left_out_name", "entries.left_out_unlinked", "entries.left_out_present"}

// checkLeftOut holds entries.json's "damaged" list to what the bundle
// shows: each record it names as left out must have a link in the chain
// (it existed) and must not be in the bundle (it was left out). The list
// is the exporter's statement; the report says so and no more.
func (v *verifier) checkLeftOut(refs []string) {
	v.r.Entries.LeftOut = refs
	for _, ref := range refs {
		kind, id, ok := strings.Cut(ref, ":")
		if !ok || kind == "" || id == "" || strings.ContainsAny(ref, "/\\") {
			v.r.problem("entries.left_out_name", entriesJSON, fmt.Sprintf("%q", ref))
			continue
		}
		if v.chainOK {
			if _, linked := v.links[ref]; !linked {
				v.r.problem("entries.left_out_unlinked", entriesJSON, ref)
			}
		}
		p := recordsDir + kind + "-" + id + ".json"
		if h, present := v.files[p]; present && h.present {
			v.r.problem("entries.left_out_present", entriesJSON, fmt.Sprintf("%s: %s", ref, p))
		}
	}
}

func (v *verifier) recordBytes(rel, kind, what string) ([]byte, bool) {
	p := payloadPrefix + rel
	k, _, _, ok := recordName(strings.TrimPrefix(p, recordsDir))
	if checkPath(rel) != nil || !strings.HasPrefix(p, recordsDir) || !ok || k != kind {
		v.r.problem("entries.record_name", entriesJSON, fmt.Sprintf("%s: %q is not a %s record", what, rel, kind))
		return nil, false
	}
	if h, present := v.files[p]; !present || !h.present {
		v.r.problem("entries.record_missing", entriesJSON, fmt.Sprintf("%s: %s", what, rel))
		return nil, false
	}
	return v.data(p)
}

// checkContent compares a payload file with the hash (and size, unless
// negative) its record commits to.
func (v *verifier) checkContent(what, rel, want string, size int64) {
	p := payloadPrefix + rel
	if checkPath(rel) != nil {
		v.r.problem("entries.file_name", entriesJSON, fmt.Sprintf("%s: %q", what, rel))
		return
	}
	h, present := v.files[p]
	switch {
	case !present || !h.present:
		v.r.problem("entries.file_missing", p, what)
	case h.err != nil:
		// reported as unreadable
	case h.sum != want:
		v.r.problem("entries.file_hash", p, fmt.Sprintf("%s: SHA-256 %s, record %s", what, h.sum, want))
	case size >= 0 && h.size != size:
		v.r.problem("entries.file_hash", p, fmt.Sprintf("%s: %d bytes, record %d", what, h.size, size))
	}
}

// revisionDiff names the fields in which rev (as entries.json states it)
// differs from its canonical record.
func revisionDiff(entryID int64, rev RevisionJSON, rec record.Revision) []string {
	var d []string
	if rec.EntryID != entryID {
		d = append(d, "entry")
	}
	if rec.Rev != rev.Rev {
		d = append(d, "rev")
	}
	if rec.Kind != rev.Kind {
		d = append(d, "kind")
	}
	if !rec.RecordedAt.Equal(rev.RecordedAt) {
		d = append(d, "recorded_at")
	}
	if rec.Reason != rev.Reason {
		d = append(d, "reason")
	}
	a, errA := json.Marshal(rec.Fields)
	b, errB := json.Marshal(rev.Fields)
	if errA != nil || errB != nil || !bytes.Equal(a, b) {
		d = append(d, "fields")
	}
	return d
}

// checkMarkers compares the markers entries.json lists for a recording with
// its end record, and each later label with its own record, which must
// name this recording and the marker at its place, position and wall time.
func (v *verifier) checkMarkers(what string, rc RecordingJSON, end record.RecordingEnd) {
	mismatch := func(detail string) { v.r.problem("entries.mismatch", entriesJSON, what+": "+detail) }
	if len(rc.Markers) != len(end.Markers) {
		mismatch(fmt.Sprintf("%d markers, the record has %d", len(rc.Markers), len(end.Markers)))
		return
	}
	for i, m := range rc.Markers {
		em := end.Markers[i]
		if m.AtNS != int64(em.At) || !m.Wall.Equal(em.Wall) || m.Label != em.Label {
			mismatch(fmt.Sprintf("marker %d differs from %s", i+1, rc.Record))
		}
		for _, lj := range m.Labels {
			lwhat := fmt.Sprintf("%s marker %d label", what, i+1)
			lb, ok := v.recordBytes(lj.Record, "marker_label", lwhat)
			if !ok {
				continue
			}
			l, err := record.ParseMarkerLabel(lb)
			if err != nil {
				continue // reported by checkRecords
			}
			var d []string
			if l.RecordingID != rc.ID || l.Index != i || int64(l.At) != int64(em.At) || !l.Wall.Equal(em.Wall) {
				d = append(d, "marker")
			}
			if l.Label != lj.Label {
				d = append(d, "label")
			}
			if !l.RecordedAt.Equal(lj.RecordedAt) {
				d = append(d, "recorded_at")
			}
			if len(d) > 0 {
				mismatch(fmt.Sprintf("marker %d: %s differ from %s", i+1, strings.Join(d, ", "), lj.Record))
			}
		}
		switch {
		case len(m.Labels) == 0 && m.CurrentLabel != nil:
			mismatch(fmt.Sprintf("marker %d: a current label without a label record", i+1))
		case len(m.Labels) > 0 && (m.CurrentLabel == nil || *m.CurrentLabel != m.Labels[len(m.Labels)-1].Label):
			mismatch(fmt.Sprintf("marker %d: current label is not its latest label", i+1))
		}
	}
}

// checkTranslations holds each translation revision entries.json states to
// its record: the same entry, translator, date, parts and source; and a
// source revision the bundle holds must be the one whose hash it names.
func (v *verifier) checkTranslations(en EntryJSON) {
	r := v.r
	for _, tj := range en.Translations {
		r.Entries.Translations++
		what := fmt.Sprintf("entry %d translation %d rev %d", en.ID, tj.ID, tj.Rev)
		rb, ok := v.recordBytes(tj.Record, "translation", what)
		if !ok {
			continue
		}
		rec, err := record.ParseEntryTranslation(rb)
		if err != nil {
			continue // reported by checkRecords
		}
		want, _ := json.Marshal(TranslationOf(rec, tj.Record))
		got, _ := json.Marshal(tj)
		if rec.EntryID != en.ID || !bytes.Equal(want, got) {
			r.problem("entries.mismatch", entriesJSON, what+": differs from "+tj.Record)
			continue
		}
		kind, id, _ := strings.Cut(rec.Source.Ref, ":")
		src := recordsDir + kind + "-" + id + ".json"
		if h, present := v.files[src]; present && h.present {
			if sb, ok := v.data(src); ok {
				sum := record.Hash(sb)
				if hex.EncodeToString(sum[:]) != rec.Source.Hash {
					r.problem("entries.mismatch", entriesJSON, what+": its source "+rec.Source.Ref+" is not the revision it names")
				}
				if sr, err := record.ParseRevision(sb); err == nil && sr.EntryID != en.ID {
					r.problem("entries.mismatch", entriesJSON, fmt.Sprintf("%s: its source is a revision of entry %d", what, sr.EntryID))
				}
			}
		}
	}
}

// checkTranscripts holds each transcript revision entries.json states to
// its record, and the audio it names to the exported audio of that ref:
// the same file and the same SHA-256.
func (v *verifier) checkTranscripts(e *Entries) {
	r := v.r
	files := map[string][2]string{} // audio ref -> file, sha256
	for _, rc := range e.Recordings {
		files["recording:"+strconv.FormatInt(rc.ID, 10)] = [2]string{rc.File, rc.SHA256}
	}
	for _, at := range e.Attachments {
		files["attachment:"+strconv.FormatInt(at.ID, 10)] = [2]string{at.File, at.SHA256}
	}
	for _, tj := range e.Transcripts {
		r.Entries.Transcripts++
		what := fmt.Sprintf("transcript %d rev %d", tj.ID, tj.Rev)
		rb, ok := v.recordBytes(tj.Record, "transcript", what)
		if !ok {
			continue
		}
		rec, err := record.ParseTranscriptRevision(rb)
		if err != nil {
			continue // reported by checkRecords
		}
		want, _ := json.Marshal(TranscriptOf(rec, tj.Record, tj.File))
		got, _ := json.Marshal(tj)
		if !bytes.Equal(want, got) {
			r.problem("entries.mismatch", entriesJSON, what+": differs from "+tj.Record)
			continue
		}
		f, exported := files[rec.Audio.Ref]
		switch {
		case !exported:
			r.problem("entries.mismatch", entriesJSON, what+": its audio "+rec.Audio.Ref+" is not in the bundle")
		case f[0] != tj.File || f[1] != rec.Audio.SHA256:
			r.problem("entries.mismatch", entriesJSON, what+": is not of the audio "+rec.Audio.Ref+" in the bundle (file or SHA-256 differ)")
		}
	}
}
