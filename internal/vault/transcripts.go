package vault

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// Transcripts (反訳, vault format 7): each save of a transcript is an
// immutable sealed revision with its own ledger link, like an entry's.
// Rows carry the transcript id and revision number in the clear (as
// revisions do for entries); which audio a transcript belongs to, who made
// it and every word are sealed.

// LinkTranscript is the ledger kind of a transcript revision.
const LinkTranscript = "transcript"

func transcriptAD(id int64) []byte {
	return seal.AD("transcripts", "body", strconv.FormatInt(id, 10), "7")
}

func transcriptRef(id int64) string { return "transcript:" + strconv.FormatInt(id, 10) }

// SaveTranscript stores t as the next revision of transcript
// t.TranscriptID, or as revision 1 of a new transcript when that is 0.
// The vault sets the id, revision, kind (create, or edit; a delete stays a
// delete), salt and recorded time, and the audio's SHA-256 from the audio's
// own record: a recording's end record (the hash of its export file), an
// attachment's record (the original file). A transcript of audio that is
// not in the vault, or whose hash the caller gave differently, is refused.
func (v *Vault) SaveTranscript(t record.TranscriptRevision) (record.TranscriptRevision, error) {
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	k, err := v.recordsKey()
	if err != nil {
		return record.TranscriptRevision{}, err
	}
	t = t.Normalize()
	err = v.write(ctx, func(tx *sql.Tx) error {
		sum, err := v.audioSHA256(ctx, tx, t.Audio.Ref)
		if err != nil {
			return err
		}
		if t.Audio.SHA256 != "" && t.Audio.SHA256 != sum {
			return fmt.Errorf("%s is not the audio this transcript was made from (its SHA-256 differs): %w", t.Audio.Ref, apperr.ErrInvalidInput)
		}
		t.Audio.SHA256 = sum
		if t.TranscriptID == 0 {
			if t.Kind == record.KindDelete {
				return fmt.Errorf("a new transcript cannot be a deletion: %w", apperr.ErrInvalidInput)
			}
			if t.TranscriptID, err = nextID(ctx, tx, "transcripts", "transcript_id"); err != nil {
				return err
			}
			t.Rev, t.Kind = 1, record.KindCreate
		} else {
			last, err := v.lastTranscript(ctx, tx, t.TranscriptID)
			if err != nil {
				return err
			}
			if last.Kind == record.KindDelete {
				return fmt.Errorf("transcript %d was deleted: %w", t.TranscriptID, apperr.ErrInvalidInput)
			}
			if last.Audio.Ref != t.Audio.Ref {
				return fmt.Errorf("transcript %d is of %s, not %s: %w", t.TranscriptID, last.Audio.Ref, t.Audio.Ref, apperr.ErrInvalidInput)
			}
			t.Rev = last.Rev + 1
			if t.Kind != record.KindDelete {
				t.Kind = record.KindEdit
			}
		}
		id, err := v.nextID(ctx, tx, "transcripts", "id")
		if err != nil {
			return err
		}
		var salt [32]byte
		copy(salt[:], seal.Random(32))
		t.Version, t.Salt, t.RecordedAt = record.CanonicalVersion, record.SaltHex(salt), v.now().Round(0).Truncate(time.Microsecond)
		canon, err := t.Canonical()
		if err == nil {
			err = readsBack("the transcript", canon, record.ParseTranscriptRevision)
		}
		if err != nil {
			return err
		}
		body := pad(canon)
		sealed := k.Seal(body, transcriptAD(id))
		clear(body)
		if _, err := tx.ExecContext(ctx, `INSERT INTO transcripts (id, transcript_id, rev, body) VALUES (?, ?, ?, ?)`, id, t.TranscriptID, t.Rev, sealed); err != nil {
			return err
		}
		_, err = v.appendLink(ctx, tx, LinkTranscript, transcriptRef(id), ledger.Hash(record.Hash(canon)))
		return err
	})
	if err != nil {
		return record.TranscriptRevision{}, fmt.Errorf("save transcript: %w", err)
	}
	return t, nil
}

