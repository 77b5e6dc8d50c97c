package bundletest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/record"
)

func sprintf(format string, a ...any) string { return fmt.Sprintf(format, a...) }

// Fixture is a small vault's exportable content made of real canonical
// records and a real ledger chain: entry 1 (created, then edited), entry 2
// (created, then purged), recording 1 of entry 1 with its WAV, attachment 1
// of entry 1.
type Fixture struct {
	VaultID []byte
	Links   []ledger.Link
	Records map[string][]byte // data-relative path -> canonical bytes
	Payload map[string][]byte // other data-relative files (WAV, attachment, report...)
	Entries bundle.Entries
	Anchors []uint64
	Time    time.Time // recorded time of the head
	// Format is the bundle format WriteBag writes: 1 (the default) or 2,
	// which AddExport sets.
	Format int
	// ExportHead is the ledger snapshot the export record names (format
	// 2); entries.json names it as the head it was made from.
	ExportHead *ledger.Link
}

var salt int

func nextSalt() string {
	salt++
	s := sha256.Sum256([]byte("salt" + strconv.Itoa(salt)))
	return hex.EncodeToString(s[:])
}

func (f *Fixture) link(t testing.TB, kind string, id int64, canonical []byte) {
	t.Helper()
	prev := ledger.Genesis(f.VaultID)
	if n := len(f.Links); n > 0 {
		prev = f.Links[n-1].Hash
	}
	l := ledger.Link{Seq: uint64(len(f.Links) + 1), Kind: kind, Ref: kind + ":" + strconv.FormatInt(id, 10), RecordHash: ledger.Hash(record.Hash(canonical))}
	l.Hash = ledger.Next(prev, l.Seq, l.Kind, l.Ref, l.RecordHash)
	f.Links = append(f.Links, l)
}

