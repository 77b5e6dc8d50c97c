package local

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sync"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/export"
	"github.com/kiroku-app/kiroku/internal/report"
	"github.com/kiroku-app/kiroku/internal/stamp"
)

var _ app.Exporter = (*Store)(nil)

// jobs tracks the long tasks running on a Store (exports), so that Close
// can cancel them and wait before the vault closes under them.
type jobs struct {
	mu      sync.Mutex
	closed  bool
	cancels map[int]context.CancelFunc
	next    int
	wg      sync.WaitGroup
}

// start registers a task; its context ends when done is called or the
// Store closes. It fails once the Store is closing.
func (j *jobs) start(parent context.Context) (context.Context, func(), error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return nil, nil, apperr.ErrLocked
	}
	ctx, cancel := context.WithCancel(parent)
	if j.cancels == nil {
		j.cancels = map[int]context.CancelFunc{}
	}
	id := j.next
	j.next++
	j.cancels[id] = cancel
	j.wg.Add(1)
	return ctx, func() {
		cancel()
		j.mu.Lock()
		delete(j.cancels, id)
		j.mu.Unlock()
		j.wg.Done()
	}, nil
}

// stop cancels every task and waits for them to end.
func (j *jobs) stop() {
	j.mu.Lock()
	j.closed = true
	for _, c := range j.cancels {
		c()
	}
	j.mu.Unlock()
	j.wg.Wait()
}

// The exporter's own plan, options and result, for kirokuctl: its flags
// set these options (--week-start among them), and its --json output is
// this result as it is.
type (
	BundlePlan    = export.Plan
	BundleOptions = export.Options
	BundleResult  = export.Result
)

// BundlePath is the path WriteBundle writes for o: o.Out, with ".zip"
// (and ".age") added as o asks.
func BundlePath(o BundleOptions) string { return export.OutPath(o) }

// PrepareBundle chooses what an export of sel contains, as the exporter
// counts it (kirokuctl export); PlanExport is it for the app's preview.
func (s *Store) PrepareBundle(sel app.ExportSelection) (*BundlePlan, error) {
	return export.Prepare(s.Vault, selection(sel))
}

