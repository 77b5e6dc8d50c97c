package vault

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// Imported files (attachments) are stored byte for byte, streamed: the file
// is read once, hashed while it is sealed in chunks of AttachmentChunkSize,
// and never held whole in memory. Each chunk's associated data binds the
// attachment id, its sequence number and whether it is the final chunk, as
// for recordings, so dropping, reordering, truncating or splicing chunks is
// detected. Every data chunk is full except the last; an empty final chunk
// ends the stream.
//
// Chunks are committed in transactions of attachmentBatch chunks. The last
// transaction adds the final chunk, the sealed attachment record (with the
// SHA-256 of the file) and its ledger link: only then does the attachment
// exist. An import that fails or is cut off by a crash leaves chunks that
// no attachments row and no ledger link name. They are invisible (listing
// and Check read only what the attachments table names); the failing import
// deletes them at once, and the next unlock deletes whatever a crash left.
//
// v.mu is taken per transaction (and, when exporting, per chunk), not for
// the whole file, so that locking the vault stays instant during a
// several-gigabyte import: the import then stops with ErrLocked and leaves
// nothing behind.

// LinkAttachment is the ledger kind of an attachment record.
const LinkAttachment = "attachment"

// AttachmentChunkSize is the size of every data chunk but the last.
const AttachmentChunkSize = 1 << 20

// attachmentBatch data chunks (64 MiB) are committed per transaction.
const attachmentBatch = 64

const insertAttachmentChunk = `INSERT INTO attachment_chunks (attachment_id, seq, final, body) VALUES (?, ?, 0, ?)`

func attachmentChunkAD(id, seq int64, final bool) []byte {
	return streamChunkAD("attachment_chunks", id, seq, final)
}

func attachmentMetaAD(id int64) []byte {
	return seal.AD("attachments", "meta", strconv.FormatInt(id, 10), "2")
}

func attachmentRef(id int64) string { return "attachment:" + strconv.FormatInt(id, 10) }

// Attachment is what the vault knows about one imported file.
type Attachment struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	Size       int64     `json:"size"`
	SHA256     string    `json:"sha256"`
	ModTime    time.Time `json:"mod_time"`
	ImportedAt time.Time `json:"imported_at"`
	EntryID    int64     `json:"entry"` // 0: not attached to an entry
	MediaType  string    `json:"media_type"`
	Chunks     int64     `json:"chunks"`
}

func attachmentFrom(a record.Attachment) Attachment {
	return Attachment{ID: a.AttachmentID, Name: a.Name, Size: a.Size, SHA256: a.SHA256, ModTime: a.ModTime,
		ImportedAt: a.ImportedAt, EntryID: a.EntryID, MediaType: a.MediaType, Chunks: a.Chunks}
}

func (v *Vault) attachmentsKey() (*seal.Key, error) {
	if v.master == nil || v.attach == nil {
		return nil, apperr.ErrLocked
	}
	return v.attach, nil
}

// Import stores the file at path, attached to entry entryID (0: none), and
// returns its record. The name, size, modification time and SHA-256 are
// taken now; a file that changes while it is read is refused.
func (v *Vault) Import(path string, entryID int64) (Attachment, error) {
	return v.ImportFile(context.Background(), path, entryID, nil)
}

// ImportFile is Import that stops as soon as ctx is cancelled (keeping
// nothing of the file) and reports progress, if not nil, with the bytes
// read so far and the file's size.
func (v *Vault) ImportFile(ctx context.Context, path string, entryID int64, progress func(done, total int64)) (Attachment, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return Attachment{}, fmt.Errorf("%s: %w", path, apperr.ErrNotFound)
		}
		return Attachment{}, fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Attachment{}, fmt.Errorf("import: %w", err)
	}
	if !st.Mode().IsRegular() {
		return Attachment{}, fmt.Errorf("%w: %s is not a regular file", apperr.ErrInvalidInput, path)
	}
	unchanged := func(size int64) error {
		now, err := f.Stat()
		if err != nil {
			return err
		}
		if size != st.Size() || now.Size() != st.Size() || !now.ModTime().Equal(st.ModTime()) {
			return fmt.Errorf("%w: %s changed while it was imported; try again when nothing writes to it", apperr.ErrInvalidInput, path)
		}
		return nil
	}
	r := &fileReader{ctx: ctx, f: f, size: st.Size(), progress: progress}
	return v.importStream(r, filepath.Base(path), st.ModTime(), entryID, unchanged)
}