func must(t testing.TB, b []byte, err error) []byte {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func marshal(t testing.TB, v any, indent bool) []byte {
	t.Helper()
	var b []byte
	var err error
	if indent {
		b, err = json.MarshalIndent(v, "", "  ")
	} else {
		b, err = json.Marshal(v)
	}
	return must(t, b, err)
}

type canonicaler interface{ Canonical() ([]byte, error) }

func canon(t testing.TB, r canonicaler) []byte {
	t.Helper()
	b, err := r.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// NewFixture builds the content. Records are linked in write order.
func NewFixture(t testing.TB) *Fixture {
	t.Helper()
	return NewFixtureAt(t, time.Date(2026, 10, 3, 5, 30, 0, 123456789, time.UTC))
}

// NewFixtureAt is NewFixture with the first record written at base and
// the others within the next five hours.
func NewFixtureAt(t testing.TB, base time.Time) *Fixture {
	t.Helper()
	tokyo := time.FixedZone("JST", 9*3600)
	f := &Fixture{
		VaultID: []byte("vault-id-16bytes"),
		Records: map[string][]byte{},
		Payload: map[string][]byte{},
		Entries: bundle.Entries{Format: bundle.EntriesFormat, Entries: []bundle.EntryJSON{}, Recordings: []bundle.RecordingJSON{}, Attachments: []bundle.AttachmentJSON{}},
	}
	fields := record.Fields{
		EventTime: time.Date(2026, 10, 3, 14, 30, 0, 0, tokyo), EventZone: "Asia/Tokyo", Place: "3F room",
		People: []record.Person{{Name: "Tanaka", Role: "superior"}}, Text: "Shouted at me in the meeting",
		Quote: "お前なんか辞めてしまえ", Witnesses: []string{"Sato"}, Categories: []string{"power-harassment"},
	}
	entry1 := bundle.EntryJSON{ID: 1, Rules: []string{"pa-1"}}
	addRev := func(rowID int64, rev record.Revision, export bool, e *bundle.EntryJSON) {
		b := canon(t, rev)
		f.link(t, "revision", rowID, b)
		if export {
			p := fmt.Sprintf("ledger/records/revision-%d.json", rowID)
			f.Records[p] = b
			e.Revisions = append(e.Revisions, bundle.RevisionJSON{Rev: rev.Rev, Kind: rev.Kind, RecordedAt: rev.RecordedAt, Reason: rev.Reason, Fields: rev.Fields, Record: p})
		}
	}
	addRev(1, record.Revision{Version: 1, Salt: nextSalt(), EntryID: 1, Rev: 1, Kind: record.KindCreate, RecordedAt: base, Fields: fields}, true, &entry1)
	edited := fields
	edited.Impact = "Could not sleep"
	edited.Lang = "ja" // the entry says its language
	// and what a consultation sheet asks for: a version 3 revision
	edited.Quote, edited.Quotes = "", []record.Quote{{Words: "お前なんか辞めてしまえ"}, {Speaker: "Tanaka", Words: "明日から来なくていい"}}
	edited.Recurrence, edited.Since = record.RecurrenceRepeated, "2026-09"
	edited.Consultations = []record.Consultation{{Date: "2026-10-05", With: "hr", Name: "HR desk", Response: "said they would look into it"}}
	edited.Wants = []string{"stop"}
	addRev(2, record.Revision{Version: record.RevisionVersion(edited), Salt: nextSalt(), EntryID: 1, Rev: 2, Kind: record.KindEdit, RecordedAt: base.Add(time.Hour), Fields: edited, Reason: "added impact"}, true, &entry1)
	entry2 := bundle.EntryJSON{ID: 2, Purged: true, Revisions: []bundle.RevisionJSON{}}
	addRev(3, record.Revision{Version: 1, Salt: nextSalt(), EntryID: 2, Rev: 1, Kind: record.KindCreate, RecordedAt: base.Add(2 * time.Hour), Fields: fields}, false, &entry2)
	purge := canon(t, record.Purge{Version: 1, Salt: nextSalt(), EntryID: 2, Revisions: []int64{3}, RecordedAt: base.Add(3 * time.Hour)})
	f.link(t, "purge", 1, purge)
	f.Records["ledger/records/purge-1.json"] = purge
	entry2.Purge = "ledger/records/purge-1.json"

	// Recording 1: a tiny canonical WAV (header + PCM).
	pcm := make([]byte, 4800)
	for i := range pcm {
		pcm[i] = byte(i * 7)
	}
	wav := wavBytes(pcm, 48000)
	start := record.RecordingStart{Version: 1, Salt: nextSalt(), RecordingID: 1, StartedAt: base.Add(4 * time.Hour),
		Format: record.AudioFormat{Codec: "pcm_s16le", SampleRate: 48000, Channels: 1, Bits: 16}, Device: "default", EntryID: 1}
	sb := canon(t, start)
	sh := record.Hash(sb)
	ws := sha256.Sum256(wav)
	end := record.RecordingEnd{Version: 1, Salt: nextSalt(), RecordingID: 1, StartHash: hex.EncodeToString(sh[:]), EndedAt: base.Add(4*time.Hour + 50*time.Millisecond),
		State: record.StateComplete, Chunks: 1, Frames: 2400, DurationNS: 50_000_000, WAVSHA256: hex.EncodeToString(ws[:])}
	eb := canon(t, end)
	f.link(t, "recording", 1, eb)
	f.Records["ledger/records/recording-1.json"] = eb
	f.Records["ledger/records/recording-1-start.json"] = sb
	f.Payload["audio/recording-1.wav"] = wav
	f.Entries.Recordings = append(f.Entries.Recordings, bundle.RecordingJSON{ID: 1, File: "audio/recording-1.wav", SHA256: end.WAVSHA256,
		Record: "ledger/records/recording-1.json", Start: "ledger/records/recording-1-start.json", Entry: 1, StartedAt: start.StartedAt, EndedAt: end.EndedAt, DurationNS: end.DurationNS, State: end.State})

	// Attachment 1, with a name that needs reducing.
	content := []byte("%PDF-1.4 診断書 (a doctor's note)\n")
	cs := sha256.Sum256(content)
	att := record.Attachment{Version: 1, Salt: nextSalt(), AttachmentID: 1, Name: "診断書 2026.pdf", Size: int64(len(content)),
		SHA256: hex.EncodeToString(cs[:]), MediaType: "application/pdf", ImportedAt: base.Add(5 * time.Hour), EntryID: 1, Chunks: 1}
	ab := canon(t, att)
	f.link(t, "attachment", 1, ab)
	f.Records["ledger/records/attachment-1.json"] = ab
	file := "attachments/attachment-1-" + bundle.SafeName(att.Name)
	f.Payload[file] = content
	f.Entries.Attachments = append(f.Entries.Attachments, bundle.AttachmentJSON{ID: 1, File: file, Name: att.Name, SHA256: att.SHA256,
		Record: "ledger/records/attachment-1.json", Size: att.Size, MediaType: att.MediaType, Entry: 1, ImportedAt: att.ImportedAt})

	f.Entries.Entries = []bundle.EntryJSON{entry1, entry2}
	f.Time = base.Add(5 * time.Hour)
	f.Payload["report.pdf"] = []byte("%PDF-1.4 rendering of the entries\n%%EOF\n")
	f.Payload["entries.csv"] = []byte("\ufeffid,text\r\n1,Shouted at me in the meeting\r\n")
	f.Payload["rules/pa-1.md"] = []byte("# Power harassment\n")
	return f
}

// wavBytes is the canonical WAV export of 16-bit mono PCM.
func wavBytes(pcm []byte, rate uint32) []byte {
	le32 := func(v uint32) []byte { return []byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)} }
	le16 := func(v uint16) []byte { return []byte{byte(v), byte(v >> 8)} }
	var b []byte
	b = append(b, "RIFF"...)
	b = append(b, le32(uint32(len(pcm)+36))...)
	b = append(b, "WAVEfmt "...)
	b = append(b, le32(16)...)
	b = append(b, le16(1)...)
	b = append(b, le16(1)...)
	b = append(b, le32(rate)...)
	b = append(b, le32(rate*2)...)
	b = append(b, le16(2)...)
	b = append(b, le16(16)...)
	b = append(b, "data"...)
	b = append(b, le32(uint32(len(pcm)))...)
	return append(b, pcm...)
}

