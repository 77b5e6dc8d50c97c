package bundle

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/kiroku-app/kiroku/internal/ledger"
)

// Limits on the files the verifier parses (it keeps them in memory while
// hashing so that what it parses is exactly what it hashed).
const (
	maxTagFile     = 64 << 20 // bagit.txt, bag-info.txt, manifests, VERIFY.txt
	maxLedgerIndex = 1 << 30  // entries.json, links.jsonl
	maxRecord      = 16 << 20 // one canonical record, chain.json, an anchor or token
	hashBufSize    = 1 << 20  // read size while hashing
	ledgerDir      = "data/ledger/"
	recordsDir     = "data/ledger/records/"
	anchorsDir     = "data/ledger/anchors/"
	entriesJSON    = "data/entries.json"
	chainJSON      = "data/ledger/chain.json"
	linksJSONL     = "data/ledger/links.jsonl"
	payloadPrefix  = "data/"
)

// keepLimit says whether the bytes of a bag file are kept for parsing, and
// up to what size.
func keepLimit(p string) int64 {
	switch {
	case !strings.Contains(p, "/"):
		return maxTagFile
	case p == entriesJSON || p == linksJSONL:
		return maxLedgerIndex
	case strings.HasPrefix(p, ledgerDir):
		return maxRecord
	}
	return 0
}

// ignoredName reports files that operating systems drop into folders they
// show (they are not part of any bag).
func ignoredName(p string) bool {
	base := path.Base(p)
	return base == ".DS_Store" || base == "Thumbs.db" || base == "desktop.ini" || strings.HasPrefix(base, "._")
}

type hashed struct {
	sum     string
	size    int64
	err     error
	data    []byte // the bytes, when kept
	tooBig  bool   // larger than its keep limit
	present bool
}

// Verify checks the bag at path (a folder or a .zip) as docs/FORMAT.md,
// "A verifier", describes: BagIt manifests and Payload-Oxum, the ledger
// chain, every exported record, entries.json against the records, and every
// timestamp. It returns an error only when the bag cannot be read at all
// (not a bag, unreadable, a refused zip) or ctx ends; everything found
// wrong with the content is in the report.
func Verify(ctx context.Context, path string, opts Options) (*Report, error) {
	src, err := openSource(path)
	if err != nil {
		return nil, err
	}
	defer src.close()
	r := &Report{Path: path, Form: src.kind(), Files: []FileResult{}, Records: []RecordResult{}, Anchors: []AnchorResult{}, Problems: []Problem{}}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	files, err := hashAll(ctx, src, workers)
	if err != nil {
		return nil, err
	}
	v := &verifier{r: r, files: files}
	v.checkBag()
	v.checkChain()
	v.checkRecords()
	v.checkEntries()
	v.checkAnchors()
	r.OK = len(r.Problems) == 0
	return r, nil
}

// hashAll hashes every regular file of src with workers goroutines,
// biggest first so that one large WAV does not finish last alone.
func hashAll(ctx context.Context, src source, workers int) (map[string]*hashed, error) {
	list := src.files()
	out := make(map[string]*hashed, len(list))
	var jobs []srcFile
	for _, f := range list {
		h := &hashed{size: f.size, present: true}
		out[f.path] = h
		switch {
		case f.bad != "":
			h.err = errors.New(f.bad)
		case ignoredName(f.path):
		default:
			jobs = append(jobs, f)
		}
	}
	sort.SliceStable(jobs, func(i, j int) bool { return jobs[i].size > jobs[j].size })
	ch := make(chan srcFile)
	var wg sync.WaitGroup
	for range min(workers, max(len(jobs), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, hashBufSize)
			for f := range ch {
				hashOne(ctx, src, f, out[f.path], buf)
			}
		}()
	}
	for _, f := range jobs {
		if ctx.Err() != nil {
			break
		}
		ch <- f
	}
	close(ch)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("verify bundle: %w", err)
	}
	return out, nil
}

// ctxReader stops a long read when the context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// keepBuffer keeps up to limit bytes and notes when there were more.
type keepBuffer struct {
	b      bytes.Buffer
	limit  int64
	tooBig bool
}

func (k *keepBuffer) Write(p []byte) (int, error) {
	if !k.tooBig {
		if int64(k.b.Len()+len(p)) > k.limit {
			k.tooBig = true
			k.b = bytes.Buffer{}
		} else {
			k.b.Write(p)
		}
	}
	return len(p), nil
}

func hashOne(ctx context.Context, src source, f srcFile, h *hashed, buf []byte) {
	rc, err := src.open(f)
	if err != nil {
		h.err = err
		return
	}
	defer rc.Close()
	sum := sha256.New()
	var w io.Writer = sum
	var keep *keepBuffer
	if limit := keepLimit(f.path); limit > 0 {
		keep = &keepBuffer{limit: limit}
		if f.size > 0 && f.size <= limit {
			keep.b.Grow(int(f.size))
		}
		w = io.MultiWriter(sum, keep)
	}
	n, err := io.CopyBuffer(w, ctxReader{ctx, rc}, buf)
	h.size = n
	if err != nil {
		h.err = err
		return
	}
	h.sum = hex.EncodeToString(sum.Sum(nil))
	if keep != nil {
		if keep.tooBig {
			h.tooBig = true
		} else {
			h.data = keep.b.Bytes()
			if h.data == nil {
				h.data = []byte{}
			}
		}
	}
}

type verifier struct {
	r     *Report
	files map[string]*hashed

	vaultID    []byte
	chainOK    bool           // chain.json and links.jsonl read (links may still break)
	links      map[string]int // ref -> index into linkList
	linkList   []ledger.Link
	recomputed [][32]byte // recomputed[i] is the link of seq i+1 from the genesis
	bagInfo    []Field
}

