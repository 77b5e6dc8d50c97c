package export

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/filings"
	"github.com/kiroku-app/kiroku/internal/hours"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/report"
	"github.com/kiroku-app/kiroku/internal/rules"
	"github.com/kiroku-app/kiroku/internal/settings"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// Options say where and how a bundle is written.
type Options struct {
	// Out is the bag folder to create, or with Zip the .zip file (".zip" is
	// added when missing). It must not exist.
	Out string
	Zip bool
	// Encrypt, when set, encrypts the zip with this passphrase in age
	// format: the result is Out(.zip).age and no plain zip is left.
	Encrypt []byte
	Lang    string // report language: ja, en or both (default both)
	// HoursOptions for the calculator (week start, year start); nil means
	// the vault's settings hours.week_start and hours.year_start, as the
	// app's hours screen and kirokuctl hours report use them.
	HoursOptions *hours.Options
	// Progress, when set, is called after each file with the bytes done
	// so far and the estimated total.
	Progress func(done, total int64)
	// Date is the Bagging-Date; zero: today.
	Date time.Time
	// NoFilings leaves data/filings/ out (the bench compares the report
	// alone with older builds; a lawyer's bundle has them).
	NoFilings bool
	// BriefRules leaves the rules' summaries out of the report's appendix
	// (their files under rules/ stay): titles, sources and entries only.
	BriefRules bool
	// Exhibits numbers the exhibits of the filings (prefix, start,
	// author); zero: 甲第1号証, by 本人.
	Exhibits report.ExhibitOptions
	// StampExport, when set (the user turned timestamps on), is called
	// once the export record is in the ledger, to timestamp the head
	// then, so that the bundle is anchored through its export link and the
	// derived files are dated too. It returns the stored anchor; an error
	// (offline) leaves the bundle anchored only as far as earlier tokens.
	StampExport func(ctx context.Context) (vault.Anchor, error)
}

// Result describes a finished bundle.
type Result struct {
	Path        string   `json:"path"`
	Entries     int      `json:"entries"`
	Recordings  int      `json:"recordings"`
	Attachments int      `json:"attachments"`
	HoursDays   int      `json:"hours_days"`
	HoursFlags  int      `json:"hours_flags"`
	Rules       []string `json:"rules"`
	Anchors     int      `json:"anchors"`
	// HeadSeq and HeadLink name the ledger snapshot the bundle was made
	// from (the head its report and entries.json name).
	HeadSeq  uint64      `json:"head_seq"`
	HeadLink ledger.Hash `json:"head_link"`
	// ExportID, ExportSeq and ExportLink name the export record that binds
	// the bundle's derived files, and its link: the head of the bundle's
	// chain. Zero when Unbound.
	ExportID   int64       `json:"export_id,omitempty"`
	ExportSeq  uint64      `json:"export_seq,omitempty"`
	ExportLink ledger.Hash `json:"export_link,omitzero"`
	// Unbound is set when the vault could not take an export record (a
	// read-only vault, such as a backup): the derived files are then not
	// bound to the ledger, and the front end says so.
	Unbound bool `json:"unbound,omitempty"`
	// StampErr says why the export link could not be timestamped (the
	// TSA did not answer); empty when it was, or timestamps are off.
	StampErr string `json:"stamp_error,omitempty"`
	// Damaged names the records left out because the vault could not
	// open them (Plan.Damaged and any found while writing); the bundle
	// lists them too.
	Damaged []string `json:"damaged,omitempty"`
}

// BagHead is the head of the bundle's chain, the one its bag-info.txt and
// VERIFY.txt name: the export record's link, or the snapshot head when the
// export is unbound. Front ends show this one, so that what the user reads
// out matches what the recipient's verifier prints.
func (r *Result) BagHead() (uint64, ledger.Hash) {
	if r.ExportSeq > 0 {
		return r.ExportSeq, r.ExportLink
	}
	return r.HeadSeq, r.HeadLink
}

// OutPath is the final path Export writes for opts.
func OutPath(opts Options) string {
	p := opts.Out
	if opts.Zip || opts.Encrypt != nil {
		if !strings.EqualFold(filepath.Ext(p), ".zip") {
			p += ".zip"
		}
		if opts.Encrypt != nil {
			p += ".age"
		}
	}
	return p
}

// Export writes plan as an evidence bundle. Nothing carries the final name
// until the bundle is complete; a cancelled or failed export removes its
// temporary files.
func Export(ctx context.Context, v *vault.Vault, plan *Plan, opts Options) (*Result, error) {
	if opts.Out == "" {
		return nil, fmt.Errorf("export: no output path: %w", apperr.ErrInvalidInput)
	}
	if opts.Lang == "" {
		opts.Lang = report.LangBoth
	}
	if err := report.CheckLanguage(opts.Lang); err != nil {
		return nil, fmt.Errorf("export: report language %q (ja, en, both or ja+<a shipped language>): %w: %w", opts.Lang, err, apperr.ErrInvalidInput)
	}
	final := OutPath(opts)
	if _, err := os.Lstat(final); err == nil {
		return nil, fmt.Errorf("export: %s: %w", final, apperr.ErrExists)
	}
	e := &exporter{ctx: ctx, v: v, plan: plan, opts: opts, lib: rules.Default(), damaged: slices.Clone(plan.Damaged)}
	if err := e.snapshotLedger(); err != nil {
		return nil, err
	}
	cleanStale(filepath.Dir(final), time.Now())
	if opts.Encrypt != nil {
		if err := e.exportEncrypted(final); err != nil {
			return nil, err
		}
		e.res.Path = final
		return &e.res, nil
	}
	bagDir := opts.Out
	if opts.Zip {
		// The bag is staged next to the zip, under a name only Writer uses:
		// plaintext by the user's choice (the app warns), and the zip is
		// plaintext on that drive anyway.
		bagDir = strings.TrimSuffix(final, ".zip")
	}
	w, err := bundle.NewWriterContext(ctx, bagDir)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	defer w.Abort()
	e.w = w
	e.total = plan.Bytes + int64(len(plan.Entries))*2048
	if err := e.writePayload(); err != nil {
		return nil, err
	}
	info, seqs := e.bagInfo()
	if opts.Zip {
		name := filepath.Base(final)
		if err := w.CommitZip(final, info, bundle.VerifyText(name, info, seqs, e.damaged...)); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
	} else {
		if err := w.Commit(info, bundle.VerifyText(filepath.Base(bagDir), info, seqs, e.damaged...)); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
	}
	e.res.Path = final
	return &e.res, nil
}

// bagInfo is bag-info's content and the anchored seqs VERIFY.txt names.
func (e *exporter) bagInfo() (bundle.BagInfo, []uint64) {
	info := bundle.BagInfo{
		VaultID: e.v.ID(), HeadSeq: e.bagHead.Seq, HeadLink: e.bagHead.Hash, HeadTime: e.headTime,
		Date: e.opts.Date, Agent: "Kiroku",
	}
	var seqs []uint64
	for _, a := range e.anchors {
		seqs = append(seqs, a.Seq)
	}
	return info, seqs
}

