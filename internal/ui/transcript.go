package ui

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// The transcript editor (反訳): a worker or a supporter listens to a
// recording, or to a phone recording imported as a file, and writes down
// what was said, utterance by utterance, with times and speakers. Each
// save is a sealed revision tied to the audio's SHA-256 (app.TranscriptStore);
// the export turns it into the 反訳書 a court receives with the recording.
// Everything can be done from the keyboard while the text field keeps the
// focus: the keys are on the screen (transcriptKeys) and in the README.

// How far the transcript's back keys jump.
const (
	trBackShort = 2 * time.Second
	trBackLong  = 5 * time.Second
)

// ctrlKeys is key with Ctrl (and Cmd on macOS), plus extra modifiers.
func ctrlKeys(k fyne.KeyName, extra fyne.KeyModifier) []*desktop.CustomShortcut {
	return []*desktop.CustomShortcut{
		{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault | extra},
		{KeyName: k, Modifier: fyne.KeyModifierControl | extra},
	}
}

// The transcript editor's own keys. None clashes with the app's (Ctrl+P
// plays and pauses here as everywhere; Ctrl+S saves; Alt+←/→ seek 5 s).
var (
	trBack2Keys   = ctrlKeys(fyne.KeyB, 0)
	trBack5Keys   = ctrlKeys(fyne.KeyB, fyne.KeyModifierShift)
	trStartKeys   = ctrlKeys(fyne.KeyT, 0)
	trEndKeys     = ctrlKeys(fyne.KeyT, fyne.KeyModifierShift)
	trSpeakerKeys = ctrlKeys(fyne.KeyK, 0)
	trSlowerKeys  = ctrlKeys(fyne.KeyD, 0)
	trFasterKeys  = ctrlKeys(fyne.KeyU, 0)
	trNewKeys     = append(ctrlKeys(fyne.KeyReturn, 0), ctrlKeys(fyne.KeyEnter, 0)...)
	// trNotationKeys[i] inserts record.TranscriptNotations[i]: Alt+1..4.
	trNotationKeys = [][]*desktop.CustomShortcut{
		{{KeyName: fyne.Key1, Modifier: fyne.KeyModifierAlt}},
		{{KeyName: fyne.Key2, Modifier: fyne.KeyModifierAlt}},
		{{KeyName: fyne.Key3, Modifier: fyne.KeyModifierAlt}},
		{{KeyName: fyne.Key4, Modifier: fyne.KeyModifierAlt}},
	}
)

// transcriptShortcuts lists every key of the editor, for the canvas.
func transcriptShortcuts() []*desktop.CustomShortcut {
	all := slices.Concat(trBack2Keys, trBack5Keys, trStartKeys, trEndKeys, trSpeakerKeys, trSlowerKeys, trFasterKeys, trNewKeys)
	for _, n := range trNotationKeys {
		all = append(all, n...)
	}
	return all
}

// transcriptKeys are the lines of the key list on the editor.
func transcriptKeys() []shortcut {
	return []shortcut{
		{keyName("P"), "ui.tr.key.play"},
		{keyName("B"), "ui.tr.key.back2"},
		{keyName("Shift+B"), "ui.tr.key.back5"},
		{func() string { return shortcutName("D") + " / " + shortcutName("U") }, "ui.tr.key.speed"},
		{keyName("T"), "ui.tr.key.start"},
		{keyName("Shift+T"), "ui.tr.key.end"},
		{keyName("K"), "ui.tr.key.speaker"},
		{keyName("Enter"), "ui.tr.key.new"},
		{func() string { return "Alt+1 … Alt+4" }, "ui.tr.key.notation"},
		{saveKeyName, "ui.tr.key.save"},
	}
}

// formatTimecode writes ms with tenths of a second, as the editor shows
// and takes them: 01:02.5, or 1:02:03.0 from an hour.
func formatTimecode(ms int64) string {
	ms = max(ms, 0)
	return fmt.Sprintf("%s.%d", record.Timecode(ms), ms%1000/100)
}

// speakerIDs are the ids the editor gives speakers: A, B, ... Z, then
// S27, S28...
func speakerID(i int) string {
	if i < 26 {
		return string(rune('A' + i))
	}
	return fmt.Sprintf("S%d", i+1)
}

type trSpeaker struct {
	id   string
	name *textEntry
}

// transcriptScreen is the editor of one transcript of one audio.
type transcriptScreen struct {
	a        *App
	entryID  int64
	ref      string              // "recording:3" or "attachment:5"
	rec      app.RecordingInfo   // the recording, when ref is one
	att      *app.AttachmentInfo // the imported file, when ref is one
	existing *record.TranscriptRevision

	transcriber, reason *textEntry
	lang                string
	speakers            []trSpeaker
	utts                []record.Utterance // committed, by start time
	cur                 int                // the utterance in the edit area; len(utts): a new one
	start, end, text    *textEntry
	speaker             string // the edit area's speaker id
	speakerSel          *widget.Select

	player    *player
	slot      *fyne.Container   // holds the player's view
	scroll    *container.Scroll // the utterance list's
	body      *fyne.Container
	toEnd     bool   // the next render shows the end of the list
	baseline  string // content when opened, for dirty
	err, note *message
	saving    bool
	saved     bool // the save went through: nothing to keep as a draft
	fromDraft bool // restored from a draft: dirty until saved or discarded
}

