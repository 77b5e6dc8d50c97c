package vault_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// sealedRanges finds where the sealed values of a closed vault sit in its
// file, by looking up each value's bytes.
func sealedRanges(t *testing.T, path string) map[int]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := map[int]string{}
	add := func(ref string, b []byte) {
		i := bytes.Index(data, b)
		if i < 0 {
			t.Fatalf("%s not found in file", ref)
		}
		for j := i; j < i+len(b); j++ {
			at[j] = ref
		}
	}
	rows, err := db.Query("SELECT id, body FROM revisions")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var b []byte
		rows.Scan(&id, &b)
		add("revision:"+itoa(id), b)
	}
	rows.Close()
	return at
}

func itoa(i int64) string {
	return strings.TrimSpace(strings.Replace(string(must(json.Marshal(i))), "\"", "", -1))
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

var exhaustive = flag.Bool("exhaustive", false, "flip every byte of the vault file, not a sample")

// One flipped byte anywhere in a small vault: opening, unlocking, listing and
// checking never panic; a flip inside a sealed value is reported as damage to
// exactly that record (and the others still read).
func TestFlippedBytes(t *testing.T) {
	seal.TestUseLowCostKDF(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "small.kiroku")
	v, _, err := vault.Create(path, pass, vault.Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"one", "two", "three"} {
		if _, err := v.Add(fields(s)); err != nil {
			t.Fatal(err)
		}
	}
	v.Close()
	orig, _ := os.ReadFile(path)
	inSealed := sealedRanges(t, path)

	offsets := map[int]bool{}
	for off := range inSealed {
		offsets[off] = true // every byte of every sealed value
	}
	step := 31
	if testing.Short() {
		step = 127
	}
	if *exhaustive {
		step = 1
	}
	for off := 0; off < len(orig); off += step {
		offsets[off] = true
	}
	for off := 0; off < 100; off++ {
		offsets[off] = true // the whole SQLite header
	}

	flipped := filepath.Join(dir, "flipped.kiroku")
	for off := range offsets {
		b := append([]byte(nil), orig...)
		b[off] ^= 0x5A
		if err := os.WriteFile(flipped, b, 0o600); err != nil {
			t.Fatal(err)
		}
		os.Remove(flipped + "-wal")
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("offset %d: panic %v", off, r)
				}
			}()
			v, err := vault.Open(flipped)
			if err != nil {
				if !isClearOpenError(err) {
					t.Errorf("offset %d: unclear error %v", off, err)
				}
				return
			}
			defer v.Close()
			if err := v.Unlock(pass); err != nil {
				if ref, ok := inSealed[off]; ok {
					t.Errorf("offset %d in %s: unlock failed: %v", off, ref, err)
				}
				return
			}
			list, lerr := v.Entries()
			rep, err := v.Check()
			if err != nil {
				t.Errorf("offset %d: check could not run: %v", off, err)
				return
			}
			if ref, ok := inSealed[off]; ok {
				if len(rep.Problems) != 1 || rep.Problems[0].Ref != ref {
					t.Errorf("offset %d in %s: problems %+v", off, ref, rep.Problems)
				}
				var de *vault.DamageError
				if !errors.As(lerr, &de) || len(list) != 2 {
					t.Errorf("offset %d in %s: entries %d, err %v", off, ref, len(list), lerr)
				}
			}
		}()
	}
}

func isClearOpenError(err error) bool {
	for _, s := range []error{apperr.ErrDamaged, apperr.ErrNotVault, apperr.ErrUnsupportedVersion} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// The golden vaults (one per released format) were made by earlier builds
// (see testdata/README.md). They must keep opening, unlocking, checking and
// reading the same, in every later version.
func TestGoldenVault(t *testing.T) {
	for _, g := range goldens {
		t.Run(g.file, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join("testdata", g.json))
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "golden.kiroku")
			copyFile(t, filepath.Join("testdata", g.file), path)
			v, err := vault.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			if err := v.Unlock([]byte(goldenPassphrase)); err != nil {
				t.Fatal(err)
			}
			mustCheck(t, v)
			got := goldenJSON(t, v)
			if *regenJSON {
				os.WriteFile(filepath.Join("testdata", g.json), got, 0o644)
				want = got
			}
			if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
				t.Fatalf("golden vault content changed:\n%s\nwant:\n%s", got, want)
			}
			v.Lock()
			if err := v.Recover(g.recovery, []byte("new"), seal.LowCost); err != nil {
				t.Fatal("golden recovery key:", err)
			}
		})
	}
}