// fileReader reads a file being imported, stopping when ctx ends and
// reporting progress.
type fileReader struct {
	ctx      context.Context
	f        *os.File
	n, size  int64
	progress func(done, total int64)
}

func (r *fileReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := r.f.Read(p)
	r.n += int64(n)
	if r.progress != nil && n > 0 {
		r.progress(r.n, r.size)
	}
	return n, err
}

// ImportReader stores what r yields under name (the original file's base
// name) with the given modification time (zero if unknown).
func (v *Vault) ImportReader(r io.Reader, name string, modTime time.Time, entryID int64) (Attachment, error) {
	return v.importStream(r, name, modTime, entryID, nil)
}

// importer is the state of one import between its transactions.
type importer struct {
	v       *Vault
	r       io.Reader
	name    string
	modTime time.Time
	entryID int64
	verify  func(size int64) error // called before the final commit

	key       *seal.Key // the key the import began with; any other means Lock or Unlock ran
	id        int64
	seq, size int64
	sum       hash.Hash
	head      []byte // the first bytes, for the media type
	buf       []byte // one chunk, plus room for its padding
	eof, done bool
	rec       record.Attachment
}

func (v *Vault) importStream(r io.Reader, name string, modTime time.Time, entryID int64, verify func(int64) error) (Attachment, error) {
	name, err := cleanName(name)
	if err != nil {
		return Attachment{}, err
	}
	if entryID < 0 {
		return Attachment{}, fmt.Errorf("%w: entry %d", apperr.ErrInvalidInput, entryID)
	}
	if modTime.Year() < 1 || modTime.Year() > 9999 {
		modTime = time.Time{} // not representable in RFC 3339
	}
	im := &importer{v: v, r: r, name: name, modTime: modTime.Round(0), entryID: entryID, verify: verify,
		sum: sha256.New(), buf: make([]byte, AttachmentChunkSize+padBlock)}
	defer clear(im.buf)
	ctx := context.Background()
	for first := true; !im.done; first = false {
		if err := im.batch(ctx, first); err != nil {
			im.abandon(ctx)
			return Attachment{}, fmt.Errorf("import %s: %w", name, err)
		}
	}
	return attachmentFrom(im.rec), nil
}

