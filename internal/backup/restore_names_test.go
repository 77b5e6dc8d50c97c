package backup

import (
	"os"
	"path/filepath"
	"testing"
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
