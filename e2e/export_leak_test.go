//go:build e2e

package e2e

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"
)

// usbImage formats a file as a small drive (vfat like a USB stick; ext4
// when the kernel cannot mount vfat, as in some containers), loop-mounts
// it and returns the mount point and a function that unmounts it and
// returns the image's raw bytes: what someone carving the stick would
// read, freed blocks included.
func usbImage(t *testing.T, mb int) (string, func() []byte) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("loop-mounting a drive image needs root (make test runs e2e as root)")
	}
	dir := t.TempDir()
	img := filepath.Join(dir, "usb.img")
	mnt := filepath.Join(dir, "mnt")
	os.Mkdir(mnt, 0o755)
	var tried []string
	for _, fsys := range []struct {
		mkfs, name string
		args       []string
	}{
		{"mkfs.vfat", "vfat", []string{"-F", "32"}},
		{"mkfs.ext4", "ext4", []string{"-q", "-F"}},
	} {
		p, err := exec.LookPath(fsys.mkfs)
		if err != nil {
			tried = append(tried, fsys.mkfs+" not installed")
			continue
		}
		os.Remove(img)
		f, err := os.Create(img)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(int64(mb) << 20); err != nil {
			t.Fatal(err)
		}
		f.Close()
		if out, err := exec.Command(p, append(fsys.args, img)...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", fsys.mkfs, err, out)
		}
		if out, err := exec.Command("mount", "-o", "loop", img, mnt).CombinedOutput(); err != nil {
			tried = append(tried, fmt.Sprintf("%s: %v %s", fsys.name, err, bytes.TrimSpace(out)))
			continue
		}
		t.Logf("drive image: %s", fsys.name)
		mounted := true
		t.Cleanup(func() {
			if mounted {
				exec.Command("umount", mnt).Run()
			}
		})
		return mnt, func() []byte {
			t.Helper()
			if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
				t.Fatalf("umount: %v\n%s", err, out)
			}
			mounted = false
			b, err := os.ReadFile(img)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Skipf("no drive image could be loop-mounted here (%s); the leak test needs a real file system image", strings.Join(tried, "; "))
	return "", nil
}

// noMarkers fails for every marker found in raw, as UTF-8 or as UTF-16LE
// (vfat keeps long file names in UTF-16).
func noMarkers(t *testing.T, what string, raw []byte, markers []string) {
	t.Helper()
	for _, m := range markers {
		u := utf16.Encode([]rune(m))
		le := make([]byte, 0, 2*len(u))
		for _, c := range u {
			le = append(le, byte(c), byte(c>>8))
		}
		if bytes.Contains(raw, []byte(m)) {
			t.Errorf("%s: plaintext %q found on the drive image", what, m)
		}
		if bytes.Contains(raw, le) {
			t.Errorf("%s: plaintext %q (UTF-16) found on the drive image", what, m)
		}
	}
}

