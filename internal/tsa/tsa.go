// Package tsa obtains and checks RFC 3161 trusted timestamps for the ledger
// head, so that a lawyer can show that the record existed, unchanged, at a
// time vouched for by a third party.
//
// Timestamps are opt-in and off by default. When the user configures a
// timestamp authority (TSA) URL, this package is the only code in Kiroku
// that touches the network, and only the SHA-256 of the anchor text
// (docs/FORMAT.md, "Anchor text") leaves the machine, with a random nonce.
// The anchor text itself names the vault id, a sequence number and a link
// hash: nothing about content. Requests go only to the configured host:
// redirects elsewhere are refused.
//
// A token is kept exactly as the TSA sent it (the DER TimeStampResp), so
// that `openssl ts -verify -data anchor.txt -in anchor.tsr -CAfile TSA.pem`
// checks it with no Kiroku code at all. [VerifyResponse] performs the same
// checks that do not depend on trusting a particular TSA: the response is
// granted, it is signed by the certificate it carries (which is bound to
// the signature by the ESS signing-certificate attribute and marked for
// time stamping), and its message imprint is the SHA-256 of the data.
// Whether that certificate belongs to a TSA the reader trusts is a decision
// for the reader (openssl's -CAfile), not for this package.
//
// [Anchorer] runs in the background of the app: after new records it waits
// a little (batching), stamps the latest ledger head, and while offline it
// keeps the work queued and retries with backoff. Nothing is lost: the next
// successful stamp covers every record written before it, because each
// link commits to all the links before it.
package tsa

import (
	"bytes"
	"crypto"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/digitorus/pkcs7"
	"github.com/digitorus/timestamp"
)

var (
	// ErrUnreachable: the TSA could not be reached or did not answer in
	// time (offline, DNS, TLS, connection refused, HTTP 5xx). Transient:
	// try again later. The underlying error is wrapped too.
	ErrUnreachable = errors.New("timestamp authority not reachable")
	// ErrRefused: the TSA answered but did not grant a timestamp (PKI
	// status not granted, or an HTTP client error such as 404).
	ErrRefused = errors.New("timestamp authority refused the request")
	// ErrBadResponse: the answer is not a valid timestamp for this data:
	// not a TimeStampResp, a bad signature, another imprint or hash
	// algorithm, or a nonce that is not ours (a replayed answer).
	ErrBadResponse = errors.New("timestamp response not valid")
	// ErrRedirect: the TSA redirected to another host (or from https to
	// http); Kiroku sends hashes only to the host the user configured.
	ErrRedirect = errors.New("timestamp authority redirected elsewhere")
)

// MaxResponseSize bounds a TimeStampResp, read from the network or from a
// bundle. Real ones are a few kilobytes, with a certificate chain perhaps
// ten.
const MaxResponseSize = 256 << 10

// Token is a granted RFC 3161 timestamp.
type Token struct {
	// Response is the full DER TimeStampResp exactly as the TSA sent it
	// (what a .tsr file holds).
	Response []byte
	// GenTime is the time the TSA vouches for (UTC).
	GenTime time.Time
	// Serial is the token's serial number as openssl prints it ("0x02").
	Serial string
	// TSA is the subject of the signing certificate.
	TSA string
	// Policy is the TSA policy OID, dotted.
	Policy string
}

var (
	oidTSTInfo               = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
	oidSigningCertificate    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 12}
	oidSigningCertificateV2  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidExtKeyUsage           = asn1.ObjectIdentifier{2, 5, 29, 37}
	oidSHA256                = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384                = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512                = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
	oidSignedData            = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	errNoSigningCertificate  = errors.New("no ESS signing-certificate attribute")
	errSigningCertMismatch   = errors.New("ESS signing-certificate hash does not match the signer's certificate")
	errUnsupportedESSHashAlg = errors.New("unsupported hash algorithm in ESS signing-certificate attribute")
)

// pkcs7Mu serializes pkcs7.Parse (also called by timestamp.Parse): its BER
// converter updates a package-level counter, a data race when two
// goroutines parse at once.
var pkcs7Mu sync.Mutex

