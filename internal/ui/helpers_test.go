package ui

import (
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

const (
	testPath = "/media/usb/diary.kiroku"
	testPass = "sakura umbrella lantern orbit"
	testKey  = "KRK1-TEST-KEY0-0000"
)

var jst = time.FixedZone("JST", 9*60*60)

// harness is one headless window driven against fakes.
type harness struct {
	t      *testing.T
	a      *App
	w      fyne.Window
	vaults app.Vaults
	clock  *fakeClock
	queue  uiQueue
}

// uiQueue stands in for the Fyne event loop: background work hands its
// results to it, and settle runs them on the test goroutine. (The test
// driver's fyne.Do runs them at once on the worker goroutine, which is
// not what the real app does and races with the test.)
type uiQueue struct {
	mu  sync.Mutex
	fns []func()
}

func (q *uiQueue) push(f func()) {
	q.mu.Lock()
	q.fns = append(q.fns, f)
	q.mu.Unlock()
}

func (q *uiQueue) drain() []func() {
	q.mu.Lock()
	defer q.mu.Unlock()
	fns := q.fns
	q.fns = nil
	return fns
}

// settle waits for background work and runs its results, until none is
// left.
func (h *harness) settle() {
	for {
		h.a.pending.Wait()
		fns := h.queue.drain()
		if len(fns) == 0 {
			return
		}
		for _, f := range fns {
			f()
		}
	}
}

// newHarness opens the app headlessly on any Vaults: the in-memory fake
// here, or the real vault in a temporary directory.
func newHarness(t *testing.T, v app.Vaults, opts Options) *harness {
	t.Helper()
	i18n.SetLanguage("en")
	t.Cleanup(func() { i18n.SetLanguage("en") })
	fa := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1000, 700))
	clock := &fakeClock{t: time.Date(2026, 4, 1, 15, 0, 0, 0, jst)}
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	if opts.Location == nil {
		opts.Location = jst
	}
	if fv, ok := v.(*fakeVaults); ok {
		for _, s := range fv.vaults {
			s.clock = clock.Now
		}
	}
	h := &harness{t: t, w: w, vaults: v, clock: clock}
	h.a = newApp(fa, w, v, opts)
	h.a.do = h.queue.push
	t.Cleanup(func() { h.settle(); h.a.shutdown() })
	return h
}

// vaultWith returns fakes holding one vault at testPath with the given
// entries' texts, events a day apart in March 2026 (the first oldest).
func vaultWith(texts ...string) (*fakeVaults, *fakeStore) {
	v := newFakeVaults()
	s := v.add(testPath, testPass, testKey)
	for i, text := range texts {
		ev := time.Date(2026, 3, 1+i, 10, 0, 0, 0, jst)
		s.put(record.Fields{EventTime: ev, EventZone: "Asia/Tokyo", Place: "Room 3", Text: text,
			Categories: []string{"power-harassment"}}, ev.Add(time.Hour))
	}
	return v, s
}

// unlock types the passphrase, presses Enter and waits for the timeline.
func (h *harness) unlock() *mainScreen {
	h.t.Helper()
	s, ok := h.a.cur.(*unlockScreen)
	if !ok {
		h.t.Fatalf("screen is %T, want unlock", h.a.cur)
	}
	test.Type(s.pass, testPass)
	s.pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	m, ok := h.a.cur.(*mainScreen)
	if !ok {
		h.t.Fatalf("after unlock screen is %T, want main; texts: %q", h.a.cur, h.texts())
	}
	return m
}

// tap taps the button labelled with the translation of key.
func (h *harness) tap(key string) {
	h.t.Helper()
	b := h.button(i18n.T(key))
	if b == nil {
		h.t.Fatalf("no button %q on screen %T; texts: %q", i18n.T(key), h.a.cur, h.texts())
	}
	test.Tap(b)
	h.settle()
}

func (h *harness) button(label string) *widget.Button {
	var found *widget.Button
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && found == nil && b.Text == label {
			found = b
		}
	})
	return found
}

// tapLock taps the menu's Lock button ("Lock  Ctrl+L").
func (h *harness) tapLock() {
	h.t.Helper()
	label := i18n.T("ui.nav.item", i18n.T("ui.main.lock"), shortcutName("L"))
	b := h.button(label)
	if b == nil {
		h.t.Fatalf("no button %q; texts: %q", label, h.texts())
	}
	test.Tap(b)
	h.settle()
}

// hyperlink returns the link with the text label, or nil.
func (h *harness) hyperlink(label string) *widget.Hyperlink {
	var found *widget.Hyperlink
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Hyperlink); ok && found == nil && l.Text == label {
			found = l
		}
	})
	return found
}

// texts returns every string the window's widget tree holds, visible or
// hidden, overlays (dialogs) included.
func (h *harness) texts() []string {
	var out []string
	objs := []fyne.CanvasObject{h.w.Canvas().Content()}
	objs = append(objs, h.w.Canvas().Overlays().List()...)
	for _, o := range objs {
		walk(o, func(o fyne.CanvasObject) {
			switch x := o.(type) {
			case *canvas.Text:
				out = append(out, x.Text)
			case *widget.Label:
				out = append(out, x.Text)
			case *scriptText:
				out = append(out, x.Text)
			case *widget.Entry:
				out = append(out, x.Text)
			case *textEntry:
				out = append(out, x.Text, x.PlaceHolder)
			case *widget.Button:
				out = append(out, x.Text)
			case *widget.Check:
				out = append(out, x.Text)
			case *widget.Select:
				out = append(out, x.Selected)
			case *widget.Accordion:
				for _, it := range x.Items {
					out = append(out, it.Title)
				}
			}
		})
	}
	return out
}

// marker returns the jump button of the player's marker at time at (as
// shown, "01:01") whose label, beside it, is label; nil if there is none.
func (h *harness) marker(at, label string) *widget.Button {
	var found *widget.Button
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
		c, ok := o.(*fyne.Container)
		if !ok || found != nil {
			return
		}
		var b *widget.Button
		var l *scriptText
		for _, x := range c.Objects {
			switch x := x.(type) {
			case *widget.Button:
				if x.Text == at {
					b = x
				}
			case *scriptText:
				if x.Text == label {
					l = x
				}
			}
		}
		if b != nil && l != nil {
			found = b
		}
	})
	return found
}

func (h *harness) hasText(sub string) bool {
	for _, s := range h.texts() {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// walk visits o and everything under it: container children, widget
// renderer objects and accordion details (closed ones too).
func walk(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	visit(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, visit)
		}
	case fyne.Widget:
		if acc, ok := x.(*widget.Accordion); ok {
			for _, it := range acc.Items {
				walk(it.Detail, visit)
			}
		}
		for _, c := range test.WidgetRenderer(x).Objects() {
			walk(c, visit)
		}
	}
}

func count[T any](o fyne.CanvasObject) int {
	n := 0
	walk(o, func(o fyne.CanvasObject) {
		if _, ok := o.(T); ok {
			n++
		}
	})
	return n
}
