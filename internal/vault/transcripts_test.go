package vault_test

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// A transcript of an imported file: the vault fills in the file's
// SHA-256, keeps every revision, and refuses audio that is not there, a
// hash that is not the file's, a move to another file, and an edit after
// a delete.
func TestTranscriptRevisions(t *testing.T) {
	v, path, _ := newVault(t)
	audio := []byte("pretend this is an m4a")
	a, err := v.ImportReader(bytes.NewReader(audio), "memo.m4a", time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(audio)
	ref := record.TranscriptAudioRef("attachment", a.ID)
	tr, err := v.SaveTranscript(record.TranscriptRevision{Audio: record.TranscriptAudio{Ref: ref}, Transcriber: " Phương ",
		Speakers:   []record.TranscriptSpeaker{{ID: "A", Name: "課長"}, {ID: "B", Name: "本人"}},
		Utterances: []record.Utterance{{StartMS: 0, EndMS: 1500, Speaker: "A", Text: "（聴取不能）"}}})
	if err != nil {
		t.Fatal(err)
	}
	if tr.TranscriptID != 1 || tr.Rev != 1 || tr.Kind != record.KindCreate || tr.Audio.SHA256 != hex.EncodeToString(sum[:]) || tr.Transcriber != "Phương" {
		t.Fatalf("saved %+v", tr)
	}
	tr.Utterances = append(tr.Utterances, record.Utterance{StartMS: 1600, EndMS: 3000, Speaker: "B", Text: "やめてください"})
	tr.Reason = "聞き直した"
	tr2, err := v.SaveTranscript(tr)
	if err != nil || tr2.Rev != 2 || tr2.Kind != record.KindEdit {
		t.Fatalf("edit: %+v %v", tr2, err)
	}
	for name, bad := range map[string]record.TranscriptRevision{
		"missing audio":  {Audio: record.TranscriptAudio{Ref: "attachment:99"}, Transcriber: "x"},
		"missing rec":    {Audio: record.TranscriptAudio{Ref: "recording:1"}, Transcriber: "x"},
		"other hash":     {Audio: record.TranscriptAudio{Ref: ref, SHA256: strings.Repeat("0", 64)}, Transcriber: "x"},
		"new as delete":  {Audio: record.TranscriptAudio{Ref: ref}, Transcriber: "x", Kind: record.KindDelete},
		"no such one":    {TranscriptID: 7, Audio: record.TranscriptAudio{Ref: ref}, Transcriber: "x"},
		"unknown speakr": {Audio: record.TranscriptAudio{Ref: ref}, Transcriber: "x", Utterances: []record.Utterance{{Speaker: "Z", Text: "x"}}},
	} {
		if _, err := v.SaveTranscript(bad); err == nil {
			t.Errorf("%s: saved", name)
		}
	}
	b, _ := v.ImportReader(bytes.NewReader([]byte("other")), "b.m4a", time.Now(), 0)
	moved := tr2
	moved.Audio = record.TranscriptAudio{Ref: record.TranscriptAudioRef("attachment", b.ID)}
	if _, err := v.SaveTranscript(moved); !errors.Is(err, apperr.ErrInvalidInput) {
		t.Fatalf("moved to another file: %v", err)
	}
	del := record.TranscriptRevision{TranscriptID: 1, Kind: record.KindDelete, Audio: tr2.Audio, Transcriber: "Phương", Reason: "wrong"}
	if d, err := v.SaveTranscript(del); err != nil || d.Rev != 3 {
		t.Fatalf("delete: %+v %v", d, err)
	}
	if _, err := v.SaveTranscript(tr2); !errors.Is(err, apperr.ErrInvalidInput) {
		t.Fatalf("edit after delete: %v", err)
	}
	if list, err := v.Transcripts(); err != nil || len(list) != 0 {
		t.Fatalf("current after delete: %+v %v", list, err)
	}
	v = reopen(t, v, path)
	h, err := v.TranscriptHistory(1)
	if err != nil || len(h) != 3 || h[1].Utterances[1].Text != "やめてください" || h[2].Kind != record.KindDelete {
		t.Fatalf("history %+v %v", h, err)
	}
	refs, _ := v.TranscriptRefs(1)
	for i, r := range refs {
		c, err := v.RecordCanonical(r)
		want, _ := h[i].Canonical()
		if err != nil || !bytes.Equal(c, want) {
			t.Fatalf("%s: %s %v", r, c, err)
		}
	}
	rep := mustCheck(t, v)
	if rep.Records < 5 {
		t.Fatalf("report %+v", rep)
	}
	// No word of a transcript is in the file in the clear.
	v.Close()
	for _, suffix := range []string{"", "-wal"} {
		data, _ := os.ReadFile(path + suffix)
		for _, s := range []string{"やめてください", "Phương", "課長", "memo.m4a"} {
			if bytes.Contains(data, []byte(s)) {
				t.Fatalf("%q in the clear in %s", s, path+suffix)
			}
		}
	}
}

// A translation binds the entry revision it was made from; editing the
// entry later leaves it naming the older wording. Purging the entry
// erases the translation too, listed in the purge record; check tells that
// from an erasure outside Kiroku.
func TestTranslationRevisionsAndPurge(t *testing.T) {
	v, path, _ := newVault(t)
	e, err := v.Add(fields("Trưởng phòng quát tôi trước mọi người."))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := v.Add(fields("stays"))
	refs, _ := v.RevisionRefs(e.ID)
	tl, err := v.SaveTranslation(record.EntryTranslation{EntryID: e.ID, Translator: "山田花子", TranslatedOn: "2026-12-06",
		Fields: map[string]string{"text": "課長が皆の前で私を怒鳴った。", "quote.1": "辞めてしまえ"}})
	if err != nil {
		t.Fatal(err)
	}
	canon, _ := v.RecordCanonical(refs[0])
	h := record.Hash(canon)
	if tl.Source.Ref != refs[0] || tl.Source.Hash != hex.EncodeToString(h[:]) || tl.Lang != "ja" || tl.Rev != 1 {
		t.Fatalf("saved %+v", tl)
	}
	if _, err := v.Edit(e.ID, fields("Trưởng phòng quát tôi."), "shorter"); err != nil {
		t.Fatal(err)
	}
	list, err := v.Translations(e.ID)
	if err != nil || len(list) != 1 || list[0].Source.Ref != refs[0] {
		t.Fatalf("translations %+v %v", list, err)
	}
	// A new revision of the translation follows the entry's new wording.
	tl.Fields["text"] = "課長が私を怒鳴った。"
	tl.Source = record.TranslationSource{}
	tl2, err := v.SaveTranslation(tl)
	refs, _ = v.RevisionRefs(e.ID)
	if err != nil || tl2.Rev != 2 || tl2.Source.Ref != refs[1] {
		t.Fatalf("edit %+v %v", tl2, err)
	}
	for name, bad := range map[string]record.EntryTranslation{
		"no entry":       {EntryID: 99, Translator: "x", TranslatedOn: "2026-12-06", Fields: map[string]string{"text": "x"}},
		"no translator":  {EntryID: e.ID, TranslatedOn: "2026-12-06", Fields: map[string]string{"text": "x"}},
		"other entry":    {TranslationID: tl.TranslationID, EntryID: other.ID, Translator: "x", TranslatedOn: "2026-12-06", Fields: map[string]string{"text": "x"}},
		"source of othr": {EntryID: other.ID, Source: record.TranslationSource{Ref: refs[0]}, Translator: "x", TranslatedOn: "2026-12-06", Fields: map[string]string{"text": "x"}},
	} {
		if _, err := v.SaveTranslation(bad); err == nil {
			t.Errorf("%s: saved", name)
		}
	}
	if _, err := v.SaveTranslation(record.EntryTranslation{EntryID: other.ID, Translator: "x", TranslatedOn: "2026-12-06",
		Fields: map[string]string{"text": "残る訳文"}}); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, v)

	v.Close()
	var bodies [][]byte
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query("SELECT body FROM translations WHERE entry_id = ?", e.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var b []byte
		rows.Scan(&b)
		bodies = append(bodies, b)
	}
	rows.Close()
	db.Close()
	if len(bodies) != 2 {
		t.Fatalf("%d translation rows", len(bodies))
	}
	v = reopen(t, v, path)
	if err := v.Purge(e.ID); err != nil {
		t.Fatal(err)
	}
	if list, err := v.Translations(e.ID); err != nil || len(list) != 0 {
		t.Fatalf("after purge %+v %v", list, err)
	}
	if _, err := v.TranslationHistory(tl.TranslationID); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("purged history: %v", err)
	}
	if all, _ := v.Translations(0); len(all) != 1 || all[0].Fields["text"] != "残る訳文" {
		t.Fatalf("other entry's translation: %+v", all)
	}
	rep := mustCheck(t, v)
	if rep.Purged != 4 { // two revisions and two translation revisions
		t.Fatalf("purged %d", rep.Purged)
	}
	v.Close()
	for _, suffix := range []string{"", "-wal"} {
		data, _ := os.ReadFile(path + suffix)
		for _, b := range bodies {
			if bytes.Contains(data, b[1:40]) {
				t.Fatalf("purged translation ciphertext still in %s", path+suffix)
			}
		}
	}

	// Someone with the file erases or moves the other entry's translation.
	for name, stmt := range map[string]string{
		"erased": "UPDATE translations SET body = NULL WHERE entry_id = " + itoa(other.ID),
		"moved":  "UPDATE translations SET entry_id = 1 WHERE entry_id = " + itoa(other.ID),
		"gone":   "DELETE FROM translations WHERE entry_id = " + itoa(other.ID),
	} {
		t.Run(name, func(t *testing.T) {
			p := path + "." + name
			copyFile(t, path, p)
			raw(t, p, stmt)
			v, err := vault.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			if err := v.Unlock(pass); err != nil {
				t.Fatal(err)
			}
			rep, err := v.Check()
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, pr := range rep.Problems {
				found = found || strings.HasPrefix(pr.Ref, "translation:")
			}
			if !found {
				t.Fatalf("not reported: %+v", rep.Problems)
			}
		})
	}
}
