package record_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
)

func sampleTranslation() record.EntryTranslation {
	return record.EntryTranslation{
		Version: 1, Salt: strings.Repeat("cd", 32), TranslationID: 3, Rev: 1, Kind: record.KindCreate,
		RecordedAt: time.Date(2026, 12, 7, 1, 2, 3, 0, time.UTC),
		EntryID:    7, Source: record.TranslationSource{Ref: "revision:12", Hash: strings.Repeat("0e", 32)},
		Lang: "ja", Translator: "山田花子（ユニオン通訳）", TranslatedOn: "2026-12-06",
		Fields: map[string]string{
			"text":    "朝礼で、課長が皆の前で私を怒鳴った。",
			"quote.1": "お前なんか要らない",
			"place":   "倉庫",
		},
	}
}

// A translation round-trips through its canonical bytes; its parts are
// written in key order whatever order they were given in.
func TestTranslationCanonical(t *testing.T) {
	tr := sampleTranslation()
	b, err := tr.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"v":1,"n":"` + strings.Repeat("cd", 32) + `","translation":3,"rev":1,"kind":"create","recorded_at":"2026-12-07T01:02:03Z",` +
		`"entry":7,"source":{"ref":"revision:12","hash":"` + strings.Repeat("0e", 32) + `"},"lang":"ja",` +
		`"translator":"山田花子（ユニオン通訳）","translated_on":"2026-12-06",` +
		`"fields":{"place":"倉庫","quote.1":"お前なんか要らない","text":"朝礼で、課長が皆の前で私を怒鳴った。"}}`
	if string(b) != want {
		t.Fatalf("canonical:\n%s\nwant:\n%s", b, want)
	}
	got, err := record.ParseEntryTranslation(b)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := got.Canonical(); !bytes.Equal(again, b) {
		t.Fatal("round trip changed the bytes")
	}
	del := record.EntryTranslation{Version: 1, Salt: tr.Salt, TranslationID: 3, Rev: 2, Kind: record.KindDelete,
		RecordedAt: tr.RecordedAt, EntryID: 7, Source: tr.Source, Lang: "ja", Reason: "wrong entry"}
	if b, err := del.Canonical(); err != nil || !bytes.Contains(b, []byte(`"fields":{}`)) {
		t.Fatalf("tombstone: %s %v", b, err)
	}
}

func TestTranslationRejects(t *testing.T) {
	mod := func(f func(*record.EntryTranslation)) record.EntryTranslation {
		tr := sampleTranslation()
		f(&tr)
		return tr
	}
	for name, tr := range map[string]record.EntryTranslation{
		"no entry":          mod(func(t *record.EntryTranslation) { t.EntryID = 0 }),
		"source not rev":    mod(func(t *record.EntryTranslation) { t.Source.Ref = "attachment:3" }),
		"source padded":     mod(func(t *record.EntryTranslation) { t.Source.Ref = "revision:012" }),
		"source hash short": mod(func(t *record.EntryTranslation) { t.Source.Hash = "0e" }),
		"no translator":     mod(func(t *record.EntryTranslation) { t.Translator = "" }),
		"no date":           mod(func(t *record.EntryTranslation) { t.TranslatedOn = "" }),
		"month only":        mod(func(t *record.EntryTranslation) { t.TranslatedOn = "2026-12" }),
		"bad day":           mod(func(t *record.EntryTranslation) { t.TranslatedOn = "2026-02-30" }),
		"bad language":      mod(func(t *record.EntryTranslation) { t.Lang = "Japanese" }),
		"no language":       mod(func(t *record.EntryTranslation) { t.Lang = "" }),
		"no parts":          mod(func(t *record.EntryTranslation) { t.Fields = nil }),
		"unknown part":      mod(func(t *record.EntryTranslation) { t.Fields["mood"] = "x" }),
		"quote 0":           mod(func(t *record.EntryTranslation) { t.Fields["quote.0"] = "x" }),
		"quote padded":      mod(func(t *record.EntryTranslation) { t.Fields["quote.01"] = "x" }),
		"empty part":        mod(func(t *record.EntryTranslation) { t.Fields["impact"] = "" }),
		"not utf-8":         mod(func(t *record.EntryTranslation) { t.Fields["text"] = "\xff" }),
		"rev 1 as edit":     mod(func(t *record.EntryTranslation) { t.Kind = record.KindEdit }),
		"rev 2 as create":   mod(func(t *record.EntryTranslation) { t.Rev = 2 }),
		"deleted with text": mod(func(t *record.EntryTranslation) { t.Kind, t.Rev = record.KindDelete, 2 }),
		"version 2":         mod(func(t *record.EntryTranslation) { t.Version = 2 }),
	} {
		if _, err := tr.Canonical(); !errors.Is(err, apperr.ErrInvalidInput) {
			t.Errorf("%s: accepted: %v", name, err)
		}
	}
	b, _ := sampleTranslation().Canonical()
	for name, in := range map[string][]byte{
		"duplicate part": bytes.Replace(b, []byte(`"fields":{`), []byte(`"fields":{"text":"x",`), 1),
		"unknown field":  bytes.Replace(b, []byte(`"lang":"ja",`), []byte(`"lang":"ja","mood":"x",`), 1),
		"parts unsorted": bytes.Replace(b, []byte(`"fields":{"place":"倉庫","quote.1":"お前なんか要らない",`), []byte(`"fields":{"quote.1":"お前なんか要らない","place":"倉庫",`), 1),
	} {
		if bytes.Equal(in, b) {
			t.Fatalf("%s: the edit did not apply", name)
		}
		if _, err := record.ParseEntryTranslation(in); !errors.Is(err, apperr.ErrInvalidInput) {
			t.Errorf("%s: parsed: %v", name, err)
		}
	}
}

func TestTranslationNormalize(t *testing.T) {
	tr := sampleTranslation()
	tr.Translator = "  Nguyễn \n"
	tr.Fields["impact"] = "  "
	tr.Fields["text"] = " cafe\u0301 "
	n := tr.Normalize()
	if n.Translator != "Nguyễn" || n.Fields["text"] != "café" || len(n.Fields) != 3 || tr.Fields["text"] != " cafe\u0301 " {
		t.Fatalf("%+v", n)
	}
}

// The parts a translator is offered: the entry's free text in reading
// order, quotes numbered as AllQuotes gives them, empty parts left out.
func TestTranslationParts(t *testing.T) {
	f := record.Fields{
		Place: "kho", Text: "Trưởng phòng quát tôi.",
		Quotes:        []record.Quote{{Speaker: "trưởng phòng", Words: "Mày không cần thiết"}, {Words: "Về đi"}},
		Impact:        "mất ngủ",
		Consultations: []record.Consultation{{With: "union", Response: ""}, {With: "labour-office", Response: "họ nói sẽ xem xét"}},
		WantsNote:     "xin lỗi",
	}
	var keys []string
	for _, p := range record.TranslationParts(f) {
		if !record.IsTranslationPart(p.Key) {
			t.Errorf("%q is not a part key", p.Key)
		}
		keys = append(keys, p.Key)
	}
	want := []string{"place", "text", "speaker.1", "quote.1", "quote.2", "impact", "response.2", "wants_note"}
	if !reflect.DeepEqual(keys, want) {
		t.Fatalf("parts %v, want %v", keys, want)
	}
	// A version-1 entry's single quote is quote.1.
	if p := record.TranslationParts(record.Fields{Quote: "x"}); len(p) != 1 || p[0].Key != "quote.1" {
		t.Fatalf("%+v", p)
	}
}

func FuzzParseEntryTranslation(f *testing.F) {
	b, _ := sampleTranslation().Canonical()
	f.Add(b)
	f.Add([]byte(`{"v":1}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		tr, err := record.ParseEntryTranslation(in)
		if err != nil {
			return
		}
		out, err := tr.Canonical()
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("accepted bytes are not canonical")
		}
	})
}
