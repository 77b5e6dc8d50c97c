package tsa

import (
	"crypto/x509"
	"embed"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"time"
)

// Trust is what a reader may conclude from a token whose signature and
// imprint verify: only a token from an authority the reader trusts dates
// anything. A token signed by a certificate its maker made for itself
// proves nothing about time, whatever name that certificate gives itself.
type Trust string

const (
	// TrustValid: the signing certificate chains, at the token's time and
	// for time stamping, to a trusted root.
	TrustValid Trust = "valid"
	// TrustUnknown: the token is intact and signed by the certificate it
	// carries, but that certificate does not chain to a trusted root.
	TrustUnknown Trust = "unknown_authority"
	// TrustInvalid: the token itself does not verify.
	TrustInvalid Trust = "invalid"
)

//go:embed roots/*.pem
var shippedRoots embed.FS

// ShippedRoots returns the TSA roots Kiroku ships (roots/README.md says
// where each came from). A broken embedded file is a build defect.
func ShippedRoots() *x509.CertPool {
	pool := x509.NewCertPool()
	files, err := fs.Glob(shippedRoots, "roots/*.pem")
	if err != nil {
		panic(err)
	}
	for _, name := range files {
		b, err := shippedRoots.ReadFile(name)
		if err != nil {
			panic(err)
		}
		if _, err := AddRoots(pool, b); err != nil {
			panic(fmt.Sprintf("embedded TSA root %s: %v", name, err))
		}
	}
	return pool
}

// AddRoots adds every certificate of PEM data (a --tsa-ca file) to pool
// and returns how many it added. Data holding no certificate is an error,
// so that a mistyped file is not silently no trust at all.
func AddRoots(pool *x509.CertPool, data []byte) (int, error) {
	n := 0
	for {
		var blk *pem.Block
		blk, data = pem.Decode(data)
		if blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return n, fmt.Errorf("parse TSA root: %w", err)
		}
		pool.AddCert(c)
		n++
	}
	if n == 0 {
		return 0, errors.New("no PEM certificate found")
	}
	return n, nil
}

// CheckTrust decides whether resp, a TimeStampResp that VerifyResponse
// accepted, comes from a trusted authority: its signing certificate must
// chain to a root in roots, with the token's other certificates as
// intermediates, valid at the token's genTime and usable for time
// stamping. It returns TrustValid or TrustUnknown (with the reason).
func CheckTrust(resp []byte, genTime time.Time, roots *x509.CertPool) (trust Trust, err error) {
	defer func() {
		if r := recover(); r != nil {
			trust, err = TrustInvalid, fmt.Errorf("%w: malformed response (parser panic: %v)", ErrBadResponse, r)
		}
	}()
	var tsr timeStampResp
	if _, err := asn1.Unmarshal(resp, &tsr); err != nil || len(tsr.Token.FullBytes) == 0 {
		return TrustInvalid, fmt.Errorf("%w: not a TimeStampResp", ErrBadResponse)
	}
	p7, err := parsePKCS7(tsr.Token.FullBytes)
	if err != nil {
		return TrustInvalid, fmt.Errorf("%w: cannot parse the token: %v", ErrBadResponse, err)
	}
	signer := p7.GetOnlySigner()
	if signer == nil {
		return TrustInvalid, fmt.Errorf("%w: the signer's certificate is not in the token", ErrBadResponse)
	}
	if roots == nil {
		return TrustUnknown, errors.New("no trusted TSA roots")
	}
	inter := x509.NewCertPool()
	for _, c := range p7.Certificates {
		if c != signer {
			inter.AddCert(c)
		}
	}
	_, err = signer.Verify(x509.VerifyOptions{
		Roots:         roots,
		Intermediates: inter,
		CurrentTime:   genTime,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping},
	})
	if err != nil {
		return TrustUnknown, fmt.Errorf("certificate chain: %w", err)
	}
	return TrustValid, nil
}
