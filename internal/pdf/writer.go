package pdf

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"maps"
	"slices"
	"strconv"
	"time"
)

// Info is the document information written to the /Info dictionary and
// the catalog.
type Info struct {
	Title    string    // any Unicode text; shown by viewers as the window title
	Lang     string    // natural language of the text, a BCP 47 tag such as "ja"
	Producer string    // written as both /Producer and /Creator
	Created  time.Time // /CreationDate and /ModDate; omitted when zero
}

// RGB is a colour in DeviceRGB.
type RGB struct{ R, G, B uint8 }

// Reserved object numbers: the catalog and the page tree root are written
// last but referred to from the start.
const (
	objCatalog = 1
	objPages   = 2
)

// ErrClosed is returned (sticky) when a Doc is used after Close.
var ErrClosed = errors.New("pdf: document is closed")

// Doc is a PDF document being written. Pages are written to the
// underlying writer as soon as the next one is started; what cannot be
// known until the end (fonts, the page tree, outlines, destinations) is
// written by Close. A Doc is not safe for concurrent use.
//
// The first error (from the writer or from a misuse such as a glyph the
// font does not have) is kept: later calls do nothing and Close returns it.
type Doc struct {
	bw   *bufio.Writer
	hash hash.Hash
	off  int64
	err  error
	info Info

	objs []int64 // objs[n] is the offset of object n; 0 while not yet written

	fonts   []*Font
	nextRes int // resource names /F1, /X1, ...

	page  *Page
	pages []int // page object numbers, in order

	later []*Later

	dests   map[string]dest
	linked  map[string]bool // names linked to and not yet defined
	outline []outlineItem

	// Scratch, reused from page to page.
	buf  []byte       // the object being assembled
	zbuf bytes.Buffer // compressed stream data
	zw   *zlib.Writer
	cont content // the current page's content stream
	done bool    // Close was called
}