// exportEncrypted streams the bag as a zip straight into age's encryptor
// over a temporary file next to final: the destination drive (often a USB
// stick whose freed blocks anyone can carve) only ever receives ciphertext,
// even when the export is killed halfway. The zip's top folder is the
// bag's own name (final without .zip.age), so that `age -d` then unzip
// gives a visible folder of the right name.
func (e *exporter) exportEncrypted(final string) (err error) {
	zipName := filepath.Base(strings.TrimSuffix(final, ".age"))
	top := strings.TrimSuffix(zipName, filepath.Ext(zipName))
	tmp, err := os.CreateTemp(filepath.Dir(final), "."+filepath.Base(final)+".partial-*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	enc, err := encryptTo(tmp, e.opts.Encrypt)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	w, err := bundle.NewZipStream(e.ctx, enc, top, e.headTime)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer w.Abort()
	e.w = w
	e.total = e.plan.Bytes + int64(len(e.plan.Entries))*2048
	if err := e.writePayload(); err != nil {
		return err
	}
	info, seqs := e.bagInfo()
	if err := w.FinishZip(info, bundle.VerifyText(zipName, info, seqs, e.damaged...)); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("export: encrypt: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("export: sync %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("export: close %s: %w", tmp.Name(), err)
	}
	if err := e.ctx.Err(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if _, err := os.Lstat(final); err == nil {
		return fmt.Errorf("export: %s: %w", final, apperr.ErrExists)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return syncDir(filepath.Dir(final))
}

// text is a library text in the report's languages: Japanese, and English
// or the second language of a "ja+<tag>" report (its overlay).
func (e *exporter) text(t rules.Text) report.Text {
	return report.Text{JA: t.JA, EN: t.In(e.second())}
}

// second is the report's language beside Japanese: English, or tag in a
// "ja+<tag>" report.
func (e *exporter) second() string { return report.Second(e.opts.Lang) }

type exporter struct {
	ctx  context.Context
	v    *vault.Vault
	plan *Plan
	opts Options
	lib  *rules.Library
	w    *bundle.Writer

	links    []ledger.Link
	linked   map[string]ledger.Link
	head     ledger.Link // the snapshot the bundle is made from
	headTime time.Time
	anchors  []vault.Anchor

	// derived holds the derived files (report, entries.json...) in memory
	// until the export record binding their hashes is in the vault; bagHead
	// is then the export record's link (the snapshot head if unbound).
	derived []derivedFile
	bagHead ledger.Link

	done, total int64
	res         Result
	damaged     []string // records left out: they do not open

	// recordSums is the SHA-256 of each record file written, by bag
	// path under data/ ("ledger/records/revision-5.json"): the exhibits
	// of entries name them.
	recordSums map[string][sha256.Size]byte

	// transcripts are the transcript revisions in the bag, and
	// transcriptCanon their record bytes by bag path: the 反訳書 are drawn
	// from them.
	transcripts     []bundle.TranscriptJSON
	transcriptCanon map[string][]byte
}

// leaveOut notes a record that does not open, so that the export goes on
// without it, or returns any other error as it is.
func (e *exporter) leaveOut(ref string, err error) error {
	if !errors.Is(err, apperr.ErrDamaged) {
		return err
	}
	e.damaged = append(e.damaged, ref)
	return errLeftOut
}

// leaveOutAll notes the records a listing could not open (its
// *vault.DamageError) as left out, once each, and lets the export go on;
// any other error is returned.
func (e *exporter) leaveOutAll(err error) error {
	var de *vault.DamageError
	if !errors.As(err, &de) {
		return err
	}
	for _, ref := range de.Refs {
		if !slices.Contains(e.damaged, ref) {
			e.damaged = append(e.damaged, ref)
		}
	}
	return nil
}

// errLeftOut: the record was damaged and is left out of the bundle.
var errLeftOut = errors.New("left out: damaged")

// snapshotLedger fixes the ledger the bundle is made from. Records written
// after this moment (the app may be recording) are not exported.
func (e *exporter) snapshotLedger() error {
	links, err := e.v.Links()
	if err != nil {
		return fmt.Errorf("export: read the ledger: %w", err)
	}
	if _, breaks := ledger.Verify(e.v.ID(), links); len(breaks) > 0 {
		return fmt.Errorf("export: the vault's ledger is broken at link %d (%s); run check: %w", breaks[0].Seq, breaks[0].Reason, apperr.ErrDamaged)
	}
	// The snapshot ends at the last record that is not an export record:
	// earlier exports add nothing to what a bundle shows, so exporting the
	// same vault twice gives the same derived files (only the chain's tail
	// and the new export record differ).
	for len(links) > 0 && links[len(links)-1].Kind == vault.LinkExport {
		links = links[:len(links)-1]
	}
	e.links = links
	e.linked = make(map[string]ledger.Link, len(links))
	for _, l := range links {
		e.linked[l.Ref] = l
	}
	if len(links) > 0 {
		e.head = links[len(links)-1]
		canon, err := e.v.RecordCanonical(e.head.Ref)
		if err == nil {
			e.headTime = recordTime(e.head.Kind, canon)
		}
	} else {
		e.head = ledger.Link{Hash: ledger.Genesis(e.v.ID())}
	}
	e.res.HeadSeq, e.res.HeadLink = e.head.Seq, e.head.Hash
	anchors, err := e.v.Anchors()
	if err != nil {
		return fmt.Errorf("export: read timestamp tokens: %w", err)
	}
	seen := map[uint64]bool{}
	for _, a := range anchors {
		if a.Seq <= e.head.Seq && a.Seq > 0 && links[a.Seq-1].Hash == a.Link && !seen[a.Seq] {
			seen[a.Seq] = true
			e.anchors = append(e.anchors, a)
		}
	}
	e.res.Anchors = len(e.anchors)
	return nil
}

// recordTime is the system time a record was written (zero if unknown).
func recordTime(kind string, canon []byte) time.Time {
	switch kind {
	case vault.LinkRevision:
		if r, err := record.ParseRevision(canon); err == nil {
			return r.RecordedAt
		}
	case vault.LinkPurge:
		if p, err := record.ParsePurge(canon); err == nil {
			return p.RecordedAt
		}
	case vault.LinkRecording:
		if r, err := record.ParseRecordingEnd(canon); err == nil {
			return r.EndedAt
		}
	case vault.LinkAttachment:
		if a, err := record.ParseAttachment(canon); err == nil {
			return a.ImportedAt
		}
	case vault.LinkHours:
		if h, err := record.ParseHours(canon); err == nil {
			return h.RecordedAt
		}
	case vault.LinkMarkerLabel:
		if l, err := record.ParseMarkerLabel(canon); err == nil {
			return l.RecordedAt
		}
	case vault.LinkTranscript:
		if t, err := record.ParseTranscriptRevision(canon); err == nil {
			return t.RecordedAt
		}
	case vault.LinkTranslation:
		if t, err := record.ParseEntryTranslation(canon); err == nil {
			return t.RecordedAt
		}
	}
	return time.Time{}
}

func markerLabelRef(id int64) string { return vault.LinkMarkerLabel + ":" + strconv.FormatInt(id, 10) }

func recordPath(ref string) string {
	return "ledger/records/" + strings.Replace(ref, ":", "-", 1) + ".json"
}

// writeRecord copies the canonical bytes of ref into the bag. A record
// written after the ledger snapshot is refused: its link is not in the bag.
func (e *exporter) writeRecord(ref string) (string, []byte, error) {
	if _, ok := e.linked[ref]; !ok {
		return "", nil, errNewer
	}
	canon, err := e.v.RecordCanonical(ref)
	if err != nil {
		return "", nil, fmt.Errorf("export %s: %w", ref, err)
	}
	p := recordPath(ref)
	if err := e.w.WriteFile(p, canon); err != nil {
		return "", nil, fmt.Errorf("export %s: %w", ref, err)
	}
	if e.recordSums == nil {
		e.recordSums = map[string][sha256.Size]byte{}
	}
	sum := sha256.Sum256(canon)
	e.recordSums[p] = sum
	return p, canon, nil
}

type derivedFile struct {
	rel string // under data/
	b   []byte
	// streamed: already in the bag (the report, written as it is made),
	// with its hash and size.
	streamed bool
	sum      [sha256.Size]byte
	size     int64
}

// derive keeps a derived file for the bag; see bind.
func (e *exporter) derive(rel string, b []byte) {
	e.derived = append(e.derived, derivedFile{rel: rel, b: b, sum: sha256.Sum256(b), size: int64(len(b))})
}

// deriveStream writes a derived file into the bag as write produces it,
// hashing it on the way, so that a large one (the report of thousands of
// entries) is never held in memory. Like derive's files it names only the
// snapshot head, so its hash can go into the export record afterwards.
func (e *exporter) deriveStream(rel string, write func(io.Writer) error) error {
	f, err := e.w.Create(rel)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	h := sha256.New()
	cw := &countWriter{w: io.MultiWriter(f, h)}
	if err := write(cw); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("export: %s: %w", rel, err)
	}
	d := derivedFile{rel: rel, streamed: true, size: cw.n}
	h.Sum(d.sum[:0])
	e.derived = append(e.derived, d)
	return nil
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// bind records the derived files in the vault (one transaction: the export
// record and its link), then writes into the bag the chain up to and
// including that link, the record's canonical bytes and the derived files.
// The derived files name only the snapshot head, never the export record,
// so that they can be hashed before the record exists. A read-only vault
// cannot take the record: the bag is then written without it (Unbound).
func (e *exporter) bind() error {
	files := make([]record.ExportFile, 0, len(e.derived))
	for _, d := range e.derived {
		files = append(files, record.ExportFile{Path: "data/" + d.rel, SHA256: hex.EncodeToString(d.sum[:]), Size: d.size})
	}
	slices.SortFunc(files, func(a, b record.ExportFile) int { return strings.Compare(a.Path, b.Path) })
	e.bagHead = e.head
	var canon []byte
	var ref string
	switch {
	case e.head.Seq == 0 || e.v.ReadOnly():
		e.res.Unbound = true
	default:
		exp, c, link, err := e.v.AddExport(record.ExportHead{Seq: e.head.Seq, Link: e.head.Hash.String()}, files)
		if errors.Is(err, apperr.ErrReadOnly) {
			e.res.Unbound = true
			break
		}
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		// Records written since the snapshot (the app may be recording)
		// sit between the snapshot head and the export link: their links
		// go into the bag, their content does not.
		links, err := e.v.Links()
		if err != nil {
			return fmt.Errorf("export: read the ledger: %w", err)
		}
		if uint64(len(links)) < link.Seq || links[link.Seq-1].Hash != link.Hash {
			return fmt.Errorf("export: the export record's link is not in the ledger: %w", apperr.ErrDamaged)
		}
		links = links[:link.Seq]
		if _, breaks := ledger.Verify(e.v.ID(), links); len(breaks) > 0 {
			return fmt.Errorf("export: the vault's ledger is broken at link %d (%s); run check: %w", breaks[0].Seq, breaks[0].Reason, apperr.ErrDamaged)
		}
		e.links, e.bagHead, canon, ref = links, link, c, link.Ref
		e.res.ExportID, e.res.ExportSeq, e.res.ExportLink = exp.ExportID, link.Seq, link.Hash
		e.stampExport(link)
	}
	if err := e.writeLedger(); err != nil {
		return err
	}
	if canon != nil {
		if err := e.w.WriteFile(recordPath(ref), canon); err != nil {
			return fmt.Errorf("export %s: %w", ref, err)
		}
	}
	for _, d := range e.derived {
		if d.streamed {
			continue
		}
		if err := e.w.WriteFile(d.rel, d.b); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return e.ctx.Err()
}

// errNewer marks a record written after the export began; it is left out.
var errNewer = errors.New("written after the export began")

func (e *exporter) progress(n int64) error {
	e.done += n
	if e.opts.Progress != nil {
		e.opts.Progress(e.done, max(e.total, e.done))
	}
	return e.ctx.Err()
}

func (e *exporter) writePayload() error {
	doc := &report.Document{
		Lang: e.opts.Lang, VaultID: hex.EncodeToString(e.v.ID()), HeadSeq: e.head.Seq, HeadLink: e.head.Hash.String(),
		HeadTime: e.headTime, From: e.plan.Selection.From, To: e.plan.Selection.To, Selection: e.selectionText(),
	}
	// One model of what the bundle holds, built once from the records as
	// they are written into it: entries.json is that model, and the CSV and
	// the report are rendered from it (reportModel, writeCSV), so they
	// can never describe another state than the records beside them.
	ents := bundle.Entries{
		Format: bundle.EntriesFormat, VaultID: hex.EncodeToString(e.v.ID()),
		Head:        &bundle.HeadJSON{Seq: e.head.Seq, Link: e.head.Hash.String()},
		Selection:   e.selectionJSON(),
		Entries:     []bundle.EntryJSON{},
		Recordings:  []bundle.RecordingJSON{},
		Attachments: []bundle.AttachmentJSON{},
	}
	// Recordings and files first: entries point at them.
	if err := e.writeMedia(&ents); err != nil {
		return err
	}
	// Hours before rules: their flags bring rules along.
	hoursRules, err := e.writeHours(doc)
	if err != nil {
		return err
	}
	ruleEntries, usedCats, err := e.writeEntries(&ents)
	if err != nil {
		return err
	}
	slices.Sort(e.damaged)
	e.damaged = slices.Compact(e.damaged)
	ents.Damaged, doc.Damaged, e.res.Damaged = e.damaged, e.damaged, e.damaged
	reportModel(doc, &ents, e.recordSums)
	for _, c := range e.lib.Categories() {
		if usedCats[c.ID] {
			doc.Categories = append(doc.Categories, report.Category{ID: c.ID, Label: e.text(c.Label)})
		}
	}
	for _, id := range hoursRules {
		if _, ok := ruleEntries[id]; !ok {
			ruleEntries[id] = nil
		}
	}
	if err := e.writeRules(doc, ruleEntries, hoursRules); err != nil {
		return err
	}
	e.anchorsDoc(doc)
	doc.RulesBrief, doc.Author = e.opts.BriefRules, e.opts.Exhibits.Author

	// Machine-readable content.
	b, err := json.MarshalIndent(ents, "", "  ")
	if err != nil {
		return fmt.Errorf("export: entries.json: %w", err)
	}
	e.derive("entries.json", append(b, '\n'))
	e.derive("entries.schema.json", bundle.EntriesSchema)
	if err := e.writeCSV(ents.Entries); err != nil {
		return err
	}
	if !e.opts.NoFilings {
		if err := e.writeFilings(doc); err != nil {
			return err
		}
		// Their garbage goes back before the report is made, so that the
		// export's peak memory is the larger of the two, not their sum.
		debug.FreeOSMemory()
	}

	// The report, last: it describes everything above. It goes into the
	// bag page by page.
	if err := e.deriveStream("report.pdf", func(w io.Writer) error {
		if err := report.Write(w, doc); err != nil {
			return fmt.Errorf("export: report.pdf: %w", err)
		}
		return nil
	}); err != nil {
		return err
	}
	if err := e.ctx.Err(); err != nil {
		return err
	}
	// Then the export record, the chain up to its link, and the files.
	return e.bind()
}

// writeMedia writes the planned recordings and files that the snapshot
// holds into the bag and the model.
func (e *exporter) writeMedia(ents *bundle.Entries) error {
	for _, r := range e.plan.Recordings {
		rj, err := e.writeRecording(r)
		if errors.Is(err, errNewer) || errors.Is(err, errLeftOut) {
			continue
		}
		if err != nil {
			return err
		}
		ents.Recordings = append(ents.Recordings, rj)
	}
	for _, a := range e.plan.Attachments {
		aj, err := e.writeAttachment(a)
		if errors.Is(err, errNewer) || errors.Is(err, errLeftOut) {
			continue
		}
		if err != nil {
			return err
		}
		ents.Attachments = append(ents.Attachments, aj)
	}
	e.res.Recordings, e.res.Attachments = len(ents.Recordings), len(ents.Attachments)
	if err := e.writeTranscripts(ents); err != nil {
		return err
	}
	e.transcripts = ents.Transcripts
	return nil
}

// writeTranscripts writes every revision of each transcript (反訳) of the
// exported audio that was not taken back, read from the bytes the bundle
// holds.
func (e *exporter) writeTranscripts(ents *bundle.Entries) error {
	files := map[string]string{}
	for _, rc := range ents.Recordings {
		files["recording:"+strconv.FormatInt(rc.ID, 10)] = rc.File
	}
	for _, at := range ents.Attachments {
		files["attachment:"+strconv.FormatInt(at.ID, 10)] = at.File
	}
	current, err := e.v.Transcripts()
	if err := e.leaveOutAll(err); err != nil {
		return fmt.Errorf("export transcripts: %w", err)
	}
	for _, cur := range current {
		file, ok := files[cur.Audio.Ref]
		if !ok {
			continue
		}
		refs, err := e.v.TranscriptRefs(cur.TranscriptID)
		if err := e.leaveOutAll(err); err != nil {
			return fmt.Errorf("export transcript %d: %w", cur.TranscriptID, err)
		}
		for _, ref := range refs {
			p, canon, err := e.writeRecord(ref)
			if errors.Is(err, errNewer) {
				continue
			}
			if err := e.leaveOut(ref, err); errors.Is(err, errLeftOut) {
				continue
			} else if err != nil {
				return err
			}
			t, err := record.ParseTranscriptRevision(canon)
			if err != nil {
				return fmt.Errorf("export %s: %v: %w", ref, err, apperr.ErrDamaged)
			}
			ents.Transcripts = append(ents.Transcripts, bundle.TranscriptOf(t, p, file))
			if e.transcriptCanon == nil {
				e.transcriptCanon = map[string][]byte{}
			}
			e.transcriptCanon[p] = canon
		}
	}
	return nil
}

// writeEntries writes the planned entries' revisions into the bag and the
// model, with the rules related to each (by its latest categories); it
// returns the entries of each rule and the categories used.
func (e *exporter) writeEntries(ents *bundle.Entries) (map[string][]int64, map[string]bool, error) {
	ruleEntries := map[string][]int64{}
	usedCats := map[string]bool{}
	for _, en := range e.plan.Entries {
		ej, err := e.writeEntry(en)
		if errors.Is(err, errNewer) || errors.Is(err, errLeftOut) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		cats := ej.Revisions[len(ej.Revisions)-1].Fields.Categories
		for _, r := range e.lib.RulesFor(cats) {
			ej.Rules = append(ej.Rules, r.ID)
			ruleEntries[r.ID] = append(ruleEntries[r.ID], en.ID)
		}
		for _, c := range cats {
			usedCats[c] = true
		}
		ents.Entries = append(ents.Entries, ej)
		if err := e.progress(2048); err != nil {
			return nil, nil, err
		}
	}
	e.res.Entries = len(ents.Entries)
	return ruleEntries, usedCats, nil
}

func (e *exporter) selectionJSON() *bundle.Selection {
	s := e.plan.Selection
	out := &bundle.Selection{Categories: s.Categories, Entries: s.Entries, Lang: e.opts.Lang}
	if !s.From.IsZero() {
		t := s.From
		out.From = &t
	}
	if !s.To.IsZero() {
		t := s.To
		out.To = &t
	}
	return out
}

func (e *exporter) selectionText() []report.Text {
	s := e.plan.Selection
	// Japanese, and the report's other language from the translations
	// (English, or the worker's language in a "ja+<tag>" report).
	cat, second := i18n.Default(), e.second()
	text := func(key string, ja, other []string) report.Text {
		return report.Text{JA: cat.T("ja", key, strings.Join(ja, cat.T("ja", "report.sep"))),
			EN: cat.T(second, key, strings.Join(other, cat.T(second, "report.sep")))}
	}
	var out []report.Text
	if len(s.Categories) > 0 {
		var ja, other []string
		for _, id := range s.Categories {
			c, ok := e.lib.Category(id)
			if !ok {
				ja, other = append(ja, id), append(other, id)
				continue
			}
			ja, other = append(ja, c.Label.JA), append(other, c.Label.In(second))
		}
		out = append(out, text("report.sel.categories", ja, other))
	}
	if len(s.People) > 0 {
		out = append(out, text("report.sel.people", s.People, s.People))
	}
	if len(s.Entries) > 0 {
		ids := make([]string, len(s.Entries))
		for i, id := range s.Entries {
			ids[i] = strconv.FormatInt(id, 10)
		}
		out = append(out, text("report.sel.entries", ids, ids))
	}
	var left []string
	if !s.Recordings {
		left = append(left, "report.sel.no_recordings")
	}
	if !s.Attachments {
		left = append(left, "report.sel.no_attachments")
	}
	if !s.Metadata {
		left = append(left, "report.sel.no_metadata")
	}
	if len(left) > 0 {
		var ja, other []string
		for _, k := range left {
			ja, other = append(ja, cat.T("ja", k)), append(other, cat.T(second, k))
		}
		out = append(out, report.Text{JA: strings.Join(ja, ""), EN: strings.Join(other, " ")})
	}
	return out
}

// writeEntry copies the revision records of en that the snapshot holds
// into the bag and returns the entry as they state it: each revision is
// read (and unsealed) once, and what the bundle says of it is parsed from
// the very bytes it holds.
func (e *exporter) writeEntry(en record.Entry) (bundle.EntryJSON, error) {
	refs, err := e.v.RevisionRefs(en.ID)
	if err != nil {
		return bundle.EntryJSON{}, fmt.Errorf("export entry %d: %w", en.ID, err)
	}
	ej := bundle.EntryJSON{ID: en.ID}
	left := false
	for _, ref := range refs {
		p, canon, err := e.writeRecord(ref)
		if errors.Is(err, errNewer) {
			break // an edit made during the export: the bundle holds the entry as it was
		}
		if err := e.leaveOut(ref, err); errors.Is(err, errLeftOut) {
			left = true // the other revisions still say what they say
			continue
		} else if err != nil {
			return ej, err
		}
		r, err := record.ParseRevision(canon)
		if err == nil && r.EntryID != en.ID {
			err = fmt.Errorf("it names entry %d", r.EntryID)
		}
		if err != nil {
			return ej, fmt.Errorf("export %s: %v: %w", ref, err, apperr.ErrDamaged)
		}
		ej.Revisions = append(ej.Revisions, bundle.RevisionJSON{
			Rev: r.Rev, Kind: r.Kind, RecordedAt: r.RecordedAt, Reason: r.Reason, Fields: r.Fields, Record: p,
		})
	}
	if len(ej.Revisions) == 0 {
		if left {
			return ej, errLeftOut
		}
		return ej, errNewer
	}
	// Its translations (訳文), every revision, read from the bytes the
	// bundle holds.
	trefs, err := e.v.EntryTranslationRefs(en.ID)
	if err != nil {
		return ej, fmt.Errorf("export entry %d: %w", en.ID, err)
	}
	for _, ref := range trefs {
		p, canon, err := e.writeRecord(ref)
		if errors.Is(err, errNewer) {
			continue // saved during the export
		}
		if err := e.leaveOut(ref, err); errors.Is(err, errLeftOut) {
			continue
		} else if err != nil {
			return ej, err
		}
		t, err := record.ParseEntryTranslation(canon)
		if err == nil && t.EntryID != en.ID {
			err = fmt.Errorf("it names entry %d", t.EntryID)
		}
		if err != nil {
			return ej, fmt.Errorf("export %s: %v: %w", ref, err, apperr.ErrDamaged)
		}
		ej.Translations = append(ej.Translations, bundle.TranslationOf(t, p))
	}
	return ej, nil
}

// reportModel fills the report's entries, recordings and files from the
// bundle's model (entries.json).
func reportModel(doc *report.Document, ents *bundle.Entries, recordSums map[string][sha256.Size]byte) {
	recsByEntry := map[int64][]report.Recording{}
	for _, rj := range ents.Recordings {
		rr := reportRecording(rj)
		if rj.Entry != 0 {
			recsByEntry[rj.Entry] = append(recsByEntry[rj.Entry], rr)
		} else {
			doc.Recordings = append(doc.Recordings, rr)
		}
	}
	attsByEntry := map[int64][]report.Attachment{}
	for _, aj := range ents.Attachments {
		ar := report.Attachment{ID: aj.ID, File: "data/" + aj.File, Name: aj.Name, Size: aj.Size, MediaType: aj.MediaType,
			SHA256: aj.SHA256, ImportedAt: aj.ImportedAt}
		if aj.Entry != 0 {
			attsByEntry[aj.Entry] = append(attsByEntry[aj.Entry], ar)
		} else {
			doc.Attachments = append(doc.Attachments, ar)
		}
	}
	for _, ej := range ents.Entries {
		re := report.Entry{ID: ej.ID, RuleIDs: ej.Rules, Recordings: recsByEntry[ej.ID], Attachments: attsByEntry[ej.ID]}
		for i, r := range ej.Revisions {
			f := reportFields(r.Fields)
			rv := report.Revision{Rev: r.Rev, Kind: r.Kind, RecordedAt: r.RecordedAt, Reason: r.Reason, Fields: &f}
			if i == len(ej.Revisions)-1 { // the exhibit of an entry is its latest record
				if sum, ok := recordSums[r.Record]; ok {
					rv.Record, rv.RecordSHA256 = "data/"+r.Record, hex.EncodeToString(sum[:])
				}
			}
			re.Revisions = append(re.Revisions, rv)
			if i == 0 {
				re.RecordedAt = r.RecordedAt
			}
			re.Fields, re.EditedAt = f, r.RecordedAt
			re.Deleted = r.Kind == record.KindDelete
		}
		re.Translations = reportTranslations(ej, recordSums)
		doc.Entries = append(doc.Entries, re)
	}
}

// reportTranslations gives the current revision of each translation of
// ej that is not taken back, its parts beside the entry's current wording.
func reportTranslations(ej bundle.EntryJSON, recordSums map[string][sha256.Size]byte) []report.Translation {
	if len(ej.Translations) == 0 || len(ej.Revisions) == 0 {
		return nil
	}
	last := ej.Revisions[len(ej.Revisions)-1]
	lastRef := strings.Replace(strings.TrimSuffix(strings.TrimPrefix(last.Record, "ledger/records/"), ".json"), "-", ":", 1)
	var out []report.Translation
	for i, tj := range ej.Translations {
		if i+1 < len(ej.Translations) && ej.Translations[i+1].ID == tj.ID {
			continue // a later revision follows
		}
		if tj.Kind == record.KindDelete {
			continue
		}
		rt := report.Translation{ID: tj.ID, Rev: tj.Rev, Lang: tj.Lang, Translator: tj.Translator, TranslatedOn: tj.TranslatedOn,
			OfEarlier: tj.Source.Ref != lastRef}
		if _, ok := recordSums[tj.Record]; ok {
			rt.Record = "data/" + tj.Record
		}
		done := map[string]bool{}
		for _, p := range record.TranslationParts(last.Fields) {
			if t, ok := tj.Fields[p.Key]; ok {
				rt.Parts = append(rt.Parts, report.TranslationPart{Key: p.Key, Original: p.Original, Translated: t})
				done[p.Key] = true
			}
		}
		for _, k := range slices.Sorted(maps.Keys(tj.Fields)) {
			if !done[k] {
				rt.Parts = append(rt.Parts, report.TranslationPart{Key: k, Translated: tj.Fields[k]})
			}
		}
		out = append(out, rt)
	}
	return out
}

func reportRecording(rj bundle.RecordingJSON) report.Recording {
	rr := report.Recording{ID: rj.ID, File: "data/" + rj.File, Label: rj.Label, StartedAt: rj.StartedAt,
		Duration: time.Duration(rj.DurationNS), State: rj.State, SHA256: rj.SHA256}
	for _, mj := range rj.Markers {
		mr := report.Marker{At: time.Duration(mj.AtNS), Wall: mj.Wall, Label: mj.Label, Placed: mj.Label}
		for _, l := range mj.Labels {
			mr.Labels = append(mr.Labels, report.MarkerLabel{Label: l.Label, RecordedAt: l.RecordedAt})
			mr.Label = l.Label
		}
		rr.Markers = append(rr.Markers, mr)
	}
	return rr
}

func reportFields(f record.Fields) report.Fields {
	out := report.Fields{
		EventTime: f.EventTime, EventZone: f.EventZone, Place: f.Place, Text: f.Text, Quote: f.Quote,
		Witnesses: f.Witnesses, Categories: f.Categories, Impact: f.Impact, Actions: f.Actions, Lang: f.Lang,
	}
	for _, p := range f.People {
		out.People = append(out.People, report.Person{Name: p.Name, Role: p.Role})
	}
	for _, q := range f.Quotes {
		out.Quotes = append(out.Quotes, report.Quote{Speaker: q.Speaker, Words: q.Words})
	}
	out.Recurrence, out.Since, out.HowOften, out.Duration = f.Recurrence, f.Since, f.HowOften, f.Duration
	out.Affected, out.Wants, out.WantsNote = f.Affected, f.Wants, f.WantsNote
	for _, c := range f.Consultations {
		out.Consultations = append(out.Consultations, report.Consultation{Date: c.Date, With: c.With, Name: c.Name, Response: c.Response})
	}
	return out
}

// countingWriter reports progress and honours cancellation while a large
// file streams into the bag.
type countingWriter struct {
	e *exporter
	w io.Writer
}

func (c countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if err == nil {
		err = c.e.progress(int64(n))
	}
	return n, err
}

func (e *exporter) writeRecording(r vault.Recording) (bundle.RecordingJSON, error) {
	ref := "recording:" + strconv.FormatInt(r.ID, 10)
	// A recording whose audio does not open is left out whole, like a
	// damaged record, before anything of it is written: a zip cannot take
	// back half a file, and one damaged chunk must not keep everything
	// else from the lawyer.
	if err := e.v.CheckRecordingAudio(r.ID); err != nil {
		return bundle.RecordingJSON{}, e.leaveOut(ref, err)
	}
	recPath, _, err := e.writeRecord(ref)
	if err != nil {
		return bundle.RecordingJSON{}, e.leaveOut(ref, err)
	}
	// The canonical file the end record hashes: a WAV for PCM, an Ogg
	// Opus file for Opus (vault format 8), played by any player.
	file := "audio/recording-" + strconv.FormatInt(r.ID, 10) + r.Start.Format.Ext()
	f, err := e.w.Create(file)
	if err != nil {
		return bundle.RecordingJSON{}, fmt.Errorf("export %s: %w", ref, err)
	}
	sum, err := e.v.ExportAudio(r.ID, countingWriter{e, f})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return bundle.RecordingJSON{}, fmt.Errorf("export %s: %w", ref, err)
	}
	rj := bundle.RecordingJSON{
		ID: r.ID, File: file, SHA256: hex.EncodeToString(sum), Record: recPath, Entry: r.Start.EntryID,
		StartedAt: r.Start.StartedAt, EndedAt: r.End.EndedAt, DurationNS: r.End.DurationNS, State: r.End.State, Label: r.Start.Label,
	}
	ms, err := e.v.Markers(r.ID)
	if err != nil {
		return rj, fmt.Errorf("export %s markers: %w", ref, err)
	}
	if len(ms) != len(r.End.Markers) {
		return rj, fmt.Errorf("export %s: markers changed during the export: %w", ref, apperr.ErrDamaged)
	}
	for i, m := range r.End.Markers {
		mj := bundle.Marker{AtNS: int64(m.At), Wall: m.Wall, Label: m.Label}
		for _, l := range ms[i].Labels {
			p, _, err := e.writeRecord(markerLabelRef(l.LabelID))
			if errors.Is(err, errNewer) {
				break // labelled during the export: the bundle holds the marker as it was
			}
			if err != nil {
				return rj, err
			}
			mj.Labels = append(mj.Labels, bundle.MarkerLabel{Label: l.Label, RecordedAt: l.RecordedAt, Record: p})
		}
		if n := len(mj.Labels); n > 0 {
			cur := mj.Labels[n-1].Label
			mj.CurrentLabel = &cur
		}
		rj.Markers = append(rj.Markers, mj)
	}
	if e.plan.Selection.Metadata {
		canon, err := r.Start.Canonical()
		if err != nil {
			return rj, fmt.Errorf("export %s start: %w", ref, err)
		}
		rj.Start = "ledger/records/recording-" + strconv.FormatInt(r.ID, 10) + "-start.json"
		if err := e.w.WriteFile(rj.Start, canon); err != nil {
			return rj, fmt.Errorf("export %s start: %w", ref, err)
		}
	}
	return rj, nil
}

func (e *exporter) writeAttachment(a vault.Attachment) (bundle.AttachmentJSON, error) {
	ref := "attachment:" + strconv.FormatInt(a.ID, 10)
	recPath, _, err := e.writeRecord(ref)
	if err != nil {
		return bundle.AttachmentJSON{}, e.leaveOut(ref, err)
	}
	file := "attachments/attachment-" + strconv.FormatInt(a.ID, 10) + "-" + bundle.SafeName(a.Name)
	f, err := e.w.Create(file)
	if err != nil {
		return bundle.AttachmentJSON{}, fmt.Errorf("export %s: %w", ref, err)
	}
	sum, err := e.v.ExportAttachment(a.ID, countingWriter{e, f})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return bundle.AttachmentJSON{}, fmt.Errorf("export %s: %w", ref, err)
	}
	aj := bundle.AttachmentJSON{ID: a.ID, File: file, Name: a.Name, SHA256: hex.EncodeToString(sum), Record: recPath,
		Size: a.Size, MediaType: a.MediaType, Entry: a.EntryID, ImportedAt: a.ImportedAt}
	return aj, nil
}

// hoursFile is data/hours.json.
type hoursFile struct {
	Records []hoursRecordRef `json:"records"`
	Report  hours.Report     `json:"report"`
	Notes   []string         `json:"notes_en"`
	NotesJA []string         `json:"notes_ja"`
}

type hoursRecordRef struct {
	Date   string `json:"date"`
	Record string `json:"record"`
}

// writeHours exports the hours log and returns the ids of the rules its
// flags point to.
func (e *exporter) writeHours(doc *report.Document) ([]string, error) {
	if !e.plan.Selection.Hours || len(e.plan.Hours) == 0 {
		return nil, nil
	}
	var hf hoursFile
	var kept []record.Hours
	for _, h := range e.plan.Hours {
		ref := "hours:" + strconv.FormatInt(h.HoursID, 10)
		p, _, err := e.writeRecord(ref)
		if errors.Is(err, errNewer) {
			continue
		}
		if err := e.leaveOut(ref, err); errors.Is(err, errLeftOut) {
			continue
		} else if err != nil {
			return nil, err
		}
		hf.Records = append(hf.Records, hoursRecordRef{Date: h.Date, Record: p})
		kept = append(kept, h)
	}
	days, err := hours.FromRecords(kept)
	if err != nil {
		return nil, fmt.Errorf("export hours: %w", err)
	}
	hopts, _ := settings.Hours(e.v) // an unreadable setting counts as unset
	if e.opts.HoursOptions != nil {
		hopts = *e.opts.HoursOptions
	}
	rep, err := hours.Compute(days, hopts)
	if err != nil {
		return nil, fmt.Errorf("export hours: %w", err)
	}
	hf.Report, hf.Notes, hf.NotesJA = rep, hours.Notes("en"), hours.Notes("ja")
	var csvBuf bytes.Buffer
	csvBuf.WriteString("\ufeff")
	if err := hours.WriteCSV(&csvBuf, days); err != nil {
		return nil, fmt.Errorf("export hours: %w", err)
	}
	e.derive("hours.csv", csvBuf.Bytes())
	b, err := json.MarshalIndent(hf, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("export hours: %w", err)
	}
	e.derive("hours.json", append(b, '\n'))
	e.res.HoursDays, e.res.HoursFlags = len(days), len(rep.Flags)

	second := e.second()
	h := &report.Hours{Note: report.Text{JA: strings.Join(hours.Notes("ja"), "\n"), EN: strings.Join(hours.Notes(second), "\n")}}
	for _, m := range rep.Months {
		p := m.Premiums
		h.Months = append(h.Months, report.Month{Month: m.Month, Days: m.DaysWorked, Total: m.Worked.Hours(),
			Overtime: m.Overtime.Hours(), HolidayWork: m.HolidayWork.Hours(), LateNight: m.LateNight.Hours(),
			Premiums: report.Premiums{Overtime25: p.Overtime25.Hours(), Overtime50: p.Overtime50.Hours(), Holiday35: p.Holiday35.Hours(),
				Night25: p.Night25.Hours(), OvertimeNight50: p.OvertimeNight50.Hours(), OvertimeNight75: p.OvertimeNight75.Hours(),
				HolidayNight60: p.HolidayNight60.Hours()}})
	}
	source, basis := map[string]string{}, map[string]string{} // date → where its latest record came from, and its basis
	for _, k := range kept {
		source[k.Date], basis[k.Date] = k.Source, k.Basis
	}
	cat := i18n.Default()
	for _, d := range rep.Days {
		src := report.Text{JA: cat.T("ja", "report.hours.source.app"), EN: cat.T(second, "report.hours.source.app")}
		if s := source[d.Date.String()]; strings.HasPrefix(s, "csv ") {
			file, _, _ := strings.Cut(strings.TrimPrefix(s, "csv "), " line ")
			src = report.Text{JA: cat.T("ja", "report.hours.source.csv", file), EN: cat.T(second, "report.hours.source.csv", file)}
		} else if s != "app" && s != "" {
			src = report.Text{JA: s, EN: s}
		}
		// What the times were taken from comes first: it is what a
		// lawyer weighs (a time card over a note); how they reached
		// Kiroku follows.
		if b := basis[d.Date.String()]; b != "" {
			src = report.Text{JA: cat.KeyOr("ja", "hours.basis.", b) + "（" + src.JA + "）", EN: cat.KeyOr(second, "hours.basis.", b) + " (" + src.EN + ")"}
		}
		h.Days = append(h.Days, report.HoursDay{Date: d.Date.String(), Weekday: int(d.Date.Weekday()),
			Start: d.Start.String(), End: d.End.String(), Break: d.BreakMinutes,
			Type:   report.Text{JA: d.Type.Label("ja"), EN: d.Type.Label(second)},
			Worked: d.Worked.Hours(), Overtime: d.Overtime.Hours(), HolidayWork: d.HolidayWork.Hours(), LateNight: d.LateNight.Hours(),
			Source: src})
	}
	var ruleIDs []string
	for _, f := range rep.Flags {
		period := f.From
		if f.To != f.From {
			period += ".." + f.To
		}
		h.Flags = append(h.Flags, report.Flag{Period: period, RuleID: f.Rule, Text: report.Text{JA: f.Text("ja"), EN: f.Text(second)}})
		for _, id := range append([]string{f.Rule}, f.Related...) {
			if id != "" && !slices.Contains(ruleIDs, id) {
				ruleIDs = append(ruleIDs, id)
			}
		}
	}
	doc.Hours = h
	return ruleIDs, nil
}

// writeRules writes the rule summaries related to the exported entries and
// hours flags, and rules/README.md saying which entries relate to which.
func (e *exporter) writeRules(doc *report.Document, ruleEntries map[string][]int64, hoursRules []string) error {
	var ids []string
	for _, r := range e.lib.Rules() { // library order
		if _, ok := ruleEntries[r.ID]; ok {
			ids = append(ids, r.ID)
		}
	}
	e.res.Rules = ids
	if len(ids) == 0 {
		return nil
	}
	var idx strings.Builder
	lang := e.opts.Lang
	both := lang == report.LangBoth || strings.HasPrefix(lang, "ja+")
	if lang == report.LangJA || both {
		idx.WriteString("# 関係しうる法令・基準の解説\n\n各要約は法律相談の代わりではありません。出典の資料で確かめてください。\n\n")
	}
	if lang == report.LangEN || both {
		idx.WriteString("# Related rule summaries\n\nEach is a summary, not legal advice; check the cited source.\n\n")
	}
	for _, id := range ids {
		r, _ := e.lib.Rule(id)
		e.derive("rules/"+id+".md", ruleMarkdown(r, e.lib, lang))
		fmt.Fprintf(&idx, "- [%s](%s.md)", title(r.Title, lang), id)
		var refs []string
		for _, eid := range ruleEntries[id] {
			refs = append(refs, "#"+strconv.FormatInt(eid, 10))
		}
		if len(refs) > 0 {
			fmt.Fprintf(&idx, ": %s %s", label(lang, "記録", "entries"), strings.Join(refs, ", "))
		}
		if slices.Contains(hoursRules, id) {
			if len(refs) > 0 {
				idx.WriteString(";")
			} else {
				idx.WriteString(":")
			}
			fmt.Fprintf(&idx, " %s", label(lang, "労働時間の記録（hours.json）", "hours log flags (hours.json)"))
		}
		idx.WriteString("\n")
		rr := report.Rule{ID: r.ID, Title: e.text(r.Title), Summary: e.text(r.Summary), Caution: e.text(r.Caution),
			Notice: e.text(r.Notice), EntryIDs: ruleEntries[id]}
		for _, p := range r.Points {
			rr.Points = append(rr.Points, e.text(p))
		}
		for _, p := range r.Evidence {
			rr.Evidence = append(rr.Evidence, e.text(p))
		}
		for _, s := range r.Sources {
			rr.Sources = append(rr.Sources, report.Source{Document: e.text(s.Document.Title), Edition: e.text(s.Document.Edition),
				Section: e.text(s.Section), Pages: s.Pages, Note: e.text(s.Document.Note)})
		}
		doc.Rules = append(doc.Rules, rr)
	}
	e.derive("rules/README.md", []byte(idx.String()))
	return nil
}

func label(lang, ja, en string) string {
	switch lang {
	case report.LangJA:
		return ja
	case report.LangEN:
		return en
	}
	return ja + " / " + en
}

func title(t rules.Text, lang string) string {
	switch lang {
	case report.LangJA:
		return t.JA
	case report.LangEN:
		return t.EN
	}
	return t.JA + " / " + t.In(report.Second(lang))
}

func ruleMarkdown(r rules.Rule, lib *rules.Library, lang string) []byte {
	var b strings.Builder
	for _, l := range []string{report.LangJA, report.Second(lang)} {
		if lang != report.LangBoth && lang != l && !strings.HasPrefix(lang, "ja+") {
			continue
		}
		fmt.Fprintf(&b, "# %s\n\n", r.Title.In(l))
		fmt.Fprintf(&b, "> %s\n\n", r.Notice.In(l))
		if c := r.Caution.In(l); c != "" {
			fmt.Fprintf(&b, "**%s** %s\n\n", pick(l, "注意:", "Note:"), c)
		}
		fmt.Fprintf(&b, "%s\n\n", r.Summary.In(l))
		if len(r.Points) > 0 {
			fmt.Fprintf(&b, "## %s\n\n", pick(l, "要点", "Key points"))
			for _, p := range r.Points {
				fmt.Fprintf(&b, "- %s\n", p.In(l))
			}
			b.WriteString("\n")
		}
		if len(r.Evidence) > 0 {
			fmt.Fprintf(&b, "## %s\n\n", pick(l, "大切な証拠", "Evidence that matters"))
			for _, p := range r.Evidence {
				fmt.Fprintf(&b, "- %s\n", p.In(l))
			}
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "## %s\n\n", pick(l, "出典", "Sources"))
		for _, s := range r.Sources {
			fmt.Fprintf(&b, "- %s (%s), %s", s.Document.Title.In(l), s.Document.Edition.In(l), s.Section.In(l))
			if s.Pages != "" {
				fmt.Fprintf(&b, ", %s %s", pick(l, "ページ", "p."), s.Pages)
			}
			if n := s.Document.Note.In(l); n != "" {
				fmt.Fprintf(&b, ". %s", n)
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

func pick(lang, ja, en string) string {
	if lang == report.LangJA {
		return ja
	}
	return en
}

// stampExport timestamps the export link when the user has timestamps on.
// A token for a later head (a recording wrote meanwhile) is kept in the
// vault but not put in this bag, whose chain ends at the export link.
func (e *exporter) stampExport(link ledger.Link) {
	if e.opts.StampExport == nil {
		return
	}
	a, err := e.opts.StampExport(e.ctx)
	switch {
	case err != nil:
		e.res.StampErr = err.Error()
	case a.Seq == link.Seq && a.Link == link.Hash:
		e.anchors = append(e.anchors, a)
		e.res.Anchors = len(e.anchors)
	}
}

// anchorsDoc lists the anchors in the report.
func (e *exporter) anchorsDoc(doc *report.Document) {
	for _, a := range e.anchors {
		doc.Anchors = append(doc.Anchors, report.Anchor{Seq: a.Seq, Link: a.Link.String(), TSA: a.Signer + " (" + a.TSA + ")", Time: a.GenTime})
	}
}

// writeLedger writes chain.json, links.jsonl (up to the bag's head) and
// the anchors.
func (e *exporter) writeLedger() error {
	ch := bundle.Chain{Format: bundle.ChainFormat, VaultID: hex.EncodeToString(e.v.ID()), Genesis: ledger.Genesis(e.v.ID()),
		Head: bundle.ChainHead{Seq: e.bagHead.Seq, Link: e.bagHead.Hash}}
	b, err := json.MarshalIndent(ch, "", "  ")
	if err != nil {
		return fmt.Errorf("export ledger: %w", err)
	}
	if err := e.w.WriteFile("ledger/chain.json", append(b, '\n')); err != nil {
		return fmt.Errorf("export ledger: %w", err)
	}
	lj, err := bundle.FormatLinks(e.links)
	if err != nil {
		return fmt.Errorf("export ledger: %w", err)
	}
	if err := e.w.WriteFile("ledger/links.jsonl", lj); err != nil {
		return fmt.Errorf("export ledger: %w", err)
	}
	for _, a := range e.anchors {
		base := "ledger/anchors/" + strconv.FormatUint(a.Seq, 10)
		if err := e.w.WriteFile(base+".txt", ledger.AnchorText(e.v.ID(), a.Seq, a.Link)); err != nil {
			return fmt.Errorf("export anchors: %w", err)
		}
		if err := e.w.WriteFile(base+".tsr", a.Response); err != nil {
			return fmt.Errorf("export anchors: %w", err)
		}
	}
	return nil
}

// FilingsDir is the bag folder of the documents a lawyer files (issue 15).
// Their file names are ASCII (the titles inside are Japanese): unzip in a
// C locale, an older Windows Explorer and `sha256sum -c` then all find
// them by the names the manifest gives.
const FilingsDir = "filings/"

// writeFilings writes the documents a lawyer files into data/filings/:
// the draft 証拠説明書, the 時系列表 and the 陳述書 draft, as PDF and as
// Word files to edit, and the chronology as an Excel sheet too, all from
// the report's model.
func (e *exporter) writeFilings(doc *report.Document) error {
	ex := report.Exhibits(doc, e.opts.Exhibits)
	rows := report.Chronology(doc, ex)
	secs := report.Statement(doc, ex)
	author := e.opts.Exhibits.Author
	type filing struct {
		name  string
		write func(io.Writer) error
	}
	files := []filing{
		{"exhibit-list.pdf", func(w io.Writer) error { return report.WriteExhibitList(w, doc, ex) }},
		{"exhibit-list.docx", func(w io.Writer) error { return filings.WriteExhibitListDOCX(w, doc, ex) }},
		{"chronology.pdf", func(w io.Writer) error { return report.WriteChronology(w, doc, rows) }},
		{"chronology.docx", func(w io.Writer) error { return filings.WriteChronologyDOCX(w, doc, rows) }},
		{"chronology.xlsx", func(w io.Writer) error { return filings.WriteChronologyXLSX(w, doc, rows) }},
		{"statement-draft.pdf", func(w io.Writer) error { return report.WriteStatement(w, doc, author, secs) }},
		{"statement-draft.docx", func(w io.Writer) error { return filings.WriteStatementDOCX(w, doc, author, secs) }},
	}
	// A 反訳書 for the current revision of each transcript in the bundle.
	for i, tj := range e.transcripts {
		if i+1 < len(e.transcripts) && e.transcripts[i+1].ID == tj.ID || tj.Kind == record.KindDelete {
			continue
		}
		t, err := record.ParseTranscriptRevision(e.transcriptCanon[tj.Record])
		if err != nil {
			return fmt.Errorf("export: transcript %d: %w", tj.ID, err)
		}
		tr := report.Transcript{Rev: t, File: "data/" + tj.File}
		files = append(files,
			filing{fmt.Sprintf("transcript-%d.pdf", tj.ID), func(w io.Writer) error { return report.WriteTranscript(w, doc, tr) }},
			filing{fmt.Sprintf("transcript-%d.docx", tj.ID), func(w io.Writer) error { return filings.WriteTranscriptDOCX(w, doc, tr) }})
	}
	for _, f := range files {
		if err := e.ctx.Err(); err != nil {
			return err
		}
		if err := e.deriveStream(FilingsDir+f.name, f.write); err != nil {
			return fmt.Errorf("export: %s: %w", f.name, err)
		}
	}
	return nil
}

// writeCSV writes data/entries.csv: one row per entry (latest revision),
// UTF-8 with a byte-order mark and CRLF line ends, as spreadsheet programs
// in Japan expect.
func (e *exporter) writeCSV(entries []bundle.EntryJSON) error {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	cw.Write([]string{"id", "event_time", "event_zone", "recorded_at", "edited_at", "revisions", "place", "people",
		"text", "quote", "witnesses", "categories", "impact", "actions", "lang",
		"recurrence", "since", "how_often", "duration", "affected", "consultations", "wants", "wants_note",
		"translation_translator", "translation_date", "translation"})
	for _, ej := range entries {
		// The current translations (訳文): translator, date, and each
		// part as "key: text", one a line (entries.json keeps them apart).
		var who, when, tl []string
		for _, t := range reportTranslations(ej, nil) {
			who, when = append(who, t.Translator), append(when, t.TranslatedOn)
			for _, p := range t.Parts {
				tl = append(tl, p.Key+": "+p.Translated)
			}
		}
		first, last := ej.Revisions[0], ej.Revisions[len(ej.Revisions)-1]
		f := last.Fields
		var people []string
		for _, p := range f.People {
			people = append(people, p.Name+" ("+p.Role+")")
		}
		cw.Write([]string{strconv.FormatInt(ej.ID, 10), f.EventTime.Format(time.RFC3339), f.EventZone,
			first.RecordedAt.Format(time.RFC3339), last.RecordedAt.Format(time.RFC3339), strconv.Itoa(last.Rev), csvSafe(f.Place),
			csvSafe(strings.Join(people, "; ")), csvSafe(f.Text), csvSafe(csvQuotes(f.AllQuotes())),
			csvSafe(strings.Join(f.Witnesses, "; ")), strings.Join(f.Categories, "; "),
			csvSafe(f.Impact), csvSafe(f.Actions), f.Lang,
			f.Recurrence, f.Since, csvSafe(f.HowOften), csvSafe(f.Duration), csvSafe(strings.Join(f.Affected, "; ")),
			csvSafe(csvConsultations(f.Consultations)), strings.Join(f.Wants, "; "), csvSafe(f.WantsNote),
			csvSafe(strings.Join(who, "; ")), strings.Join(when, "; "), csvSafe(strings.Join(tl, "\n"))})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export entries.csv: %w", err)
	}
	e.derive("entries.csv", buf.Bytes())
	return nil
}

// csvQuotes writes quotes one a line, "speaker: words" when the speaker
// is said. The words are exact; entries.json keeps them apart.
func csvQuotes(qs []record.Quote) string {
	var lines []string
	for _, q := range qs {
		if q.Speaker != "" {
			lines = append(lines, q.Speaker+": "+q.Words)
		} else {
			lines = append(lines, q.Words)
		}
	}
	return strings.Join(lines, "\n")
}

// csvConsultations writes consultations one a line: date, whom (an id of
// record.ConsultedWith), name, response, separated by " | ".
func csvConsultations(cs []record.Consultation) string {
	var lines []string
	for _, c := range cs {
		lines = append(lines, strings.Join([]string{c.Date, c.With, c.Name, c.Response}, " | "))
	}
	return strings.Join(lines, "\n")
}

// csvSafe keeps a spreadsheet from running a cell as a formula (a cell
// starting with = + - @ or a tab): the text is prefixed with a quote mark,
// which spreadsheets show as text. entries.json keeps the exact words.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