// batch reads, seals and commits up to attachmentBatch chunks in one
// transaction; at the end of the input, the same transaction also writes
// the final chunk, the record and its ledger link.
func (im *importer) batch(ctx context.Context, first bool) error {
	v := im.v
	v.mu.Lock()
	defer v.mu.Unlock()
	k, err := v.attachmentsKey()
	if err != nil {
		return err
	}
	if first {
		im.key = k
	} else if k != im.key {
		return fmt.Errorf("the vault was locked during the import: %w", apperr.ErrLocked)
	}
	return v.write(ctx, func(tx *sql.Tx) error {
		if first {
			if im.entryID != 0 {
				var n int
				if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM entries WHERE id = ?`, im.entryID).Scan(&n); err != nil {
					return err
				}
				if n == 0 {
					return fmt.Errorf("entry %d: %w", im.entryID, apperr.ErrNotFound)
				}
			}
			id, err := v.nextAttachmentID(ctx, tx)
			if err != nil {
				return err
			}
			im.id = id
		}
		for n := 0; n < attachmentBatch; n++ {
			if err := im.chunk(ctx, tx, k); err != nil {
				return err
			}
			if im.eof {
				return im.finish(ctx, tx, k)
			}
		}
		return nil
	})
}

// chunk reads one chunk of input and stores it, sealed.
func (im *importer) chunk(ctx context.Context, tx *sql.Tx, k *seal.Key) error {
	n, err := io.ReadFull(im.r, im.buf[:AttachmentChunkSize])
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		im.eof = true
	case err != nil:
		return fmt.Errorf("read: %w", err)
	}
	if n == 0 {
		return nil
	}
	data := im.buf[:n]
	im.sum.Write(data)
	if im.head == nil {
		im.head = append([]byte(nil), data[:min(n, 512)]...)
	}
	// Pad in place, as pad does (the buffer has room for it).
	end := (n/padBlock + 1) * padBlock
	im.buf[n] = 0x80
	clear(im.buf[n+1 : end])
	sealed := k.Seal(im.buf[:end], attachmentChunkAD(im.id, im.seq, false))
	if _, err := im.v.exec(ctx, tx, insertAttachmentChunk, im.id, im.seq, sealed); err != nil {
		return err
	}
	im.seq++
	im.size += int64(n)
	return nil
}

// finish writes the final chunk, the attachment record and its ledger link.
func (im *importer) finish(ctx context.Context, tx *sql.Tx, k *seal.Key) error {
	v := im.v
	if im.verify != nil {
		if err := im.verify(im.size); err != nil {
			return err
		}
	}
	a := record.Attachment{Version: record.CanonicalVersion, Salt: newSalt(), AttachmentID: im.id,
		Name: record.NFC(im.name), Size: im.size, ModTime: im.modTime, SHA256: hex.EncodeToString(im.sum.Sum(nil)),
		MediaType: MediaType(im.name, im.head), ImportedAt: v.now().Round(0), EntryID: im.entryID, Chunks: im.seq}
	canon, err := a.Canonical()
	if err != nil {
		return err
	}
	if err := readsBack("the file's record", canon, record.ParseAttachment); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO attachment_chunks (attachment_id, seq, final, body) VALUES (?, ?, 1, ?)`,
		im.id, im.seq, k.Seal(pad(nil), attachmentChunkAD(im.id, im.seq, true))); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO attachments (id, meta) VALUES (?, ?)`,
		im.id, k.Seal(pad(canon), attachmentMetaAD(im.id))); err != nil {
		return err
	}
	if _, err := v.appendLink(ctx, tx, LinkAttachment, attachmentRef(im.id), ledger.Hash(record.Hash(canon))); err != nil {
		return err
	}
	im.rec, im.done = a, true
	return nil
}

// abandon deletes the chunks a failed import committed. If that fails too
// (the disk is full, the vault is closed), the next unlock removes them.
func (im *importer) abandon(ctx context.Context) {
	if im.id == 0 {
		return
	}
	v := im.v
	v.mu.Lock()
	defer v.mu.Unlock()
	v.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM attachment_chunks WHERE attachment_id = ?
			AND attachment_id NOT IN (SELECT id FROM attachments)`, im.id)
		return err
	})
}

