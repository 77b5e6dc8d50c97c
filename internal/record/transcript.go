package record

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A transcript (反訳) is what was said in one recording, utterance by
// utterance, with times and speakers: what a Japanese court receives with
// a recording, tied to the exact file. In Kiroku it is evidence like an
// entry: each save is an immutable TranscriptRevision with its own ledger
// link, every earlier wording stays, and each revision names the audio it
// was made from by the audio's SHA-256, so a transcript cannot silently
// move to another file.

// Transcript revision kinds are the entry kinds: KindCreate, KindEdit,
// KindDelete (a tombstone without utterances).

// TranscriptAudio names the audio a transcript was made from: a Kiroku
// recording ("recording:3") or an imported file ("attachment:5"), and the
// SHA-256 of its bytes as exported (a recording's canonical WAV, an
// attachment's original file).
type TranscriptAudio struct {
	Ref    string `json:"ref"`
	SHA256 string `json:"sha256"`
}

// TranscriptSpeaker is one voice in a recording: a short id used by the
// utterances ("A", "B"...) and what the transcriber calls them ("本人",
// "上司 A", "Tanaka").
type TranscriptSpeaker struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Utterance is one stretch of speech. Times are from the start of the
// audio, in milliseconds; utterances may overlap (two people speaking at
// once). Text is what was heard, with the transcription notation Kiroku's
// editor inserts as written words: （聴取不能）, （不明瞭）, （沈黙）.
// Machine marks an utterance a local speech recogniser made that no person
// has checked yet; checking it clears the mark (a new revision).
type Utterance struct {
	StartMS int64  `json:"start_ms"`
	EndMS   int64  `json:"end_ms"`
	Speaker string `json:"speaker"` // a TranscriptSpeaker.ID; "" not known
	Text    string `json:"text"`
	Machine bool   `json:"machine,omitempty"`
}

// TranscriptNotations are the marks a transcriber writes for what cannot
// be written as words, exactly as the 反訳書's legend explains them:
// unintelligible, unclear, silence, people speaking at once.
var TranscriptNotations = []string{"（聴取不能）", "（不明瞭）", "（沈黙）", "（重複）"}

// TranscriptRevision is one immutable version of a transcript.
type TranscriptRevision struct {
	Version      int                 `json:"v"`
	Salt         string              `json:"n"`
	TranscriptID int64               `json:"transcript"`
	Rev          int                 `json:"rev"`
	Kind         string              `json:"kind"`
	RecordedAt   time.Time           `json:"recorded_at"` // set by the vault
	Audio        TranscriptAudio     `json:"audio"`
	Transcriber  string              `json:"transcriber"` // who made this revision, as they give their name
	Lang         string              `json:"lang,omitempty"`
	Speakers     []TranscriptSpeaker `json:"speakers"`
	Utterances   []Utterance         `json:"utterances"`
	Reason       string              `json:"reason,omitempty"` // of an edit or a delete
}

// Bounds a transcript is held to (a long meeting is a few thousand
// utterances).
const (
	MaxUtterances    = 100_000
	MaxUtteranceText = 64 << 10
	MaxSpeakers      = 64
	maxAudioMS       = 7 * 24 * 3600 * 1000 // a week of audio
)

// TranscriptAudioRef returns the ref of a recording ("recording") or an
// attachment ("attachment") with id.
func TranscriptAudioRef(kind string, id int64) string {
	return kind + ":" + strconv.FormatInt(id, 10)
}

// ParseAudioRef splits a transcript's audio ref into its kind
// ("recording" or "attachment") and id.
func ParseAudioRef(ref string) (string, int64, error) {
	kind, num, ok := strings.Cut(ref, ":")
	id, err := strconv.ParseInt(num, 10, 64)
	if !ok || (kind != "recording" && kind != "attachment") || err != nil || id <= 0 || strconv.FormatInt(id, 10) != num {
		return "", 0, fmt.Errorf("%w: audio %q is not recording:<id> or attachment:<id>", errInvalid, ref)
	}
	return kind, id, nil
}

// Normalize trims the texts of t and puts them in NFC, as for entries.
func (t TranscriptRevision) Normalize() TranscriptRevision {
	t.Transcriber = NFC(strings.TrimSpace(t.Transcriber))
	t.Lang = strings.TrimSpace(t.Lang)
	t.Reason = NFC(strings.TrimSpace(t.Reason))
	sp := make([]TranscriptSpeaker, len(t.Speakers))
	for i, s := range t.Speakers {
		sp[i] = TranscriptSpeaker{ID: strings.TrimSpace(s.ID), Name: NFC(strings.TrimSpace(s.Name))}
	}
	t.Speakers = sp
	us := make([]Utterance, len(t.Utterances))
	for i, u := range t.Utterances {
		u.Speaker = strings.TrimSpace(u.Speaker)
		u.Text = NFC(strings.TrimSpace(u.Text))
		us[i] = u
	}
	t.Utterances = us
	return t
}

