package vault

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
)

// RevisionRefs returns the ledger refs ("revision:<row id>") of an entry's
// revisions, in revision order; the i-th belongs to History's i-th.
func (v *Vault) RevisionRefs(entryID int64) ([]string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, err := v.recordsKey(); err != nil {
		return nil, err
	}
	rows, err := v.db.Query(`SELECT id FROM revisions WHERE entry_id = ? AND body IS NOT NULL ORDER BY rev`, entryID)
	if err != nil {
		return nil, mapSQLite(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, mapSQLite(err)
		}
		out = append(out, revisionRef(id))
	}
	if err := rows.Err(); err != nil {
		return nil, mapSQLite(err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("entry %d: %w", entryID, apperr.ErrNotFound)
	}
	return out, nil
}

// RecordCanonical returns the canonical bytes of the record a ledger ref
// names (revision, purge, recording, attachment, hours, marker_label):
// exactly the bytes whose hash the link holds. A purged revision is
// ErrNotFound.
func (v *Vault) RecordCanonical(ref string) ([]byte, error) {
	kind, idText, ok := strings.Cut(ref, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if !ok || err != nil || id <= 0 {
		return nil, fmt.Errorf("record %q: %w", ref, apperr.ErrInvalidInput)
	}
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, err := v.recordsKey(); err != nil {
		return nil, err
	}
	notFound := func(err error) error {
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%s: %w", ref, apperr.ErrNotFound)
		}
		return mapSQLite(err)
	}
	switch kind {
	case LinkRevision:
		var eid int64
		var rev int
		var body []byte
		if err := v.db.QueryRowContext(ctx, `SELECT entry_id, rev, body FROM revisions WHERE id = ?`, id).Scan(&eid, &rev, &body); err != nil {
			return nil, notFound(err)
		}
		_, canon, err := v.openRevision(id, eid, rev, body)
		if errors.Is(err, errNoBody) {
			index, ierr := v.purgeIndex(ctx)
			if ierr != nil {
				return nil, ierr
			}
			err = purgedOr(index, id, eid)
		}
		if errors.Is(err, errPurged) {
			return nil, fmt.Errorf("%s was purged: %w", ref, apperr.ErrNotFound)
		}
		return canon, err
	case LinkPurge:
		var body []byte
		if err := v.db.QueryRowContext(ctx, `SELECT body FROM purges WHERE id = ?`, id).Scan(&body); err != nil {
			return nil, notFound(err)
		}
		_, canon, err := openSealed(v.records, body, purgeAD(id), ref, record.ParsePurge, nil)
		return canon, err
	case LinkRecording:
		var end []byte
		if err := v.db.QueryRowContext(ctx, `SELECT end FROM recordings WHERE id = ?`, id).Scan(&end); err != nil {
			return nil, notFound(err)
		}
		if end == nil {
			return nil, fmt.Errorf("%s is still being recorded: %w", ref, apperr.ErrNotFound)
		}
		_, canon, err := v.recordingEnd(ctx, id, end)
		return canon, err
	case LinkAttachment:
		var meta []byte
		if err := v.db.QueryRowContext(ctx, `SELECT meta FROM attachments WHERE id = ?`, id).Scan(&meta); err != nil {
			return nil, notFound(err)
		}
		_, canon, err := v.openAttachment(id, meta)
		return canon, err
	case LinkHours:
		var body []byte
		if err := v.db.QueryRowContext(ctx, `SELECT body FROM hours WHERE id = ?`, id).Scan(&body); err != nil {
			return nil, notFound(err)
		}
		_, canon, err := v.openHours(id, body)
		return canon, err
	case LinkMarkerLabel:
		return v.markerLabelCanonical(ctx, id)
	case LinkTranscript:
		return v.transcriptCanonical(ctx, id)
	case LinkTranslation:
		return v.translationCanonical(ctx, id)
	case LinkExport:
		return v.exportCanonical(ctx, id)
	}
	return nil, fmt.Errorf("record %q: unknown kind: %w", ref, apperr.ErrInvalidInput)
}