// WriteBundle writes p as an evidence bundle with the exporter's own
// options (kirokuctl export), its export link dated by the vault's
// timestamp authority when one is set; Export is it for the app. Close
// cancels it and waits.
func (s *Store) WriteBundle(ctx context.Context, p *BundlePlan, o BundleOptions) (*BundleResult, error) {
	ctx, done, err := s.jobs.start(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	return s.writeBundle(ctx, p, o)
}

// writeBundle is WriteBundle inside a job already started.
func (s *Store) writeBundle(ctx context.Context, p *BundlePlan, o BundleOptions) (*BundleResult, error) {
	o.StampExport = stamp.ExportStamper(s.Vault)
	return export.Export(ctx, s.Vault, p, o)
}

func selection(sel app.ExportSelection) export.Selection {
	return export.Selection{From: sel.From, To: sel.To, Categories: sel.Categories, People: sel.People,
		Entries: sel.Entries, Recordings: sel.Recordings, Attachments: sel.Attachments, Hours: sel.Hours,
		Metadata: sel.Metadata}
}

// reportOverhead approximates what each entry adds to the bundle beyond
// its audio and files (report pages, JSON, CSV, records), as Export's own
// progress estimate does.
const reportOverhead = 2048

// reportBase is what every bundle holds whatever it exports: the PDF
// report's embedded Japanese font subset and its fixed pages, the rule
// summaries, VERIFY.txt, the schema and the manifests (about 400 kB for a
// small bundle here).
const reportBase = 400 << 10

// PlanExport implements app.Exporter.
func (s *Store) PlanExport(sel app.ExportSelection) (app.ExportPlan, error) {
	p, err := s.PrepareBundle(sel)
	if err != nil {
		return app.ExportPlan{}, err
	}
	out := app.ExportPlan{Selection: sel, Recordings: len(p.Recordings), Attachments: len(p.Attachments),
		HoursDays: len(p.Hours), Bytes: reportBase + p.Bytes + int64(len(p.Entries))*reportOverhead, Damaged: p.Damaged, Handle: p}
	for _, e := range p.Entries {
		out.Entries = append(out.Entries, app.ExportEntry{ID: e.ID, EventTime: e.EventTime, EventZone: e.EventZone, Text: e.Text})
	}
	return out, nil
}

// Export implements app.Exporter. Export writes under a temporary name and
// renames at the end, so a cancelled or failed export (or one cut short
// by Close) leaves nothing that looks finished.
func (s *Store) Export(ctx context.Context, plan app.ExportPlan, opts app.ExportOptions, progress func(done, total int64)) (app.ExportResult, error) {
	p, ok := plan.Handle.(*export.Plan)
	if !ok || p == nil {
		return app.ExportResult{}, fmt.Errorf("export: the plan was not made by this vault: %w", apperr.ErrInvalidInput)
	}
	ctx, done, err := s.jobs.start(ctx)
	if err != nil {
		return app.ExportResult{}, err
	}
	defer done()
	eo := export.Options{Out: filepath.Join(opts.Dir, opts.Name), Lang: opts.Lang, Progress: progress,
		Exhibits:   report.ExhibitOptions{Prefix: opts.ExhibitPrefix, Start: opts.ExhibitStart, Author: opts.Author},
		BriefRules: opts.BriefRules}
	switch opts.Form {
	case app.FormFolder:
	case app.FormZip:
		eo.Zip = true
	case app.FormEncrypted:
		if len(opts.Passphrase) == 0 {
			return app.ExportResult{}, fmt.Errorf("export: no passphrase for the encrypted zip: %w", apperr.ErrWeakPassphrase)
		}
		eo.Zip, eo.Encrypt = true, opts.Passphrase
	default:
		return app.ExportResult{}, fmt.Errorf("export: form %q: %w", opts.Form, apperr.ErrInvalidInput)
	}
	res, err := s.writeBundle(ctx, p, eo)
	if err != nil {
		if ctx.Err() != nil && !errors.Is(err, context.Canceled) {
			err = fmt.Errorf("%w (%w)", context.Canceled, err)
		}
		return app.ExportResult{}, err
	}
	seq, link := res.BagHead() // the head the bundle's VERIFY.txt names
	return app.ExportResult{Path: res.Path, Entries: res.Entries, Recordings: res.Recordings, Attachments: res.Attachments,
		HoursDays: res.HoursDays, Anchors: res.Anchors, HeadSeq: seq, HeadLink: link.String(), Unbound: res.Unbound, StampErr: res.StampErr, Damaged: res.Damaged}, nil
}

// VerifyBundle implements app.Exporter. It reads only the bundle, never
// the vault, and trusts the TSA roots Kiroku ships (Options{}), as a
// lawyer's kiroku-verify does: the report says whether it is anchored.
func (s *Store) VerifyBundle(ctx context.Context, path string) (app.VerifyResult, error) {
	rep, err := bundle.Verify(ctx, path, bundle.Options{})
	if err != nil {
		if ctx.Err() != nil {
			return app.VerifyResult{}, err
		}
		return app.VerifyResult{OK: false, Problems: 1, Report: func(lang string) string {
			return bundle.UnreadableMessage(err, lang)
		}}, nil
	}
	return app.VerifyResult{OK: rep.OK, Problems: len(rep.Problems), Anchored: rep.Anchored,
		AnchoredThrough: rep.AnchoredThrough, HeadSeq: rep.Chain.HeadSeq, Report: func(lang string) string {
			var b bytes.Buffer
			if err := rep.WriteText(&b, lang); err != nil {
				return err.Error()
			}
			return b.String()
		}}, nil
}

// WriteTranscriptFiling writes the 反訳書 of transcript tid's current
// revision on its own (outside a bundle) to w as format: "pdf" or "docx"
// (export.TranscriptFormat names the one a file name asks for).
func (s *Store) WriteTranscriptFiling(tid int64, format string, w io.Writer) error {
	return export.WriteTranscript(s.Vault, tid, format, w)
}

// TranscriptFormat is the 反訳書 format a file name asks for ("pdf",
// "docx"), or "" when its extension is neither.
func TranscriptFormat(name string) string { return export.TranscriptFormat(name) }
