package ui

import (
	"testing"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

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

// The window does not close while a re-key runs: once it ends, the old
// recovery key no longer opens the vault, so the new one must be shown.
// The user is told to wait; after the key is shown, the window closes.
func TestCloseWaitsForRekey(t *testing.T) {
	v, _ := vaultWith("one")
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	closed := false
	h.a.closeWin = func() { closed = true }
	release := make(chan struct{})
	h.a.rekeyBackground(h.a.store, "", "ui.settings.passwd_done",
		func(app.Store) (string, error) { <-release; return "ABCD-EFGH", nil }, func(error) {}, func() {})
	h.a.requestClose()
	if closed || !h.hasText(i18n.T("ui.close.wait_rekey")) {
		t.Fatalf("closed %v during a re-key; texts %q", closed, h.texts())
	}
	close(release)
	h.settle()
	if _, ok := h.a.cur.(*recoveryKeyScreen); !ok {
		t.Fatalf("after the re-key: screen %T", h.a.cur)
	}
	h.a.requestClose()
	if !closed {
		t.Fatal("the window did not close once the key was shown")
	}
}
