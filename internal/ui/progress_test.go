package ui

import "testing"

// A job reporting faster than the Fyne thread redraws queues one refresh
// at a time, and the refresh shows the newest value.
func TestProgressQueuesOneRefresh(t *testing.T) {
	var queue []func()
	a := &App{do: func(f func()) { queue = append(queue, f) }}
	var p progress[byteCount]
	var shown []float64
	show := func() { shown = append(shown, p.latest().fraction()) }
	for i := int64(1); i <= 1000; i++ {
		p.report(a, byteCount{i, 1000}, show)
	}
	if len(queue) != 1 {
		t.Fatalf("%d refreshes queued, want 1", len(queue))
	}
	queue[0]()
	queue = queue[1:]
	p.report(a, byteCount{2000, 1000}, show)
	if len(queue) != 1 {
		t.Fatalf("after the refresh ran: %d queued, want 1", len(queue))
	}
	queue[0]()
	if len(shown) != 2 || shown[0] != 1 || shown[1] != 1 {
		t.Errorf("shown %v, want [1 1] (the newest value, capped at 1)", shown)
	}
	p.reset()
	if got := p.latest(); got != (byteCount{}) {
		t.Errorf("after reset: %+v", got)
	}
}
