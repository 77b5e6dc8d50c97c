package backup

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/vault"
)

// driveWithHistory backs up a vault of 5 entries (backup A), then, with 3
// more, twice (B, C), and returns the vault's path, the folder and A.
func driveWithHistory(t *testing.T) (string, string, string) {
	t.Helper()
	dir := t.TempDir()
	v := newVault(t, filepath.Join(dir, "home"), 0)
	usb := filepath.Join(dir, "usb")
	os.Mkdir(usb, 0o700)
	now := clock(time.Date(2026, 5, 1, 9, 0, 0, 0, time.Local))
	a, err := Run(context.Background(), v, usb, Options{Keep: 3, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := v.Add(fields("later " + string(rune('a'+i)))); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if _, err := Run(context.Background(), v, usb, Options{Keep: 3, Now: now}); err != nil {
			t.Fatal(err)
		}
	}
	path := v.Path()
	v.Close()
	return path, usb, a.Path
}

// A vault put back to an older state (here: an older backup copied over
// it) and backed up to a folder that held a newer state of it: the folder's
// record says so, and retention keeps the newer backups, which may be all
// that is left of the newer vault. Only when the user accepts the older
// state does the folder move on.
func TestDriveRecordKeepsNewerBackups(t *testing.T) {
	path, usb, older := driveWithHistory(t)
	b, err := os.ReadFile(older)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	v := openUnlocked(t, path)
	defer v.Close()
	before := names(t, usb)
	res, err := Run(context.Background(), v, usb, Options{Keep: 1, Now: clock(time.Date(2026, 6, 1, 9, 0, 0, 0, time.Local))})
	if err != nil {
		t.Fatal(err)
	}
	if res.Newer == nil || res.Newer.SeenSeq != 8 || res.Newer.HeadSeq != 5 || res.Newer.Diverged || len(res.Removed) != 0 {
		t.Fatalf("newer %+v, removed %v", res.Newer, res.Removed)
	}
	if got := names(t, usb); len(got) != len(before)+2 {
		t.Fatalf("folder %v, before %v", got, before)
	}
	if c, err := v.CompareSeen(readSeen(usb, seenID(v))); err != nil || c.Status != vault.SeenBehind {
		t.Fatalf("the folder's record was lowered: %+v %v", c, err)
	}

	res, err = Run(context.Background(), v, usb, Options{Keep: 1, AcceptOlder: true, Now: clock(time.Date(2026, 6, 2, 9, 0, 0, 0, time.Local))})
	if err != nil {
		t.Fatal(err)
	}
	if res.Newer != nil || len(res.Removed) == 0 {
		t.Fatalf("accepted: newer %+v, removed %v", res.Newer, res.Removed)
	}
	if c, err := v.CompareSeen(readSeen(usb, seenID(v))); err != nil || c.Status != vault.SeenCurrent {
		t.Fatalf("the folder's record did not move on: %+v %v", c, err)
	}
}

// Restoring an older backup from a folder that saw a newer state says
// which is newer; restoring the newest says nothing.
func TestRestoreSaysANewerStateExists(t *testing.T) {
	_, usb, older := driveWithHistory(t)
	out := filepath.Join(t.TempDir(), "restored.kiroku")
	r, err := Restore(context.Background(), older, out, pass, RestoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Newer == nil || r.Newer.SeenSeq != 8 || r.Newer.HeadSeq != 5 || r.Newer.Dir != usb {
		t.Fatalf("restore of the older backup: newer %+v", r.Newer)
	}
	var newest string
	for _, n := range names(t, usb) {
		if filepath.Ext(n) == vault.Extension {
			newest = filepath.Join(usb, n)
		}
	}
	out2 := filepath.Join(t.TempDir(), "restored.kiroku")
	r, err = Restore(context.Background(), newest, out2, pass, RestoreOptions{})
	if err != nil || r.Newer != nil {
		t.Fatalf("restore of the newest backup: newer %+v %v", r.Newer, err)
	}
}

func seenID(v *vault.Vault) string {
	n := seenName(v)
	return n[len("kiroku-") : len(n)-len(SeenSuffix)]
}
