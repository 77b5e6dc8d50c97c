package backup

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
)

func TestParseSum(t *testing.T) {
	const h = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	for _, c := range []struct {
		in       string
		sum, err string
	}{
		{h + "  v-20261121-101010.kiroku\n", h, ""},
		{h + "  v.kiroku", h, ""},
		{h + " *v.kiroku\n", h, ""},                  // binary mode of sha256sum
		{strings.ToUpper(h) + "  v.kiroku\n", h, ""}, // some tools write upper case
		{h + "  v.kiroku\r\n", h, ""},
		{"", "", "too short"},
		{h + "  \n", "", "no plain file name"},
		{h[:63] + "  v.kiroku\n", "", "not a SHA-256"},
		{"z" + h[1:] + "  v.kiroku\n", "", "not a SHA-256"},
		{h + " v.kiroku\n", "", "format of sha256sum"},
		{h + "\tv.kiroku\n", "", "format of sha256sum"},
		{h + "  v.kiroku\n" + h + "  w.kiroku\n", "", "more than one line"},
		{h + "  ../v.kiroku\n", "", "no plain file name"},
		{h + "  v\x00.kiroku\n", "", "more than one line"},
		{h + "  " + strings.Repeat("a", 5000), "", "too large"},
	} {
		sum, _, err := ParseSum([]byte(c.in))
		if c.err == "" {
			if err != nil || sum != c.sum {
				t.Errorf("%q: %q %v", c.in, sum, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.err) || !errors.Is(err, apperr.ErrDamaged) {
			t.Errorf("%q: want %q, got %v", c.in, c.err, err)
		}
	}
}

func FuzzParseSum(f *testing.F) {
	f.Add([]byte("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08  v.kiroku\n"))
	f.Add([]byte("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 *v.kiroku"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, b []byte) {
		sum, name, err := ParseSum(b)
		if err != nil {
			return
		}
		// What parses writes back to a line that parses the same.
		s2, n2, err := ParseSum([]byte(sumLine(sum, name)))
		if err != nil || s2 != sum || n2 != name {
			t.Fatalf("%q: round trip %q %q %v", b, s2, n2, err)
		}
	})
}

// A backup has a checksum file that sha256sum and shasum accept; retention
// removes it with its backup, and one left without its backup goes too.
func TestChecksumFile(t *testing.T) {
	dir := t.TempDir()
	v := newVault(t, filepath.Join(dir, "home"), 50<<10)
	usb := filepath.Join(dir, "usb")
	os.Mkdir(usb, 0o700)
	res, err := Run(context.Background(), v, usb, Options{Keep: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(res.Path + SumSuffix)
	if err != nil {
		t.Fatal(err)
	}
	if want := res.SHA256 + "  " + filepath.Base(res.Path) + "\n"; string(b) != want {
		t.Fatalf("checksum file %q, want %q", b, want)
	}
	for _, tool := range [][]string{{"sha256sum", "-c"}, {"shasum", "-a", "256", "-c"}} {
		if _, err := exec.LookPath(tool[0]); err != nil {
			t.Logf("%s not installed", tool[0])
			continue
		}
		cmd := exec.Command(tool[0], append(tool[1:], filepath.Base(res.Path)+SumSuffix)...)
		cmd.Dir = usb
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "OK") {
			t.Fatalf("%s: %v\n%s", tool[0], err, out)
		}
	}
	if got := names(t, usb); len(got) != 3 || got[0] != seenName(v) {
		t.Fatalf("folder holds %v", got)
	}

	// A checksum file whose backup never got its name (killed between the
	// renames) is removed by the next backup.
	orphan := filepath.Join(usb, "vault-20250101-000000.kiroku"+SumSuffix)
	os.WriteFile(orphan, []byte(sumLine(res.SHA256, "vault-20250101-000000.kiroku")), 0o600)
	res2, err := Run(context.Background(), v, usb, Options{Keep: 1, Now: func() time.Time { return time.Now().Add(time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	got := names(t, usb)
	want := []string{seenName(v), filepath.Base(res2.Path), filepath.Base(res2.Path) + SumSuffix}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("after the second backup with keep 1: %v, want %v", got, want)
	}
}

// freeByte finds a byte of the backup that no check of its content reads:
// a flip there leaves a vault that opens and checks clean. It tries bytes
// in the middle of runs of zeros (unused space in pages) until one is.
func freeByte(t *testing.T, path string) int64 {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 256)
	tried := 0
	for from := 4096; from < len(data) && tried < 40; {
		i := bytes.Index(data[from:], zeros)
		if i < 0 {
			break
		}
		off := int64(from + i + len(zeros)/2)
		from += i + 4096 // one candidate per page
		tried++
		c := filepath.Join(t.TempDir(), "probe.kiroku")
		os.WriteFile(c, data, 0o600)
		flip(t, c, off)
		if rep, err := verifyInPlace(c, pass); err == nil && rep.OK() {
			return off
		}
	}
	t.Fatalf("no unused byte found in %d candidates", tried)
	return 0
}

// A byte flipped in unused space of a backup leaves every sealed value and
// SQLite's checks intact; only the checksum file shows it. Verify and
// Restore refuse such a backup and say why; without the checksum file they
// check what they can and say that the checksum was missing.
func TestFlipInFreeSpace(t *testing.T) {
	dir := t.TempDir()
	v := newVault(t, filepath.Join(dir, "home"), 200<<10)
	usb := filepath.Join(dir, "usb")
	os.Mkdir(usb, 0o700)
	res, err := Run(context.Background(), v, usb, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if c, err := Verify(ctx, res.Path, pass, "", nil); err != nil || c.Checksum != ChecksumFile || c.SHA256 != res.SHA256 || !c.Report.OK() {
		t.Fatalf("verify a good backup: %+v %v", c, err)
	}
	before := sum(t, res.Path)
	off := freeByte(t, res.Path)
	flip(t, res.Path, off)

	c, err := Verify(ctx, res.Path, pass, "", nil)
	var se *SumMismatchError
	if !errors.As(err, &se) || !errors.Is(err, apperr.ErrDamaged) || se.Want != before {
		t.Fatalf("verify a backup flipped at %d: %+v %v", off, c, err)
	}
	t.Logf("flip at %d: %v", off, err)
	out := filepath.Join(t.TempDir(), "r.kiroku")
	if _, err := Restore(ctx, res.Path, out, pass, RestoreOptions{}); !errors.As(err, &se) {
		t.Fatalf("restore a backup flipped at %d: %v", off, err)
	}
	if got := names(t, filepath.Dir(out)); len(got) != 0 {
		t.Fatalf("restore left %v", got)
	}
	// sha256sum -c agrees.
	if _, err := exec.LookPath("sha256sum"); err == nil {
		cmd := exec.Command("sha256sum", "-c", filepath.Base(res.Path)+SumSuffix)
		cmd.Dir = usb
		if out, err := cmd.CombinedOutput(); err == nil {
			t.Fatalf("sha256sum -c passed a flipped backup:\n%s", out)
		}
	}

	// Without its checksum file the same copy passes what can be checked,
	// and the result says the checksum was missing.
	os.Remove(res.Path + SumSuffix)
	c, err = Verify(ctx, res.Path, pass, "", nil)
	if err != nil || c.Checksum != ChecksumMissing {
		t.Fatalf("verify without a checksum file: %+v %v", c, err)
	}
	r, err := Restore(ctx, res.Path, out, pass, RestoreOptions{})
	if err != nil || r.Checksum != ChecksumMissing {
		t.Fatalf("restore without a checksum file: %+v %v", r, err)
	}
}

// Verify reads a single file in place without changing it, checks a part
// set in a temporary copy, and reports a wrong passphrase and damage.
func TestVerify(t *testing.T) {
	dir := t.TempDir()
	v := newVault(t, filepath.Join(dir, "home"), 100<<10)
	usb := filepath.Join(dir, "usb")
	os.Mkdir(usb, 0o700)
	ctx := context.Background()
	res, err := Run(ctx, v, usb, Options{})
	if err != nil {
		t.Fatal(err)
	}
	before := sum(t, res.Path)
	c, err := Verify(ctx, res.Path, pass, "", nil)
	if err != nil || c.Parts != 0 || c.Report.Records == 0 {
		t.Fatalf("verify: %+v %v", c, err)
	}
	if sum(t, res.Path) != before || len(names(t, usb)) != 3 {
		t.Fatal("verify changed the backup or its folder")
	}
	if _, err := Verify(ctx, res.Path, []byte("wrong"), "", nil); !errors.Is(err, apperr.ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if _, err := Verify(ctx, filepath.Join(usb, "nothing.kiroku"), pass, "", nil); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("missing backup: %v", err)
	}

	split := filepath.Join(dir, "fat")
	os.Mkdir(split, 0o700)
	set, err := Run(ctx, v, split, Options{FS: "vfat", PartSize: 64 << 10})
	if err != nil || set.Parts < 2 {
		t.Fatalf("split backup: %+v %v", set, err)
	}
	tmp := t.TempDir()
	c, err = Verify(ctx, set.Path, pass, tmp, nil)
	if err != nil || c.Checksum != ChecksumManifest || c.Parts != set.Parts || c.SHA256 != set.SHA256 {
		t.Fatalf("verify a part set: %+v %v", c, err)
	}
	if got := names(t, tmp); len(got) != 0 {
		t.Fatalf("verify left %v", got)
	}
	parts, _ := filepath.Glob(filepath.Join(set.Path, "*.part002"))
	flip(t, parts[0], 10)
	var pe *PartError
	if _, err := Verify(ctx, set.Path, pass, tmp, nil); !errors.As(err, &pe) {
		t.Fatalf("verify a damaged part set: %v", err)
	}

	// A backup in an older format is checked in a copy (opening it
	// migrates it), never changed in place.
	old := filepath.Join(dir, "old.kiroku")
	g, err := os.ReadFile("../vault/testdata/golden-v1.kiroku")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(old, g, 0o600)
	c, err = Verify(ctx, old, []byte("golden passphrase 金色"), tmp, nil)
	if err != nil || !c.Report.OK() || c.Checksum != ChecksumMissing {
		t.Fatalf("verify golden-v1: %+v %v", c, err)
	}
	if b, _ := os.ReadFile(old); !bytes.Equal(b, g) {
		t.Fatal("verify changed an older backup")
	}
}
