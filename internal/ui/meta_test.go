package ui

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

var _ app.MetaStore = realStore(nil)

// The timestamp authority's address deleted with the sqlite3 shell (so that
// timestamps silently stop): the app says so at every unlock, the draft it
// saves when it locks does not hide it, and the warning goes only when the
// user keeps the settings as they are.
func TestMetaChangedOutsideKirokuWarns(t *testing.T) {
	seal.TestUseLowCostKDF(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "diary"+vault.Extension)
	v, _, err := vault.Create(path, []byte(realPass), vault.Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.SetSetting("tsa.url", "https://tsa.example/"); err != nil {
		t.Fatal(err)
	}
	v.Close()
	addEntries(t, path, 1)
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM settings WHERE key = 'tsa.url'`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	h := newHarness(t, realVaults(dir), Options{VaultPath: path})
	want := i18n.T("ui.meta.changed", i18n.T("ui.meta.settings"))
	for i := range 2 {
		h.unlockWith(realPass)
		if !h.hasText(want) {
			t.Fatalf("unlock %d: no warning %q; texts %q", i+1, want, h.texts())
		}
		// A setting written by Kiroku (the app writes its drafts and the
		// backup settings there) does not hide the change.
		if err := h.a.store.(realStore).SetSetting("backup.keep", "5"); err != nil {
			t.Fatal(err)
		}
		h.a.Lock()
		h.settle()
	}
	h.unlockWith(realPass)
	h.tap("ui.meta.accept")
	if h.hasText(want) {
		t.Fatal("warning after the user kept the settings")
	}
	h.a.Lock()
	h.settle()
	h.unlockWith(realPass)
	if h.hasText(want) {
		t.Fatal("warning again after the settings were kept")
	}
}
