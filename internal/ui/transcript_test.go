package ui

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// silentWAV is seconds of 8 kHz mono 16-bit silence as a WAV file.
func silentWAV(seconds int) []byte {
	data := 8000 * 2 * seconds
	b := make([]byte, 44+data)
	copy(b, "RIFF")
	binary.LittleEndian.PutUint32(b[4:], uint32(36+data))
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)
	binary.LittleEndian.PutUint16(b[20:], 1)
	binary.LittleEndian.PutUint16(b[22:], 1)
	binary.LittleEndian.PutUint32(b[24:], 8000)
	binary.LittleEndian.PutUint32(b[28:], 16000)
	binary.LittleEndian.PutUint16(b[32:], 2)
	binary.LittleEndian.PutUint16(b[34:], 16)
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], uint32(data))
	return b
}

// transcriptFixture is a real vault with an entry and an imported phone
// recording (a WAV of silence), its entry shown.
func transcriptFixture(t *testing.T, dir string) (*harness, realStore, int64, string) {
	t.Helper()
	h := newRealHarness(t, dir)
	createRealVault(t, h)
	st := h.a.store.(realStore)
	e, err := st.Add(record.Fields{EventTime: time.Date(2026, 3, 2, 9, 0, 0, 0, jst), EventZone: "Asia/Tokyo", Text: "面談で怒鳴られた"})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "面談.wav")
	if err := os.WriteFile(file, silentWAV(30), 0o600); err != nil {
		t.Fatal(err)
	}
	at, err := st.Import(context.Background(), file, e.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	h.a.showMainScreen(&mainScreen{a: h.a, selected: e.ID})
	h.settle()
	return h, st, e.ID, record.TranscriptAudioRef("attachment", at.ID)
}

// openTranscriptEditor taps the button and waits for the audio to open.
func openTranscriptEditor(t *testing.T, h *harness, key string) *transcriptScreen {
	t.Helper()
	h.tap(key)
	s, ok := h.a.cur.(*transcriptScreen)
	if !ok {
		t.Fatalf("screen %T; texts %q", h.a.cur, h.texts())
	}
	h.settle()
	if s.player == nil || s.player.pb == nil {
		t.Fatalf("the audio did not open; texts %q", h.texts())
	}
	return s
}

func ctrlShift(k fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift}
}

func alt(k fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierAlt}
}

