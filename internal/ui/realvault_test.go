package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/pcm"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// realVaults is the desktop adapter (internal/desktop) rebuilt over the
// real encrypted vault with a cheap KDF. It lives here because desktop
// imports ui, so this in-package test cannot import desktop.
type realVaults struct{ dir string }

var _ Vaults = realVaults{}

func (v realVaults) DefaultPath() string { return filepath.Join(v.dir, "diary"+vault.Extension) }

func (realVaults) Exists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}

func (realVaults) Create(path string, pass []byte) (Store, string, error) {
	v, key, err := vault.Create(path, pass, vault.Options{KDF: seal.LowCost})
	if err != nil {
		return nil, "", err
	}
	return realStore{v}, key, nil
}

func (realVaults) Open(path string, pass []byte) (Store, error) {
	v, err := vault.Open(path)
	if err != nil {
		return nil, err
	}
	if err := v.Unlock(pass); err != nil {
		v.Close()
		return nil, err
	}
	return realStore{v}, nil
}

func (realVaults) Recover(path, key string, pass []byte) (Store, error) {
	v, err := vault.Open(path)
	if err != nil {
		return nil, err
	}
	if err := v.Recover(key, pass, seal.LowCost); err != nil {
		v.Close()
		return nil, err
	}
	return realStore{v}, nil
}

type realStore struct{ *vault.Vault }

// Drafts as desktop keeps them: versioned JSON in the sealed setting
// "ui.draft".
const realDraftSetting = "ui.draft"

func (s realStore) SaveDraft(d Draft) error {
	b, err := json.Marshal(struct {
		V int `json:"v"`
		Draft
	}{1, d})
	if err != nil {
		return err
	}
	return s.Vault.SetSetting(realDraftSetting, string(b))
}

func (s realStore) Draft() (Draft, bool, error) {
	v, ok, err := s.Vault.Setting(realDraftSetting)
	if err != nil || !ok {
		return Draft{}, false, err
	}
	var d Draft
	err = json.Unmarshal([]byte(v), &d)
	return d, err == nil, err
}

func (s realStore) ClearDraft() error { return s.Vault.SetSetting(realDraftSetting, "") }

var _ Store = realStore{}

func (s realStore) ChangePassphrase(old, new []byte) (string, error) {
	return s.Vault.RekeyPassphrase(old, new, seal.LowCost)
}

func (s realStore) NewRecoveryKey(pass []byte) (string, error) {
	return s.Vault.RekeyPassphrase(pass, pass, seal.LowCost)
}

// StartRecording: package ui may not link the audio system; recording
// with the real vault is tested through the adapter in internal/desktop.
func (s realStore) StartRecording(int64, record.Fields) (RecordingSession, error) {
	return nil, ErrNoAudioSystem
}

func (s realStore) Recordings(entryID int64) ([]RecordingInfo, error) {
	all, err := s.Vault.Recordings()
	var out []RecordingInfo
	for _, r := range all {
		if r.Start.EntryID == entryID {
			info := RecordingInfo{ID: r.ID, Started: r.Start.StartedAt, Duration: r.Duration, State: r.State, Markers: len(r.Markers)}
			ms, merr := s.Vault.Markers(r.ID)
			err = errors.Join(err, merr)
			for _, m := range ms {
				info.Marks = append(info.Marks, realMark(m))
			}
			out = append(out, info)
		}
	}
	return out, err
}

// realMark is desktop.Mark.
func realMark(m vault.Marker) Mark {
	out := Mark{ID: m.ID, At: m.At, Wall: m.Wall, Label: m.Current(), Placed: m.Label}
	for _, l := range m.Labels {
		out.History = append(out.History, MarkLabel{Label: l.Label, RecordedAt: l.RecordedAt})
	}
	return out
}

func (s realStore) LabelMarker(recordingID, markerID int64, label string) (Mark, error) {
	m, err := s.Vault.LabelMarker(recordingID, markerID, label)
	return realMark(m), err
}