// audioSHA256 returns the SHA-256 a transcript of the audio at ref must
// name: a finished recording's export hash, an attachment's file hash.
// Callers hold v.mu.
func (v *Vault) audioSHA256(ctx context.Context, tx *sql.Tx, ref string) (string, error) {
	kind, id, err := record.ParseAudioRef(ref)
	if err != nil {
		return "", err
	}
	switch kind {
	case "recording":
		var end []byte
		if err := tx.QueryRowContext(ctx, `SELECT end FROM recordings WHERE id = ?`, id).Scan(&end); err != nil {
			if err == sql.ErrNoRows {
				return "", fmt.Errorf("%s: %w", ref, apperr.ErrNotFound)
			}
			return "", err
		}
		if end == nil {
			return "", fmt.Errorf("%s is still being recorded: %w", ref, apperr.ErrInvalidInput)
		}
		e, _, err := v.recordingEnd(ctx, id, end)
		if err != nil {
			return "", err
		}
		return e.FileSHA256(), nil
	default:
		var meta []byte
		if err := tx.QueryRowContext(ctx, `SELECT meta FROM attachments WHERE id = ?`, id).Scan(&meta); err != nil {
			if err == sql.ErrNoRows {
				return "", fmt.Errorf("%s: %w", ref, apperr.ErrNotFound)
			}
			return "", err
		}
		a, _, err := v.openAttachment(id, meta)
		if err != nil {
			return "", err
		}
		return a.SHA256, nil
	}
}

func (v *Vault) lastTranscript(ctx context.Context, q querier, tid int64) (record.TranscriptRevision, error) {
	var id int64
	var rev int
	var body []byte
	err := q.QueryRowContext(ctx, `SELECT id, rev, body FROM transcripts WHERE transcript_id = ? ORDER BY rev DESC LIMIT 1`, tid).Scan(&id, &rev, &body)
	if err == sql.ErrNoRows {
		return record.TranscriptRevision{}, fmt.Errorf("transcript %d: %w", tid, apperr.ErrNotFound)
	}
	if err != nil {
		return record.TranscriptRevision{}, mapSQLite(err)
	}
	t, _, err := v.openTranscript(id, tid, rev, body)
	return t, err
}

// openTranscript opens row id's sealed revision and checks that it is
// the transcript the row says. Callers hold v.mu.
func (v *Vault) openTranscript(id, tid int64, rev int, sealed []byte) (record.TranscriptRevision, []byte, error) {
	k, err := v.recordsKey()
	if err != nil {
		return record.TranscriptRevision{}, nil, err
	}
	return openSealed(k, sealed, transcriptAD(id), transcriptRef(id), record.ParseTranscriptRevision, func(t record.TranscriptRevision) string {
		if t.Rev != rev {
			return fmt.Sprintf("revision %d", t.Rev)
		}
		return namesOther("transcript", t.TranscriptID, tid)
	})
}

// TranscriptHistory returns every revision of transcript tid, oldest first.
func (v *Vault) TranscriptHistory(tid int64) ([]record.TranscriptRevision, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	list, _, err := v.transcripts(context.Background(), `WHERE transcript_id = ?`, tid)
	if err == nil && len(list) == 0 {
		err = fmt.Errorf("transcript %d: %w", tid, apperr.ErrNotFound)
	}
	return list, err
}

// Transcripts returns the current revision of every transcript that is
// not deleted, by transcript id. Rows that do not open are named in a
// *DamageError returned with the others.
func (v *Vault) Transcripts() ([]record.TranscriptRevision, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	list, _, err := v.transcripts(context.Background(), ``)
	return currentTranscripts(list), err
}

