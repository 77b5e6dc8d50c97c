package app

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/kiroku-app/kiroku/internal/record"
)

// Vaults creates, opens and recovers vault files. Package local
// implements it with the real encrypted vault; tests use fakes too.
//
// Open, Create and Recover run the passphrase KDF (about a second): screens
// call them from a goroutine and update widgets through fyne.Do.
type Vaults interface {
	// DefaultPath is where a new vault goes unless the user picks a folder.
	DefaultPath() string
	// Exists reports whether a file exists at path.
	Exists(path string) bool
	// Create makes a new vault and returns it unlocked with its recovery key,
	// which must be shown to the user exactly once.
	Create(path string, passphrase []byte) (Store, string, error)
	// Open unlocks an existing vault.
	Open(path string, passphrase []byte) (Store, error)
	// Recover unlocks with the recovery key and sets a new passphrase.
	Recover(path, recoveryKey string, newPassphrase []byte) (Store, error)
}

// Store is an unlocked vault.
type Store interface {
	Path() string
	// Entries returns the current state of every entry that is not deleted,
	// newest event first.
	Entries() ([]record.Entry, error)
	Entry(id int64) (record.Entry, error)
	Add(f record.Fields) (record.Entry, error)
	Edit(id int64, f record.Fields, reason string) (record.Entry, error)
	Delete(id int64, reason string) error
	// History returns every revision of an entry, oldest first.
	History(id int64) ([]record.Revision, error)
	// ChangePassphrase re-keys the vault under the new passphrase and
	// returns its new recovery key (the old one stops opening the file).
	ChangePassphrase(old, new []byte) (recoveryKey string, err error)
	// NewRecoveryKey re-keys the vault under the same passphrase and
	// returns the new recovery key.
	NewRecoveryKey(passphrase []byte) (recoveryKey string, err error)
	// StartRecording starts capturing from the microphone into a new
	// recording attached to entry entryID or, when entryID is 0, to a new
	// entry made from newEntry once the microphone is open (so that a
	// missing microphone leaves no empty entry behind). Each second of
	// audio is sealed and committed as it arrives, so a crash or an
	// unplugged microphone loses at most the last second. Errors:
	// ErrNoMicrophone, ErrMicrophoneDenied, ErrNoAudioSystem, or a vault
	// error.
	StartRecording(entryID int64, newEntry record.Fields) (RecordingSession, error)
	// Recordings lists the recordings attached to entry entryID, oldest
	// first.
	Recordings(entryID int64) ([]RecordingInfo, error)
	// LabelMarker labels (or relabels, or with an empty label clears)
	// marker markerID of recording recordingID, during or after the
	// recording. The marker and every earlier label stay as its history;
	// it returns the marker as it is now.
	LabelMarker(recordingID, markerID int64, label string) (Mark, error)
	// Import stores the file at path byte for byte, attached to entry
	// entryID. Files can be gigabytes: screens call it from a goroutine,
	// show progress (progress, if not nil, is called from that goroutine
	// with the bytes read so far and the file's size) and may cancel ctx,
	// which stops the import and leaves nothing of it in the vault.
	Import(ctx context.Context, path string, entryID int64, progress func(done, total int64)) (AttachmentInfo, error)
	// Attachments lists the files attached to entry entryID, oldest first.
	Attachments(entryID int64) ([]AttachmentInfo, error)
	// AttachmentBytes returns the contents of attachment id, verified,
	// for previewing small images in memory. It refuses (ErrTooLarge)
	// an attachment of more than max bytes without reading it.
	AttachmentBytes(id int64, max int64) ([]byte, error)
	// Stats counts the recordings and attachments of every entry, for the
	// timeline's badges; entries with neither may be missing from the map.
	Stats() (map[int64]EntryStats, error)
	// OpenPlayback prepares recording id for playback, paused at its
	// start. Errors: ErrNoAudioOutput, ErrNoAudioSystem, or a vault error.
	OpenPlayback(recordingID int64) (Playback, error)
	// OpenAttachmentPlayback prepares an imported audio file (a phone
	// recording) for listening, decoded in memory, paused at its start.
	// The imported bytes stay as they are. Errors: those of OpenPlayback,
	// ErrAudioTooLong, and media's (not audio, no decoder for its codec,
	// does not decode).
	OpenAttachmentPlayback(attachmentID int64) (Playback, error)
	// SaveDraft keeps the entry form's unsaved contents sealed in the
	// vault, replacing any earlier draft. Locking calls it before Close so
	// that nothing typed is lost, and nothing of it stays in memory or in
	// a plaintext file.
	SaveDraft(d Draft) error
	// Draft returns the draft SaveDraft kept, and whether there is one.
	Draft() (Draft, bool, error)
	// ClearDraft removes the draft, if any: its entry was saved or the
	// user discarded it.
	ClearDraft() error
	// Close wipes the keys from memory and releases the file.
	Close() error
}

