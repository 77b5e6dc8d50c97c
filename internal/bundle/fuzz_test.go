package bundle

import (
	"archive/zip"
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kiroku-app/kiroku/internal/i18n"
	"golang.org/x/text/unicode/norm"
)

func FuzzParseManifest(f *testing.F) {
	f.Add([]byte(strings.Repeat("ab", 32) + "  data/report.pdf\n"))
	f.Add([]byte(strings.Repeat("AB", 32) + " *data/a%0Ab\r\n\n"))
	f.Add([]byte("zz  x\nno-space\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		entries, _ := ParseManifest(b)
		for _, e := range entries {
			if len(e.SHA256) != 64 || e.Path == "" {
				t.Fatalf("bad entry %+v", e)
			}
		}
		// What FormatManifest writes reads back the same (for safe paths).
		var safe []ManifestEntry
		for _, e := range entries {
			if checkPath(e.Path) == nil {
				safe = append(safe, ManifestEntry{SHA256: e.SHA256, Path: e.Path})
			}
		}
		again, bad := ParseManifest(FormatManifest(safe))
		if len(bad) != 0 || len(again) != len(safe) {
			t.Fatalf("round trip: %v %d/%d", bad, len(again), len(safe))
		}
	})
}

func FuzzParseBagInfo(f *testing.F) {
	f.Add([]byte("Payload-Oxum: 12.3\nBagging-Date: 2026-11-01\n  continued\n"))
	f.Add([]byte(": no label\n\tcont\nLabel:\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		fields, _ := ParseBagInfo(b)
		for _, fl := range fields {
			if fl.Label == "" || strings.Contains(fl.Label, ":") {
				t.Fatalf("bad label %q", fl.Label)
			}
		}
		if v, n := fieldValue(fields, "Payload-Oxum"); n > 0 {
			ParseOxum(v)
		}
		if v, n := fieldValue(fields, "Kiroku-Ledger-Head"); n > 0 {
			ParseHead(v)
		}
	})
}

func FuzzParseLinks(f *testing.F) {
	f.Add([]byte(`{"seq":1,"kind":"revision","ref":"revision:1","record_hash":"` + strings.Repeat("0", 64) + `","link":"` + strings.Repeat("1", 64) + `"}` + "\n"))
	f.Add([]byte("{}\n\n{\"seq\":-1}\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		links, bad := ParseLinks(b)
		if len(links)+len(bad) > bytes.Count(b, []byte("\n"))+1 {
			t.Fatal("more results than lines")
		}
	})
}

