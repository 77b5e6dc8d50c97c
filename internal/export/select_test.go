package export

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

var jst = time.FixedZone("JST", 9*3600)

func testVault(t *testing.T) *vault.Vault {
	t.Helper()
	v, _, err := vault.Create(filepath.Join(t.TempDir(), "t.kiroku"), []byte("pass"), vault.Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

func add(t *testing.T, v *vault.Vault, day int, text, person string, cats ...string) record.Entry {
	t.Helper()
	e, err := v.Add(record.Fields{
		EventTime: time.Date(2026, 10, day, 23, 30, 0, 0, jst), EventZone: "Asia/Tokyo", Text: text,
		People: []record.Person{{Name: person, Role: "superior"}}, Categories: cats,
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestPrepareSelection(t *testing.T) {
	v := testVault(t)
	a := add(t, v, 1, "a", "Tanaka", "power-harassment")
	b := add(t, v, 15, "b", "Suzuki", "sexual-harassment")
	c := add(t, v, 31, "c", "tanaka ", "power-harassment", "retaliation")
	d := add(t, v, 20, "deleted", "Tanaka", "power-harassment")
	v.Delete(d.ID, "mistake")
	if _, err := v.ImportReader(strings.NewReader("mail"), "m.eml", time.Time{}, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := v.ImportReader(strings.NewReader("loose"), "loose.png", time.Time{}, 0); err != nil {
		t.Fatal(err)
	}
	v.AddHours([]record.Hours{
		{Date: "2026-09-30", Start: "09:00", End: "18:00", DayType: record.DayWorkday},
		{Date: "2026-10-01", Start: "09:00", End: "18:00", DayType: record.DayWorkday},
	})
	day := func(d int) time.Time { return time.Date(2026, 10, d, 0, 0, 0, 0, time.UTC) }
	ids := func(p *Plan) (out []int64) {
		for _, e := range p.Entries {
			out = append(out, e.ID)
		}
		return out
	}
	tests := []struct {
		name  string
		sel   Selection
		want  []int64
		atts  int
		hours int
	}{
		{"everything", Selection{Attachments: true, Hours: true}, []int64{a.ID, b.ID, c.ID}, 2, 2},
		// The date is the one the user saw: 23:30 JST on the 31st stays the 31st.
		{"dates inclusive", Selection{From: day(1), To: day(15), Attachments: true, Hours: true}, []int64{a.ID, b.ID}, 1, 1},
		{"category", Selection{Categories: []string{"power-harassment"}, Attachments: true}, []int64{a.ID, c.ID}, 0, 0},
		{"person, any case", Selection{People: []string{"TANAKA"}}, []int64{a.ID, c.ID}, 0, 0},
		{"entry ids", Selection{Entries: []int64{b.ID}, Attachments: true}, []int64{b.ID}, 1, 0},
		{"entry and category disagree", Selection{Entries: []int64{b.ID}, Categories: []string{"retaliation"}}, nil, 0, 0},
		{"last day", Selection{From: day(31), To: day(31)}, []int64{c.ID}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Prepare(v, tt.sel)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(p); !equal(got, tt.want) || len(p.Attachments) != tt.atts || len(p.Hours) != tt.hours {
				t.Fatalf("entries %v atts %d hours %d, want %v %d %d", got, len(p.Attachments), len(p.Hours), tt.want, tt.atts, tt.hours)
			}
		})
	}
	if _, err := Prepare(v, Selection{Entries: []int64{99}}); err == nil {
		t.Fatal("unknown entry id accepted")
	}
	if _, err := Prepare(v, Selection{From: day(15), To: day(1)}); err == nil {
		t.Fatal("reversed range accepted")
	}
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
