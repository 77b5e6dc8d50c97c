package vault

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/record"
)

// Translations (訳文, vault format 7): a Japanese translation of an entry
// written in another language, kept beside the entry and never over it.
// Each save is an immutable sealed revision with its own ledger link. Rows
// carry the translation id, the entry id and the revision number in the
// clear (as revisions do); the words, the translator and the date are
// sealed. Purging an entry erases its translations' bodies too: the purge
// record lists them.

// LinkTranslation is the ledger kind of a translation revision.
const LinkTranslation = "translation"

// translationsTable is the translations' revision table.
var translationsTable = &revTable[record.EntryTranslation]{
	table: "translations", idCol: "translation_id", noun: "translation", link: LinkTranslation, format: "7",
	entryCol: true, purgeable: true,
	parse: record.ParseEntryTranslation,
	names: func(t record.EntryTranslation, r revRow) string {
		switch {
		case t.Rev != r.rev:
			return fmt.Sprintf("revision %d", t.Rev)
		case t.EntryID != r.eid:
			return fmt.Sprintf("entry %d", t.EntryID)
		}
		return namesOther("translation", t.TranslationID, r.tid)
	},
}

func translationAD(id int64) []byte { return translationsTable.ad(id) }

func translationRef(id int64) string { return translationsTable.ref(id) }

// SaveTranslation stores t as the next revision of translation
// t.TranslationID, or as revision 1 of a new translation of entry
// t.EntryID when that is 0. The vault sets the id, revision, kind (create
// or edit; a delete stays a delete), salt, recorded time and the source's
// record hash. The source is the entry revision t.Source.Ref names, or the
// entry's current revision when that is empty; a deleted or purged entry
// takes no translation. Lang defaults to "ja".
func (v *Vault) SaveTranslation(t record.EntryTranslation) (record.EntryTranslation, error) {
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	k, err := v.recordsKey()
	if err != nil {
		return record.EntryTranslation{}, err
	}
	t = t.Normalize()
	if t.Lang == "" {
		t.Lang = "ja"
	}
	err = v.write(ctx, func(tx *sql.Tx) error {
		if t.TranslationID == 0 {
			if t.Kind == record.KindDelete {
				return fmt.Errorf("a new translation cannot be a deletion: %w", apperr.ErrInvalidInput)
			}
			var err error
			if t.TranslationID, err = nextID(ctx, tx, "translations", "translation_id"); err != nil {
				return err
			}
			t.Rev, t.Kind = 1, record.KindCreate
		} else {
			last, err := translationsTable.last(ctx, v, tx, t.TranslationID)
			if err != nil {
				return err
			}
			switch {
			case last.Kind == record.KindDelete:
				return fmt.Errorf("translation %d was deleted: %w", t.TranslationID, apperr.ErrInvalidInput)
			case last.EntryID != t.EntryID:
				return fmt.Errorf("translation %d is of entry %d, not %d: %w", t.TranslationID, last.EntryID, t.EntryID, apperr.ErrInvalidInput)
			}
			t.Rev = last.Rev + 1
			if t.Kind != record.KindDelete {
				t.Kind = record.KindEdit
			} else if t.Source.Ref == "" {
				t.Source = last.Source // a deletion names what it took back
				t.Fields = nil
			}
		}
		if t.Kind != record.KindDelete || t.Source.Hash == "" {
			src, err := v.translationSource(ctx, tx, t.EntryID, t.Source.Ref)
			if err != nil {
				return err
			}
			if t.Source.Hash != "" && t.Source.Hash != src.Hash {
				return fmt.Errorf("%s is not the wording this translation was made from: %w", src.Ref, apperr.ErrInvalidInput)
			}
			t.Source = src
		}
		id, err := v.nextID(ctx, tx, "translations", "id")
		if err != nil {
			return err
		}
		t.Version, t.Salt, t.RecordedAt = v.stamp()
		canon, err := t.Canonical()
		if err != nil {
			return err
		}
		return translationsTable.insert(ctx, v, tx, k, revRow{id: id, tid: t.TranslationID, eid: t.EntryID, rev: t.Rev}, canon)
	})
	if err != nil {
		return record.EntryTranslation{}, fmt.Errorf("save translation: %w", err)
	}
	return t, nil
}

