package local

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/settings"
	"github.com/kiroku-app/kiroku/internal/stamp"
	"github.com/kiroku-app/kiroku/internal/tsa"
	"github.com/kiroku-app/kiroku/internal/vault"
)

var _ app.Timestamps = (*Store)(nil)

// anchorTiming is the Anchorer's batching delay and retry backoff; tests
// shorten it.
var anchorTiming = struct{ delay, retryMin, retryMax time.Duration }{
	tsa.DefaultDelay, tsa.DefaultRetryMin, tsa.DefaultRetryMax,
}

// timestamps runs one tsa.Anchorer for an unlocked vault while a TSA URL
// is set in it (the vault setting settings.KeyTSAURL): started on unlock,
// restarted when the URL changes, stopped on Close. With no URL nothing
// ever touches the network.
type timestamps struct {
	mu      sync.Mutex
	v       *vault.Vault
	url     string // "" while off
	loadErr error  // reading the setting failed at unlock
	closed  bool

	an     *tsa.Anchorer
	clock  *kickClock
	cancel context.CancelFunc
	done   chan struct{} // closed when Run has returned

	lastSeq  uint64    // newest anchored link
	lastTime time.Time // the TSA's time in its token
	watch    func(app.TimestampStatus)
	watchGen int
}

// open starts timestamps for v, if its URL is set.
func (t *timestamps) open(v *vault.Vault) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.v = v
	t.loadLastLocked()
	u, err := stamp.URL(v)
	switch {
	case errors.Is(err, stamp.ErrOff):
	case err != nil:
		t.loadErr = err
	default:
		t.url = u
		t.runLocked()
	}
}

// loadLastLocked reads the newest anchor of the vault.
func (t *timestamps) loadLastLocked() {
	as, err := t.v.Anchors()
	if err != nil || len(as) == 0 {
		return
	}
	last := as[len(as)-1]
	t.lastSeq, t.lastTime = last.Seq, last.GenTime
}

// runLocked starts an Anchorer for t.url. Not for a read-only vault: it
// could not keep a single token.
func (t *timestamps) runLocked() {
	if t.url == "" || t.closed || t.v.ReadOnly() {
		return
	}
	clock := &kickClock{kicked: make(chan struct{}), stop: make(chan struct{})}
	an := &tsa.Anchorer{
		Client: &tsa.Client{URL: t.url},
		Store:  stamp.Store{V: t.v, TSA: t.url},
		Delay:  anchorTiming.delay, RetryMin: anchorTiming.retryMin, RetryMax: anchorTiming.retryMax,
		Clock: clock,
	}
	an.Changed = func(st tsa.Status) { t.changed(an, st) }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	t.an, t.clock, t.cancel, t.done = an, clock, cancel, done
	go func() {
		defer close(done)
		_ = an.Run(ctx) // returns ctx's error when stopped
		close(clock.stop)
	}()
}

// stopLocked stops the Anchorer and waits for it. t.mu is released while
// waiting, since its Changed callback takes it.
func (t *timestamps) stopLocked() {
	if t.an == nil {
		return
	}
	cancel, done := t.cancel, t.done
	t.an, t.clock, t.cancel, t.done = nil, nil, nil, nil
	cancel()
	t.mu.Unlock()
	<-done
	t.mu.Lock()
}

// close stops timestamps for good (the vault is about to close).
func (t *timestamps) close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closed = true
	t.watch = nil
	t.stopLocked()
}

// notify tells the Anchorer that records were written.
func (t *timestamps) notify() {
	t.mu.Lock()
	an := t.an
	t.mu.Unlock()
	if an != nil {
		an.Notify()
	}
}

// changed runs on the Anchorer's goroutine after each change of its
// status.
func (t *timestamps) changed(an *tsa.Anchorer, st tsa.Status) {
	t.mu.Lock()
	if t.an != an {
		t.mu.Unlock()
		return // a stopped Anchorer's last word
	}
	if st.LastSeq > t.lastSeq {
		t.lastSeq, t.lastTime = st.LastSeq, st.GenTime
	}
	watch := t.watch
	t.mu.Unlock()
	if watch != nil {
		if s, err := t.status(); err == nil {
			watch(s)
		}
	}
}

// status describes timestamps for the settings screen.
func (t *timestamps) status() (app.TimestampStatus, error) {
	t.mu.Lock()
	s := app.TimestampStatus{URL: t.url, LastSeq: t.lastSeq, LastTime: t.lastTime}
	v, an, loadErr := t.v, t.an, t.loadErr
	t.mu.Unlock()
	if loadErr != nil {
		return s, loadErr
	}
	if v == nil {
		return s, apperr.ErrLocked
	}
	seq, _, err := v.Head()
	if err != nil {
		return s, err
	}
	s.HeadSeq = seq
	if an != nil {
		st := an.Status()
		s.Pending, s.LastError, s.NextRetry = st.Pending, st.LastError, st.NextRetry
	}
	s.Pending = s.Pending || (s.URL != "" && seq > s.LastSeq)
	return s, nil
}

