package bundle

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kiroku-app/kiroku/internal/ledger"
)

// BundleFormat is the value of Kiroku-Bundle-Format in bag-info.txt.
// Format 2 carries the export record binding the derived files (when the
// vault could take one); format 1 bundles have none.
const BundleFormat = "2"

// BagInfo is what bag-info.txt says about a bag besides its payload.
type BagInfo struct {
	VaultID  []byte      // Kiroku-Vault-ID
	HeadSeq  uint64      // Kiroku-Ledger-Head: seq
	HeadLink ledger.Hash // Kiroku-Ledger-Head: link
	// HeadTime is the recorded time of the ledger head. A zip's entries all
	// carry it as modification time, so the same payload gives the same
	// zip bytes for the payload. Zero: 1980-01-01, the earliest zip time.
	HeadTime time.Time
	// Date is the Bagging-Date; zero means today (local time).
	Date  time.Time
	Agent string  // Bag-Software-Agent; empty: "Kiroku"
	Extra []Field // more bag-info fields, each value on one line
}

// Writer builds a bag in a temporary sibling folder of its destination;
// only Commit or CommitZip give it its final name, so an export that fails,
// is cancelled or crashes never leaves anything under that name. Use it like
// a transaction:
//
//	w, err := bundle.NewWriter(dir)
//	...
//	defer w.Abort()
//	... w.Create / w.WriteFile ...
//	return w.Commit(info, bundle.VerifyText(...))
//
// Create may be called from several goroutines at once.
type Writer struct {
	dir string // final folder
	tmp string // temporary folder holding bagit layout (data/ inside)
	ctx context.Context

	mu     sync.Mutex
	files  map[string]*payloadFile // by payload path (without data/)
	folded map[string]string       // lower-cased path -> path, for case-insensitive file systems
	dirs   map[string]bool         // lower-cased folders holding payload files
	open   int
	done   bool // committed or aborted

	// Set for a stream (NewZipStream): payload files go straight into zw
	// as zip entries, in the order they are created, and nothing is staged
	// on any disk.
	zw    *zip.Writer
	bw    *bufio.Writer
	top   string
	mod   time.Time
	order []string // payload paths in creation order
}

type payloadFile struct {
	rel    string
	sum    [32]byte
	size   int64
	closed bool
}

// NewWriter starts a bag that will end up as folder dir, which must not
// exist yet (the error then wraps fs.ErrExist). The parent folder must exist.
func NewWriter(dir string) (*Writer, error) {
	return NewWriterContext(context.Background(), dir)
}

// NewWriterContext is NewWriter whose writes and commit fail with ctx's
// error once ctx is done. The caller still calls Abort.
func NewWriterContext(ctx context.Context, dir string) (*Writer, error) {
	dir = filepath.Clean(dir)
	if _, err := os.Lstat(dir); err == nil {
		return nil, fmt.Errorf("bundle %s: %w", dir, fs.ErrExist)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("bundle %s: %w", dir, err)
	}
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".partial-")
	if err != nil {
		return nil, fmt.Errorf("create temporary bag folder: %w", err)
	}
	if err := os.Mkdir(filepath.Join(tmp, "data"), 0o700); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("create temporary bag folder: %w", err)
	}
	return &Writer{
		dir: dir, tmp: tmp, ctx: ctx,
		files:  map[string]*payloadFile{},
		folded: map[string]string{},
		dirs:   map[string]bool{},
	}, nil
}

// NewZipStream starts a bag written as a zip straight into out, under one
// top folder named top, every entry with modification time mod (zero:
// 1980-01-01). Payload files become zip entries in the order they are
// created, one open at a time; FinishZip appends the tag files (they need
// every payload hash) and ends the zip. Nothing touches a disk: an
// encrypted export hands the encryptor as out, so no plaintext byte
// reaches the destination drive, not even in a temporary file. Closing
// or removing whatever out writes to is the caller's business.
func NewZipStream(ctx context.Context, out io.Writer, top string, mod time.Time) (*Writer, error) {
	if err := checkPath(top); err != nil || strings.Contains(top, "/") || strings.HasPrefix(top, ".") {
		return nil, fmt.Errorf("bundle zip top folder %q: not a plain visible folder name", top)
	}
	bw := bufio.NewWriterSize(out, 1<<20)
	return &Writer{
		ctx: ctx, zw: newZipWriter(bw), bw: bw, top: top, mod: zipTime(mod),
		files:  map[string]*payloadFile{},
		folded: map[string]string{},
		dirs:   map[string]bool{},
	}, nil
}

