package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/kiroku-app/kiroku/internal/backup"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
	"github.com/kiroku-app/kiroku/internal/vault/vaulttest"
)

// A vault that was already damaged is backed up as it is (backup carries
// the damage rather than leave it without a copy). On a new computer with
// only that USB stick, the restore is refused at first, says the damage
// was the vault's own (every byte matches the checksum), and offers to
// restore it as it is: the worker gets the rest of the diary back to
// write in, and the damage stays named.
func TestRestoreCarriedDamageRealVault(t *testing.T) {
	seal.TestUseLowCostKDF(t)
	dir, usb := t.TempDir(), t.TempDir()
	old := filepath.Join(t.TempDir(), "old.kiroku")
	v, _, err := vault.Create(old, []byte(realPass), vault.Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range []string{"MARKER-one", "MARKER-two", "MARKER-three"} {
		if _, err := v.Add(record.Fields{EventTime: time.Date(2026, 5, 1+i, 9, 0, 0, 0, jst), EventZone: "Asia/Tokyo", Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	v.Close()
	vaulttest.FlipRevisionBody(t, old, "entry_id = 2")
	v, err = vault.Open(old)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock([]byte(realPass)); err != nil {
		t.Fatal(err)
	}
	res, err := backup.Run(context.Background(), v, usb, backup.Options{})
	v.Close()
	if err != nil || len(res.Carried) != 1 {
		t.Fatalf("backup of the damaged vault: %v %v", res.Carried, err)
	}

	h := newRealBackupHarness(t, dir, nil)
	if !h.hasText(i18n.T("ui.welcome.intro")) {
		t.Fatalf("no welcome screen; texts %q", h.texts())
	}
	h.a.showRestore()
	h.settle()
	r := h.a.cur.(*restoreScreen)
	r.from.SetText(res.Path)
	r.pass.SetText(realPass)
	h.tap("ui.restore.button")
	if !h.hasText(strings.SplitN(i18n.T("ui.restore.err.damaged", ""), "\n", 2)[0]) || !h.hasText(i18n.T("ui.restore.damaged_intact")) {
		t.Fatalf("no damage message with the offer; texts %q", h.texts())
	}
	if h.a.vaults.Exists(r.to.Text) {
		t.Fatal("the refused restore wrote a vault")
	}
	h.tap("ui.restore.accept_damaged")
	m, ok := h.a.cur.(*mainScreen)
	if !ok {
		t.Fatalf("after restoring as it is: %T; texts %q", h.a.cur, h.texts())
	}
	var texts []string
	for _, e := range m.entries {
		texts = append(texts, e.Text)
	}
	if len(m.entries) != 2 || !strings.Contains(strings.Join(texts, " "), "MARKER-one") || !strings.Contains(strings.Join(texts, " "), "MARKER-three") {
		t.Errorf("entries after the restore: %q", texts)
	}
	// The timeline lists them and says that some records are left out
	// (it used to show only the damage message, and no entry at all).
	if m.list == nil || m.err != nil || !h.hasText(i18n.T("ui.main.some_damaged")) || !h.hasText("MARKER-three") {
		t.Errorf("the timeline of the restored vault: list %v, err %v; texts %q", m.list != nil, m.err, h.texts())
	}
	if got := h.a.backupState().notice; got == nil || !strings.Contains(got.String(), i18n.T("ui.restore.done_damaged", 1, h.a.store.Path())[:20]) {
		t.Errorf("no note of the damage restored: %v", got)
	}
	addEntry(t, h, "MARKER-written after the restore")

	// The export goes on without the damaged record and says so, before
	// and after (it used to fail as a whole: nothing for the lawyer).
	s := h.openExport()
	out := t.TempDir()
	s.dir.SetText(out)
	s.name.SetText("bag")
	h.tap("ui.export.preview")
	left := i18n.T("export.damaged", 1, "revision:2")
	if s.plan == nil || len(s.plan.Entries) != 3 || !h.hasText(left) {
		t.Fatalf("preview of the damaged vault; texts %q", h.texts())
	}
	h.tap("ui.export.write")
	if s.step != stepDone || !h.hasText(left) {
		t.Fatalf("export of the damaged vault: step %d; texts %q", s.step, h.texts())
	}
	h.tap("ui.export.check")
	if !h.hasText(i18n.T("ui.export.check_unanchored")) {
		t.Fatalf("the bundle without the damaged record does not check out; texts %q", h.texts())
	}
}
