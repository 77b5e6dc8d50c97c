//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// kill -9 while transcripts (反訳) and translations (訳文) are saved: each
// save is one transaction, so after every kill the vault opens, check
// passes, the revisions run 1..n without a gap, the last acknowledged
// wording is there, and no word of them is on disk in clear.
func TestKillDuringTranscriptAndTranslationSaves(t *testing.T) {
	t.Parallel() // own vault and folders (see parallel in e2e_test.go)
	rounds := 12
	if testing.Short() {
		rounds = 4
	}
	v := initVault(t, "pw")
	dir := filepath.Dir(v)
	mustOK(t, ctl(t, "pw\n", "add", "--vault", v, "--passphrase-stdin", "--text", "Trưởng phòng quát tôi KILLWORDS", "--language", "vi"))
	memo := filepath.Join(t.TempDir(), "memo.m4a")
	os.WriteFile(memo, []byte("pretend m4a bytes"), 0o600)
	mustOK(t, ctl(t, "pw\n", "import", "--vault", v, "--passphrase-stdin", "--entry", "1", memo))
	lines := filepath.Join(t.TempDir(), "lines.txt")
	save := func(n int) *exec.Cmd {
		os.WriteFile(lines, []byte(fmt.Sprintf("00:01-00:03 A: KILLWORDS 反訳 %d\n", n)), 0o600)
		args := []string{"transcript", "--vault", v, "--passphrase-stdin", "--lines", lines, "--reason", "again"}
		if n == 1 {
			args = []string{"transcript", "--vault", v, "--passphrase-stdin", "--audio", "attachment:1", "--transcriber", "本人", "--speaker", "A=上司", "--lines", lines}
		} else {
			args = append(args, "--id", "1")
		}
		if n%2 == 0 { // a translation in between
			args = []string{"translate", "--vault", v, "--passphrase-stdin", "--entry", "1", "--translator", "山田", "--part", fmt.Sprintf("text=KILLWORDS 訳文 %d", n)}
		}
		cmd := exec.Command(bin(t, "kirokuctl"), args...)
		cmd.Stdin = strings.NewReader("pw\n")
		return cmd
	}
	// How long one save takes, to kill somewhere inside it.
	start := time.Now()
	if out, err := save(1).CombinedOutput(); err != nil {
		t.Fatalf("first save: %v %s", err, out)
	}
	took := time.Since(start)
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	acked := map[string]int{"transcript": 1}
	for n := 2; n < 2+rounds; n++ {
		cmd := save(n)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int63n(int64(took))))
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		kind := "transcript"
		if n%2 == 0 {
			kind = "translation"
		}
		if err == nil {
			acked[kind]++ // finished before the kill
		}
		mustOK(t, ctl(t, "pw\n", "check", "--vault", v, "--passphrase-stdin"))
	}
	var trs []struct {
		Rev        int `json:"rev"`
		Utterances []struct {
			Text string `json:"text"`
		} `json:"utterances"`
	}
	r := mustOK(t, ctl(t, "pw\n", "transcripts", "--vault", v, "--passphrase-stdin", "--json"))
	if err := json.Unmarshal([]byte(r.stdout), &trs); err != nil || len(trs) != 1 {
		t.Fatalf("transcripts: %v %s", err, r.stdout)
	}
	if trs[0].Rev < acked["transcript"] {
		t.Errorf("transcript at revision %d, %d saves acknowledged", trs[0].Rev, acked["transcript"])
	}
	var tls []map[string]any
	r = mustOK(t, ctl(t, "pw\n", "translations", "--vault", v, "--passphrase-stdin", "--json"))
	json.Unmarshal([]byte(r.stdout), &tls)
	if len(tls) < acked["translation"] && acked["translation"] > 0 {
		t.Errorf("%d translations, %d acknowledged", len(tls), acked["translation"])
	}
	// Every revision there opens (show walks the history through check
	// above); none of the words is on disk in clear.
	os.Remove(lines)
	grepNone(t, dir, "KILLWORDS")
	t.Logf("%d rounds (a save takes %v): transcript at revision %d (%d acknowledged), %d translations (%d acknowledged); check passed after each kill",
		rounds, took.Round(time.Millisecond), trs[0].Rev, acked["transcript"], len(tls), acked["translation"])
}
