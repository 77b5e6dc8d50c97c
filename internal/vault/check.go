package vault

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
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
	v.checkDatabase(ctx, &rep)              // 1. SQLite's structure, foreign keys, the schema
	links, byRef := v.checkChain(ctx, &rep) // 2, 3. the chain and the sealed head
	seen := map[string]bool{}
	purges := v.checkPurges(ctx, &rep, byRef, seen)                              // 4
	v.checkRevisions(ctx, &rep, byRef, seen, purges.revisions, purges.revListed) // 5
	v.checkTranslations(ctx, &rep, byRef, seen, purges.translations, purges.trListed)
	v.checkTranscripts(ctx, &rep, byRef, seen)

	// 5b. Every entry has a revision: a purge erases the bodies and keeps
	// the rows, so an entry with none lost its history outside Kiroku.
	v.checkEntriesHaveRevisions(ctx, &rep)

	// 6. Recordings: start, every chunk in order with its final chunk, the
	// end record and its link, and the hash of the exported WAV.
	v.checkRecordings(ctx, &rep, byRef, seen)

	// 6b. Imported files: record, chunks in order with the final chunk, size
	// and SHA-256 of the content, and the record's link.
	v.checkAttachments(ctx, &rep, byRef, seen)

	// 6c. The hours log; settings, timestamp tokens and the backup log.
	v.checkHours(ctx, &rep, byRef, seen)
	v.checkMarkerLabels(ctx, &rep, byRef, seen)
	v.checkExports(ctx, &rep, byRef, seen)
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

// checkDatabase is SQLite's own integrity check, rows that point at a row
// that is not there (the shell does not enforce foreign keys unless
// asked), and nothing but Kiroku's own tables and indexes (no triggers, no
// views).
func (v *Vault) checkDatabase(ctx context.Context, rep *Report) {
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
	v.checkForeignKeys(ctx, rep)
	if err := checkSchema(ctx, v.db, Format); err != nil {
		rep.add("schema", "%v", err)
	}
}

// checkChain verifies the chain from genesis and that the sealed head is
// its end; it returns the links and each record's link.
func (v *Vault) checkChain(ctx context.Context, rep *Report) ([]ledger.Link, map[string]ledger.Link) {
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
	hseq, hlink, err := v.loadHead(ctx, v.db)
	switch {
	case err != nil:
		rep.add("head", "%v", err)
	case hseq != uint64(len(links)):
		rep.add("head", "the sealed head names %d records, the ledger has %d (records removed or added outside Kiroku)", hseq, len(links))
	case hseq > 0 && hlink != links[len(links)-1].Hash:
		rep.add("head", "the sealed head does not match the last ledger link")
	}
	return links, byRef
}

// purgeLists is what the opened purge records say was erased on purpose.
type purgeLists struct {
	revisions, revListed   map[int64]int64 // revision row id -> entry id; -> purge row id
	translations, trListed map[int64]int64 // translation row id -> entry id; -> purge row id
}

// checkPurges opens the purge records first: they say which revision and
// translation bodies were erased on purpose. It returns, for each row a
// purge lists, the entry it names and the purge's row.
func (v *Vault) checkPurges(ctx context.Context, rep *Report, byRef map[string]ledger.Link, seen map[string]bool) purgeLists {
	k, _ := v.recordsKey()
	pl := purgeLists{map[int64]int64{}, map[int64]int64{}, map[int64]int64{}, map[int64]int64{}}
	prows, err := v.db.QueryContext(ctx, `SELECT id, entry_id, body FROM purges ORDER BY id`)
	if err != nil {
		rep.add("database", "cannot read purges: %v", mapSQLite(err))
		return pl
	}
	defer prows.Close()
	for prows.Next() {
		var id, eid int64
		var body []byte
		if err := prows.Scan(&id, &eid, &body); err != nil {
			rep.add("database", "cannot read a purge record: %v", mapSQLite(err))
			continue
		}
		ref := purgeRef(id)
		seen[ref] = true
		p, canon, err := openPurge(k, id, eid, body)
		if err != nil {
			rep.add(ref, "purge record of entry %d is damaged or was changed outside Kiroku: %v", eid, err)
			continue
		}
		for _, rid := range p.Revisions {
			if other, dup := pl.revListed[rid]; dup {
				rep.add(ref, "lists %s, which %s lists too", revisionRef(rid), purgeRef(other))
				continue
			}
			pl.revisions[rid], pl.revListed[rid] = p.EntryID, id
		}
		for _, tid := range p.Translations {
			if other, dup := pl.trListed[tid]; dup {
				rep.add(ref, "lists %s, which %s lists too", translationRef(tid), purgeRef(other))
				continue
			}
			pl.translations[tid], pl.trListed[tid] = p.EntryID, id
		}
		v.checkLink(rep, byRef, ref, LinkPurge, canon)
	}
	if err := prows.Err(); err != nil {
		rep.add("database", "reading purges stopped: %v", mapSQLite(err))
	}
	return pl
}