// nextAttachmentID is nextID for attachments, past any chunks left by an
// unfinished import as well, so that a new import never meets old chunks
// under its id. Callers hold v.mu.
func (v *Vault) nextAttachmentID(ctx context.Context, tx *sql.Tx) (int64, error) {
	const key = "attachments.id"
	if id, ok := v.next[key]; ok {
		v.next[key] = id + 1
		return id, nil
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(
		COALESCE((SELECT MAX(id) FROM attachments), 0),
		COALESCE((SELECT MAX(attachment_id) FROM attachment_chunks), 0)) + 1`).Scan(&id); err != nil {
		return 0, err
	}
	if v.next == nil {
		v.next = map[string]int64{}
	}
	v.next[key] = id + 1
	return id, nil
}

// removePartialImports deletes chunks that belong to no attachment and no
// ledger link: what an import cut off by a crash left. Chunks whose
// attachment has a ledger link stay, even without their record, so that
// Check reports the attachment missing and the data is not destroyed.
// Callers hold v.mu; errors are ignored (a later unlock tries again).
func (v *Vault) removePartialImports(ctx context.Context) {
	const orphans = `FROM attachment_chunks WHERE attachment_id NOT IN (SELECT id FROM attachments)
		AND 'attachment:' || attachment_id NOT IN (SELECT ref FROM ledger)`
	var n int
	if err := v.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 `+orphans+`)`).Scan(&n); err != nil || n == 0 {
		return
	}
	v.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE `+orphans)
		return err
	})
}

// cleanName checks the name an import is recorded under.
func cleanName(name string) (string, error) {
	name = strings.ToValidUTF8(name, "\uFFFD")
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\x00") || len(name) > 1024 {
		return "", fmt.Errorf("%w: %q is not a file name", apperr.ErrInvalidInput, name)
	}
	return name, nil
}

// extensionTypes are the media types of the files people are expected to
// import (phone recordings, photos, screenshots, PDFs, e-mails, office
// documents); a fixed table, so the result does not depend on the OS.
var extensionTypes = map[string]string{
	".m4a": "audio/mp4", ".mp4": "video/mp4", ".mp3": "audio/mpeg", ".wav": "audio/wav",
	".aac": "audio/aac", ".amr": "audio/amr", ".3gp": "video/3gpp", ".ogg": "audio/ogg",
	".opus": "audio/ogg", ".flac": "audio/flac", ".mov": "video/quicktime",
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".heic": "image/heic",
	".heif": "image/heif", ".gif": "image/gif", ".webp": "image/webp",
	".pdf": "application/pdf", ".eml": "message/rfc822", ".msg": "application/vnd.ms-outlook",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".zip":  "application/zip",
}

// refinable lists, for a sniffed container type, the more precise types a
// file name may select (an .m4a sniffs as video/mp4, a .docx as a zip).
var refinable = map[string][]string{
	"video/mp4":       {"audio/mp4", "video/3gpp", "video/quicktime"},
	"audio/wave":      {"audio/wav"},
	"application/ogg": {"audio/ogg"},
	"application/zip": {
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"application/vnd.openxmlformats-officedocument.presentationml.presentation",
	},
}

// MediaType names the type of a file from its first bytes
// (http.DetectContentType) and its name. The content wins, except where
// the sniffed type is generic (binary, plain text) or a container the
// extension makes precise.
func MediaType(name string, head []byte) string {
	byExt := extensionTypes[strings.ToLower(filepath.Ext(name))]
	if len(head) == 0 {
		if byExt != "" {
			return byExt
		}
		return "application/octet-stream"
	}
	sniffed := http.DetectContentType(head)
	if byExt == "" {
		return sniffed
	}
	if sniffed == "application/octet-stream" || strings.HasPrefix(sniffed, "text/plain") {
		return byExt
	}
	for _, t := range refinable[sniffed] {
		if t == byExt {
			return byExt
		}
	}
	return sniffed
}

// openAttachment opens a sealed attachment record and checks that it
// belongs to row id. Callers hold v.mu.
func (v *Vault) openAttachment(id int64, sealed []byte) (record.Attachment, []byte, error) {
	k, err := v.attachmentsKey()
	if err != nil {
		return record.Attachment{}, nil, err
	}
	return openSealed(k, sealed, attachmentMetaAD(id), attachmentRef(id), record.ParseAttachment, func(a record.Attachment) string {
		return namesOther("attachment", a.AttachmentID, id)
	})
}

// attachment reads one attachment record. Callers hold v.mu.
func (v *Vault) attachment(ctx context.Context, id int64) (record.Attachment, error) {
	var sealed []byte
	if err := v.db.QueryRowContext(ctx, `SELECT meta FROM attachments WHERE id = ?`, id).Scan(&sealed); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return record.Attachment{}, fmt.Errorf("attachment %d: %w", id, apperr.ErrNotFound)
		}
		return record.Attachment{}, mapSQLite(err)
	}
	a, _, err := v.openAttachment(id, sealed)
	return a, err
}

// Attachment returns one attachment's record.
func (v *Vault) Attachment(id int64) (Attachment, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, err := v.attachmentsKey(); err != nil {
		return Attachment{}, err
	}
	a, err := v.attachment(context.Background(), id)
	if err != nil {
		return Attachment{}, err
	}
	return attachmentFrom(a), nil
}

// Attachments lists every attachment, oldest first. If some records do not
// open, the others are returned with a *DamageError.
func (v *Vault) Attachments() ([]Attachment, error) {
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, err := v.attachmentsKey(); err != nil {
		return nil, err
	}
	rows, err := v.db.QueryContext(ctx, `SELECT id, meta FROM attachments ORDER BY id`)
	if err != nil {
		return nil, mapSQLite(err)
	}
	defer rows.Close()
	out := []Attachment{}
	var damaged []string
	for rows.Next() {
		var id int64
		var sealed []byte
		if err := rows.Scan(&id, &sealed); err != nil {
			return nil, mapSQLite(err)
		}
		a, _, err := v.openAttachment(id, sealed)
		if err != nil {
			damaged = append(damaged, attachmentRef(id))
			continue
		}
		out = append(out, attachmentFrom(a))
	}
	if err := rows.Err(); err != nil {
		return nil, mapSQLite(err)
	}
	if len(damaged) > 0 {
		return out, &DamageError{Refs: damaged}
	}
	return out, nil
}

// ExportAttachment writes the bytes of attachment id to w and returns
// their SHA-256. Each chunk is authenticated before it is written; the
// order, the final chunk, the size and the SHA-256 against the record are
// verified as the stream goes, and ErrDamaged at the end means what was
// written must be thrown away (kirokuctl writes to a temporary file and
// renames it only on success). Memory stays flat for any size.
func (v *Vault) ExportAttachment(id int64, w io.Writer) ([]byte, error) {
	ctx := context.Background()
	v.mu.Lock()
	k, err := v.attachmentsKey()
	var a record.Attachment
	if err == nil {
		a, err = v.attachment(ctx, id)
	}
	v.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return v.walkAttachment(ctx, k, a, true, func(b []byte) error {
		_, err := w.Write(b)
		return err
	})
}

// walkAttachment reads the chunks of a in order and hands each data chunk
// to fn (which may be nil). It checks the sequence, the chunk sizes, the
// final chunk, that nothing follows it, and the size and SHA-256 against
// the record. With lock, it takes v.mu for each chunk (and stops if the
// vault was locked meanwhile); without, the caller holds v.mu.
func (v *Vault) walkAttachment(ctx context.Context, k *seal.Key, a record.Attachment, lock bool, fn func([]byte) error) ([]byte, error) {
	id, ref := a.AttachmentID, attachmentRef(a.AttachmentID)
	h := sha256.New()
	var size int64
	for seq := int64(0); seq <= a.Chunks; seq++ {
		final, data, err := v.attachmentChunk(ctx, k, id, seq, a.Chunks, lock)
		if err != nil {
			return nil, err
		}
		last := seq == a.Chunks
		switch {
		case final && !last:
			return nil, fmt.Errorf("%s: chunk %d is final, the record has %d: %w", ref, seq, a.Chunks, apperr.ErrDamaged)
		case last && !final:
			return nil, fmt.Errorf("%s: chunk %d should be the final chunk: %w", ref, seq, apperr.ErrDamaged)
		case last && len(data) != 0:
			return nil, fmt.Errorf("%s: the final chunk is not empty: %w", ref, apperr.ErrDamaged)
		case last:
			continue
		case len(data) == 0 || len(data) > AttachmentChunkSize || (seq < a.Chunks-1 && len(data) != AttachmentChunkSize):
			return nil, fmt.Errorf("%s: chunk %d has a wrong size: %w", ref, seq, apperr.ErrDamaged)
		}
		h.Write(data)
		size += int64(len(data))
		if fn != nil {
			if err := fn(data); err != nil {
				return nil, err
			}
		}
	}
	if lock {
		v.mu.Lock()
		defer v.mu.Unlock()
	}
	var extra int
	if err := v.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM attachment_chunks WHERE attachment_id = ? AND (seq < 0 OR seq > ?)`,
		id, a.Chunks).Scan(&extra); err != nil {
		return nil, mapSQLite(err)
	}
	if extra > 0 {
		return nil, fmt.Errorf("%s: %d chunk(s) outside the stream: %w", ref, extra, apperr.ErrDamaged)
	}
	sum := h.Sum(nil)
	if size != a.Size || hex.EncodeToString(sum) != a.SHA256 {
		return nil, fmt.Errorf("%s: the content does not match its record (size or SHA-256): %w", ref, apperr.ErrDamaged)
	}
	return sum, nil
}