func realAttachment(a vault.Attachment) AttachmentInfo {
	return AttachmentInfo{ID: a.ID, Name: a.Name, Size: a.Size, SHA256: a.SHA256, MediaType: a.MediaType,
		ImportedAt: a.ImportedAt, EntryID: a.EntryID}
}

func (s realStore) Import(ctx context.Context, path string, entryID int64, progress func(done, total int64)) (AttachmentInfo, error) {
	a, err := s.Vault.Import(path, entryID)
	return realAttachment(a), err
}

func (s realStore) Stats() (map[int64]EntryStats, error) {
	out := map[int64]EntryStats{}
	recs, err := s.Vault.Recordings()
	for _, r := range recs {
		st := out[r.Start.EntryID]
		st.Recordings++
		out[r.Start.EntryID] = st
	}
	atts, err2 := s.Vault.Attachments()
	for _, a := range atts {
		st := out[a.EntryID]
		st.Attachments++
		out[a.EntryID] = st
	}
	return out, errors.Join(err, err2)
}

// OpenPlayback plays into no device (package ui may not link the audio
// system) but reads the real sealed PCM for the waveform.
func (s realStore) OpenPlayback(id int64) (Playback, error) {
	src, err := s.Vault.OpenPCM(id)
	if err != nil {
		return nil, err
	}
	f := src.Format
	d := time.Duration(src.Size()/int64(f.BytesPerFrame())) * time.Second / time.Duration(f.SampleRate)
	return &fakePlayback{dur: d, peaks: func(n int) ([]float32, error) {
		return pcm.Peaks(src, src.Size(), f.Bits, f.Channels, n)
	}}, nil
}

func (s realStore) Attachments(entryID int64) ([]AttachmentInfo, error) {
	all, err := s.Vault.Attachments()
	var out []AttachmentInfo
	for _, a := range all {
		if a.EntryID == entryID {
			out = append(out, realAttachment(a))
		}
	}
	return out, err
}

func (s realStore) AttachmentBytes(id int64, max int64) ([]byte, error) {
	a, err := s.Vault.Attachment(id)
	if err != nil {
		return nil, err
	}
	if a.Size > max {
		return nil, ErrTooLarge
	}
	var b bytes.Buffer
	_, err = s.Vault.ExportAttachment(id, &b)
	return b.Bytes(), err
}

const realPass = "violet harbour pencil thunder"

// newRealHarness opens the app on an empty folder with the real vault.
func newRealHarness(t *testing.T, dir string) *harness {
	t.Helper()
	seal.TestUseLowCostKDF(t)
	return newHarness(t, realVaults{dir: dir}, Options{})
}

// createRealVault goes from the welcome screen to the empty timeline and
// returns the recovery key shown.
func createRealVault(t *testing.T, h *harness) string {
	t.Helper()
	if !h.hasText(i18n.T("ui.welcome.intro")) {
		t.Fatalf("no welcome screen; texts %q", h.texts())
	}
	h.tap("ui.welcome.create")
	c := h.a.cur.(*createScreen)
	test.Type(c.pass.first, realPass)
	test.Type(c.pass.second, realPass)
	c.pass.second.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	k, ok := h.a.cur.(*recoveryKeyScreen)
	if !ok {
		t.Fatalf("screen is %T, want recovery key; texts %q", h.a.cur, h.texts())
	}
	key := k.key
	if _, err := seal.ParseRecoveryKey(key); err != nil {
		t.Fatalf("recovery key %q: %v", key, err)
	}
	if !h.hasText(groupKey(key, 4)) {
		t.Error("recovery key not on screen")
	}
	if !h.button(i18n.T("ui.key.continue")).Disabled() {
		t.Error("continue enabled before the key was confirmed")
	}
	for _, o := range h.checks() {
		test.Tap(o)
	}
	h.tap("ui.key.continue")
	m, ok := h.a.cur.(*mainScreen)
	if !ok || !m.loaded || len(m.entries) != 0 || m.err != nil {
		t.Fatalf("after the key: screen %T; texts %q", h.a.cur, h.texts())
	}
	return key
}

