package tsa_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digitorus/timestamp"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/tsa"
	"github.com/kiroku-app/kiroku/internal/tsa/tsatest"
)

// patience bounds every wait on the anchorer in real time; the anchorer's
// own waits run on the fake clock.
const patience = 10 * time.Second

// fakeClock fires After channels only when the test advances it, and
// reports every After call so that the test knows what the anchorer waits
// for.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []fakeTimer
	waits  chan time.Duration
}

type fakeTimer struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC), waits: make(chan time.Duration, 100)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.mu.Lock()
	c.timers = append(c.timers, fakeTimer{c.now.Add(d), ch})
	c.mu.Unlock()
	c.waits <- d
	return ch
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.timers[:0]
	for _, tm := range c.timers {
		if !tm.at.After(c.now) {
			tm.ch <- c.now
		} else {
			kept = append(kept, tm)
		}
	}
	c.timers = kept
}

// nextWait returns the duration of the anchorer's next wait.
func (c *fakeClock) nextWait(t *testing.T) time.Duration {
	t.Helper()
	select {
	case d := <-c.waits:
		return d
	case <-time.After(patience):
		t.Fatal("the anchorer never started to wait")
		return 0
	}
}

// expectWait checks the anchorer's next wait and lets it pass.
func (c *fakeClock) expectWait(t *testing.T, want time.Duration) {
	t.Helper()
	if d := c.nextWait(t); d != want {
		t.Fatalf("anchorer waits %v, want %v", d, want)
	}
	c.Advance(want)
}

// noWait checks that the anchorer starts no wait for a while.
func (c *fakeClock) noWait(t *testing.T) {
	t.Helper()
	select {
	case d := <-c.waits:
		t.Fatalf("anchorer started an unexpected wait of %v", d)
	case <-time.After(200 * time.Millisecond):
	}
}

var vaultID = []byte{0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}

type saved struct {
	seq  uint64
	link [32]byte
	tok  *tsa.Token
}

// fakeStore is a ledger whose head the test moves, recording every call.
type fakeStore struct {
	mu       sync.Mutex
	head     uint64
	anchors  []saved
	attempts []saved // every SaveAnchor call, failed or not
	failSave int     // fail this many SaveAnchor calls
	saveErr  error   // with this error (default errDiskFull)
	headErr  error
	savedCh  chan saved
}

func newFakeStore(head uint64) *fakeStore {
	return &fakeStore{head: head, savedCh: make(chan saved, 100)}
}

func link(seq uint64) [32]byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seq)
	return sha256.Sum256(b[:])
}

func (s *fakeStore) add(n uint64) {
	s.mu.Lock()
	s.head += n
	s.mu.Unlock()
}

func (s *fakeStore) setHeadErr(err error) {
	s.mu.Lock()
	s.headErr = err
	s.mu.Unlock()
}

func (s *fakeStore) Head() (uint64, [32]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.headErr != nil {
		return 0, [32]byte{}, s.headErr
	}
	return s.head, link(s.head), nil
}

func (s *fakeStore) LastAnchorSeq() (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n := len(s.anchors); n > 0 {
		return s.anchors[n-1].seq, nil
	}
	return 0, nil
}

var errDiskFull = fmt.Errorf("write anchor: %w", apperr.ErrDiskFull)

func (s *fakeStore) SaveAnchor(seq uint64, l [32]byte, tok *tsa.Token) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := saved{seq, l, tok}
	s.attempts = append(s.attempts, a)
	if s.failSave > 0 {
		s.failSave--
		if s.saveErr != nil {
			return s.saveErr
		}
		return errDiskFull
	}
	s.anchors = append(s.anchors, a)
	s.savedCh <- a
	return nil
}

func (s *fakeStore) AnchorText(seq uint64, l [32]byte) []byte {
	return ledger.AnchorText(vaultID, seq, ledger.Hash(l))
}

