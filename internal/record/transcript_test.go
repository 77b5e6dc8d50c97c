package record_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
)

func sampleTranscript() record.TranscriptRevision {
	return record.TranscriptRevision{
		Version: 1, Salt: strings.Repeat("ab", 32), TranscriptID: 2, Rev: 1, Kind: record.KindCreate,
		RecordedAt:  time.Date(2026, 12, 7, 1, 2, 3, 0, time.UTC),
		Audio:       record.TranscriptAudio{Ref: "attachment:5", SHA256: strings.Repeat("0c", 32)},
		Transcriber: "グエン・ティ・フオン", Lang: "ja",
		Speakers: []record.TranscriptSpeaker{{ID: "A", Name: "上司（田中課長）"}, {ID: "B", Name: "本人"}},
		Utterances: []record.Utterance{
			{StartMS: 1200, EndMS: 4800, Speaker: "A", Text: "お前なんか要らないんだよ。"},
			{StartMS: 4500, EndMS: 6000, Speaker: "B", Text: "（聴取不能）やめてください。"},
			{StartMS: 6000, EndMS: 9000, Speaker: "", Text: "（沈黙）", Machine: true},
		},
	}
}

// A transcript revision round-trips through its canonical bytes, which
// keep the field order; overlapping utterances are allowed.
func TestTranscriptCanonical(t *testing.T) {
	tr := sampleTranscript()
	b, err := tr.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"v":1,"n":"` + strings.Repeat("ab", 32) + `","transcript":2,"rev":1,"kind":"create","recorded_at":"2026-12-07T01:02:03Z",` +
		`"audio":{"ref":"attachment:5","sha256":"` + strings.Repeat("0c", 32) + `"},"transcriber":"グエン・ティ・フオン","lang":"ja",` +
		`"speakers":[{"id":"A","name":"上司（田中課長）"},{"id":"B","name":"本人"}],` +
		`"utterances":[{"start_ms":1200,"end_ms":4800,"speaker":"A","text":"お前なんか要らないんだよ。"},` +
		`{"start_ms":4500,"end_ms":6000,"speaker":"B","text":"（聴取不能）やめてください。"},` +
		`{"start_ms":6000,"end_ms":9000,"speaker":"","text":"（沈黙）","machine":true}]}`
	if string(b) != want {
		t.Fatalf("canonical:\n%s\nwant:\n%s", b, want)
	}
	got, err := record.ParseTranscriptRevision(b)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := got.Canonical()
	if !bytes.Equal(again, b) {
		t.Fatal("round trip changed the bytes")
	}
	// A tombstone keeps the audio it named, without utterances.
	del := record.TranscriptRevision{Version: 1, Salt: tr.Salt, TranscriptID: 2, Rev: 3, Kind: record.KindDelete,
		RecordedAt: tr.RecordedAt, Audio: tr.Audio, Transcriber: "x", Reason: "wrong file"}
	if b, err := del.Canonical(); err != nil || !bytes.Contains(b, []byte(`"speakers":[],"utterances":[]`)) {
		t.Fatalf("tombstone: %s %v", b, err)
	}
}

func TestTranscriptRejects(t *testing.T) {
	mod := func(f func(*record.TranscriptRevision)) record.TranscriptRevision {
		tr := sampleTranscript()
		f(&tr)
		return tr
	}
	for name, tr := range map[string]record.TranscriptRevision{
		"audio not a ref":       mod(func(t *record.TranscriptRevision) { t.Audio.Ref = "file.m4a" }),
		"audio id 0":            mod(func(t *record.TranscriptRevision) { t.Audio.Ref = "recording:0" }),
		"audio id padded":       mod(func(t *record.TranscriptRevision) { t.Audio.Ref = "recording:03" }),
		"audio hash short":      mod(func(t *record.TranscriptRevision) { t.Audio.SHA256 = "abc" }),
		"audio hash upper":      mod(func(t *record.TranscriptRevision) { t.Audio.SHA256 = strings.Repeat("0C", 32) }),
		"unknown speaker":       mod(func(t *record.TranscriptRevision) { t.Utterances[0].Speaker = "C" }),
		"duplicate speaker":     mod(func(t *record.TranscriptRevision) { t.Speakers[1].ID = "A" }),
		"speaker id with space": mod(func(t *record.TranscriptRevision) { t.Speakers[0].ID = "A 1" }),
		"end before start":      mod(func(t *record.TranscriptRevision) { t.Utterances[0].EndMS = 100 }),
		"negative start":        mod(func(t *record.TranscriptRevision) { t.Utterances[0].StartMS = -1 }),
		"out of order":          mod(func(t *record.TranscriptRevision) { t.Utterances[1].StartMS = 1000; t.Utterances[1].EndMS = 2000 }),
		"not utf-8":             mod(func(t *record.TranscriptRevision) { t.Utterances[0].Text = "\xff" }),
		"bad language":          mod(func(t *record.TranscriptRevision) { t.Lang = "Japanese" }),
		"rev 1 as edit":         mod(func(t *record.TranscriptRevision) { t.Kind = record.KindEdit }),
		"rev 2 as create":       mod(func(t *record.TranscriptRevision) { t.Rev = 2 }),
		"deleted with text":     mod(func(t *record.TranscriptRevision) { t.Kind, t.Rev = record.KindDelete, 2 }),
		"version 2":             mod(func(t *record.TranscriptRevision) { t.Version = 2 }),
	} {
		if _, err := tr.Canonical(); !errors.Is(err, apperr.ErrInvalidInput) {
			t.Errorf("%s: accepted: %v", name, err)
		}
	}
	b, _ := sampleTranscript().Canonical()
	for name, in := range map[string][]byte{
		"machine false written": bytes.Replace(b, []byte(`"text":"（沈黙）","machine":true`), []byte(`"text":"（沈黙）","machine":false`), 1),
		"unknown field":         bytes.Replace(b, []byte(`"lang":"ja",`), []byte(`"lang":"ja","mood":"x",`), 1),
		"spaces":                bytes.Replace(b, []byte(`"rev":1,`), []byte(`"rev": 1,`), 1),
	} {
		if _, err := record.ParseTranscriptRevision(in); !errors.Is(err, apperr.ErrInvalidInput) {
			t.Errorf("%s: parsed: %v", name, err)
		}
	}
}

func TestTranscriptNormalize(t *testing.T) {
	tr := sampleTranscript()
	tr.Transcriber = "  Nguyễn \n"
	tr.Utterances[0].Text = " cafe\u0301 "
	tr.Speakers[0].ID = " A "
	n := tr.Normalize()
	if n.Transcriber != "Nguyễn" || n.Utterances[0].Text != "café" || n.Speakers[0].ID != "A" || tr.Utterances[0].Text != " cafe\u0301 " {
		t.Fatalf("%+v", n)
	}
}

func TestTimecode(t *testing.T) {
	for ms, want := range map[int64]string{0: "00:00", 1999: "00:01", 62_000: "01:02", 3_600_000: "1:00:00", 3_723_500: "1:02:03"} {
		if got := record.Timecode(ms); got != want {
			t.Errorf("%d: %q, want %q", ms, got, want)
		}
	}
}

func FuzzParseTranscriptRevision(f *testing.F) {
	b, _ := sampleTranscript().Canonical()
	f.Add(b)
	f.Add([]byte(`{"v":1}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		tr, err := record.ParseTranscriptRevision(in)
		if err != nil {
			return
		}
		out, err := tr.Canonical()
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("accepted bytes are not canonical")
		}
	})
}

func TestParseTimecode(t *testing.T) {
	for in, want := range map[string]int64{"0:00": 0, "01:02.5": 62_500, "1:02:03": 3_723_000, "1:02:03.25": 3_723_250, "59:59.999": 3_599_999} {
		if got, err := record.ParseTimecode(in); err != nil || got != want {
			t.Errorf("%q: %d %v, want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "12", "1:60", "1:60:00", "-1:00", "1:2:3:4", "a:00", "1:1e1", "0:+5"} {
		if _, err := record.ParseTimecode(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