func currentTranscripts(list []record.TranscriptRevision) []record.TranscriptRevision {
	var out []record.TranscriptRevision
	for i, t := range list {
		if i+1 < len(list) && list[i+1].TranscriptID == t.TranscriptID {
			continue
		}
		if t.Kind != record.KindDelete {
			out = append(out, t)
		}
	}
	return out
}

// transcripts opens the revisions the where clause selects, ordered by
// transcript and revision. Callers hold v.mu.
func (v *Vault) transcripts(ctx context.Context, where string, args ...any) ([]record.TranscriptRevision, []string, error) {
	if _, err := v.recordsKey(); err != nil {
		return nil, nil, err
	}
	rows, err := v.db.QueryContext(ctx, `SELECT id, transcript_id, rev, body FROM transcripts `+where+` ORDER BY transcript_id, rev`, args...)
	if err != nil {
		return nil, nil, mapSQLite(err)
	}
	defer rows.Close()
	var out []record.TranscriptRevision
	var refs, damaged []string
	for rows.Next() {
		var id, tid int64
		var rev int
		var body []byte
		if err := rows.Scan(&id, &tid, &rev, &body); err != nil {
			return nil, nil, mapSQLite(err)
		}
		t, _, err := v.openTranscript(id, tid, rev, body)
		if err != nil {
			damaged = append(damaged, transcriptRef(id))
			continue
		}
		out = append(out, t)
		refs = append(refs, transcriptRef(id))
	}
	if err := rows.Err(); err != nil {
		return nil, nil, mapSQLite(err)
	}
	if len(damaged) > 0 {
		return out, refs, &DamageError{Refs: damaged}
	}
	return out, refs, nil
}

// TranscriptRefs returns the ledger refs of transcript tid's revisions, in
// revision order (the i-th belongs to TranscriptHistory's i-th).
func (v *Vault) TranscriptRefs(tid int64) ([]string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	_, refs, err := v.transcripts(context.Background(), `WHERE transcript_id = ?`, tid)
	return refs, err
}

func (v *Vault) transcriptCanonical(ctx context.Context, id int64) ([]byte, error) {
	var tid int64
	var rev int
	var body []byte
	if err := v.db.QueryRowContext(ctx, `SELECT transcript_id, rev, body FROM transcripts WHERE id = ?`, id).Scan(&tid, &rev, &body); err != nil {
		if err == sql.ErrNoRows {
			return nil, fmt.Errorf("%s: %w", transcriptRef(id), apperr.ErrNotFound)
		}
		return nil, mapSQLite(err)
	}
	_, canon, err := v.openTranscript(id, tid, rev, body)
	return canon, err
}

// checkTranscripts: every transcript revision opens, is the transcript
// and revision its row says, and hashes to its link.
func (v *Vault) checkTranscripts(ctx context.Context, rep *Report, byRef map[string]ledger.Link, seen map[string]bool) {
	rows, err := v.db.QueryContext(ctx, `SELECT id, transcript_id, rev, body FROM transcripts ORDER BY id`)
	if err != nil {
		rep.add("database", "cannot read transcripts: %v", mapSQLite(err))
		return
	}
	defer rows.Close()
	for rows.Next() {
		var id, tid int64
		var rev int
		var body []byte
		if err := rows.Scan(&id, &tid, &rev, &body); err != nil {
			rep.add("database", "cannot read a transcript: %v", mapSQLite(err))
			continue
		}
		ref := transcriptRef(id)
		seen[ref] = true
		_, canon, err := v.openTranscript(id, tid, rev, body)
		if err != nil {
			rep.add(ref, "transcript %d revision %d does not open: the record is damaged or was changed outside Kiroku", tid, rev)
			continue
		}
		v.checkLink(rep, byRef, ref, LinkTranscript, canon)
	}
	if err := rows.Err(); err != nil {
		rep.add("database", "reading transcripts stopped: %v", mapSQLite(err))
	}
}