// waitSaved returns the next anchor saved, checking its token.
func (s *fakeStore) waitSaved(t *testing.T) saved {
	t.Helper()
	select {
	case a := <-s.savedCh:
		if a.link != link(a.seq) {
			t.Errorf("anchor %d saved with the link of another seq", a.seq)
		}
		if _, err := tsa.VerifyResponse(a.tok.Response, s.AnchorText(a.seq, a.link)); err != nil {
			t.Errorf("anchor %d: saved token does not verify: %v", a.seq, err)
		}
		return a
	case <-time.After(patience):
		t.Fatal("no anchor saved")
		return saved{}
	}
}

func (s *fakeStore) seqs() []uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []uint64
	for _, a := range s.anchors {
		out = append(out, a.seq)
	}
	return out
}

type harness struct {
	srv   *tsatest.Server
	store *fakeStore
	clock *fakeClock
	a     *tsa.Anchorer
	done  chan error
	stop  context.CancelFunc
}

const (
	delay    = time.Minute
	retryMin = 30 * time.Second
	retryMax = 30 * time.Minute
)

func startAnchorer(t *testing.T, head uint64) *harness {
	t.Helper()
	h := &harness{srv: tsatest.New(t), store: newFakeStore(head), clock: newFakeClock(), done: make(chan error, 1)}
	h.a = &tsa.Anchorer{
		Client:   &tsa.Client{URL: h.srv.URL, Timeout: 5 * time.Second},
		Store:    h.store,
		Delay:    delay,
		RetryMin: retryMin,
		RetryMax: retryMax,
		Clock:    h.clock,
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.stop = cancel
	go func() { h.done <- h.a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-h.done:
		case <-time.After(patience):
			t.Error("Run did not return after cancel")
		}
		h.checkNoSeqStampedTwice(t)
	})
	return h
}

// checkNoSeqStampedTwice looks at what the TSA granted: every token is for
// a different anchor text. (Failed attempts are retried, of course.)
func (h *harness) checkNoSeqStampedTwice(t *testing.T) {
	t.Helper()
	seen := map[string]bool{}
	for _, q := range h.srv.GrantedQueries() {
		req, err := timestamp.ParseRequest(q)
		if err != nil {
			t.Fatalf("query: %v", err)
		}
		k := string(req.HashedMessage)
		if seen[k] {
			t.Errorf("the same anchor text was stamped twice (%x)", req.HashedMessage)
		}
		seen[k] = true
	}
}

