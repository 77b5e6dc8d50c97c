package cli

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/media"
)

// cmdImport stores files as they are. Each file is imported on its own,
// all or nothing; its id is printed as soon as it is committed. The first
// failure stops the command.
func cmdImport(env *Env, args []string) error {
	fs, vf := vaultVerb("import")
	var entry int64
	fs.Int64Var(&entry, "entry", 0, i18n.T("cli.flag.entry"))
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("cli.err.import_needs_files")
	}
	if entry < 0 {
		return usagef("cli.err.bad_id", fmt.Sprint(entry))
	}
	// A mistyped name should not leave half of a list imported.
	for _, f := range files {
		if err := importable(f); err != nil {
			return err
		}
	}
	st, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer st.Close()
	// The app's own import (app/local): streamed, checked unchanged while
	// read, and abandoned with nothing kept on Ctrl+C.
	ctx, stop := interruptible()
	defer stop()
	for i, f := range files {
		a, err := st.Import(ctx, f, entry, nil)
		if err != nil {
			if rest := len(files) - i - 1; rest > 0 {
				fmt.Fprintln(env.Stderr, i18n.T("cli.err.import_rest", rest))
			}
			return err
		}
		fmt.Fprintln(env.Stdout, a.ID)
		fmt.Fprintln(env.Stderr, i18n.T("cli.out.imported", a.Name, a.ID, i18n.Bytes(a.Size), a.SHA256))
	}
	return nil
}

func importable(path string) error {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("%s: %w", path, apperr.ErrNotFound)
	case err != nil:
		return err
	case !st.Mode().IsRegular():
		return fmt.Errorf("%w: %s", apperr.ErrInvalidInput, i18n.T("cli.err.not_a_file", path))
	}
	return nil
}

// attachmentJSON is the machine-readable form of an attachment.
type attachmentJSON struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	Size       int64     `json:"size"`
	SHA256     string    `json:"sha256"`
	ModTime    time.Time `json:"mod_time"`
	ImportedAt time.Time `json:"imported_at"`
	Entry      int64     `json:"entry"`
	MediaType  string    `json:"media_type"`
}

func cmdAttachments(env *Env, args []string) error {
	fs, vf := vaultVerb("attachments")
	var asJSON bool
	fs.BoolVar(&asJSON, "json", false, i18n.T("cli.flag.json"))
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	v, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer v.Close()
	list, err := v.AllAttachments()
	return listOut(env, list, err, asJSON, func(a local.Attachment) any {
		return attachmentJSON{a.ID, a.Name, a.Size, a.SHA256, a.ModTime, a.ImportedAt, a.EntryID, a.MediaType}
	}, i18n.T("cli.out.attachments_header"), func(a local.Attachment) string {
		entry := "-"
		if a.EntryID != 0 {
			entry = fmt.Sprint(a.EntryID)
		}
		return fmt.Sprintf("%d\t%s\t%s\t%s\t%s\t%s", a.ID, i18n.Bytes(a.Size),
			a.ImportedAt.Local().Format("2006-01-02 15:04:05"), entry, a.MediaType, a.Name)
	})
}

// extractAttachment writes attachment id to out as it was imported, with
// its original modification time, and prints "sha256  name" as
// sha256sum does. The file appears only once all of it is written and its
// hash matched the one taken at import; an existing file is never
// overwritten.
func extractAttachment(env *Env, vf *vaultFlags, id int64, out string) error {
	v, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer v.Close()
	a, err := v.Attachment(id)
	if err != nil {
		return err
	}
	var sum []byte
	err = writeFileAtomic(out, func(w io.Writer) error {
		var err error
		sum, err = v.ExportAttachment(id, w)
		return err
	})
	if errors.Is(err, syscall.ENOSPC) {
		err = fmt.Errorf("%w (%v)", apperr.ErrDiskFull, err)
	}
	if err != nil {
		return err
	}
	if !a.ModTime.IsZero() {
		os.Chtimes(out, time.Time{}, a.ModTime) // informational; the vault keeps the original
	}
	fmt.Fprintf(env.Stdout, "%x  %s\n", sum, filepath.Base(out))
	fmt.Fprintln(env.Stderr, i18n.T("cli.out.extracted", out, i18n.Bytes(a.Size), a.Name))
	return nil
}

// extractDecoded writes imported audio file id, decoded, to out as a
// 16-bit PCM WAV (for listening, or for tools that need WAV), prints
// "sha256  name", and says what it was decoded from and when the file
// says it was recorded (the file's own claim).
func extractDecoded(env *Env, vf *vaultFlags, id int64, out string) error {
	v, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer v.Close()
	var info media.Info
	var frames int64
	err = writeFileAtomic(out, func(w io.Writer) error {
		ws, ok := w.(io.WriteSeeker)
		if !ok {
			return fmt.Errorf("extract: %s cannot seek", out)
		}
		var err error
		info, frames, err = v.DecodeAttachmentWAV(id, ws)
		return err
	})
	if errors.Is(err, syscall.ENOSPC) {
		err = fmt.Errorf("%w (%v)", apperr.ErrDiskFull, err)
	}
	if err != nil {
		return err
	}
	sum, err := fileSHA256(out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%x  %s\n", sum, filepath.Base(out))
	dur := time.Duration(frames) * time.Second / time.Duration(max(info.SampleRate, 1))
	fmt.Fprintln(env.Stderr, i18n.T("cli.out.decoded", out, info.Codec, info.SampleRate, info.Channels, dur.Round(time.Millisecond).String()))
	if !info.Created.IsZero() {
		fmt.Fprintln(env.Stderr, i18n.T("cli.out.file_claims_recorded", info.Created.Format(time.RFC3339)))
	}
	return nil
}

func fileSHA256(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}
