package cli_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// The transcript and translation verbs as a person uses them: a phone
// recording imported, a transcript saved from a lines file, revised,
// listed as a table and as JSON; an entry in Vietnamese translated; and a
// transcript row changed outside Kiroku named by the listing, which exits
// with the damage code and still lists the others.
func TestTranscriptAndTranslationVerbs(t *testing.T) {
	v := lowCostVault(t)
	dir := filepath.Dir(v)
	ok := func(stdin string, args ...string) string {
		t.Helper()
		code, out, errs := runStdin(t, stdin, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, errs)
		}
		return out
	}
	ok("pw\n", "add", "--vault", v, "--passphrase-stdin", "--text", "Trưởng phòng quát tôi trước mọi người.", "--language", "vi", "--when", "2026-11-02T10:00:00+09:00")
	memo := filepath.Join(dir, "memo.m4a")
	os.WriteFile(memo, []byte("pretend m4a bytes"), 0o600)
	ok("pw\n", "import", "--vault", v, "--passphrase-stdin", "--entry", "1", memo)
	lines := filepath.Join(dir, "lines.txt")
	os.WriteFile(lines, []byte("00:01-00:03 A: お前なんか要らない\n00:04-00:05 B: やめてください\n00:06-00:07 10:30に来い\n"), 0o600)
	out := ok("pw\n", "transcript", "--vault", v, "--passphrase-stdin", "--audio", "attachment:1", "--transcriber", "グエン",
		"--speaker", "A=上司", "--speaker", "B=本人", "--lines", lines)
	if !strings.Contains(out, "Transcript 1 revision 1") {
		t.Fatalf("save: %s", out)
	}
	os.WriteFile(lines, []byte("00:01-00:03 A: お前なんか要らないんだよ\n00:04-00:05 B: やめてください\n00:06-00:07 A: 10:30に来い\n"), 0o600)
	ok("pw\n", "transcript", "--vault", v, "--passphrase-stdin", "--id", "1", "--lines", lines, "--reason", "聞き直した")
	out = ok("pw\n", "transcript", "--vault", v, "--passphrase-stdin", "--id", "1")
	for _, want := range []string{"revision 2", "00:01–00:03", "上司", "お前なんか要らないんだよ", "10:30に来い"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	out = ok("pw\n", "transcripts", "--vault", v, "--passphrase-stdin")
	if !strings.Contains(out, "attachment:1") || !strings.Contains(out, "グエン") {
		t.Errorf("transcripts:\n%s", out)
	}
	var list []struct {
		TranscriptID int64 `json:"transcript"`
		Rev          int   `json:"rev"`
	}
	if err := json.Unmarshal([]byte(ok("pw\n", "transcripts", "--vault", v, "--passphrase-stdin", "--json")), &list); err != nil || len(list) != 1 || list[0].Rev != 2 {
		t.Fatalf("transcripts --json: %v %+v", err, list)
	}

	// The 反訳書 on its own: PDF and Word by the extension, never over an
	// existing file, the same bytes twice.
	pdf, docx := filepath.Join(dir, "反訳書.pdf"), filepath.Join(dir, "反訳書.docx")
	ok("pw\n", "transcript", "--vault", v, "--passphrase-stdin", "--id", "1", "--out", pdf)
	ok("pw\n", "transcript", "--vault", v, "--passphrase-stdin", "--id", "1", "--out", docx)
	first, _ := os.ReadFile(pdf)
	os.Remove(pdf)
	ok("pw\n", "transcript", "--vault", v, "--passphrase-stdin", "--id", "1", "--out", pdf)
	if again, _ := os.ReadFile(pdf); !bytes.HasPrefix(first, []byte("%PDF-")) || !bytes.Equal(first, again) {
		t.Errorf("the 反訳書 PDF: %d bytes, same twice: %v", len(first), bytes.Equal(first, again))
	}
	if code, _, errs := runStdin(t, "pw\n", "transcript", "--vault", v, "--passphrase-stdin", "--id", "1", "--out", pdf); code == 0 {
		t.Errorf("an existing file overwritten: %s", errs)
	}
	if code, _, errs := runStdin(t, "pw\n", "transcript", "--vault", v, "--passphrase-stdin", "--id", "1", "--out", filepath.Join(dir, "x.txt")); code == 0 || !strings.Contains(errs, ".docx") {
		t.Errorf("a .txt accepted: exit %d %s", code, errs)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		txt, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		flat := strings.Join(strings.Fields(string(txt)), "")
		for _, want := range []string{"反訳書", "memo.m4a", "お前なんか要らないんだよ", "00:06–00:07", "グエン"} {
			if !strings.Contains(flat, want) {
				t.Errorf("the 反訳書 lacks %q:\n%s", want, txt)
			}
		}
	}
	if b, _ := os.ReadFile(docx); !bytes.HasPrefix(b, []byte("PK")) {
		t.Errorf("the 反訳書 docx is not a zip (%d bytes)", len(b))
	}

	ok("pw\n", "translate", "--vault", v, "--passphrase-stdin", "--entry", "1", "--translator", "山田花子", "--date", "2026-11-03",
		"--part", "text=課長が皆の前で私を怒鳴った。")
	out = ok("pw\n", "translations", "--vault", v, "--passphrase-stdin")
	if !strings.Contains(out, "山田花子") || !strings.Contains(out, "2026-11-03") {
		t.Errorf("translations:\n%s", out)
	}
	var trs []map[string]any
	if err := json.Unmarshal([]byte(ok("pw\n", "translations", "--vault", v, "--passphrase-stdin", "--json")), &trs); err != nil || len(trs) != 1 {
		t.Fatalf("translations --json: %v %v", err, trs)
	}

	// An attacker (or a broken disk) changes revision 2's sealed body.
	db, err := sql.Open("sqlite3", v)
	if err != nil {
		t.Fatal(err)
	}
	var body []byte
	if err := db.QueryRow(`SELECT body FROM transcripts WHERE rev = 2`).Scan(&body); err != nil {
		t.Fatal(err)
	}
	body[40] ^= 1
	if _, err := db.Exec(`UPDATE transcripts SET body = ? WHERE rev = 2`, body); err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, out, errs := runStdin(t, "pw\n", "transcripts", "--vault", v, "--passphrase-stdin")
	if code == 0 || !strings.Contains(errs, "transcript:2") {
		t.Fatalf("a damaged transcript row: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = runStdin(t, "pw\n", "check", "--vault", v, "--passphrase-stdin")
	if code == 0 || !strings.Contains(out+errs, "transcript:2") {
		t.Fatalf("check after tampering: exit %d\n%s%s", code, out, errs)
	}
}
