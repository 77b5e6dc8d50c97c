// Package tsatest runs a local RFC 3161 timestamp authority for tests: a
// loopback HTTP server that answers every timestamp query by running the real
// `openssl ts -reply` with a freshly generated EC P-256 CA and TSA
// certificate. Tests of other packages (and end-to-end tests through
// cmd/fake-tsa) use it; it is never linked into the app.
//
// The server can simulate the failures the app must survive: being offline
// (connections dropped without an answer), a TSA that is temporarily down
// (HTTP 503), a TSA that refuses (a real openssl "rejection" answer) and a
// server that replays an old answer (a stale nonce).
package tsatest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Mode selects how the server answers.
type Mode int

const (
	// Normal answers every query with a granted token.
	Normal Mode = iota
	// Offline drops every connection without an answer, as a network
	// that does not reach the TSA would.
	Offline
	// Unavailable answers HTTP 503 Service Unavailable.
	Unavailable
	// Refuse answers with a real openssl rejection: the section it uses
	// accepts only SHA-512 imprints, so a SHA-256 query gets status
	// "rejection" with failure info badAlg.
	Refuse
	// Replay answers with the last granted response again (its nonce and
	// imprint belong to an earlier query). Before any granted response it
	// answers HTTP 500.
	Replay
)

var modeNames = map[Mode]string{
	Normal:      "normal",
	Offline:     "offline",
	Unavailable: "unavailable",
	Refuse:      "refuse",
	Replay:      "replay",
}

func (m Mode) String() string {
	if s, ok := modeNames[m]; ok {
		return s
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// ParseMode is the inverse of Mode.String.
func ParseMode(s string) (Mode, error) {
	for m, name := range modeNames {
		if name == s {
			return m, nil
		}
	}
	return 0, fmt.Errorf("unknown mode %q (normal, offline, unavailable, refuse, replay)", s)
}

// ControlPath is the path that switches the mode from outside the process:
// a POST or GET of ControlPath+"?mode=offline" (for end-to-end tests
// driving cmd/fake-tsa). Every other path is the TSA.
const ControlPath = "/_control"

// Policy is the TSA policy OID the server puts in its tokens.
const Policy = "1.2.3.4.1"

// maxQuery bounds the request body; a real query is under 200 bytes.
const maxQuery = 64 << 10

// Server is a running local TSA.
type Server struct {
	// URL is the address to POST timestamp queries to.
	URL string
	// Dir holds the keys, certificates, openssl config and serial file.
	Dir string
	// CAFile is the PEM file of the CA that issued the TSA certificate:
	// the -CAfile for `openssl ts -verify`.
	CAFile string
	// CAPEM is the content of CAFile.
	CAPEM []byte
	// TSACertFile is the PEM file of the TSA (signing) certificate.
	TSACertFile string

	openssl string
	srv     *http.Server
	ln      net.Listener
	done    chan struct{}

	replyMu sync.Mutex // openssl updates the serial file: one reply at a time

	mu       sync.Mutex
	mode     Mode
	requests int
	granted  int
	queries  [][]byte
	grantedQ [][]byte
	last     []byte // last granted response, for Replay
}

// OpenSSL returns the path of the openssl binary, or an error if there is
// none on PATH.
func OpenSSL() (string, error) {
	p, err := exec.LookPath("openssl")
	if err != nil {
		return "", fmt.Errorf("openssl not found: %w", err)
	}
	return p, nil
}

// New starts a server on a loopback port for the duration of the test. It
// skips the test if openssl is absent and fails it on any other problem.
func New(t testing.TB) *Server {
	t.Helper()
	if _, err := OpenSSL(); err != nil {
		t.Skip("openssl is not installed; the local TSA needs `openssl ts`")
	}
	s, err := Start(t.TempDir(), "127.0.0.1:0")
	if err != nil {
		t.Fatalf("tsatest: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start generates a CA and a TSA certificate in dir (which must exist) and
// serves on addr (host:port; port 0 picks a free one) until Close.
func Start(dir, addr string) (*Server, error) {
	bin, err := OpenSSL()
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, openssl: bin, done: make(chan struct{})}
	if err := s.writeFiles(); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	s.ln = ln
	s.URL = "http://" + ln.Addr().String() + "/tsa"
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(ln) // returns http.ErrServerClosed on Close
	}()
	return s, nil
}

// Close stops the server and waits for it.
func (s *Server) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		_ = s.srv.Close()
	}
	<-s.done
}

// SetMode switches how the server answers from the next request on.
func (s *Server) SetMode(m Mode) {
	s.mu.Lock()
	s.mode = m
	s.mu.Unlock()
}

// Mode reports the current mode.
func (s *Server) Mode() Mode {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mode
}

// Requests counts the timestamp requests received, in any mode.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// Granted counts the granted tokens issued (replays not included).
func (s *Server) Granted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.granted
}

