package vault

import (
	"context"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/record"
)

// Problem is one thing Check found wrong, named by the record it concerns
// ("revision:12", "ledger:7", "head", "database").
type Problem struct {
	Ref  string `json:"ref"`
	What string `json:"what"`
}

// Report is the result of Check.
type Report struct {
	Records  int       `json:"records"`  // sealed records opened and hashed
	Links    int       `json:"links"`    // ledger links recomputed
	Purged   int       `json:"purged"`   // revisions erased on purpose
	Head     string    `json:"head"`     // recomputed head link (hex)
	Problems []Problem `json:"problems"` // empty when everything checks
}

// OK reports whether nothing is wrong.
func (r Report) OK() bool { return len(r.Problems) == 0 }

func (r *Report) add(ref, format string, args ...any) {
	r.Problems = append(r.Problems, Problem{Ref: ref, What: fmt.Sprintf(format, args...)})
}

// Check verifies the whole vault: SQLite's own integrity check, every sealed
// value (it must open where it is), every record hash against its ledger
// link, the chain from genesis to the sealed head, and that no record lacks
// a link or a link its record. It reports every damaged record it finds; one
// never hides another. The error is for failures to run the check at all.
func (v *Vault) Check() (Report, error) {
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, err := v.recordsKey(); err != nil {
		return Report{}, err
	}
	var rep Report

	// 1. SQLite's structure.
	if rows, err := v.db.QueryContext(ctx, "PRAGMA integrity_check"); err != nil {
		rep.add("database", "integrity check could not run: %v", mapSQLite(err))
	} else {
		for rows.Next() {
			var line string
			if rows.Scan(&line) == nil && line != "ok" {
				rep.add("database", "%s", line)
			}
		}
		if err := rows.Err(); err != nil {
			rep.add("database", "integrity check stopped: %v", mapSQLite(err))
		}
		rows.Close()
	}

	// 2. The chain.
	links, err := v.Links()
	if err != nil {
		rep.add("ledger", "cannot read the ledger: %v", err)
	}
	head, breaks := ledger.Verify(v.id, links)
	for _, b := range breaks {
		rep.add("ledger:"+strconv.FormatUint(b.Seq, 10), "%s", b.Reason)
	}
	rep.Links = len(links)
	rep.Head = head.String()
	byRef := map[string]ledger.Link{}
	for _, l := range links {
		if _, dup := byRef[l.Ref]; dup {
			rep.add("ledger:"+strconv.FormatUint(l.Seq, 10), "second link for %s", l.Ref)
		}
		byRef[l.Ref] = l
	}
	seen := map[string]bool{}

	// 3. The sealed head must equal the end of the chain.
	hseq, hlink, err := v.loadHead(ctx, v.db)
	switch {
	case err != nil:
		rep.add("head", "%v", err)
	case hseq != uint64(len(links)):
		rep.add("head", "the sealed head names %d records, the ledger has %d (records removed or added outside Kiroku)", hseq, len(links))
	case hseq > 0 && hlink != links[len(links)-1].Hash:
		rep.add("head", "the sealed head does not match the last ledger link")
	}

	// 4. Every sealed revision opens, belongs where it is, and hashes to its link.
	purgedEntries := map[int64]bool{}
	rows, err := v.db.QueryContext(ctx, `SELECT id, entry_id, rev, body FROM revisions ORDER BY id`)
	if err != nil {
		rep.add("database", "cannot read revisions: %v", mapSQLite(err))
	} else {
		for rows.Next() {
			var id, eid int64
			var rev int
			var body []byte
			if err := rows.Scan(&id, &eid, &rev, &body); err != nil {
				rep.add("database", "cannot read a revision: %v", mapSQLite(err))
				continue
			}
			ref := revisionRef(id)
			seen[ref] = true
			if body == nil {
				rep.Purged++
				purgedEntries[eid] = true
				continue
			}
			_, canon, err := v.openRevision(id, eid, rev, body)
			if err != nil {
				rep.add(ref, "entry %d revision %d does not open: the record is damaged or was changed outside Kiroku", eid, rev)
				continue
			}
			v.checkLink(&rep, byRef, ref, LinkRevision, canon)
		}
		if err := rows.Err(); err != nil {
			rep.add("database", "reading revisions stopped: %v", mapSQLite(err))
		}
		rows.Close()
	}

	// 5. Purge records.
	k, _ := v.recordsKey()
	prows, err := v.db.QueryContext(ctx, `SELECT id, entry_id, body FROM purges ORDER BY id`)
	if err != nil {
		rep.add("database", "cannot read purges: %v", mapSQLite(err))
	} else {
		for prows.Next() {
			var id, eid int64
			var body []byte
			if err := prows.Scan(&id, &eid, &body); err != nil {
				rep.add("database", "cannot read a purge record: %v", mapSQLite(err))
				continue
			}
			ref := purgeRef(id)
			seen[ref] = true
			delete(purgedEntries, eid)
			pt, err := k.Open(body, purgeAD(id))
			if err != nil {
				rep.add(ref, "purge record of entry %d does not open", eid)
				continue
			}
			canon, err := unpad(pt)
			if err == nil {
				var p record.Purge
				p, err = record.ParsePurge(canon)
				if err == nil && p.EntryID != eid {
					err = fmt.Errorf("names entry %d", p.EntryID)
				}
			}
			if err != nil {
				rep.add(ref, "purge record of entry %d is damaged: %v", eid, err)
				continue
			}
			v.checkLink(&rep, byRef, ref, LinkPurge, canon)
		}
		if err := prows.Err(); err != nil {
			rep.add("database", "reading purges stopped: %v", mapSQLite(err))
		}
		prows.Close()
	}
	for eid := range purgedEntries {
		rep.add("entry:"+strconv.FormatInt(eid, 10), "content erased without a purge record")
	}

	// 6. Recordings: start, every chunk in order with its final chunk, the
	// end record and its link, and the hash of the exported WAV.
	v.checkRecordings(ctx, &rep, byRef, seen)

	// 6b. Imported files: record, chunks in order with the final chunk, size
	// and SHA-256 of the content, and the record's link.
	v.checkAttachments(ctx, &rep, byRef, seen)

	// 6c. The hours log; settings, timestamp tokens and the backup log.
	v.checkHours(ctx, &rep, byRef, seen)
	v.checkMarkerLabels(ctx, &rep, byRef, seen)
	v.checkMeta(ctx, &rep, links)
	v.checkHeadMeta(ctx, &rep) // after the rows themselves: their own problems come first (check_head.go)

	// 7. Links whose record is gone.
	for _, l := range links {
		if !seen[l.Ref] {
			rep.add(l.Ref, "the ledger has a link (%d) for this record but the record is missing", l.Seq)
		}
	}
	return rep, nil
}

