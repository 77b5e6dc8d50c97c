//go:build e2e

package e2e

import (
	"encoding/json"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

type backupLogJSON struct {
	Backups []struct {
		File    string `json:"file"`
		Dest    string `json:"dest"`
		Parts   int    `json:"parts"`
		SHA256  string `json:"sha256"`
		HeadSeq uint64 `json:"head_seq"`
	} `json:"backups"`
	Overdue bool `json:"overdue"`
}

func backupLog(t *testing.T, v string) backupLogJSON {
	t.Helper()
	r := mustOK(t, ctl(t, "pw\n", "backups", "--vault", v, "--passphrase-stdin", "--json"))
	var out backupLogJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("backups --json: %v\n%s", err, r.stdout)
	}
	return out
}

// finalBackups lists the backups with a final name in dir. A single-file
// backup with a final name always has its checksum file; a checksum file
// may be left alone by a kill between the two renames, until the next
// backup.
func finalBackups(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		n := e.Name()
		if strings.HasPrefix(n, ".") || strings.HasSuffix(n, ".sha256") || strings.HasSuffix(n, ".seen") {
			continue // not backups: checksum files, the folder's record of the newest head
		}
		if _, err := os.Stat(filepath.Join(dir, n+".sha256")); err != nil && !strings.HasSuffix(n, ".parts") {
			t.Errorf("%s has no checksum file", n)
		}
		out = append(out, n)
	}
	return out
}

// Back up to a folder, list the log, open the backup directly, restore it
// (also as a part set), refuse a damaged one and an existing target.
func TestBackupRestore(t *testing.T) {
	t.Parallel() // own vault and folders (see parallel in e2e_test.go)
	v := initVault(t, "pw")
	const marker = "MARKER-e2e-bk-93c2"
	for _, s := range []string{"one", "two", "three"} {
		mustOK(t, ctl(t, "pw\n", "add", "--vault", v, "--passphrase-stdin", "--text", marker+" "+s))
	}
	if log := backupLog(t, v); len(log.Backups) != 0 || !log.Overdue {
		t.Fatalf("before any backup: %+v", log)
	}
	usb := t.TempDir()
	r := mustOK(t, ctl(t, "pw\n", "backup", "--vault", v, "--passphrase-stdin", "--to", usb))
	b := strings.TrimSpace(r.stdout)
	if filepath.Dir(b) != usb || !strings.HasPrefix(filepath.Base(b), "v-") || !strings.HasSuffix(b, ".kiroku") {
		t.Fatalf("backup at %q", b)
	}
	log := backupLog(t, v)
	if len(log.Backups) != 1 || log.Overdue || log.Backups[0].File != filepath.Base(b) || log.Backups[0].HeadSeq != 3 {
		t.Fatalf("log: %+v", log)
	}
	// The backup opens directly, and reading it does not change it.
	before, _ := os.ReadFile(b)
	r = mustOK(t, ctl(t, "pw\n", "list", "--vault", b, "--passphrase-stdin", "--json"))
	if strings.Count(r.stdout, marker) != 3 {
		t.Fatalf("list of the backup: %s", r.stdout)
	}
	mustOK(t, ctl(t, "pw\n", "check", "--vault", b, "--passphrase-stdin"))
	if after, _ := os.ReadFile(b); string(after) != string(before) {
		t.Fatal("listing the backup changed it")
	}
	grepNone(t, usb, marker)

	restored := filepath.Join(t.TempDir(), "restored.kiroku")
	mustOK(t, ctl(t, "pw\n", "restore", "--from", b, "--vault", restored, "--passphrase-stdin"))
	r = mustOK(t, ctl(t, "pw\n", "list", "--vault", restored, "--passphrase-stdin", "--json"))
	if strings.Count(r.stdout, marker) != 3 {
		t.Fatalf("restored: %s", r.stdout)
	}
	if r := ctl(t, "pw\n", "restore", "--from", b, "--vault", restored, "--passphrase-stdin"); r.code != 10 {
		t.Fatalf("restore over a file: %+v", r)
	}
	mustOK(t, ctl(t, "pw\n", "restore", "--from", b, "--vault", restored, "--passphrase-stdin", "--replace"))
	if old, _ := filepath.Glob(restored + ".before-restore-*"); len(old) != 1 {
		t.Fatalf("old vault not kept: %v", old)
	}

	// A damaged backup: restore refuses it and names the record.
	data, _ := os.ReadFile(b)
	out, err := exec.Command("sqlite3", b, "SELECT hex(substr(body, 40, 16)) FROM revisions WHERE id = 2").Output()
	if err != nil {
		t.Fatal("sqlite3:", err)
	}
	needle := make([]byte, 16)
	for i := range needle {
		var x byte
		for _, c := range strings.TrimSpace(string(out))[2*i : 2*i+2] {
			x = x<<4 | byte(strings.IndexRune("0123456789ABCDEF", c))
		}
		needle[i] = x
	}
	at := strings.Index(string(data), string(needle))
	if at < 0 {
		t.Fatal("revision 2 not found in the backup")
	}
	data[at+3] ^= 0xFF
	damaged := filepath.Join(t.TempDir(), "damaged.kiroku")
	os.WriteFile(damaged, data, 0o600)
	target := filepath.Join(t.TempDir(), "x.kiroku")
	r = ctl(t, "pw\n", "restore", "--from", damaged, "--vault", target, "--passphrase-stdin")
	if r.code != 6 || !strings.Contains(r.stdout, "revision:2") {
		t.Fatalf("damaged backup: %+v", r)
	}
	if _, err := os.Stat(target); err == nil {
		t.Fatal("a damaged backup was restored")
	}

	// A part set, as on FAT32: its parts joined by hand are the backup's
	// bytes, and it restores into a vault that knows it has this backup.
	split := t.TempDir()
	r = mustOK(t, ctl(t, "pw\n", "backup", "--vault", v, "--passphrase-stdin", "--to", split, "--part-size", "16384", "--json"))
	var res struct {
		Path   string `json:"path"`
		Parts  int    `json:"parts"`
		SHA256 string `json:"sha256"`
	}
	json.Unmarshal([]byte(r.stdout), &res)
	if res.Parts < 2 || !strings.HasSuffix(res.Path, ".kiroku.parts") {
		t.Fatalf("split backup: %s", r.stdout)
	}
	byHand := exec.Command("sh", "-c", `cat "$1"/*.part* | sha256sum`, "sh", res.Path)
	if sum, err := byHand.Output(); err != nil || !strings.HasPrefix(string(sum), res.SHA256) {
		t.Fatalf("cat NAME.part* | sha256sum: %s %v, want %s", sum, err, res.SHA256)
	}
	joined := filepath.Join(t.TempDir(), "joined.kiroku")
	mustOK(t, ctl(t, "pw\n", "restore", "--from", res.Path, "--vault", joined, "--passphrase-stdin"))
	if logs := backupLog(t, joined); len(logs.Backups) == 0 || logs.Overdue ||
		logs.Backups[len(logs.Backups)-1].SHA256 != res.SHA256 || logs.Backups[len(logs.Backups)-1].Parts != res.Parts {
		t.Fatalf("the vault restored from %s does not log it: %+v", res.Path, logs)
	}
	parts, _ := filepath.Glob(filepath.Join(res.Path, "*.part002"))
	os.Remove(parts[0])
	if r := ctl(t, "pw\n", "restore", "--from", res.Path, "--vault", filepath.Join(t.TempDir(), "y.kiroku"), "--passphrase-stdin"); r.code != 6 || !strings.Contains(r.stderr, "part002") {
		t.Fatalf("a set with a missing part: %+v", r)
	}
}