// Security issue, finding 1: an encrypted export must put no plaintext
// byte on the destination drive, neither when it finishes nor when it is
// killed halfway. The entry's text, person and place, an imported file's
// name and content and the recording's label are unique markers in
// several scripts; after the export the drive is unmounted and its raw
// image searched for each.
func TestEncryptedExportLeavesNoPlaintextOnDrive(t *testing.T) {
	t.Parallel() // own vault and folders (see parallel in e2e_test.go)
	for _, tool := range []string{"age", "script", "unzip"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed (make test installs it)", tool)
		}
	}
	const (
		text    = "KRKTEXT7f3a 部長に怒鳴られた Anh ấy hét vào mặt tôi"
		person  = "KRKPERSON2b9e 山田太郎 Nguyễn Văn"
		place   = "KRKPLACE5c0d 第三会議室 Phòng họp"
		fileKey = "KRKFILE4d1c"
		file    = fileKey + "-証拠-bằng-chứng.png"
		content = "KRKCONTENT8e6f 録音の書き起こし Bản ghi"
		label   = "KRKLABEL1a7b 面談 Cuộc họp"
	)
	markers := []string{"KRKTEXT7f3a", "部長に怒鳴られた", "Anh ấy hét vào mặt tôi", "KRKPERSON2b9e", "山田太郎",
		"KRKPLACE5c0d", "第三会議室", "Phòng họp", fileKey, "証拠-bằng-chứng", "KRKCONTENT8e6f", "KRKLABEL1a7b", "Cuộc họp"}

	v := initVault(t, "pw")
	mustOK(t, ctl(t, "pw\n", "add", "--vault", v, "--passphrase-stdin", "--text", text, "--person", person+":superior",
		"--place", place, "--category", "power-harassment", "--when", "2026-10-05T18:10:00+09:00"))
	mustOK(t, ctl(t, "pw\n", "record", "--vault", v, "--passphrase-stdin", "--seconds", "1", "--backend", "null",
		"--entry", "1", "--label", label))
	// A large file (16 MB) gives the kills below time to land mid-stream;
	// the marker repeats through it so any fragment on the drive shows.
	src := filepath.Join(t.TempDir(), file)
	var big bytes.Buffer
	big.WriteString("\x89PNG\r\n\x1a\n")
	rnd := rand.New(rand.NewSource(1))
	chunk := make([]byte, 4096)
	for big.Len() < 16<<20 {
		rnd.Read(chunk)
		big.Write(chunk)
		big.WriteString(content)
	}
	os.WriteFile(src, big.Bytes(), 0o600)
	mustOK(t, ctl(t, "pw\n", "import", "--vault", v, "--passphrase-stdin", "--entry", "1", src))

	mnt, unmount := usbImage(t, 160)
	out := filepath.Join(mnt, "sealed")
	start := time.Now()
	r := mustOK(t, ctl(t, "pw\nlawyer pass 123\nlawyer pass 123\n", "export", "--vault", v, "--passphrase-stdin", "--out", out, "--encrypt"))
	took := time.Since(start)
	// Finding 10: the CLI says how to open it, not to verify the .age file.
	if strings.Contains(r.stderr, "verify "+out+".zip.age") || !strings.Contains(r.stderr, "age -d -o") {
		t.Errorf("the CLI's advice after an encrypted export:\n%s", r.stderr)
	}
	opened := filepath.Join(t.TempDir(), "sealed.zip")
	cmd := exec.Command("script", "-qec", "age -d -o "+opened+" "+out+".zip.age", "/dev/null")
	cmd.Stdin = strings.NewReader("lawyer pass 123\n")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("age -d: %v\n%s", err, b)
	}
	left, _ := filepath.Glob(filepath.Join(mnt, ".*"))
	if len(left) != 0 {
		t.Errorf("temporary files left on the drive: %v", left)
	}
	raw := unmount()
	noMarkers(t, "finished export", raw, markers)

	// Finding 10: the zip's top folder is the bag's own, visible name.
	list, code := run(t, filepath.Dir(opened), "unzip", "-Z1", opened)
	if code != 0 || !strings.Contains(list, "\nsealed/bagit.txt") && !strings.HasPrefix(list, "sealed/bagit.txt") {
		t.Errorf("top folder in the decrypted zip:\n%s", list)
	}
	if strings.Contains(list, ".sealed") || strings.Contains(list, ".age") {
		t.Errorf("hidden or .age top folder in the decrypted zip:\n%s", list)
	}
	mustConsistentUnanchored(t, ctl(t, "", "verify", opened))

	// kill -9 at several moments of an export: still nothing in the clear,
	// and only ciphertext (or nothing) under a temporary name.
	mnt, unmount = usbImage(t, 160)
	for i, frac := range []float64{0.1, 0.3, 0.5, 0.65, 0.8, 0.95} {
		at := time.Duration(frac*float64(took)) + time.Duration(rnd.Int63n(int64(took/20)+1))
		c := exec.Command(bin(t, "kirokuctl"), "export", "--vault", v, "--passphrase-stdin", "--encrypt",
			"--out", filepath.Join(mnt, "killed"+string(rune('a'+i))))
		c.Stdin = strings.NewReader("pw\nlawyer pass 123\nlawyer pass 123\n")
		c.Env = append(os.Environ(), "LANG=C")
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(at)
		c.Process.Signal(syscall.SIGKILL)
		c.Wait()
		t.Logf("killed after %v (a whole export took %v)", at, took)
	}
	ents, _ := os.ReadDir(mnt)
	for _, e := range ents {
		if e.Name() == "lost+found" { // ext4's own
			continue
		}
		p := filepath.Join(mnt, e.Name())
		if e.IsDir() {
			t.Errorf("a folder was left on the drive: %s", e.Name())
			continue
		}
		b, _ := os.ReadFile(p)
		if len(b) > 0 && !bytes.HasPrefix(b, []byte("age-encryption.org/v1\n")[:min(len(b), 22)]) {
			t.Errorf("%s is not an age file (%d bytes)", e.Name(), len(b))
		}
	}
	// A later export into the same folder still works.
	mustOK(t, ctl(t, "pw\nlawyer pass 123\nlawyer pass 123\n", "export", "--vault", v, "--passphrase-stdin",
		"--out", filepath.Join(mnt, "after"), "--encrypt"))
	raw = unmount()
	noMarkers(t, "killed exports", raw, markers)
}

// Security issue, finding 10, with the real binary and no drive image: the
// decrypted zip's top folder is the bag's visible name, the export's advice
// is to decrypt then verify NAME.zip, and `kirokuctl verify NAME.zip.age`
// says how to open it instead of calling the bundle damaged.
func TestEncryptedExportOpensAsAdvised(t *testing.T) {
	t.Parallel() // own vault and folders (see parallel in e2e_test.go)
	for _, tool := range []string{"age", "script", "unzip"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed (make test installs it)", tool)
		}
	}
	v := initVault(t, "pw")
	mustOK(t, ctl(t, "pw\n", "add", "--vault", v, "--passphrase-stdin", "--text", "会議室で怒鳴られた"))
	dir := t.TempDir()
	out := filepath.Join(dir, "case-2026")
	r := mustOK(t, ctl(t, "pw\nlawyer pass 123\nlawyer pass 123\n", "export", "--vault", v, "--passphrase-stdin", "--out", out, "--encrypt"))
	want := "age -d -o " + out + ".zip " + out + ".zip.age"
	if !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "kirokuctl verify "+out+".zip\n") {
		t.Errorf("advice after the export lacks %q:\n%s", want, r.stderr)
	}
	// Verifying the .age file says how to open it (exit 5, not "damaged").
	vr := ctl(t, "", "verify", out+".zip.age")
	if vr.code != 5 || !strings.Contains(vr.stderr, want) {
		t.Errorf("verify on the .age file: exit %d\n%s", vr.code, vr.stderr)
	}
	// Following the advice works.
	cmd := exec.Command("script", "-qec", want, "/dev/null")
	cmd.Stdin = strings.NewReader("lawyer pass 123\n")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", want, err, b)
	}
	mustConsistentUnanchored(t, ctl(t, "", "verify", out+".zip"))
	list, code := run(t, dir, "unzip", "-Z1", out+".zip")
	if code != 0 {
		t.Fatal(list)
	}
	for _, l := range strings.Split(strings.TrimSpace(list), "\n") {
		if !strings.HasPrefix(l, "case-2026/") {
			t.Errorf("zip entry %q is not under the visible top folder case-2026/", l)
		}
	}
}
