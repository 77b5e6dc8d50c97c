package tsa

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
)

// Defaults of the Anchorer's timing.
const (
	DefaultDelay    = time.Minute
	DefaultRetryMin = 30 * time.Second
	DefaultRetryMax = 30 * time.Minute
)

// Store is what the Anchorer needs from an unlocked vault.
type Store interface {
	// Head returns the ledger's last link.
	Head() (seq uint64, link [32]byte, err error)
	// LastAnchorSeq returns the seq of the newest saved anchor, 0 if none.
	LastAnchorSeq() (uint64, error)
	// SaveAnchor stores a token for link seq durably.
	SaveAnchor(seq uint64, link [32]byte, tok *Token) error
	// AnchorText returns the text to timestamp for link seq
	// (ledger.AnchorText with the vault's id).
	AnchorText(seq uint64, link [32]byte) []byte
}

// Clock is the Anchorer's source of time; tests replace it.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Status is what the settings screen shows about timestamps.
type Status struct {
	// LastSuccess is when the last token was obtained and saved (local
	// clock); zero before the first in this run.
	LastSuccess time.Time
	// LastSeq is the ledger seq that token anchors; GenTime is the TSA's
	// time in it.
	LastSeq uint64
	GenTime time.Time
	// LastError is the error of the last attempt, nil if it succeeded;
	// LastErrorAt is when it happened.
	LastError   error
	LastErrorAt time.Time
	// Failures counts attempts failed in a row.
	Failures int
	// NextRetry is when the next attempt is due after a failure; zero when
	// not waiting to retry.
	NextRetry time.Time
	// Pending: records written since the last anchor wait to be stamped.
	Pending bool
}

// Anchorer stamps the ledger head in the background: after Notify it waits
// Delay so that a burst of records gets one timestamp, then stamps the
// head as it is at that moment. When a stamp fails (offline, TSA down or
// refusing, an invalid answer) the work stays queued and is retried with
// backoff, RetryMin doubling up to RetryMax; each retry stamps the latest
// head. A seq is never stamped twice: a token that could not be saved is
// kept and its save retried (unless the store refuses it with
// apperr.ErrInvalidInput, which no retry can fix).
//
// Use one Anchorer per unlocked vault, and cancel its Run on lock.
//
// Client and Store must be set before Run; the other fields have defaults.
type Anchorer struct {
	Client *Client
	Store  Store
	// Delay after a change before stamping (batching); 0 means DefaultDelay.
	Delay time.Duration
	// RetryMin and RetryMax bound the backoff after a failure; 0 means
	// DefaultRetryMin and DefaultRetryMax.
	RetryMin, RetryMax time.Duration
	// Clock defaults to the system clock.
	Clock Clock
	// Changed, if set, is called on the Run goroutine after every change
	// of Status; it must not block.
	Changed func(Status)

	once    sync.Once
	notify  chan struct{}
	running atomic.Bool

	mu     sync.Mutex
	status Status

	// Owned by the Run goroutine.
	stamped uint64   // highest seq stamped in this run
	unsaved *pending // a token obtained but not yet saved
}

type pending struct {
	seq  uint64
	link [32]byte
	tok  *Token
}

func (a *Anchorer) init() {
	a.once.Do(func() { a.notify = make(chan struct{}, 1) })
}

// Notify tells the Anchorer that records were written. It never blocks.
func (a *Anchorer) Notify() {
	a.init()
	select {
	case a.notify <- struct{}{}:
	default: // one is already queued; it covers this one
	}
}

// Status returns a snapshot of the Anchorer's state.
func (a *Anchorer) Status() Status {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.status
}

func (a *Anchorer) update(f func(*Status)) {
	a.mu.Lock()
	f(&a.status)
	s := a.status
	a.mu.Unlock()
	if a.Changed != nil {
		a.Changed(s)
	}
}