// Create starts payload file rel (a path under data/, e.g.
// "audio/recording-1.wav"). The file is hashed as it is written, in one
// pass. Close it before Commit.
func (w *Writer) Create(rel string) (io.WriteCloser, error) {
	if err := checkPath(rel); err != nil {
		return nil, fmt.Errorf("bundle payload: %w", err)
	}
	if err := w.ctx.Err(); err != nil {
		return nil, fmt.Errorf("bundle payload %s: %w", rel, err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return nil, fmt.Errorf("bundle payload %s: writer already committed or aborted", rel)
	}
	low := strings.ToLower(rel)
	if other, dup := w.folded[low]; dup {
		return nil, fmt.Errorf("bundle payload %s: %w (same name as %s)", rel, fs.ErrExist, other)
	}
	// A file cannot also be a folder: "a" then "a/b", or "a/b" then "a".
	for p := path.Dir(low); p != "."; p = path.Dir(p) {
		if _, clash := w.folded[p]; clash {
			return nil, fmt.Errorf("bundle payload %s: %s is a file", rel, p)
		}
	}
	if w.dirs[low] {
		return nil, fmt.Errorf("bundle payload %s: is a folder of other files", rel)
	}
	if w.zw != nil {
		// A zip takes one entry at a time.
		if w.open > 0 {
			return nil, fmt.Errorf("bundle payload %s: another payload file is still open", rel)
		}
		ew, err := w.zw.CreateHeader(w.header("data/" + rel))
		if err != nil {
			return nil, fmt.Errorf("bundle payload %s: %w", rel, err)
		}
		pf := w.add(rel, low)
		w.order = append(w.order, rel)
		return &fileWriter{w: w, pf: pf, out: ew, h: sha256.New()}, nil
	}
	full := filepath.Join(w.tmp, "data", filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o700); err != nil {
		return nil, fmt.Errorf("bundle payload %s: %w", rel, err)
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("bundle payload %s: %w", rel, err)
	}
	pf := w.add(rel, low)
	buf := bufPool.Get().(*bufio.Writer)
	buf.Reset(f)
	return &fileWriter{w: w, pf: pf, f: f, buf: buf, out: buf, h: sha256.New()}, nil
}

// add registers payload file rel (w.mu held).
func (w *Writer) add(rel, low string) *payloadFile {
	pf := &payloadFile{rel: rel}
	w.files[rel] = pf
	w.folded[low] = rel
	for p := path.Dir(low); p != "." && !w.dirs[p]; p = path.Dir(p) {
		w.dirs[p] = true
	}
	w.open++
	return pf
}

// WriteFile writes a whole payload file.
func (w *Writer) WriteFile(rel string, b []byte) error {
	f, err := w.Create(rel)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// bufPool recycles the 1 MiB write buffers: a bundle has thousands of
// small record files, and a fresh buffer for each cost more than the rest
// of the export.
var bufPool = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 1<<20) }}

// fileWriter hashes and counts what it writes to a payload file: a staged
// file (f, through buf) or a zip entry of a stream.
type fileWriter struct {
	w      *Writer
	pf     *payloadFile
	f      *os.File      // nil for a zip entry
	buf    *bufio.Writer // nil for a zip entry
	out    io.Writer
	h      hash.Hash
	n      int64
	err    error
	closed bool
}

func (fw *fileWriter) Write(p []byte) (int, error) {
	if fw.closed {
		return 0, fmt.Errorf("bundle payload %s: write after close", fw.pf.rel)
	}
	if fw.err != nil {
		return 0, fw.err
	}
	if err := fw.w.ctx.Err(); err != nil {
		fw.err = fmt.Errorf("bundle payload %s: %w", fw.pf.rel, err)
		return 0, fw.err
	}
	n, err := fw.out.Write(p)
	fw.h.Write(p[:n])
	fw.n += int64(n)
	if err != nil {
		fw.err = fmt.Errorf("bundle payload %s: %w", fw.pf.rel, err)
	}
	return n, fw.err
}

