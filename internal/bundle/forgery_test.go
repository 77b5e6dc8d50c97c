package bundle_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/bundle/bundletest"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/tsa"
)

func verifyWith(t *testing.T, p string, roots *x509.CertPool) *bundle.Report {
	t.Helper()
	r, err := bundle.Verify(context.Background(), p, bundle.Options{TSARoots: roots})
	if err != nil {
		t.Fatalf("Verify(%s): %v", p, err)
	}
	return r
}

func text(t *testing.T, r *bundle.Report, lang string) string {
	t.Helper()
	var b strings.Builder
	if err := r.WriteText(&b, lang); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

const notAnchored = "RESULT: CONSISTENT — NOT ANCHORED"

// wantNotAnchored: consistent, nothing dated, and the plain sentence.
func wantNotAnchored(t *testing.T, r *bundle.Report) {
	t.Helper()
	s := text(t, r, "en")
	if !r.Consistent || !r.OK || r.Anchored || r.AnchoredThrough != 0 || bundle.ExitCode(r, nil) != bundle.ExitNotAnchored ||
		!strings.Contains(s, notAnchored) || !strings.Contains(s, "Anyone could have produced an equally consistent bundle") {
		t.Fatalf("want consistent, not anchored (exit %d):\n%s", bundle.ExitCode(r, nil), s)
	}
	for _, rr := range r.Records {
		if rr.ProvenBy != nil {
			t.Fatalf("%s proven by %v without a trusted anchor", rr.Path, rr.ProvenBy)
		}
	}
}

// forgeRevision rewrites revision 2's text in its record and in
// entries.json and recomputes everything a forger can: the record hash,
// every link after it, chain.json, bag-info's head, VERIFY.txt,
// Payload-Oxum and both manifests (WriteBag does it all). Anchors of the
// original, if any, are copied over as they were.
func forgeRevision(t *testing.T, f *bundletest.Fixture) *bundletest.Fixture {
	t.Helper()
	const rel = "ledger/records/revision-2.json"
	rev, err := record.ParseRevision(f.Records[rel])
	if err != nil {
		t.Fatal(err)
	}
	rev.Fields.Text = "He apologised and nothing else happened"
	b, err := rev.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	forged := *f
	forged.Links = append(f.Links[:0:0], f.Links...)
	forged.Records = map[string][]byte{}
	for k, v := range f.Records {
		forged.Records[k] = v
	}
	forged.Entries.Entries = append(f.Entries.Entries[:0:0], f.Entries.Entries...)
	e := forged.Entries.Entries[0]
	e.Revisions = append(e.Revisions[:0:0], e.Revisions...)
	e.Revisions[1].Fields = rev.Fields
	forged.Entries.Entries[0] = e
	forged.ReplaceRecord(t, rel, b)
	if forged.Head().Hash == f.Head().Hash {
		t.Fatal("forgery did not change the head")
	}
	return &forged
}

// copyAnchors puts the original bag's anchor files into the forged bag
// and rebags: the forger cannot get a token over the new head.
func copyAnchors(t *testing.T, from, to string) {
	t.Helper()
	src := filepath.Join(from, "data", "ledger", "anchors")
	dst := filepath.Join(to, "data", "ledger", "anchors")
	os.MkdirAll(dst, 0o700)
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(src, e.Name()))
		os.WriteFile(filepath.Join(dst, e.Name()), b, 0o600)
	}
	bundletest.Rebag(t, to)
}

// The forgery: a revision's text rewritten with everything
// recomputed. Before the honest verdict it printed "RESULT: VERIFIED".
func TestForgedRevision(t *testing.T) {
	f := bundletest.NewFixture(t)
	forged := forgeRevision(t, f)

	t.Run("no anchor: consistent, not anchored", func(t *testing.T) {
		dir := forged.WriteBag(t, t.TempDir(), "bag", false, nil)
		r := verify(t, dir)
		wantNotAnchored(t, r)
		if !strings.Contains(text(t, r, "ja"), "誰でも作れます") {
			t.Fatalf("ja:\n%s", text(t, r, "ja"))
		}
	})

	t.Run("trusted anchor of the original head: FAILED", func(t *testing.T) {
		a := bundletest.NewTSA(t)
		head := f.Head().Seq
		orig := f.WriteBag(t, t.TempDir(), "bag", false, f.Tokens(t, a, head))
		r := verifyWith(t, orig, a.Roots(t))
		if !r.Anchored || bundle.ExitCode(r, nil) != bundle.ExitVerified {
			t.Fatalf("original with a trusted anchor:\n%s", text(t, r, "en"))
		}
		dir := forged.WriteBag(t, t.TempDir(), "bag", false, nil)
		copyAnchors(t, orig, dir)
		r = verifyWith(t, dir, a.Roots(t))
		wantProblem(t, r, "anchor.text")
		if r.Consistent || r.Anchored || bundle.ExitCode(r, nil) != bundle.ExitFailed || !strings.Contains(text(t, r, "en"), "RESULT: VERIFICATION FAILED") {
			t.Fatalf("forged bag with the original anchor:\n%s", text(t, r, "en"))
		}
	})
}