// Five utterances by two speakers, typed with the keyboard only in the
// text field: Ctrl+T takes the start from the play position, Ctrl+K
// changes the speaker, Alt+1 types （聴取不能）, Ctrl+Enter ends the
// utterance at the play position and starts the next, Ctrl+S saves. The
// vault then holds exactly that. Editing one utterance makes revision 2,
// and revision 1 keeps its wording.
func TestTranscriptTypedWithKeys(t *testing.T) {
	h, st, entryID, ref := transcriptFixture(t, t.TempDir())
	s := openTranscriptEditor(t, h, "ui.tr.open")
	if h.a.cur != s || h.a.win.Canvas().Focused() != s.transcriber {
		t.Fatalf("the transcriber's name is not focused first: %T", h.a.win.Canvas().Focused())
	}
	test.Type(s.transcriber, "山田花子")
	test.Type(s.speakers[0].name, "本人")
	test.Type(s.speakers[1].name, "上司A")

	pb := s.player.pb
	seek := func(ms int64) {
		t.Helper()
		if err := pb.Seek(time.Duration(ms) * time.Millisecond); err != nil {
			t.Fatal(err)
		}
		if got := pb.Position().Milliseconds(); got != ms {
			t.Fatalf("seeked to %d ms, position %d", ms, got)
		}
	}
	key := func(sc fyne.Shortcut) {
		s := h.a.cur.(*transcriptScreen)
		s.text.TypedShortcut(sc)
		h.settle()
	}
	want := []record.Utterance{
		{StartMS: 1000, EndMS: 3500, Speaker: "B", Text: "お前なんか要らない"},
		{StartMS: 3500, EndMS: 5000, Speaker: "A", Text: "どういう意味ですか"},
		{StartMS: 5000, EndMS: 8200, Speaker: "B", Text: "（聴取不能）辞めろってことだよ"},
		{StartMS: 8200, EndMS: 9000, Speaker: "A", Text: "（沈黙）"},
		{StartMS: 9000, EndMS: 12500, Speaker: "B", Text: "明日から来なくていい"},
	}
	// Utterance 1: the boss (B) from 00:01.0.
	seek(1000)
	key(ctrl(fyne.KeyT))
	key(ctrl(fyne.KeyK)) // A -> B
	test.Type(s.text, "お前なんか要らない")
	seek(3500)
	key(ctrl(fyne.KeyReturn))
	// Utterance 2: the worker.
	s = h.a.cur.(*transcriptScreen)
	if s.start.Text != "00:03.5" || s.text.Text != "" || len(s.utts) != 1 {
		t.Fatalf("after Ctrl+Enter: start %q text %q, %d utterances", s.start.Text, s.text.Text, len(s.utts))
	}
	key(ctrl(fyne.KeyK)) // B -> A
	test.Type(s.text, "どういう意味ですか")
	seek(5000)
	key(ctrl(fyne.KeyReturn))
	// Utterance 3: B, starting with a notation.
	key(ctrl(fyne.KeyK))
	key(alt(fyne.Key1))
	test.Type(s.text, "辞めろってことだよ")
	seek(8200)
	key(ctrl(fyne.KeyReturn))
	// Utterance 4: A is silent.
	key(ctrl(fyne.KeyK))
	key(alt(fyne.Key3))
	seek(9000)
	key(ctrl(fyne.KeyReturn))
	// Utterance 5: B; the end taken with Ctrl+Shift+T, then saved.
	key(ctrl(fyne.KeyK))
	test.Type(s.text, "明日から来なくていい")
	seek(12500)
	key(ctrlShift(fyne.KeyT))
	if s.end.Text != "00:12.5" {
		t.Fatalf("Ctrl+Shift+T: end %q", s.end.Text)
	}
	key(ctrl(fyne.KeyS))
	h.settle()
	if _, ok := h.a.cur.(*mainScreen); !ok {
		t.Fatalf("after save: %T; texts %q", h.a.cur, h.texts())
	}
	list, err := st.AudioTranscripts(ref)
	if err != nil || len(list) != 1 {
		t.Fatalf("transcripts %+v (%v)", list, err)
	}
	hist, err := st.TranscriptHistory(list[0].TranscriptID)
	if err != nil || len(hist) != 1 {
		t.Fatalf("history %d (%v)", len(hist), err)
	}
	r1 := hist[0]
	if !reflect.DeepEqual(r1.Utterances, want) {
		t.Fatalf("saved utterances\n%+v\nwant\n%+v", r1.Utterances, want)
	}
	if r1.Transcriber != "山田花子" || r1.Lang != "ja" || !reflect.DeepEqual(r1.Speakers, []record.TranscriptSpeaker{{ID: "A", Name: "本人"}, {ID: "B", Name: "上司A"}}) {
		t.Fatalf("saved %q %q %+v", r1.Transcriber, r1.Lang, r1.Speakers)
	}
	// The entry lists it: by whom, when, lines and version.
	h.settle()
	by := i18n.T("ui.tr.by", "山田花子", formatDate(r1.RecordedAt.In(h.a.loc)), 1, 5)
	if !h.hasText(by) {
		t.Fatalf("the entry does not list the transcript %q; texts %q", by, h.texts())
	}

	// Revision 2: one utterance heard again.
	s = openTranscriptEditor(t, h, "ui.tr.edit")
	if s.transcriber.Text != "山田花子" {
		t.Errorf("the transcriber's name is not offered again: %q", s.transcriber.Text)
	}
	s.selectUtterance(2)
	h.settle()
	if got := s.player.pb.Position(); got != 5*time.Second {
		t.Errorf("selecting utterance 3 did not move playback to its start: %v", got)
	}
	s.text.SetText("辞めろってことだよ、分かるだろ")
	test.Type(s.reason, "聞き直した")
	s.text.TypedShortcut(ctrl(fyne.KeyS))
	h.settle()
	if _, ok := h.a.cur.(*mainScreen); !ok {
		t.Fatalf("after the second save: %T; texts %q", h.a.cur, h.texts())
	}
	hist, err = st.TranscriptHistory(list[0].TranscriptID)
	if err != nil || len(hist) != 2 {
		t.Fatalf("history %d (%v)", len(hist), err)
	}
	if hist[0].Utterances[2].Text != "（聴取不能）辞めろってことだよ" || hist[1].Utterances[2].Text != "辞めろってことだよ、分かるだろ" ||
		hist[1].Reason != "聞き直した" || hist[1].Rev != 2 || len(hist[1].Utterances) != 5 {
		t.Fatalf("revisions %+v", hist)
	}
	_ = entryID
}

