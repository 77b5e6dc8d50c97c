//go:build e2e

package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// Issue 14's acceptance from a real vault: entries written with kirokuctl
// in every script a worker may use (text, quote, person, place, witness,
// an imported file's name), exported in each report language; pdftotext
// gives every string back exactly, and entries.json holds them as typed.
func TestExportEveryScript(t *testing.T) {
	t.Parallel() // own vault and folders
	b, err := os.ReadFile("../internal/report/testdata/scripts.json")
	if err != nil {
		t.Fatal(err)
	}
	var corpus struct {
		Scripts []struct{ Lang, Name, Text, Quote, Person, Place, File string }
	}
	if err := json.Unmarshal(b, &corpus); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	v := initVault(t, "pw")
	for i, s := range corpus.Scripts {
		when := "2026-11-02T" + strconv.Itoa(10+i%12) + ":00:00+09:00"
		mustOK(t, ctl(t, "pw\n", "add", "--vault", v, "--passphrase-stdin", "--when", when,
			"--text", s.Text, "--quote", s.Quote, "--person", s.Person+":superior", "--place", s.Place, "--witness", s.Person,
			"--language", s.Lang))
		file := filepath.Join(dir, s.File)
		if err := os.WriteFile(file, []byte("evidence "+s.Lang), 0o600); err != nil {
			t.Fatal(err)
		}
		mustOK(t, ctl(t, "pw\n", "import", "--vault", v, "--passphrase-stdin", "--entry", strconv.Itoa(i+1), file))
	}
	vb := verifyBin(t)
	for _, lang := range []string{"ja", "en", "both"} {
		bag := filepath.Join(dir, "bundle-"+lang)
		mustOK(t, ctl(t, "pw\n", "export", "--vault", v, "--passphrase-stdin", "--out", bag, "--lang", lang))
		txt, code := run(t, dir, "pdftotext", "-enc", "UTF-8", filepath.Join(bag, "data", "report.pdf"), "-")
		if code != 0 {
			t.Fatalf("pdftotext: exit %d\n%s", code, txt)
		}
		text := unmarkPDFText(txt)
		entries, err := os.ReadFile(filepath.Join(bag, "data", "entries.json"))
		if err != nil {
			t.Fatal(err)
		}
		// Each entry says its language; the verifier checks it against
		// the records (version 2 revisions) and finds the bag whole (not
		// anchored: no timestamp authority here).
		var ej struct {
			Entries []struct {
				ID        int
				Revisions []struct{ Fields struct{ Lang string } }
			}
		}
		if err := json.Unmarshal(entries, &ej); err != nil || len(ej.Entries) != len(corpus.Scripts) {
			t.Fatalf("entries.json: %v", err)
		}
		for _, e := range ej.Entries {
			if got := e.Revisions[0].Fields.Lang; got != corpus.Scripts[e.ID-1].Lang {
				t.Errorf("entries.json: entry %d says language %q, want %q", e.ID, got, corpus.Scripts[e.ID-1].Lang)
			}
		}
		if out, code := run(t, dir, vb, bag); code != 11 || !strings.Contains(out, "RESULT: CONSISTENT — NOT ANCHORED") ||
			!strings.Contains(out, "Records: 31 checked against the ledger, 0 failed.") {
			t.Errorf("kiroku-verify %s: exit %d\n%s", lang, code, out)
		}
		// A report names the language of the words it quotes when it is
		// not the report's own (原文：ベトナム語).
		for _, want := range map[string][]string{
			"ja": {"原文の言語ベトナム語(TiếngViệt)", "原文の言語ネパール語(नेपाली)", "原文の言語中国語（簡体字）(简体中文)"},
			"en": {"OriginallanguageVietnamese(TiếngViệt)", "OriginallanguageMongolian(Монгол)", "OriginallanguageJapanese(日本語)"},
			// The label wraps before "language", which pdftotext gives
			// after the value.
			"both": {"原文の言語/Originalベトナム語/Vietnamese(TiếngViệt)", "原文の言語/Originalミャンマー語/Burmese(မြန်မာ)"},
		}[lang] {
			if !strings.Contains(text, unmarkPDFText(want)) {
				t.Errorf("%s report: no language label %q", lang, want)
			}
		}
		for i, s := range corpus.Scripts {
			// The imported file keeps its own name in the bag too.
			att := filepath.Join(bag, "data", "attachments", "attachment-"+strconv.Itoa(i+1)+"-"+s.File)
			if _, err := os.Stat(att); err != nil {
				t.Errorf("%s: the bag has no file named for %q: %v", lang, s.File, err)
			}
			for _, w := range []string{s.Text, s.Quote, s.Person, s.Place, s.File} {
				if !strings.Contains(text, unmarkPDFText(w)) {
					t.Errorf("%s report: %s %q not found by pdftotext", lang, s.Name, w)
				}
				if !strings.Contains(string(entries), w) {
					t.Errorf("%s: entries.json lacks %s %q as written", lang, s.Name, w)
				}
			}
		}
	}
}

// unmarkPDFText drops the direction marks pdftotext puts around
// right-to-left runs (U+202A–U+202E) and all white space (lines break where
// the layout put them), and normalises to NFC.
func unmarkPDFText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r >= 0x202A && r <= 0x202E {
			return -1
		}
		return r
	}, s)
	return norm.NFC.String(strings.Join(strings.Fields(s), ""))
}
