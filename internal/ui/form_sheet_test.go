package ui

import (
	"reflect"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// The entry form takes several quotes, each with who said it, and what a
// consultation sheet asks for; they are saved as typed, shown on the
// entry, filled back in for an edit, and kept in a draft when locking.
func TestEntrySheetFields(t *testing.T) {
	v, st := vaultWith()
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	h.tap("ui.main.new")
	f := h.a.cur.(*formScreen)
	if f.sheetItem == nil || f.sheetItem.Open {
		t.Fatal("the consultation section should start closed on a new entry")
	}
	test.Type(f.text, "He shouted at me in the morning meeting")
	test.Type(f.quotes[0].words, "Mày không hiểu à?")
	test.Type(f.quotes[0].speaker, "Tanaka (課長)")
	h.tap("ui.form.add_quote")
	if len(f.quotes) != 2 {
		t.Fatalf("%d quote rows after adding one", len(f.quotes))
	}
	test.Type(f.quotes[1].words, "お前なんか要らない")

	h.tap("ui.form.sheet") // the section's header opens it
	if !f.sheetItem.Open {
		t.Fatal("the consultation section did not open")
	}
	h.pickRadio(i18n.T("sheet.recurrence.repeated"))
	test.Type(f.since, "2026-04")
	test.Type(f.howOften, "every morning meeting")
	test.Type(f.duration, "about 20 minutes")
	test.Type(f.affected, "An, Bình")
	h.tap("ui.form.add_consultation")
	if len(f.consults) != 1 {
		t.Fatalf("%d consultation rows", len(f.consults))
	}
	h.selectPlaceholder(i18n.T("ui.form.consult_with"), i18n.T("sheet.with.hr"))
	test.Type(f.consults[0].date, "2026-05-10")
	test.Type(f.consults[0].name, "Sato in HR")
	test.Type(f.consults[0].response, "Said to wait and see")
	h.tick(i18n.T("sheet.want.stop"))
	h.tick(i18n.T("sheet.want.apology"))
	test.Type(f.wantsNote, "I want to keep working here.")

	// Locking keeps all of it as a draft; unlocking brings it back.
	f.text.TypedShortcut(ctrlL)
	h.settle()
	d := st.kept()
	if d == nil || len(d.Quotes) != 2 || d.Since != "2026-04" || len(d.Consultations) != 1 || !reflect.DeepEqual(d.Wants, []string{"stop", "apology"}) {
		t.Fatalf("draft kept: %+v", d)
	}
	f = h.formAfterUnlock("ui.draft.restored")
	if len(f.quotes) != 2 || f.quotes[0].speaker.Text != "Tanaka (課長)" || f.recurrence != record.RecurrenceRepeated ||
		f.since.Text != "2026-04" || len(f.consults) != 1 || f.consults[0].with != "hr" || !f.wants["apology"] || !f.sheetItem.Open {
		t.Fatalf("form not restored: %+v", f.snapshot())
	}

	f.text.TypedShortcut(ctrlS)
	h.settle()
	if _, ok := h.a.cur.(*mainScreen); !ok {
		t.Fatalf("after save: screen %T; texts %q", h.a.cur, h.texts())
	}
	rev := st.revisions(1)[0]
	got := rev.Fields
	want := record.Fields{
		Quotes:     []record.Quote{{Speaker: "Tanaka (課長)", Words: "Mày không hiểu à?"}, {Words: "お前なんか要らない"}},
		Recurrence: "repeated", Since: "2026-04", HowOften: "every morning meeting", Duration: "about 20 minutes",
		Affected:      []string{"An", "Bình"},
		Consultations: []record.Consultation{{Date: "2026-05-10", With: "hr", Name: "Sato in HR", Response: "Said to wait and see"}},
		Wants:         []string{"stop", "apology"}, WantsNote: "I want to keep working here.",
	}
	sheet := record.Fields{Quotes: got.Quotes, Recurrence: got.Recurrence, Since: got.Since, HowOften: got.HowOften, Duration: got.Duration,
		Affected: got.Affected, Consultations: got.Consultations, Wants: got.Wants, WantsNote: got.WantsNote}
	if got.Quote != "" || !reflect.DeepEqual(sheet, want) {
		t.Fatalf("saved:\n%+v\nwant:\n%+v", sheet, want)
	}
	if record.RevisionVersion(got) != record.RevisionVersionSheet {
		t.Errorf("version %d", record.RevisionVersion(got))
	}
	for _, s := range []string{"Mày không hiểu à?", "— Tanaka (課長)", "every morning meeting", i18n.T("sheet.want.apology"), "Said to wait and see"} {
		if !h.hasText(s) {
			t.Errorf("entry view lacks %q; texts %q", s, h.texts())
		}
	}

	// Editing: the form holds what was saved, the section open.
	h.tap("ui.detail.edit")
	f = h.a.cur.(*formScreen)
	if len(f.quotes) != 2 || f.quotes[1].words.Text != "お前なんか要らない" || f.consults[0].response.Text != "Said to wait and see" || !f.sheetItem.Open {
		t.Fatalf("edit form: %+v", f.snapshot())
	}
	if f.dirty() {
		t.Error("an edit form just opened counts as changed")
	}
}

// A date the sheet cannot read, and a consultation without whom, are
// named at their fields; nothing is saved.
func TestEntrySheetErrors(t *testing.T) {
	v, st := vaultWith()
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	h.tap("ui.main.new")
	f := h.a.cur.(*formScreen)
	test.Type(f.text, "x")
	h.tap("ui.form.sheet")
	test.Type(f.since, "last April")
	h.tap("ui.form.add_consultation")
	test.Type(f.consults[0].name, "HR")
	h.tap("ui.form.save")
	if _, ok := h.a.cur.(*formScreen); !ok {
		t.Fatal("saved despite errors")
	}
	if len(st.revisions(1)) != 0 {
		t.Fatal("an entry was stored")
	}
	for _, name := range []string{"since", "consult"} {
		if l := f.errLabels[name]; l == nil || l.Text == "" {
			t.Errorf("no message at %s", name)
		}
	}
}

// pickRadio chooses the radio option labelled label.
func (h *harness) pickRadio(label string) {
	h.t.Helper()
	var found *widget.RadioGroup
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
		if r, ok := o.(*widget.RadioGroup); ok && found == nil {
			for _, opt := range r.Options {
				if opt == label {
					found = r
				}
			}
		}
	})
	if found == nil {
		h.t.Fatalf("no radio option %q", label)
	}
	found.SetSelected(label)
	h.settle()
}

// selectPlaceholder chooses option in the select whose placeholder is ph.
func (h *harness) selectPlaceholder(ph, option string) {
	h.t.Helper()
	var sel *widget.Select
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
		if s, ok := o.(*widget.Select); ok && sel == nil && s.PlaceHolder == ph {
			sel = s
		}
	})
	if sel == nil {
		h.t.Fatalf("no select %q; texts %q", ph, h.texts())
	}
	sel.SetSelected(option)
	h.settle()
}
