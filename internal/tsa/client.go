package tsa

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/digitorus/timestamp"

	"github.com/kiroku-app/kiroku/internal/apperr"
)

// DefaultTimeout bounds one request, connection to last byte.
const DefaultTimeout = 30 * time.Second

const maxRedirects = 3

// Client asks one timestamp authority for tokens.
type Client struct {
	// URL of the TSA, http or https, as the user configured it.
	URL string
	// HTTP is the client to use; nil means a default one (with the proxy
	// from the environment). Its redirect policy is wrapped so that only
	// redirects to the same host are followed.
	HTTP *http.Client
	// Timeout for one request; 0 means DefaultTimeout.
	Timeout time.Duration
}

// Stamp asks the TSA to timestamp data. Only SHA-256(data) and a random
// nonce are sent. The answer is checked as [VerifyResponse] does, and its
// nonce must be the one sent. Errors wrap ErrUnreachable, ErrRefused,
// ErrBadResponse, ErrRedirect, apperr.ErrInvalidInput (a bad URL) or the
// context's error.
func (c *Client) Stamp(ctx context.Context, data []byte) (*Token, error) {
	u, err := c.checkURL()
	if err != nil {
		return nil, err
	}
	digest := sha256.Sum256(data)
	nonce := newNonce()
	query, err := (&timestamp.Request{
		HashAlgorithm: crypto.SHA256,
		HashedMessage: digest[:],
		Certificates:  true,
		Nonce:         nonce,
	}).Marshal()
	if err != nil {
		return nil, fmt.Errorf("encode timestamp query: %w", err)
	}

	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodPost, u.String(), bytes.NewReader(query))
	if err != nil {
		return nil, fmt.Errorf("timestamp request to %s: %w", u.Host, err)
	}
	req.Header.Set("Content-Type", "application/timestamp-query")
	req.Header.Set("Accept", "application/timestamp-reply")
	// No User-Agent naming Kiroku: the TSA's logs need not learn which
	// program (a harassment diary) asked.

	resp, err := c.client().Do(req)
	if err != nil {
		switch {
		case ctx.Err() != nil:
			return nil, fmt.Errorf("timestamp request to %s: %w", u.Host, ctx.Err())
		case errors.Is(err, ErrRedirect):
			return nil, fmt.Errorf("timestamp request to %s: %w", u.Host, unwrapURLError(err))
		case errors.Is(err, context.DeadlineExceeded):
			return nil, fmt.Errorf("%w: %s did not answer within %v: %w", ErrUnreachable, u.Host, timeout, err)
		default:
			return nil, fmt.Errorf("%w: %s: %w", ErrUnreachable, u.Host, err)
		}
	}
	defer resp.Body.Close()

	switch code := resp.StatusCode; {
	case code == http.StatusOK:
	case code == http.StatusRequestTimeout, code == http.StatusTooManyRequests, code >= 500:
		return nil, fmt.Errorf("%w: %s answered HTTP %s", ErrUnreachable, u.Host, resp.Status)
	default:
		return nil, fmt.Errorf("%w: %s answered HTTP %s", ErrRefused, u.Host, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseSize+1))
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("timestamp request to %s: %w", u.Host, ctx.Err())
		}
		return nil, fmt.Errorf("%w: reading the answer of %s: %w", ErrUnreachable, u.Host, err)
	}
	if len(body) > MaxResponseSize {
		return nil, fmt.Errorf("%w: the answer of %s is larger than %d bytes", ErrBadResponse, u.Host, MaxResponseSize)
	}

	tok, ts, err := verify(body, digest[:])
	if err != nil {
		// The content type is only a hint (some TSAs send odd ones); it
		// helps to explain a captive portal's HTML page.
		if ct := resp.Header.Get("Content-Type"); !isReplyType(ct) && errors.Is(err, ErrBadResponse) {
			return nil, fmt.Errorf("answer of %s (%q, not application/timestamp-reply): %w", u.Host, clean(ct), err)
		}
		return nil, fmt.Errorf("answer of %s: %w", u.Host, err)
	}
	if ts.Nonce == nil || ts.Nonce.Cmp(nonce) != 0 {
		return nil, fmt.Errorf("%w: answer of %s does not carry the nonce sent (a replayed or stale answer)", ErrBadResponse, u.Host)
	}
	return tok, nil
}

func (c *Client) checkURL() (*url.URL, error) {
	if c.URL == "" {
		return nil, fmt.Errorf("no timestamp authority URL set: %w", apperr.ErrInvalidInput)
	}
	u, err := url.Parse(c.URL)
	if err != nil {
		return nil, fmt.Errorf("timestamp authority URL: %w: %w", apperr.ErrInvalidInput, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("timestamp authority URL %q must be http:// or https:// with a host: %w", c.URL, apperr.ErrInvalidInput)
	}
	return u, nil
}

// client returns a copy of c.HTTP (or a default client) whose redirect
// policy refuses to leave the configured host.
func (c *Client) client() *http.Client {
	var hc http.Client
	if c.HTTP != nil {
		hc = *c.HTTP
	}
	prev := hc.CheckRedirect
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if err := sameHost(via[0].URL, req.URL); err != nil {
			return err
		}
		if len(via) > maxRedirects {
			return fmt.Errorf("%w: more than %d redirects", ErrRedirect, maxRedirects)
		}
		if req.Method != http.MethodPost {
			// 301, 302 and 303 turn the POST into a GET without the query.
			return fmt.Errorf("%w: redirect to %s would drop the query (use the final URL)", ErrRedirect, req.URL.Redacted())
		}
		if prev != nil {
			return prev(req, via)
		}
		return nil
	}
	return &hc
}

// sameHost allows a redirect to the same scheme and host:port, or from
// http to https on the same host name.
func sameHost(from, to *url.URL) error {
	switch {
	case from.Scheme == to.Scheme && strings.EqualFold(from.Host, to.Host):
		return nil
	case from.Scheme == "http" && to.Scheme == "https" && strings.EqualFold(from.Hostname(), to.Hostname()):
		return nil
	}
	return fmt.Errorf("%w: %s://%s redirected to %s://%s, which is not followed", ErrRedirect, from.Scheme, from.Host, to.Scheme, to.Host)
}

// unwrapURLError drops the *url.Error around a CheckRedirect error, which
// would repeat the URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func isReplyType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/timestamp-reply" || mt == "application/timestamp-response")
}

// newNonce returns a random positive 128-bit nonce.
func newNonce() *big.Int {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("tsa: random source failed: " + err.Error())
	}
	b[0] |= 0x40 // always 127 bits long (126 random), never a short value
	return new(big.Int).SetBytes(b[:])
}
