package bundle

import (
	"crypto/x509"
	"time"

	"github.com/kiroku-app/kiroku/internal/tsa"
)

// Options tune Verify.
type Options struct {
	// Workers is how many files are hashed at once; 0 means one per CPU.
	Workers int
	// TSARoots are the timestamp authorities whose tokens date anything;
	// nil means the roots Kiroku ships (tsa.ShippedRoots). A token that
	// does not chain to one of them is "unknown authority".
	TSARoots *x509.CertPool
}

// Status is what became of one file of a bag.
type Status string

// File statuses. Everything but StatusOK and StatusIgnored fails the bag.
const (
	StatusOK         Status = "ok"         // listed, and the hash matches
	StatusChanged    Status = "changed"    // listed, but the hash differs
	StatusMissing    Status = "missing"    // listed, but not in the bag
	StatusExtra      Status = "extra"      // under data/ but not in manifest-sha256.txt
	StatusUnlisted   Status = "unlisted"   // outside data/ and not in tagmanifest-sha256.txt
	StatusUnreadable Status = "unreadable" // present, but could not be read to the end
	// StatusIgnored is a file an operating system adds when a folder is
	// opened (.DS_Store, Thumbs.db, desktop.ini, "._" files): reported,
	// not hashed, and not held against the bag.
	StatusIgnored Status = "ignored"
)

// FileResult is the check of one file.
type FileResult struct {
	Path     string `json:"path"` // relative to the bag
	Status   Status `json:"status"`
	Expected string `json:"expected,omitempty"` // SHA-256 in the manifest
	Actual   string `json:"actual,omitempty"`   // SHA-256 of the bytes found
	Size     int64  `json:"size"`
	Detail   string `json:"detail,omitempty"`
}

// Problem is one reason the bag does not verify (or, in Warnings, a note).
// Code is stable (see verify.json: "verify.problem.<code>"); Path names the
// file and Detail gives specifics in English.
type Problem struct {
	Code   string `json:"code"`
	Path   string `json:"path,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// ChainResult is the recomputation of the ledger.
type ChainResult struct {
	Checked  bool         `json:"checked"` // chain.json and links.jsonl could be read
	VaultID  string       `json:"vault_id,omitempty"`
	Links    int          `json:"links"`
	HeadSeq  uint64       `json:"head_seq"`
	HeadLink string       `json:"head_link,omitempty"`
	OK       bool         `json:"ok"`
	Breaks   []ChainBreak `json:"breaks,omitempty"`
}

// ChainBreak is where the chain stops recomputing.
type ChainBreak struct {
	Seq    uint64 `json:"seq"`
	Reason string `json:"reason"`
}

// RecordResult is the check of one file in ledger/records/.
type RecordResult struct {
	Path string `json:"path"`
	Kind string `json:"kind,omitempty"`
	Ref  string `json:"ref,omitempty"`
	Seq  uint64 `json:"seq,omitempty"` // the link that commits to it
	OK   bool   `json:"ok"`
	Code string `json:"code,omitempty"` // the problem's code when not OK
	// ProvenBy is the earliest time a trusted timestamp covering Seq
	// vouches for: the record existed, as it is, by then. Absent when no
	// trusted timestamp covers it (or the bag has problems).
	ProvenBy *time.Time `json:"proven_by,omitempty"`
}

// AnchorResult is the check of one RFC 3161 timestamp.
type AnchorResult struct {
	Seq     uint64    `json:"seq"`
	Subject string    `json:"tsa_subject,omitempty"` // the signing certificate's subject
	Time    time.Time `json:"gen_time,omitzero"`     // genTime of the token
	// OK: the token is intact, signed by the certificate it carries, and
	// over the anchor text of the recomputed link. It dates nothing unless
	// Trust is also "valid".
	OK bool `json:"ok"`
	// Trust: "valid" (chains to a trusted root), "unknown_authority"
	// (intact, but nobody the reader trusts signed it) or "invalid".
	Trust       tsa.Trust `json:"trust"`
	TrustDetail string    `json:"trust_detail,omitempty"`
	Code        string    `json:"code,omitempty"`
	Detail      string    `json:"detail,omitempty"`
}

// Coverage is a run of ledger links and what dates them: ProvenBy is the
// earliest trusted timestamp over a link at or after each of them, or
// absent when none covers them.
type Coverage struct {
	From     uint64     `json:"from"`
	To       uint64     `json:"to"`
	ProvenBy *time.Time `json:"proven_by,omitempty"`
	TSA      string     `json:"tsa_subject,omitempty"`
}

// EntriesResult counts what entries.json restates and was compared.
type EntriesResult struct {
	Checked     bool `json:"checked"`
	Entries     int  `json:"entries"`
	Revisions   int  `json:"revisions"`
	Recordings  int  `json:"recordings"`
	Attachments int  `json:"attachments"`
	// Translations counts the translation revisions (訳文) compared.
	Translations int `json:"translations,omitempty"`
	// Transcripts counts the transcript revisions (反訳) compared.
	Transcripts int `json:"transcripts,omitempty"`
	// LeftOut is entries.json's "damaged": the records the exporter could
	// not open in the vault and left out of the bundle.
	LeftOut []string `json:"left_out,omitempty"`
}

// Report is the outcome of Verify. It separates two findings:
//
//   - Consistent (and OK, its older name): every file, the chain, every
//     record, entries.json and every anchor agree with each other. Anyone
//     can produce a consistent bag with any content: consistency alone
//     proves nothing about who wrote the records or when.
//   - Anchored: consistent, and a timestamp from a trusted authority covers
//     the head, so every record existed, as it is, by that time. Coverage
//     and each record's ProvenBy say which links a trusted time covers.
type Report struct {
	Path string `json:"path"`
	Form string `json:"form"` // "folder" or "zip"
	// OK is Consistent, kept for readers of the first report format.
	OK         bool `json:"ok"`
	Consistent bool `json:"consistent"`
	Anchored   bool `json:"anchored"`
	// AnchoredThrough is the highest link a trusted timestamp covers (0:
	// none); links after it could have been written by anyone.
	AnchoredThrough uint64     `json:"anchored_through"`
	Coverage        []Coverage `json:"coverage"`
	// Export is the check of the bag's export record (bundle format 2).
	Export         ExportResult   `json:"export"`
	Files          []FileResult   `json:"files"`
	PayloadOxum    string         `json:"payload_oxum,omitempty"` // as found in the bag
	Chain          ChainResult    `json:"chain"`
	RecordsChecked int            `json:"records_checked"`
	Records        []RecordResult `json:"records"`
	Entries        EntriesResult  `json:"entries"`
	Anchors        []AnchorResult `json:"anchors"`
	Problems       []Problem      `json:"problems"`
	Warnings       []Problem      `json:"warnings,omitempty"`
}

func (r *Report) problem(code, path, detail string) {
	r.Problems = append(r.Problems, Problem{Code: code, Path: path, Detail: detail})
}

func (r *Report) warn(code, path, detail string) {
	r.Warnings = append(r.Warnings, Problem{Code: code, Path: path, Detail: detail})
}