// A backup carries NAME.sha256 that sha256sum and shasum check by hand;
// `kirokuctl verify` checks a backup without restoring it. A byte flipped
// in the middle of unused space (which no check of the content reads) is
// refused by verify and restore because of that file.
func TestBackupChecksum(t *testing.T) {
	t.Parallel() // own vault and folders (see parallel in e2e_test.go)
	v := initVault(t, "pw")
	mustOK(t, ctl(t, "pw\n", "add", "--vault", v, "--passphrase-stdin", "--text", "MARKER-e2e-sum"))
	usb := t.TempDir()
	b := strings.TrimSpace(mustOK(t, ctl(t, "pw\n", "backup", "--vault", v, "--passphrase-stdin", "--to", usb)).stdout)
	for _, tool := range [][]string{{"sha256sum", "-c"}, {"shasum", "-a", "256", "-c"}} {
		cmd := exec.Command(tool[0], append(tool[1:], filepath.Base(b)+".sha256")...)
		cmd.Dir = usb
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), filepath.Base(b)+": OK") {
			t.Fatalf("%s: %v\n%s", tool[0], err, out)
		}
	}
	before, _ := os.ReadFile(b)
	r := mustOK(t, ctl(t, "pw\n", "verify", b, "--passphrase-stdin"))
	if !strings.Contains(r.stdout, "The backup verified") || !strings.Contains(r.stdout, "sha256sum -c") {
		t.Fatalf("verify: %+v", r)
	}
	if after, _ := os.ReadFile(b); string(after) != string(before) {
		t.Fatal("verify changed the backup")
	}
	if r := ctl(t, "nope\n", "verify", b, "--passphrase-stdin"); r.code != 3 {
		t.Fatalf("verify with a wrong passphrase: %+v", r)
	}

	// Flip one byte in the middle of a run of zeros past the first page.
	data := append([]byte(nil), before...)
	at := strings.Index(string(data[4096:]), strings.Repeat("\x00", 512))
	if at < 0 {
		t.Fatal("no unused space found")
	}
	data[4096+at+256] ^= 0x01
	os.WriteFile(b, data, 0o600)
	r = ctl(t, "pw\n", "verify", b, "--passphrase-stdin")
	if r.code != 6 || !strings.Contains(r.stderr, "changed after it was written") {
		t.Fatalf("verify a flipped backup: %+v", r)
	}
	target := filepath.Join(t.TempDir(), "r.kiroku")
	r = ctl(t, "pw\n", "restore", "--from", b, "--vault", target, "--passphrase-stdin")
	if r.code != 6 || !strings.Contains(r.stderr, "changed after it was written") {
		t.Fatalf("restore a flipped backup: %+v", r)
	}
	if _, err := os.Stat(target); err == nil {
		t.Fatal("a flipped backup was restored")
	}
	cmd := exec.Command("sha256sum", "-c", filepath.Base(b)+".sha256")
	cmd.Dir = usb
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("sha256sum -c passed a flipped backup: %s", out)
	}
	// Without the checksum file: what can be checked is, with a warning.
	os.Remove(b + ".sha256")
	r = ctl(t, "pw\n", "restore", "--from", b, "--vault", target, "--passphrase-stdin")
	if r.code != 0 || !strings.Contains(r.stderr, "no checksum file") {
		t.Fatalf("restore without a checksum file: %+v", r)
	}
}

