package export

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/record"
)

// An entry in Vietnamese with a Japanese translation (訳文) in two
// revisions: the bundle carries both records, entries.json states them,
// the verifier holds the statement to the records, and the report shows
// the translation with its translator beside the original.
func TestExportTranslation(t *testing.T) {
	v := testVault(t)
	e := add(t, v, 3, "Trưởng phòng quát tôi trước mọi người.", "Tanaka", "power-harassment")
	tl, err := v.SaveTranslation(record.EntryTranslation{EntryID: e.ID, Translator: "山田花子（ユニオン通訳）", TranslatedOn: "2026-12-06",
		Fields: map[string]string{"text": "課長が皆の前で私を怒鳴った。"}})
	if err != nil {
		t.Fatal(err)
	}
	tl.Fields["text"] = "課長が皆の前で私を大声で怒鳴った。"
	if _, err := v.SaveTranslation(tl); err != nil {
		t.Fatal(err)
	}
	plan, err := Prepare(v, everything())
	if err != nil {
		t.Fatal(err)
	}
	bag := filepath.Join(t.TempDir(), "bag")
	if d := os.Getenv("KIROKU_KEEP_BAG"); d != "" {
		bag = d // to look at the pages
	}
	if _, err := Export(context.Background(), v, plan, Options{Out: bag, Lang: "ja"}); err != nil {
		t.Fatal(err)
	}
	rep, err := bundle.Verify(context.Background(), bag, bundle.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK || rep.Entries.Translations != 2 {
		t.Fatalf("verify: ok=%v translations=%d %+v", rep.OK, rep.Entries.Translations, rep.Problems)
	}
	entries := filepath.Join(bag, "data", "entries.json")
	b, _ := os.ReadFile(entries)
	ents, err := bundle.ParseEntries(b)
	if err != nil {
		t.Fatal(err)
	}
	trs := ents.Entries[0].Translations
	if len(trs) != 2 || trs[1].Rev != 2 || trs[1].Fields["text"] != "課長が皆の前で私を大声で怒鳴った。" || trs[0].Translator != "山田花子（ユニオン通訳）" {
		t.Fatalf("entries.json translations: %+v", trs)
	}
	for _, tj := range trs {
		if _, err := os.Stat(filepath.Join(bag, "data", tj.Record)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", filepath.Join(bag, "data", "report.pdf"), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		txt := strings.Join(strings.Fields(string(out)), "")
		for _, want := range []string{"Trưởngphòngquáttôitrướcmọingười.", "課長が皆の前で私を大声で怒鳴った。", "山田花子（ユニオン通訳）", "訳文"} {
			if !strings.Contains(txt, want) {
				t.Errorf("report.pdf lacks %q", want)
			}
		}
	}

	// entries.csv carries the translation with its translator.
	csv, _ := os.ReadFile(filepath.Join(bag, "data", "entries.csv"))
	if !bytes.Contains(csv, []byte("translation_translator,translation_date,translation\r\n")) ||
		!bytes.Contains(csv, []byte("山田花子（ユニオン通訳）,2026-12-06,text: 課長が皆の前で私を大声で怒鳴った。")) {
		t.Fatalf("entries.csv: %s", csv)
	}

	// Someone changes the translation in entries.json (same length) and
	// recomputes the manifests: the verifier compares it with its record.
	forged := bytes.Replace(b, []byte("大声で怒鳴った"), []byte("小声で怒鳴った"), 1)
	if bytes.Equal(forged, b) {
		t.Fatal("the edit did not apply")
	}
	if err := os.WriteFile(entries, forged, 0o600); err != nil {
		t.Fatal(err)
	}
	remanifest(t, bag, "data/entries.json", forged)
	rep, err = bundle.Verify(context.Background(), bag, bundle.Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range rep.Problems {
		found = found || (p.Code == "entries.mismatch" && strings.Contains(p.Detail, "translation"))
	}
	if rep.OK || !found {
		j, _ := json.Marshal(rep.Problems)
		t.Fatalf("forged translation not reported: %s", j)
	}
}

// remanifest rewrites rel's line in the payload manifest and the payload
// manifest's line in the tag manifest, as a forger would.
func remanifest(t *testing.T, bag, rel string, content []byte) {
	t.Helper()
	fix := func(manifest, path string, b []byte) {
		mp := filepath.Join(bag, manifest)
		m, err := os.ReadFile(mp)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		var out []string
		for _, l := range strings.Split(strings.TrimRight(string(m), "\n"), "\n") {
			if _, p, _ := strings.Cut(l, "  "); p == path {
				l = hex.EncodeToString(sum[:]) + "  " + path
			}
			out = append(out, l)
		}
		nb := []byte(strings.Join(out, "\n") + "\n")
		if err := os.WriteFile(mp, nb, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	fix("manifest-sha256.txt", rel, content)
	m, _ := os.ReadFile(filepath.Join(bag, "manifest-sha256.txt"))
	fix("tagmanifest-sha256.txt", "manifest-sha256.txt", m)
}
