package vault_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// sealedRanges finds where the sealed values of a closed vault sit in its
// file, by looking up each value's bytes.
func sealedRanges(t *testing.T, path string) map[int]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := map[int]string{}
	add := func(ref string, b []byte) {
		i := bytes.Index(data, b)
		if i < 0 {
			t.Fatalf("%s not found in file", ref)
		}
		for j := i; j < i+len(b); j++ {
			at[j] = ref
		}
	}
	rows, err := db.Query("SELECT id, body FROM revisions")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var b []byte
		rows.Scan(&id, &b)
		add("revision:"+itoa(id), b)
	}
	rows.Close()
	return at
}

func itoa(i int64) string {
	return strings.TrimSpace(strings.Replace(string(must(json.Marshal(i))), "\"", "", -1))
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

var exhaustive = flag.Bool("exhaustive", false, "flip every byte of the vault file, not a sample")

// One flipped byte anywhere in a small vault: opening, unlocking, listing and
// checking never panic; a flip inside a sealed value is reported as damage to
// exactly that record (and the others still read).
func TestFlippedBytes(t *testing.T) {
	seal.TestUseLowCostKDF(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "small.kiroku")
	v, _, err := vault.Create(path, pass, vault.Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"one", "two", "three"} {
		if _, err := v.Add(fields(s)); err != nil {
			t.Fatal(err)
		}
	}
	v.Close()
	orig, _ := os.ReadFile(path)
	inSealed := sealedRanges(t, path)

	offsets := map[int]bool{}
	for off := range inSealed {
		offsets[off] = true // every byte of every sealed value
	}
	step := 31
	if testing.Short() {
		step = 127
	}
	if *exhaustive {
		step = 1
	}
	for off := 0; off < len(orig); off += step {
		offsets[off] = true
	}
	for off := 0; off < 100; off++ {
		offsets[off] = true // the whole SQLite header
	}

	flipped := filepath.Join(dir, "flipped.kiroku")
	for off := range offsets {
		b := append([]byte(nil), orig...)
		b[off] ^= 0x5A
		if err := os.WriteFile(flipped, b, 0o600); err != nil {
			t.Fatal(err)
		}
		os.Remove(flipped + "-wal")
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("offset %d: panic %v", off, r)
				}
			}()
			v, err := vault.Open(flipped)
			if err != nil {
				if !isClearOpenError(err) {
					t.Errorf("offset %d: unclear error %v", off, err)
				}
				return
			}
			defer v.Close()
			if err := v.Unlock(pass); err != nil {
				if ref, ok := inSealed[off]; ok {
					t.Errorf("offset %d in %s: unlock failed: %v", off, ref, err)
				}
				return
			}
			list, lerr := v.Entries()
			rep, err := v.Check()
			if err != nil {
				t.Errorf("offset %d: check could not run: %v", off, err)
				return
			}
			if ref, ok := inSealed[off]; ok {
				if len(rep.Problems) != 1 || rep.Problems[0].Ref != ref {
					t.Errorf("offset %d in %s: problems %+v", off, ref, rep.Problems)
				}
				var de *vault.DamageError
				if !errors.As(lerr, &de) || len(list) != 2 {
					t.Errorf("offset %d in %s: entries %d, err %v", off, ref, len(list), lerr)
				}
			}
		}()
	}
}

func isClearOpenError(err error) bool {
	for _, s := range []error{apperr.ErrDamaged, apperr.ErrNotVault, apperr.ErrUnsupportedVersion} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// The golden vault of format 1 was made by an earlier build (see
// testdata/README.md). It must keep opening, unlocking and checking, with
// the same content, in every later version.
func TestGoldenVault(t *testing.T) {
	src := filepath.Join("testdata", "golden-v1.kiroku")
	want, err := os.ReadFile(filepath.Join("testdata", "golden-v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "golden.kiroku")
	copyFile(t, src, path)
	v, err := vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Unlock([]byte(goldenPassphrase)); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, v)
	got := goldenJSON(t, v)
	if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
		t.Fatalf("golden vault content changed:\n%s\nwant:\n%s", got, want)
	}
	v.Lock()
	if err := v.Recover(goldenRecoveryKey, []byte("new"), seal.LowCost); err != nil {
		t.Fatal("golden recovery key:", err)
	}
}

const (
	goldenPassphrase  = "golden passphrase 金色"
	goldenRecoveryKey = "X53Y-HDXJ-N71K-FHYN-RC8R-G519-7ZJ3-M9PP"
)

var updateGolden = flag.Bool("update-golden", false, "write a new golden vault (only when adding a format)")

func goldenJSON(t *testing.T, v *vault.Vault) []byte {
	t.Helper()
	all, err := v.AllEntries()
	if err != nil {
		t.Fatal(err)
	}
	type out struct {
		Entries []record.Entry      `json:"entries"`
		History [][]record.Revision `json:"history"`
	}
	var o out
	o.Entries = all
	for _, e := range all {
		h, _ := v.History(e.ID)
		o.History = append(o.History, h)
	}
	b, _ := json.MarshalIndent(o, "", "  ")
	return b
}

func TestWriteGolden(t *testing.T) {
	if !*updateGolden {
		t.Skip("run with -update-golden to write a new golden vault")
	}
	path := filepath.Join("testdata", "golden-v1.kiroku")
	os.Remove(path)
	v, rec, err := vault.Create(path, []byte(goldenPassphrase), vault.Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := v.Add(fields("上司に会議室で怒鳴られた。"))
	v.Edit(a.ID, fields("上司に会議室で大声で怒鳴られた。"), "wording")
	b, _ := v.Add(fields("Told in front of the team that I am useless."))
	v.Delete(b.ID, "entered twice")
	c, _ := v.Add(fields("to purge"))
	v.Purge(c.ID)
	v.Add(fields("Second incident"))
	os.WriteFile(filepath.Join("testdata", "golden-v1.json"), goldenJSON(t, v), 0o644)
	v.Close()
	t.Logf("recovery key: %s", rec)
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	out.Close()
}

// A marker written into entries never appears in the vault, its WAL, or any
// temporary file, while the vault is open and after it is closed.
func TestNoPlaintextOnDisk(t *testing.T) {
	dir := t.TempDir()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	t.Setenv("SQLITE_TMPDIR", tmp)
	path := filepath.Join(dir, "m.kiroku")
	v, rec, err := vault.Create(path, pass, vault.Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	const marker = "MARKER-7f3a9c"
	for i := 0; i < 200; i++ {
		f := fields(marker + " said " + marker)
		f.Place, f.Quote, f.Impact = marker, "「"+marker+"」", marker
		f.People = []record.Person{{Name: marker, Role: "superior"}}
		if _, err := v.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	v.Entries()
	secrets := []string{marker, string(pass), rec}
	scan := func(when string) {
		for _, d := range []string{dir, tmp} {
			filepath.Walk(d, func(p string, info os.FileInfo, err error) error {
				if err != nil || info.IsDir() {
					return nil
				}
				b, _ := os.ReadFile(p)
				for _, s := range secrets {
					if bytes.Contains(b, []byte(s)) {
						t.Errorf("%s: %q found in %s", when, s, p)
					}
				}
				return nil
			})
		}
	}
	scan("open")
	v.Close()
	scan("closed")
}