// newTranscriptScreen opens the editor on a new transcript of the audio
// (existing nil) or on the next revision of existing. transcriber is the
// name to offer: the last one this vault saw.
func newTranscriptScreen(a *App, entryID int64, rec app.RecordingInfo, att *app.AttachmentInfo, existing *record.TranscriptRevision, transcriber string) *transcriptScreen {
	s := &transcriptScreen{a: a, entryID: entryID, rec: rec, att: att, existing: existing,
		transcriber: a.newEntry(), reason: a.newEntry(), start: a.newEntry(), end: a.newEntry(), text: a.newMultiLineEntry(2), lang: "ja"}
	s.ref = record.TranscriptAudioRef("recording", rec.ID)
	if att != nil {
		s.ref = record.TranscriptAudioRef("attachment", att.ID)
	}
	s.transcriber.SetPlaceHolder(i18n.T("ui.tr.transcriber_placeholder"))
	s.reason.SetPlaceHolder(i18n.T("ui.tr.reason_placeholder"))
	s.start.SetPlaceHolder("00:00.0")
	s.end.SetPlaceHolder("00:00.0")
	s.text.SetPlaceHolder(i18n.T("ui.tr.text_placeholder"))
	s.transcriber.SetText(transcriber)
	if existing != nil {
		s.lang = existing.Lang
		for _, sp := range existing.Speakers {
			s.addSpeaker(sp.ID, sp.Name)
		}
		s.utts = slices.Clone(existing.Utterances)
		if len(s.utts) > 0 {
			s.speaker = s.utts[len(s.utts)-1].Speaker
		}
	} else {
		s.addSpeaker("", "")
		s.addSpeaker("", "")
	}
	if s.speaker == "" && len(s.speakers) > 0 {
		s.speaker = s.speakers[0].id
	}
	s.cur = len(s.utts)
	s.baseline = s.contentKey()
	return s
}

// addSpeaker adds a row to the speakers; id "" takes the next free one.
func (s *transcriptScreen) addSpeaker(id, name string) {
	if id == "" {
		for i := 0; ; i++ {
			id = speakerID(i)
			if !slices.ContainsFunc(s.speakers, func(sp trSpeaker) bool { return sp.id == id }) {
				break
			}
		}
	}
	e := s.a.newEntry()
	e.SetPlaceHolder(i18n.T("ui.tr.speaker_placeholder"))
	e.SetText(name)
	s.speakers = append(s.speakers, trSpeaker{id: id, name: e})
}

// openTranscript shows the editor and opens its audio in the player.
func (a *App) openTranscript(s *transcriptScreen) {
	a.show(s)
	s.player = &player{a: a, entryID: s.entryID, rec: s.rec, att: s.att, stop: make(chan struct{}), inEditor: true}
	a.openPlayer(s.player)
}

func (s *transcriptScreen) title() string {
	what := i18n.T("ui.tr.of_recording", s.rec.ID, formatElapsed(s.rec.Duration))
	if s.att != nil {
		what = i18n.T("ui.tr.of_file", s.att.Name)
	}
	if s.existing != nil {
		return i18n.T("ui.tr.edit_title", what, s.existing.Rev+1)
	}
	return i18n.T("ui.tr.new_title", what)
}

