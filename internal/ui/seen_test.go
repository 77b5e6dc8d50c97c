package ui

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

func copyVaultFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func addEntries(t *testing.T, path string, n int) {
	t.Helper()
	v, err := vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Unlock([]byte(realPass)); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if _, err := v.Add(record.Fields{Text: "MARKER-" + strconv.Itoa(i), EventTime: time.Date(2026, 3, 1, 10, 0, 0, 0, jst), EventZone: "Asia/Tokyo"}); err != nil {
			t.Fatal(err)
		}
	}
}

// The app remembers the last head it saw of each vault (preferences) and
// warns when a vault comes back older: the file replaced by an older copy
// (or cut back) says so at every unlock until the user says the older copy
// is wanted (an older backup restored on purpose); after that, no warning.
func TestSeenWarnsWhenTheVaultWentBack(t *testing.T) {
	tests := []struct {
		name      string
		afterCopy int    // entries written to the older copy before the app opens it
		key       string // the warning
	}{
		{"older copy put back", 0, "ui.seen.behind"},
		{"older copy written to since", 3, "ui.seen.diverged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seal.TestUseLowCostKDF(t)
			dir := t.TempDir()
			path := filepath.Join(dir, "diary"+vault.Extension)
			v, _, err := vault.Create(path, []byte(realPass), vault.Options{KDF: seal.LowCost})
			if err != nil {
				t.Fatal(err)
			}
			v.Close()
			addEntries(t, path, 2)
			old := filepath.Join(t.TempDir(), "old"+vault.Extension)
			copyVaultFile(t, path, old)
			addEntries(t, path, 2)

			h := newHarness(t, realVaults(dir), Options{VaultPath: path})
			warned := func() bool {
				return h.hasText(i18n.T("ui.seen.accept"))
			}
			h.unlockWith(realPass)
			if warned() {
				t.Fatal("warning on the first unlock")
			}
			h.a.Lock()
			h.settle()

			copyVaultFile(t, old, path)
			addEntries(t, path, tt.afterCopy)
			want := i18n.T(tt.key, 4, 2+tt.afterCopy)
			for i := range 2 { // the warning does not fade by locking and unlocking
				h.unlockWith(realPass)
				if !h.hasText(want) {
					t.Fatalf("unlock %d: no warning %q; texts %q", i+1, want, h.texts())
				}
				h.a.Lock()
				h.settle()
			}
			h.unlockWith(realPass)
			h.tap("ui.seen.accept")
			if warned() {
				t.Fatal("warning after it was acknowledged")
			}
			h.a.Lock()
			h.settle()
			h.unlockWith(realPass)
			if warned() {
				t.Fatal("warning again after the older copy was accepted")
			}
		})
	}
}

// roStore says it is a backup opened read-only, as package local's
// readOnlyStore does.
type roStore struct{ realStore }

func (roStore) ReadOnly() bool { return true }

// A backup looked at read-only is older than the vault by nature: no
// warning, and the record of the newest head stays.
func TestSeenQuietForReadOnlyBackups(t *testing.T) {
	seal.TestUseLowCostKDF(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "diary"+vault.Extension)
	v, _, err := vault.Create(path, []byte(realPass), vault.Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	addEntries(t, path, 1)
	old := filepath.Join(t.TempDir(), "old"+vault.Extension)
	copyVaultFile(t, path, old)
	addEntries(t, path, 2)
	st, err := realVaults(dir).Open(path, []byte(realPass))
	if err != nil {
		t.Fatal(err)
	}
	id, newer, err := st.(app.SeenStore).SeenNow()
	st.Close()
	if err != nil {
		t.Fatal(err)
	}

	h := newHarness(t, wrapVaults{Vaults: realVaults(dir), wrap: func(st app.Store) app.Store { return roStore{st.(realStore)} }},
		Options{VaultPath: old})
	h.a.fa.Preferences().SetString(prefSeen+id, newer)
	h.unlockWith(realPass)
	if h.hasText(i18n.T("ui.seen.accept")) {
		t.Fatal("warning for a backup opened read-only")
	}
	h.a.Lock()
	h.settle()
	if got := h.a.fa.Preferences().String(prefSeen + id); got != newer {
		t.Fatal("the record of the newest head changed after looking at a backup")
	}
}
