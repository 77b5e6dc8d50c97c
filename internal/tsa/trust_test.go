package tsa_test

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/tsa"
)

func TestShippedRootsHoldFreeTSA(t *testing.T) {
	pool := tsa.ShippedRoots()
	b, err := os.ReadFile(filepath.Join("roots", "freetsa-root.pem"))
	if err != nil {
		t.Fatal(err)
	}
	want := x509.NewCertPool()
	if _, err := tsa.AddRoots(want, b); err != nil {
		t.Fatal(err)
	}
	if !pool.Equal(want) {
		t.Fatal("shipped roots are not exactly roots/*.pem")
	}
}

func TestCheckTrust(t *testing.T) {
	data, resp, want := readGolden(t)
	if _, err := tsa.VerifyResponse(resp, data); err != nil {
		t.Fatal(err)
	}
	ca, err := os.ReadFile(filepath.Join("testdata", "tsa-ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	testCA := x509.NewCertPool()
	if _, err := tsa.AddRoots(testCA, ca); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		roots *x509.CertPool
		at    time.Time
		want  tsa.Trust
	}{
		{"its own CA given as --tsa-ca", testCA, want.GenTime, tsa.TrustValid},
		{"shipped roots only: the test TSA is nobody", tsa.ShippedRoots(), want.GenTime, tsa.TrustUnknown},
		{"no roots at all", nil, want.GenTime, tsa.TrustUnknown},
		{"empty pool", x509.NewCertPool(), want.GenTime, tsa.TrustUnknown},
		{"a genTime outside the chain's validity", testCA, time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC), tsa.TrustUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tsa.CheckTrust(resp, tt.at, tt.roots)
			if got != tt.want {
				t.Fatalf("trust %q (%v), want %q", got, err, tt.want)
			}
			if (err == nil) != (tt.want == tsa.TrustValid) {
				t.Fatalf("err %v with trust %q", err, got)
			}
		})
	}
	if got, _ := tsa.CheckTrust([]byte("not a token"), want.GenTime, testCA); got != tsa.TrustInvalid {
		t.Fatalf("garbage: %q", got)
	}
}

func TestAddRootsRefusesFilesWithoutCertificates(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("hello"), []byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")} {
		if n, err := tsa.AddRoots(x509.NewCertPool(), b); err == nil || n != 0 {
			t.Fatalf("%q: n=%d err=%v", b, n, err)
		}
	}
}
