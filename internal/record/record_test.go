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

func sample() record.Revision {
	return record.Revision{
		Version: 1, Salt: strings.Repeat("ab", 32), EntryID: 7, Rev: 2, Kind: record.KindEdit,
		RecordedAt: time.Date(2026, 11, 21, 0, 37, 59, 928415000, time.UTC),
		Fields: record.Fields{
			EventTime: time.Date(2026, 10, 3, 14, 30, 0, 0, time.FixedZone("", 9*3600)), EventZone: "Asia/Tokyo",
			Place: "3F <room> & hall", People: []record.Person{{"田中", "superior"}}, Text: "line1\nline2",
			Quote: "「辞めろ」", Witnesses: []string{"Sato"}, Categories: []string{"power-harassment"},
		},
		Reason: "typo",
	}
}

func TestCanonicalRoundTrip(t *testing.T) {
	r := sample()
	b, err := r.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`"place":"3F <room> & hall"`)) || bytes.HasSuffix(b, []byte("\n")) {
		t.Fatalf("not canonical: %s", b)
	}
	got, err := record.ParseRevision(b)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := got.Canonical()
	if !bytes.Equal(again, b) {
		t.Fatal("round trip changed bytes")
	}
	if record.Hash(b) == record.Hash(append(b, ' ')) {
		t.Fatal("hash ignores bytes")
	}
}

func TestParseRejectsNonCanonical(t *testing.T) {
	b, _ := sample().Canonical()
	tests := map[string][]byte{
		"whitespace":    append([]byte(" "), b...),
		"trailing":      append(append([]byte{}, b...), '\n', '{', '}'),
		"unknown field": bytes.Replace(b, []byte(`"v":1,`), []byte(`"v":1,"x":2,`), 1),
		"reordered":     bytes.Replace(b, []byte(`"v":1,"n"`), []byte(`"n"`), 1),
		"version 2":     bytes.Replace(b, []byte(`"v":1`), []byte(`"v":2`), 1),
		"short salt":    bytes.Replace(b, []byte(strings.Repeat("ab", 32)), []byte("abab"), 1),
		"escaped":       bytes.Replace(b, []byte("<room>"), []byte(`\u003croom>`), 1),
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := record.ParseRevision(in); !errors.Is(err, apperr.ErrInvalidInput) {
				t.Fatalf("accepted: %v", err)
			}
		})
	}
}

func TestNormalizeValidate(t *testing.T) {
	f := record.Fields{EventTime: time.Now(), Text: " x \n", People: []record.Person{{" A ", " hr "}, {"", "x"}},
		Witnesses: []string{" a", "a", ""}, Categories: []string{"long-hours", " long-hours"}}.Normalize()
	if len(f.People) != 1 || f.People[0].Name != "A" || len(f.Witnesses) != 1 || len(f.Categories) != 1 || f.Text != " x" {
		t.Fatalf("%+v", f)
	}
	for _, c := range []struct {
		id string
		ok bool
	}{{"power-harassment", true}, {"a1", true}, {"Power", false}, {"-a", false}, {"a-", false}, {"a--b", false}, {"a b", false}, {"", false}} {
		if record.IsCategoryID(c.id) != c.ok {
			t.Errorf("IsCategoryID(%q) != %v", c.id, c.ok)
		}
	}
}

func FuzzParseRevision(f *testing.F) {
	b, _ := sample().Canonical()
	f.Add(b)
	b3, _ := sheetSample().Canonical()
	f.Add(b3)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"v":1}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		r, err := record.ParseRevision(in)
		if err != nil {
			return
		}
		out, err := r.Canonical()
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("accepted bytes are not canonical")
		}
	})
}

func FuzzParsePurge(f *testing.F) {
	p := record.Purge{Version: 1, Salt: strings.Repeat("cd", 32), EntryID: 3, Revisions: []int64{5, 6}, RecordedAt: time.Unix(0, 0).UTC()}
	b, _ := p.Canonical()
	f.Add(b)
	f.Add([]byte(`{"v":1}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		p, err := record.ParsePurge(in)
		if err != nil {
			return
		}
		out, err := p.Canonical()
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("accepted bytes are not canonical")
		}
	})
}
