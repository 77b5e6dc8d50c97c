package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// An export the vault could not record (a read-only vault) says, in one
// line, that its report is not bound; a bound one does not.
func TestExportDoneSaysUnbound(t *testing.T) {
	for _, unbound := range []bool{false, true} {
		h, fe := exportHarness(t)
		fe.unbound = unbound
		s := h.openExport()
		s.dir.SetText(t.TempDir())
		h.tap("ui.export.preview")
		h.tap("ui.export.write")
		if s.step != stepDone {
			t.Fatalf("step %d; texts %q", s.step, h.texts())
		}
		if got := h.hasText(i18n.T("export.unbound")); got != unbound {
			t.Errorf("unbound %v: the done screen shows the unbound line: %v; texts %q", unbound, got, h.texts())
		}
	}
}

// An export whose own link the timestamp authority could not date (the
// user turned timestamps on, the machine is offline) says so and why on
// the done screen, as the CLI does; a dated one says nothing.
func TestExportDoneSaysStampFailed(t *testing.T) {
	for _, why := range []string{"", "dial tcp: no route to host"} {
		h, fe := exportHarness(t)
		fe.stampErr = why
		s := h.openExport()
		s.dir.SetText(t.TempDir())
		h.tap("ui.export.preview")
		h.tap("ui.export.write")
		if s.step != stepDone {
			t.Fatalf("step %d; texts %q", s.step, h.texts())
		}
		if got, want := h.hasText(i18n.T("export.stamp_failed", why)), why != ""; got != want {
			t.Errorf("stamp error %q: the done screen shows the stamp line: %v; texts %q", why, got, h.texts())
		}
	}
}

// The check's summary never claims more than the verifier found: green
// "anchored" only when a trusted timestamp covers the head, a warning for
// a bundle dated only up to some record, and for one not dated at all.
func TestExportCheckNeverOverclaims(t *testing.T) {
	for _, tt := range []struct {
		through uint64
		want    string
		args    []any
		green   bool
	}{
		{0, "ui.export.check_unanchored", nil, false},
		{3, "ui.export.check_partial", []any{3, 5}, false},
		{5, "ui.export.check_anchored", nil, true},
	} {
		h, fe := exportHarness(t)
		fe.through = tt.through
		s := h.openExport()
		s.dir.SetText(t.TempDir())
		h.tap("ui.export.preview")
		h.tap("ui.export.write")
		h.tap("ui.export.check")
		want := i18n.T(tt.want, tt.args...)
		var found *widget.Label
		walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
			if l, ok := o.(*widget.Label); ok && l.Text == want {
				found = l
			}
		})
		if found == nil {
			t.Fatalf("through %d: no %q; texts %q", tt.through, want, h.texts())
		}
		if green := found.Importance == widget.SuccessImportance; green != tt.green {
			t.Errorf("through %d: shown as success %v", tt.through, green)
		}
		for _, other := range []string{"ui.export.check_unanchored", "ui.export.check_anchored"} {
			if other != tt.want && h.hasText(i18n.T(other)) {
				t.Errorf("through %d: also says %q", tt.through, other)
			}
		}
	}
}
