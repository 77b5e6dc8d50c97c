package vault_test

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// vaultColumns is every table and column of the vault, and whether the
// column is sealed (only Kiroku with the key can write a value that opens).
// The clear ones can be changed by anyone with the file. A table or column
// missing here fails TestClearColumnMutations, so a new one gets covered.
var vaultColumns = map[string]map[string]bool{
	"meta":              {"key": false, "value": false}, // vault_id is clear, head sealed
	"keyslots":          {"id": false, "kind": false, "params": false, "salt": false, "wrapped": true},
	"entries":           {"id": false},
	"revisions":         {"id": false, "entry_id": false, "rev": false, "body": true},
	"purges":            {"id": false, "entry_id": false, "body": true},
	"ledger":            {"seq": false, "kind": false, "ref": false, "record_hash": false, "link": false},
	"recordings":        {"id": false, "state": false, "start": true, "end": true},
	"recording_chunks":  {"recording_id": false, "seq": false, "final": false, "frames": false, "body": true},
	"recording_markers": {"id": false, "recording_id": false, "body": true},
	"attachments":       {"id": false, "meta": true},
	"attachment_chunks": {"attachment_id": false, "seq": false, "final": false, "body": true},
	"hours":             {"id": false, "body": true},
	"anchors":           {"id": false, "seq": false, "body": true},
	"settings":          {"key": false, "value": true},
	"backups":           {"id": false, "body": true},
	"marker_labels":     {"id": false, "recording_id": false, "marker_id": false, "body": true},
	"exports":           {"id": false, "body": true},
	"transcripts":       {"id": false, "transcript_id": false, "rev": false, "body": true},
	"translations":      {"id": false, "translation_id": false, "entry_id": false, "rev": false, "body": true},
}

// oddTexts are the values a TEXT column is set to: recording states, and
// junk.
// The column's other values are added per column.
var oddTexts = []string{"recording", "interrupted", "", "x"}

type mutation struct {
	name  string
	stmts []string // run in order on a copy, CHECK constraints ignored
}