func FuzzParseChain(f *testing.F) {
	f.Add([]byte(`{"format":"kiroku-ledger/1","vault_id":"00ff","genesis":"` + strings.Repeat("a", 64) + `","head":{"seq":0,"link":"` + strings.Repeat("b", 64) + `"}}`))
	f.Add([]byte(`{"format":"kiroku-ledger/1","vault_id":""}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, id, err := ParseChain(b)
		if err == nil && (len(id) == 0 || c.Format != ChainFormat) {
			t.Fatal("accepted a chain without vault id or format")
		}
	})
}

func FuzzParseEntries(f *testing.F) {
	f.Add([]byte(`{"format":"kiroku-entries/1","entries":[{"id":1,"revisions":[{"rev":1,"kind":"create","recorded_at":"2026-01-01T00:00:00Z","fields":{},"record":"ledger/records/revision-1.json"}]}],"recordings":[],"attachments":[]}`))
	f.Add([]byte(`{"format":"kiroku-entries/1","entries":[],"recordings":[{"id":1,"file":"audio/recording-1.wav","sha256":"` +
		strings.Repeat("0", 64) + `","record":"ledger/records/recording-1.json","markers":[{"at_ns":1,"wall":"2026-01-01T00:00:00Z",` +
		`"label":"","current_label":"x","labels":[{"label":"x","recorded_at":"2026-01-02T00:00:00Z","record":"ledger/records/marker_label-1.json"}]}]}],"attachments":[]}`))
	f.Add([]byte(`{"format":"x"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := ParseEntries(b)
		if err == nil && e.Format != EntriesFormat {
			t.Fatal("wrong format accepted")
		}
		if err == nil {
			for _, en := range e.Entries {
				for _, rev := range en.Revisions {
					recordName(strings.TrimPrefix("data/"+rev.Record, recordsDir))
				}
			}
			for _, rc := range e.Recordings {
				for _, m := range rc.Markers {
					for _, l := range m.Labels {
						recordName(strings.TrimPrefix("data/"+l.Record, recordsDir))
					}
				}
			}
		}
	})
}

func FuzzRecordName(f *testing.F) {
	f.Add("revision-12.json")
	f.Add("recording-3-start.json")
	f.Add("marker_label-7.json")
	f.Add("x-01.json")
	f.Fuzz(func(t *testing.T, s string) {
		k, id, _, ok := recordName(s)
		if ok && (k == "" || id <= 0) {
			t.Fatalf("%q: %q %d", s, k, id)
		}
	})
}

func FuzzCheckToken(f *testing.F) {
	f.Add([]byte{0x30, 0x03, 0x02, 0x01, 0x00}, []byte("text"))
	f.Add([]byte{0x30, 0x80, 0x30, 0x80}, []byte(""))
	if b, err := os.ReadFile("testdata/token.tsr"); err == nil {
		f.Add(b, []byte("Kiroku ledger anchor 1\n"))
	}
	f.Fuzz(func(t *testing.T, tsr, text []byte) {
		tok, err := CheckToken(tsr, text)
		if err == nil && tok.Cert == nil {
			t.Fatal("valid token without certificate")
		}
	})
}

func FuzzOpenZip(f *testing.F) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range []string{"bag/bagit.txt", "bag/manifest-sha256.txt", "bag/data/a.txt"} {
		w, _ := zw.Create(n)
		w.Write([]byte("x"))
	}
	zw.Close()
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := openZip(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		for _, sf := range s.files() {
			if checkPath(sf.path) != nil {
				t.Fatalf("unsafe path %q accepted", sf.path)
			}
			rc, err := s.open(sf)
			if err == nil {
				buf := make([]byte, 1<<16)
				for i := 0; i < 64; i++ { // bounded: enough to exercise decompression
					if _, err := rc.Read(buf); err != nil {
						break
					}
				}
				rc.Close()
			}
		}
	})
}

func FuzzSafeName(f *testing.F) {
	f.Add("診断書 2026.pdf")
	f.Add("..")
	f.Fuzz(func(t *testing.T, s string) {
		n := SafeName(s)
		last := n[len(n)-1]
		if err := checkPath(n); err != nil || strings.ContainsAny(n, "/\\%<>:\"|?*") || len(n) > maxSafeName ||
			!utf8.ValidString(n) || n[0] == '.' || n[0] == ' ' || last == '.' || last == ' ' || !norm.NFC.IsNormalString(n) {
			t.Fatalf("SafeName(%q) = %q: %v", s, n, err)
		}
	})
}

// Every problem code the verifier can report has a message in every language.
func TestProblemCodesTranslated(t *testing.T) {
	re := regexp.MustCompile(`"((?:file|bagit|manifest|tagmanifest|baginfo|chain|record|entries|anchor)\.[a-z_]+)"`)
	codes := map[string]bool{}
	files, _ := os.ReadDir(".")
	for _, fi := range files {
		if !strings.HasSuffix(fi.Name(), ".go") || strings.HasSuffix(fi.Name(), "_test.go") {
			continue
		}
		b, _ := os.ReadFile(fi.Name())
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			codes[m[1]] = true
		}
	}
	for _, s := range []Status{StatusChanged, StatusMissing, StatusExtra, StatusUnlisted, StatusUnreadable} {
		codes["file."+string(s)] = true
	}
	for _, p := range []string{"manifest", "tagmanifest"} {
		for _, s := range []string{"missing", "line", "path", "duplicate"} {
			codes[p+"."+s] = true
		}
	}
	delete(codes, "bagit.txt")
	if len(codes) < 50 {
		t.Fatalf("found only %d codes", len(codes))
	}
	c := i18n.Default()
	for code := range codes {
		for _, lang := range i18n.Languages {
			if !c.Has(lang, "verify.problem."+code) {
				t.Errorf("%s: no message for %s", lang, code)
			}
		}
	}
	for _, s := range []Status{StatusOK, StatusChanged, StatusMissing, StatusExtra, StatusUnlisted, StatusUnreadable, StatusIgnored} {
		for _, lang := range i18n.Languages {
			if !c.Has(lang, "verify.status."+string(s)) {
				t.Errorf("%s: no label for %s", lang, s)
			}
		}
	}
}