// attachmentChunk reads and opens one chunk. The returned bytes are
// unpadded.
func (v *Vault) attachmentChunk(ctx context.Context, k *seal.Key, id, seq, chunks int64, lock bool) (bool, []byte, error) {
	ref := attachmentRef(id)
	if lock {
		v.mu.Lock()
		defer v.mu.Unlock()
		if cur, err := v.attachmentsKey(); err != nil || cur != k {
			return false, nil, fmt.Errorf("the vault was locked: %w", apperr.ErrLocked)
		}
	}
	rows, err := v.db.QueryContext(ctx, `SELECT final, body FROM attachment_chunks WHERE attachment_id = ? AND seq = ?`, id, seq)
	if err != nil {
		return false, nil, mapSQLite(err)
	}
	defer rows.Close()
	if !rows.Next() {
		switch {
		case rows.Err() != nil:
			return false, nil, mapSQLite(rows.Err())
		case seq == chunks:
			return false, nil, fmt.Errorf("%s: the final chunk is missing (truncated): %w", ref, apperr.ErrDamaged)
		default:
			return false, nil, fmt.Errorf("%s: chunk %d is missing: %w", ref, seq, apperr.ErrDamaged)
		}
	}
	var final int
	var body sql.RawBytes // opened before rows.Close: saves a copy of each MiB
	if err := rows.Scan(&final, &body); err != nil {
		return false, nil, mapSQLite(err)
	}
	pt, err := k.Open(body, attachmentChunkAD(id, seq, final == 1))
	if err != nil {
		return false, nil, fmt.Errorf("%s: chunk %d does not open: %w", ref, seq, apperr.ErrDamaged)
	}
	data, err := unpad(pt)
	if err != nil {
		return false, nil, fmt.Errorf("%s: chunk %d: %v: %w", ref, seq, err, apperr.ErrDamaged)
	}
	return final == 1, data, nil
}

