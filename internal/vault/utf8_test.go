package vault_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
)

// cut is the first byte of a three-byte character (「あ」 is E3 81 82): what
// a terminal or a script leaves when it cuts a Japanese text short.
const cut = "上司に\xe3"

// Every way text enters the vault refuses bytes that are not UTF-8 with
// ErrInvalidText, writes nothing, and the vault stays clean: no input can
// make a record that Check, show or export would call damaged.
func TestInvalidUTF8Refused(t *testing.T) {
	v, _, _ := newVault(t)
	base, err := v.Add(fields("first"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := v.StartRecording(mono48, "dev", base.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(tone(0, 4800))
	mid, err := w.Marker(50*time.Millisecond, "")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := w.Finish()
	if err != nil {
		t.Fatal(err)
	}
	with := func(change func(*record.Fields)) record.Fields {
		f := fields("text")
		change(&f)
		return f
	}
	tests := []struct {
		name string
		do   func() error
	}{
		{"text", func() error { _, err := v.Add(with(func(f *record.Fields) { f.Text = cut })); return err }},
		{"quote", func() error { _, err := v.Add(with(func(f *record.Fields) { f.Quote = cut })); return err }},
		{"place", func() error { _, err := v.Add(with(func(f *record.Fields) { f.Place = cut })); return err }},
		{"event zone", func() error { _, err := v.Add(with(func(f *record.Fields) { f.EventZone = cut })); return err }},
		{"person", func() error {
			_, err := v.Add(with(func(f *record.Fields) { f.People = []record.Person{{Name: cut, Role: "superior"}} }))
			return err
		}},
		{"role", func() error {
			_, err := v.Add(with(func(f *record.Fields) { f.People = []record.Person{{Name: "Tanaka", Role: cut}} }))
			return err
		}},
		{"witness", func() error {
			_, err := v.Add(with(func(f *record.Fields) { f.Witnesses = []string{cut} }))
			return err
		}},
		{"impact", func() error { _, err := v.Add(with(func(f *record.Fields) { f.Impact = cut })); return err }},
		{"actions", func() error { _, err := v.Add(with(func(f *record.Fields) { f.Actions = cut })); return err }},
		{"import of many", func() error {
			return v.AddMany([]record.Fields{fields("ok"), with(func(f *record.Fields) { f.Text = cut })})
		}},
		{"edit", func() error {
			_, err := v.Edit(base.ID, with(func(f *record.Fields) { f.Text = cut }), "typo")
			return err
		}},
		{"edit reason", func() error { _, err := v.Edit(base.ID, fields("second"), cut); return err }},
		{"delete reason", func() error { return v.Delete(base.ID, cut) }},
		{"recording label", func() error { _, err := v.StartRecording(mono48, "dev", 0, cut); return err }},
		{"marker label", func() error { _, err := v.LabelMarker(rec.ID, mid, cut); return err }},
		{"hours note", func() error {
			_, err := v.AddHours([]record.Hours{{Date: "2026-10-30", Start: "09:00", End: "18:00", DayType: record.DayWorkday, Note: cut, Source: "app"}})
			return err
		}},
		{"hours source", func() error {
			_, err := v.AddHours([]record.Hours{{Date: "2026-10-30", Start: "09:00", End: "18:00", DayType: record.DayWorkday, Source: cut}})
			return err
		}},
	}
	_, revs, _ := v.Count()
	links, _ := v.Links()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.do()
			if !errors.Is(err, apperr.ErrInvalidText) || !errors.Is(err, apperr.ErrInvalidInput) {
				t.Fatalf("got %v, want ErrInvalidText", err)
			}
		})
	}
	if _, n, _ := v.Count(); n != revs {
		t.Errorf("%d revisions after the refusals, want %d", n, revs)
	}
	if l, _ := v.Links(); len(l) != len(links) {
		t.Errorf("%d ledger links after the refusals, want %d", len(l), len(links))
	}
	recs, _ := v.Recordings()
	if len(recs) != 1 {
		t.Errorf("%d recordings, want 1", len(recs))
	}
	mustCheck(t, v)
}

// A marker placed live with a cut label is refused; the recording goes on.
func TestInvalidUTF8LiveMarker(t *testing.T) {
	v, _, _ := newVault(t)
	w, err := v.StartRecording(mono48, "dev", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(tone(0, 4800))
	if _, err := w.Marker(10*time.Millisecond, cut); !errors.Is(err, apperr.ErrInvalidText) {
		t.Fatalf("live marker: %v, want ErrInvalidText", err)
	}
	if _, err := w.Finish(); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, v)
}

// What is not the user's words is kept, with the bad bytes replaced: a file
// name from a disk in another encoding (a Shift-JIS name on a USB stick)
// and an audio device's name. Refusing them would lose evidence; the
// record reads back and checks.
func TestInvalidUTF8NamesReplaced(t *testing.T) {
	v, _, _ := newVault(t)
	a, err := v.ImportReader(bytes.NewReader([]byte("x")), "\x8f\x63\x8b\x63.txt", time.Time{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "\uFFFDc\uFFFDc.txt" {
		t.Errorf("name %q", a.Name)
	}
	w, err := v.StartRecording(mono48, "mic "+cut, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Finish(); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, v)
}
