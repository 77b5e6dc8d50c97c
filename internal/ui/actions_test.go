package ui

import (
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/assets"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

var (
	ctrlS = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierControl}
	ctrlL = &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierControl}
)

// Ctrl+S saves the form wherever the focus is, a multi-line entry included.
func TestSaveShortcut(t *testing.T) {
	tests := []struct {
		name  string
		press func(h *harness, f *formScreen)
	}{
		{"on the canvas", func(h *harness, f *formScreen) {
			h.w.Canvas().Unfocus()
			h.w.Canvas().(fyne.Shortcutable).TypedShortcut(ctrlS)
		}},
		{"in the multi-line text", func(h *harness, f *formScreen) { f.text.TypedShortcut(ctrlS) }},
		{"in a one-line field", func(h *harness, f *formScreen) { f.place.TypedShortcut(ctrlS) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, st := vaultWith()
			h := newHarness(t, v, Options{VaultPath: testPath})
			h.unlock()
			h.tap("ui.main.new")
			f := h.a.cur.(*formScreen)
			test.Type(f.text, "MARKER-saved by shortcut\nline two")
			tt.press(h, f)
			h.settle()
			m, ok := h.a.cur.(*mainScreen)
			if !ok {
				t.Fatalf("screen is %T after Ctrl+S, want main; texts %q", h.a.cur, h.texts())
			}
			if len(m.entries) != 1 || m.entries[0].Text != "MARKER-saved by shortcut\nline two" {
				t.Fatalf("entries %+v", m.entries)
			}
			if n := len(st.revisions(m.entries[0].ID)); n != 1 {
				t.Errorf("%d revisions", n)
			}
			// Outside the form Ctrl+S does nothing.
			h.w.Canvas().(fyne.Shortcutable).TypedShortcut(ctrlS)
			h.settle()
			if h.a.cur != m {
				t.Errorf("Ctrl+S on the timeline changed the screen to %T", h.a.cur)
			}
		})
	}
}

// An invalid form stays open on Ctrl+S, with the reason in view.
func TestSaveShortcutInvalid(t *testing.T) {
	v, st := vaultWith()
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	h.tap("ui.main.new")
	f := h.a.cur.(*formScreen)
	f.text.TypedShortcut(ctrlS)
	h.settle()
	if h.a.cur != f || len(st.revs) != 0 {
		t.Fatalf("empty form saved: screen %T, %d entries", h.a.cur, len(st.revs))
	}
	h.w.Content().Refresh() // the GL canvas relayouts each frame; the test canvas only when asked
	if g := f.errLabels["general"]; !g.Visible() || !onScreen(h, g) {
		t.Error("the note that nothing was saved is not in view")
	}
}

// Save and Cancel stay in view however long the form is: they are not
// inside the scroll, and they lie within the window.
func TestSaveAlwaysVisible(t *testing.T) {
	v, _ := vaultWith("MARKER-a")
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()
	m.list.Select(0)
	h.tap("ui.detail.edit") // the longest form: edit adds the reason field
	f := h.a.cur.(*formScreen)
	for range 6 {
		h.tap("ui.form.add_person")
	}
	h.w.Resize(fyne.NewSize(800, 500))
	var scroll *container.Scroll
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
		if s, ok := o.(*container.Scroll); ok && scroll == nil {
			scroll = s
		}
	})
	if scroll == nil {
		t.Fatal("form has no scroll")
	}
	if scroll.Content.MinSize().Height <= scroll.Size().Height {
		t.Fatalf("form fits without scrolling (%v in %v): test proves nothing", scroll.Content.MinSize(), scroll.Size())
	}
	cancel := h.button(i18n.T("ui.form.cancel"))
	for _, b := range []*widget.Button{f.saveBtn, cancel} {
		if b == nil {
			t.Fatal("button missing")
		}
		walk(scroll.Content, func(o fyne.CanvasObject) {
			if o == b {
				t.Errorf("%q scrolls with the form", b.Text)
			}
		})
		if !onScreen(h, b) {
			t.Errorf("%q is outside the window", b.Text)
		}
	}
	if !h.hasText(i18n.T("ui.form.save_hint", "Ctrl+S")) && !h.hasText(i18n.T("ui.form.save_hint", "Cmd+S")) {
		t.Error("no hint about the save shortcut")
	}
}

