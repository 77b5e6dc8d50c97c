package record_test

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
)

// sheetSample is a revision with every consultation-sheet field.
func sheetSample() record.Revision {
	r := sample()
	r.Fields.Quote = ""
	r.Fields.Lang = "vi"
	r.Fields.Quotes = []record.Quote{{Speaker: "Tanaka (課長)", Words: "Mày không hiểu à?"}, {Speaker: "", Words: "「辞めろ」"}}
	r.Fields.Recurrence = record.RecurrenceRepeated
	r.Fields.Since = "2026-04"
	r.Fields.HowOften = "mỗi buổi họp sáng"
	r.Fields.Duration = "khoảng 20 phút"
	r.Fields.Affected = []string{"Nguyễn Văn An"}
	r.Fields.Consultations = []record.Consultation{
		{Date: "2026-05-10", With: "hr", Name: "人事部 佐藤", Response: "「様子を見ましょう」と言われた"},
		{Date: "", With: "union", Name: "", Response: ""},
	}
	r.Fields.Wants = []string{"stop", "apology"}
	r.Fields.WantsNote = "Tôi muốn tiếp tục làm việc."
	r.Version = record.RevisionVersion(r.Fields)
	return r
}

// A revision with consultation-sheet fields is version 3, keeps every
// quote in "quotes" and says the new fields after "lang"; it round-trips
// through both decoders.
func TestRevisionSheet(t *testing.T) {
	r := sheetSample()
	if r.Version != record.RevisionVersionSheet {
		t.Fatalf("version %d", r.Version)
	}
	b, err := r.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	want := `"actions":"","lang":"vi","quotes":[{"speaker":"Tanaka (課長)","words":"Mày không hiểu à?"},{"speaker":"","words":"「辞めろ」"}],` +
		`"recurrence":"repeated","since":"2026-04","how_often":"mỗi buổi họp sáng","duration":"khoảng 20 phút","affected":["Nguyễn Văn An"],` +
		`"consultations":[{"date":"2026-05-10","with":"hr","name":"人事部 佐藤","response":"「様子を見ましょう」と言われた"},{"date":"","with":"union","name":"","response":""}],` +
		`"wants":["stop","apology"],"wants_note":"Tôi muốn tiếp tục làm việc."}`
	if !bytes.HasPrefix(b, []byte(`{"v":3,`)) || !bytes.Contains(b, []byte(want)) || !bytes.Contains(b, []byte(`"quote":"",`)) {
		t.Fatalf("canonical:\n%s", b)
	}
	for name, parse := range map[string]func([]byte) (record.Revision, error){
		"ParseRevision": record.ParseRevision, "DecodeRevision": record.DecodeRevision,
	} {
		got, err := parse(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		again, err := got.Canonical()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("%s: round trip:\n%s\n%v", name, again, err)
		}
	}
	if err := r.Fields.Validate(); err != nil {
		t.Fatal(err)
	}

	// One canonical form each, and only values Kiroku knows.
	rep := func(old, new string) []byte { return bytes.Replace(b, []byte(old), []byte(new), 1) }
	bad := map[string][]byte{
		"v2 with quotes":        rep(`{"v":3,`, `{"v":2,`),
		"v1 with quotes":        rep(`{"v":3,`, `{"v":1,`),
		"v3 with a quote":       rep(`"quote":""`, `"quote":"x"`),
		"empty quotes list":     []byte(strings.Replace(string(rep(`"quotes":[{"speaker":"Tanaka (課長)","words":"Mày không hiểu à?"},{"speaker":"","words":"「辞めろ」"}],`, `"quotes":[],`)), "", "", 1)),
		"recurrence unknown":    rep(`"recurrence":"repeated"`, `"recurrence":"daily"`),
		"since not a date":      rep(`"since":"2026-04"`, `"since":"April"`),
		"since not a day":       rep(`"since":"2026-04"`, `"since":"2026-02-30"`),
		"consulted unknown":     rep(`"with":"hr"`, `"with":"HR"`),
		"consultation bad date": rep(`"date":"2026-05-10"`, `"date":"10/05/2026"`),
		"wants unknown":         rep(`"wants":["stop","apology"]`, `"wants":["revenge"]`),
		"speaker after words":   rep(`{"speaker":"","words":"「辞めろ」"}`, `{"words":"「辞めろ」","speaker":""}`),
		"empty since":           rep(`"since":"2026-04"`, `"since":""`),
		"version 4":             rep(`{"v":3,`, `{"v":4,`),
	}
	for name, in := range bad {
		if _, err := record.ParseRevision(in); !errors.Is(err, apperr.ErrInvalidInput) {
			t.Errorf("%s: ParseRevision accepted: %v", name, err)
		}
	}
	// What DecodeRevision (sealed bytes, already authenticated) must
	// still refuse: versions that do not match and values not known.
	for _, name := range []string{"v2 with quotes", "v1 with quotes", "v3 with a quote", "version 4"} {
		if _, err := record.DecodeRevision(bad[name]); !errors.Is(err, apperr.ErrInvalidInput) {
			t.Errorf("%s: DecodeRevision accepted: %v", name, err)
		}
	}
	for _, name := range []string{"recurrence unknown", "since not a date", "since not a day", "consulted unknown", "consultation bad date", "wants unknown"} {
		got, err := record.ParseRevision(bad[name])
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		got, err = record.DecodeRevision(bad[name])
		if err == nil && got.Fields.Validate() == nil {
			t.Errorf("%s: decoded and valid", name)
		}
	}
}