// Close flushes the file and records its hash and size.
func (fw *fileWriter) Close() error {
	if fw.closed {
		return nil
	}
	fw.closed = true
	// Not synced here: CommitZip never needs the folder's files on disk
	// durably (only the zip), and Commit syncs them all at once.
	err := fw.err
	if fw.f != nil {
		if err == nil {
			if err = fw.buf.Flush(); err != nil {
				err = fmt.Errorf("bundle payload %s: %w", fw.pf.rel, err)
			}
		}
		fw.buf.Reset(nil)
		bufPool.Put(fw.buf)
		if cerr := fw.f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("bundle payload %s: %w", fw.pf.rel, cerr)
		}
	}
	fw.w.mu.Lock()
	defer fw.w.mu.Unlock()
	fw.w.open--
	if err != nil {
		fw.err = err
		return err
	}
	fw.h.Sum(fw.pf.sum[:0])
	fw.pf.size = fw.n
	fw.pf.closed = true
	return nil
}

// Abort removes the temporary folder. After Commit it does nothing, so
// `defer w.Abort()` is always right.
func (w *Writer) Abort() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return nil
	}
	w.done = true
	if w.tmp == "" {
		return nil // a stream: its caller removes what it wrote to
	}
	if err := os.RemoveAll(w.tmp); err != nil {
		return fmt.Errorf("remove unfinished bag: %w", err)
	}
	return nil
}

// tagFiles returns the tag files of the bag (name -> content) in the order
// they must be written: the tag manifest last, since it covers the others.
func (w *Writer) tagFiles(info BagInfo, verifyText []byte) ([]string, map[string][]byte, error) {
	var payload []ManifestEntry
	var oxum Oxum
	for _, pf := range w.files {
		if !pf.closed {
			return nil, nil, fmt.Errorf("bundle payload %s was not closed", pf.rel)
		}
		payload = append(payload, ManifestEntry{SHA256: hex.EncodeToString(pf.sum[:]), Path: "data/" + pf.rel})
		oxum.Bytes += pf.size
		oxum.Files++
	}
	agent := info.Agent
	if agent == "" {
		agent = "Kiroku"
	}
	date := info.Date
	if date.IsZero() {
		date = time.Now()
	}
	if len(info.VaultID) == 0 {
		return nil, nil, errors.New("bag-info: the vault id is missing")
	}
	fields := []Field{
		{"Bag-Software-Agent", agent},
		{"Bagging-Date", date.Format("2006-01-02")},
		{"Payload-Oxum", oxum.String()},
		{"Kiroku-Bundle-Format", BundleFormat},
		{"Kiroku-Vault-ID", hex.EncodeToString(info.VaultID)},
		{"Kiroku-Ledger-Head", strconv.FormatUint(info.HeadSeq, 10) + " " + info.HeadLink.String()},
	}
	reserved := len(fields)
	for _, f := range info.Extra {
		if _, n := fieldValue(fields[:reserved], f.Label); n > 0 {
			return nil, nil, fmt.Errorf("bag-info: %s is set by the writer", f.Label)
		}
		fields = append(fields, f)
	}
	bagInfo, err := FormatBagInfo(fields)
	if err != nil {
		return nil, nil, fmt.Errorf("bag-info: %w", err)
	}
	files := map[string][]byte{
		bagitTxt:    []byte(bagitContent),
		bagInfoTxt:  bagInfo,
		manifestTxt: FormatManifest(payload),
		verifyTxt:   verifyText,
	}
	var tags []ManifestEntry
	for name, b := range files {
		sum := sha256.Sum256(b)
		tags = append(tags, ManifestEntry{SHA256: hex.EncodeToString(sum[:]), Path: name})
	}
	files[tagManifestTxt] = FormatManifest(tags)
	return []string{bagitTxt, bagInfoTxt, manifestTxt, verifyTxt, tagManifestTxt}, files, nil
}

// begin takes the writer for a commit.
func (w *Writer) begin() error {
	if w.done {
		return errors.New("bundle writer already committed or aborted")
	}
	if w.open > 0 {
		return fmt.Errorf("bundle: %d payload files still open", w.open)
	}
	if err := w.ctx.Err(); err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	return nil
}