// New starts a PDF 1.7 document on w and writes its header. Output goes
// through a 64 KB buffer, flushed by Close. The Doc does not close w.
func New(w io.Writer, info Info) *Doc {
	d := &Doc{
		bw:     bufio.NewWriterSize(w, 64<<10),
		hash:   sha256.New(),
		info:   info,
		objs:   make([]int64, objPages+1),
		dests:  map[string]dest{},
		linked: map[string]bool{},
	}
	d.cont.d = d
	// The second line's bytes above 127 tell transfer programs the file is
	// binary.
	d.write([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"))
	return d
}

// Err returns the first error met so far, so that a long job can stop
// early; Close returns it too.
func (d *Doc) Err() error { return d.err }

// PageCount returns the number of pages added so far.
func (d *Doc) PageCount() int { return len(d.pages) }

func (d *Doc) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

func (d *Doc) failf(format string, a ...any) { d.fail(fmt.Errorf(format, a...)) }

// write sends b to the output and to the running digest behind /ID.
func (d *Doc) write(b []byte) {
	if d.err != nil {
		return
	}
	d.hash.Write(b)
	n, err := d.bw.Write(b)
	d.off += int64(n)
	if err != nil {
		d.fail(fmt.Errorf("pdf: write: %w", err))
	}
}

// alloc reserves an object number; the object is written later with
// beginObj.
func (d *Doc) alloc() int {
	d.objs = append(d.objs, 0)
	return len(d.objs) - 1
}

// obj writes object n with the dictionary or value in body.
func (d *Doc) obj(n int, body []byte) {
	d.beginObj(n)
	d.write(body)
	d.write([]byte("\nendobj\n"))
}

func (d *Doc) beginObj(n int) {
	if d.err != nil {
		return
	}
	if d.objs[n] != 0 {
		panic("pdf: object " + strconv.Itoa(n) + " written twice")
	}
	d.objs[n] = d.off
	d.write(strconv.AppendInt(nil, int64(n), 10))
	d.write([]byte(" 0 obj\n"))
}

// stream writes object n as a Flate-compressed stream. dict holds extra
// dictionary entries (without << >>), such as "/Type /XObject".
func (d *Doc) stream(n int, dict []byte, data []byte) {
	if d.err != nil {
		return
	}
	d.zbuf.Reset()
	if d.zw == nil {
		d.zw, _ = zlib.NewWriterLevel(&d.zbuf, 3)
	} else {
		d.zw.Reset(&d.zbuf)
	}
	d.zw.Write(data) // writes to a bytes.Buffer cannot fail
	d.zw.Close()
	d.beginObj(n)
	b := make([]byte, 0, len(dict)+64)
	b = append(b, "<<"...)
	b = append(b, dict...)
	b = append(b, " /Filter /FlateDecode /Length "...)
	b = strconv.AppendInt(b, int64(d.zbuf.Len()), 10)
	b = append(b, " >>\nstream\n"...)
	d.write(b)
	d.write(d.zbuf.Bytes())
	d.write([]byte("\nendstream\nendobj\n"))
}

// resName returns a fresh resource name such as /F3 or /X4 (without the
// slash).
func (d *Doc) resName(prefix byte) string {
	d.nextRes++
	return string(prefix) + strconv.Itoa(d.nextRes)
}

// AddPage finishes the current page, writing it out, and starts a new one
// of w × h points.
func (d *Doc) AddPage(w, h float64) *Page {
	if d.done {
		d.fail(ErrClosed)
	}
	d.finishPage()
	p := &Page{d: d, w: w, h: h, obj: d.alloc()}
	d.pages = append(d.pages, p.obj)
	d.cont.reset(h)
	p.c = &d.cont
	d.page = p
	return p
}

// Close writes the last page and everything that had to wait for the end
// (see the package documentation), then the cross-reference table and the
// trailer. It returns the first error met while writing the document. It
// does not close the underlying writer.
func (d *Doc) Close() error {
	if d.done {
		return d.err
	}
	d.finishPage()
	d.done = true
	if len(d.pages) == 0 {
		d.fail(errors.New("pdf: document has no pages"))
	}
	if len(d.linked) > 0 {
		// Links whose destination was never defined; name the first in
		// order, so that the error is the same every time.
		names := slices.Sorted(maps.Keys(d.linked))
		d.failf("pdf: link to undefined destination %q (and %d more)", names[0], len(names)-1)
	}
	for _, l := range d.later {
		l.write()
	}
	for _, f := range d.fonts {
		f.write()
	}
	d.writePageTree()
	outlines := d.writeOutlines()
	names := d.writeDests()
	info := d.writeInfo()
	d.writeCatalog(outlines, names)
	d.writeXref(info)
	if err := d.bw.Flush(); err != nil {
		d.fail(fmt.Errorf("pdf: write: %w", err))
	}
	return d.err
}

func (d *Doc) writePageTree() {
	b := append(d.buf[:0], "<< /Type /Pages /Kids ["...)
	for i, n := range d.pages {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendRef(b, n)
	}
	b = append(b, "] /Count "...)
	b = strconv.AppendInt(b, int64(len(d.pages)), 10)
	b = append(b, " >>"...)
	d.obj(objPages, b)
	d.buf = b[:0]
}

func (d *Doc) writeInfo() int {
	n := d.alloc()
	b := append(d.buf[:0], "<<"...)
	if d.info.Title != "" {
		b = append(b, " /Title "...)
		b = appendText(b, d.info.Title)
	}
	if d.info.Producer != "" {
		b = append(b, " /Producer "...)
		b = appendText(b, d.info.Producer)
		b = append(b, " /Creator "...)
		b = appendText(b, d.info.Producer)
	}
	if !d.info.Created.IsZero() {
		b = append(b, " /CreationDate "...)
		b = appendDate(b, d.info.Created)
		b = append(b, " /ModDate "...)
		b = appendDate(b, d.info.Created)
	}
	b = append(b, " >>"...)
	d.obj(n, b)
	d.buf = b[:0]
	return n
}

func (d *Doc) writeCatalog(outlines, names int) {
	b := append(d.buf[:0], "<< /Type /Catalog /Pages 2 0 R"...)
	if d.info.Lang != "" {
		b = append(b, " /Lang "...)
		b = appendText(b, d.info.Lang)
	}
	if d.info.Title != "" {
		b = append(b, " /ViewerPreferences << /DisplayDocTitle true >>"...)
	}
	if outlines != 0 {
		b = append(b, " /Outlines "...)
		b = appendRef(b, outlines)
		b = append(b, " /PageMode /UseOutlines"...)
	}
	if names != 0 {
		b = append(b, " /Names << /Dests "...)
		b = appendRef(b, names)
		b = append(b, " >>"...)
	}
	b = append(b, " >>"...)
	d.obj(objCatalog, b)
	d.buf = b[:0]
}

// writeXref writes the cross-reference table and the trailer. The /ID is
// a digest of every byte before the trailer, so that the same document
// gets the same identifier and any other gets another.
func (d *Doc) writeXref(info int) {
	if d.err != nil {
		return
	}
	start := d.off
	b := append(d.buf[:0], "xref\n0 "...)
	b = strconv.AppendInt(b, int64(len(d.objs)), 10)
	b = append(b, "\n0000000000 65535 f \n"...)
	for n := 1; n < len(d.objs); n++ {
		if d.objs[n] == 0 {
			// Reserved but never written; cannot happen without an
			// earlier error, but keep the table valid anyway.
			b = append(b, "0000000000 00000 f \n"...)
			continue
		}
		b = fmt.Appendf(b, "%010d 00000 n \n", d.objs[n])
	}
	d.write(b)
	sum := d.hash.Sum(nil)[:16]
	id := fmt.Appendf(nil, "<%X>", sum)
	b = append(b[:0], "trailer\n<< /Size "...)
	b = strconv.AppendInt(b, int64(len(d.objs)), 10)
	b = append(b, " /Root 1 0 R /Info "...)
	b = appendRef(b, info)
	b = append(b, " /ID ["...)
	b = append(b, id...)
	b = append(b, ' ')
	b = append(b, id...)
	b = append(b, "] >>\nstartxref\n"...)
	b = strconv.AppendInt(b, start, 10)
	b = append(b, "\n%%EOF\n"...)
	d.write(b)
	d.buf = b[:0]
}

func appendRef(b []byte, n int) []byte {
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, " 0 R"...)
}
