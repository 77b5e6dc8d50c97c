package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

var (
	ctrlR = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierControl}
	ctrlM = &desktop.CustomShortcut{KeyName: fyne.KeyM, Modifier: fyne.KeyModifierControl}
)

func (h *harness) shortcut(s fyne.Shortcut) {
	h.w.Canvas().(fyne.Shortcutable).TypedShortcut(s)
	h.settle()
}

// Ctrl+R records into the selected entry; the bar counts time, shows the
// level, takes markers, and Stop lists the recording under the entry.
func TestRecordSelectedEntry(t *testing.T) {
	v, st := vaultWith("MARKER-old", "MARKER-meeting")
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()
	m.list.Select(0) // newest: "MARKER-meeting", id 2
	h.settle()
	if !h.hasText(i18n.T("ui.rec.none")) {
		t.Errorf("detail does not say there are no recordings; texts %q", h.texts())
	}

	h.shortcut(ctrlR)
	r := h.a.rec
	if r == nil || r.entryID != 2 {
		t.Fatalf("not recording into entry 2: %+v; texts %q", r, h.texts())
	}
	h.shortcut(ctrlR) // a second press starts nothing more
	if n := len(st.recordings()); n != 1 {
		t.Fatalf("%d recordings after pressing Ctrl+R twice", n)
	}
	if !h.hasText(i18n.T("ui.rec.recording")) || h.button(i18n.T("ui.rec.stop")) == nil {
		t.Fatalf("no recording bar; texts %q", h.texts())
	}

	h.clock.Advance(3*time.Second + 200*time.Millisecond)
	h.a.tickRecording()
	if got := r.elapsed.Text; got != "00:03" {
		t.Errorf("elapsed %q, want 00:03", got)
	}
	if r.meter.Value <= 0 || r.meter.Value >= 1 {
		t.Errorf("meter %v for peak 0.2", r.meter.Value)
	}
	sess := st.session(0)
	sess.setLevel(0, 0)
	h.a.tickRecording()
	if r.meter.Value != 0 {
		t.Errorf("meter %v for silence", r.meter.Value)
	}

	h.shortcut(ctrlM)
	test.Type(r.label, "he shouted")
	r.label.TypedShortcut(ctrlM) // Ctrl+M works while typing the label
	h.settle()
	if r.label.Text != "" {
		t.Errorf("label %q kept after the marker", r.label.Text)
	}
	if !h.hasText(i18n.T("ui.rec.info", 2, "Ctrl+M")) {
		t.Errorf("marker count not shown; texts %q", h.texts())
	}

	// Pause: the clock stops.
	h.tap("ui.rec.pause")
	h.clock.Advance(10 * time.Second)
	h.a.tickRecording()
	if r.elapsed.Text != "00:03" || !h.hasText(i18n.T("ui.rec.paused")) {
		t.Errorf("paused: elapsed %q; texts %q", r.elapsed.Text, h.texts())
	}
	h.tap("ui.rec.resume")
	h.clock.Advance(2 * time.Second)

	h.tap("ui.rec.stop")
	if h.a.Recording() {
		t.Fatal("still recording after Stop")
	}
	recs := st.recordings()
	if len(recs) != 1 || recs[0].entryID != 2 || recs[0].info.State != record.StateComplete ||
		strings.Join(recs[0].labels, "|") != "|he shouted" || recs[0].info.Duration != 5200*time.Millisecond {
		t.Fatalf("recordings %+v", recs)
	}
	if !h.hasText(i18n.T("ui.rec.saved", "00:05", 2)) {
		t.Errorf("no note that it was saved; texts %q", h.texts())
	}
	m = h.a.cur.(*mainScreen)
	if m.selected != 2 {
		t.Errorf("selected %d after Stop, want 2", m.selected)
	}
	if !h.hasText(i18n.T("ui.rec.row_meta", 2, strings.Repeat("0", 16)+"…")) {
		t.Errorf("recording not listed under the entry; texts %q", h.texts())
	}
	if got := len(st.revisions(2)); got != 1 {
		t.Errorf("entry has %d revisions: recording must not edit it", got)
	}
}