// build lays the editor out in three bands: the player on top, the edit
// area and Save at the bottom, both always in view, and between them the
// details and the utterance list, which scroll.
func (s *transcriptScreen) build() fyne.CanvasObject {
	a := s.a
	var offset fyne.Position
	if s.scroll != nil {
		offset = s.scroll.Offset // a re-render keeps the list where it was
	}

	// Top: title, draft note, the player.
	top := []fyne.CanvasObject{heading(s.title())}
	if s.note != nil {
		top = append(top, draftNote(s.note))
	}
	s.slot = container.NewVBox()
	s.fillSlot()
	top = append(top, s.slot, widget.NewSeparator())

	// Middle: who transcribes, the speakers, the utterances.
	mid := []fyne.CanvasObject{paragraph(i18n.T("ui.tr.intro")), s.keyList(),
		fieldName(i18n.T("ui.tr.transcriber")), s.transcriber,
		container.NewBorder(nil, nil, shortName(i18n.T("ui.tr.lang")), nil, container.NewHBox(s.languagePicker())),
		fieldName(i18n.T("ui.tr.speakers")), caption(i18n.T("ui.tr.speakers_hint"))}
	for _, sp := range s.speakers {
		id := widget.NewLabel(sp.id)
		id.TextStyle.Bold = true
		mid = append(mid, container.NewBorder(nil, nil, container.New(widthLayout{width: 48}, id), nil, sp.name))
	}
	add := a.button(i18n.T("ui.tr.add_speaker"), theme.ContentAddIcon(), func() {
		s.addSpeaker("", "")
		a.render()
	})
	if len(s.speakers) >= record.MaxSpeakers {
		add.Disable()
	}
	mid = append(mid, container.NewHBox(add))
	list := append([]fyne.CanvasObject{fieldName(i18n.T("ui.tr.utterances"))}, s.rows()...)

	// Bottom: the utterance being written, the reason, Save.
	// The buttons name only their keys; the key list says what they do.
	setStart := a.button(shortcutName("T"), theme.HistoryIcon(), s.setStart)
	setEnd := a.button(shortcutName("Shift+T"), theme.HistoryIcon(), s.setEnd)
	times := container.NewGridWithColumns(2,
		container.NewBorder(nil, nil, shortCaption(i18n.T("ui.tr.start")), setStart, s.start),
		container.NewBorder(nil, nil, shortCaption(i18n.T("ui.tr.end")), setEnd, s.end))
	notes := container.NewHBox()
	for i, n := range record.TranscriptNotations {
		b := a.button(fmt.Sprintf("%s Alt+%d", n, i+1), nil, func() { s.insertNotation(i) })
		b.Importance = widget.LowImportance
		notes.Add(b)
	}
	newBtn := a.button(i18n.T("ui.tr.new_utterance", shortcutName("Enter")), theme.ContentAddIcon(), s.newUtterance)
	del := a.button(i18n.T("ui.tr.delete_utterance"), theme.DeleteIcon(), s.deleteUtterance)
	if s.cur >= len(s.utts) {
		del.Disable()
	}
	if a.compact {
		del.SetText("")
	}
	bottom := []fyne.CanvasObject{widget.NewSeparator(), fieldName(s.editTitle()), times,
		container.NewBorder(nil, nil, container.NewHBox(shortCaption(i18n.T("ui.tr.speaker")), container.New(widthLayout{width: 200}, s.speakerSelect())), nil, container.NewHScroll(notes)),
		s.text}
	if s.existing != nil {
		bottom = append(bottom, container.NewBorder(nil, nil, shortCaption(i18n.T("ui.tr.reason")), nil, s.reason))
	}
	if s.err != nil {
		bottom = append(bottom, errorLabel(s.err.String()))
	}
	save := a.button(i18n.T("ui.tr.save"), theme.DocumentSaveIcon(), s.save)
	save.Importance = widget.HighImportance
	if s.saving || a.readOnly() {
		save.Disable()
	}
	cancel := a.button(i18n.T("ui.form.cancel"), theme.CancelIcon(), s.cancel)
	bottom = append(bottom, container.NewBorder(nil, nil, container.NewHBox(newBtn, del), container.NewHBox(cancel, save)))

	// A wide window shows the details beside the list; a narrow one
	// above it, in one scroll.
	var center fyne.CanvasObject
	if a.compact {
		all := append(append(mid, widget.NewSeparator()), list...)
		s.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(all...)))
		center = s.scroll
	} else {
		s.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(list...)))
		split := container.NewHSplit(container.NewVScroll(container.NewPadded(container.NewVBox(mid...))), s.scroll)
		split.Offset = 0.4
		center = split
	}
	s.scroll.Offset = offset
	if s.toEnd {
		s.toEnd = false
		s.scroll.ScrollToBottom()
	}
	body := container.NewBorder(container.NewVBox(top...), container.NewVBox(bottom...), nil, nil, center)
	s.body = body
	return container.NewPadded(container.New(fillWidth{max: 1040}, body))
}

// fillWidth gives its objects the whole height and at most max of the
// width, centred: the editor's bands stay in view in a tall window and
// lines stay readable in a wide one.
type fillWidth struct{ max float32 }