// TimestampStatus implements app.Timestamps.
func (s *Store) TimestampStatus() (app.TimestampStatus, error) { return s.ts.status() }

// SetTimestampURL implements app.Timestamps: it keeps the URL in the vault
// and restarts stamping with it; "" turns timestamps off (tokens already
// stored stay).
func (s *Store) SetTimestampURL(raw string) error {
	u := strings.TrimSpace(raw)
	if u != "" {
		if err := settings.CheckTSAURL(u); err != nil {
			return err
		}
	}
	if s.Vault.ReadOnly() {
		return fmt.Errorf("timestamps: %w", apperr.ErrReadOnly)
	}
	t := &s.ts
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return apperr.ErrLocked
	}
	if err := settings.SetTSAURL(s.Vault, u); err != nil {
		return err
	}
	t.stopLocked()
	t.url, t.loadErr = u, nil
	t.runLocked()
	return nil
}

// StampNow implements app.Timestamps: the Anchorer stamps the head at once,
// without its batching delay, and retries at once after a failure.
func (s *Store) StampNow() error {
	t := &s.ts
	t.mu.Lock()
	an, clock, url := t.an, t.clock, t.url
	t.mu.Unlock()
	if url == "" {
		return stamp.ErrOff
	}
	if an == nil {
		return fmt.Errorf("timestamps: %w", apperr.ErrReadOnly)
	}
	clock.kick()
	an.Notify()
	return nil
}

// WatchTimestamps implements app.Timestamps. f replaces any earlier
// watcher; it is called on the Anchorer's goroutine.
func (s *Store) WatchTimestamps(f func(app.TimestampStatus)) (stop func()) {
	t := &s.ts
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return func() {}
	}
	t.watchGen++
	gen := t.watchGen
	t.watch = f
	return func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.watchGen == gen {
			t.watch = nil
		}
	}
}

// ErrTimestampsOff: no timestamp authority is set in the vault.
var ErrTimestampsOff = stamp.ErrOff

// TimestampURL is the timestamp authority set in the vault, or
// ErrTimestampsOff.
func (s *Store) TimestampURL() (string, error) { return stamp.URL(s.Vault) }

// StampHead asks the vault's timestamp authority for a token of the newest
// record at once, and keeps it; fresh is false when a stored token covers
// it already, which it returns (kirokuctl tsa stamp, which runs no
// Anchorer). ErrTimestampsOff when no authority is set.
func (s *Store) StampHead(ctx context.Context) (a Anchor, fresh bool, err error) {
	return stamp.Now(ctx, s.Vault)
}

// RecheckAnchor checks a stored token again: a valid, granted answer over
// this vault's anchor text for its link.
func (s *Store) RecheckAnchor(a Anchor) error { return stamp.Recheck(s.Vault, a) }

// notifyWrite tells the timestamp Anchorer that the vault has new
// records. Every write through the Store calls it (adapters of new
// writes too: hours, imports).
func (s *Store) notifyWrite() { s.ts.notify() }

// kickWindow is how long a kick that found no waiter applies to the next
// wait.
const kickWindow = 2 * time.Second

// kickClock is the Anchorer's clock with a way to cut its waits short:
// "Stamp now" ends the batching delay or the retry backoff at once.
type kickClock struct {
	mu      sync.Mutex
	kicked  chan struct{} // closed by kick, then replaced
	kickAt  time.Time     // a kick no wait took yet
	waiting int
	stop    chan struct{} // closed when Run has returned
}

func (c *kickClock) Now() time.Time { return time.Now() }

func (c *kickClock) After(d time.Duration) <-chan time.Time {
	out := make(chan time.Time, 1)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.kickAt.IsZero() && time.Since(c.kickAt) < kickWindow {
		c.kickAt = time.Time{}
		out <- time.Now()
		return out
	}
	c.kickAt = time.Time{}
	k := c.kicked
	c.waiting++
	go func() {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case now := <-t.C:
			out <- now
		case <-k:
			out <- time.Now()
		case <-c.stop:
		}
		c.mu.Lock()
		c.waiting--
		c.mu.Unlock()
	}()
	return out
}

// kick ends the current wait, or the next one if none is under way.
func (c *kickClock) kick() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.waiting > 0 {
		close(c.kicked)
		c.kicked = make(chan struct{})
		return
	}
	c.kickAt = time.Now()
}
