package tsa_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/sha256"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/digitorus/timestamp"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/tsa"
	"github.com/kiroku-app/kiroku/internal/tsa/tsatest"
)

var anchorText = []byte("Kiroku ledger anchor 1\nvault 00112233445566778899aabbccddeeff\nseq 42\nlink " +
	strings.Repeat("ab", 32) + "\n")

func stamp(t *testing.T, srv *tsatest.Server, data []byte) *tsa.Token {
	t.Helper()
	c := &tsa.Client{URL: srv.URL}
	tok, err := c.Stamp(context.Background(), data)
	if err != nil {
		t.Fatalf("Stamp: %v", err)
	}
	return tok
}

func TestStampVerifiesWithOpenSSL(t *testing.T) {
	srv := tsatest.New(t)
	before := time.Now().Add(-2 * time.Second)
	tok := stamp(t, srv, anchorText)

	// The token as a lawyer would check it, with no Kiroku code.
	dir := t.TempDir()
	data := filepath.Join(dir, "42.txt")
	resp := filepath.Join(dir, "42.tsr")
	if err := os.WriteFile(data, anchorText, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(resp, tok.Response, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := tsatest.VerifyWithOpenSSL(srv.CAFile, anchorText, tok.Response)
	if err != nil {
		t.Fatalf("openssl ts -verify: %v\n%s", err, out)
	}
	if !strings.Contains(out, "Verification: OK") {
		t.Fatalf("openssl output: %s", out)
	}

	if tok.GenTime.Before(before) || tok.GenTime.After(time.Now().Add(2*time.Second)) {
		t.Errorf("GenTime %v is not now", tok.GenTime)
	}
	if tok.GenTime.Location() != time.UTC {
		t.Errorf("GenTime not UTC: %v", tok.GenTime)
	}
	if !strings.HasPrefix(tok.Serial, "0x") || len(tok.Serial) < 3 {
		t.Errorf("Serial = %q", tok.Serial)
	}
	if !strings.Contains(tok.TSA, "CN=Kiroku Test TSA") || strings.Contains(tok.TSA, "CA") {
		t.Errorf("TSA = %q, want the signer's subject", tok.TSA)
	}
	if tok.Policy != tsatest.Policy {
		t.Errorf("Policy = %q, want %q", tok.Policy, tsatest.Policy)
	}

	// The stored bytes verify again, to the same token.
	again, err := tsa.VerifyResponse(tok.Response, anchorText)
	if err != nil {
		t.Fatalf("VerifyResponse: %v", err)
	}
	if !again.GenTime.Equal(tok.GenTime) || again.Serial != tok.Serial || again.TSA != tok.TSA ||
		again.Policy != tok.Policy || !bytes.Equal(again.Response, tok.Response) {
		t.Errorf("VerifyResponse = %+v, Stamp gave %+v", again, tok)
	}

	// A second stamp has another serial.
	tok2 := stamp(t, srv, anchorText)
	if tok2.Serial == tok.Serial {
		t.Errorf("two tokens with serial %s", tok.Serial)
	}
}

// What leaves the machine is a SHA-256 imprint, certReq and a fresh nonce
// of at least 64 bits: never the data.
func TestStampSendsOnlyTheHash(t *testing.T) {
	srv := tsatest.New(t)
	stamp(t, srv, anchorText)
	stamp(t, srv, anchorText)
	qs := srv.Queries()
	if len(qs) != 2 {
		t.Fatalf("%d queries, want 2", len(qs))
	}
	sum := sha256.Sum256(anchorText)
	var nonces []string
	for _, q := range qs {
		if bytes.Contains(q, []byte("vault")) || bytes.Contains(q, []byte("Kiroku")) {
			t.Errorf("query contains the anchor text: %x", q)
		}
		req, err := timestamp.ParseRequest(q)
		if err != nil {
			t.Fatalf("ParseRequest: %v", err)
		}
		if req.HashAlgorithm != crypto.SHA256 || !bytes.Equal(req.HashedMessage, sum[:]) {
			t.Errorf("imprint %v %x, want SHA-256 %x", req.HashAlgorithm, req.HashedMessage, sum)
		}
		if !req.Certificates {
			t.Error("certReq not set")
		}
		if req.Nonce == nil || req.Nonce.BitLen() < 64 {
			t.Errorf("nonce %v shorter than 64 bits", req.Nonce)
		}
		nonces = append(nonces, req.Nonce.String())
	}
	if nonces[0] == nonces[1] {
		t.Error("the same nonce twice")
	}
}

func TestVerifyResponseWrongData(t *testing.T) {
	srv := tsatest.New(t)
	tok := stamp(t, srv, anchorText)
	for _, data := range [][]byte{nil, anchorText[:len(anchorText)-1], append(bytes.Clone(anchorText), '\n'), bytes.ToUpper(anchorText)} {
		_, err := tsa.VerifyResponse(tok.Response, data)
		if !errors.Is(err, tsa.ErrBadResponse) || !strings.Contains(err.Error(), "other data") {
			t.Errorf("VerifyResponse(%q) = %v, want ErrBadResponse for other data", data, err)
		}
	}
}

// locate returns the offset of sub in b, failing the test if absent.
func locate(t *testing.T, b, sub []byte) int {
	t.Helper()
	i := bytes.Index(b, sub)
	if i < 0 {
		t.Fatalf("%x not found in the response", sub)
	}
	return i
}

func TestVerifyResponseTampered(t *testing.T) {
	srv := tsatest.New(t)
	tok := stamp(t, srv, anchorText)
	resp := tok.Response
	sum := sha256.Sum256(anchorText)
	genTime := []byte(tok.GenTime.Format("20060102150405"))

	flip := func(i int) func([]byte) []byte {
		return func(b []byte) []byte { b[i] ^= 0x01; return b }
	}
	tests := []struct {
		name   string
		change func([]byte) []byte
	}{
		{"imprint", flip(locate(t, resp, sum[:]) + 5)},
		{"generation time", flip(locate(t, resp, genTime) + len(genTime) - 1)},
		{"signature", flip(len(resp) - 2)},
		{"TSA certificate subject", flip(bytes.LastIndex(resp, []byte("Kiroku Test TSA")) + 1)},
		{"truncated", func(b []byte) []byte { return b[:len(b)-1] }},
		{"trailing byte", func(b []byte) []byte { return append(b, 0) }},
		{"empty", func([]byte) []byte { return nil }},
		{"not DER", func([]byte) []byte { return []byte("<html>captive portal</html>") }},
		{"status rejection", func(b []byte) []byte {
			// TimeStampResp ::= SEQUENCE { status SEQUENCE { INTEGER 0 } ...
			i := locate(t, b, []byte{0x30, 0x03, 0x02, 0x01, 0x00})
			b[i+4] = 2
			return b
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tsa.VerifyResponse(tt.change(bytes.Clone(resp)), anchorText)
			if err == nil {
				t.Fatal("tampered response verified")
			}
			if !errors.Is(err, tsa.ErrBadResponse) && !errors.Is(err, tsa.ErrRefused) {
				t.Fatalf("error %v is neither ErrBadResponse nor ErrRefused", err)
			}
		})
	}

	// Every single-bit change anywhere either fails or, if it hits a byte
	// no signature covers, cannot change what the token asserts.
	accepted := 0
	for i := range resp {
		for _, bit := range []byte{0x01, 0x80} {
			b := bytes.Clone(resp)
			b[i] ^= bit
			got, err := tsa.VerifyResponse(b, anchorText)
			if err != nil {
				continue
			}
			accepted++
			if !got.GenTime.Equal(tok.GenTime) || got.Serial != tok.Serial || got.Policy != tok.Policy || got.TSA != tok.TSA {
				t.Errorf("bit %#x at %d changed the token to %v %s %s %s", bit, i, got.GenTime, got.Serial, got.TSA, got.Policy)
			}
		}
	}
	t.Logf("%d of %d single-bit changes still verify (unsigned bytes)", accepted, 2*len(resp))
}

func TestStampReplayedResponse(t *testing.T) {
	srv := tsatest.New(t)
	stamp(t, srv, anchorText) // the answer the server will replay
	srv.SetMode(tsatest.Replay)
	c := &tsa.Client{URL: srv.URL}
	_, err := c.Stamp(context.Background(), anchorText)
	if !errors.Is(err, tsa.ErrBadResponse) || !strings.Contains(err.Error(), "nonce") {
		t.Fatalf("replayed answer: err = %v, want ErrBadResponse about the nonce", err)
	}
	// Replayed for other data, the imprint check catches it first.
	_, err = c.Stamp(context.Background(), []byte("other"))
	if !errors.Is(err, tsa.ErrBadResponse) {
		t.Fatalf("replayed answer for other data: err = %v", err)
	}
}

func TestStampUnreachable(t *testing.T) {
	srv := tsatest.New(t)

	// A port nobody listens on: connection refused.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/tsa"
	ln.Close()

	tests := []struct {
		name string
		url  string
		mode tsatest.Mode
	}{
		{"connection refused", closed, tsatest.Normal},
		{"connection dropped", srv.URL, tsatest.Offline},
		{"HTTP 503", srv.URL, tsatest.Unavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.SetMode(tt.mode)
			c := &tsa.Client{URL: tt.url, Timeout: 5 * time.Second}
			_, err := c.Stamp(context.Background(), anchorText)
			if !errors.Is(err, tsa.ErrUnreachable) {
				t.Fatalf("err = %v, want ErrUnreachable", err)
			}
			if errors.Is(err, tsa.ErrBadResponse) || errors.Is(err, tsa.ErrRefused) {
				t.Fatalf("err = %v is also another sentinel", err)
			}
		})
	}
	t.Run("net error wrapped", func(t *testing.T) {
		c := &tsa.Client{URL: closed}
		_, err := c.Stamp(context.Background(), anchorText)
		var op *net.OpError
		if !errors.As(err, &op) {
			t.Fatalf("err = %v does not wrap the *net.OpError", err)
		}
	})
}

// hangingServer reads the query and never answers (until the test ends).
func hangingServer(t *testing.T) *httptest.Server {
	stop := make(chan struct{})
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	t.Cleanup(func() { close(stop); s.Close() })
	return s
}

func TestStampTimeout(t *testing.T) {
	hang := hangingServer(t)
	c := &tsa.Client{URL: hang.URL, Timeout: 200 * time.Millisecond}
	start := time.Now()
	_, err := c.Stamp(context.Background(), anchorText)
	if !errors.Is(err, tsa.ErrUnreachable) {
		t.Fatalf("err = %v, want ErrUnreachable", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v despite a 200 ms timeout", d)
	}
}

func TestStampCanceled(t *testing.T) {
	hang := hangingServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := (&tsa.Client{URL: hang.URL}).Stamp(ctx, anchorText)
	if !errors.Is(err, context.Canceled) || errors.Is(err, tsa.ErrUnreachable) {
		t.Fatalf("err = %v, want context.Canceled only", err)
	}
}

func TestStampRefused(t *testing.T) {
	srv := tsatest.New(t)
	srv.SetMode(tsatest.Refuse)
	_, err := (&tsa.Client{URL: srv.URL}).Stamp(context.Background(), anchorText)
	if !errors.Is(err, tsa.ErrRefused) {
		t.Fatalf("err = %v, want ErrRefused", err)
	}
	// openssl's own status text and failure info reach the message.
	for _, want := range []string{"rejection", "Message digest algorithm is not supported", "badAlg"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestStampHTTPErrors(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    error
		say     string
	}{
		{"not found", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }, tsa.ErrRefused, "404"},
		{"captive portal", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<html>Please log in to the hotel Wi-Fi</html>")
		}, tsa.ErrBadResponse, "text/html"},
		{"too large", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/timestamp-reply")
			w.Write(make([]byte, tsa.MaxResponseSize+1))
		}, tsa.ErrBadResponse, "larger than"},
		{"too many requests", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "slow down", http.StatusTooManyRequests)
		}, tsa.ErrUnreachable, "429"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := httptest.NewServer(tt.handler)
			defer s.Close()
			_, err := (&tsa.Client{URL: s.URL}).Stamp(context.Background(), anchorText)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.say) {
				t.Fatalf("err = %v, want %v saying %q", err, tt.want, tt.say)
			}
		})
	}
}