// translationSource returns the ref and record hash of the revision of
// entry eid that ref names ("" for the current one), which must be there
// and not a deletion. Callers hold v.mu.
func (v *Vault) translationSource(ctx context.Context, tx *sql.Tx, eid int64, ref string) (record.TranslationSource, error) {
	q := `SELECT id, rev, body FROM revisions WHERE entry_id = ? ORDER BY rev DESC LIMIT 1`
	args := []any{eid}
	if ref != "" {
		kind, num, _ := strings.Cut(ref, ":")
		rid, err := strconv.ParseInt(num, 10, 64)
		if kind != LinkRevision || err != nil {
			return record.TranslationSource{}, fmt.Errorf("source %q is not revision:<id>: %w", ref, apperr.ErrInvalidInput)
		}
		q, args = `SELECT id, rev, body FROM revisions WHERE entry_id = ? AND id = ?`, []any{eid, rid}
	}
	var rid int64
	var rev int
	var body []byte
	if err := tx.QueryRowContext(ctx, q, args...).Scan(&rid, &rev, &body); err != nil {
		if err == sql.ErrNoRows {
			return record.TranslationSource{}, fmt.Errorf("entry %d %s: %w", eid, ref, apperr.ErrNotFound)
		}
		return record.TranslationSource{}, err
	}
	if body == nil {
		return record.TranslationSource{}, fmt.Errorf("entry %d was purged: %w", eid, apperr.ErrNotFound)
	}
	r, canon, err := v.openRevision(rid, eid, rev, body)
	if err != nil {
		return record.TranslationSource{}, err
	}
	if r.Kind == record.KindDelete {
		return record.TranslationSource{}, fmt.Errorf("entry %d was deleted: %w", eid, apperr.ErrInvalidInput)
	}
	h := record.Hash(canon)
	return record.TranslationSource{Ref: revisionRef(rid), Hash: hex.EncodeToString(h[:])}, nil
}

// TranslationHistory returns every revision of translation tid, oldest
// first.
func (v *Vault) TranslationHistory(tid int64) ([]record.EntryTranslation, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return translationsTable.history(context.Background(), v, tid)
}

// TranslationRefs returns the ledger refs of translation tid's revisions
// in revision order (the i-th belongs to TranslationHistory's i-th).
func (v *Vault) TranslationRefs(tid int64) ([]string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	_, refs, err := translationsTable.list(context.Background(), v, `WHERE translation_id = ?`, tid)
	return refs, err
}

// Translations returns the current revision of every translation of
// entry eid (0: of every entry) that is not deleted, by translation id.
// Purged translations are left out; rows that do not open are named in a
// *DamageError returned with the others.
func (v *Vault) Translations(eid int64) ([]record.EntryTranslation, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	where, args := ``, []any(nil)
	if eid != 0 {
		where, args = `WHERE entry_id = ?`, []any{eid}
	}
	list, _, err := translationsTable.list(context.Background(), v, where, args...)
	return current(list, func(t record.EntryTranslation) int64 { return t.TranslationID },
		func(t record.EntryTranslation) string { return t.Kind }), err
}

func (v *Vault) translationCanonical(ctx context.Context, id int64) ([]byte, error) {
	return translationsTable.canonical(ctx, v, id)
}

// checkTranslations: every sealed translation opens, belongs where it
// is, and hashes to its link; a NULL body must be one an opened purge
// record of its entry lists (purgedBy: translation row -> entry), and
// every translation a purge lists must be there, erased.
func (v *Vault) checkTranslations(ctx context.Context, rep *Report, byRef map[string]ledger.Link, seen map[string]bool, purgedBy, listedBy map[int64]int64) {
	isNull := translationsTable.check(ctx, v, rep, byRef, seen, func(r revRow) {
		if e, ok := purgedBy[r.id]; ok && e == r.eid {
			rep.Purged++
		} else {
			rep.add(translationRef(r.id), "translation %d revision %d of entry %d: content erased without a purge record of that entry that lists it (changed outside Kiroku)", r.tid, r.rev, r.eid)
		}
	})
	if isNull == nil {
		return // the table could not be read (reported)
	}
	for _, id := range slices.Sorted(maps.Keys(listedBy)) {
		pid := listedBy[id]
		null, ok := isNull[id]
		switch {
		case !ok:
			rep.add(purgeRef(pid), "lists %s, which is missing", translationRef(id))
		case !null:
			rep.add(purgeRef(pid), "lists %s, which still has content", translationRef(id))
		}
	}
}

// EntryTranslationRefs returns the ledger refs of every revision of every
// translation of entry eid that was not purged, by translation and
// revision: what an export of the entry carries.
func (v *Vault) EntryTranslationRefs(eid int64) ([]string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	rows, err := v.db.Query(`SELECT id FROM translations WHERE entry_id = ? AND body IS NOT NULL ORDER BY translation_id, rev`, eid)
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
		out = append(out, translationRef(id))
	}
	return out, mapSQLite(rows.Err())
}
