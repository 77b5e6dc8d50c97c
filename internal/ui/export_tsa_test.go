package ui

import (
	"testing"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/tsa/tsatest"
)

// With trusted timestamps off, the export screen (and the timeline's
// empty detail) says what a bundle then
// proves and what a timestamp adds, and leads to the setting; with them
// on, it says nothing of it. A real vault, and a local TSA (openssl).
func TestExportSaysWhatTimestampsAdd(t *testing.T) {
	dir := t.TempDir()
	h := newRealHarness(t, dir)
	createRealVault(t, h)
	m := addEntry(t, h, "an entry to export")
	// The timeline says it too, where nothing else is shown.
	m.selected = 0
	m.renderDetail()
	if !h.hasText(i18n.T("ui.main.tsa_off")) {
		t.Fatalf("the empty detail says nothing of timestamps; texts %q", h.texts())
	}
	h.openExport()
	if !h.hasText(i18n.T("ui.export.tsa_off")) || h.button(i18n.T("ui.export.tsa_settings")) == nil {
		t.Fatalf("no word of timestamps; texts %q", h.texts())
	}
	h.tap("ui.export.tsa_settings")
	if _, ok := h.a.cur.(*settingsScreen); !ok {
		t.Fatalf("the link opened %T", h.a.cur)
	}

	srv := tsatest.New(t)
	ts, ok := h.a.store.(app.Timestamps)
	if !ok {
		t.Fatal("the real store has no timestamps")
	}
	if err := ts.SetTimestampURL(srv.URL); err != nil {
		t.Fatal(err)
	}
	delete(exportWizards, h.a) // a fresh wizard, as after an export
	h.openExport()
	if h.hasText(i18n.T("ui.export.tsa_off")) {
		t.Fatalf("timestamps are on, yet the screen says they are off")
	}
	h.a.showMain(0)
	h.settle()
	if h.hasText(i18n.T("ui.main.tsa_off")) {
		t.Fatalf("timestamps are on, yet the timeline says they are off")
	}
}
