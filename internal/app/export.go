package app

import (
	"context"
	"time"
)

// Exporter makes evidence bundles from the open vault. The desktop Store
// implements it; screens find it with a type assertion on the Store, so a
// Store that cannot export (a test fake) simply shows no wizard.
//
// PlanExport is quick; Export and VerifyBundle take long and run on a
// goroutine. Export is safe to run beside other Store calls and stops when
// ctx is cancelled (or the vault is closed), leaving nothing behind.
type Exporter interface {
	// PlanExport says what an export of sel would contain: the preview.
	PlanExport(sel ExportSelection) (ExportPlan, error)
	// Export writes plan. progress, if not nil, is called from Export's
	// goroutine with the bytes written so far and the estimated total.
	Export(ctx context.Context, plan ExportPlan, opts ExportOptions, progress func(done, total int64)) (ExportResult, error)
	// VerifyBundle checks a bundle (folder, .zip) as kirokuctl verify does.
	// A bundle that is not readable at all is a result with OK false, not
	// an error; errors are only ctx's.
	VerifyBundle(ctx context.Context, path string) (VerifyResult, error)
}

// ExportSelection is what the user chose to hand over; every filter that
// is set must match.
type ExportSelection struct {
	From, To   time.Time // event dates, inclusive; zero: open
	Categories []string  // any of them
	People     []string  // any of them
	Entries    []int64   // only these (empty: no such filter)

	Recordings  bool
	Attachments bool
	Hours       bool
	Metadata    bool // device names and recording start records
}

// ExportPlan is what an export will contain.
type ExportPlan struct {
	Selection   ExportSelection
	Entries     []ExportEntry // in event order
	Recordings  int
	Attachments int
	HoursDays   int
	Bytes       int64 // approximate size of the bundle
	// Damaged names the records that do not open in the vault: they are
	// left out, and the bundle names them.
	Damaged []string
	// Handle is the exporter's own plan, handed back to Export.
	Handle any
}

// ExportEntry is one entry of the preview.
type ExportEntry struct {
	ID        int64
	EventTime time.Time
	EventZone string
	Text      string // the entry's text (the preview shows its first line)
}

// Bundle forms.
const (
	FormFolder    = "folder"
	FormZip       = "zip"
	FormEncrypted = "age" // a zip encrypted with a passphrase (age format)
)

// ExportOptions say where and how the bundle is written.
type ExportOptions struct {
	Dir  string // an existing folder
	Name string // the bundle's name without extension
	Form string // FormFolder, FormZip or FormEncrypted
	// Passphrase for FormEncrypted; the exporter does not keep it, the
	// caller wipes it.
	Passphrase []byte
	Lang       string // report language: ja, en or both
	// The filings' exhibit numbers (証拠説明書, 時系列表, 陳述書):
	// ExhibitPrefix "甲" or "乙"... ("" 甲), the first number (0: 1), and
	// the 作成者 of the worker's own records ("" 本人). The lawyer decides.
	ExhibitPrefix string
	ExhibitStart  int
	Author        string
	// BriefRules leaves the summaries of laws and guidelines out of the
	// report's appendix (a lawyer does not need them).
	BriefRules bool
}

// ExportResult describes a finished bundle.
type ExportResult struct {
	Path        string
	Entries     int
	Recordings  int
	Attachments int
	HoursDays   int
	Anchors     int // trusted timestamps included
	HeadSeq     uint64
	HeadLink    string // hex
	// Unbound: the vault could not record the export (read-only), so
	// the report and the other derived files are not bound to the ledger.
	Unbound bool
	// StampErr says why the timestamp authority could not date the
	// export's own link (empty when it did, or timestamps are off).
	StampErr string
	// Damaged names the records left out because they do not open.
	Damaged []string
}

// VerifyResult is the check of a bundle.
type VerifyResult struct {
	OK       bool // consistent: files, chain and records agree
	Problems int
	// Anchored: a trusted timestamp covers the head. AnchoredThrough is
	// the last link one covers (0: none) of HeadSeq. Without an anchor
	// the summary never says more than "consistent".
	Anchored        bool
	AnchoredThrough uint64
	HeadSeq         uint64
	// Report writes the full report in lang ("en" or "ja"), so that it
	// follows a language switch.
	Report func(lang string) string
}
