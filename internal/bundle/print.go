package bundle

import (
	"bufio"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/tsa"
)

// Exit codes of a bundle check, the same for kiroku-verify and kirokuctl
// verify (whose other verbs use the same numbers for the same meanings:
// 5 not found or not a vault, 6 damaged), so that a script gets one
// answer whichever verifier it runs.
const (
	// ExitVerified: consistent, and a timestamp from a trusted authority
	// covers the head (every record is dated).
	ExitVerified   = 0
	ExitUsage      = 2
	ExitUnreadable = 5 // not a bag, unreadable, refused zip
	ExitFailed     = 6 // something changed, missing, extra, or the chain or an anchor fails
	// ExitNotAnchored: consistent, but no trusted timestamp covers the head
	// (none at all, or only earlier links): anyone could have made it.
	ExitNotAnchored = 11
)

// ExitCode maps Verify's result to kiroku-verify's exit code.
func ExitCode(r *Report, err error) int {
	switch {
	case err != nil:
		return ExitUnreadable
	case r == nil || !r.OK:
		return ExitFailed
	case !r.Anchored:
		return ExitNotAnchored
	}
	return ExitVerified
}

// TSARoots returns the shipped TSA roots plus the certificates in each
// PEM file of files (the --tsa-ca option of both verifiers).
func TSARoots(files []string) (*x509.CertPool, error) {
	pool := tsa.ShippedRoots()
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read TSA root: %w", err)
		}
		if _, err := tsa.AddRoots(pool, b); err != nil {
			return nil, fmt.Errorf("TSA root %s: %w", f, err)
		}
	}
	return pool, nil
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// WriteText writes the report for people in lang ("en" or "ja"): one line
// per file, the chain, records, entries.json and anchors, every problem,
// and a last line saying whether the bag verified.
func (r *Report) WriteText(w io.Writer, lang string) error {
	c := i18n.Default()
	t := func(key string, args ...any) string { return c.T(lang, key, args...) }
	b := bufio.NewWriter(w)
	fmt.Fprintln(b, t("verify.out.title", r.Path, t("verify.form."+r.Form)))
	fmt.Fprintln(b)
	width := 0
	for _, f := range r.Files {
		width = max(width, textWidth(t("verify.status."+string(f.Status))))
	}
	for _, f := range r.Files {
		label := t("verify.status." + string(f.Status))
		fmt.Fprintf(b, "  %s%s  %s\n", label, strings.Repeat(" ", width-textWidth(label)), f.Path)
		if f.Status == StatusChanged {
			pad := strings.Repeat(" ", width+4)
			fmt.Fprintf(b, "%s%s %s\n%s%s %s\n", pad, t("verify.out.expected"), f.Expected, pad, t("verify.out.actual"), f.Actual)
		}
	}
	fmt.Fprintln(b)
	ch := r.Chain
	switch {
	case !ch.Checked:
		fmt.Fprintln(b, t("verify.out.chain_unread"))
	case ch.OK:
		fmt.Fprintln(b, t("verify.out.chain_ok", ch.Links, ch.HeadSeq, ch.HeadLink))
	default:
		fmt.Fprintln(b, t("verify.out.chain_bad", ch.Links, len(ch.Breaks)))
	}
	bad := 0
	for _, rr := range r.Records {
		if !rr.OK {
			bad++
		}
	}
	fmt.Fprintln(b, t("verify.out.records", r.RecordsChecked, bad))
	if r.Entries.Checked {
		e := r.Entries
		fmt.Fprintln(b, t("verify.out.entries", e.Entries, e.Revisions, e.Recordings, e.Attachments))
		if len(e.LeftOut) > 0 {
			fmt.Fprintln(b, t("verify.out.left_out", len(e.LeftOut), strings.Join(e.LeftOut, ", ")))
			// What was checked of that statement, only when it held.
			if !slices.ContainsFunc(r.Problems, func(p Problem) bool { return slices.Contains(leftOutProblems, p.Code) }) {
				fmt.Fprintln(b, t("verify.out.left_out_checked"))
			}
		}
	}
	if len(r.Anchors) == 0 {
		fmt.Fprintln(b, t("verify.out.no_anchors"))
	}
	for _, a := range r.Anchors {
		when := ""
		if !a.Time.IsZero() {
			when = a.Time.UTC().Format(time.RFC3339)
		}
		switch {
		case !a.OK:
			fmt.Fprintln(b, t("verify.out.anchor_bad", a.Seq, t("verify.problem."+a.Code)))
		case a.Trust == tsa.TrustValid:
			fmt.Fprintln(b, t("verify.out.anchor_ok", a.Seq, when, a.Subject))
		default:
			fmt.Fprintln(b, t("verdict.anchor_untrusted", a.Seq, a.Subject, when))
		}
	}
	if r.Consistent {
		for _, c := range r.Coverage {
			if c.ProvenBy != nil {
				fmt.Fprintln(b, t("verdict.links_proven", c.From, c.To, c.ProvenBy.UTC().Format(time.RFC3339), c.TSA))
			} else {
				fmt.Fprintln(b, t("verdict.links_unproven", c.From, c.To))
			}
		}
	}
	e := r.Export
	switch {
	case e.BundleFormat != "2":
		fmt.Fprintln(b, t("verdict.derived_format1"))
	case e.Bound:
		fmt.Fprintln(b, t("verdict.derived_bound", e.Files, e.ID, e.RecordedAt.UTC().Format(time.RFC3339), e.Seq))
		if e.ProvenBy != nil {
			fmt.Fprintln(b, t("verdict.derived_proven", e.ProvenBy.UTC().Format(time.RFC3339)))
		} else {
			fmt.Fprintln(b, t("verdict.derived_unproven"))
		}
	case e.ID == 0:
		fmt.Fprintln(b, t("verdict.derived_none"))
	default:
		fmt.Fprintln(b, t("verdict.derived_bad", e.ID))
	}
	if len(r.Problems) > 0 {
		fmt.Fprintln(b)
		fmt.Fprintln(b, t("verify.out.problems", len(r.Problems)))
		for _, p := range r.Problems {
			fmt.Fprintln(b, "  - "+problemLine(t, p))
		}
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintln(b)
		fmt.Fprintln(b, t("verify.out.warnings", len(r.Warnings)))
		for _, p := range r.Warnings {
			fmt.Fprintln(b, "  - "+problemLine(t, p))
		}
	}
	fmt.Fprintln(b)
	switch {
	case !r.OK:
		fmt.Fprintln(b, t("verify.out.failed", len(r.Problems)))
	case r.Anchored:
		fmt.Fprintln(b, t("verify.out.verified"))
	case r.AnchoredThrough > 0:
		fmt.Fprintln(b, t("verdict.result_partial", r.AnchoredThrough, r.Chain.HeadSeq))
	default:
		fmt.Fprintln(b, t("verdict.result_not_anchored"))
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

func problemLine(t func(string, ...any) string, p Problem) string {
	s := t("verify.problem." + p.Code)
	if p.Path != "" {
		s += " — " + p.Path
	}
	if p.Detail != "" {
		s += " (" + p.Detail + ")"
	}
	return s
}

// UnreadableMessage is the sentence for an error of Verify, in lang.
func UnreadableMessage(err error, lang string) string {
	c := i18n.Default()
	key := "verify.err.unreadable"
	switch {
	case errors.Is(err, ErrNotBag):
		key = "verify.err.not_bag"
	case errors.Is(err, ErrBadZip):
		key = "verify.err.bad_zip"
	}
	return c.T(lang, key) + "\n  (" + err.Error() + ")"
}

// textWidth counts columns: East Asian wide characters take two.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x115f || (r >= 0x2e80 && r <= 0xa4cf) || (r >= 0xac00 && r <= 0xd7a3) || (r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff60) || (r >= 0xffe0 && r <= 0xffe6)) {
			n += 2
		} else {
			n++
		}
	}
	return n
}