// Work typed in the editor and not saved is kept, sealed, when the app
// locks; the next unlock opens the editor with it. Cancel then asks
// before throwing it away, and "Keep working" keeps it.
func TestTranscriptDraftKeptOnLockAndCancelAsks(t *testing.T) {
	h, st, _, ref := transcriptFixture(t, t.TempDir())
	s := openTranscriptEditor(t, h, "ui.tr.open")
	test.Type(s.transcriber, "山田")
	test.Type(s.text, "MARKER-反訳の途中")
	h.relockReal()
	s, ok := h.a.cur.(*transcriptScreen)
	if !ok {
		t.Fatalf("after unlock: %T; texts %q", h.a.cur, h.texts())
	}
	h.settle()
	if len(s.utts) != 1 || s.utts[0].Text != "MARKER-反訳の途中" || s.transcriber.Text != "山田" || s.ref != ref ||
		!h.hasText(i18n.T("ui.draft.restored")) || s.player == nil || s.player.pb == nil {
		t.Fatalf("draft not restored: %+v %q; texts %q", s.utts, s.transcriber.Text, h.texts())
	}
	st = h.a.store.(realStore)
	if list, _ := st.AudioTranscripts(ref); len(list) != 0 {
		t.Fatalf("a draft became a transcript: %+v", list)
	}

	// Cancel asks; "Keep working" stays.
	h.tap("ui.form.cancel")
	if h.w.Canvas().Overlays().Top() == nil || !h.hasText(i18n.T("ui.tr.discard_title")) {
		t.Fatalf("Cancel did not ask; texts %q", h.texts())
	}
	test.Tap(h.overlayButton(i18n.T("ui.tr.keep_working")))
	h.settle()
	if h.a.cur != s {
		t.Fatalf("Keep working left the editor: %T", h.a.cur)
	}
	h.tap("ui.form.cancel")
	test.Tap(h.overlayButton(i18n.T("ui.draft.discard")))
	h.settle()
	if _, ok := h.a.cur.(*mainScreen); !ok {
		t.Fatalf("after Discard: %T", h.a.cur)
	}
	if _, ok, err := st.TranscriptDraft(); ok || err != nil {
		t.Fatalf("draft still kept after Discard: %v %v", ok, err)
	}

	// Nothing typed: Cancel leaves at once.
	openTranscriptEditor(t, h, "ui.tr.open")
	h.tap("ui.form.cancel")
	if _, ok := h.a.cur.(*mainScreen); !ok || h.w.Canvas().Overlays().Top() != nil {
		t.Fatalf("Cancel of an untouched editor: %T", h.a.cur)
	}
}

// Times typed by hand are read as the CLI reads them; one that does not
// read says so in words, and the utterance is not lost.
func TestTranscriptTypedTimes(t *testing.T) {
	h, _, _, _ := transcriptFixture(t, t.TempDir())
	s := openTranscriptEditor(t, h, "ui.tr.open")
	s.start.SetText("１:０５.５") // full-width digits, as a Japanese IME types them
	s.end.SetText("1:07")
	test.Type(s.text, "はい")
	s.text.TypedShortcut(ctrl(fyne.KeyReturn))
	h.settle()
	s = h.a.cur.(*transcriptScreen)
	if len(s.utts) != 1 || s.utts[0].StartMS != 65_500 || s.utts[0].EndMS != 67_000 {
		t.Fatalf("utterances %+v; err %v", s.utts, s.err)
	}
	s.start.SetText("1:75")
	test.Type(s.text, "いいえ")
	s.text.TypedShortcut(ctrl(fyne.KeyReturn))
	h.settle()
	if s.err == nil || !h.hasText(i18n.T("ui.tr.err.time", "1:75")) || s.text.Text != "いいえ" || len(s.utts) != 1 {
		t.Fatalf("a bad time: err %v, text %q, %d utterances", s.err, s.text.Text, len(s.utts))
	}
}

// Ctrl+D slows playback down a step, twice to half speed and no further;
// Ctrl+U speeds it up again. The speed box follows.
func TestTranscriptSpeedKeys(t *testing.T) {
	h, _, _, _ := transcriptFixture(t, t.TempDir())
	s := openTranscriptEditor(t, h, "ui.tr.open")
	sc, ok := s.player.pb.(app.SpeedControl)
	if !ok {
		t.Fatal("the real playback has no speed control")
	}
	for _, step := range []struct {
		key  fyne.KeyName
		want int
	}{{fyne.KeyD, 75}, {fyne.KeyD, 50}, {fyne.KeyD, 50}, {fyne.KeyU, 75}, {fyne.KeyU, 100}} {
		s.text.TypedShortcut(ctrl(step.key))
		h.settle()
		if sc.Speed() != step.want || s.player.speedSel.Selected != speedLabel(step.want) {
			t.Fatalf("after Ctrl+%s: speed %d, box %q; want %d", step.key, sc.Speed(), s.player.speedSel.Selected, step.want)
		}
	}
}