// FinishZip ends a stream (NewZipStream): the tag files are its last
// entries (bagit.txt, bag-info.txt, manifest, VERIFY.txt, tag manifest),
// then the zip's directory. The bytes are flushed to the stream's writer.
func (w *Writer) FinishZip(info BagInfo, verifyText []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.zw == nil {
		return errors.New("bundle: FinishZip on a bag that is not a stream")
	}
	if err := w.begin(); err != nil {
		return err
	}
	order, files, err := w.tagFiles(info, verifyText)
	if err != nil {
		return err
	}
	for _, name := range order {
		ew, err := w.zw.CreateHeader(w.header(name))
		if err != nil {
			return fmt.Errorf("zip %s: %w", name, err)
		}
		if _, err := ew.Write(files[name]); err != nil {
			return fmt.Errorf("zip %s: %w", name, err)
		}
	}
	if err := w.zw.Close(); err != nil {
		return fmt.Errorf("finish zip: %w", err)
	}
	if err := w.bw.Flush(); err != nil {
		return fmt.Errorf("write zip: %w", err)
	}
	w.done = true
	return nil
}

// header is the zip entry header of bag path name in a stream.
func (w *Writer) header(name string) *zip.FileHeader {
	fh := &zip.FileHeader{Name: w.top + "/" + name, Method: zipMethod(name), Modified: w.mod}
	fh.SetMode(0o644)
	return fh
}

// Commit writes the tag files, syncs every file and folder, and renames the
// temporary folder to its final name.
func (w *Writer) Commit(info BagInfo, verifyText []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.zw != nil {
		return errors.New("bundle: Commit on a stream; use FinishZip")
	}
	if err := w.begin(); err != nil {
		return err
	}
	order, files, err := w.tagFiles(info, verifyText)
	if err != nil {
		return err
	}
	for _, name := range order {
		if err := writeSynced(filepath.Join(w.tmp, name), files[name]); err != nil {
			return err
		}
	}
	if err := w.syncPayload(); err != nil {
		return err
	}
	if err := syncTree(w.tmp); err != nil {
		return err
	}
	if err := w.ctx.Err(); err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	if err := renameNew(w.tmp, w.dir); err != nil {
		return err
	}
	w.done = true
	return syncDir(filepath.Dir(w.dir))
}

// syncPayload syncs every payload file, several at a time so that the file
// system can commit them together.
func (w *Writer) syncPayload() error {
	ch := make(chan string)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rel := range ch {
				if err := syncFile(filepath.Join(w.tmp, "data", filepath.FromSlash(rel))); err != nil {
					select {
					case errs <- fmt.Errorf("bundle payload %s: %w", rel, err):
					default:
					}
				}
			}
		}()
	}
	for rel := range w.files {
		ch <- rel
	}
	close(ch)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

func syncFile(name string) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// CommitZip delivers the bag as one zip file at zipPath instead of a folder:
// entries sorted by name under one top folder named like the zip (without
// ".zip"), all with the modification time info.HeadTime. Media that is
// already compressed (WAV too: PCM barely deflates and is large) is stored,
// text-like files are deflated. The zip is written under a temporary name
// and renamed; the temporary folder is removed.
func (w *Writer) CommitZip(zipPath string, info BagInfo, verifyText []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.zw != nil {
		return errors.New("bundle: CommitZip on a stream; use FinishZip")
	}
	if err := w.begin(); err != nil {
		return err
	}
	zipPath = filepath.Clean(zipPath)
	if _, err := os.Lstat(zipPath); err == nil {
		return fmt.Errorf("bundle %s: %w", zipPath, fs.ErrExist)
	}
	_, tagData, err := w.tagFiles(info, verifyText)
	if err != nil {
		return err
	}
	top := strings.TrimSuffix(filepath.Base(zipPath), filepath.Ext(zipPath))
	if err := checkPath(top); err != nil || strings.Contains(top, "/") {
		return fmt.Errorf("bundle %s: the zip's name cannot be a folder name in it", zipPath)
	}
	f, err := os.CreateTemp(filepath.Dir(zipPath), "."+filepath.Base(zipPath)+".partial-")
	if err != nil {
		return fmt.Errorf("create temporary zip: %w", err)
	}
	tmpZip := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmpZip)
		}
	}()
	if err := w.writeZip(f, top, info.HeadTime, tagData); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", tmpZip, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmpZip, err)
	}
	if err := w.ctx.Err(); err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	if err := renameNew(tmpZip, zipPath); err != nil {
		return err
	}
	ok = true
	w.done = true
	if err := syncDir(filepath.Dir(zipPath)); err != nil {
		return err
	}
	if err := os.RemoveAll(w.tmp); err != nil {
		return fmt.Errorf("remove temporary bag folder: %w", err)
	}
	return nil
}