// data returns the kept bytes of a bag file, reporting why when there are
// none. It reports nothing for a missing file (the manifest check does).
func (v *verifier) data(p string) ([]byte, bool) {
	h, ok := v.files[p]
	if !ok || !h.present {
		return nil, false
	}
	if h.err != nil {
		return nil, false // reported as unreadable
	}
	if h.tooBig {
		v.r.problem("file.too_large", p, fmt.Sprintf("more than %d bytes", keepLimit(p)))
		return nil, false
	}
	return h.data, h.data != nil
}

// checkBag is step 1: bagit.txt, both manifests, every file, Payload-Oxum.
func (v *verifier) checkBag() {
	r := v.r
	if b, ok := v.data(bagitTxt); ok {
		fields, bad := ParseBagInfo(b)
		for _, e := range bad {
			r.problem("bagit.line", bagitTxt, e.Error())
		}
		if ver, _ := fieldValue(fields, "BagIt-Version"); ver != "1.0" {
			r.problem("bagit.version", bagitTxt, fmt.Sprintf("BagIt-Version %q", ver))
		}
		if enc, _ := fieldValue(fields, "Tag-File-Character-Encoding"); !strings.EqualFold(enc, "UTF-8") {
			r.problem("bagit.encoding", bagitTxt, fmt.Sprintf("Tag-File-Character-Encoding %q", enc))
		}
	} else if _, present := v.files[bagitTxt]; !present {
		r.problem("bagit.missing", bagitTxt, "")
	}

	expected := map[string]string{} // path -> sha256 from either manifest
	v.readManifest(manifestTxt, expected, true)
	v.readManifest(tagManifestTxt, expected, false)

	// Every listed file, then every present file that is not listed.
	var paths []string
	for p := range expected {
		paths = append(paths, p)
	}
	for p := range v.files {
		if _, ok := expected[p]; !ok {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	var oxum Oxum
	for _, p := range paths {
		h, present := v.files[p]
		want, listed := expected[p]
		fr := FileResult{Path: p, Expected: want}
		if present {
			fr.Size = h.size
			fr.Actual = h.sum
		}
		switch {
		case present && ignoredName(p) && !listed:
			fr.Status = StatusIgnored
		case !present:
			fr.Status = StatusMissing
		case h.err != nil:
			fr.Status = StatusUnreadable
			fr.Detail = h.err.Error()
		case !listed && strings.HasPrefix(p, payloadPrefix):
			fr.Status = StatusExtra
		case !listed && p == tagManifestTxt:
			fr.Status = StatusOK // covers the others; nothing covers it
		case !listed:
			fr.Status = StatusUnlisted
		case h.sum != want:
			fr.Status = StatusChanged
		default:
			fr.Status = StatusOK
		}
		if present && strings.HasPrefix(p, payloadPrefix) && fr.Status != StatusIgnored {
			oxum.Bytes += h.size
			oxum.Files++
		}
		if fr.Status != StatusOK && fr.Status != StatusIgnored {
			r.problem("file."+string(fr.Status), p, fr.Detail)
		}
		r.Files = append(r.Files, fr)
	}

	b, ok := v.data(bagInfoTxt)
	if !ok {
		if _, present := v.files[bagInfoTxt]; !present {
			r.problem("baginfo.missing", bagInfoTxt, "")
		}
		return
	}
	fields, bad := ParseBagInfo(b)
	v.bagInfo = fields
	for _, e := range bad {
		r.problem("baginfo.line", bagInfoTxt, e.Error())
	}
	declared, n := fieldValue(fields, "Payload-Oxum")
	r.PayloadOxum = declared
	switch o, err := ParseOxum(declared); {
	case n == 0:
		r.problem("baginfo.oxum_missing", bagInfoTxt, "")
	case n > 1 || err != nil:
		r.problem("baginfo.oxum_bad", bagInfoTxt, declared)
	case o != oxum:
		r.problem("baginfo.oxum", bagInfoTxt, fmt.Sprintf("declared %s, found %s", o, oxum))
	}
	// Format 1 (no export record) is still read: such bundles exist.
	if f, _ := fieldValue(fields, "Kiroku-Bundle-Format"); f != BundleFormat && f != "1" {
		r.problem("baginfo.format", bagInfoTxt, fmt.Sprintf("Kiroku-Bundle-Format %q", f))
	}
}

// readManifest checks a manifest's lines and adds them to expected. A
// payload manifest lists only data/ files; the tag manifest only files
// outside data/, and never itself.
func (v *verifier) readManifest(name string, expected map[string]string, payload bool) {
	r := v.r
	code := "manifest"
	if !payload {
		code = "tagmanifest"
	}
	b, ok := v.data(name)
	if !ok {
		if _, present := v.files[name]; !present {
			r.problem(code+".missing", name, "")
		}
		return
	}
	entries, bad := ParseManifest(b)
	for _, e := range bad {
		r.problem(code+".line", name, e.Error())
	}
	seen := map[string]bool{}
	for _, e := range entries {
		where := fmt.Sprintf("%s line %d: %q", name, e.Line, e.Path)
		if err := checkPath(e.Path); err != nil {
			r.problem(code+".path", name, where+": "+err.Error())
			continue
		}
		inData := strings.HasPrefix(e.Path, payloadPrefix)
		if payload != inData || e.Path == tagManifestTxt {
			r.problem(code+".path", name, where+": does not belong in this manifest")
			continue
		}
		if seen[e.Path] {
			r.problem(code+".duplicate", name, where)
			continue
		}
		seen[e.Path] = true
		expected[e.Path] = e.SHA256
	}
}
