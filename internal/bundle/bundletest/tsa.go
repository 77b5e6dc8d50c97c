// Package bundletest helps tests build real evidence bundles: a local
// RFC 3161 timestamp authority run with openssl, and a small vault's worth
// of canonical records with a real ledger chain.
package bundletest

import (
	"crypto/x509"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TSA is a local timestamp authority: an EC P-256 certificate for time
// stamping and `openssl ts -reply` (docs: ../shared/NOTES.md).
type TSA struct {
	Dir      string
	CertFile string // PEM; the -CAfile for `openssl ts -verify`
	KeyFile  string
	config   string
}

const tsaConfig = `[ tsa ]
default_tsa = tsa_config

[ tsa_config ]
dir = .
serial = %s
signer_cert = %s
signer_key = %s
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5
digests = sha256, sha512
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
certs = %s

[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = %s
O = %s
[ ext ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
`

// NewTSA creates a TSA in a temporary folder. It skips the test when
// openssl is not installed.
func NewTSA(t testing.TB) *TSA {
	t.Helper()
	return NewTSANamed(t, "Kiroku Test TSA", "Kiroku tests")
}

// NewTSANamed is NewTSA with a certificate that calls itself cn of org:
// anyone can make one under any name.
func NewTSANamed(t testing.TB, cn, org string) *TSA {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl not installed")
	}
	dir := t.TempDir()
	a := &TSA{Dir: dir, CertFile: filepath.Join(dir, "tsa.crt"), KeyFile: filepath.Join(dir, "tsa.key"), config: filepath.Join(dir, "tsa.cnf")}
	serial := filepath.Join(dir, "serial")
	if err := os.WriteFile(serial, []byte("01\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cnf := sprintf(tsaConfig, serial, a.CertFile, a.KeyFile, a.CertFile, cn, org)
	if err := os.WriteFile(a.config, []byte(cnf), 0o600); err != nil {
		t.Fatal(err)
	}
	run(t, dir, "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", a.KeyFile)
	run(t, dir, "openssl", "req", "-utf8", "-new", "-x509", "-key", a.KeyFile, "-out", a.CertFile, "-days", "3650",
		"-config", a.config, "-extensions", "ext")
	return a
}

// Roots returns a pool that trusts this TSA (as --tsa-ca would).
func (a *TSA) Roots(t testing.TB) *x509.CertPool {
	t.Helper()
	b, err := os.ReadFile(a.CertFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(b) {
		t.Fatal("bundletest: no certificate in " + a.CertFile)
	}
	return pool
}

// Stamp returns a TimeStampResp (.tsr) over data: SHA-256, with the
// certificate and a nonce, as Kiroku asks for it.
func (a *TSA) Stamp(t testing.TB, data []byte) []byte {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "data")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	q, r := filepath.Join(dir, "req.tsq"), filepath.Join(dir, "resp.tsr")
	run(t, dir, "openssl", "ts", "-query", "-data", in, "-sha256", "-cert", "-out", q)
	run(t, dir, "openssl", "ts", "-reply", "-queryfile", q, "-config", a.config, "-section", "tsa_config", "-out", r)
	b, err := os.ReadFile(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// VerifyWithOpenSSL runs `openssl ts -verify -data text -in tsr -CAfile
// cert` in dir and returns its combined output and error.
func (a *TSA) VerifyWithOpenSSL(dir, text, tsr string) (string, error) {
	cmd := exec.Command("openssl", "ts", "-verify", "-data", text, "-in", tsr, "-CAfile", a.CertFile)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func run(t testing.TB, dir, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}