// zipLevel is the deflate level for text-like files: they are small next
// to audio, and level 5 is within a few percent of 9 on JSON and text.
const zipLevel = 5

func (w *Writer) writeZip(out io.Writer, top string, mod time.Time, tags map[string][]byte) error {
	bw := bufio.NewWriterSize(out, 1<<20)
	zw := newZipWriter(bw)
	mod = zipTime(mod)
	var names []string
	for name := range tags {
		names = append(names, name)
	}
	for rel := range w.files {
		names = append(names, "data/"+rel)
	}
	sort.Strings(names)
	buf := make([]byte, 1<<20)
	for _, name := range names {
		if err := w.ctx.Err(); err != nil {
			return fmt.Errorf("bundle: %w", err)
		}
		fh := &zip.FileHeader{Name: top + "/" + name, Method: zipMethod(name), Modified: mod}
		fh.SetMode(0o644)
		ew, err := zw.CreateHeader(fh)
		if err != nil {
			return fmt.Errorf("zip %s: %w", name, err)
		}
		if b, ok := tags[name]; ok {
			if _, err := ew.Write(b); err != nil {
				return fmt.Errorf("zip %s: %w", name, err)
			}
			continue
		}
		if err := copyFileTo(ew, filepath.Join(w.tmp, filepath.FromSlash(name)), buf); err != nil {
			return fmt.Errorf("zip %s: %w", name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("finish zip: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write zip: %w", err)
	}
	return nil
}

func newZipWriter(out io.Writer) *zip.Writer {
	zw := zip.NewWriter(out)
	// A zip writes one entry at a time, so one compressor serves them all:
	// a new one for each of thousands of small records cost a megabyte of
	// garbage each.
	var fw *flate.Writer
	zw.RegisterCompressor(zip.Deflate, func(o io.Writer) (io.WriteCloser, error) {
		if fw == nil {
			var err error
			fw, err = flate.NewWriter(o, zipLevel)
			return fw, err
		}
		fw.Reset(o)
		return fw, nil
	})
	return zw
}

// zipTime is the modification time every entry carries.
func zipTime(mod time.Time) time.Time {
	if mod.IsZero() {
		mod = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return mod.UTC().Truncate(time.Second)
}

func copyFileTo(dst io.Writer, name string, buf []byte) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.CopyBuffer(dst, f, buf)
	return err
}

// storedExt lists extensions whose content is already compressed (or, for
// WAV, PCM that deflate barely shrinks at great cost): stored as is.
var storedExt = map[string]bool{
	".wav": true, ".flac": true, ".mp3": true, ".m4a": true, ".aac": true, ".ogg": true, ".opus": true,
	".mp4": true, ".mov": true, ".m4v": true, ".webm": true, ".avi": true, ".3gp": true,
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".heic": true, ".heif": true,
	".zip": true, ".gz": true, ".tgz": true, ".bz2": true, ".xz": true, ".7z": true, ".rar": true, ".zst": true,
	".docx": true, ".xlsx": true, ".pptx": true, ".odt": true, ".ods": true, ".epub": true,
}

func zipMethod(name string) uint16 {
	if storedExt[strings.ToLower(path.Ext(name))] {
		return zip.Store
	}
	return zip.Deflate
}

// writeSynced creates name (which must not exist) with b and syncs it.
func writeSynced(name string, b []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(name), err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(name), err)
	}
	return nil
}

// syncTree syncs every folder under root, deepest first, then root.
func syncTree(root string) error {
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			dirs = append(dirs, p)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sync bag folders: %w", err)
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		if err := syncDir(dirs[i]); err != nil {
			return err
		}
	}
	return nil
}

// renameNew renames from to to, refusing to replace anything at to (an
// empty folder would otherwise be replaced silently).
func renameNew(from, to string) error {
	if _, err := os.Lstat(to); err == nil {
		return fmt.Errorf("bundle %s: %w", to, fs.ErrExist)
	}
	if err := os.Rename(from, to); err != nil {
		return fmt.Errorf("bundle %s: %w", to, err)
	}
	return nil
}
