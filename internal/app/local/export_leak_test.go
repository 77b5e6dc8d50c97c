package local

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/kiroku-app/kiroku/internal/app"
)

// The app's encrypted export (the same code as kirokuctl's) never puts a
// plaintext byte in the destination folder: looked at during the export
// (each progress call) and after it, the folder holds only age ciphertext
// under a temporary name, then the finished .zip.age; never a staging
// folder or a plain zip.
func TestEncryptedExportStagesNothingInTheClear(t *testing.T) {
	const marker = "MARKER-app-export-9d2c 上司に怒鳴られた"
	s := newStore(t, marker, marker+" again", "third "+marker)
	plan, err := s.PlanExport(app.ExportSelection{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	looks := 0
	look := func() {
		looks++
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || p == dir {
				return err
			}
			if d.IsDir() {
				t.Errorf("a folder in the destination during an encrypted export: %s", d.Name())
				return fs.SkipDir
			}
			b, _ := os.ReadFile(p)
			if len(b) > 0 && !bytes.HasPrefix(b, []byte("age-encryption.org/v1\n")[:min(len(b), 22)]) {
				t.Errorf("%s is not age ciphertext (%d bytes)", d.Name(), len(b))
			}
			if bytes.Contains(b, []byte("MARKER-app-export-9d2c")) {
				t.Errorf("plaintext in %s", d.Name())
			}
			return nil
		})
	}
	res, err := s.Export(context.Background(), plan, app.ExportOptions{Dir: dir, Name: "e", Form: app.FormEncrypted,
		Passphrase: []byte("pw for the lawyer"), Lang: "both"}, func(done, total int64) { look() })
	if err != nil {
		t.Fatal(err)
	}
	if looks == 0 {
		t.Fatal("no progress reported: nothing was looked at during the export")
	}
	look()
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 || ents[0].Name() != "e.zip.age" || res.Path != filepath.Join(dir, "e.zip.age") {
		t.Errorf("destination holds %v, result %s", ents, res.Path)
	}
}

// The app's export from a backup opened read-only works, and its result
// says that the vault could not record it (the derived files are unbound).
func TestExportFromReadOnlyVaultIsUnbound(t *testing.T) {
	s := newStore(t, "one", "two")
	path := s.Vault.Path()
	s.Close()
	st, err := Vaults{}.OpenReadOnly(path, []byte("violet harbour pencil thunder"))
	if err != nil {
		t.Fatal(err)
	}
	ro := st.(*readOnlyStore)
	defer ro.Close()
	plan, err := ro.PlanExport(app.ExportSelection{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	res, err := ro.Export(context.Background(), plan, app.ExportOptions{Dir: dir, Name: "ro", Form: app.FormFolder, Lang: "en"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Unbound || res.HeadSeq != 2 {
		t.Errorf("result %+v, want unbound at the snapshot head 2", res)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "ro", "data", "ledger", "records", "export-*")); len(m) != 0 {
		t.Errorf("export record in an unbound bundle: %v", m)
	}
}
