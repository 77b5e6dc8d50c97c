package backup

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// A vault named in the worker's own script keeps every character in its
// backups' names, their checksum files and the backup log, and retention
// still finds and removes the older ones (issue 14: backup names).
func TestBackupNamesKeepEveryCharacter(t *testing.T) {
	seal.TestUseLowCostKDF(t)
	dir := t.TempDir()
	const base = "Nhật ký 日記 مذكرات"
	v, _, err := vault.Create(filepath.Join(dir, base+vault.Extension), pass, vault.Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	if _, err := v.Add(fields("MARKER-names")); err != nil {
		t.Fatal(err)
	}
	usb := filepath.Join(dir, "usb")
	os.Mkdir(usb, 0o700)
	start := time.Date(2026, 12, 7, 9, 30, 0, 0, time.Local)
	var paths []string
	for i := range 3 {
		res, err := Run(context.Background(), v, usb, Options{Keep: 2, Now: func() time.Time { return start.Add(time.Duration(i) * time.Hour) }})
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, res.Path)
	}
	if want := base + "-20261207-093000" + vault.Extension; filepath.Base(paths[0]) != want {
		t.Fatalf("backup named %q, want %q", filepath.Base(paths[0]), want)
	}
	if _, err := os.Stat(paths[0]); !os.IsNotExist(err) {
		t.Fatalf("retention kept the oldest backup: %v", err)
	}
	for _, p := range paths[1:] {
		b, err := os.ReadFile(p + SumSuffix)
		if err != nil {
			t.Fatal(err)
		}
		if got, name, err := ParseSum(b); err != nil || name != filepath.Base(p) || got != sum(t, p) {
			t.Fatalf("checksum file of %q: %q %q %v", p, got, name, err)
		}
	}
	logs, err := v.BackupLogs()
	if err != nil || len(logs) != 3 || !strings.HasPrefix(logs[2].File, base+"-") {
		t.Fatalf("log %+v %v", logs, err)
	}
}