// clearMutations lists, from the schema of the file at path, a change, swap,
// NULL and row deletion for every column and row of every table.
func clearMutations(t *testing.T, path string) []mutation {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tables := map[string]bool{}
	rows, err := db.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables[n] = true
	}
	rows.Close()
	for n := range vaultColumns {
		if !tables[n] {
			t.Errorf("table %s is listed in vaultColumns but not in the vault", n)
		}
	}
	var names []string
	for n := range tables {
		names = append(names, n)
		if _, ok := vaultColumns[n]; !ok {
			t.Fatalf("table %s is unknown to this test: add it to vaultColumns, saying which columns are sealed", n)
		}
	}
	sort.Strings(names)

	var out []mutation
	for _, table := range names {
		var cols []string
		var types []string
		crows, err := db.Query(fmt.Sprintf(`SELECT name, type FROM pragma_table_info('%s') ORDER BY cid`, table))
		if err != nil {
			t.Fatal(err)
		}
		for crows.Next() {
			var n, ty string
			crows.Scan(&n, &ty)
			if _, ok := vaultColumns[table][n]; !ok {
				t.Fatalf("column %s.%s is unknown to this test: add it to vaultColumns", table, n)
			}
			cols, types = append(cols, n), append(types, ty)
		}
		crows.Close()
		var rowids []int64
		rrows, err := db.Query(fmt.Sprintf(`SELECT rowid FROM %s ORDER BY rowid`, table))
		if err != nil {
			t.Fatal(err)
		}
		for rrows.Next() {
			var id int64
			rrows.Scan(&id)
			rowids = append(rowids, id)
		}
		rrows.Close()
		for i, r := range rowids {
			where := fmt.Sprintf("WHERE rowid = %d", r)
			out = append(out, mutation{fmt.Sprintf("%s row %d deleted", table, r),
				[]string{fmt.Sprintf("DELETE FROM %s %s", table, where)}})
			for c, col := range cols {
				set := func(what, expr string) {
					out = append(out, mutation{fmt.Sprintf("%s.%s row %d %s", table, col, r, what),
						[]string{fmt.Sprintf("UPDATE %s SET %s = %s %s", table, col, expr, where)}})
				}
				set("nulled", "NULL")
				switch types[c] {
				case "INTEGER":
					set("+1", col+" + 1")
					set("+100", col+" + 100")
					set("zeroed", "0")
				case "TEXT":
					for _, s := range textValues(t, db, table, col, r) {
						set(fmt.Sprintf("set to %q", s), "'"+s+"'")
					}
				case "BLOB":
					set("byte flipped", fmt.Sprintf("CAST(substr(%[1]s, 1, length(%[1]s) - 1) || X'5A' AS BLOB)", col))
					set("truncated", fmt.Sprintf("CAST(substr(%[1]s, 1, length(%[1]s) / 2) AS BLOB)", col))
					set("emptied", "X''")
				}
				// Swap with the next row (and the last with the first): the
				// same value moved to another row.
				if len(rowids) > 1 {
					o := rowids[(i+1)%len(rowids)]
					if o == r || (len(rowids) == 2 && i == 1) {
						continue
					}
					tmp := "-987654321"
					if types[c] != "INTEGER" {
						tmp = "CAST('swap-tmp' AS " + types[c] + ")"
					}
					out = append(out, mutation{fmt.Sprintf("%s.%s rows %d and %d swapped", table, col, r, o), []string{
						fmt.Sprintf("CREATE TEMP TABLE swap AS SELECT (SELECT %[1]s FROM %[2]s WHERE rowid = %[3]d) AS a, (SELECT %[1]s FROM %[2]s WHERE rowid = %[4]d) AS b", col, table, r, o),
						fmt.Sprintf("UPDATE %s SET %s = %s WHERE rowid = %d", table, col, tmp, r),
						fmt.Sprintf("UPDATE %s SET %s = (SELECT a FROM swap) WHERE rowid = %d", table, col, o),
						fmt.Sprintf("UPDATE %s SET %s = (SELECT b FROM swap) WHERE rowid = %d", table, col, r),
					}})
				}
			}
		}
	}
	return out
}