// addEntry writes text through the form and saves it with Ctrl+S.
func addEntry(t *testing.T, h *harness, text string) *mainScreen {
	t.Helper()
	h.tap("ui.main.new")
	f := h.a.cur.(*formScreen)
	f.when.SetText("2026-03-31 09:15")
	f.place.SetText("Room 3")
	test.Type(f.text, text)
	h.tick("Power harassment")
	f.text.TypedShortcut(ctrlS)
	h.settle()
	m, ok := h.a.cur.(*mainScreen)
	if !ok {
		t.Fatalf("after save: screen %T; texts %q", h.a.cur, h.texts())
	}
	return m
}

// assertNoPlaintext fails if marker is in any file under dir.
func assertNoPlaintext(t *testing.T, dir, marker string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(marker)) {
			t.Errorf("%s holds %q in the clear", p, marker)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRealVaultCreateAddEditLockUnlock(t *testing.T) {
	dir := t.TempDir()
	h := newRealHarness(t, dir)
	createRealVault(t, h)
	path := filepath.Join(dir, "diary"+vault.Extension)
	if _, err := os.Stat(path); err != nil {
		t.Fatal("vault file:", err)
	}

	const marker = "MARKER-real-5d1e"
	m := addEntry(t, h, marker+" shouted at me")
	if len(m.entries) != 1 || m.entries[0].Text != marker+" shouted at me" || !h.hasText(marker+" shouted at me") {
		t.Fatalf("timeline %+v", m.entries)
	}
	id := m.entries[0].ID
	assertNoPlaintext(t, dir, marker)

	// Edit: the vault keeps both revisions.
	h.tap("ui.detail.edit")
	f := h.a.cur.(*formScreen)
	f.text.SetText(marker + " shouted at me twice")
	test.Type(f.reason, "it happened twice")
	h.tap("ui.form.save")
	m = h.a.cur.(*mainScreen)
	if len(m.entries) != 1 || m.entries[0].Rev != 2 || !firstRow(t, m).edited.Visible() {
		t.Fatalf("after edit %+v", m.entries)
	}
	h.tap("ui.detail.history")
	if !h.hasText(marker+" shouted at me") || !h.hasText("it happened twice") {
		t.Errorf("history screen lacks a revision; texts %q", h.texts())
	}

	// Ctrl+L locks and releases the file: another process could open it.
	h.w.Canvas().(fyne.Shortcutable).TypedShortcut(ctrlL)
	h.settle()
	if _, ok := h.a.cur.(*unlockScreen); !ok || h.a.store != nil {
		t.Fatalf("after Ctrl+L: screen %T", h.a.cur)
	}
	if h.hasText(marker) {
		t.Error("entry text survives the lock")
	}
	revs := history(t, path, id)
	if len(revs) != 2 || revs[0].Kind != record.KindCreate || revs[1].Kind != record.KindEdit ||
		revs[1].Reason != "it happened twice" || revs[0].Fields.Text != marker+" shouted at me" {
		t.Fatalf("vault history %+v", revs)
	}

	// The real passphrase opens it again.
	m = h.unlockWith(realPass)
	if len(m.entries) != 1 || m.entries[0].Text != marker+" shouted at me twice" {
		t.Fatalf("after unlock %+v", m.entries)
	}
	assertNoPlaintext(t, dir, marker)
}

func TestRealVaultDelete(t *testing.T) {
	dir := t.TempDir()
	h := newRealHarness(t, dir)
	createRealVault(t, h)
	addEntry(t, h, "MARKER-keep")
	m := addEntry(t, h, "MARKER-delete")
	id := m.entries[0].ID
	if m.entries[0].Text != "MARKER-delete" {
		t.Fatalf("selected %+v", m.entries[0])
	}
	h.tap("ui.detail.delete")
	test.Type(h.overlayEntry(), "duplicate")
	test.Tap(h.overlayButton(i18n.T("ui.delete.confirm")))
	h.settle()
	m = h.a.cur.(*mainScreen)
	if len(m.entries) != 1 || m.entries[0].Text != "MARKER-keep" {
		t.Fatalf("timeline after delete %+v", m.entries)
	}
	h.a.Lock()
	revs := history(t, filepath.Join(dir, "diary"+vault.Extension), id)
	if len(revs) != 2 || revs[1].Kind != record.KindDelete || revs[1].Reason != "duplicate" || revs[0].Fields.Text != "MARKER-delete" {
		t.Fatalf("history after delete %+v", revs)
	}
}

func TestRealVaultWrongPassphrase(t *testing.T) {
	dir := t.TempDir()
	h := newRealHarness(t, dir)
	createRealVault(t, h)
	h.a.Lock()
	s := h.a.cur.(*unlockScreen)
	test.Type(s.pass, realPass+"x")
	h.tap("ui.unlock.button")
	if h.a.cur != s || h.a.store != nil || !h.hasText(i18n.T("ui.err.wrong_passphrase")) {
		t.Fatalf("wrong passphrase: screen %T; texts %q", h.a.cur, h.texts())
	}
	if s.pass.Text != "" {
		t.Error("wrong passphrase left in the field")
	}
	h.unlockWith(realPass)
}

// A second window on a vault that is open shows "in use", and nothing
// breaks for the first.
func TestRealVaultInUse(t *testing.T) {
	dir := t.TempDir()
	h := newRealHarness(t, dir)
	createRealVault(t, h)
	addEntry(t, h, "MARKER-first window")

	h2 := newHarness(t, realVaults{dir: dir}, Options{})
	s, ok := h2.a.cur.(*unlockScreen)
	if !ok {
		t.Fatalf("second window shows %T, want unlock", h2.a.cur)
	}
	test.Type(s.pass, realPass)
	h2.tap("ui.unlock.button")
	if h2.a.cur != s || h2.a.store != nil || !h2.hasText(i18n.T("ui.err.in_use")) {
		t.Fatalf("second open: screen %T; texts %q", h2.a.cur, h2.texts())
	}
	// The first window still works.
	m := addEntry(t, h, "MARKER-still works")
	if len(m.entries) != 2 {
		t.Errorf("first window after the second open: %+v", m.entries)
	}
	// Once the first locks, the second opens it.
	h.a.Lock()
	m = h2.unlockWith(realPass)
	if len(m.entries) != 2 {
		t.Errorf("second window: %+v", m.entries)
	}
}

// unlockWith types pass on the unlock screen and waits for the timeline.
func (h *harness) unlockWith(pass string) *mainScreen {
	h.t.Helper()
	s, ok := h.a.cur.(*unlockScreen)
	if !ok {
		h.t.Fatalf("screen is %T, want unlock", h.a.cur)
	}
	test.Type(s.pass, pass)
	s.pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	m, ok := h.a.cur.(*mainScreen)
	if !ok || !m.loaded || m.err != nil {
		h.t.Fatalf("after unlock: screen %T; texts %q", h.a.cur, h.texts())
	}
	return m
}

// history reads an entry's revisions straight from the vault file, the
// way another program would, while the app has it locked.
func history(t *testing.T, path string, id int64) []record.Revision {
	t.Helper()
	v, err := vault.Open(path)
	if err != nil {
		t.Fatal("open after lock:", err)
	}
	defer v.Close()
	if err := v.Unlock([]byte(realPass)); err != nil {
		t.Fatal(err)
	}
	revs, err := v.History(id)
	if err != nil {
		t.Fatal(err)
	}
	return revs
}

func (h *harness) checks() []*widget.Check {
	var out []*widget.Check
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok {
			out = append(out, c)
		}
	})
	return out
}

// tick taps the check box labelled label.
func (h *harness) tick(label string) {
	h.t.Helper()
	for _, c := range h.checks() {
		if c.Text == label {
			test.Tap(c)
			return
		}
	}
	h.t.Fatalf("no check box %q; texts %q", label, h.texts())
}