var goldens = []struct{ file, json, recovery string }{
	{"golden-v1.kiroku", "golden-v1.json", "X53Y-HDXJ-N71K-FHYN-RC8R-G519-7ZJ3-M9PP"},
	{"golden-v2.kiroku", "golden-v2.json", goldenV2Recovery},
	{"golden-v3.kiroku", "golden-v3.json", "DEMA-J8SQ-7E6Z-D4EP-34AE-89EF-MVJ9-896W"},
	{"golden-v4.kiroku", "golden-v4.json", goldenV4Recovery},
	{"golden-v5.kiroku", "golden-v5.json", "87BC-83XX-PR95-W434-0FRJ-6MVG-Z7PC-TBQN"},
	{"golden-v6.kiroku", "golden-v6.json", "W8FG-MTX6-101V-MHSC-03N9-G1WT-A8B0-5M73"},
	{"golden-v7.kiroku", "golden-v7.json", "G5E0-0DET-1R6V-AB19-AK1F-2TTC-QSSM-KE9M"},
	{"golden-v8.kiroku", "golden-v8.json", goldenV8Recovery},
}

// goldenV8Recovery is golden-v8's recovery key (TestWriteGolden prints it).
const goldenV8Recovery = "YV9G-RAZX-8TFR-V4Y1-AA75-ATWB-M1DH-KJT1"

const goldenPassphrase = "golden passphrase 金色"

var regenJSON = flag.Bool("regen-golden-json", false, "rewrite golden-vN.json from the unchanged golden vaults (when the test adds a field)")

var updateGolden = flag.String("update-golden", "", "write testdata/golden-vN.kiroku for the current format N (only when adding a format)")

func goldenJSON(t *testing.T, v *vault.Vault) []byte {
	t.Helper()
	all, err := v.AllEntries()
	if err != nil {
		t.Fatal(err)
	}
	type out struct {
		Entries     []record.Entry       `json:"entries"`
		History     [][]record.Revision  `json:"history"`
		Recordings  []vault.Recording    `json:"recordings,omitempty"`
		Attachments []any                `json:"attachments,omitempty"`
		Exports     []string             `json:"export_sha256,omitempty"` // WAVs, then attachments
		Hours       []record.Hours       `json:"hours,omitempty"`
		Settings    map[string]string    `json:"settings,omitempty"`
		Anchors     []vault.Anchor       `json:"anchors,omitempty"`
		Backups     []vault.BackupLog    `json:"backups,omitempty"`
		Labels      []record.MarkerLabel `json:"marker_labels,omitempty"`
		ExportRecs  []json.RawMessage    `json:"export_records,omitempty"`
		// Format 7: every revision of every transcript and translation.
		Transcripts  [][]record.TranscriptRevision `json:"transcripts,omitempty"`
		Translations [][]record.EntryTranslation   `json:"translations,omitempty"`
	}
	var o out
	o.Entries = all
	for _, e := range all {
		h, _ := v.History(e.ID)
		o.History = append(o.History, h)
	}
	recs, _ := v.Recordings()
	for _, r := range recs {
		// The canonical file the end record hashes: the WAV of a PCM
		// recording (as ExportWAV), the Ogg Opus file of an Opus one.
		var wav bytes.Buffer
		sum, err := v.ExportAudio(r.ID, &wav)
		if err != nil {
			t.Fatalf("recording %d: %v", r.ID, err)
		}
		o.Recordings = append(o.Recordings, r)
		o.Exports = append(o.Exports, fmt.Sprintf("%x", sum))
	}
	atts, _ := v.Attachments()
	for _, a := range atts {
		var b bytes.Buffer
		sum, err := v.ExportAttachment(a.ID, &b)
		if err != nil {
			t.Fatalf("attachment %d: %v", a.ID, err)
		}
		o.Attachments = append(o.Attachments, a)
		o.Exports = append(o.Exports, fmt.Sprintf("%x", sum))
	}
	if vault.Format >= 3 {
		var err error
		if o.Hours, err = v.HoursLog(); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"tsa.url", "backup.keep"} {
			if val, ok, err := v.Setting(k); err != nil {
				t.Fatal(err)
			} else if ok {
				if o.Settings == nil {
					o.Settings = map[string]string{}
				}
				o.Settings[k] = val
			}
		}
		if o.Anchors, err = v.Anchors(); err != nil {
			t.Fatal(err)
		}
		if o.Backups, err = v.BackupLogs(); err != nil {
			t.Fatal(err)
		}
	}
	if vault.Format >= 4 {
		var err error
		if o.Labels, err = v.MarkerLabels(); err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if _, err := v.Markers(r.ID); err != nil {
				t.Fatalf("markers of recording %d: %v", r.ID, err)
			}
		}
	}
	if vault.Format >= 5 {
		links, err := v.Links()
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range links {
			if l.Kind != vault.LinkExport {
				continue
			}
			canon, err := v.RecordCanonical(l.Ref)
			if err != nil {
				t.Fatalf("%s: %v", l.Ref, err)
			}
			o.ExportRecs = append(o.ExportRecs, canon)
		}
	}
	if vault.Format >= 7 {
		for id := int64(1); ; id++ {
			h, err := v.TranscriptHistory(id)
			if errors.Is(err, apperr.ErrNotFound) {
				break
			} else if err != nil {
				t.Fatalf("transcript %d: %v", id, err)
			}
			o.Transcripts = append(o.Transcripts, h)
		}
		for id := int64(1); ; id++ {
			h, err := v.TranslationHistory(id)
			if errors.Is(err, apperr.ErrNotFound) {
				break
			} else if err != nil {
				t.Fatalf("translation %d: %v", id, err)
			}
			o.Translations = append(o.Translations, h)
		}
	}
	b, _ := json.MarshalIndent(o, "", "  ")
	return b
}

