package ui

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/tsa"
)

// fakeTimestamps is Timestamps as the desktop adapter behaves, without a
// network: the test pushes status changes through the watcher.
type fakeTimestamps struct {
	app.Store
	mu      sync.Mutex
	status  app.TimestampStatus
	urls    []string
	stamps  int
	watcher func(app.TimestampStatus)
}

func (f *fakeTimestamps) TimestampStatus() (app.TimestampStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.status, nil
}

func (f *fakeTimestamps) SetTimestampURL(u string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if u != "" && u[:4] != "http" {
		return fmt.Errorf("%q: %w", u, apperr.ErrInvalidInput)
	}
	f.urls = append(f.urls, u)
	f.status.URL = u
	return nil
}

func (f *fakeTimestamps) StampNow() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stamps++
	return nil
}

func (f *fakeTimestamps) WatchTimestamps(w func(app.TimestampStatus)) func() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.watcher = w
	return func() {}
}

// push changes the status as the Anchorer's goroutine would.
func (f *fakeTimestamps) push(change func(*app.TimestampStatus)) {
	f.mu.Lock()
	change(&f.status)
	st, w := f.status, f.watcher
	f.mu.Unlock()
	go w(st) // from another goroutine, as in the app
}

func (h *harness) openSettings() {
	h.t.Helper()
	k, _ := NavKey("settings")
	h.shortcut(ctrl(fyne.KeyName(k)))
	if _, ok := h.a.cur.(*settingsScreen); !ok {
		h.t.Fatalf("screen %T, want settings", h.a.cur)
	}
}

// waitText settles until the screen shows s (a watcher's update arrives
// from another goroutine).
func (h *harness) waitText(s string) {
	h.t.Helper()
	for i := 0; i < 200; i++ {
		h.settle()
		if h.hasText(s) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.t.Fatalf("no %q on screen; texts %q", s, h.texts())
}

func TestTimestampSettings(t *testing.T) {
	v, _ := vaultWith("x", "y", "z")
	ft := &fakeTimestamps{status: app.TimestampStatus{HeadSeq: 3}}
	h := newHarness(t, wrapVaults{Vaults: v, wrap: func(st app.Store) app.Store { ft.Store = st; return ft }}, Options{VaultPath: testPath})
	h.unlock()
	h.openSettings()
	for _, key := range []string{"ui.settings.tsa", "ui.tsa.intro", "ui.tsa.privacy", "ui.tsa.status_off"} {
		if !h.hasText(i18n.T(key)) {
			t.Errorf("section lacks %s; texts %q", key, h.texts())
		}
	}
	if b := h.button(i18n.T("ui.tsa.stamp_now")); b == nil || !b.Disabled() {
		t.Error("Stamp now is enabled while timestamps are off")
	}
	url := func() *textEntry {
		var found *textEntry
		for _, e := range h.textEntries() {
			if e.PlaceHolder == "https://freetsa.org/tsr" {
				found = e
			}
		}
		if found == nil {
			t.Fatalf("no URL field; texts %q", h.texts())
		}
		return found
	}

	test.Type(url(), "ftp://example.org")
	h.tap("ui.tsa.save")
	if !h.hasText(i18n.T("ui.tsa.err.url")) {
		t.Errorf("a bad URL is not explained; texts %q", h.texts())
	}
	url().SetText("http://127.0.0.1:9/tsa")
	h.tap("ui.tsa.save")
	if len(ft.urls) != 1 || ft.urls[0] != "http://127.0.0.1:9/tsa" || !h.hasText(i18n.T("ui.tsa.saved")) ||
		!h.hasText(i18n.T("ui.tsa.status_on", "http://127.0.0.1:9/tsa")) {
		t.Errorf("saved %q; texts %q", ft.urls, h.texts())
	}
	if b := h.button(i18n.T("ui.tsa.stamp_now")); b == nil || b.Disabled() {
		t.Fatal("Stamp now is not enabled once timestamps are on")
	}

	// Live status from the Anchorer: a failure, then a success.
	retry := time.Date(2026, 4, 1, 15, 30, 0, 0, jst)
	ft.push(func(s *app.TimestampStatus) {
		s.Pending, s.LastError, s.NextRetry = true, fmt.Errorf("stamp: %w", tsa.ErrUnreachable), retry
	})
	h.waitText(i18n.T("ui.tsa.failed", i18n.T("ui.tsa.err.unreachable")) + " " + i18n.T("ui.tsa.retry", "15:30:00"))
	if !h.hasText(i18n.T("ui.tsa.pending", 3)) {
		t.Errorf("pending not shown; texts %q", h.texts())
	}
	h.tap("ui.tsa.stamp_now")
	if ft.stamps != 1 || !h.hasText(i18n.T("ui.tsa.stamping")) {
		t.Errorf("Stamp now: %d calls; texts %q", ft.stamps, h.texts())
	}
	signed := time.Date(2026, 4, 1, 6, 1, 2, 0, time.UTC)
	ft.push(func(s *app.TimestampStatus) {
		s.Pending, s.LastError, s.NextRetry, s.LastSeq, s.LastTime = false, nil, time.Time{}, 3, signed
	})
	h.waitText(i18n.T("ui.tsa.last", 3, formatDateTime(signed.In(jst), true)))
	if !h.hasText(i18n.T("ui.tsa.up_to_date")) || h.hasText(i18n.T("ui.tsa.err.unreachable")) {
		t.Errorf("after success; texts %q", h.texts())
	}

	// In Japanese too, then off.
	h.a.SetLanguage("ja")
	if !h.hasText(i18n.T("ui.settings.tsa")) {
		t.Errorf("no Japanese section title; texts %q", h.texts())
	}
	h.waitText(i18n.T("ui.tsa.up_to_date"))
	h.a.SetLanguage("en")
	h.settle()
	h.tap("ui.tsa.off")
	if ft.urls[len(ft.urls)-1] != "" || !h.hasText(i18n.T("ui.tsa.turned_off")) || !h.hasText(i18n.T("ui.tsa.status_off")) {
		t.Errorf("turn off: %q; texts %q", ft.urls, h.texts())
	}

	// A watcher's update after leaving the screen changes nothing.
	h.a.openNav(0)
	ft.push(func(s *app.TimestampStatus) { s.LastError = tsa.ErrRefused })
	time.Sleep(20 * time.Millisecond)
	h.settle()
	if _, ok := h.a.cur.(*mainScreen); !ok {
		t.Errorf("screen %T", h.a.cur)
	}
}

// A Store without timestamps (or a locked vault) says where the setting
// lives.
func TestTimestampSettingsUnavailable(t *testing.T) {
	v, _ := vaultWith("x")
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	h.openSettings()
	if !h.hasText(i18n.T("ui.tsa.locked")) || h.button(i18n.T("ui.tsa.save")) != nil {
		t.Errorf("texts %q", h.texts())
	}
}

func (h *harness) textEntries() []*textEntry {
	var out []*textEntry
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
		if e, ok := o.(*textEntry); ok {
			out = append(out, e)
		}
	})
	return out
}
