package tsatest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"
)

var (
	oidExtKeyUsage    = asn1.ObjectIdentifier{2, 5, 29, 37}
	oidKPTimeStamping = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 8}
)

// writeFiles creates, in s.Dir: ca.pem (self-signed CA), tsa.pem and
// tsa.key (the signing certificate and its key, issued by the CA), serial
// and tsa.cnf (two sections: tsa_ok grants, tsa_refuse rejects SHA-256).
func (s *Server) writeFiles() error {
	now := time.Now()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return fmt.Errorf("generate CA key: %w", err)
	}
	caTmpl := &x509.Certificate{
		SerialNumber:          randSerial(),
		Subject:               pkix.Name{CommonName: "Kiroku Test TSA CA", Organization: []string{"Kiroku tests"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return fmt.Errorf("create CA certificate: %w", err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return fmt.Errorf("parse CA certificate: %w", err)
	}

	tsaKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return fmt.Errorf("generate TSA key: %w", err)
	}
	// Go writes extendedKeyUsage non-critical; RFC 3161 (and openssl ts
	// -verify) require it critical with timeStamping only, so it is given
	// raw. Go marks keyUsage critical itself.
	eku, err := asn1.Marshal([]asn1.ObjectIdentifier{oidKPTimeStamping})
	if err != nil {
		return fmt.Errorf("encode extendedKeyUsage: %w", err)
	}
	tsaTmpl := &x509.Certificate{
		SerialNumber:          randSerial(),
		Subject:               pkix.Name{CommonName: "Kiroku Test TSA", Organization: []string{"Kiroku tests"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		ExtraExtensions:       []pkix.Extension{{Id: oidExtKeyUsage, Critical: true, Value: eku}},
	}
	tsaDER, err := x509.CreateCertificate(rand.Reader, tsaTmpl, ca, &tsaKey.PublicKey, caKey)
	if err != nil {
		return fmt.Errorf("create TSA certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(tsaKey)
	if err != nil {
		return fmt.Errorf("encode TSA key: %w", err)
	}

	s.CAPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	s.CAFile = filepath.Join(s.Dir, "ca.pem")
	s.TSACertFile = filepath.Join(s.Dir, "tsa.pem")
	keyFile := filepath.Join(s.Dir, "tsa.key")
	files := []struct {
		name string
		data []byte
	}{
		{s.CAFile, s.CAPEM},
		{s.TSACertFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: tsaDER})},
		{keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})},
		{filepath.Join(s.Dir, "serial"), []byte("01\n")},
		{filepath.Join(s.Dir, "tsa.cnf"), []byte(config(s.Dir, s.TSACertFile, keyFile, s.CAFile))},
	}
	for _, f := range files {
		if err := os.WriteFile(f.name, f.data, 0o600); err != nil {
			return fmt.Errorf("write %s: %w", f.name, err)
		}
	}
	return nil
}

func config(dir, cert, key, ca string) string {
	section := func(name, digests string) string {
		return fmt.Sprintf(`[ %s ]
serial = %s
crypto_device = builtin
signer_cert = %s
signer_key = %s
certs = %s
signer_digest = sha256
default_policy = %s
digests = %s
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256

`, name, filepath.Join(dir, "serial"), cert, key, ca, Policy, digests)
	}
	return "[ tsa ]\ndefault_tsa = tsa_ok\n\n" +
		section("tsa_ok", "sha256, sha512") +
		section("tsa_refuse", "sha512")
}

func randSerial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		panic("tsatest: random source failed: " + err.Error())
	}
	return n.Add(n, big.NewInt(1))
}
