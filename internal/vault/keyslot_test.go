package vault_test

import (
	"errors"
	"testing"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// TestDamagedKeySlot: a slot that cannot be Kiroku's is reported as damaged,
// without deriving a key; a slot that is well formed but does not open is a
// wrong passphrase (a changed slot cannot be told apart from that).
func TestDamagedKeySlot(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want error
	}{
		{"unreadable parameters", `UPDATE keyslots SET params = 'not json' WHERE kind = 'passphrase'`, apperr.ErrKeySlotDamaged},
		{"zero passes", `UPDATE keyslots SET params = '{"t":0,"m":64,"p":1}' WHERE kind = 'passphrase'`, apperr.ErrKeySlotDamaged},
		// A planted slot with a huge cost (36 s and 2 GB before) is refused
		// before Argon2id runs.
		{"huge memory", `UPDATE keyslots SET params = '{"t":100,"m":2097152,"p":4}' WHERE kind = 'passphrase'`, apperr.ErrKeySlotDamaged},
		{"huge work", `UPDATE keyslots SET params = '{"t":100,"m":1048576,"p":4}' WHERE kind = 'passphrase'`, apperr.ErrKeySlotDamaged},
		{"many lanes", `UPDATE keyslots SET params = '{"t":1,"m":64,"p":64}' WHERE kind = 'passphrase'`, apperr.ErrKeySlotDamaged},
		{"short salt", `UPDATE keyslots SET salt = X'0102' WHERE kind = 'passphrase'`, apperr.ErrKeySlotDamaged},
		{"short wrapped key", `UPDATE keyslots SET wrapped = CAST(substr(wrapped, 1, 20) AS BLOB) WHERE kind = 'passphrase'`, apperr.ErrKeySlotDamaged},
		{"no passphrase slot", `DELETE FROM keyslots WHERE kind = 'passphrase'`, apperr.ErrKeySlotDamaged},
		{"changed but in range", `UPDATE keyslots SET params = '{"t":2,"m":64,"p":1}' WHERE kind = 'passphrase'`, apperr.ErrWrongPassphrase},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, path, _ := newVault(t)
			v.Close()
			raw(t, path, tt.sql)
			v2, err := vault.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer v2.Close()
			err = v2.Unlock(pass)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if tt.want == apperr.ErrKeySlotDamaged && errors.Is(err, apperr.ErrWrongPassphrase) {
				t.Fatal("a damaged slot reported as a wrong passphrase")
			}
		})
	}
}

// TestPlantedSlotBesideOwn: a costly or malformed passphrase slot planted
// beside the user's own does not stop the user's passphrase; a recovery
// slot is never tried with a passphrase.
func TestPlantedSlotBesideOwn(t *testing.T) {
	v, path, rec := newVault(t)
	v.Close()
	raw(t, path,
		`INSERT INTO keyslots (id, kind, params, salt, wrapped) VALUES (100, 'passphrase', '{"t":100,"m":4194304,"p":64}', zeroblob(16), zeroblob(73))`,
		`INSERT INTO keyslots (id, kind, params, salt, wrapped) VALUES (101, 'passphrase', 'garbage', zeroblob(16), zeroblob(73))`)
	v2, err := vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	if err := v2.Unlock([]byte(rec)); !errors.Is(err, apperr.ErrWrongPassphrase) {
		t.Fatalf("recovery key given as passphrase: %v", err)
	}
	if err := v2.Unlock(pass); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedRecoverySlot: a malformed recovery slot is damaged, not a
// wrong recovery key.
func TestDamagedRecoverySlot(t *testing.T) {
	v, path, rec := newVault(t)
	v.Close()
	raw(t, path, `UPDATE keyslots SET salt = X'00' WHERE kind = 'recovery'`)
	v2, err := vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	if err := v2.Recover(rec, []byte("new"), seal.LowCost); !errors.Is(err, apperr.ErrKeySlotDamaged) {
		t.Fatalf("got %v", err)
	}
}