// Run stamps until ctx is done, and returns ctx's error. It checks for
// unanchored records at once, so records written while the app was closed
// or offline are stamped too. Only one Run may be active at a time.
func (a *Anchorer) Run(ctx context.Context) error {
	if a.Client == nil || a.Store == nil {
		return errors.New("tsa: Anchorer needs a Client and a Store")
	}
	if !a.running.CompareAndSwap(false, true) {
		return errors.New("tsa: Anchorer is already running")
	}
	defer a.running.Store(false)
	a.init()
	clock := a.Clock
	if clock == nil {
		clock = realClock{}
	}

	retry := false // after a failure: stamp right after the backoff
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		if !retry {
			var behind bool
			behind, err = a.behind()
			if err == nil && !behind {
				a.update(func(s *Status) { s.Pending = false })
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-a.notify:
				}
				continue
			}
			if err == nil {
				a.update(func(s *Status) { s.Pending = true })
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-clock.After(a.delay()):
				}
				// Changes made while waiting are in the head read below.
				select {
				case <-a.notify:
				default:
				}
			}
		}
		if err == nil {
			err = a.anchor(ctx, clock)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err == nil {
			retry = false
			continue
		}
		// Notifies during the backoff stay queued and are covered by the
		// retry, which stamps the head as it is then.
		var wait time.Duration
		now := clock.Now()
		a.update(func(s *Status) {
			s.Failures++
			wait = a.backoff(s.Failures)
			s.LastError, s.LastErrorAt, s.NextRetry, s.Pending = err, now, now.Add(wait), true
		})
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-clock.After(wait):
		}
		retry = true
	}
}

// behind reports whether the head has links no saved anchor covers.
func (a *Anchorer) behind() (bool, error) {
	seq, _, err := a.Store.Head()
	if err != nil {
		return false, fmt.Errorf("read ledger head: %w", err)
	}
	last, err := a.Store.LastAnchorSeq()
	if err != nil {
		return false, fmt.Errorf("read last anchor: %w", err)
	}
	return seq > last && seq > a.stamped || a.unsaved != nil, nil
}

// anchor saves a token left unsaved, then stamps the head if no anchor
// covers it yet.
func (a *Anchorer) anchor(ctx context.Context, clock Clock) error {
	if p := a.unsaved; p != nil {
		if err := a.Store.SaveAnchor(p.seq, p.link, p.tok); err != nil {
			if errors.Is(err, apperr.ErrInvalidInput) {
				a.unsaved = nil
			}
			return fmt.Errorf("save timestamp of ledger link %d: %w", p.seq, err)
		}
		a.unsaved = nil
		a.succeeded(clock, p)
	}
	seq, link, err := a.Store.Head()
	if err != nil {
		return fmt.Errorf("read ledger head: %w", err)
	}
	last, err := a.Store.LastAnchorSeq()
	if err != nil {
		return fmt.Errorf("read last anchor: %w", err)
	}
	if seq <= last || seq <= a.stamped {
		a.clearError()
		return nil
	}
	tok, err := a.Client.Stamp(ctx, a.Store.AnchorText(seq, link))
	if err != nil {
		return fmt.Errorf("timestamp ledger link %d: %w", seq, err)
	}
	a.stamped = seq
	p := &pending{seq: seq, link: link, tok: tok}
	if err := a.Store.SaveAnchor(seq, link, tok); err != nil {
		// Keep the token to save it later, unless the store says it can
		// never take it; then the next change of the head is stamped anew.
		if !errors.Is(err, apperr.ErrInvalidInput) {
			a.unsaved = p
		}
		return fmt.Errorf("save timestamp of ledger link %d: %w", seq, err)
	}
	a.succeeded(clock, p)
	return nil
}

func (a *Anchorer) succeeded(clock Clock, p *pending) {
	now := clock.Now()
	a.update(func(s *Status) {
		s.LastSuccess, s.LastSeq, s.GenTime = now, p.seq, p.tok.GenTime
		s.LastError, s.LastErrorAt, s.Failures, s.NextRetry = nil, time.Time{}, 0, time.Time{}
	})
}

func (a *Anchorer) clearError() {
	a.update(func(s *Status) {
		s.LastError, s.LastErrorAt, s.Failures, s.NextRetry = nil, time.Time{}, 0, time.Time{}
	})
}

func (a *Anchorer) delay() time.Duration {
	if a.Delay > 0 {
		return a.Delay
	}
	return DefaultDelay
}

// backoff returns the wait after the n-th failure in a row (n >= 1).
func (a *Anchorer) backoff(n int) time.Duration {
	lo, hi := a.RetryMin, a.RetryMax
	if lo <= 0 {
		lo = DefaultRetryMin
	}
	if hi <= 0 {
		hi = DefaultRetryMax
	}
	if hi < lo {
		hi = lo
	}
	d := lo
	for i := 1; i < n && d < hi; i++ {
		d *= 2
	}
	return min(d, hi)
}
