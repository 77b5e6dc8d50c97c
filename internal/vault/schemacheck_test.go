package vault_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// TestPlantedSchemaRefused: someone with the closed vault file adds a
// trigger (to copy entries out before a purge erases them), a view, a table
// or an index, or removes or changes one of Kiroku's. Open must refuse the
// file before any of it can run.
func TestPlantedSchemaRefused(t *testing.T) {
	tests := []struct {
		name  string
		stmts []string
		what  string
	}{
		{"trigger keeping purged text", []string{
			"CREATE TABLE loot (body BLOB)",
			"CREATE TRIGGER keep BEFORE DELETE ON revisions BEGIN INSERT INTO loot VALUES (old.body); END",
		}, "trigger keep"},
		{"trigger on update", []string{
			"CREATE TRIGGER t2 AFTER UPDATE ON meta BEGIN SELECT 1; END",
		}, "trigger t2"},
		{"view", []string{"CREATE VIEW v AS SELECT * FROM revisions"}, "view v"},
		{"table", []string{"CREATE TABLE extra (x)"}, "table extra"},
		{"index", []string{"CREATE INDEX i ON revisions (body)"}, "index i"},
		{"dropped index", []string{"DROP INDEX marker_labels_recording"}, "missing index marker_labels_recording"},
		{"changed table", []string{"ALTER TABLE hours ADD COLUMN note TEXT"}, "changed table hours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, path, _ := newVault(t)
			v.Close()
			raw(t, path, tt.stmts...)
			for _, open := range []func(string) (*vault.Vault, error){vault.Open, vault.OpenReadOnly} {
				v2, err := open(path)
				if err == nil {
					v2.Close()
					t.Fatal("vault with a planted schema object opened")
				}
				if !errors.Is(err, apperr.ErrDamaged) || !strings.Contains(err.Error(), tt.what) {
					t.Fatalf("got %v, want ErrDamaged naming %q", err, tt.what)
				}
			}
		})
	}
}

// TestSchemaUntouchedOpens: a vault Kiroku made opens (golden vaults of
// older formats are covered by TestGoldenVault).
func TestSchemaUntouchedOpens(t *testing.T) {
	v, path, _ := newVault(t)
	reopen(t, v, path)
}
