package local_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/record"
)

// A transcript of an imported audio file: saved new, then as revision 2;
// listed under its audio (current revision only) and not under another;
// its history keeps the first wording.
func TestAudioTranscripts(t *testing.T) {
	st, _ := hoursStore(t)
	defer st.Close()
	e, err := st.Add(record.Fields{EventTime: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Text: "meeting"})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "memo.m4a")
	if err := os.WriteFile(file, []byte("pretend m4a bytes"), 0o600); err != nil {
		t.Fatal(err)
	}
	at, err := st.Import(context.Background(), file, e.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	ref := record.TranscriptAudioRef("attachment", at.ID)
	var ts app.TranscriptStore = st
	if list, err := ts.AudioTranscripts(ref); err != nil || len(list) != 0 {
		t.Fatalf("new audio has transcripts %+v (%v)", list, err)
	}
	tr, err := ts.SaveTranscript(record.TranscriptRevision{Audio: record.TranscriptAudio{Ref: ref}, Transcriber: "本人", Lang: "ja",
		Speakers:   []record.TranscriptSpeaker{{ID: "A", Name: "本人"}, {ID: "B", Name: "上司"}},
		Utterances: []record.Utterance{{StartMS: 0, EndMS: 1500, Speaker: "B", Text: "（聴取不能）"}, {StartMS: 1500, EndMS: 3000, Speaker: "A", Text: "はい"}}})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Audio.SHA256 != at.SHA256 || tr.Rev != 1 {
		t.Fatalf("saved %+v, want the attachment's hash %s", tr.Audio, at.SHA256)
	}
	tr.Utterances[0].Text = "お前なんか要らない"
	tr.Reason = "聞き直した"
	if _, err := ts.SaveTranscript(tr); err != nil {
		t.Fatal(err)
	}
	list, err := ts.AudioTranscripts(ref)
	if err != nil || len(list) != 1 || list[0].Rev != 2 || list[0].Utterances[0].Text != "お前なんか要らない" {
		t.Fatalf("listed %+v (%v)", list, err)
	}
	if all, err := ts.AudioTranscripts(""); err != nil || len(all) != 1 {
		t.Fatalf("all: %d (%v)", len(all), err)
	}
	if other, err := ts.AudioTranscripts("recording:9"); err != nil || len(other) != 0 {
		t.Fatalf("another audio lists %+v (%v)", other, err)
	}
	if _, err := ts.AudioTranscripts("entry:1"); err == nil {
		t.Fatal("a ref that names no audio was accepted")
	}
	h, err := ts.TranscriptHistory(tr.TranscriptID)
	if err != nil || len(h) != 2 || h[0].Utterances[0].Text != "（聴取不能）" || h[1].Reason != "聞き直した" {
		t.Fatalf("history %+v (%v)", h, err)
	}
}

// The editor's draft round-trips sealed: its words are nowhere in the
// file, it survives closing, and it is no transcript.
func TestTranscriptDraftSealedRoundTrip(t *testing.T) {
	st, path := hoursStore(t)
	if _, ok, err := st.TranscriptDraft(); ok || err != nil {
		t.Fatalf("new vault has a transcript draft (%v)", err)
	}
	const marker = "MARKER-transcript-7c2e"
	d := app.TranscriptDraft{EntryID: 1, Audio: "recording:1", Transcriber: "山田", Lang: "ja",
		Speakers:   []record.TranscriptSpeaker{{ID: "A", Name: "本人"}},
		Utterances: []record.Utterance{{StartMS: 200, EndMS: 900, Speaker: "A", Text: marker}},
		SavedAt:    time.Date(2026, 4, 1, 15, 5, 0, 0, time.UTC)}
	if err := st.SaveTranscriptDraft(d); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte(marker)) {
		t.Fatal("transcript draft in the vault file in the clear")
	}
	s, err := local.Vaults{}.Open(path, []byte("violet harbour pencil thunder"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ts := s.(app.TranscriptStore)
	got, ok, err := ts.TranscriptDraft()
	if err != nil || !ok || !reflect.DeepEqual(got, d) {
		t.Fatalf("draft read back: %+v %v %v\nwant %+v", got, ok, err, d)
	}
	if list, err := ts.AudioTranscripts(""); err != nil || len(list) != 0 {
		t.Fatalf("a draft made transcripts: %d (%v)", len(list), err)
	}
	if err := ts.ClearTranscriptDraft(); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := ts.TranscriptDraft(); ok || err != nil {
		t.Fatalf("draft after ClearTranscriptDraft (%v)", err)
	}
}