func (l fillWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

func (l fillWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := min(size.Width, l.max)
	for _, o := range objs {
		o.Move(fyne.NewPos((size.Width-w)/2, 0))
		o.Resize(fyne.NewSize(w, size.Height))
	}
}

// shortCaption is a caption that does not wrap, for a label beside a
// field (a wrapping label there would be laid out one letter wide).
func shortCaption(text string) *widget.Label {
	l := caption(text)
	l.Wrapping = fyne.TextWrapOff
	return l
}

// shortName is fieldName that does not wrap.
func shortName(text string) *widget.Label {
	l := shortCaption(text)
	l.Importance = widget.HighImportance
	return l
}

// keyList is the editor's keys in one wrapped line.
func (s *transcriptScreen) keyList() fyne.CanvasObject {
	var parts []string
	for _, k := range transcriptKeys() {
		parts = append(parts, k.keys()+" "+i18n.T(k.action))
	}
	l := caption(strings.Join(parts, "  ·  "))
	l.Wrapping = uiWrap()
	return l
}

func (s *transcriptScreen) focus() fyne.Focusable {
	if strings.TrimSpace(s.transcriber.Text) == "" {
		return s.transcriber
	}
	return s.text
}

// fillSlot puts the player's view in its slot.
func (s *transcriptScreen) fillSlot() {
	if s.slot == nil {
		return
	}
	var obj fyne.CanvasObject = caption(i18n.T("ui.play.opening"))
	if p := s.a.player; p != nil && p == s.player {
		obj = p.view()
	}
	s.slot.Objects = []fyne.CanvasObject{obj}
	s.slot.Refresh()
	if s.body != nil {
		s.body.Refresh() // the top band's height changed: lay the bands out again
	}
}

func (s *transcriptScreen) languagePicker() fyne.CanvasObject {
	return s.a.writingLanguagePicker(s.lang, func(tag string) { s.lang = tag }).object()
}

// speakerLabel is "A" or "A（本人）".
func (s *transcriptScreen) speakerLabel(id string) string {
	if id == "" {
		return i18n.T("ui.tr.speaker_unknown")
	}
	for _, sp := range s.speakers {
		if sp.id == id {
			if n := strings.TrimSpace(sp.name.Text); n != "" {
				return i18n.T("ui.tr.speaker_named", id, n)
			}
		}
	}
	return id
}

func (s *transcriptScreen) speakerSelect() fyne.CanvasObject {
	ids := []string{""}
	for _, sp := range s.speakers {
		ids = append(ids, sp.id)
	}
	labels := make([]string, len(ids))
	for i, id := range ids {
		labels[i] = s.speakerLabel(id)
	}
	s.speakerSel = widget.NewSelect(labels, nil)
	s.speakerSel.SetSelectedIndex(max(0, slices.Index(ids, s.speaker)))
	s.speakerSel.OnChanged = func(string) {
		if i := s.speakerSel.SelectedIndex(); i >= 0 && i < len(ids) {
			s.speaker = ids[i]
		}
	}
	return s.speakerSel
}

func (s *transcriptScreen) editTitle() string {
	if s.cur < len(s.utts) {
		return i18n.T("ui.tr.editing", s.cur+1)
	}
	return i18n.T("ui.tr.editing_new", len(s.utts)+1)
}

// rows lists the utterances and, read-only, the markers of the recording
// at their times.
func (s *transcriptScreen) rows() []fyne.CanvasObject {
	a := s.a
	var objs []fyne.CanvasObject
	marks := s.rec.Marks
	if s.att != nil {
		marks = nil
	}
	mi := 0
	markRow := func(m app.Mark, n int) fyne.CanvasObject {
		label := m.Label
		if label == "" {
			label = i18n.T("ui.play.marker_n", n)
		}
		return caption(i18n.T("ui.tr.marker_row", formatElapsed(m.At), label))
	}
	for i, u := range s.utts {
		for mi < len(marks) && marks[mi].At.Milliseconds() <= u.StartMS {
			objs = append(objs, markRow(marks[mi], mi+1))
			mi++
		}
		head := i18n.T("ui.tr.row", i+1, formatTimecode(u.StartMS), formatTimecode(u.EndMS), s.speakerLabel(u.Speaker))
		b := a.button(head, nil, func() { s.selectUtterance(i) })
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		if i == s.cur {
			b.Importance = widget.HighImportance
		}
		txt := newScriptText(u.Text, true)
		txt.setLang(s.lang)
		objs = append(objs, b, txt)
	}
	for ; mi < len(marks); mi++ {
		objs = append(objs, markRow(marks[mi], mi+1))
	}
	if len(s.utts) == 0 {
		objs = append(objs, caption(i18n.T("ui.tr.no_utterances", shortcutName("Enter"))))
	}
	return objs
}

// position is the play position, if the audio is open.
func (s *transcriptScreen) position() (int64, bool) {
	p := s.a.player
	if p == nil || p != s.player || p.pb == nil {
		return 0, false
	}
	return p.pb.Position().Milliseconds(), true
}

func (s *transcriptScreen) setStart() {
	if ms, ok := s.position(); ok {
		s.start.SetText(formatTimecode(ms))
	}
}

func (s *transcriptScreen) setEnd() {
	if ms, ok := s.position(); ok {
		s.end.SetText(formatTimecode(ms))
	}
}

// nextSpeaker moves the edit area's speaker to the next in the list.
func (s *transcriptScreen) nextSpeaker() {
	if len(s.speakers) == 0 {
		return
	}
	i := slices.IndexFunc(s.speakers, func(sp trSpeaker) bool { return sp.id == s.speaker })
	j := (i + 1) % len(s.speakers)
	s.speaker = s.speakers[j].id
	if s.speakerSel != nil {
		s.speakerSel.SetSelectedIndex(j + 1) // the list starts with "not known"
	}
}

// insertNotation types notation i where the cursor is in the text.
func (s *transcriptScreen) insertNotation(i int) {
	for _, r := range record.TranscriptNotations[i] {
		s.text.Entry.TypedRune(r) // at the cursor, over a selection
	}
	s.a.win.Canvas().Focus(s.text)
}

// edited is the edit area as an utterance; empty reports that nothing
// was typed in its text.
func (s *transcriptScreen) edited() (u record.Utterance, empty bool, err *message) {
	u = record.Utterance{Speaker: s.speaker, Text: s.text.Text}
	if st := strings.TrimSpace(foldWidth(s.start.Text)); st != "" {
		ms, perr := record.ParseTimecode(st)
		if perr != nil {
			return u, false, msgKey("ui.tr.err.time", s.start.Text)
		}
		u.StartMS = ms
	}
	u.EndMS = u.StartMS
	if en := strings.TrimSpace(foldWidth(s.end.Text)); en != "" {
		ms, perr := record.ParseTimecode(en)
		if perr != nil {
			return u, false, msgKey("ui.tr.err.time", s.end.Text)
		}
		u.EndMS = ms
	}
	if u.EndMS < u.StartMS {
		return u, false, msgKey("ui.tr.err.order", formatTimecode(u.StartMS), formatTimecode(u.EndMS))
	}
	if s.cur < len(s.utts) {
		u.Machine = s.utts[s.cur].Machine && u.Text == s.utts[s.cur].Text
	}
	return u, strings.TrimSpace(u.Text) == "", nil
}

// commit writes the edit area into the list (an emptied text removes
// the utterance) and keeps the list in order of start time; it reports
// false, with the error shown, for a time that does not read.
func (s *transcriptScreen) commit() bool {
	u, empty, msg := s.edited()
	if msg != nil {
		s.err = msg
		return false
	}
	s.err = nil
	switch {
	case empty && s.cur < len(s.utts):
		s.utts = slices.Delete(s.utts, s.cur, s.cur+1)
		s.cur = len(s.utts)
		return true
	case empty:
		return true
	case s.cur < len(s.utts):
		s.utts[s.cur] = u
	default:
		s.utts = append(s.utts, u)
		s.cur = len(s.utts) - 1
	}
	moved := s.utts[s.cur]
	slices.SortStableFunc(s.utts, func(x, y record.Utterance) int { return cmp.Compare(x.StartMS, y.StartMS) })
	for i := range s.utts {
		if s.utts[i] == moved {
			s.cur = i
			break
		}
	}
	return true
}

// load puts utterance i (or a new one, i == len) in the edit area.
func (s *transcriptScreen) load(i int) {
	s.cur = i
	if i < len(s.utts) {
		u := s.utts[i]
		s.start.SetText(formatTimecode(u.StartMS))
		s.end.SetText(formatTimecode(u.EndMS))
		s.speaker = u.Speaker
		s.text.SetText(u.Text)
		return
	}
	s.start.SetText("")
	s.end.SetText("")
	s.text.SetText("")
}

func (s *transcriptScreen) selectUtterance(i int) {
	s.a.touch()
	if !s.commit() {
		s.a.render()
		return
	}
	if i >= len(s.utts) {
		i = len(s.utts)
	}
	s.load(i)
	if p := s.a.player; i < len(s.utts) && p != nil && p == s.player {
		p.seek(time.Duration(s.utts[i].StartMS) * time.Millisecond) // to listen to it again
	}
	s.a.render()
}

// newUtterance commits the edit area and starts the next utterance at
// the play position; an utterance without an end ends there.
func (s *transcriptScreen) newUtterance() {
	s.a.touch()
	pos, ok := s.position()
	if strings.TrimSpace(s.end.Text) == "" && strings.TrimSpace(s.text.Text) != "" && ok {
		if u, _, msg := s.edited(); msg == nil && pos >= u.StartMS {
			s.end.SetText(formatTimecode(pos))
		}
	}
	if !s.commit() {
		s.a.render()
		return
	}
	if !ok && len(s.utts) > 0 {
		pos = s.utts[len(s.utts)-1].EndMS
	}
	s.load(len(s.utts))
	s.start.SetText(formatTimecode(pos))
	s.toEnd = true
	s.a.render()
}

func (s *transcriptScreen) deleteUtterance() {
	if s.cur >= len(s.utts) {
		return
	}
	s.utts = slices.Delete(s.utts, s.cur, s.cur+1)
	s.load(len(s.utts))
	s.a.render()
}

// focusWords puts the cursor in the words being written: after a key that
// sets the time or the speaker, what comes next is typing what was said,
// wherever the cursor was (the names, a button reached by Tab).
func (s *transcriptScreen) focusWords() {
	if s.a.cur == s && s.a.win.Canvas().Focused() != s.text {
		s.a.win.Canvas().Focus(s.text)
	}
}

// typedShortcut runs the editor's keys and reports whether sc was one.
func (s *transcriptScreen) typedShortcut(sc fyne.Shortcut) bool {
	a := s.a
	a.touch()
	switch {
	case matchShortcut(sc, trBack2Keys):
		if p := a.player; p != nil && p == s.player {
			p.skip(-trBackShort)
		}
	case matchShortcut(sc, trBack5Keys):
		if p := a.player; p != nil && p == s.player {
			p.skip(-trBackLong)
		}
	case matchShortcut(sc, trSlowerKeys), matchShortcut(sc, trFasterKeys):
		if p := a.player; p != nil && p == s.player {
			dir := 1
			if matchShortcut(sc, trSlowerKeys) {
				dir = -1
			}
			p.stepSpeed(dir)
		}
	case matchShortcut(sc, trStartKeys):
		s.setStart()
		s.focusWords()
	case matchShortcut(sc, trEndKeys):
		s.setEnd()
		s.focusWords()
	case matchShortcut(sc, trSpeakerKeys):
		s.nextSpeaker()
		s.focusWords()
	case matchShortcut(sc, trNewKeys):
		s.newUtterance()
	default:
		for i, keys := range trNotationKeys {
			if matchShortcut(sc, keys) {
				s.insertNotation(i)
				return true
			}
		}
		return false
	}
	return true
}

// current is the transcript as typed: the list with the edit area in it
// (a time that does not read leaves the edit area out).
func (s *transcriptScreen) current() (speakers []record.TranscriptSpeaker, utts []record.Utterance) {
	for _, sp := range s.speakers {
		speakers = append(speakers, record.TranscriptSpeaker{ID: sp.id, Name: strings.TrimSpace(sp.name.Text)})
	}
	utts = slices.Clone(s.utts)
	if u, empty, msg := s.edited(); msg == nil {
		switch {
		case s.cur < len(utts) && empty:
			utts = slices.Delete(utts, s.cur, s.cur+1)
		case s.cur < len(utts):
			utts[s.cur] = u
		case !empty:
			utts = append(utts, u)
		}
	}
	slices.SortStableFunc(utts, func(x, y record.Utterance) int { return cmp.Compare(x.StartMS, y.StartMS) })
	return speakers, utts
}

// contentKey sums up what the user can change, for dirty.
func (s *transcriptScreen) contentKey() string {
	sp, us := s.current()
	b, _ := json.Marshal([]any{sp, us, strings.TrimSpace(s.transcriber.Text), s.lang, strings.TrimSpace(s.reason.Text)})
	return string(b)
}

// dirty reports whether anything was typed that is not saved.
func (s *transcriptScreen) dirty() bool {
	if s.saved {
		return false
	}
	return s.fromDraft || s.contentKey() != s.baseline
}

func (s *transcriptScreen) save() {
	a, st := s.a, s.a.store
	if s.saving || st == nil || a.readOnly() {
		return
	}
	if _, _, msg := s.edited(); msg != nil {
		s.err = msg
		a.render()
		return
	}
	if strings.TrimSpace(s.transcriber.Text) == "" {
		s.err = msgKey("ui.tr.err.transcriber")
		a.render()
		return
	}
	speakers, utts := s.current()
	t := record.TranscriptRevision{Audio: record.TranscriptAudio{Ref: s.ref}, Transcriber: s.transcriber.Text,
		Lang: s.lang, Speakers: speakers, Utterances: utts}
	if s.existing != nil {
		t.TranscriptID, t.Reason = s.existing.TranscriptID, s.reason.Text
	}
	s.saving, s.err = true, nil
	a.render()
	a.background(func() func() {
		var err error
		a.withStore(st, func(st app.Store) {
			ts, ok := st.(app.TranscriptStore)
			if !ok {
				return
			}
			_, err = ts.SaveTranscript(t)
		})
		return func() {
			s.saving = false
			if a.cur != s {
				return
			}
			if err != nil {
				s.err = msgErr(err)
				a.render()
				return
			}
			s.saved = true
			s.leave()
		}
	})
}

// cancel leaves the editor; with unsaved work it asks first.
func (s *transcriptScreen) cancel() {
	a := s.a
	if s.saving || a.readOnly() || !s.dirty() {
		s.leave()
		return
	}
	d := dialog.NewConfirm(i18n.T("ui.tr.discard_title"), i18n.T("ui.tr.discard_body"), func(ok bool) {
		a.touch()
		if ok && a.cur == s {
			s.leave()
		}
	}, a.win)
	d.SetConfirmText(i18n.T("ui.draft.discard"))
	d.SetDismissText(i18n.T("ui.tr.keep_working"))
	d.SetConfirmImportance(widget.DangerImportance)
	a.showDialog(d)
}

// leave goes back to the entry; a draft this screen came from is gone.
func (s *transcriptScreen) leave() {
	s.clearTranscriptDraft()
	s.a.showMain(s.entryID)
}

// snapshot is the editor as typed, for a draft.
func (s *transcriptScreen) snapshot() app.TranscriptDraft {
	sp, us := s.current()
	d := app.TranscriptDraft{EntryID: s.entryID, Audio: s.ref, Transcriber: s.transcriber.Text, Lang: s.lang,
		Reason: s.reason.Text, Speakers: sp, Utterances: us}
	if s.existing != nil {
		d.TranscriptID = s.existing.TranscriptID
	}
	return d
}

// applyDraft fills the editor with d.
func (s *transcriptScreen) applyDraft(d app.TranscriptDraft) {
	s.transcriber.SetText(d.Transcriber)
	s.lang = d.Lang
	s.reason.SetText(d.Reason)
	s.speakers = nil
	for _, sp := range d.Speakers {
		s.addSpeaker(sp.ID, sp.Name)
	}
	s.utts = slices.Clone(d.Utterances)
	s.load(len(s.utts))
	if len(s.utts) > 0 {
		s.speaker = s.utts[len(s.utts)-1].Speaker
	}
	s.fromDraft = true
}

// transcriptDraftNow returns the editor's contents to keep when locking,
// if it is open with unsaved work.
func (a *App) transcriptDraftNow() (app.TranscriptDraft, bool) {
	s, ok := a.cur.(*transcriptScreen)
	if !ok || a.readOnly() || !s.dirty() {
		return app.TranscriptDraft{}, false
	}
	d := s.snapshot()
	d.SavedAt = a.now()
	return d, true
}

// keepTranscriptDraft stores d in st (Lock and shutdown call it holding
// a.storeMu, right before closing the vault).
func keepTranscriptDraft(st app.Store, d app.TranscriptDraft) error {
	ts, ok := st.(app.TranscriptStore)
	if !ok {
		return nil
	}
	return ts.SaveTranscriptDraft(d)
}

// restoreTranscriptDraft opens the editor with the draft the vault holds,
// if any and no other draft took the screen: called after unlocking.
func (a *App) restoreTranscriptDraft(st app.Store) {
	var d app.TranscriptDraft
	var rec app.RecordingInfo
	var att *app.AttachmentInfo
	var existing *record.TranscriptRevision
	a.restoreKeptDraft(st, func(st app.Store) (bool, error) {
		ts, is := st.(app.TranscriptStore)
		if !is {
			return false, nil
		}
		var ok bool
		var err error
		if d, ok, err = ts.TranscriptDraft(); err != nil || !ok {
			return ok, err
		}
		if rec, att, err = findAudio(st, d.EntryID, d.Audio); err != nil || d.TranscriptID == 0 {
			return true, err
		}
		list, err := ts.AudioTranscripts(d.Audio)
		if err != nil {
			return true, err
		}
		for i := range list {
			if list[i].TranscriptID == d.TranscriptID {
				existing = &list[i]
			}
		}
		return true, nil
	}, func() {
		s := newTranscriptScreen(a, d.EntryID, rec, att, existing, "")
		s.applyDraft(d)
		s.note = msgKey("ui.draft.restored")
		a.openTranscript(s)
	})
}

// findAudio finds the recording or imported file ref of entry entryID.
func findAudio(st app.Store, entryID int64, ref string) (app.RecordingInfo, *app.AttachmentInfo, error) {
	kind, id, err := record.ParseAudioRef(ref)
	if err != nil {
		return app.RecordingInfo{}, nil, err
	}
	if kind == "recording" {
		recs, err := st.Recordings(entryID)
		if err != nil {
			return app.RecordingInfo{}, nil, err
		}
		for _, r := range recs {
			if r.ID == id {
				return r, nil, nil
			}
		}
	} else {
		atts, err := st.Attachments(entryID)
		if err != nil {
			return app.RecordingInfo{}, nil, err
		}
		for i := range atts {
			if atts[i].ID == id {
				return app.RecordingInfo{}, &atts[i], nil
			}
		}
	}
	return app.RecordingInfo{}, nil, fmt.Errorf("%s of entry %d: %w", ref, entryID, apperr.ErrNotFound)
}

// clearTranscriptDraft removes the draft once its transcript is saved or
// discarded.
func (s *transcriptScreen) clearTranscriptDraft() {
	if !s.fromDraft {
		return
	}
	a, st := s.a, s.a.store
	a.background(func() func() {
		var err error
		a.withStore(st, func(st app.Store) {
			if ts, ok := st.(app.TranscriptStore); ok {
				err = ts.ClearTranscriptDraft()
			}
		})
		if err == nil {
			return nil
		}
		return func() { a.draftDialog("ui.draft.clear_failed", msgErr(err)) }
	})
}

// The entry view: under each recording and audio file, its transcripts.

// loadTranscripts fetches every current transcript for the detail of
// entry id, by audio ref.
func (s *mainScreen) loadTranscripts(id int64) {
	a, st := s.a, s.a.store
	if st == nil || s.tscLoad == id {
		return
	}
	s.tscSeq++
	seq := s.tscSeq
	s.tscLoad = id
	a.background(func() func() {
		byRef := map[string][]record.TranscriptRevision{}
		var last string
		var lastAt time.Time
		var err error
		a.withStore(st, func(st app.Store) {
			ts, ok := st.(app.TranscriptStore)
			if !ok {
				return
			}
			var list []record.TranscriptRevision
			if list, err = ts.AudioTranscripts(""); err != nil {
				return
			}
			for _, t := range list {
				byRef[t.Audio.Ref] = append(byRef[t.Audio.Ref], t)
				if t.RecordedAt.After(lastAt) {
					last, lastAt = t.Transcriber, t.RecordedAt
				}
			}
		})
		return func() {
			if s.tscSeq != seq {
				return
			}
			s.tscLoad = 0
			if a.cur != s || s.selected != id {
				return
			}
			s.tscID, s.tsc, s.tscLast, s.tscErr = id, byRef, last, msgErr(err)
			s.renderDetail()
		}
	})
}

// transcriptButton is the "Transcript" button beside an audio's Play
// button: a new transcript of it.
func (s *mainScreen) transcriptButton(entryID int64, rec app.RecordingInfo, att *app.AttachmentInfo) fyne.CanvasObject {
	a := s.a
	if s.tscID != entryID {
		s.loadTranscripts(entryID)
	}
	label := i18n.T("ui.tr.open")
	ref := record.TranscriptAudioRef("recording", rec.ID)
	if att != nil {
		ref = record.TranscriptAudioRef("attachment", att.ID)
	}
	if len(s.tsc[ref]) > 0 {
		label = i18n.T("ui.tr.open_another")
	}
	b := a.button(label, theme.DocumentCreateIcon(), func() {
		a.openTranscript(newTranscriptScreen(a, entryID, rec, att, nil, s.tscLast))
	})
	if _, ok := a.store.(app.TranscriptStore); !ok || a.readOnly() || s.tscID != entryID {
		b.Disable()
	}
	return b
}

// transcriptRows lists the transcripts of an audio: by whom, when, how
// many revisions, with a button to edit each.
func (s *mainScreen) transcriptRows(entryID int64, rec app.RecordingInfo, att *app.AttachmentInfo) []fyne.CanvasObject {
	a := s.a
	if s.tscID != entryID {
		return nil
	}
	if s.tscErr != nil {
		return []fyne.CanvasObject{errorLabel(s.tscErr.String())}
	}
	ref := record.TranscriptAudioRef("recording", rec.ID)
	if att != nil {
		ref = record.TranscriptAudioRef("attachment", att.ID)
	}
	var objs []fyne.CanvasObject
	for _, t := range s.tsc[ref] {
		edit := a.button(i18n.T("ui.tr.edit"), theme.DocumentCreateIcon(), func() {
			a.openTranscript(newTranscriptScreen(a, entryID, rec, att, &t, s.tscLast))
		})
		edit.Importance = widget.LowImportance
		if a.readOnly() {
			edit.Disable()
		}
		id := t.TranscriptID
		filing := a.button(i18n.T("ui.tr.filing"), theme.DownloadIcon(), func() { s.saveFiling(id) })
		filing.Importance = widget.LowImportance
		line := caption(i18n.T("ui.tr.by", t.Transcriber, formatDate(t.RecordedAt.In(a.loc)), t.Rev, len(t.Utterances)))
		line.Wrapping = uiWrap()
		objs = append(objs, container.NewBorder(nil, nil, widget.NewIcon(theme.DocumentIcon()), container.NewHBox(filing, edit), line))
	}
	return objs
}

// saveFiling asks where to write transcript id's 反訳書 (the document a
// court receives with the recording): PDF or Word by the file name's
// extension, the same document as in a bundle. It is the user's own
// export of their words, like a bundle.
func (s *mainScreen) saveFiling(id int64) {
	a := s.a
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		a.touch()
		switch {
		case err != nil:
			s.filingDone(msgErr(err))
		case w != nil:
			s.writeFiling(id, w)
		}
	}, a.win)
	d.SetFileName(fmt.Sprintf("反訳書-%d.pdf", id))
	d.Resize(dialogSize(a.win))
	showFileDialog(d, "ui.dialog.save_file")
}

