package export

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/record"
)

// A phone recording with a transcript (反訳) in two revisions: the bundle
// carries the records, entries.json states them with the audio's file in
// the bag, and the verifier holds them to their records and to that file;
// a transcript changed in entries.json with recomputed manifests is
// reported.
func TestExportTranscript(t *testing.T) {
	v := testVault(t)
	e := add(t, v, 3, "上司に怒鳴られた", "田中", "power-harassment")
	a, err := v.ImportReader(strings.NewReader("pretend m4a bytes"), "memo.m4a", time.Time{}, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := v.SaveTranscript(record.TranscriptRevision{Audio: record.TranscriptAudio{Ref: record.TranscriptAudioRef("attachment", a.ID)},
		Transcriber: "本人", Speakers: []record.TranscriptSpeaker{{ID: "A", Name: "上司"}},
		Utterances: []record.Utterance{{StartMS: 1000, EndMS: 2500, Speaker: "A", Text: "（聴取不能）"}}})
	if err != nil {
		t.Fatal(err)
	}
	tr.Utterances[0].Text = "お前なんか要らない"
	if _, err := v.SaveTranscript(tr); err != nil {
		t.Fatal(err)
	}
	plan, err := Prepare(v, everything())
	if err != nil {
		t.Fatal(err)
	}
	bag := filepath.Join(t.TempDir(), "bag")
	if _, err := Export(context.Background(), v, plan, Options{Out: bag, Lang: "ja"}); err != nil {
		t.Fatal(err)
	}
	rep, err := bundle.Verify(context.Background(), bag, bundle.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK || rep.Entries.Transcripts != 2 {
		t.Fatalf("verify: ok=%v transcripts=%d %+v", rep.OK, rep.Entries.Transcripts, rep.Problems)
	}
	entries := filepath.Join(bag, "data", "entries.json")
	b, _ := os.ReadFile(entries)
	ents, err := bundle.ParseEntries(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents.Transcripts) != 2 || ents.Transcripts[1].Utterances[0].Text != "お前なんか要らない" ||
		ents.Transcripts[1].File != ents.Attachments[0].File {
		t.Fatalf("entries.json transcripts: %+v", ents.Transcripts)
	}
	// The 反訳書: the file, the transcriber, each line with its time.
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", "-layout", filepath.Join(bag, "data", "filings", "transcript-1.pdf"), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		txt := string(out)
		for _, want := range []string{"反訳書", "00:01–00:02", "上司", "お前なんか要らない", "本人", ents.Attachments[0].SHA256[:32]} {
			if !strings.Contains(strings.ReplaceAll(txt, " ", ""), strings.ReplaceAll(want, " ", "")) {
				t.Errorf("反訳書 lacks %q:\n%s", want, txt)
			}
		}
		if strings.Contains(txt, "作成日：不明") { // the head is the transcript: its date is known
			t.Errorf("反訳書 says 不明:\n%s", txt)
		}
		if n := strings.Count(txt, "（聴取不能）"); n != 1 { // once, in the note on notation
			t.Errorf("反訳書 shows the earlier revision (（聴取不能） %d times)", n)
		}
	}
	// The Word version beside it, listed in the manifest like every file.
	if st, err := os.Stat(filepath.Join(bag, "data", "filings", "transcript-1.docx")); err != nil || st.Size() == 0 {
		t.Errorf("no 反訳書 docx: %v", err)
	}
	if m, _ := os.ReadFile(filepath.Join(bag, "manifest-sha256.txt")); !strings.Contains(string(m), "data/filings/transcript-1.docx") {
		t.Error("the manifest does not list the 反訳書 docx")
	}
	forged := bytes.Replace(b, []byte("お前なんか要らない"), []byte("お前なんか要るんだ"), 1)
	if bytes.Equal(forged, b) || len(forged) != len(b) {
		t.Fatal("the edit did not apply")
	}
	os.WriteFile(entries, forged, 0o600)
	remanifest(t, bag, "data/entries.json", forged)
	rep, err = bundle.Verify(context.Background(), bag, bundle.Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range rep.Problems {
		found = found || (p.Code == "entries.mismatch" && strings.Contains(p.Detail, "transcript"))
	}
	if rep.OK || !found {
		t.Fatalf("forged transcript not reported: %+v", rep.Problems)
	}
}

// A 反訳書 of a Kiroku recording on its own (WriteTranscript) says what the
// one in a bundle says about the recording: its file, hash, length, the
// entry's place and the marker with its current label, and the same
// transcript gives the same bytes.
func TestTranscriptOnItsOwn(t *testing.T) {
	v := fullVault(t)
	recs, err := v.Recordings()
	if err != nil || len(recs) != 1 {
		t.Fatalf("recordings: %v %d", err, len(recs))
	}
	ms, err := v.Markers(recs[0].ID)
	if err != nil || len(ms) != 1 {
		t.Fatalf("markers: %v", err)
	}
	if _, err := v.LabelMarker(recs[0].ID, ms[0].ID, "机を叩いた"); err != nil {
		t.Fatal(err)
	}
	tr, err := v.SaveTranscript(record.TranscriptRevision{Audio: record.TranscriptAudio{Ref: record.TranscriptAudioRef("recording", recs[0].ID)},
		Transcriber: "山田花子", Speakers: []record.TranscriptSpeaker{{ID: "A", Name: "田中部長"}},
		Utterances: []record.Utterance{{StartMS: 100, EndMS: 1400, Speaker: "A", Text: "お前なんか辞めてしまえ"}}})
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := WriteTranscript(v, tr.TranscriptID, "pdf", &a); err != nil {
		t.Fatal(err)
	}
	if err := WriteTranscript(v, tr.TranscriptID, "pdf", &b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same transcript gave two PDFs")
	}
	if err := WriteTranscript(v, tr.TranscriptID, "txt", &b); !errors.Is(err, apperr.ErrInvalidInput) {
		t.Errorf("format txt: %v", err)
	}
	if err := WriteTranscript(v, 99, "pdf", &b); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("transcript 99: %v", err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	in := filepath.Join(t.TempDir(), "t.pdf")
	os.WriteFile(in, a.Bytes(), 0o600)
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.ReplaceAll(strings.Join(strings.Fields(string(out)), ""), "-", "")
	for _, want := range []string{"recording1.wav", tr.Audio.SHA256, "00:01", "［マーカー］机を叩いた", "お前なんか辞めてしまえ", "山田花子", "田中部長"} {
		if !strings.Contains(flat, strings.ReplaceAll(want, "-", "")) {
			t.Errorf("the 反訳書 lacks %q:\n%s", want, out)
		}
	}
}