// The editor fits a 720 x 600 window in every script's language, as the
// other screens do (TestNarrowWindow): the player and the edit area stay
// in view and only the list between them scrolls.
func TestTranscriptNarrowWindow(t *testing.T) {
	h, _, _, _ := transcriptFixture(t, t.TempDir())
	h.a.fa.Settings().SetTheme(NewTheme())
	h.w.Resize(fyne.NewSize(narrowWindow, narrowHeight))
	h.settle()
	room := h.a.room(narrowWindow, narrowHeight)
	defer h.a.SetLanguage("en")
	langs := []string{"en", "ja", "ne", "ar", "my"}
	if testing.Short() {
		langs = []string{"ja", "my"} // the widest and the tallest script
	}
	for _, lang := range langs {
		h.a.SetLanguage(lang)
		h.settle()
		openTranscriptEditor(t, h, "ui.tr.open")
		c := h.w.Canvas().Content()
		c.Resize(c.MinSize())
		if m := c.MinSize(); m.Width > room.Width || m.Height > room.Height {
			t.Errorf("%s: the editor needs %.0f x %.0f px, more than the %.0f x %.0f of a %d x %d window", lang, m.Width, m.Height, room.Width, room.Height, narrowWindow, narrowHeight)
		}
		h.tap("ui.form.cancel")
	}
}

// A Kiroku recording has the Transcript button beside Play too; its
// markers are rows of the list at their times, between the utterances;
// the keys work from the window when no field has the focus; the saved
// transcript names the recording and its SHA-256.
func TestTranscriptOfRecordingWithMarkers(t *testing.T) {
	h := newRealHarness(t, t.TempDir())
	createRealVault(t, h)
	st := h.a.store.(realStore)
	e, err := st.Add(record.Fields{EventTime: time.Date(2026, 3, 2, 9, 0, 0, 0, jst), EventZone: "Asia/Tokyo", Text: "会議"})
	if err != nil {
		t.Fatal(err)
	}
	w, err := st.Vault.StartRecording(record.AudioFormat{Codec: "pcm_s16le", SampleRate: 8000, Channels: 1, Bits: 16}, "dev", e.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(make([]byte, 2*8000*4))
	w.Marker(500*time.Millisecond, "怒鳴り始め")
	w.Marker(3*time.Second, "")
	if _, err := w.Finish(); err != nil {
		t.Fatal(err)
	}
	h.a.showMain(e.ID)
	h.settle()
	s := openTranscriptEditor(t, h, "ui.tr.open")
	if s.att != nil || s.ref != record.TranscriptAudioRef("recording", s.rec.ID) {
		t.Fatalf("editor of %q", s.ref)
	}
	test.Type(s.transcriber, "本人")
	s.start.SetText("00:01.0")
	s.end.SetText("00:02.0")
	test.Type(s.text, "うるさい")
	s.text.TypedShortcut(ctrl(fyne.KeyReturn))
	h.settle()
	// Marker 1 (00:00) before the utterance at 00:01, marker 2 after it.
	var order []string
	for _, txt := range h.texts() {
		switch txt {
		case i18n.T("ui.tr.marker_row", "00:00", "怒鳴り始め"), "うるさい", i18n.T("ui.tr.marker_row", "00:03", i18n.T("ui.play.marker_n", 2)):
			if len(order) == 0 || order[len(order)-1] != txt { // a label and its renderer's text
				order = append(order, txt)
			}
		}
	}
	if len(order) != 3 || order[0] != i18n.T("ui.tr.marker_row", "00:00", "怒鳴り始め") || order[1] != "うるさい" {
		t.Fatalf("rows in order %q; texts %q", order, h.texts())
	}
	// No field focused: the window still takes the keys.
	h.w.Canvas().Unfocus()
	s = h.a.cur.(*transcriptScreen)
	before := s.speaker
	h.shortcut(ctrl(fyne.KeyK))
	if s.speaker == before {
		t.Errorf("Ctrl+K on the window did not change the speaker (%q)", s.speaker)
	}
	h.shortcut(ctrl(fyne.KeyS))
	if _, ok := h.a.cur.(*mainScreen); !ok {
		t.Fatalf("after Ctrl+S: %T; texts %q", h.a.cur, h.texts())
	}
	list, err := st.AudioTranscripts(s.ref)
	if err != nil || len(list) != 1 || list[0].Audio.SHA256 != s.rec.SHA256 || len(list[0].Utterances) != 1 {
		t.Fatalf("saved %+v (%v); recording's SHA-256 %s", list, err, s.rec.SHA256)
	}
}