// TestWriteGolden writes the golden vault of the current format. Run it
// once when a format is released, then never again for that format.
func TestWriteGolden(t *testing.T) {
	if *updateGolden == "" {
		t.Skip("run with -update-golden vN to write a new golden vault")
	}
	if *updateGolden != fmt.Sprintf("v%d", vault.Format) {
		t.Fatalf("this build writes format %d, not %s", vault.Format, *updateGolden)
	}
	name := "golden-" + *updateGolden
	path := filepath.Join("testdata", name+".kiroku")
	if _, err := os.Stat(path); err == nil {
		t.Fatalf("%s exists: golden vaults are never rewritten", path)
	}
	v, rec, err := vault.Create(path, []byte(goldenPassphrase), vault.Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := v.Add(fields("上司に会議室で怒鳴られた。"))
	v.Edit(a.ID, fields("上司に会議室で大声で怒鳴られた。"), "wording")
	b, _ := v.Add(fields("Told in front of the team that I am useless."))
	v.Delete(b.ID, "entered twice")
	c, _ := v.Add(fields("to purge"))
	v.Purge(c.ID)
	v.Add(fields("Second incident"))
	if vault.Format >= 2 {
		w, err := v.StartRecording(mono48, "golden device", a.ID, "meeting")
		if err != nil {
			t.Fatal(err)
		}
		w.Write(tone(0, 48000))
		w.Marker(500*time.Millisecond, "raised voice")
		w.Write(tone(48000, 1200))
		if _, err := w.Finish(); err != nil {
			t.Fatal(err)
		}
		if _, err := v.ImportReader(bytes.NewReader([]byte("From: boss@example.com\nSubject: 明日から来なくていい\n\nbody")), "mail.eml",
			time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC), a.ID); err != nil {
			t.Fatal(err)
		}
	}
	if vault.Format >= 3 {
		if _, err := v.AddHours([]record.Hours{
			{Date: "2026-10-30", Start: "09:00", End: "23:30", BreakMinutes: 60, DayType: record.DayWorkday, Note: "棚卸し", Source: "app"},
			{Date: "2026-10-31", Start: "22:00", End: "06:00", BreakMinutes: 45, DayType: record.DayStatutoryHoliday, Source: "csv hours.csv line 3"},
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := v.AddHours([]record.Hours{{Date: "2026-10-31", Removed: true, Source: "app"}}); err != nil {
			t.Fatal(err)
		}
		v.SetSetting("tsa.url", "http://127.0.0.1:1/tsa")
		seq, link, _ := v.Head()
		if _, err := v.SaveAnchor(vault.Anchor{Seq: seq, Link: link, TSA: "http://127.0.0.1:1/tsa", Signer: "CN=golden TSA",
			GenTime: time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC), Serial: "1", Response: []byte("golden: not a real token"),
			StampedAt: time.Date(2026, 11, 21, 3, 0, 1, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		if err := v.LogBackup(vault.BackupLog{At: time.Date(2026, 11, 21, 3, 1, 0, 0, time.UTC), Dest: "/media/usb",
			File: "golden-20261121-030100.kiroku", Size: 123456, Parts: 1, FS: "vfat", HeadSeq: seq, HeadLink: link.String(),
			SHA256: strings.Repeat("ab", 32)}); err != nil {
			t.Fatal(err)
		}
	}
	if vault.Format >= 4 {
		recs, _ := v.Recordings()
		ms, err := v.Markers(recs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range []string{"上司が声を荒げた", "raised voice: 「ふざけるな」"} {
			if _, err := v.LabelMarker(recs[0].ID, ms[0].ID, l); err != nil {
				t.Fatal(err)
			}
		}
	}
	if vault.Format >= 5 {
		seq, link, _ := v.Head()
		if _, _, _, err := v.AddExport(record.ExportHead{Seq: seq, Link: link.String()}, []record.ExportFile{
			{Path: "data/entries.json", SHA256: strings.Repeat("cd", 32), Size: 4321},
			{Path: "data/report.pdf", SHA256: strings.Repeat("ef", 32), Size: 123456},
		}); err != nil {
			t.Fatal(err)
		}
	}
	var d record.Entry // the entry in Vietnamese (format 6 on)
	if vault.Format >= 6 {
		// Written by the format-6 build of 2026-12: revisions of record
		// versions 2 (a language) and 3 (consultation-sheet fields), and
		// an hours record of version 2 (its basis).
		f := fields("Trong cuộc họp sáng, quản lý quát tôi.")
		f.Lang = "vi"
		var err error
		d, err = v.Add(f)
		if err != nil {
			t.Fatal(err)
		}
		f.Quotes = []record.Quote{{Speaker: "Tanaka (課長)", Words: "Mày không hiểu à?"}, {Words: "お前なんか要らない"}}
		f.Recurrence, f.Since, f.HowOften = record.RecurrenceRepeated, "2026-04", "mỗi buổi họp sáng"
		f.Consultations = []record.Consultation{{Date: "2026-05-10", With: "hr", Name: "人事部 佐藤", Response: "様子を見ましょう"}}
		f.Wants, f.WantsNote = []string{"stop", "keep-job"}, "Tôi muốn tiếp tục làm việc."
		if _, err := v.Edit(d.ID, f.Normalize(), "what the consultation sheet asks"); err != nil {
			t.Fatal(err)
		}
		if _, err := v.AddHours([]record.Hours{{Date: "2026-11-02", Start: "08:30", End: "21:00", BreakMinutes: 60,
			DayType: record.DayWorkday, Source: "app", Basis: "timecard"}}); err != nil {
			t.Fatal(err)
		}
	}
	if vault.Format >= 7 {
		// Written by the format-7 build of 2026-12: a transcript of the
		// recording (created, then corrected), and a translation (訳文)
		// of the Vietnamese entry, edited once.
		tr, err := v.SaveTranscript(record.TranscriptRevision{Audio: record.TranscriptAudio{Ref: "recording:1"},
			Transcriber: "グエン・ティ・フオン", Lang: "ja",
			Speakers: []record.TranscriptSpeaker{{ID: "A", Name: "上司（田中課長）"}, {ID: "B", Name: "本人"}},
			Utterances: []record.Utterance{
				{StartMS: 0, EndMS: 480, Speaker: "A", Text: "（聴取不能）", Machine: true},
				{StartMS: 500, EndMS: 1025, Speaker: "A", Text: "ふざけるな"},
			}})
		if err != nil {
			t.Fatal(err)
		}
		tr.Utterances[0] = record.Utterance{StartMS: 0, EndMS: 480, Speaker: "B", Text: "（沈黙）"}
		tr.Reason = "聞き直した"
		if _, err := v.SaveTranscript(tr); err != nil {
			t.Fatal(err)
		}
		tl, err := v.SaveTranslation(record.EntryTranslation{EntryID: d.ID, Translator: "山田花子（ユニオン通訳）", TranslatedOn: "2026-12-06",
			Fields: map[string]string{"text": "朝の会議で、上司が私を怒鳴った。", "quote.1": "分からないのか？", "speaker.1": "田中（課長）"}})
		if err != nil {
			t.Fatal(err)
		}
		tl.Fields["wants_note"] = "働き続けたい。"
		tl.Reason = "希望を追加"
		if _, err := v.SaveTranslation(tl); err != nil {
			t.Fatal(err)
		}
	}
	if vault.Format >= 8 {
		// Written by the format-8 build of 2026-12: an Opus recording
		// (the default since format 8) of 1.5 s with a marker, attached
		// to the Vietnamese entry.
		w, err := v.StartRecording(record.AudioFormat{Codec: record.CodecOpus, SampleRate: 48000, Channels: 1, Bits: 16}, "golden device", d.ID, "họp sáng")
		if err != nil {
			t.Fatal(err)
		}
		w.Write(tone(0, 24000))
		w.Marker(700*time.Millisecond, "quát")
		w.Write(tone(24000, 24000))
		w.Write(tone(48000, 24000))
		if _, err := w.Finish(); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join("testdata", name+".json"), goldenJSON(t, v), 0o644)
	v.Close()
	t.Logf("recovery key: %s", rec)
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	out.Close()
}

// A marker written into entries never appears in the vault, its WAL, or any
// temporary file, while the vault is open and after it is closed.
func TestNoPlaintextOnDisk(t *testing.T) {
	dir := t.TempDir()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	t.Setenv("SQLITE_TMPDIR", tmp)
	path := filepath.Join(dir, "m.kiroku")
	v, rec, err := vault.Create(path, pass, vault.Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	const marker = "MARKER-7f3a9c"
	for i := 0; i < 200; i++ {
		f := fields(marker + " said " + marker)
		f.Place, f.Quote, f.Impact = marker, "「"+marker+"」", marker
		f.People = []record.Person{{Name: marker, Role: "superior"}}
		if _, err := v.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	v.Entries()
	if _, err := v.AddHours([]record.Hours{{Date: "2026-10-01", Start: "09:00", End: "18:00", DayType: record.DayWorkday,
		Note: marker, Source: "csv " + marker + ".csv line 2"}}); err != nil {
		t.Fatal(err)
	}
	v.SetSetting("tsa.url", "https://"+marker+".example/")
	v.LogBackup(vault.BackupLog{Dest: "/media/" + marker, File: marker + ".kiroku"})
	v.HoursLog()
	secrets := []string{marker, string(pass), rec}
	scan := func(when string) {
		for _, d := range []string{dir, tmp} {
			filepath.Walk(d, func(p string, info os.FileInfo, err error) error {
				if err != nil || info.IsDir() {
					return nil
				}
				b, _ := os.ReadFile(p)
				for _, s := range secrets {
					if bytes.Contains(b, []byte(s)) {
						t.Errorf("%s: %q found in %s", when, s, p)
					}
				}
				return nil
			})
		}
	}
	scan("open")
	v.Close()
	scan("closed")
}

// goldenV2Recovery is the recovery key printed when golden-v2 was written.
const goldenV2Recovery = "5YA8-V91Q-09J9-2P51-Q5WP-1Z0H-8V9E-1CSK"

// goldenV4Recovery is the recovery key printed when golden-v4 was written.
const goldenV4Recovery = "A0RK-A0DY-9C3N-H04Q-YS5G-HWW5-9BF3-829N"
