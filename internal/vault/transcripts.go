package vault

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/record"
)

// Transcripts (反訳, vault format 7): each save of a transcript is an
// immutable sealed revision with its own ledger link, like an entry's.
// Rows carry the transcript id and revision number in the clear (as
// revisions do for entries); which audio a transcript belongs to, who made
// it and every word are sealed.

// LinkTranscript is the ledger kind of a transcript revision.
const LinkTranscript = "transcript"

// transcriptsTable is the transcripts' revision table.
var transcriptsTable = &revTable[record.TranscriptRevision]{
	table: "transcripts", idCol: "transcript_id", noun: "transcript", link: LinkTranscript, format: "7",
	parse: record.ParseTranscriptRevision,
	names: func(t record.TranscriptRevision, r revRow) string {
		if t.Rev != r.rev {
			return fmt.Sprintf("revision %d", t.Rev)
		}
		return namesOther("transcript", t.TranscriptID, r.tid)
	},
}

func transcriptAD(id int64) []byte { return transcriptsTable.ad(id) }

func transcriptRef(id int64) string { return transcriptsTable.ref(id) }

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
			last, err := transcriptsTable.last(ctx, v, tx, t.TranscriptID)
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
		t.Version, t.Salt, t.RecordedAt = v.stamp()
		canon, err := t.Canonical()
		if err != nil {
			return err
		}
		return transcriptsTable.insert(ctx, v, tx, k, revRow{id: id, tid: t.TranscriptID, rev: t.Rev}, canon)
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

// TranscriptHistory returns every revision of transcript tid, oldest first.
func (v *Vault) TranscriptHistory(tid int64) ([]record.TranscriptRevision, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return transcriptsTable.history(context.Background(), v, tid)
}

// Transcripts returns the current revision of every transcript that is
// not deleted, by transcript id. Rows that do not open are named in a
// *DamageError returned with the others.
func (v *Vault) Transcripts() ([]record.TranscriptRevision, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	list, _, err := transcriptsTable.list(context.Background(), v, ``)
	return current(list, func(t record.TranscriptRevision) int64 { return t.TranscriptID },
		func(t record.TranscriptRevision) string { return t.Kind }), err
}

// TranscriptRefs returns the ledger refs of transcript tid's revisions, in
// revision order (the i-th belongs to TranscriptHistory's i-th).
func (v *Vault) TranscriptRefs(tid int64) ([]string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	_, refs, err := transcriptsTable.list(context.Background(), v, `WHERE transcript_id = ?`, tid)
	return refs, err
}

func (v *Vault) transcriptCanonical(ctx context.Context, id int64) ([]byte, error) {
	return transcriptsTable.canonical(ctx, v, id)
}

// checkTranscripts: every transcript revision opens, is the transcript
// and revision its row says, and hashes to its link.
func (v *Vault) checkTranscripts(ctx context.Context, rep *Report, byRef map[string]ledger.Link, seen map[string]bool) {
	transcriptsTable.check(ctx, v, rep, byRef, seen, nil)
}