// kill -9 at random moments of a backup: never a partial file with a final
// name (a file with one restores and verifies), the source opens and
// checks, and the next backup removes the leftovers.
func TestBackupKilled(t *testing.T) {
	t.Parallel() // own vault and folders (see parallel in e2e_test.go)
	if testing.Short() {
		t.Skip("backs up a 200 MB vault several times")
	}
	v := initVault(t, "pw")
	mustOK(t, ctl(t, "pw\n", "add", "--vault", v, "--passphrase-stdin", "--text", "before the backup"))
	big := filepath.Join(t.TempDir(), "call.m4a")
	f, _ := os.Create(big)
	f.Truncate(200 << 20) // sparse: fast to import, 200 MB in the vault
	f.Close()
	mustOK(t, ctl(t, "pw\n", "import", "--vault", v, "--passphrase-stdin", big))

	// How long an undisturbed backup takes, unlock included.
	usb := t.TempDir()
	start := time.Now()
	mustOK(t, ctl(t, "pw\n", "backup", "--vault", v, "--passphrase-stdin", "--to", usb, "--keep", "100"))
	full := time.Since(start)
	t.Logf("a backup of the 200 MB vault takes %v", full.Round(time.Millisecond))

	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	trials := 6
	for i := 0; i < trials; i++ {
		dir := t.TempDir()
		delay := time.Duration(rng.Int63n(int64(full)))
		cmd := exec.Command(bin(t, "kirokuctl"), "backup", "--vault", v, "--passphrase-stdin", "--to", dir)
		cmd.Stdin = strings.NewReader("pw\n")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		final := finalBackups(t, dir)
		t.Logf("trial %d: killed after %v; final names: %v", i, delay.Round(time.Millisecond), final)
		for _, name := range final {
			// A final name means a verified backup: it restores.
			mustOK(t, ctl(t, "pw\n", "restore", "--from", filepath.Join(dir, name),
				"--vault", filepath.Join(t.TempDir(), "r.kiroku"), "--passphrase-stdin"))
		}
		mustOK(t, ctl(t, "pw\n", "check", "--vault", v, "--passphrase-stdin"))
		// The next backup into the same folder cleans up what the killed one left.
		mustOK(t, ctl(t, "pw\n", "backup", "--vault", v, "--passphrase-stdin", "--to", dir))
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), ".") {
				t.Fatalf("trial %d: leftover %s after the next backup", i, e.Name())
			}
			if b, ok := strings.CutSuffix(e.Name(), ".sha256"); ok {
				if _, err := os.Stat(filepath.Join(dir, b)); err != nil {
					t.Fatalf("trial %d: checksum file %s without its backup after the next backup", i, e.Name())
				}
			}
		}
		vdir, _ := os.ReadDir(filepath.Dir(v))
		for _, e := range vdir {
			if strings.Contains(e.Name(), ".tmp") {
				t.Fatalf("trial %d: leftover %s next to the vault", i, e.Name())
			}
		}
	}
}