// Draft is the entry form as it was when the app locked with unsaved
// changes. It is not a record: it is kept (sealed) only until the entry is
// saved or the user discards it, and it never goes into the ledger, an
// export or a bundle. The fields are the form's text as typed, unchecked
// (the event time may not parse yet).
type Draft struct {
	EntryID int64     `json:"entry_id,omitempty"` // the entry being edited; 0 for a new entry
	Rev     int       `json:"rev,omitempty"`      // the revision the edit started from
	SavedAt time.Time `json:"saved_at"`

	When       string          `json:"when"` // as typed, in Zone (or the app's zone)
	Zone       string          `json:"zone,omitempty"`
	Place      string          `json:"place,omitempty"`
	People     []record.Person `json:"people,omitempty"`
	Text       string          `json:"text,omitempty"`
	Quote      string          `json:"quote,omitempty"`
	Witnesses  string          `json:"witnesses,omitempty"` // as typed, before splitting
	Categories []string        `json:"categories,omitempty"`
	Impact     string          `json:"impact,omitempty"`
	Actions    string          `json:"actions,omitempty"`
	Lang       string          `json:"lang,omitempty"`   // the tag chosen, "" none
	Reason     string          `json:"reason,omitempty"` // of an edit

	// Since 2026-12 (an older reader ignores them): the quotes with their
	// speakers (Quote is what an older draft kept), and the
	// consultation-sheet fields, as typed.
	Quotes        []record.Quote        `json:"quotes,omitempty"`
	Recurrence    string                `json:"recurrence,omitempty"`
	Since         string                `json:"since,omitempty"`
	HowOften      string                `json:"how_often,omitempty"`
	Duration      string                `json:"duration,omitempty"`
	Affected      string                `json:"affected,omitempty"` // as typed, before splitting
	Consultations []record.Consultation `json:"consultations,omitempty"`
	Wants         []string              `json:"wants,omitempty"`
	WantsNote     string                `json:"wants_note,omitempty"`
}

// EntryStats is what is attached to one entry.
type EntryStats struct {
	Recordings  int
	Attachments int
	// Translations counts the entry's current translations (訳文).
	Translations int
}

// TranslationStore keeps translations of entries (訳文, 民事訴訟規則138条):
// a Japanese translation a worker or supporter types, kept beside the
// entry as its own record, every revision kept. Optional on a Store.
type TranslationStore interface {
	// Translations returns the current revision of each translation of
	// entry id that was not taken back.
	Translations(entryID int64) ([]record.EntryTranslation, error)
	// SaveTranslation saves t as a new translation of t.EntryID (when
	// t.TranslationID is 0) or as the next revision of t.TranslationID;
	// the vault binds it to the entry's current revision.
	SaveTranslation(t record.EntryTranslation) (record.EntryTranslation, error)
	// RevisionRefs names the entry's revisions in order; a translation
	// whose source is not the last one is of an earlier wording.
	RevisionRefs(entryID int64) ([]string, error)
	// SaveTranslationDraft keeps the translation screen's unsaved
	// contents sealed in the vault when the app locks, replacing any
	// earlier one; TranslationDraft returns it; ClearTranslationDraft
	// removes it once saved or discarded. Like Draft, never evidence.
	SaveTranslationDraft(d TranslationDraft) error
	TranslationDraft() (TranslationDraft, bool, error)
	ClearTranslationDraft() error
}