func TestStampBadURL(t *testing.T) {
	for _, u := range []string{"", "timestamp.example", "ftp://tsa.example/", "http://", "https:///path", "http://[::1"} {
		_, err := (&tsa.Client{URL: u}).Stamp(context.Background(), anchorText)
		if !errors.Is(err, apperr.ErrInvalidInput) {
			t.Errorf("URL %q: err = %v, want ErrInvalidInput", u, err)
		}
	}
}

func TestStampRedirects(t *testing.T) {
	srv := tsatest.New(t)
	target, _ := url.Parse(srv.URL)

	// A proxy on the same host that forwards /tsa to the test TSA, with
	// redirects in front of it.
	var hits int
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/old":
			http.Redirect(w, r, "/tsa", http.StatusTemporaryRedirect)
		case "/moved":
			http.Redirect(w, r, "/tsa", http.StatusFound) // would turn into a GET
		case "/away":
			http.Redirect(w, r, srv.URL, http.StatusTemporaryRedirect) // another port
		case "/elsewhere":
			u := *target
			u.Host = "localhost:" + target.Port() // another host name
			http.Redirect(w, r, u.String(), http.StatusPermanentRedirect)
		case "/tsa":
			hits++
			resp, err := http.Post(srv.URL, "application/timestamp-query", r.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadGateway)
				return
			}
			defer resp.Body.Close()
			w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
			io.Copy(w, resp.Body)
		}
	}))
	defer proxy.Close()

	if _, err := (&tsa.Client{URL: proxy.URL + "/old"}).Stamp(context.Background(), anchorText); err != nil {
		t.Fatalf("same-host 307 redirect: %v", err)
	}
	if hits != 1 {
		t.Fatalf("proxy forwarded %d queries, want 1", hits)
	}
	before := srv.Requests()
	for _, p := range []string{"/moved", "/away", "/elsewhere"} {
		_, err := (&tsa.Client{URL: proxy.URL + p}).Stamp(context.Background(), anchorText)
		if !errors.Is(err, tsa.ErrRedirect) {
			t.Errorf("%s: err = %v, want ErrRedirect", p, err)
		}
	}
	if n := srv.Requests() - before; n != 0 || hits != 1 {
		t.Errorf("refused redirects still reached a server (%d direct, %d via proxy)", n, hits-1)
	}

	// A caller's own redirect policy still applies after ours.
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	_, err := (&tsa.Client{URL: proxy.URL + "/old", HTTP: hc}).Stamp(context.Background(), anchorText)
	if !errors.Is(err, tsa.ErrRefused) || !strings.Contains(err.Error(), "307") {
		t.Errorf("with the caller's policy: err = %v, want ErrRefused for HTTP 307", err)
	}
	if hc.CheckRedirect == nil {
		t.Error("the caller's client was modified")
	}
}
