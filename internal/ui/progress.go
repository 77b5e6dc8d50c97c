package ui

import "sync"

// progress carries the newest progress report of a long job (an import,
// an export, a backup, a restore), which runs on a goroutine, to the Fyne
// thread. The job calls report as often as it likes; at most one refresh
// waits for the Fyne thread at a time and it shows the newest value, so a
// fast job never floods the event queue.
type progress[T any] struct {
	mu     sync.Mutex
	val    T
	queued bool // a refresh is waiting for the Fyne thread
}

// report keeps v and, unless a refresh is already waiting, runs show on
// the Fyne thread (through a.do); show reads the value with latest.
func (p *progress[T]) report(a *App, v T, show func()) {
	p.mu.Lock()
	p.val = v
	queue := !p.queued
	p.queued = true
	p.mu.Unlock()
	if !queue {
		return
	}
	a.onUI(func() {
		p.mu.Lock()
		p.queued = false
		p.mu.Unlock()
		show()
	})
}

// latest is the newest value reported.
func (p *progress[T]) latest() T {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.val
}

// reset forgets the value, for a new run of the job.
func (p *progress[T]) reset() {
	p.mu.Lock()
	var zero T
	p.val = zero
	p.mu.Unlock()
}

// byteCount is the progress of a job that reads or writes bytes.
type byteCount struct{ done, total int64 }

// fraction is how much is done, from 0 to 1.
func (b byteCount) fraction() float64 {
	if b.total <= 0 {
		return 0
	}
	return min(float64(b.done)/float64(b.total), 1)
}