// Normalize puts each quote in its one place: a single speakerless quote
// in an entry without other sheet fields stays in Quote (version 1 or 2,
// as earlier Kiroku wrote it); anything more goes to Quotes, in order.
func TestNormalizeQuotes(t *testing.T) {
	q := func(s, w string) record.Quote { return record.Quote{Speaker: s, Words: w} }
	for _, c := range []struct {
		name       string
		in         record.Fields
		wantQuote  string
		wantQuotes []record.Quote
		version    int
	}{
		{"one legacy quote", record.Fields{Quote: "辞めろ "}, "辞めろ", nil, 1},
		{"one speakerless in Quotes", record.Fields{Quotes: []record.Quote{q(" ", "辞めろ\n")}}, "辞めろ", nil, 1},
		{"one with a speaker", record.Fields{Quotes: []record.Quote{q(" 田中 ", "辞めろ")}}, "", []record.Quote{q("田中", "辞めろ")}, 3},
		{"legacy and new", record.Fields{Quote: "a", Quotes: []record.Quote{q("田中", "b")}}, "", []record.Quote{q("", "a"), q("田中", "b")}, 3},
		{"speakerless with sheet fields", record.Fields{Quote: "a", Recurrence: "once"}, "", []record.Quote{q("", "a")}, 3},
		{"empty words dropped", record.Fields{Quotes: []record.Quote{q("田中", " "), q("", "")}}, "", nil, 1},
		{"language only", record.Fields{Quote: "a", Lang: "vi"}, "a", nil, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := c.in.Normalize()
			if f.Quote != c.wantQuote || !reflect.DeepEqual(f.Quotes, c.wantQuotes) || record.RevisionVersion(f) != c.version {
				t.Fatalf("got %q %#v v%d", f.Quote, f.Quotes, record.RevisionVersion(f))
			}
		})
	}
	f := record.Fields{Consultations: []record.Consultation{{}, {With: " hr ", Name: " 佐藤 "}}, Affected: []string{" ", "An", "An"}}.Normalize()
	if !reflect.DeepEqual(f.Consultations, []record.Consultation{{With: "hr", Name: "佐藤"}}) || !reflect.DeepEqual(f.Affected, []string{"An"}) {
		t.Fatalf("%#v %#v", f.Consultations, f.Affected)
	}
}

func TestIsPartialDate(t *testing.T) {
	for s, ok := range map[string]bool{
		"2026": true, "2026-04": true, "2026-04-30": true, "2024-02-29": true,
		"": false, "26": false, "2026-4": false, "2026-13": false, "2026-04-31": false, "2025-02-29": false,
		"2026/04": false, "2026-04-01T00:00": false, "２０２６": false,
	} {
		if got := record.IsPartialDate(s); got != ok {
			t.Errorf("IsPartialDate(%q) = %v", s, got)
		}
	}
}

var updateRevisions = flag.Bool("update-revisions", false, "append the current format's revision to testdata/golden-revisions.txt (only when adding a revision version)")

// TestGoldenRevisions: revisions written by earlier versions (one line
// each in testdata/golden-revisions.txt: hex record hash, a space, the
// canonical bytes) keep parsing, re-encoding byte for byte and hashing
// the same. The file only grows.
func TestGoldenRevisions(t *testing.T) {
	path := filepath.Join("testdata", "golden-revisions.txt")
	if *updateRevisions {
		var lines []string
		for _, r := range []record.Revision{sample(), func() record.Revision { r := sample(); r.Fields.Lang = "vi"; r.Version = 2; return r }(), sheetSample()} {
			b, err := r.Canonical()
			if err != nil {
				t.Fatal(err)
			}
			h := record.Hash(b)
			lines = append(lines, fmt.Sprintf("%s %s", hex.EncodeToString(h[:]), b))
		}
		old, _ := os.ReadFile(path)
		for _, l := range lines {
			if !bytes.Contains(old, []byte(l)) {
				old = append(old, l+"\n"...)
			}
		}
		if err := os.WriteFile(path, old, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := map[int]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		sum, b, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			t.Fatalf("line %q", sc.Text())
		}
		for name, parse := range map[string]func([]byte) (record.Revision, error){
			"ParseRevision": record.ParseRevision, "DecodeRevision": record.DecodeRevision,
		} {
			r, err := parse([]byte(b))
			if err != nil {
				t.Fatalf("%s: %v\n%s", name, err, b)
			}
			again, err := r.Canonical()
			if err != nil || string(again) != b {
				t.Fatalf("%s: re-encoded differently:\n%s\n%s", name, again, b)
			}
			seen[r.Version] = true
		}
		if h := record.Hash([]byte(b)); hex.EncodeToString(h[:]) != sum {
			t.Fatalf("hash changed for %s", b)
		}
	}
	for v := 1; v <= record.RevisionVersionSheet; v++ {
		if !seen[v] {
			t.Errorf("no golden revision of version %d", v)
		}
	}
}
