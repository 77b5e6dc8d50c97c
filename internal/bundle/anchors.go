package bundle

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/digitorus/pkcs7"
	"github.com/digitorus/timestamp"

	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/tsa"
)

// Token is what CheckToken learned from a valid RFC 3161 response.
type Token struct {
	Subject string    // subject of the signing certificate
	Time    time.Time // genTime
	Cert    *x509.Certificate
}

// TokenError is why a token does not verify; Code is a stable problem code.
type TokenError struct {
	Code   string
	Detail string
}

func (e *TokenError) Error() string { return e.Code + ": " + e.Detail }

// CheckToken verifies an RFC 3161 TimeStampResp (a .tsr file) over text:
// the status is granted, the token carries its signing certificate and is
// validly signed by it, the certificate is for time stamping, the imprint
// uses SHA-256 and equals SHA-256(text). Whether the certificate belongs to
// a TSA the reader trusts is not decided here (openssl ts -verify -CAfile).
func CheckToken(tsr, text []byte) (tok Token, err error) {
	// digitorus/pkcs7 races on package state: one token at a time (a
	// bundle has few).
	tokenMu.Lock()
	defer tokenMu.Unlock()
	defer func() {
		// The ASN.1 and CMS parsers are third-party code reading hostile
		// bytes: a panic there is a bad token, not a crash.
		if p := recover(); p != nil {
			tok, err = Token{}, &TokenError{"anchor.token", fmt.Sprint("malformed token: ", p)}
		}
	}()
	ts, err := timestamp.ParseResponse(tsr)
	if err != nil {
		return Token{}, &TokenError{"anchor.token", err.Error()}
	}
	if len(ts.Certificates) == 0 {
		// Without a certificate the library cannot check the signature.
		return Token{}, &TokenError{"anchor.no_cert", "the token carries no certificate"}
	}
	p7, err := pkcs7.Parse(ts.RawToken)
	if err != nil {
		return Token{}, &TokenError{"anchor.token", err.Error()}
	}
	cert := p7.GetOnlySigner()
	if cert == nil {
		return Token{}, &TokenError{"anchor.no_cert", "no single signer certificate"}
	}
	tok = Token{Subject: cert.Subject.String(), Time: ts.Time, Cert: cert}
	if !slices.Contains(cert.ExtKeyUsage, x509.ExtKeyUsageTimeStamping) {
		return tok, &TokenError{"anchor.cert_usage", "the signing certificate is not for time stamping"}
	}
	if ts.HashAlgorithm != crypto.SHA256 {
		return tok, &TokenError{"anchor.hash_alg", ts.HashAlgorithm.String()}
	}
	sum := sha256.Sum256(text)
	if !bytes.Equal(ts.HashedMessage, sum[:]) {
		return tok, &TokenError{"anchor.imprint", fmt.Sprintf("token imprint %x, text %x", ts.HashedMessage, sum)}
	}
	// The stricter checks the app applies when it receives a token: the
	// signature over the signed attributes exactly as received, the
	// signing-certificate hash, a critical timeStamping usage, the time
	// within the certificate's validity.
	if _, err := tsa.VerifyResponse(tsr, text); err != nil {
		return tok, &TokenError{"anchor.token", err.Error()}
	}
	return tok, nil
}

var tokenMu sync.Mutex

// checkAnchors is step 5: each anchor text is exactly the anchor text of
// its link in the recomputed chain, and its token verifies over it.
func (v *verifier) checkAnchors() {
	r := v.r
	type pair struct{ txt, tsr string }
	seqs := map[uint64]*pair{}
	for p, h := range v.files {
		if !strings.HasPrefix(p, anchorsDir) || ignoredName(p) || !h.present {
			continue
		}
		base := strings.TrimPrefix(p, anchorsDir)
		stem, ext, _ := strings.Cut(base, ".")
		seq, err := strconv.ParseUint(stem, 10, 64)
		if err != nil || seq == 0 || strconv.FormatUint(seq, 10) != stem || (ext != "txt" && ext != "tsr") {
			r.problem("anchor.name", p, "expected <seq>.txt or <seq>.tsr")
			continue
		}
		if seqs[seq] == nil {
			seqs[seq] = &pair{}
		}
		if ext == "txt" {
			seqs[seq].txt = p
		} else {
			seqs[seq].tsr = p
		}
	}
	var order []uint64
	for s := range seqs {
		order = append(order, s)
	}
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })
	for _, seq := range order {
		ar := v.checkAnchor(seq, seqs[seq].txt, seqs[seq].tsr)
		if !ar.OK && ar.Code != "" {
			where := seqs[seq].tsr
			if where == "" {
				where = seqs[seq].txt
			}
			r.problem(ar.Code, where, ar.Detail)
		}
		r.Anchors = append(r.Anchors, ar)
	}
}

func (v *verifier) checkAnchor(seq uint64, txtPath, tsrPath string) AnchorResult {
	ar := AnchorResult{Seq: seq}
	fail := func(code, detail string) AnchorResult {
		ar.Code, ar.Detail = code, detail
		return ar
	}
	if txtPath == "" || tsrPath == "" {
		return fail("anchor.pair", "an anchor needs both <seq>.txt and <seq>.tsr")
	}
	text, ok1 := v.data(txtPath)
	tsr, ok2 := v.data(tsrPath)
	if !ok1 || !ok2 {
		ar.Code = "file.unreadable" // already reported
		return ar
	}
	if !v.chainOK {
		return fail("anchor.no_chain", "the chain could not be read")
	}
	if seq > uint64(len(v.recomputed)) {
		return fail("anchor.seq", fmt.Sprintf("the chain has %d links", len(v.recomputed)))
	}
	if want := ledger.AnchorText(v.vaultID, seq, v.recomputed[seq-1]); !bytes.Equal(text, want) {
		return fail("anchor.text", "not the anchor text of the recomputed link")
	}
	tok, err := CheckToken(tsr, text)
	ar.Subject, ar.Time, ar.Trust = tok.Subject, tok.Time, tsa.TrustInvalid
	if err != nil {
		if te, ok := err.(*TokenError); ok {
			return fail(te.Code, te.Detail)
		}
		return fail("anchor.token", err.Error())
	}
	ar.OK = true
	// Intact is not trusted: a self-made CA can call itself anything and
	// sign any time. Only a chain to a root the reader trusts dates links.
	trust, err := tsa.CheckTrust(tsr, tok.Time, v.roots)
	ar.Trust = trust
	if err != nil {
		ar.TrustDetail = err.Error()
	}
	if trust != tsa.TrustValid {
		v.r.warn("anchor.untrusted", tsrPath, ar.Subject)
	}
	return ar
}