// onScreen reports whether o lies wholly inside the window.
func onScreen(h *harness, o fyne.CanvasObject) bool {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	win := h.w.Canvas().Size()
	return o.Visible() && pos.X >= 0 && pos.Y >= 0 &&
		pos.X+o.Size().Width <= win.Width && pos.Y+o.Size().Height <= win.Height && o.Size().Height > 0
}

// overlayButton finds a button in the dialogs on top of the window.
func (h *harness) overlayButton(label string) *widget.Button {
	var found *widget.Button
	for _, o := range h.w.Canvas().Overlays().List() {
		walk(o, func(o fyne.CanvasObject) {
			if b, ok := o.(*widget.Button); ok && found == nil && b.Text == label {
				found = b
			}
		})
	}
	return found
}

func (h *harness) overlayEntry() *textEntry {
	var found *textEntry
	for _, o := range h.w.Canvas().Overlays().List() {
		walk(o, func(o fyne.CanvasObject) {
			if e, ok := o.(*textEntry); ok && found == nil {
				found = e
			}
		})
	}
	return found
}

func TestDeleteEntry(t *testing.T) {
	v, st := vaultWith("MARKER-keep", "MARKER-delete me")
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()
	m.list.Select(0) // newest: "MARKER-delete me", id 2

	// Cancel changes nothing.
	h.tap("ui.detail.delete")
	if h.overlayButton(i18n.T("ui.delete.confirm")) == nil {
		t.Fatalf("no confirmation dialog; overlays %q", h.texts())
	}
	test.Tap(h.overlayButton(i18n.T("ui.form.cancel")))
	h.settle()
	if n := len(st.revisions(2)); n != 1 || h.w.Canvas().Overlays().Top() != nil {
		t.Fatalf("cancelled delete: %d revisions, dialog still open %v", n, h.w.Canvas().Overlays().Top() != nil)
	}

	h.tap("ui.detail.delete")
	test.Type(h.overlayEntry(), "written twice")
	test.Tap(h.overlayButton(i18n.T("ui.delete.confirm")))
	h.settle()

	revs := st.revisions(2)
	if len(revs) != 2 || revs[1].Kind != record.KindDelete || revs[1].Reason != "written twice" {
		t.Fatalf("revisions after delete %+v", revs)
	}
	m, ok := h.a.cur.(*mainScreen)
	if !ok {
		t.Fatalf("screen %T", h.a.cur)
	}
	if len(m.entries) != 1 || m.entries[0].Text != "MARKER-keep" {
		t.Fatalf("timeline after delete %+v", m.entries)
	}
	if h.hasText("MARKER-delete me") {
		t.Error("deleted entry still shown")
	}
	if !h.hasText(i18n.T("ui.delete.done")) {
		t.Errorf("no note that the entry was deleted; texts %q", h.texts())
	}
}

// A failed delete leaves the entry and says why.
func TestDeleteEntryFails(t *testing.T) {
	v, st := vaultWith("MARKER-a")
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()
	m.list.Select(0)
	h.tap("ui.detail.delete")
	st.Close() // the store refuses from now on
	test.Tap(h.overlayButton(i18n.T("ui.delete.confirm")))
	h.settle()
	if h.a.cur != m || !h.hasText(i18n.T("ui.err.locked")) {
		t.Errorf("screen %T, texts %q", h.a.cur, h.texts())
	}
	if n := len(st.revisions(1)); n != 1 {
		t.Errorf("%d revisions", n)
	}
}

// Every glyph fits in its line: Fyne draws each line of text into a box
// exactly as tall as the font's line metrics, so a glyph reaching past
// them is cut (IPAex's own metrics cut "g", "y", "p"). The ink drawn in
// the theme's line box must match the ink drawn in a far taller one.
func TestThemeLineBoxHoldsGlyphs(t *testing.T) {
	test.NewTempApp(t)
	roomy := fyne.NewStaticResource("roomy.ttf", withLineMetrics(assets.FontGothic, 2600, -1200))
	for _, s := range []string{"gjpqy_|", "ÅÉ|記録ぎ", "anywhere.", "（ぎょ）"} {
		for _, size := range []float32{12, 14, 24, 40} {
			got, want := ink(t, fontGothic, s, size), ink(t, roomy, s, size)
			if got < want*0.995 {
				t.Errorf("%q at %v: %.0f of %.0f units of ink drawn: glyphs are cut", s, size, got, want)
			}
		}
	}
	// The check can fail: with IPAex's own metrics descenders are cut.
	own := fyne.NewStaticResource("own.ttf", assets.FontGothic)
	if got, want := ink(t, own, "gjpqy", 14), ink(t, roomy, "gjpqy", 14); got >= want*0.98 {
		t.Errorf("IPAex's own metrics drew %.0f of %.0f: the test cannot see clipping", got, want)
	}
}