// TranslationDraft is the translation screen as it was when the app
// locked with unsaved text: not a record, kept sealed only until saved or
// discarded.
type TranslationDraft struct {
	EntryID       int64             `json:"entry_id"`
	TranslationID int64             `json:"translation_id,omitempty"` // 0: a new translation
	Translator    string            `json:"translator,omitempty"`
	Date          string            `json:"date,omitempty"`
	Reason        string            `json:"reason,omitempty"`
	Parts         map[string]string `json:"parts,omitempty"` // part key -> text as typed
	SavedAt       time.Time         `json:"saved_at"`
}

// TranscriptStore keeps transcripts (反訳) of recordings and imported
// audio files: what was said, utterance by utterance, each save a sealed
// revision tied to the audio's SHA-256, every earlier wording kept.
// Optional on a Store.
type TranscriptStore interface {
	// AudioTranscripts returns the current revision of each transcript of
	// the audio at ref ("recording:3", "attachment:5") that was not
	// deleted, by transcript id; ref "" returns those of every audio.
	AudioTranscripts(ref string) ([]record.TranscriptRevision, error)
	// TranscriptHistory returns every revision of transcript id, oldest
	// first.
	TranscriptHistory(id int64) ([]record.TranscriptRevision, error)
	// SaveTranscript saves t as a new transcript (t.TranscriptID 0) or as
	// the next revision of t.TranscriptID; the vault fills in the audio's
	// SHA-256 and refuses audio it does not hold.
	SaveTranscript(t record.TranscriptRevision) (record.TranscriptRevision, error)
	// SaveTranscriptDraft keeps the transcript editor's unsaved contents
	// sealed in the vault when the app locks or closes, replacing any
	// earlier one; TranscriptDraft returns it; ClearTranscriptDraft
	// removes it once saved or discarded. Like Draft, never evidence.
	SaveTranscriptDraft(d TranscriptDraft) error
	TranscriptDraft() (TranscriptDraft, bool, error)
	ClearTranscriptDraft() error
	// WriteTranscriptFiling writes the 反訳書 of transcript id's current
	// revision on its own, as format "pdf" or "docx", to w: the document
	// a court receives with the recording, the same as in a bundle.
	WriteTranscriptFiling(id int64, format string, w io.Writer) error
}

// TranscriptDraft is the transcript editor as it was when the app locked
// with unsaved work: not a record, kept sealed only until saved or
// discarded.
type TranscriptDraft struct {
	EntryID      int64                      `json:"entry_id"`
	Audio        string                     `json:"audio"`                   // the audio ref
	TranscriptID int64                      `json:"transcript_id,omitempty"` // 0: a new transcript
	Transcriber  string                     `json:"transcriber,omitempty"`
	Lang         string                     `json:"lang,omitempty"`
	Reason       string                     `json:"reason,omitempty"`
	Speakers     []record.TranscriptSpeaker `json:"speakers,omitempty"`
	Utterances   []record.Utterance         `json:"utterances,omitempty"` // as typed, the one being edited included
	SavedAt      time.Time                  `json:"saved_at"`
}

// SpeedControl is a Playback whose speed can be changed, for
// transcribing: percent of normal, from 50 to 150 (clamped). Frames are
// stepped through, so slower also sounds lower. Optional on a Playback.
type SpeedControl interface {
	SetSpeed(percent int) error
	Speed() int
}

// Playback plays one recording from the vault. Its methods are safe to
// call from any goroutine; Play, Pause and Seek may wait briefly for the
// audio thread, so screens call them off the Fyne thread.
type Playback interface {
	Duration() time.Duration
	// Position is the point playback has reached.
	Position() time.Duration
	// Playing is true while sound is playing (not paused, not at the end).
	Playing() bool
	Play() error
	Pause() error
	// Seek moves to pos, clamped to the recording, keeping play or pause.
	Seek(pos time.Duration) error
	// Peaks reads the whole recording and returns n values from 0 to 1:
	// the loudest sample of each n-th of it, for drawing a waveform. It
	// takes a while for long recordings; call it from a goroutine.
	Peaks(n int) ([]float32, error)
	// Err is the first error playback met (the device was lost), or nil.
	Err() error
	// Close stops playback and releases the device; safe to call twice.
	Close() error
}

// Errors from Vaults and Store are wrapped sentinels of package apperr;
// screens test them with errors.Is to show a message in the user's language.