// checkAttachments verifies every attachment: its record opens where it
// is, every chunk in order with its final chunk, the size and SHA-256 of
// the content, and the record's ledger link. Chunks no attachment names
// and no link names (an import in flight or cut off by a crash) are not
// part of the record and are ignored. Callers hold v.mu.
func (v *Vault) checkAttachments(ctx context.Context, rep *Report, byRef map[string]ledger.Link, seen map[string]bool) {
	k, err := v.attachmentsKey()
	if err != nil {
		rep.add("database", "cannot check attachments: %v", err)
		return
	}
	rows, err := v.db.QueryContext(ctx, `SELECT id, meta FROM attachments ORDER BY id`)
	if err != nil {
		rep.add("database", "cannot read attachments: %v", mapSQLite(err))
		return
	}
	type att struct {
		id   int64
		meta []byte
	}
	var list []att
	for rows.Next() {
		var a att
		if err := rows.Scan(&a.id, &a.meta); err != nil {
			rep.add("database", "cannot read an attachment: %v", mapSQLite(err))
			continue
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		rep.add("database", "reading attachments stopped: %v", mapSQLite(err))
	}
	rows.Close()
	for _, x := range list {
		ref := attachmentRef(x.id)
		seen[ref] = true
		a, canon, err := v.openAttachment(x.id, x.meta)
		if err != nil {
			rep.add(ref, "%v", err)
			continue
		}
		if a.EntryID != 0 {
			var n int
			if err := v.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM entries WHERE id = ?`, a.EntryID).Scan(&n); err == nil && n == 0 {
				rep.add(ref, "attached to entry %d, which does not exist", a.EntryID)
			}
		}
		if _, err := v.walkAttachment(ctx, k, a, false, nil); err != nil {
			rep.add(ref, "%v", err)
			continue
		}
		v.checkLink(rep, byRef, ref, LinkAttachment, canon)
	}
}