// textValues: oddTexts and the values the column holds in other rows (a
// key slot's kind, a ledger ref or kind moved to another row).
func textValues(t *testing.T, db *sql.DB, table, col string, rowid int64) []string {
	t.Helper()
	out := append([]string(nil), oddTexts...)
	seen := map[string]bool{}
	for _, s := range out {
		seen[s] = true
	}
	rows, err := db.Query(fmt.Sprintf(`SELECT DISTINCT %s FROM %s WHERE rowid != ?`, col, table), rowid)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if rows.Scan(&s) == nil && !seen[s] && !strings.Contains(s, "'") {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// applyMutation runs m on the vault file at path the way someone with the
// sqlite3 shell would (foreign keys and CHECK constraints not enforced). It
// reports false when SQLite refuses the change (NOT NULL, UNIQUE, STRICT
// types): nothing to test then.
func applyMutation(t *testing.T, path string, m mutation) bool {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=0")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("PRAGMA ignore_check_constraints = ON"); err != nil {
		t.Fatal(err)
	}
	for _, s := range m.stmts {
		res, err := db.Exec(s)
		if err != nil {
			return false
		}
		if n, _ := res.RowsAffected(); n == 0 && strings.HasPrefix(s, "UPDATE") && !strings.Contains(s, "swap") {
			return false
		}
	}
	if _, err := db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	return true
}

// vaultContent reads everything the vault shows a user, with the error of
// each read, as one comparable text.
func vaultContent(v *vault.Vault) string {
	var b strings.Builder
	put := func(name string, x any, err error) {
		j, _ := json.Marshal(x)
		fmt.Fprintf(&b, "%s: %s err=%v\n", name, j, err)
	}
	all, err := v.AllEntries()
	put("entries", all, err)
	for _, e := range all {
		h, err := v.History(e.ID)
		put(fmt.Sprintf("history %d", e.ID), h, err)
		refs, err := v.RevisionRefs(e.ID)
		put(fmt.Sprintf("refs %d", e.ID), refs, err)
	}
	for id := int64(1); id <= 4; id++ {
		p, err := v.Purged(id)
		put(fmt.Sprintf("purged %d", id), p, err)
	}
	recs, err := v.Recordings()
	put("recordings", recs, err)
	for _, r := range recs {
		var w bytes.Buffer
		sum, err := v.ExportWAV(r.ID, &w)
		put(fmt.Sprintf("wav %d", r.ID), fmt.Sprintf("%x", sum), err)
		ms, err := v.Markers(r.ID)
		put(fmt.Sprintf("markers %d", r.ID), ms, err)
	}
	atts, err := v.Attachments()
	put("attachments", atts, err)
	for _, a := range atts {
		var w bytes.Buffer
		sum, err := v.ExportAttachment(a.ID, &w)
		put(fmt.Sprintf("file %d", a.ID), fmt.Sprintf("%x", sum), err)
	}
	h, err := v.HoursLog()
	put("hours", h, err)
	s, ok, err := v.Setting("tsa.url")
	put("setting", []any{s, ok}, err)
	an, err := v.Anchors()
	put("anchors", an, err)
	bl, err := v.BackupLogs()
	put("backups", bl, err)
	ml, err := v.MarkerLabels()
	put("labels", ml, err)
	ts, err := v.Transcripts()
	put("transcripts", ts, err)
	for id := int64(1); id <= 2; id++ {
		h, err := v.TranscriptHistory(id)
		put(fmt.Sprintf("transcript %d", id), h, err)
	}
	tr, err := v.Translations(0)
	put("translations", tr, err)
	for id := int64(1); id <= 2; id++ {
		h, err := v.TranslationHistory(id)
		put(fmt.Sprintf("translation %d", id), h, err)
	}
	links, err := v.Links()
	put("links", links, err)
	for _, l := range links {
		c, err := v.RecordCanonical(l.Ref)
		put("canonical "+l.Ref, fmt.Sprintf("%x", sha256.Sum256(c)), err)
	}
	return b.String()
}

// keyMaterial: a mutation of the key slots or of the vault id may keep the
// vault from unlocking at all; that must be a clear refusal, never silent.
func keyMaterial(m mutation) bool {
	return strings.HasPrefix(m.name, "keyslots") || strings.HasPrefix(m.name, "meta")
}

// Someone with the vault file and the sqlite3 shell, but no key, changes,
// swaps, nulls or deletes any clear value of any table. For every such
// change either Check names the damage, or everything the vault shows
// (entries, history, recordings, files, hours, settings, anchors, labels,
// the exported record bytes) is exactly what it was: the change was
// provably harmless. Unlocking and the entry list never fail as a whole.
func TestClearColumnMutations(t *testing.T) {
	dir := fastTempDir(t)
	base := filepath.Join(dir, "base.kiroku")
	copyFile(t, filepath.Join("testdata", "golden-v4.kiroku"), base)
	// Unlock once so that the base is in this build's format.
	v, err := vault.Open(base)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock([]byte(goldenPassphrase)); err != nil {
		t.Fatal(err)
	}
	addTranscriptsAndTranslations(t, v)
	mustCheck(t, v)
	want := vaultContent(v)
	v.Close()

	muts := clearMutations(t, base)
	// The attack of the security report, by name: another entry's revisions
	// moved under the purged entry with their bodies erased.
	muts = append(muts, mutation{"revisions of entry 4 moved under purged entry 3, bodies erased", []string{
		"UPDATE revisions SET entry_id = 3, rev = 100 + id, body = NULL WHERE entry_id = 4"}})
	applied := 0
	for _, m := range muts {
		path := filepath.Join(dir, "m.kiroku")
		os.Remove(path + "-wal")
		copyFile(t, base, path)
		if !applyMutation(t, path, m) {
			continue
		}
		applied++
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic %v", m.name, r)
				}
			}()
			v, err := vault.Open(path)
			if err != nil {
				if !keyMaterial(m) || !isClearOpenError(err) {
					t.Errorf("%s: open failed: %v", m.name, err)
				}
				return
			}
			defer v.Close()
			if err := v.Unlock([]byte(goldenPassphrase)); err != nil {
				if !keyMaterial(m) || !(errors.Is(err, apperr.ErrDamaged) || errors.Is(err, apperr.ErrKeySlotDamaged) || errors.Is(err, apperr.ErrWrongPassphrase)) {
					t.Errorf("%s: unlock failed: %v", m.name, err)
				}
				return
			}
			for _, list := range []func() ([]any, error){
				func() ([]any, error) { l, err := v.Entries(); return []any{l}, err },
				func() ([]any, error) { l, err := v.AllEntries(); return []any{l}, err },
				func() ([]any, error) { l, err := v.Recordings(); return []any{l}, err },
				func() ([]any, error) { l, err := v.Attachments(); return []any{l}, err },
			} {
				if _, err := list(); err != nil {
					var de *vault.DamageError
					if !errors.As(err, &de) {
						t.Errorf("%s: a listing failed as a whole: %v", m.name, err)
					}
				}
			}
			rep, err := v.Check()
			if err != nil {
				t.Errorf("%s: check could not run: %v", m.name, err)
				return
			}
			if !rep.OK() {
				return // the damage is named
			}
			got := vaultContent(v)
			if got != want {
				t.Errorf("%s: check passes but the content changed:\n%s", m.name, diffLines(want, got))
			}
		}()
	}
	t.Logf("%d mutations, %d applied", len(muts), applied)
	if applied < 100 {
		t.Fatalf("only %d mutations applied: the test lost its teeth", applied)
	}
}