// Queries returns a copy of every request body received in Normal, Refuse
// and Replay mode, in order: what actually left the client.
func (s *Server) Queries() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([][]byte, len(s.queries))
	for i, q := range s.queries {
		out[i] = bytes.Clone(q)
	}
	return out
}

// GrantedQueries returns a copy of the queries that got a granted token,
// in order.
func (s *Server) GrantedQueries() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([][]byte, len(s.grantedQ))
	for i, q := range s.grantedQ {
		out[i] = bytes.Clone(q)
	}
	return out
}

// ServeHTTP answers timestamp queries on every path but ControlPath.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == ControlPath {
		s.control(w, r)
		return
	}
	s.mu.Lock()
	s.requests++
	mode := s.mode
	s.mu.Unlock()

	switch mode {
	case Offline:
		hj, ok := w.(http.Hijacker)
		if !ok {
			http.Error(w, "offline", http.StatusServiceUnavailable)
			return
		}
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
		}
		return
	case Unavailable:
		http.Error(w, "temporarily unavailable", http.StatusServiceUnavailable)
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "POST a timestamp query", http.StatusMethodNotAllowed)
		return
	}
	query, err := io.ReadAll(io.LimitReader(r.Body, maxQuery+1))
	if err != nil || len(query) > maxQuery {
		http.Error(w, "cannot read the query", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.queries = append(s.queries, bytes.Clone(query))
	last := s.last
	s.mu.Unlock()

	var resp []byte
	switch mode {
	case Replay:
		if last == nil {
			http.Error(w, "nothing to replay yet", http.StatusInternalServerError)
			return
		}
		resp = last
	case Refuse:
		resp, err = s.Reply(query, "tsa_refuse")
	default:
		resp, err = s.Reply(query, "tsa_ok")
		if err == nil {
			s.mu.Lock()
			s.granted++
			s.grantedQ = append(s.grantedQ, bytes.Clone(query))
			s.last = resp
			s.mu.Unlock()
		}
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/timestamp-reply")
	_, _ = w.Write(resp)
}

func (s *Server) control(w http.ResponseWriter, r *http.Request) {
	m, err := ParseMode(r.URL.Query().Get("mode"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.SetMode(m)
	fmt.Fprintf(w, "mode %s\n", m)
}

// Reply runs `openssl ts -reply` on a DER query with the given section of
// the server's config ("tsa_ok" grants, "tsa_refuse" rejects SHA-256) and
// returns the DER response.
func (s *Server) Reply(query []byte, section string) ([]byte, error) {
	s.replyMu.Lock()
	defer s.replyMu.Unlock()
	tmp, err := os.MkdirTemp(s.Dir, "q")
	if err != nil {
		return nil, fmt.Errorf("temp dir: %w", err)
	}
	defer os.RemoveAll(tmp)
	q := filepath.Join(tmp, "req.tsq")
	out := filepath.Join(tmp, "resp.tsr")
	if err := os.WriteFile(q, query, 0o600); err != nil {
		return nil, fmt.Errorf("write query: %w", err)
	}
	cmd := exec.Command(s.openssl, "ts", "-reply", "-queryfile", q,
		"-config", filepath.Join(s.Dir, "tsa.cnf"), "-section", section, "-out", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("openssl ts -reply: %w: %s", err, strings.TrimSpace(string(b)))
	}
	resp, err := os.ReadFile(out)
	if err != nil {
		return nil, fmt.Errorf("read openssl's reply: %w", err)
	}
	return resp, nil
}

// OpenSSLVerify runs `openssl ts -verify -data DATA -in RESP -CAfile CA`
// on the given bytes and returns its combined output; err is non-nil when
// openssl does not print "Verification: OK".
func (s *Server) OpenSSLVerify(data, resp []byte) (string, error) {
	return VerifyWithOpenSSL(s.CAFile, data, resp)
}

// VerifyWithOpenSSL is OpenSSLVerify for a CA file from elsewhere.
func VerifyWithOpenSSL(caFile string, data, resp []byte) (string, error) {
	bin, err := OpenSSL()
	if err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp("", "tsaverify")
	if err != nil {
		return "", fmt.Errorf("temp dir: %w", err)
	}
	defer os.RemoveAll(tmp)
	d := filepath.Join(tmp, "data")
	r := filepath.Join(tmp, "resp.tsr")
	if err := os.WriteFile(d, data, 0o600); err != nil {
		return "", fmt.Errorf("write data: %w", err)
	}
	if err := os.WriteFile(r, resp, 0o600); err != nil {
		return "", fmt.Errorf("write response: %w", err)
	}
	b, err := exec.Command(bin, "ts", "-verify", "-data", d, "-in", r, "-CAfile", caFile).CombinedOutput()
	out := string(b)
	if err != nil {
		return out, fmt.Errorf("openssl ts -verify: %w", err)
	}
	if !strings.Contains(out, "Verification: OK") {
		return out, errors.New("openssl ts -verify did not print Verification: OK")
	}
	return out, nil
}