// Validate checks what a transcriber gives: the audio, the speakers and
// each utterance. A tombstone has no speakers and no utterances.
func (t TranscriptRevision) Validate() error {
	if _, _, err := ParseAudioRef(t.Audio.Ref); err != nil {
		return err
	}
	if !isHex(t.Audio.SHA256, 64) {
		return fmt.Errorf("%w: the audio's SHA-256 is not 64 hex digits", errInvalid)
	}
	for _, s := range []struct{ what, s string }{{"transcriber", t.Transcriber}, {"reason", t.Reason}} {
		if err := ValidText(s.what, s.s); err != nil {
			return err
		}
	}
	if t.Lang != "" && !IsLangTag(t.Lang) {
		return fmt.Errorf("%w: language %q is not a language tag", errInvalid, t.Lang)
	}
	if t.Kind == KindDelete {
		if len(t.Speakers) > 0 || len(t.Utterances) > 0 {
			return fmt.Errorf("%w: a deleted transcript has no speakers or utterances", errInvalid)
		}
		return nil
	}
	if len(t.Speakers) > MaxSpeakers || len(t.Utterances) > MaxUtterances {
		return fmt.Errorf("%w: at most %d speakers and %d utterances", errInvalid, MaxSpeakers, MaxUtterances)
	}
	ids := map[string]bool{}
	for _, s := range t.Speakers {
		if s.ID == "" || len(s.ID) > 16 || strings.ContainsAny(s.ID, " \t\r\n") || ids[s.ID] {
			return fmt.Errorf("%w: speaker id %q (short, unique, no spaces)", errInvalid, s.ID)
		}
		if err := ValidText("speaker", s.Name); err != nil {
			return err
		}
		if err := ValidText("speaker", s.ID); err != nil {
			return err
		}
		ids[s.ID] = true
	}
	for i, u := range t.Utterances {
		switch {
		case u.StartMS < 0 || u.EndMS < u.StartMS || u.EndMS > maxAudioMS:
			return fmt.Errorf("%w: utterance %d: times %d–%d ms", errInvalid, i+1, u.StartMS, u.EndMS)
		case u.Speaker != "" && !ids[u.Speaker]:
			return fmt.Errorf("%w: utterance %d: speaker %q is not in the list", errInvalid, i+1, u.Speaker)
		case len(u.Text) > MaxUtteranceText:
			return fmt.Errorf("%w: utterance %d is longer than %d bytes", errInvalid, i+1, MaxUtteranceText)
		case i > 0 && u.StartMS < t.Utterances[i-1].StartMS:
			return fmt.Errorf("%w: utterance %d starts before the one above it", errInvalid, i+1)
		}
		if err := ValidText("utterance", u.Text); err != nil {
			return err
		}
	}
	return nil
}

// Canonical returns the canonical encoding of t.
func (t TranscriptRevision) Canonical() ([]byte, error) {
	if err := checkHeader(t.Version, t.Salt); err != nil {
		return nil, err
	}
	if t.TranscriptID <= 0 || t.Rev <= 0 {
		return nil, fmt.Errorf("%w: transcript id or revision out of range", errInvalid)
	}
	switch {
	case t.Kind == KindCreate && t.Rev == 1, t.Kind == KindEdit && t.Rev > 1, t.Kind == KindDelete && t.Rev > 1:
	default:
		return nil, fmt.Errorf("%w: transcript revision %d of kind %q", errInvalid, t.Rev, t.Kind)
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if t.Speakers == nil {
		t.Speakers = []TranscriptSpeaker{}
	}
	if t.Utterances == nil {
		t.Utterances = []Utterance{}
	}
	t.RecordedAt = t.RecordedAt.Round(0)
	return canonical(t)
}

// ParseTranscriptRevision decodes canonical bytes.
func ParseTranscriptRevision(b []byte) (TranscriptRevision, error) {
	var t TranscriptRevision
	if err := parseCanonical(b, &t, func() ([]byte, error) { return t.Canonical() }); err != nil {
		return TranscriptRevision{}, err
	}
	return t, nil
}

// Timecode writes ms as a transcript's timecode: 1:02:03 from an hour on,
// else 02:03 (minutes and seconds), as 反訳書 number them.
func Timecode(ms int64) string {
	s := ms / 1000
	h, m, sec := s/3600, s/60%60, s%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, sec)
	}
	return fmt.Sprintf("%02d:%02d", m, sec)
}

// ParseTimecode reads m:ss or h:mm:ss, the seconds with an optional
// fraction ("01:02.5"), into milliseconds: what kirokuctl's line files and
// the app's transcript editor take.
func ParseTimecode(s string) (int64, error) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, errors.New("not a timecode")
	}
	sec, err := strconv.ParseFloat(parts[len(parts)-1], 64)
	if err != nil || sec < 0 || sec >= 60 || strings.ContainsAny(parts[len(parts)-1], "eE+-") {
		return 0, errors.New("seconds")
	}
	var minutes int64
	for i, p := range parts[:len(parts)-1] {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil || n < 0 || n > 1_000_000 || (i > 0 && n >= 60) {
			return 0, errors.New("hours or minutes")
		}
		minutes = minutes*60 + n
	}
	return minutes*60_000 + int64(sec*1000+0.5), nil
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