// A timestamp from a CA anyone can make, calling itself a Japanese
// accredited TSA, dated months before the records it covers: unknown
// authority (never valid), and flagged as dated before its records.
func TestSelfMadeJapaneseTSA(t *testing.T) {
	fake := bundletest.NewTSANamed(t, "総務大臣認定タイムスタンプ局", "Japan Time Stamping Authority")
	// The records say they were written 120 days from now; the token is
	// made now.
	f := bundletest.NewFixtureAt(t, time.Now().Add(120*24*time.Hour))
	head := f.Head().Seq
	dir := f.WriteBag(t, t.TempDir(), "bag", false, f.Tokens(t, fake, head))
	r := verify(t, dir) // shipped roots only
	if len(r.Anchors) != 1 || r.Anchors[0].Trust != tsa.TrustUnknown || !strings.Contains(r.Anchors[0].Subject, "総務大臣認定") {
		t.Fatalf("anchors %+v", r.Anchors)
	}
	wantProblem(t, r, "anchor.before_record")
	s := text(t, r, "en")
	if strings.Contains(s, ": valid") || !strings.Contains(s, "UNKNOWN AUTHORITY") {
		t.Fatalf("text:\n%s", s)
	}

	t.Run("the same token on records it postdates: still unknown, not anchored", func(t *testing.T) {
		g := bundletest.NewFixture(t)
		r := verify(t, g.WriteBag(t, t.TempDir(), "bag", false, g.Tokens(t, fake, g.Head().Seq)))
		wantNotAnchored(t, r)
		if r.Anchors[0].Trust != tsa.TrustUnknown {
			t.Fatalf("%+v", r.Anchors[0])
		}
	})
	t.Run("trusted but dated before the records", func(t *testing.T) {
		r := verifyWith(t, dir, fake.Roots(t))
		if r.Anchors[0].Trust != tsa.TrustValid {
			t.Fatalf("%+v", r.Anchors[0])
		}
		wantProblem(t, r, "anchor.before_record")
		if r.Anchored || bundle.ExitCode(r, nil) != bundle.ExitFailed {
			t.Fatal("a token dated before its records must fail the bag")
		}
	})
}

// Coverage: a trusted token over link k dates links 1..k; later links
// are not dated; records carry proven_by accordingly.
func TestCoverage(t *testing.T) {
	f := bundletest.NewFixture(t)
	a := bundletest.NewTSA(t)
	head := f.Head().Seq
	dir := f.WriteBag(t, t.TempDir(), "bag", false, f.Tokens(t, a, 2, head))
	tests := []struct {
		name    string
		roots   *x509.CertPool
		through uint64
		exit    int
		line    string
	}{
		{"test TSA trusted", a.Roots(t), head, bundle.ExitVerified, "RESULT: CONSISTENT AND ANCHORED"},
		{"shipped roots only", nil, 0, bundle.ExitNotAnchored, notAnchored},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := verifyWith(t, dir, tt.roots)
			s := text(t, r, "en")
			if r.AnchoredThrough != tt.through || bundle.ExitCode(r, nil) != tt.exit || !strings.Contains(s, tt.line) {
				t.Fatalf("through %d exit %d:\n%s", r.AnchoredThrough, bundle.ExitCode(r, nil), s)
			}
		})
	}
	t.Run("partial", func(t *testing.T) {
		dir := f.WriteBag(t, t.TempDir(), "bag", false, f.Tokens(t, a, 2))
		r := verifyWith(t, dir, a.Roots(t))
		s := text(t, r, "en")
		if r.Anchored || r.AnchoredThrough != 2 || bundle.ExitCode(r, nil) != bundle.ExitNotAnchored ||
			!strings.Contains(s, "ANCHORED ONLY THROUGH LINK 2 OF 6") || !strings.Contains(s, "Links 1–2 (and the records they commit to) existed") ||
			!strings.Contains(s, "Links 3–6: no trusted timestamp") {
			t.Fatalf("partial:\n%s", s)
		}
		for _, rr := range r.Records {
			if (rr.ProvenBy != nil) != (rr.Seq != 0 && rr.Seq <= 2) {
				t.Errorf("%s seq %d proven_by %v", rr.Path, rr.Seq, rr.ProvenBy)
			}
		}
		var j bytes.Buffer
		r.WriteJSON(&j)
		for _, want := range []string{`"consistent": true`, `"anchored": false`, `"anchored_through": 2`, `"proven_by"`, `"trust": "valid"`} {
			if !strings.Contains(j.String(), want) {
				t.Errorf("json lacks %s", want)
			}
		}
	})
}
