package local_test

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/audio"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// A recording through the adapter with miniaudio's null device: every
// chunk lands in the vault, attached to the entry, with its markers.
func TestRecordingIntoRealVault(t *testing.T) {
	if testing.Short() {
		t.Skip("records 1.5 s of audio")
	}
	seal.TestUseLowCostKDF(t)
	d := local.Vaults{KDF: seal.LowCost, Backend: audio.Null}
	path := filepath.Join(t.TempDir(), "diary.kiroku")
	st, _, err := d.Create(path, []byte("violet harbour pencil thunder"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ev := time.Now().Add(-time.Minute)
	e, err := st.Add(record.Fields{EventTime: ev, Text: "Audio note"})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := st.StartRecording(e.ID, record.Fields{})
	if err != nil {
		t.Fatal(err)
	}
	if sess.EntryID() != e.ID {
		t.Errorf("EntryID() = %d, want %d", sess.EntryID(), e.ID)
	}
	time.Sleep(700 * time.Millisecond)
	sess.Pause()
	if !sess.Paused() {
		t.Error("Paused() = false after Pause")
	}
	sess.Resume()
	first, err := sess.Marker("")
	if err != nil {
		t.Fatal(err)
	}
	// Its words, typed while the recording goes on, are a label record.
	if m, err := st.LabelMarker(sess.ID(), first, "he threw the file"); err != nil || m.Label != "he threw the file" {
		t.Fatalf("labelling marker %d during the recording: %+v, %v", first, m, err)
	}
	time.Sleep(800 * time.Millisecond)
	if _, err := sess.Marker("he raised his voice"); err != nil {
		t.Fatal(err)
	}
	if el := sess.Elapsed(); el < time.Second {
		t.Errorf("Elapsed() = %v while recording 1.5 s", el)
	}
	res, err := sess.Stop()
	if err != nil {
		t.Fatal(err)
	}
	if res2, err2 := sess.Stop(); res2 != res || err2 != nil {
		t.Errorf("second Stop() = %+v, %v; want %+v, nil", res2, err2, res)
	}
	if _, err := sess.Marker("late"); err == nil {
		t.Error("Marker after Stop succeeded")
	}
	if res.ID == 0 || len(res.SHA256) != 64 {
		t.Errorf("result %+v", res)
	}
	if res.Duration < time.Second || res.Duration > 2*time.Second {
		t.Errorf("duration %v, want 1.5 s ± 0.5 s", res.Duration)
	}

	list, err := st.Recordings(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 {
		t.Fatalf("Recordings(%d) = %+v, want one", e.ID, list)
	}
	r := list[0]
	if r.ID != res.ID || r.State != record.StateComplete || r.Markers != 2 || r.SHA256 != res.SHA256 || r.Duration != res.Duration {
		t.Errorf("recording %+v, result %+v", r, res)
	}
	if other, err := st.Recordings(e.ID + 1); err != nil || len(other) != 0 {
		t.Errorf("Recordings of another entry = %+v, %v", other, err)
	}

	// The vault itself agrees: one complete recording of that entry, the
	// label typed during it kept, and every record checks.
	v := st.(*local.Store).Vault
	all, err := v.Recordings()
	if err != nil || len(all) != 1 || all[0].Start.EntryID != e.ID || all[0].State != record.StateComplete {
		t.Fatalf("vault recordings %+v, %v", all, err)
	}
	ms, err := v.Markers(res.ID)
	if err != nil || len(ms) != 2 || ms[0].ID != first || ms[0].Current() != "he threw the file" || ms[0].Label != "" {
		t.Fatalf("markers %+v, %v", ms, err)
	}
	if rep, err := v.Check(); err != nil || !rep.OK() {
		t.Fatalf("check after labelling during a recording: %+v, %v", rep, err)
	}
}

func TestStartRecordingErrors(t *testing.T) {
	seal.TestUseLowCostKDF(t)
	t.Setenv(local.EnvAudioBackend, "null")
	d := local.Vaults{KDF: seal.LowCost}
	st, _, err := d.Create(filepath.Join(t.TempDir(), "diary.kiroku"), []byte("violet harbour pencil thunder"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// An entry that does not exist: no recording is left behind.
	if _, err := st.StartRecording(99, record.Fields{}); err == nil {
		t.Fatal("recording attached to a missing entry")
	}
	// Entry 0: a new entry is made for the recording.
	sess, err := st.StartRecording(0, record.Fields{EventTime: time.Now(), Text: "Audio note"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := sess.Stop()
	if err != nil || res.ID == 0 {
		t.Fatalf("Stop() = %+v, %v", res, err)
	}
	if list, err := st.Recordings(sess.EntryID()); err != nil || len(list) != 1 || list[0].ID != res.ID {
		t.Errorf("Recordings(%d) = %+v, %v", sess.EntryID(), list, err)
	}
	if e, err := st.Entry(sess.EntryID()); err != nil || e.Text != "Audio note" {
		t.Errorf("new entry %+v, %v", e, err)
	}
	if list, err := st.Recordings(99); err != nil || len(list) != 0 {
		t.Errorf("Recordings = %+v, %v", list, err)
	}
	for _, tt := range []struct{ from, to error }{
		{audio.ErrNoDevice, app.ErrNoMicrophone},
		{audio.ErrDeviceLost, app.ErrMicrophoneLost},
		{audio.ErrPermissionDenied, app.ErrMicrophoneDenied},
		{audio.ErrNoBackend, app.ErrNoAudioSystem},
	} {
		if err := local.AudioError(tt.from); !errors.Is(err, tt.to) || !errors.Is(err, tt.from) {
			t.Errorf("AudioError(%v) = %v, want it to wrap %v", tt.from, err, tt.to)
		}
	}
}
