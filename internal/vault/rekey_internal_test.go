package vault

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/kiroku-app/kiroku/internal/seal"
)

// TestRekeyCoversSchema: every table of the current format is either
// re-sealed by Rekey or known to hold nothing sealed. A new table must be
// added to one of the two lists, or Rekey would leave its values under a
// forgotten key.
func TestRekeyCoversSchema(t *testing.T) {
	objs, err := expectedSchema(context.Background(), Format)
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, c := range sealedColumns {
		known[c.table] = true
	}
	for _, o := range objs {
		if o.typ == "table" && !known[o.name] && !plainTables[o.name] {
			t.Errorf("table %s is not covered by rekey.go (sealedColumns or plainTables)", o.name)
		}
	}
}

// TestRekeyFailureKeepsOldVault: a failure after most values were re-sealed
// (as a crash before commit would) leaves the old vault whole: old
// passphrase and old recovery key open it, check passes.
func TestRekeyFailureKeepsOldVault(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.kiroku")
	pass := []byte("correct horse battery staple")
	v, rec, err := Create(path, pass, Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.SetSetting("tsa.url", "http://127.0.0.1:1/"); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("injected failure")
	rekeyHook = func(table string) error {
		if table == "anchors" {
			return boom
		}
		return nil
	}
	defer func() { rekeyHook = nil }()
	if _, err := v.RekeyPassphrase(pass, []byte("new"), seal.LowCost); !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
	rekeyHook = nil
	// Still usable in this process with the old keys.
	if _, ok, err := v.Setting("tsa.url"); err != nil || !ok {
		t.Fatalf("setting after failed re-key: %v", err)
	}
	v.Close()
	v, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock(pass); err != nil {
		t.Fatal(err)
	}
	if rep, err := v.Check(); err != nil || !rep.OK() {
		t.Fatalf("check: %v %+v", err, rep.Problems)
	}
	v.Lock()
	if err := v.Recover(rec, pass, seal.LowCost); err != nil {
		t.Fatalf("old recovery key after failed re-key: %v", err)
	}
}