// Head returns the last link.
func (f *Fixture) Head() ledger.Link { return f.Links[len(f.Links)-1] }

// AnchorText returns the anchor text of link seq.
func (f *Fixture) AnchorText(seq uint64) []byte {
	return ledger.AnchorText(f.VaultID, seq, f.Links[seq-1].Hash)
}

// Info is the BagInfo of the fixture.
func (f *Fixture) Info() bundle.BagInfo {
	h := f.Head()
	return bundle.BagInfo{VaultID: f.VaultID, HeadSeq: h.Seq, HeadLink: h.Hash, HeadTime: f.Time,
		Date: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Agent: "Kiroku test"}
}

// Fill writes every payload file of the fixture into w, with the anchors
// in tokens (seq -> .tsr) and their texts.
func (f *Fixture) Fill(t testing.TB, w *bundle.Writer, tokens map[uint64][]byte) {
	t.Helper()
	put := func(rel string, b []byte) {
		t.Helper()
		if err := w.WriteFile(rel, b); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	for p := range f.Payload {
		names = append(names, p)
	}
	for p := range f.Records {
		names = append(names, p)
	}
	sort.Strings(names)
	for _, p := range names {
		if b, ok := f.Payload[p]; ok {
			put(p, b)
		} else {
			put(p, f.Records[p])
		}
	}
	h := f.Head()
	vid := hex.EncodeToString(f.VaultID)
	put("entries.json", f.entriesJSON(t))
	put("entries.schema.json", bundle.EntriesSchema)
	put("ledger/chain.json", marshal(t, bundle.Chain{Format: bundle.ChainFormat, VaultID: vid,
		Genesis: ledger.Genesis(f.VaultID), Head: bundle.ChainHead{Seq: h.Seq, Link: h.Hash}}, false))
	links, err := bundle.FormatLinks(f.Links)
	put("ledger/links.jsonl", must(t, links, err))
	for seq, tsr := range tokens {
		put(fmt.Sprintf("ledger/anchors/%d.txt", seq), f.AnchorText(seq))
		put(fmt.Sprintf("ledger/anchors/%d.tsr", seq), tsr)
	}
}

func (f *Fixture) entriesJSON(t testing.TB) []byte {
	h := f.Head()
	if f.ExportHead != nil {
		h = *f.ExportHead
	}
	e := f.Entries
	e.VaultID = hex.EncodeToString(f.VaultID)
	e.Head = &bundle.HeadJSON{Seq: h.Seq, Link: h.Hash.String()}
	return marshal(t, e, true)
}

// AddExport makes the fixture a bundle of format 2: it links an export
// record (id 1) listing the derived files exactly as Fill writes them,
// with the current head as its snapshot, and returns its bag path. Call it
// after every other change to the content.
func (f *Fixture) AddExport(t testing.TB) string {
	t.Helper()
	head := f.Head()
	f.ExportHead = &head
	f.Format = 2
	derived := map[string][]byte{"entries.json": f.entriesJSON(t), "entries.schema.json": bundle.EntriesSchema}
	for p, b := range f.Payload {
		if record.ExportCovers("data/" + p) {
			derived[p] = b
		}
	}
	var files []record.ExportFile
	for p, b := range derived {
		sum := sha256.Sum256(b)
		files = append(files, record.ExportFile{Path: "data/" + p, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(b))})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	e := record.Export{Version: 1, Salt: nextSalt(), ExportID: 1, Head: record.ExportHead{Seq: head.Seq, Link: head.Hash.String()},
		Files: files, RecordedAt: f.Time.Add(time.Minute)}
	b := canon(t, e)
	f.link(t, "export", 1, b)
	rel := "ledger/records/export-1.json"
	f.Records[rel] = b
	f.Time = e.RecordedAt
	return "data/" + rel
}

// ReplaceRecord puts canonical in place of the record at rel (a path
// under ledger/records/) and recomputes its link and every later link, as
// a forger who rewrites a record would: the chain stays consistent.
func (f *Fixture) ReplaceRecord(t testing.TB, rel string, canonical []byte) {
	t.Helper()
	base := strings.TrimSuffix(strings.TrimPrefix(rel, "ledger/records/"), ".json")
	kind, id, _ := strings.Cut(base, "-")
	ref := kind + ":" + id
	f.Records[rel] = canonical
	for i := range f.Links {
		if f.Links[i].Ref == ref {
			f.Links[i].RecordHash = ledger.Hash(record.Hash(canonical))
		}
	}
	f.Rechain()
}

// Rechain recomputes every link from the genesis.
func (f *Fixture) Rechain() {
	prev := ledger.Genesis(f.VaultID)
	for i := range f.Links {
		l := &f.Links[i]
		l.Hash = ledger.Next(prev, l.Seq, l.Kind, l.Ref, l.RecordHash)
		prev = l.Hash
	}
}

// Tokens stamps the anchor text of each seq with tsa.
func (f *Fixture) Tokens(t testing.TB, tsa *TSA, seqs ...uint64) map[uint64][]byte {
	t.Helper()
	m := map[uint64][]byte{}
	for _, s := range seqs {
		m[s] = tsa.Stamp(t, f.AnchorText(s))
	}
	return m
}

// WriteBag writes the fixture as a folder bag named name under parent and
// returns its path; with asZip, as a zip file name+".zip".
func (f *Fixture) WriteBag(t testing.TB, parent, name string, asZip bool, tokens map[uint64][]byte) string {
	t.Helper()
	dir := filepath.Join(parent, name)
	w, err := bundle.NewWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	f.Fill(t, w, tokens)
	var seqs []uint64
	for s := range tokens {
		seqs = append(seqs, s)
	}
	sort.Slice(seqs, func(i, j int) bool { return seqs[i] < seqs[j] })
	info := f.Info()
	text := bundle.VerifyText(name, info, seqs)
	if asZip {
		if f.Format == 2 {
			t.Fatal("bundletest: format 2 bags are written as folders only")
		}
		zp := dir + ".zip"
		if err := w.CommitZip(zp, info, text); err != nil {
			t.Fatal(err)
		}
		return zp
	}
	if err := w.Commit(info, text); err != nil {
		t.Fatal(err)
	}
	// The writer says the format it writes; a format-1 fixture stands for
	// the bundles written before export records.
	SetBagInfo(t, dir, "Kiroku-Bundle-Format", strconv.Itoa(max(f.Format, 1)))
	return dir
}

// SetBagInfo sets a field of a folder bag's bag-info.txt and rebags it.
func SetBagInfo(t testing.TB, dir, label, value string) {
	t.Helper()
	p := filepath.Join(dir, "bag-info.txt")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	fields, _ := bundle.ParseBagInfo(b)
	for i := range fields {
		if fields[i].Label == label {
			fields[i].Value = value
		}
	}
	bi, err := bundle.FormatBagInfo(fields)
	if err := os.WriteFile(p, must(t, bi, err), 0o600); err != nil {
		t.Fatal(err)
	}
	Rebag(t, dir)
}

// Rebag rewrites a folder bag's manifests and Payload-Oxum after a test
// changed its content, as an attacker who knows BagIt would: only the
// ledger can then show the change.
func Rebag(t testing.TB, dir string) {
	t.Helper()
	var payload []bundle.ManifestEntry
	var oxum bundle.Oxum
	err := filepath.WalkDir(filepath.Join(dir, "data"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		sum := sha256.Sum256(b)
		payload = append(payload, bundle.ManifestEntry{SHA256: hex.EncodeToString(sum[:]), Path: filepath.ToSlash(rel)})
		oxum.Bytes += int64(len(b))
		oxum.Files++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("manifest-sha256.txt", bundle.FormatManifest(payload))
	info, err := os.ReadFile(filepath.Join(dir, "bag-info.txt"))
	if err != nil {
		t.Fatal(err)
	}
	fields, _ := bundle.ParseBagInfo(info)
	for i := range fields {
		if fields[i].Label == "Payload-Oxum" {
			fields[i].Value = oxum.String()
		}
	}
	bi, err := bundle.FormatBagInfo(fields)
	write("bag-info.txt", must(t, bi, err))
	var tags []bundle.ManifestEntry
	for _, name := range []string{"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "VERIFY.txt"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		sum := sha256.Sum256(b)
		tags = append(tags, bundle.ManifestEntry{SHA256: hex.EncodeToString(sum[:]), Path: name})
	}
	write("tagmanifest-sha256.txt", bundle.FormatManifest(tags))
}