// With no entry selected, and from the new-entry form, the recording goes
// into a new "Audio note" entry at the time recording started.
func TestRecordNewEntry(t *testing.T) {
	tests := []struct {
		name  string
		start func(h *harness)
	}{
		{"timeline, nothing selected", func(h *harness) { h.shortcut(ctrlR) }},
		{"record button", func(h *harness) {
			test.Tap(h.button(i18n.T("ui.rec.record", "Ctrl+R")))
			h.settle()
		}},
		{"new-entry form", func(h *harness) {
			h.tap("ui.main.new")
			f := h.a.cur.(*formScreen)
			test.Type(f.text, "MARKER-draft")
			f.text.TypedShortcut(ctrlR)
			h.settle()
			if h.a.cur != f || f.text.Text != "MARKER-draft" {
				t.Errorf("form left or draft lost: %T %q", h.a.cur, f.text.Text)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, st := vaultWith("MARKER-old")
			h := newHarness(t, v, Options{VaultPath: testPath})
			h.unlock()
			start := h.clock.Now()
			tt.start(h)
			if h.a.rec == nil {
				t.Fatalf("not recording; texts %q", h.texts())
			}
			id := h.a.rec.entryID
			e, err := st.Entry(id)
			if err != nil || id == 1 || e.Text != i18n.T("ui.rec.audio_note") || !e.EventTime.Equal(start) {
				t.Fatalf("entry %d: %+v, %v", id, e, err)
			}
			h.clock.Advance(4 * time.Second)
			h.a.StopRecording()
			h.settle()
			recs := st.recordings()
			if len(recs) != 1 || recs[0].entryID != id || recs[0].info.Duration != 4*time.Second {
				t.Fatalf("recordings %+v", recs)
			}
		})
	}
}

// Ctrl+R from the form of an existing entry records into that entry.
func TestRecordFromEditForm(t *testing.T) {
	v, st := vaultWith("MARKER-old")
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()
	m.list.Select(0)
	h.tap("ui.detail.edit")
	f := h.a.cur.(*formScreen)
	f.place.TypedShortcut(ctrlR)
	h.settle()
	if h.a.rec == nil || h.a.rec.entryID != 1 {
		t.Fatalf("not recording into entry 1: %+v", h.a.rec)
	}
	// The bar stays while moving between screens.
	h.tap("ui.form.cancel")
	if h.button(i18n.T("ui.rec.stop")) == nil {
		t.Fatal("recording bar gone after leaving the form")
	}
	h.tap("ui.rec.stop")
	if recs := st.recordings(); len(recs) != 1 || recs[0].entryID != 1 {
		t.Fatalf("recordings %+v", recs)
	}
}

// Locking while recording stops and saves the recording first; idle time
// does not lock while recording.
func TestLockWhileRecording(t *testing.T) {
	tests := []struct {
		name string
		lock func(h *harness)
	}{
		{"ctrl+L", func(h *harness) { h.shortcut(ctrlL) }},
		{"ctrl+L in the marker label", func(h *harness) { h.a.rec.label.TypedShortcut(ctrlL) }},
		{"lock button", func(h *harness) { h.tapLock() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, st := vaultWith("MARKER-secret")
			h := newHarness(t, v, Options{VaultPath: testPath, AutoLock: time.Minute})
			m := h.unlock()
			m.list.Select(0)
			h.shortcut(ctrlR)
			for range 5 {
				h.clock.Advance(time.Minute)
				h.a.tickRecording()
				h.a.checkIdle()
			}
			if h.a.store == nil || !h.a.Recording() {
				t.Fatal("auto-locked while recording")
			}
			tt.lock(h)
			h.settle()
			if _, ok := h.a.cur.(*unlockScreen); !ok || !st.isClosed() {
				t.Fatalf("not locked: %T", h.a.cur)
			}
			recs := st.recordings()
			if len(recs) != 1 || recs[0].info.State != record.StateComplete || recs[0].info.Duration != 5*time.Minute {
				t.Fatalf("recording not saved before locking: %+v", recs)
			}
			if h.a.Recording() || h.hasText(i18n.T("ui.rec.stop")) {
				t.Error("recording bar survives the lock")
			}
			h.unlock()
			if h.hasText(i18n.T("ui.rec.stop")) || h.hasText(i18n.T("ui.rec.dismiss")) {
				t.Errorf("recording bar after unlocking; texts %q", h.texts())
			}
		})
	}
}

// Idle auto-lock comes back once the recording is stopped.
func TestIdleLockAfterRecording(t *testing.T) {
	v, _ := vaultWith("MARKER-a")
	h := newHarness(t, v, Options{VaultPath: testPath, AutoLock: time.Minute})
	h.unlock()
	h.shortcut(ctrlR)
	h.clock.Advance(10 * time.Minute)
	h.a.checkIdle()
	h.a.StopRecording()
	h.settle()
	h.clock.Advance(59 * time.Second)
	h.a.checkIdle()
	if h.a.store == nil {
		t.Fatal("locked at once after a long recording")
	}
	h.clock.Advance(time.Second)
	h.a.checkIdle()
	if h.a.store != nil {
		t.Fatal("not locked a minute after the recording")
	}
}

// No microphone: a sentence, no entry made, and the app goes on.
func TestRecordNoMicrophone(t *testing.T) {
	v, st := vaultWith("MARKER-a")
	st.recErr = app.ErrNoMicrophone
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	h.shortcut(ctrlR)
	if h.a.Recording() {
		t.Fatal("recording without a microphone")
	}
	if !h.hasText(i18n.T("ui.err.no_microphone")) {
		t.Fatalf("no message; texts %q", h.texts())
	}
	if ents, _ := st.Entries(); len(ents) != 1 {
		t.Errorf("%d entries: a failed recording must not leave an empty one", len(ents))
	}
	h.shortcut(ctrlM) // nothing to mark; nothing breaks
	h.tap("ui.rec.dismiss")
	if h.hasText(i18n.T("ui.err.no_microphone")) {
		t.Error("message not dismissed")
	}
	// Japanese too.
	st.recErr = app.ErrMicrophoneDenied
	h.a.SetLanguage("ja")
	h.shortcut(ctrlR)
	if !h.hasText(i18n.T("ui.err.mic_denied")) {
		t.Fatalf("no Japanese message; texts %q", h.texts())
	}
	// Once a microphone is there, recording works.
	st.recErr = nil
	h.shortcut(ctrlR)
	if !h.a.Recording() {
		t.Fatal("cannot record after the error")
	}
}

// An unplugged microphone ends the recording: what was recorded is kept
// and the user is told.
func TestRecordDeviceLost(t *testing.T) {
	v, st := vaultWith("MARKER-a")
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()
	m.list.Select(0)
	h.shortcut(ctrlR)
	h.clock.Advance(7 * time.Second)
	st.session(0).lose()
	h.a.tickRecording()
	h.settle()
	if h.a.Recording() {
		t.Fatal("still recording after the microphone was lost")
	}
	want := i18n.T("ui.rec.kept", "00:07", i18n.T("ui.err.mic_lost"))
	if !h.hasText(want) {
		t.Fatalf("no message %q; texts %q", want, h.texts())
	}
	if recs := st.recordings(); len(recs) != 1 || recs[0].info.Duration != 7*time.Second {
		t.Fatalf("recordings %+v", recs)
	}
}

func TestFormatElapsed(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{0, "00:00"}, {999 * time.Millisecond, "00:00"}, {61 * time.Second, "01:01"},
		{59*time.Minute + 59*time.Second, "59:59"}, {3*time.Hour + 2*time.Minute + 1*time.Second, "3:02:01"},
		{-time.Second, "00:00"},
	} {
		if got := formatElapsed(tt.d); got != tt.want {
			t.Errorf("formatElapsed(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