func (v *Vault) checkLink(rep *Report, byRef map[string]ledger.Link, ref, kind string, canon []byte) {
	rep.Records++
	l, ok := byRef[ref]
	switch {
	case !ok:
		rep.add(ref, "no ledger link: the record was added outside Kiroku")
	case l.Kind != kind:
		rep.add(ref, "ledger link %d has kind %q, want %q", l.Seq, l.Kind, kind)
	case l.RecordHash != ledger.Hash(record.Hash(canon)):
		rep.add(ref, "does not match its ledger link %d", l.Seq)
	}
}

func (v *Vault) checkRecordings(ctx context.Context, rep *Report, byRef map[string]ledger.Link, seen map[string]bool) {
	rows, err := v.db.QueryContext(ctx, `SELECT id, state, end FROM recordings ORDER BY id`)
	if err != nil {
		rep.add("database", "cannot read recordings: %v", mapSQLite(err))
		return
	}
	type rec struct {
		id    int64
		state string
		end   []byte
	}
	var recs []rec
	for rows.Next() {
		var r rec
		if err := rows.Scan(&r.id, &r.state, &r.end); err != nil {
			rep.add("database", "cannot read a recording: %v", mapSQLite(err))
			continue
		}
		recs = append(recs, r)
	}
	rows.Close()
	for _, r := range recs {
		ref := recordingRef(r.id)
		start, err := v.recordingStart(ctx, r.id)
		if err != nil {
			rep.add(ref, "%v", err)
			continue
		}
		if _, err := v.markers(ctx, r.id); err != nil {
			rep.add(ref, "%v", err)
		}
		if r.end == nil {
			// Still being recorded by this process: the chunks so far must open.
			if _, _, _, err := v.checkChunks(ctx, r.id, false, nil); err != nil {
				rep.add(ref, "%v", err)
			}
			continue
		}
		seen[ref] = true
		end, canon, err := v.recordingEnd(ctx, r.id, r.end)
		if err != nil {
			rep.add(ref, "%v", err)
			continue
		}
		sc, _ := start.Canonical()
		if sh := record.Hash(sc); end.StartHash != hex.EncodeToString(sh[:]) {
			rep.add(ref, "the end record does not belong to this recording's start")
		}
		if end.State != r.state {
			rep.add(ref, "state %q differs from the sealed end record (%q)", r.state, end.State)
		}
		sum, chunks, frames, err := v.checkChunks(ctx, r.id, true, &start.Format)
		if err != nil {
			rep.add(ref, "%v", err)
			continue
		}
		if hex.EncodeToString(sum) != end.WAVSHA256 || chunks != end.Chunks || frames != end.Frames {
			rep.add(ref, "the audio does not match its end record (hash, chunks or length)")
			continue
		}
		v.checkLink(rep, byRef, ref, LinkRecording, canon)
	}
}