// ink draws s with font at size, as Fyne does, and sums its darkness.
func ink(t *testing.T, font fyne.Resource, s string, size float32) float64 {
	txt := canvas.NewText(s, color.Black)
	txt.FontSource = font
	txt.TextSize = size
	txt.Resize(txt.MinSize())
	txt.Move(fyne.NewPos(10, 10))
	bg := canvas.NewRectangle(color.White)
	bg.Resize(txt.MinSize().AddWidthHeight(20, 20))
	w := test.NewTempWindow(t, container.NewWithoutLayout(bg, txt))
	w.SetPadded(false)
	w.Resize(bg.Size())
	img := w.Canvas().Capture()
	var sum float64
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			sum += float64(255 - color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y)
		}
	}
	return sum
}

func TestWithLineMetrics(t *testing.T) {
	if got := withLineMetrics([]byte("not a font"), 1, -1); string(got) != "not a font" {
		t.Error("non-font bytes changed")
	}
	if !strings.HasPrefix(string(fontGothic.Content()[:4]), "\x00\x01\x00\x00") {
		t.Error("themed font is not TrueType")
	}
}

// Ctrl+N opens a new entry from the timeline, and only there: in the form
// it would throw away what is typed.
func TestNewEntryShortcut(t *testing.T) {
	ctrlN := &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierControl}
	v, _ := vaultWith("MARKER-a")
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.w.Canvas().(fyne.Shortcutable).TypedShortcut(ctrlN)
	h.settle()
	if _, ok := h.a.cur.(*unlockScreen); !ok {
		t.Fatalf("Ctrl+N while locked: screen %T", h.a.cur)
	}
	m := h.unlock()
	m.list.Select(0)
	h.tap("ui.detail.delete")
	h.overlayEntry().TypedShortcut(ctrlN) // in the delete dialog's reason field
	h.settle()
	if h.a.cur != m {
		t.Fatalf("Ctrl+N under the delete dialog: screen %T", h.a.cur)
	}
	test.Tap(h.overlayButton(i18n.T("ui.form.cancel")))
	h.w.Canvas().(fyne.Shortcutable).TypedShortcut(ctrlN)
	h.settle()
	f, ok := h.a.cur.(*formScreen)
	if !ok {
		t.Fatalf("Ctrl+N on the timeline: screen %T", h.a.cur)
	}
	test.Type(f.text, "MARKER-draft")
	f.text.TypedShortcut(ctrlN)
	h.settle()
	if h.a.cur != f || f.text.Text != "MARKER-draft" {
		t.Errorf("Ctrl+N in the form: screen %T, text %q", h.a.cur, f.text.Text)
	}
}

// The welcome screen's first action has the keyboard focus, so Space
// creates a vault; the unlock screen focuses the passphrase.
func TestStartFocus(t *testing.T) {
	h := newHarness(t, newFakeVaults(), Options{})
	h.settle()
	s := h.a.cur.(*unlockScreen)
	if s.createBtn == nil || h.w.Canvas().Focused() != s.createBtn {
		t.Fatalf("welcome focus %T", h.w.Canvas().Focused())
	}
	s.createBtn.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	h.settle()
	c, ok := h.a.cur.(*createScreen)
	if !ok || h.w.Canvas().Focused() != c.pass.first {
		t.Fatalf("after Space: screen %T, focus %T", h.a.cur, h.w.Canvas().Focused())
	}

	v, _ := vaultWith("MARKER-a")
	h = newHarness(t, v, Options{VaultPath: testPath})
	h.settle()
	if u := h.a.cur.(*unlockScreen); h.w.Canvas().Focused() != u.pass {
		t.Errorf("unlock focus %T", h.w.Canvas().Focused())
	}
}