func parsePKCS7(b []byte) (*pkcs7.PKCS7, error) {
	pkcs7Mu.Lock()
	defer pkcs7Mu.Unlock() // also when the parser panics
	return pkcs7.Parse(b)
}

func parseTimestamp(b []byte) (*timestamp.Timestamp, error) {
	pkcs7Mu.Lock()
	defer pkcs7Mu.Unlock()
	return timestamp.Parse(b)
}

// TimeStampResp (RFC 3161 section 2.4.2).
type timeStampResp struct {
	Status pkiStatusInfo
	Token  asn1.RawValue `asn1:"optional"`
}

type pkiStatusInfo struct {
	Status       int
	StatusString []string       `asn1:"optional"`
	FailInfo     asn1.BitString `asn1:"optional"`
}

// The parts of a CMS ContentInfo / SignedData that pkcs7 does not expose.
type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"explicit,tag:0"`
}

type signedData struct {
	Version          int
	DigestAlgorithms asn1.RawValue
	EncapContent     encapContentInfo
	Certificates     asn1.RawValue `asn1:"optional,tag:0"`
	CRLs             asn1.RawValue `asn1:"optional,tag:1"`
	SignerInfos      asn1.RawValue
}

type encapContentInfo struct {
	EContentType asn1.ObjectIdentifier
	EContent     asn1.RawValue `asn1:"explicit,optional,tag:0"`
}

type signerInfo struct {
	Version            int
	SID                asn1.RawValue
	DigestAlgorithm    pkix.AlgorithmIdentifier
	SignedAttrs        asn1.RawValue `asn1:"optional,tag:0"`
	SignatureAlgorithm pkix.AlgorithmIdentifier
	Signature          []byte
	UnsignedAttrs      asn1.RawValue `asn1:"optional,tag:1"`
}

// ESS signing-certificate attributes (RFC 2634 and RFC 5035).
type signingCertificate struct {
	Certs []essCertID
}

type essCertID struct {
	CertHash     []byte
	IssuerSerial asn1.RawValue `asn1:"optional"`
}

type signingCertificateV2 struct {
	Certs []essCertIDv2
}

type essCertIDv2 struct {
	HashAlgorithm pkix.AlgorithmIdentifier `asn1:"optional"` // DEFAULT sha256
	CertHash      []byte
	IssuerSerial  asn1.RawValue `asn1:"optional"`
}

// VerifyResponse checks a stored TimeStampResp against the data it should
// timestamp: it is a granted response whose token is validly signed by the
// certificate it carries, whose imprint is SHA-256 of data. It cannot check
// the nonce (that is done once, by [Client.Stamp]) nor whether the TSA is
// trusted. Errors wrap ErrBadResponse, or ErrRefused for a response that
// carries no token.
func VerifyResponse(resp, data []byte) (*Token, error) {
	sum := sha256.Sum256(data)
	tok, _, err := verify(resp, sum[:])
	return tok, err
}

// verify is VerifyResponse on a digest; it also returns the parsed
// timestamp so that Stamp can compare the nonce.
func verify(resp, digest []byte) (tok *Token, ts *timestamp.Timestamp, err error) {
	// The parsers below are third-party code fed untrusted bytes; a panic
	// in them must not take the app down, and means the bytes are bad.
	defer func() {
		if r := recover(); r != nil {
			tok, ts, err = nil, nil, fmt.Errorf("%w: malformed response (parser panic: %v)", ErrBadResponse, r)
		}
	}()
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrBadResponse}, a...)...)
	}

	if len(resp) == 0 {
		return nil, nil, bad("empty response")
	}
	if len(resp) > MaxResponseSize {
		return nil, nil, bad("response of %d bytes is larger than %d", len(resp), MaxResponseSize)
	}
	var tsr timeStampResp
	rest, err := asn1.Unmarshal(resp, &tsr)
	if err != nil {
		return nil, nil, bad("not a TimeStampResp: %v", err)
	}
	if len(rest) > 0 {
		return nil, nil, bad("%d bytes after the TimeStampResp", len(rest))
	}
	// granted (0) and grantedWithMods (1) both carry a token (RFC 3161
	// section 2.4.2); openssl ts -verify accepts both.
	if tsr.Status.Status != 0 && tsr.Status.Status != 1 {
		return nil, nil, fmt.Errorf("%w: %s", ErrRefused, describeStatus(tsr.Status))
	}
	if len(tsr.Token.FullBytes) == 0 {
		return nil, nil, bad("granted response without a token")
	}
	token := tsr.Token.FullBytes

	// The token must be a SignedData over a TSTInfo.
	var ci contentInfo
	if rest, err := asn1.Unmarshal(token, &ci); err != nil || len(rest) > 0 || !ci.ContentType.Equal(oidSignedData) {
		return nil, nil, bad("token is not a CMS SignedData")
	}
	var sd signedData
	if _, err := asn1.Unmarshal(ci.Content.Bytes, &sd); err != nil {
		return nil, nil, bad("token is not a CMS SignedData: %v", err)
	}
	if !sd.EncapContent.EContentType.Equal(oidTSTInfo) {
		return nil, nil, bad("token content is %v, not a TSTInfo", sd.EncapContent.EContentType)
	}

	p7, err := parsePKCS7(token)
	if err != nil {
		return nil, nil, bad("cannot parse the token: %v", err)
	}
	if len(p7.Signers) != 1 {
		return nil, nil, bad("token has %d signers, want exactly 1", len(p7.Signers))
	}
	if len(p7.Certificates) == 0 {
		return nil, nil, bad("token carries no certificate to check its signature with")
	}
	signer := p7.GetOnlySigner()
	if signer == nil {
		return nil, nil, bad("the signer's certificate is not in the token")
	}
	if len(p7.Signers[0].AuthenticatedAttributes) == 0 {
		// RFC 3161 requires the signing-certificate attribute, so signed
		// attributes are always present; without them pkcs7 would check a
		// signature over the bare content.
		return nil, nil, bad("token has no signed attributes")
	}
	if err := p7.Verify(); err != nil {
		return nil, nil, bad("signature does not verify: %v", err)
	}
	if err := checkSignedAttrs(sd, signer); err != nil {
		return nil, nil, bad("%v", err)
	}
	var ct asn1.ObjectIdentifier
	if err := p7.UnmarshalSignedAttribute(pkcs7.OIDAttributeContentType, &ct); err != nil || !ct.Equal(oidTSTInfo) {
		return nil, nil, bad("signed content-type attribute is not TSTInfo")
	}
	if err := checkSigningCertificate(p7, signer); err != nil {
		return nil, nil, bad("%v", err)
	}
	if err := checkTimeStampingCert(signer); err != nil {
		return nil, nil, bad("%v", err)
	}

	ts, err = parseTimestamp(token)
	if err != nil {
		return nil, nil, bad("cannot parse TSTInfo: %v", err)
	}
	if ts.HashAlgorithm != crypto.SHA256 {
		return nil, nil, bad("imprint uses %v, not SHA-256", ts.HashAlgorithm)
	}
	if !bytes.Equal(ts.HashedMessage, digest) {
		return nil, nil, bad("token is for other data (message imprint differs)")
	}
	if ts.SerialNumber == nil {
		return nil, nil, bad("token has no serial number")
	}
	if ts.Time.IsZero() {
		return nil, nil, bad("token has no time")
	}
	if ts.Time.Before(signer.NotBefore) || ts.Time.After(signer.NotAfter) {
		return nil, nil, bad("token time %s is outside its certificate's validity (%s to %s)",
			ts.Time.UTC().Format(time.RFC3339), signer.NotBefore.UTC().Format(time.RFC3339), signer.NotAfter.UTC().Format(time.RFC3339))
	}
	return &Token{
		Response: resp,
		GenTime:  ts.Time.UTC(),
		Serial:   serialString(ts.SerialNumber),
		TSA:      signer.Subject.String(),
		Policy:   ts.Policy.String(),
	}, ts, nil
}

// serialString prints a serial number as `openssl ts -reply -text` does:
// 0x, then upper-case hex digits in whole bytes ("0x02").
func serialString(n *big.Int) string {
	if n.Sign() < 0 {
		return "-" + serialString(new(big.Int).Neg(n))
	}
	h := strings.ToUpper(n.Text(16))
	if len(h)%2 == 1 {
		h = "0" + h
	}
	return "0x" + h
}

// checkSignedAttrs verifies the signature over the signed attributes
// exactly as they were received, as RFC 5652 and openssl do. (pkcs7
// verifies over a re-encoding of the parsed attributes, which accepts
// changes of their encoding.)
func checkSignedAttrs(sd signedData, signer *x509.Certificate) error {
	var si signerInfo
	if rest, err := asn1.Unmarshal(sd.SignerInfos.Bytes, &si); err != nil || len(rest) > 0 {
		return errors.New("token does not have exactly one SignerInfo")
	}
	if len(si.SignedAttrs.FullBytes) == 0 {
		return errors.New("token has no signed attributes")
	}
	alg, err := signatureAlgorithm(si.SignatureAlgorithm.Algorithm, si.DigestAlgorithm.Algorithm)
	if err != nil {
		return err
	}
	// The signature covers the attributes with the SET OF tag in place of
	// the [0] IMPLICIT tag.
	attrs := bytes.Clone(si.SignedAttrs.FullBytes)
	attrs[0] = 0x31
	if err := signer.CheckSignature(alg, attrs, si.Signature); err != nil {
		return fmt.Errorf("signature does not verify: %w", err)
	}
	return nil
}

var (
	oidECDSAWithSHA256 = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
	oidECDSAWithSHA384 = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 3}
	oidECDSAWithSHA512 = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 4}
	oidECPublicKey     = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidRSAEncryption   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidSHA256WithRSA   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
	oidSHA384WithRSA   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 12}
	oidSHA512WithRSA   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 13}
)

// signatureAlgorithm maps a SignerInfo's signature and digest algorithms
// to what x509 checks: ECDSA and RSA PKCS #1 v1.5 with SHA-2, which is what
// TSAs use. SHA-1 is refused.
func signatureAlgorithm(sig, digest asn1.ObjectIdentifier) (x509.SignatureAlgorithm, error) {
	var h crypto.Hash
	switch {
	case digest.Equal(oidSHA256):
		h = crypto.SHA256
	case digest.Equal(oidSHA384):
		h = crypto.SHA384
	case digest.Equal(oidSHA512):
		h = crypto.SHA512
	default:
		return 0, fmt.Errorf("unsupported digest algorithm %v", digest)
	}
	table := []struct {
		oid   asn1.ObjectIdentifier
		hash  crypto.Hash // 0: the digest algorithm's
		ecdsa bool
	}{
		{oidECDSAWithSHA256, crypto.SHA256, true},
		{oidECDSAWithSHA384, crypto.SHA384, true},
		{oidECDSAWithSHA512, crypto.SHA512, true},
		{oidECPublicKey, 0, true},
		{oidSHA256WithRSA, crypto.SHA256, false},
		{oidSHA384WithRSA, crypto.SHA384, false},
		{oidSHA512WithRSA, crypto.SHA512, false},
		{oidRSAEncryption, 0, false},
	}
	for _, e := range table {
		if !sig.Equal(e.oid) {
			continue
		}
		if e.hash != 0 && e.hash != h {
			return 0, fmt.Errorf("signature algorithm %v does not match digest algorithm %v", sig, digest)
		}
		switch {
		case e.ecdsa && h == crypto.SHA256:
			return x509.ECDSAWithSHA256, nil
		case e.ecdsa && h == crypto.SHA384:
			return x509.ECDSAWithSHA384, nil
		case e.ecdsa:
			return x509.ECDSAWithSHA512, nil
		case h == crypto.SHA256:
			return x509.SHA256WithRSA, nil
		case h == crypto.SHA384:
			return x509.SHA384WithRSA, nil
		default:
			return x509.SHA512WithRSA, nil
		}
	}
	return 0, fmt.Errorf("unsupported signature algorithm %v", sig)
}

// checkSigningCertificate checks that the ESS signing-certificate attribute
// (required by RFC 3161) names the certificate the signature was checked
// with. This binds every byte of that certificate, not only its key.
func checkSigningCertificate(p7 *pkcs7.PKCS7, signer *x509.Certificate) error {
	var v2 signingCertificateV2
	if err := p7.UnmarshalSignedAttribute(oidSigningCertificateV2, &v2); err == nil {
		if len(v2.Certs) == 0 {
			return errNoSigningCertificate
		}
		id := v2.Certs[0]
		var sum []byte
		switch alg := id.HashAlgorithm.Algorithm; {
		case len(alg) == 0 || alg.Equal(oidSHA256):
			s := sha256.Sum256(signer.Raw)
			sum = s[:]
		case alg.Equal(oidSHA384):
			s := sha512.Sum384(signer.Raw)
			sum = s[:]
		case alg.Equal(oidSHA512):
			s := sha512.Sum512(signer.Raw)
			sum = s[:]
		default:
			return fmt.Errorf("%w: %v", errUnsupportedESSHashAlg, alg)
		}
		if !bytes.Equal(id.CertHash, sum) {
			return errSigningCertMismatch
		}
		return nil
	}
	var v1 signingCertificate
	if err := p7.UnmarshalSignedAttribute(oidSigningCertificate, &v1); err != nil || len(v1.Certs) == 0 {
		return errNoSigningCertificate
	}
	sum := sha1.Sum(signer.Raw)
	if !bytes.Equal(v1.Certs[0].CertHash, sum[:]) {
		return errSigningCertMismatch
	}
	return nil
}

// checkTimeStampingCert requires what RFC 3161 section 2.3 requires of a TSA
// certificate: a critical extendedKeyUsage with timeStamping.
func checkTimeStampingCert(c *x509.Certificate) error {
	critical := false
	for _, e := range c.Extensions {
		if e.Id.Equal(oidExtKeyUsage) {
			critical = e.Critical
		}
	}
	has := false
	for _, u := range c.ExtKeyUsage {
		if u == x509.ExtKeyUsageTimeStamping {
			has = true
		}
	}
	if !has || !critical {
		return errors.New("signing certificate is not a time-stamping certificate (critical extendedKeyUsage timeStamping)")
	}
	return nil
}

var statusNames = []string{"granted", "grantedWithMods", "rejection", "waiting", "revocationWarning", "revocationNotification"}

var failNames = map[int]string{
	0: "badAlg", 2: "badRequest", 5: "badDataFormat", 14: "timeNotAvailable",
	15: "unacceptedPolicy", 16: "unacceptedExtension", 17: "addInfoNotAvailable", 25: "systemFailure",
}

// describeStatus renders a PKIStatusInfo for an error message. The text
// comes from the network, so it is cleaned of control characters and cut.
func describeStatus(s pkiStatusInfo) string {
	name := fmt.Sprintf("status %d", s.Status)
	if s.Status >= 0 && s.Status < len(statusNames) {
		name = statusNames[s.Status]
	}
	var b strings.Builder
	b.WriteString(name)
	if text := clean(strings.Join(s.StatusString, "; ")); text != "" {
		b.WriteString(": ")
		b.WriteString(text)
	}
	var fails []string
	for bit := 0; bit < s.FailInfo.BitLength && bit < 64; bit++ {
		if s.FailInfo.At(bit) == 1 {
			if n, ok := failNames[bit]; ok {
				fails = append(fails, n)
			} else {
				fails = append(fails, fmt.Sprintf("failure bit %d", bit))
			}
		}
	}
	if len(fails) > 0 {
		b.WriteString(" (")
		b.WriteString(strings.Join(fails, ", "))
		b.WriteString(")")
	}
	return b.String()
}

func clean(s string) string {
	const max = 200
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || !unicode.IsPrint(r) && r != ' ' {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if len(s) > max {
		s = strings.ToValidUTF8(s[:max], "") + "…"
	}
	return s
}
