package export

import (
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/filings"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/report"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// A 反訳書 on its own, outside a bundle: what a lawyer asks for when the
// recording itself was handed over already (on a disc, from the phone).
// The same document as in a bundle (report.TranscriptFor), made from the
// vault: the audio named by its original file name (or the file name
// `kirokuctl extract` gives a recording), the recording's time, length and
// markers, the entry's place. Its 作成日 is the time the transcript's
// current revision was saved; its footer the ledger head it was made at,
// so the same vault gives the same bytes.

// TranscriptFormats are the formats WriteTranscript writes.
var TranscriptFormats = []string{"pdf", "docx"}

// WriteTranscript writes the 反訳書 of transcript tid's current revision
// to w as format ("pdf" or "docx").
func WriteTranscript(v *vault.Vault, tid int64, format string, w io.Writer) error {
	doc, tr, err := transcriptDocument(v, tid)
	if err != nil {
		return err
	}
	switch format {
	case "pdf":
		return report.WriteTranscript(w, doc, tr)
	case "docx":
		return filings.WriteTranscriptDOCX(w, doc, tr)
	}
	return fmt.Errorf("a 反訳書 is written as %s, not %q: %w", strings.Join(TranscriptFormats, " or "), format, apperr.ErrInvalidInput)
}

// TranscriptFormat is the format a file name asks for ("pdf", "docx"), or
// "" for another extension.
func TranscriptFormat(name string) string {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(name), "."))
	for _, f := range TranscriptFormats {
		if ext == f {
			return f
		}
	}
	return ""
}

func transcriptDocument(v *vault.Vault, tid int64) (*report.Document, report.Transcript, error) {
	hist, err := v.TranscriptHistory(tid)
	if err != nil {
		return nil, report.Transcript{}, err
	}
	rev := hist[len(hist)-1]
	if rev.Kind == record.KindDelete {
		return nil, report.Transcript{}, fmt.Errorf("transcript %d was taken back: %w", tid, apperr.ErrNotFound)
	}
	kind, id, err := record.ParseAudioRef(rev.Audio.Ref)
	if err != nil {
		return nil, report.Transcript{}, err
	}
	seq, link, err := v.Head()
	if err != nil {
		return nil, report.Transcript{}, err
	}
	// The footer names the ledger head it was made at, like a bundle's.
	doc := &report.Document{Lang: report.LangJA, HeadTime: rev.RecordedAt, HeadSeq: seq, HeadLink: hex.EncodeToString(link[:])}
	var entryID int64
	var e report.Entry
	var file string
	switch kind {
	case "recording":
		r, err := v.Recording(id)
		if err != nil {
			return nil, report.Transcript{}, err
		}
		if r.End == nil {
			return nil, report.Transcript{}, fmt.Errorf("recording %d is still being recorded: %w", id, apperr.ErrInvalidInput)
		}
		file = "recording-" + strconv.FormatInt(r.ID, 10) + r.Start.Format.Ext()
		rr := report.Recording{ID: r.ID, File: file, StartedAt: r.Start.StartedAt, Duration: r.Duration,
			State: r.State, SHA256: r.End.FileSHA256(), Label: r.Start.Label}
		ms, err := v.Markers(r.ID)
		if err != nil {
			return nil, report.Transcript{}, err
		}
		for _, m := range ms {
			rr.Markers = append(rr.Markers, report.Marker{At: m.At, Wall: m.Wall, Label: m.Current(), Placed: m.Label})
		}
		entryID = r.Start.EntryID
		e.Recordings = []report.Recording{rr}
	default:
		a, err := v.Attachment(id)
		if err != nil {
			return nil, report.Transcript{}, err
		}
		file = a.Name
		e.Attachments = []report.Attachment{{ID: a.ID, File: a.Name, Name: a.Name, Size: a.Size,
			MediaType: a.MediaType, SHA256: a.SHA256, ImportedAt: a.ImportedAt}}
		entryID = a.EntryID
	}
	if entryID != 0 {
		en, err := v.Entry(entryID)
		if err != nil {
			return nil, report.Transcript{}, fmt.Errorf("the entry of %s: %w", rev.Audio.Ref, err)
		}
		e.ID, e.Deleted, e.Fields = en.ID, en.Deleted, reportFields(en.Fields)
	}
	doc.Entries = []report.Entry{e}
	return doc, report.Transcript{Rev: rev, File: file}, nil
}
