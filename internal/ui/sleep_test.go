package ui

import (
	"testing"
	"time"
	"unsafe"

	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// timeLayout mirrors time.Time's fields (wall, ext, loc). A time read with
// time.Now carries a monotonic reading in ext and hasMonotonic in wall's top
// bit, with wall seconds since 1885 in the 33 bits above the 30 bits of
// nanoseconds. Only a test reaches in: it is the one way to build a time whose
// monotonic and wall readings disagree, which is what a suspend produces.
type timeLayout struct {
	wall uint64
	ext  int64
	loc  *time.Location
}

const (
	hasMonotonic = 1 << 63
	wallShift    = 30
)

// suspended returns t as a clock reads it after the machine slept for d:
// the wall clock moved on by d, the monotonic clock (which stops during
// suspend on Linux and macOS) did not.
func suspended(t *testing.T, at time.Time, d time.Duration) time.Time {
	t.Helper()
	p := (*timeLayout)(unsafe.Pointer(&at))
	if p.wall&hasMonotonic == 0 {
		t.Fatal("time without a monotonic reading")
	}
	p.wall += uint64(int64(d/time.Second)) << wallShift
	// If Go ever changes the layout, say so rather than test nothing.
	orig := *(*time.Time)(unsafe.Pointer(&timeLayout{wall: p.wall - uint64(int64(d/time.Second))<<wallShift, ext: p.ext, loc: p.loc}))
	if at.Sub(orig) != 0 || at.Round(0).Sub(orig.Round(0)) != d {
		t.Fatalf("time.Time layout changed: mono %v, wall %v", at.Sub(orig), at.Round(0).Sub(orig.Round(0)))
	}
	return at
}

func (c *fakeClock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Idle time counts the time the computer slept: the wall clock, not only
// Go's monotonic clock (which stops during suspend on Linux and macOS),
// and setting the wall clock back does not keep the vault open either.
func TestIdleCountsSuspend(t *testing.T) {
	tests := []struct {
		name  string
		after func(t *testing.T, last time.Time) time.Time
		lock  bool
	}{
		{"awake, under the idle time", func(_ *testing.T, last time.Time) time.Time { return last.Add(4 * time.Minute) }, false},
		{"awake, idle time reached", func(_ *testing.T, last time.Time) time.Time { return last.Add(5 * time.Minute) }, true},
		{"slept three hours, awake a second", func(t *testing.T, last time.Time) time.Time {
			return suspended(t, last.Add(time.Second), 3*time.Hour)
		}, true},
		{"slept four minutes, awake a minute", func(t *testing.T, last time.Time) time.Time {
			return suspended(t, last.Add(time.Minute), 3*time.Minute)
		}, false},
		{"wall clock set back an hour, idle time reached", func(t *testing.T, last time.Time) time.Time {
			return suspended(t, last.Add(5*time.Minute), -time.Hour)
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _ := vaultWith("MARKER-a")
			h := newHarness(t, v, Options{VaultPath: testPath})
			h.clock.set(time.Now()) // a real reading: it carries the monotonic clock
			h.unlock()
			last := h.a.lastActive
			h.clock.set(tt.after(t, last))
			h.a.checkIdle()
			h.settle()
			if locked := h.a.store == nil; locked != tt.lock {
				t.Fatalf("locked %v, want %v", locked, tt.lock)
			}
		})
	}
}

// The OS's word that the computer goes to sleep locks the vault at once,
// stopping and saving a recording first; a screen lock locks too, but
// waits for a recording, as idle time does.
func TestSystemEventLocks(t *testing.T) {
	tests := []struct {
		name   string
		ev     SystemEvent
		record bool
		lock   bool
	}{
		{"sleep", SystemSleep, false, true},
		{"screen lock", SystemScreenLock, false, true},
		{"sleep while recording", SystemSleep, true, true},
		{"screen lock while recording", SystemScreenLock, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var notify func(SystemEvent)
			stopped := false
			v, st := vaultWith("MARKER-secret")
			h := newHarness(t, v, Options{VaultPath: testPath, WatchSystem: func(n func(SystemEvent)) func() {
				notify = n
				return func() { stopped = true }
			}})
			m := h.unlock()
			if tt.record {
				m.list.Select(0)
				h.shortcut(ctrlR)
				h.clock.Advance(time.Minute)
				h.a.tickRecording()
			}
			notify(tt.ev) // as the watcher does, from outside the UI thread
			h.settle()
			if locked := h.a.store == nil; locked != tt.lock {
				t.Fatalf("locked %v, want %v", locked, tt.lock)
			}
			if tt.lock {
				if !st.isClosed() {
					t.Error("store not closed")
				}
				if !h.hasText(i18n.T("ui.unlock.system")) {
					t.Errorf("unlock screen does not say why; texts %q", h.texts())
				}
				if tt.record {
					recs := st.recordings()
					if len(recs) != 1 || recs[0].info.State != record.StateComplete {
						t.Fatalf("recording not saved before locking: %+v", recs)
					}
				}
				h.unlock()
				if h.hasText(i18n.T("ui.unlock.system")) {
					t.Error("the note outlives the unlock")
				}
			} else if !h.a.Recording() {
				t.Error("recording stopped by a screen lock")
			}
			h.a.shutdown()
			if !stopped {
				t.Error("watcher not stopped at shutdown")
			}
		})
	}
}
