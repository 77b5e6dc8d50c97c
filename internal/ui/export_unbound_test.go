package ui

import (
	"testing"

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
