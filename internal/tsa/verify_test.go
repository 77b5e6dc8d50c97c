package tsa_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/tsa"
	"github.com/kiroku-app/kiroku/internal/tsa/tsatest"
)

var update = flag.Bool("update", false, "regenerate testdata with the local openssl TSA")

// golden is a token made once by tsatest (openssl 3.0) and kept, so that
// VerifyResponse is checked on machines without openssl and keeps accepting
// tokens of the past, also after the TSA certificate expires.
type golden struct {
	GenTime time.Time
	Serial  string
	TSA     string
	Policy  string
}

func readGolden(t testing.TB) (data, resp []byte, want golden) {
	t.Helper()
	var err error
	if data, err = os.ReadFile(filepath.Join("testdata", "anchor.txt")); err != nil {
		t.Fatal(err)
	}
	if resp, err = os.ReadFile(filepath.Join("testdata", "anchor.tsr")); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join("testdata", "anchor.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	return data, resp, want
}

func TestUpdateGolden(t *testing.T) {
	if !*update {
		t.Skip("run with -update to regenerate testdata")
	}
	srv := tsatest.New(t)
	tok := stamp(t, srv, anchorText)
	srv.SetMode(tsatest.Refuse)
	_, err := (&tsa.Client{URL: srv.URL}).Stamp(context.Background(), anchorText)
	if !errors.Is(err, tsa.ErrRefused) {
		t.Fatalf("refusal: %v", err)
	}
	refused, err := srv.Reply(srv.Queries()[1], "tsa_refuse")
	if err != nil {
		t.Fatal(err)
	}
	meta, err := json.MarshalIndent(golden{tok.GenTime, tok.Serial, tok.TSA, tok.Policy}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"anchor.txt":  anchorText,
		"anchor.tsr":  tok.Response,
		"anchor.json": append(meta, '\n'),
		"tsa-ca.pem":  srv.CAPEM,
		"refused.tsr": refused,
		"README.md":   []byte(readme),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join("testdata", name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const readme = `Golden RFC 3161 tokens made by internal/tsa/tsatest (openssl ts -reply, EC P-256).
Regenerate with: go test ./internal/tsa -run TestUpdateGolden -update

anchor.txt    an anchor text (docs/FORMAT.md)
anchor.tsr    a granted TimeStampResp for it; anchor.json what it asserts
tsa-ca.pem    the CA of that test TSA:
              openssl ts -verify -data anchor.txt -in anchor.tsr -CAfile tsa-ca.pem
refused.tsr   a rejection (status 2, badAlg) from the same TSA
`

func TestVerifyResponseGolden(t *testing.T) {
	data, resp, want := readGolden(t)
	tok, err := tsa.VerifyResponse(resp, data)
	if err != nil {
		t.Fatalf("VerifyResponse: %v", err)
	}
	if !tok.GenTime.Equal(want.GenTime) || tok.Serial != want.Serial || tok.TSA != want.TSA || tok.Policy != want.Policy {
		t.Errorf("token %+v, want %+v", tok, want)
	}
	if string(tok.Response) != string(resp) {
		t.Error("Response is not the bytes given")
	}

	refused, err := os.ReadFile(filepath.Join("testdata", "refused.tsr"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = tsa.VerifyResponse(refused, data)
	if !errors.Is(err, tsa.ErrRefused) || !strings.Contains(err.Error(), "badAlg") {
		t.Errorf("refused.tsr: err = %v, want ErrRefused (badAlg)", err)
	}
}

func FuzzVerifyResponse(f *testing.F) {
	data, resp, want := readGolden(f)
	refused, err := os.ReadFile(filepath.Join("testdata", "refused.tsr"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(resp)
	f.Add(refused)
	f.Add([]byte{})
	f.Add([]byte{0x30, 0x03, 0x30, 0x01, 0x00})
	f.Add(resp[:len(resp)/2])
	f.Fuzz(func(t *testing.T, b []byte) {
		tok, err := tsa.VerifyResponse(b, data)
		if err != nil {
			if strings.Contains(err.Error(), "parser panic") {
				t.Fatalf("a parser panicked: %v", err)
			}
			if !errors.Is(err, tsa.ErrBadResponse) && !errors.Is(err, tsa.ErrRefused) {
				t.Fatalf("error %v wraps no sentinel", err)
			}
			return
		}
		// Only the golden token is signed for this data: whatever was
		// changed, it cannot assert anything else.
		if !tok.GenTime.Equal(want.GenTime) || tok.Serial != want.Serial || tok.Policy != want.Policy || tok.TSA != want.TSA {
			t.Fatalf("accepted a token asserting %+v", tok)
		}
	})
}

// VerifyResponse may be called from many goroutines (the bundle verifier
// checks tokens in parallel); run with -race.
func TestVerifyResponseConcurrent(t *testing.T) {
	data, resp, _ := readGolden(t)
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			var err error
			for range 20 {
				if _, err = tsa.VerifyResponse(resp, data); err != nil {
					break
				}
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
