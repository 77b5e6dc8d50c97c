package ui

import "testing"

// A background job that ends after the window closed draws nothing: its
// result is dropped. (A re-key that finished after the window closed
// drew on a window without a GL context and crashed the app, in CI.)
func TestLateResultAfterShutdownDropped(t *testing.T) {
	v, _ := vaultWith("one")
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	ran := false
	release := make(chan struct{})
	h.a.background(func() func() {
		<-release
		return func() { ran = true }
	})
	h.a.shutdown() // the window closes while the job runs
	close(release)
	h.a.pending.Wait()
	for _, f := range h.queue.drain() {
		f()
	}
	if ran {
		t.Fatal("a result arriving after shutdown ran on the UI")
	}
}