// checkRevisions: every sealed revision opens, belongs where it is, and
// hashes to its link; a NULL body must be one a purge record of its entry
// lists, and every revision a purge lists must be there, erased.
func (v *Vault) checkRevisions(ctx context.Context, rep *Report, byRef map[string]ledger.Link, seen map[string]bool, purgedBy, listedBy map[int64]int64) {
	rowOf := map[int64]bool{}  // revision row id -> body is NULL
	erased := map[int64]bool{} // entries with a body erased outside Kiroku
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
			rowOf[id] = body == nil
			if body == nil {
				if errors.Is(purgedOr(purgedBy, id, eid), errPurged) {
					rep.Purged++
				} else {
					rep.add(ref, "entry %d revision %d: content erased without a purge record of that entry that lists it (changed outside Kiroku)", eid, rev)
					erased[eid] = true
				}
				continue
			}
			_, canon, err := v.openRevision(id, eid, rev, body)
			if err != nil {
				rep.add(ref, "entry %d revision %d does not open: the record is damaged or was changed outside Kiroku", eid, rev)
				continue
			}
			v.checkLink(rep, byRef, ref, LinkRevision, canon)
		}
		if err := rows.Err(); err != nil {
			rep.add("database", "reading revisions stopped: %v", mapSQLite(err))
		}
		rows.Close()
	}
	for _, eid := range slices.Sorted(maps.Keys(erased)) {
		rep.add("entry:"+strconv.FormatInt(eid, 10), "content erased without a purge record")
	}
	for _, rid := range slices.Sorted(maps.Keys(listedBy)) {
		pid := listedBy[rid]
		isNull, ok := rowOf[rid]
		switch {
		case !ok:
			rep.add(purgeRef(pid), "lists %s, which is missing", revisionRef(rid))
		case !isNull:
			rep.add(purgeRef(pid), "lists %s, which still has content", revisionRef(rid))
		}
	}
}

// recordTable is a table of sealed records that are one row each (id,
// body), for checkRecordTable.
type recordTable struct {
	table, what, whats string // SQL table; "an X" and "the Xs" for messages
	kind               string // ledger link kind
	ref                func(id int64) string
	open               func(id int64, sealed []byte) (canon []byte, err error)
}

// checkRecordTable opens every record of t and compares it with its link.
func (v *Vault) checkRecordTable(ctx context.Context, rep *Report, byRef map[string]ledger.Link, seen map[string]bool, t recordTable) {
	rows, err := v.db.QueryContext(ctx, `SELECT id, body FROM `+t.table+` ORDER BY id`)
	if err != nil {
		rep.add("database", "cannot read %s: %v", t.whats, mapSQLite(err))
		return
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var sealed []byte
		if err := rows.Scan(&id, &sealed); err != nil {
			rep.add("database", "cannot read an %s: %v", t.what, mapSQLite(err))
			continue
		}
		ref := t.ref(id)
		seen[ref] = true
		canon, err := t.open(id, sealed)
		if err != nil {
			rep.add(ref, "%s does not open: the record is damaged or was changed outside Kiroku", t.what)
			continue
		}
		v.checkLink(rep, byRef, ref, t.kind, canon)
	}
	if err := rows.Err(); err != nil {
		rep.add("database", "reading %s stopped: %v", t.whats, mapSQLite(err))
	}
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
		markers, merr := v.markers(ctx, r.id)
		if merr != nil {
			rep.add(ref, "%v", merr)
		}
		if r.end == nil && r.state != stateRecording {
			rep.add(ref, "state %q but no end record (changed outside Kiroku)", r.state)
			continue
		}
		if r.end == nil {
			// Still being recorded by this process: the chunks so far must open.
			if _, _, _, err := v.checkChunks(ctx, r.id, false, nil, -1); err != nil {
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
		// The end record lists the markers as they were: a marker row
		// removed or moved to another recording outside Kiroku shows here.
		if merr == nil && !sameMarkers(markers, end.Markers) {
			rep.add(ref, "the markers differ from those the end record lists (changed outside Kiroku)")
		}
		if end.State != r.state {
			rep.add(ref, "state %q differs from the sealed end record (%q)", r.state, end.State)
		}
		sum, chunks, frames, err := v.checkChunks(ctx, r.id, true, &start, end.Frames)
		if err != nil {
			rep.add(ref, "%v", err)
			continue
		}
		if hex.EncodeToString(sum) != end.FileSHA256() || chunks != end.Chunks || frames != end.Frames {
			rep.add(ref, "the audio does not match its end record (hash, chunks or length)")
			continue
		}
		v.checkLink(rep, byRef, ref, LinkRecording, canon)
	}
}

func (v *Vault) checkForeignKeys(ctx context.Context, rep *Report) {
	rows, err := v.db.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		rep.add("database", "foreign key check could not run: %v", mapSQLite(err))
		return
	}
	defer rows.Close()
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int64
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			rep.add("database", "foreign key check: %v", mapSQLite(err))
			continue
		}
		rep.add("database", "%s row %d refers to a %s row that is missing (changed outside Kiroku)", table, rowid.Int64, parent)
	}
	if err := rows.Err(); err != nil {
		rep.add("database", "foreign key check stopped: %v", mapSQLite(err))
	}
}

func (v *Vault) checkEntriesHaveRevisions(ctx context.Context, rep *Report) {
	rows, err := v.db.QueryContext(ctx, `SELECT id FROM entries WHERE id NOT IN (SELECT entry_id FROM revisions) ORDER BY id`)
	if err != nil {
		rep.add("database", "cannot read entries: %v", mapSQLite(err))
		return
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rep.add("database", "cannot read an entry: %v", mapSQLite(err))
			continue
		}
		rep.add("entry:"+strconv.FormatInt(id, 10), "the entry has no revision (its history was removed outside Kiroku)")
	}
	if err := rows.Err(); err != nil {
		rep.add("database", "reading entries stopped: %v", mapSQLite(err))
	}
}

func sameMarkers(a, b []record.Marker) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].At != b[i].At || !a[i].Wall.Equal(b[i].Wall) || a[i].Label != b[i].Label {
			return false
		}
	}
	return true
}