// RecordingSession is a recording in progress. Its methods are safe to call
// from any goroutine; Marker and Stop write to the vault, so screens call
// them from a goroutine.
type RecordingSession interface {
	// ID is the recording's number in the vault.
	ID() int64
	// EntryID is the entry the recording is attached to.
	EntryID() int64
	// Level is the RMS and peak of the latest audio, as fractions of full
	// scale; zero while paused.
	Level() (rms, peak float64)
	// Elapsed is the time recorded so far, without pauses.
	Elapsed() time.Duration
	Pause()
	Resume()
	Paused() bool
	// Marker stores a labelled point at the current position and returns
	// its id: a label typed afterwards goes to Store.LabelMarker.
	Marker(label string) (int64, error)
	// Done is closed when the recording has ended by itself (the
	// microphone was lost, the disk failed); Stop then reports why.
	Done() <-chan struct{}
	// Stop ends the recording and saves its end. It is safe to call more
	// than once and returns the same result each time. Whatever was
	// recorded is kept even when err is not nil (result.ID != 0 then).
	Stop() (RecordingResult, error)
}

// RecordingResult is a finished recording.
type RecordingResult struct {
	ID       int64
	Duration time.Duration
	SHA256   string // hex SHA-256 of the recording's canonical file (WAV, or Ogg Opus since vault format 8)
}

// RecordingInfo describes one recording of an entry.
type RecordingInfo struct {
	ID       int64
	Started  time.Time
	Duration time.Duration
	State    string // "recording", record.StateComplete or record.StateInterrupted
	Markers  int
	Marks    []Mark // the markers, in the order of their position
	SHA256   string // empty until the recording is finished
}

// Mark is a labelled point in a recording.
type Mark struct {
	ID     int64 // the marker's id in the vault, for LabelMarker
	At     time.Duration
	Wall   time.Time // when it was placed
	Label  string    // its label now
	Placed string    // the label it was placed with
	// History lists the labels given to it after it was placed, oldest
	// first; the last is Label.
	History []MarkLabel
}

// MarkLabel is one label given to a marker after it was placed.
type MarkLabel struct {
	Label      string // empty: the label was cleared
	RecordedAt time.Time
}

// AttachmentInfo describes one imported file.
type AttachmentInfo struct {
	ID         int64
	Name       string // the original file's base name
	Size       int64
	SHA256     string // hex
	MediaType  string
	ImportedAt time.Time
	EntryID    int64
}

// ErrAudioTooLong is returned by OpenAttachmentPlayback for imported
// audio too long to decode in memory for listening (see the limit in
// app/local); the file can still be extracted and played elsewhere.
var ErrAudioTooLong = errors.New("imported audio too long to play in Kiroku yet")

// ErrNotAudio: an imported file is not audio Kiroku can decode (WAV, MP3,
// M4A/AAC, Ogg Vorbis or Opus, FLAC).
var ErrNotAudio = errors.New("not an audio file Kiroku can decode")

// ErrAudioUndecodable: an imported file says it is audio but does not
// decode. The file itself is kept, its hash still matching.
var ErrAudioUndecodable = errors.New("the audio file does not decode")

// CodecMissingError: an imported file is audio of a codec no decoder on
// this computer reads (AMR-WB, AMR in .3gp, AMR-NB without the system's
// decoder); the file is kept as imported.
type CodecMissingError struct{ Codec string }

func (e *CodecMissingError) Error() string {
	return "no decoder for " + e.Codec + " audio on this computer"
}

// CodecMissing reports whether err says a codec is missing, and which.
func CodecMissing(err error) (string, bool) {
	var cm *CodecMissingError
	if errors.As(err, &cm) {
		return cm.Codec, true
	}
	return "", false
}

// ErrTooLarge is returned by AttachmentBytes for an attachment above the
// limit asked for.
var ErrTooLarge = errors.New("attachment too large")

// Errors of recording, which the Store wraps around the audio system's own.
var (
	ErrNoMicrophone     = errors.New("no microphone")
	ErrMicrophoneLost   = errors.New("microphone stopped working")
	ErrMicrophoneDenied = errors.New("microphone access denied")
	ErrNoAudioSystem    = errors.New("no audio system")
	ErrNoAudioOutput    = errors.New("no audio output")
)
