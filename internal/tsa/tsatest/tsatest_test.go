package tsatest_test

import (
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/kiroku-app/kiroku/internal/tsa/tsatest"
)

// The TSA certificate is what RFC 3161 and openssl ts -verify require.
func TestCertificates(t *testing.T) {
	s := tsatest.New(t)
	b, err := os.ReadFile(s.TSACertFile)
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := pem.Decode(b)
	cert, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	crit := map[string]bool{}
	for _, e := range cert.Extensions {
		crit[e.Id.String()] = e.Critical
	}
	if !crit["2.5.29.15"] || cert.KeyUsage != x509.KeyUsageDigitalSignature {
		t.Errorf("keyUsage %v critical=%v, want critical digitalSignature", cert.KeyUsage, crit["2.5.29.15"])
	}
	if !crit["2.5.29.37"] || len(cert.ExtKeyUsage) != 1 || cert.ExtKeyUsage[0] != x509.ExtKeyUsageTimeStamping {
		t.Errorf("extendedKeyUsage %v critical=%v, want critical timeStamping", cert.ExtKeyUsage, crit["2.5.29.37"])
	}
	if cert.PublicKeyAlgorithm != x509.ECDSA {
		t.Errorf("key %v, want EC P-256", cert.PublicKeyAlgorithm)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(s.CAPEM) {
		t.Fatal("CAPEM holds no certificate")
	}
	if _, err := cert.Verify(x509.VerifyOptions{Roots: pool, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping}}); err != nil {
		t.Errorf("TSA certificate does not chain to CAFile: %v", err)
	}
}

// A query made by openssl itself gets a reply openssl verifies; the modes
// switch from outside through ControlPath.
func TestOpenSSLRoundTripAndControl(t *testing.T) {
	s := tsatest.New(t)
	dir := t.TempDir()
	data := []byte("Kiroku ledger anchor 1\n")
	df := filepath.Join(dir, "data")
	qf := filepath.Join(dir, "q.tsq")
	if err := os.WriteFile(df, data, 0o600); err != nil {
		t.Fatal(err)
	}
	bin, _ := tsatest.OpenSSL()
	if out, err := exec.Command(bin, "ts", "-query", "-data", df, "-sha256", "-cert", "-out", qf).CombinedOutput(); err != nil {
		t.Fatalf("openssl ts -query: %v\n%s", err, out)
	}
	q, err := os.ReadFile(qf)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.Reply(q, "tsa_ok")
	if err != nil {
		t.Fatal(err)
	}
	if out, err := s.OpenSSLVerify(data, resp); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if out, err := s.OpenSSLVerify([]byte("other"), resp); err == nil {
		t.Fatalf("a token verified for other data:\n%s", out)
	}

	base := s.URL[:len(s.URL)-len("/tsa")]
	res, err := http.Get(base + tsatest.ControlPath + "?mode=unavailable")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if s.Mode() != tsatest.Unavailable {
		t.Fatalf("mode %v after the control request", s.Mode())
	}
	res, err = http.Post(s.URL, "application/timestamp-query", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || s.Requests() != 1 || s.Granted() != 0 {
		t.Fatalf("status %d, %d requests, %d granted", res.StatusCode, s.Requests(), s.Granted())
	}
	if _, err := tsatest.ParseMode("sideways"); err == nil {
		t.Error("ParseMode accepted an unknown mode")
	}
}
