package backup

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// IsBackup goes by names: kirokuctl verify sends a backup to the backup
// check and anything else to the bundle verifier.
func TestIsBackup(t *testing.T) {
	dir := t.TempDir()
	set := filepath.Join(dir, "renamed-folder")
	os.Mkdir(set, 0o700)
	os.WriteFile(filepath.Join(set, "v-20261121-031500.kiroku.manifest"), []byte("{}"), 0o600)
	bag := filepath.Join(dir, "bundle")
	os.Mkdir(bag, 0o700)
	os.WriteFile(filepath.Join(bag, "bagit.txt"), []byte("BagIt-Version: 1.0\n"), 0o600)
	for _, c := range []struct {
		path string
		want bool
	}{
		{"/media/usb/v-20261121-031500.kiroku", true},
		{"/media/usb/v-20261121-031500.kiroku.parts", true},
		{"/media/usb/v-20261121-031500.kiroku.parts/v-20261121-031500.kiroku.manifest", true},
		{"/media/usb/v-20261121-031500.kiroku.parts/v-20261121-031500.kiroku.part007", true},
		{set, true},
		{bag, false},
		{"/tmp/evidence.zip", false},
		{"/tmp/evidence.zip.age", false},
		{"/tmp/notes.part001", false},
		{"/tmp/v.kiroku.part1", false},
		{"/tmp/kiroku", false},
	} {
		if got := IsBackup(c.path); got != c.want {
			t.Errorf("IsBackup(%q) = %v, want %v", c.path, got, c.want)
		}
	}
}

// A worker who forgot the passphrase may have only the USB drive and the
// recovery key: restore takes the key in place of the passphrase, and the
// restored vault then takes a new passphrase with it (vault.Recover). A
// recovery key of another vault is refused like a wrong passphrase.
func TestRestoreWithRecoveryKey(t *testing.T) {
	seal.TestUseLowCostKDF(t)
	dir := t.TempDir()
	v, key, err := vault.Create(filepath.Join(dir, "vault.kiroku"), pass, vault.Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if _, err := v.Add(fields("MARKER-rk")); err != nil {
		t.Fatal(err)
	}
	usb := filepath.Join(dir, "usb")
	os.Mkdir(usb, 0o700)
	res, err := Run(context.Background(), v, usb, Options{})
	if err != nil {
		t.Fatal(err)
	}
	other, otherKey, err := vault.Create(filepath.Join(dir, "other.kiroku"), pass, vault.Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	other.Close()
	if _, err := Restore(context.Background(), res.Path, filepath.Join(dir, "x.kiroku"), []byte(otherKey), RestoreOptions{}); !errors.Is(err, apperr.ErrWrongPassphrase) {
		t.Fatalf("another vault's recovery key: %v", err)
	}
	restored := filepath.Join(dir, "restored.kiroku")
	r, err := Restore(context.Background(), res.Path, restored, []byte(key), RestoreOptions{})
	if err != nil {
		t.Fatalf("restore with the recovery key: %v", err)
	}
	if !r.Report.OK() || r.Report.Records == 0 {
		t.Fatalf("restored %+v", r)
	}
	rv, err := vault.Open(restored)
	if err != nil {
		t.Fatal(err)
	}
	defer rv.Close()
	newPass := []byte("lantern orchard velvet 93 tide")
	if err := rv.Recover(key, newPass, seal.LowCost); err != nil {
		t.Fatalf("new passphrase with the recovery key: %v", err)
	}
	es, err := rv.Entries()
	if err != nil || len(es) != 1 || es[0].Text != "MARKER-rk" {
		t.Fatalf("entries %+v, %v", es, err)
	}
}
