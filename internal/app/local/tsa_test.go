package local

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/audio"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/tsa"
	"github.com/kiroku-app/kiroku/internal/tsa/tsatest"
)

// fastAnchor makes the Anchorer batch for delay and retry after retry.
func fastAnchor(t *testing.T, delay, retry time.Duration) {
	old := anchorTiming
	anchorTiming.delay, anchorTiming.retryMin, anchorTiming.retryMax = delay, retry, retry
	t.Cleanup(func() { anchorTiming = old })
}

// eventually polls cond for up to 20 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func status(t *testing.T, s *Store) app.TimestampStatus {
	t.Helper()
	st, err := s.TimestampStatus()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// stampedHead reports whether the newest record carries a token.
func stampedHead(t *testing.T, s *Store) func() bool {
	return func() bool {
		st := status(t, s)
		return st.HeadSeq > 0 && st.LastSeq == st.HeadSeq && !st.Pending
	}
}

// Off by default: nothing is sent. Once a URL is set, every kind of write
// through the adapter (add, edit, delete, import) gets the head stamped;
// the watcher hears of it; the token checks with openssl; turning it off
// stops all requests.
func TestTimestampsFollowWrites(t *testing.T) {
	srv := tsatest.New(t)
	fastAnchor(t, 20*time.Millisecond, 50*time.Millisecond)
	s := newStore(t, "one")
	if st := status(t, s); st.URL != "" || st.HeadSeq != 1 || st.LastSeq != 0 || st.Pending {
		t.Errorf("fresh vault: %+v", st)
	}
	if err := s.StampNow(); err == nil {
		t.Error("Stamp now worked with timestamps off")
	}
	for _, bad := range []string{"ftp://x", "freetsa.org", "https://user:pw@x/"} {
		if err := s.SetTimestampURL(bad); !errors.Is(err, apperr.ErrInvalidInput) {
			t.Errorf("URL %q: %v", bad, err)
		}
	}
	if srv.Requests() != 0 {
		t.Fatalf("%d requests with timestamps off", srv.Requests())
	}

	var mu sync.Mutex
	var seen []app.TimestampStatus
	s.WatchTimestamps(func(st app.TimestampStatus) {
		mu.Lock()
		seen = append(seen, st)
		mu.Unlock()
	})
	if err := s.SetTimestampURL(" " + srv.URL + " "); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the existing record stamped", stampedHead(t, s))
	mu.Lock()
	if len(seen) == 0 || seen[len(seen)-1].LastSeq != 1 || seen[len(seen)-1].URL != srv.URL {
		t.Errorf("watcher saw %+v", seen)
	}
	mu.Unlock()

	writes := []struct {
		name string
		do   func() error
	}{
		{"add", func() error {
			_, err := s.Add(record.Fields{EventTime: time.Now(), Text: "two"})
			return err
		}},
		{"edit", func() error {
			_, err := s.Edit(1, record.Fields{EventTime: time.Now(), Text: "one, corrected"}, "typo")
			return err
		}},
		{"delete", func() error { return s.Delete(2, "duplicate") }},
		{"import", func() error {
			p := filepath.Join(t.TempDir(), "mail.eml")
			if err := os.WriteFile(p, []byte("From: boss\n\nquit"), 0o600); err != nil {
				return err
			}
			_, err := s.Import(context.Background(), p, 1, nil)
			return err
		}},
	}
	for _, w := range writes {
		before := status(t, s).HeadSeq
		if err := w.do(); err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
		if status(t, s).HeadSeq <= before {
			t.Fatalf("%s wrote no link", w.name)
		}
		eventually(t, w.name+" stamped", stampedHead(t, s))
	}

	// Every stored token is over this vault's anchor text and checks
	// with openssl against the TSA's CA.
	as, err := s.Vault.Anchors()
	if err != nil || len(as) < len(writes)+1 {
		t.Fatalf("%d anchors, %v", len(as), err)
	}
	last := as[len(as)-1]
	if out, err := srv.OpenSSLVerify(ledger.AnchorText(s.Vault.ID(), last.Seq, last.Link), last.Response); err != nil {
		t.Errorf("openssl ts -verify: %v\n%s", err, out)
	}

	if err := s.SetTimestampURL(""); err != nil {
		t.Fatal(err)
	}
	n := srv.Requests()
	if _, err := s.Add(record.Fields{EventTime: time.Now(), Text: "after off"}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if srv.Requests() != n || status(t, s).URL != "" {
		t.Errorf("requests after turning off: %d, was %d", srv.Requests(), n)
	}
}

// Offline: the error is kept with the next retry; Stamp now retries at
// once (not after the long backoff); the URL and the last token survive
// a lock and unlock, and the Anchorer resumes by itself.
func TestTimestampsOfflineAndStampNow(t *testing.T) {
	srv := tsatest.New(t)
	fastAnchor(t, 10*time.Millisecond, time.Hour)
	s := newStore(t, "one")
	srv.SetMode(tsatest.Offline)
	if err := s.SetTimestampURL(srv.URL); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the failure", func() bool { return status(t, s).LastError != nil })
	st := status(t, s)
	if !errors.Is(st.LastError, tsa.ErrUnreachable) || !st.Pending || st.NextRetry.Before(time.Now().Add(50*time.Minute)) {
		t.Errorf("offline status %+v", st)
	}
	srv.SetMode(tsatest.Normal)
	if err := s.StampNow(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "stamp now", stampedHead(t, s))
	if st := status(t, s); st.LastError != nil || st.LastTime.IsZero() {
		t.Errorf("after stamp now: %+v", st)
	}

	// Lock (Close) and unlock: the Anchorer stops, then resumes from the
	// vault's setting and stamps what was written meanwhile.
	path := s.Path()
	anchorTiming.delay = time.Hour // nothing is stamped before the lock
	if err := s.SetTimestampURL(srv.URL); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(record.Fields{EventTime: time.Now(), Text: "two"}); err != nil {
		t.Fatal(err)
	}
	if st := status(t, s); !st.Pending || st.LastSeq == st.HeadSeq {
		t.Fatalf("before the lock: %+v", st)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	anchorTiming.delay = 10 * time.Millisecond
	st2, err := Vaults{KDF: seal.LowCost}.Open(path, []byte("violet harbour pencil thunder"))
	if err != nil {
		t.Fatal(err)
	}
	s2 := st2.(*Store)
	defer s2.Close()
	if got := status(t, s2); got.URL != srv.URL || got.LastSeq == 0 {
		t.Errorf("after unlock: %+v", got)
	}
	eventually(t, "the record written before the lock stamped", stampedHead(t, s2))
}

// A finished recording (null microphone) is stamped too.
func TestTimestampsAfterRecording(t *testing.T) {
	srv := tsatest.New(t)
	fastAnchor(t, 10*time.Millisecond, 50*time.Millisecond)
	s := newStore(t, "one")
	s.backend = audio.Null
	if err := s.SetTimestampURL(srv.URL); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the first record stamped", stampedHead(t, s))
	before := status(t, s)
	rec, err := s.StartRecording(1, record.Fields{})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if _, err := rec.Stop(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the recording stamped", stampedHead(t, s))
	if after := status(t, s); after.LastSeq <= before.LastSeq {
		t.Errorf("last stamped %d, was %d", after.LastSeq, before.LastSeq)
	}
}