// fastTempDir is a temporary directory in memory when the system has one:
// the test opens about a thousand copies of a vault, and each open and
// close syncs (only sealed data is written there).
func fastTempDir(t *testing.T) string {
	t.Helper()
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		if d, err := os.MkdirTemp("/dev/shm", "kiroku-test-"); err == nil {
			t.Cleanup(func() { os.RemoveAll(d) })
			return d
		}
	}
	return t.TempDir()
}

func diffLines(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			out = append(out, "- "+x, "+ "+y)
		}
	}
	return strings.Join(out, "\n")
}

// addTranscriptsAndTranslations gives a golden vault (entries 1 and 4,
// recording 1, attachment 1) rows in the tables of format 7: two
// transcripts, one edited, and two translations, one edited.
func addTranscriptsAndTranslations(t *testing.T, v *vault.Vault) {
	t.Helper()
	tr := record.TranscriptRevision{Audio: record.TranscriptAudio{Ref: "recording:1"}, Transcriber: "本人",
		Speakers:   []record.TranscriptSpeaker{{ID: "A", Name: "課長"}},
		Utterances: []record.Utterance{{StartMS: 0, EndMS: 900, Speaker: "A", Text: "（聴取不能）"}}}
	tr, err := v.SaveTranscript(tr)
	if err != nil {
		t.Fatal(err)
	}
	tr.Utterances[0].Text = "お前なんか要らない"
	if _, err := v.SaveTranscript(tr); err != nil {
		t.Fatal(err)
	}
	if _, err := v.SaveTranscript(record.TranscriptRevision{Audio: record.TranscriptAudio{Ref: "attachment:1"}, Transcriber: "x"}); err != nil {
		t.Fatal(err)
	}
	tl, err := v.SaveTranslation(record.EntryTranslation{EntryID: 1, Translator: "山田", TranslatedOn: "2026-12-01",
		Fields: map[string]string{"text": "訳文その一"}})
	if err != nil {
		t.Fatal(err)
	}
	tl.Fields["text"] = "訳文その一（直し）"
	if _, err := v.SaveTranslation(tl); err != nil {
		t.Fatal(err)
	}
	if _, err := v.SaveTranslation(record.EntryTranslation{EntryID: 4, Translator: "Tran", TranslatedOn: "2026-12-02",
		Fields: map[string]string{"text": "訳文その二"}}); err != nil {
		t.Fatal(err)
	}
}
