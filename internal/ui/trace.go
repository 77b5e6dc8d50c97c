package ui

import (
	"fmt"
	"os"
	"time"
)

// With KIROKU_TRACE=1 the app prints when each screen has been drawn, for
// `make bench` (process start to the unlock screen; unlock to a timeline of
// 10,000 entries). Only screen type names and times: never any content.
var tracing = os.Getenv("KIROKU_TRACE") == "1"

// trace is the app's tracer (one app per process).
var trace tracer

type tracer struct {
	unlockedAt time.Time // when the key derivation finished
}

// unlockedNow marks the end of the key derivation.
func (t *tracer) unlockedNow() {
	if tracing {
		t.unlockedAt = time.Now()
	}
}

// drawn renders the window's canvas (so the time includes the first paint
// of the new content) and prints the trace line.
func (t *tracer) drawn(a *App) {
	if !tracing || a.cur == nil {
		return
	}
	a.win.Canvas().Capture()
	loaded := true
	if m, ok := a.cur.(*mainScreen); ok {
		loaded = m.loaded
	}
	since := int64(-1)
	if !t.unlockedAt.IsZero() {
		since = time.Since(t.unlockedAt).Microseconds()
	}
	fmt.Fprintf(os.Stderr, "kiroku-trace drawn %T loaded=%v unix_ns=%d since_unlock_us=%d\n", a.cur, loaded, time.Now().UnixNano(), since)
}