// waitStatus polls Status until ok accepts it.
func (h *harness) waitStatus(t *testing.T, what string, ok func(tsa.Status) bool) tsa.Status {
	t.Helper()
	deadline := time.Now().Add(patience)
	for {
		s := h.a.Status()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("status never became %s: %+v", what, s)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestAnchorerBatchesNotifies(t *testing.T) {
	h := startAnchorer(t, 0)
	h.clock.noWait(t) // nothing to anchor yet

	h.store.add(1)
	h.a.Notify()
	if d := h.clock.nextWait(t); d != delay {
		t.Fatalf("waits %v, want the batching delay %v", d, delay)
	}
	for range 5 { // more records within the delay
		h.store.add(1)
		h.a.Notify()
	}
	h.clock.Advance(delay)
	if a := h.store.waitSaved(t); a.seq != 6 {
		t.Fatalf("anchored seq %d, want the head at the end of the delay, 6", a.seq)
	}
	st := h.waitStatus(t, "idle after the stamp", func(s tsa.Status) bool { return s.LastSeq == 6 && !s.Pending })
	if st.LastError != nil || st.Failures != 0 || !st.LastSuccess.Equal(h.clock.Now()) || st.GenTime.IsZero() {
		t.Errorf("status after success: %+v", st)
	}

	// A notify without new records stamps nothing.
	h.a.Notify()
	h.clock.noWait(t)

	h.store.add(2)
	h.a.Notify()
	h.clock.expectWait(t, delay)
	if a := h.store.waitSaved(t); a.seq != 8 {
		t.Fatalf("anchored seq %d, want 8", a.seq)
	}
	if got := h.store.seqs(); len(got) != 2 || h.srv.Granted() != 2 {
		t.Fatalf("anchors %v with %d tokens, want [6 8] with 2", got, h.srv.Granted())
	}
}

func TestAnchorerQueuesWhileOffline(t *testing.T) {
	h := startAnchorer(t, 0)
	h.srv.SetMode(tsatest.Offline)

	h.store.add(1)
	h.a.Notify()
	h.clock.expectWait(t, delay)
	if d := h.clock.nextWait(t); d != retryMin {
		t.Fatalf("after a failure waits %v, want %v", d, retryMin)
	}
	st := h.a.Status()
	if !errors.Is(st.LastError, tsa.ErrUnreachable) || st.Failures != 1 || !st.Pending ||
		!st.NextRetry.Equal(h.clock.Now().Add(retryMin)) || !st.LastErrorAt.Equal(h.clock.Now()) {
		t.Fatalf("status while offline: %+v", st)
	}

	// Records written while offline wait for the retry; notifies do not
	// make it sooner.
	h.store.add(1)
	h.a.Notify()
	h.store.add(1)
	h.a.Notify()
	h.clock.Advance(retryMin)
	if d := h.clock.nextWait(t); d != 2*retryMin {
		t.Fatalf("second failure waits %v, want %v", d, 2*retryMin)
	}
	if st := h.a.Status(); st.Failures != 2 {
		t.Fatalf("failures = %d, want 2", st.Failures)
	}

	// Back online: the retry stamps the latest head, once.
	h.srv.SetMode(tsatest.Normal)
	h.store.add(1)
	h.clock.Advance(2 * retryMin)
	if a := h.store.waitSaved(t); a.seq != 4 {
		t.Fatalf("anchored seq %d, want the latest head 4", a.seq)
	}
	h.waitStatus(t, "recovered", func(s tsa.Status) bool {
		return s.LastError == nil && s.Failures == 0 && s.NextRetry.IsZero() && s.LastSeq == 4
	})
	h.clock.noWait(t)
	if got, n, reqs := h.store.seqs(), h.srv.Granted(), h.srv.Requests(); len(got) != 1 || n != 1 || reqs != 3 {
		t.Fatalf("anchors %v, %d tokens, %d requests; want [4], 1, 3", got, n, reqs)
	}
}

func TestAnchorerBackoff(t *testing.T) {
	tests := []struct {
		name string
		mode tsatest.Mode
		want error
	}{
		{"unavailable", tsatest.Unavailable, tsa.ErrUnreachable},
		{"refused", tsatest.Refuse, tsa.ErrRefused},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := startAnchorer(t, 3) // records from a previous session
			h.srv.SetMode(tt.mode)
			h.clock.expectWait(t, delay) // no Notify needed
			for _, want := range []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute,
				8 * time.Minute, 16 * time.Minute, 30 * time.Minute} {
				h.clock.expectWait(t, want)
			}
			if d := h.clock.nextWait(t); d != retryMax {
				t.Fatalf("eighth retry waits %v, want the cap %v", d, retryMax)
			}
			st := h.a.Status()
			if !errors.Is(st.LastError, tt.want) || st.Failures != 8 {
				t.Fatalf("status %+v, want %v after 8 failures", st, tt.want)
			}
			if !strings.Contains(st.LastError.Error(), "ledger link 3") {
				t.Errorf("error %q does not name the link", st.LastError)
			}
			h.srv.SetMode(tsatest.Normal)
			h.clock.Advance(30 * time.Minute)
			if a := h.store.waitSaved(t); a.seq != 3 {
				t.Fatalf("anchored %d, want 3", a.seq)
			}
		})
	}
}

// A token that could not be saved is saved later, never stamped again.
func TestAnchorerSaveFailure(t *testing.T) {
	h := startAnchorer(t, 0)
	h.store.failSave = 2
	h.store.add(1)
	h.a.Notify()
	h.clock.expectWait(t, delay)
	h.clock.expectWait(t, retryMin)
	if st := h.a.Status(); !errors.Is(st.LastError, apperr.ErrDiskFull) {
		t.Fatalf("status error %v, want the save error", st.LastError)
	}
	h.store.add(1) // the head moves on while the token waits
	h.clock.expectWait(t, 2*retryMin)

	// The third save works: link 1's token, then a new stamp for link 2.
	if a := h.store.waitSaved(t); a.seq != 1 {
		t.Fatalf("saved %d first, want 1", a.seq)
	}
	if a := h.store.waitSaved(t); a.seq != 2 {
		t.Fatalf("saved %d next, want 2", a.seq)
	}
	h.store.mu.Lock()
	attempts := h.store.attempts
	h.store.mu.Unlock()
	if len(attempts) != 4 {
		t.Fatalf("%d SaveAnchor calls, want 4", len(attempts))
	}
	for _, a := range attempts[:3] {
		if a.seq != 1 || !bytes.Equal(a.tok.Response, attempts[0].tok.Response) {
			t.Errorf("retried save of seq %d with another token", a.seq)
		}
	}
	if n := h.srv.Granted(); n != 2 {
		t.Fatalf("%d tokens, want 2 (one per seq)", n)
	}
}

