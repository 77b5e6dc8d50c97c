//go:build e2e

package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/record"
)

// TestGUITranscript types a transcript (反訳) of an imported phone
// recording in the real app under Xvfb, with the keys only once the editor
// is open: the transcriber, two speakers' names, five utterances with
// their times taken from the play position (Ctrl+T, Ctrl+Shift+T), the
// next speaker (Ctrl+K), a notation (Alt+1), the next utterance
// (Ctrl+Enter) and Save (Ctrl+S). The vault then holds exactly that; the
// bundle's 反訳書 PDF (pdftotext) and Word file (LibreOffice) hold every
// utterance, its times and the recording's SHA-256.
func TestGUITranscript(t *testing.T) {
	for _, tool := range []string{"Xvfb", "xdotool", "import", "espeak-ng"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: %v", tool, err)
		}
	}
	x := startXvfb(t)
	art := artifacts(t)
	dir := t.TempDir()
	vaultPath := filepath.Join(dir, "diary.kiroku")
	speech := filepath.Join(t.TempDir(), "meeting.wav")
	if out, err := exec.Command("espeak-ng", "-s", "120", "-w", speech,
		"You are useless. Why are you still here? Tomorrow you do not need to come. Do you understand?").CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v %s", err, out)
	}
	mustOK(t, ctl(t, guiPass+"\n"+guiPass+"\n", append([]string{"init", "--vault", vaultPath, "--passphrase-stdin"}, fastKDF...)...))
	mustOK(t, ctl(t, guiPass+"\n", "add", "--vault", vaultPath, "--passphrase-stdin", "--text", "Meeting with the manager",
		"--when", "2026-11-02T10:15:00+09:00"))
	mustOK(t, ctl(t, guiPass+"\n", "import", "--vault", vaultPath, "--passphrase-stdin", "--entry", "1", speech))

	shot := func(img image.Image, name string) { x.save(t, img, "transcript-"+name) }
	app := x.startAppEnv(t, bin(t, "kiroku"), t.TempDir(), vaultPath, "en_US.UTF-8", filepath.Join(art, "kiroku.log"), "KIROKU_AUDIO_BACKEND=null")
	locked := x.waitStable(t, windowTimeout)
	x.typeText(t, guiPass)
	x.key(t, "Return")
	timeline := x.waitChange(t, locked, kdfTimeout, "unlocked")
	x.click(t, (firstRow.Min.X+firstRow.Max.X)/2, (firstRow.Min.Y+firstRow.Max.Y)/2)
	entry := x.waitChange(t, timeline, stepTimeout, "entry")
	entry = x.waitStable(t, stepTimeout)
	shot(entry, "entry")
	// The "Transcript" button beside the file's Play button opens the
	// editor (the one click; the rest is keys).
	x.click(t, 936, 384)
	editor := x.waitChange(t, entry, stepTimeout, "editor")
	editor = x.waitStable(t, stepTimeout)
	shot(editor, "editor")
	x.typeText(t, "Yamada Hanako")
	x.key(t, "Tab", "Tab")
	x.typeText(t, "Manager Tanaka")
	x.key(t, "Tab")
	x.typeText(t, "Me")
	typed := x.waitChange(t, editor, stepTimeout, "names")
	shot(typed, "names")
	// Five utterances, two speakers: play, take the start from the play
	// position (Ctrl+T, which puts the cursor in the words), type, and
	// Ctrl+Enter ends it at the play position and starts the next there;
	// Ctrl+K passes to the other speaker.
	words := []string{"You are useless.", "Why do you say that?", "Alt+1 Why are you still here?", "I do my work.", "Tomorrow you do not need to come."}
	x.key(t, "ctrl+p")
	time.Sleep(300 * time.Millisecond)
	x.key(t, "ctrl+t")
	for i, w := range words {
		if rest, ok := strings.CutPrefix(w, "Alt+1 "); ok {
			x.key(t, "alt+1")
			w = rest
		}
		x.typeText(t, w)
		time.Sleep(400 * time.Millisecond)
		if i < len(words)-1 {
			x.key(t, "ctrl+Return", "ctrl+k")
		}
	}
	x.key(t, "ctrl+shift+t")
	last := x.waitChange(t, typed, stepTimeout, "utterances")
	last = x.waitStable(t, stepTimeout)
	shot(last, "utterances")
	x.key(t, "ctrl+s")
	saved := x.waitChange(t, last, stepTimeout, "saved")
	shot(saved, "saved")
	app.quit(t)

	var tr struct {
		Rev         int    `json:"rev"`
		Transcriber string `json:"transcriber"`
		Audio       struct {
			SHA256 string `json:"sha256"`
		} `json:"audio"`
		Speakers []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"speakers"`
		Utterances []struct {
			StartMS int64  `json:"start_ms"`
			EndMS   int64  `json:"end_ms"`
			Speaker string `json:"speaker"`
			Text    string `json:"text"`
		} `json:"utterances"`
	}
	r := mustOK(t, ctl(t, guiPass+"\n", "transcript", "--vault", vaultPath, "--passphrase-stdin", "--id", "1", "--json"))
	if err := json.Unmarshal([]byte(r.stdout), &tr); err != nil {
		t.Fatalf("transcript --json: %v\n%s", err, r.stdout)
	}
	if tr.Rev != 1 || tr.Transcriber != "Yamada Hanako" || len(tr.Speakers) != 2 ||
		tr.Speakers[0].Name != "Manager Tanaka" || tr.Speakers[1].Name != "Me" || len(tr.Utterances) != len(words) {
		t.Fatalf("the vault holds %+v", tr)
	}
	var prev int64 = -1
	for i, u := range tr.Utterances {
		want := strings.TrimPrefix(words[i], "Alt+1 ")
		if i == 2 {
			want = "（聴取不能）" + want
		}
		speaker := []string{"A", "B"}[i%2]
		if u.Text != want || u.Speaker != speaker || u.StartMS < prev || u.EndMS < u.StartMS {
			t.Errorf("utterance %d: %+v, want %q by %s after %d ms", i+1, u, want, speaker, prev)
		}
		prev = u.StartMS
	}
	sum, _ := sha256File(speech)
	if tr.Audio.SHA256 != sum {
		t.Errorf("tied to %s, the file is %s", tr.Audio.SHA256, sum)
	}

	// The bundle's 反訳書: PDF through pdftotext, Word through LibreOffice.
	bag := filepath.Join(dir, "bag")
	mustOK(t, ctl(t, guiPass+"\n", "export", "--vault", vaultPath, "--passphrase-stdin", "--out", bag))
	texts := map[string]string{}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", filepath.Join(bag, "data", "filings", "transcript-1.pdf"), "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v %s", err, out)
	}
	texts["pdf"] = string(out)
	if _, err := exec.LookPath("soffice"); err == nil {
		lo := t.TempDir()
		cmd := exec.Command("soffice", "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(lo, "profile"),
			"--convert-to", "pdf", "--outdir", lo, filepath.Join(bag, "data", "filings", "transcript-1.docx"))
		cmd.Env = append(os.Environ(), "HOME="+lo)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v %s", err, out)
		}
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", filepath.Join(lo, "transcript-1.pdf"), "-").CombinedOutput()
		if err != nil {
			t.Fatalf("pdftotext: %v %s", err, out)
		}
		texts["docx"] = string(out)
	} else if os.Getenv("KIROKU_REQUIRE_TOOLS") != "" {
		t.Fatal("soffice is required")
	}
	for kind, txt := range texts {
		flat := strings.ReplaceAll(strings.Join(strings.Fields(txt), ""), "-", "")
		wants := []string{sum, "YamadaHanako", "ManagerTanaka"}
		for _, u := range tr.Utterances {
			wants = append(wants, strings.Join(strings.Fields(u.Text), ""), record.Timecode(u.StartMS)+"–"+record.Timecode(u.EndMS))
		}
		for _, w := range wants {
			if !strings.Contains(flat, w) {
				t.Errorf("the 反訳書 %s lacks %q:\n%s", kind, w, txt)
			}
		}
	}
}

func sha256File(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:]), nil
}
