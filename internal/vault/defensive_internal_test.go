package vault

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/kiroku-app/kiroku/internal/seal"
)

// TestDefensiveMode: the vault's own connection cannot be talked into
// rewriting the schema, and does not trust functions named in the file.
func TestDefensiveMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.kiroku")
	v, _, err := Create(path, []byte("correct horse battery staple"), Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	ctx := context.Background()
	var trusted int
	if err := v.db.QueryRowContext(ctx, "PRAGMA trusted_schema").Scan(&trusted); err != nil || trusted != 0 {
		t.Fatalf("trusted_schema = %d, %v; want 0", trusted, err)
	}
	v.db.ExecContext(ctx, "PRAGMA writable_schema = ON")
	if _, err := v.db.ExecContext(ctx, "UPDATE sqlite_schema SET sql = 'CREATE TABLE hours (id INTEGER PRIMARY KEY)' WHERE name = 'hours'"); err == nil {
		t.Fatal("schema rewritten through writable_schema: defensive mode is off")
	}
	var ws int
	v.db.QueryRowContext(ctx, "PRAGMA writable_schema").Scan(&ws)
	if ws != 0 {
		t.Fatal("writable_schema could be turned on")
	}
}