// A token the store refuses for good is not saved again; the next head is
// stamped.
func TestAnchorerTokenRefusedByStore(t *testing.T) {
	h := startAnchorer(t, 0)
	h.store.failSave = 1
	h.store.saveErr = fmt.Errorf("anchor: no ledger link: %w", apperr.ErrInvalidInput)
	h.store.add(1)
	h.a.Notify()
	h.clock.expectWait(t, delay)
	h.clock.nextWait(t) // backoff
	if st := h.a.Status(); !errors.Is(st.LastError, apperr.ErrInvalidInput) {
		t.Fatalf("status error %v, want the store's", st.LastError)
	}
	h.clock.Advance(retryMin)
	h.clock.noWait(t) // nothing to do: seq 1 is not stamped again
	h.store.add(1)
	h.a.Notify()
	h.clock.expectWait(t, delay)
	if a := h.store.waitSaved(t); a.seq != 2 {
		t.Fatalf("anchored %d, want 2", a.seq)
	}
	h.store.mu.Lock()
	n := len(h.store.attempts)
	h.store.mu.Unlock()
	if n != 2 || h.srv.Granted() != 2 {
		t.Fatalf("%d saves and %d tokens, want 2 and 2", n, h.srv.Granted())
	}
}

// A locked or failing vault is retried like a failing TSA.
func TestAnchorerStoreError(t *testing.T) {
	h := startAnchorer(t, 0)
	h.store.setHeadErr(fmt.Errorf("read head: %w", apperr.ErrLocked))
	h.a.Notify()
	h.clock.nextWait(t)
	if st := h.a.Status(); !errors.Is(st.LastError, apperr.ErrLocked) || !st.Pending {
		t.Fatalf("status %+v, want the store error", st)
	}
	h.store.setHeadErr(nil)
	h.store.add(2)
	h.clock.Advance(retryMin)
	if a := h.store.waitSaved(t); a.seq != 2 {
		t.Fatalf("anchored %d, want 2", a.seq)
	}
}

func TestAnchorerStops(t *testing.T) {
	for _, state := range []string{"idle", "delay", "backoff"} {
		t.Run(state, func(t *testing.T) {
			h := startAnchorer(t, 0)
			switch state {
			case "delay":
				h.store.add(1)
				h.a.Notify()
				h.clock.nextWait(t)
			case "backoff":
				h.srv.SetMode(tsatest.Offline)
				h.store.add(1)
				h.a.Notify()
				h.clock.expectWait(t, delay)
				h.clock.nextWait(t)
			}
			h.stop()
			select {
			case err := <-h.done:
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("Run = %v, want context.Canceled", err)
				}
				h.done <- err // for the cleanup
			case <-time.After(patience):
				t.Fatal("Run did not return")
			}
		})
	}
}

func TestAnchorerMisuse(t *testing.T) {
	a := &tsa.Anchorer{}
	done := make(chan struct{})
	go func() {
		for range 1000 {
			a.Notify() // never blocks, even with no Run
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(patience):
		t.Fatal("Notify blocked")
	}
	if err := a.Run(context.Background()); err == nil {
		t.Fatal("Run without Client and Store succeeded")
	}

	h := startAnchorer(t, 1)
	h.clock.nextWait(t) // the first Run is running
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	if err := h.a.Run(ctx); err == nil || !strings.Contains(err.Error(), "already running") {
		t.Fatalf("second Run = %v, want already running", err)
	}
}