// filingDone says how writing a 反訳書 went.
func (s *mainScreen) filingDone(m *message) {
	s.a.showDialog(dialog.NewInformation(i18n.T("ui.tr.filing"), m.String(), s.a.win))
}

// writeFiling writes the 反訳書 into w, chosen by the user, off the UI
// thread; a name that is neither .pdf nor .docx, or a failed write,
// leaves no file behind.
func (s *mainScreen) writeFiling(id int64, w fyne.URIWriteCloser) {
	a, st := s.a, s.a.store
	uri := w.URI()
	remove := func() {
		if uri.Scheme() == "file" {
			os.Remove(uri.Path())
		}
	}
	format := strings.TrimPrefix(strings.ToLower(uri.Extension()), ".")
	if format != "pdf" && format != "docx" {
		w.Close()
		remove()
		s.filingDone(msgKey("ui.tr.filing_format"))
		return
	}
	a.background(func() func() {
		err := fmt.Errorf("transcripts: %w", apperr.ErrNotFound)
		a.withStore(st, func(st app.Store) {
			if ts, ok := st.(app.TranscriptStore); ok {
				err = ts.WriteTranscriptFiling(id, format, w)
			}
		})
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			remove()
			return func() { s.filingDone(msgErr(err)) }
		}
		return func() { s.filingDone(msgKey("ui.tr.filing_saved", uri.Path())) }
	})
}
