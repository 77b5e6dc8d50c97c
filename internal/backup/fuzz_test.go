package backup

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
)

// The checksum file and the part-set manifest sit on a USB stick: anyone who
// held the stick can write anything there. These fuzz targets hold the
// readers to what restore relies on: no panic, a refusal is ErrDamaged
// (or ErrNotFound for a folder without a backup), and whatever is accepted
// is consistent, so that restore never takes damaged bytes for a backup.

const fuzzSum = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

var lowerHex64 = regexp.MustCompile(`^[0-9a-f]{64}$`)

// FuzzParseSumDamaged adds to FuzzParseSum: a refusal is ErrDamaged (what
// the front ends show as a damaged backup), and no name with a line break.
func FuzzParseSumDamaged(f *testing.F) {
	for _, s := range []string{
		fuzzSum + "  v-20261121-101010.kiroku\n",
		fuzzSum + " *v.kiroku",
		strings.ToUpper(fuzzSum) + "  v.kiroku\r\n",
		fuzzSum + "  ../v.kiroku\n",
		fuzzSum + "  a\nb",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		sum, name, err := ParseSum(b)
		if err != nil {
			if !errors.Is(err, apperr.ErrDamaged) {
				t.Fatalf("refusal is not ErrDamaged: %v", err)
			}
			return
		}
		if !lowerHex64.MatchString(sum) || name == "" || strings.ContainsAny(name, "/\\\n\r\x00") {
			t.Fatalf("accepted sum %q name %q", sum, name)
		}
		// What is accepted is what Kiroku would write for it.
		s2, n2, err := ParseSum([]byte(sumLine(sum, name)))
		if err != nil || s2 != sum || n2 != name {
			t.Fatalf("written back: %q %q %v", s2, n2, err)
		}
	})
}

// checkSum on a backup file and a checksum file of any content: it says
// "matched" only when the file's SHA-256 is the one written there.
func FuzzCheckSum(f *testing.F) {
	content := []byte("SQLite format 3\x00 and so on")
	h := sha256.Sum256(content)
	f.Add(content, []byte(sumLine(hex.EncodeToString(h[:]), "v.kiroku")))
	f.Add(content, []byte(sumLine(fuzzSum, "v.kiroku")))
	f.Add(content, []byte("garbage"))
	f.Fuzz(func(t *testing.T, content, sumFile []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "v.kiroku")
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path+SumSuffix, sumFile, 0o600); err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(content)
		got := hex.EncodeToString(h[:])
		how, err := checkSum(path, got)
		if err != nil {
			if !errors.Is(err, apperr.ErrDamaged) {
				t.Fatalf("refusal is not ErrDamaged: %v", err)
			}
			return
		}
		want, _, perr := ParseSum(sumFile)
		if how != ChecksumFile || perr != nil || want != got {
			t.Fatalf("accepted as %q a checksum file that says %q (%v) for %s", how, want, perr, got)
		}
	})
}

// seedPartSet splits content into parts of partSize and returns the
// manifest's bytes and the parts' contents.
func seedPartSet(f *testing.F, content []byte, partSize int64) ([]byte, [][]byte) {
	f.Helper()
	dir := f.TempDir()
	src := filepath.Join(dir, "src")
	if err := os.WriteFile(src, content, 0o600); err != nil {
		f.Fatal(err)
	}
	m, err := split(context.Background(), src, dir, "v.kiroku", partSize, nil)
	if err != nil {
		f.Fatal(err)
	}
	m.VaultID = strings.Repeat("ab", 16)
	m.Created = time.Date(2026, 11, 21, 10, 10, 10, 0, time.UTC)
	var parts [][]byte
	for _, p := range m.Parts {
		b, err := os.ReadFile(filepath.Join(dir, p.Name))
		if err != nil {
			f.Fatal(err)
		}
		parts = append(parts, b)
	}
	return m.Marshal(), parts
}

// FuzzParseManifestDamaged adds to FuzzParseManifest: a refusal is
// ErrDamaged, every accepted part has a size within the part size, and
// the manifest written back is the same bytes.
func FuzzParseManifestDamaged(f *testing.F) {
	m, _ := seedPartSet(f, bytes.Repeat([]byte("kiroku "), 10), 16)
	f.Add(m)
	f.Add(bytes.Replace(m, []byte(`"size": 70`), []byte(`"size": 71`), 1))
	f.Add([]byte(`{"format":"kiroku-backup-parts 1"}`))
	f.Add([]byte(`{}{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseManifest(b)
		if err != nil {
			if !errors.Is(err, apperr.ErrDamaged) {
				t.Fatalf("refusal is not ErrDamaged: %v", err)
			}
			return
		}
		var sum int64
		for i, p := range m.Parts {
			if p.Name != partName(m.Name, i) || p.Size <= 0 || p.Size > m.PartSize {
				t.Fatalf("accepted part %d: %+v", i, p)
			}
			sum += p.Size
		}
		if sum != m.Size || m.Name != filepath.Base(m.Name) {
			t.Fatalf("accepted manifest %+v", m)
		}
		again, err := ParseManifest(m.Marshal())
		if err != nil || !bytes.Equal(again.Marshal(), m.Marshal()) {
			t.Fatalf("written back: %v", err)
		}
	})
}

// A part set of any manifest and part contents, opened and joined as
// restore does: refused as damaged, or joined into exactly the bytes whose
// SHA-256 and size the manifest gives.
func FuzzJoinPartSet(f *testing.F) {
	content := bytes.Repeat([]byte("kiroku "), 5)
	m, parts := seedPartSet(f, content, 20)
	f.Add(m, parts[0], parts[1])
	f.Add(m, parts[1], parts[0])
	f.Add(m, parts[0], parts[1][:len(parts[1])-1])
	f.Add(m, parts[0], append(append([]byte{}, parts[1]...), 'x'))
	f.Fuzz(func(t *testing.T, manifest, part1, part2 []byte) {
		dir := t.TempDir()
		set := filepath.Join(dir, "v.kiroku.parts")
		if err := os.Mkdir(set, 0o700); err != nil {
			t.Fatal(err)
		}
		for name, b := range map[string][]byte{
			"v.kiroku.manifest": manifest, "v.kiroku.part001": part1, "v.kiroku.part002": part2,
		} {
			if err := os.WriteFile(filepath.Join(set, name), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		src, err := Open(set)
		if err != nil {
			if !errors.Is(err, apperr.ErrDamaged) && !errors.Is(err, apperr.ErrNotFound) {
				t.Fatalf("refusal is not ErrDamaged: %v", err)
			}
			return
		}
		if src.Manifest == nil {
			t.Fatalf("a folder opened as a single file: %+v", src)
		}
		dst := filepath.Join(dir, "joined")
		if err := join(context.Background(), *src.Manifest, set, dst, nil); err != nil {
			if !errors.Is(err, apperr.ErrDamaged) {
				t.Fatalf("refusal is not ErrDamaged: %v", err)
			}
			if _, serr := os.Stat(dst); serr == nil {
				t.Fatal("a refused join left its file behind")
			}
			return
		}
		b, err := os.ReadFile(dst)
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(b)
		if int64(len(b)) != src.Manifest.Size || hex.EncodeToString(h[:]) != src.Manifest.SHA256 {
			t.Fatalf("joined %d bytes with SHA-256 %x; the manifest says %d, %s", len(b), h, src.Manifest.Size, src.Manifest.SHA256)
		}
		if err := checkParts(context.Background(), *src.Manifest, set, nil); err != nil {
			t.Fatalf("joined but the parts do not check: %v", err)
		}
	})
}
