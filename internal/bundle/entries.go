package bundle

import (
	_ "embed"
	"encoding/json"
	"time"

	"github.com/kiroku-app/kiroku/internal/record"
)

// EntriesFormat is the value of Entries.Format.
const EntriesFormat = "kiroku-entries/1"

// EntriesSchema is the JSON Schema (draft 2020-12) of data/entries.json,
// written into every bag as data/entries.schema.json.
//
//go:embed entries.schema.json
var EntriesSchema []byte

// Entries is data/entries.json: the exported content in machine-readable
// form. Every revision, recording and attachment names the canonical record
// (path relative to data/) that proves it; the verifier checks that each
// says what its record says. Paths are relative to data/.
type Entries struct {
	Format      string           `json:"format"` // EntriesFormat
	VaultID     string           `json:"vault_id,omitempty"`
	Head        *HeadJSON        `json:"head,omitempty"`
	Selection   *Selection       `json:"selection,omitempty"`
	Entries     []EntryJSON      `json:"entries"`
	Recordings  []RecordingJSON  `json:"recordings"`
	Attachments []AttachmentJSON `json:"attachments"`
	Hours       *json.RawMessage `json:"hours,omitempty"`
	// Transcripts (反訳) of the exported audio, every revision of each
	// that was not taken back (vault format 7); absent when none.
	Transcripts []TranscriptJSON `json:"transcripts,omitempty"`
	// Damaged names the records ("revision:12", "recording:3"...) that
	// the vault could not open when the bundle was made. They are left
	// out; their links are still in the chain. Absent when none.
	Damaged []string `json:"damaged,omitempty"`
}

// HeadJSON names the ledger head an export was made at.
type HeadJSON struct {
	Seq  uint64 `json:"seq"`
	Link string `json:"link"`
}

// Selection is what the user chose to export.
type Selection struct {
	From       *time.Time `json:"from,omitempty"`
	To         *time.Time `json:"to,omitempty"`
	Categories []string   `json:"categories,omitempty"`
	Entries    []int64    `json:"entries,omitempty"`
	Lang       string     `json:"lang,omitempty"`
}

// EntryJSON is one entry with every exported revision, oldest first.
type EntryJSON struct {
	ID        int64          `json:"id"`
	Deleted   bool           `json:"deleted,omitempty"`
	Purged    bool           `json:"purged,omitempty"`
	Purge     string         `json:"purge,omitempty"` // ledger/records/purge-<id>.json when purged
	Rules     []string       `json:"rules,omitempty"` // related rule ids (rules/<id>.md)
	Revisions []RevisionJSON `json:"revisions"`
	// Translations are the entry's translations (訳文, vault format 7),
	// every revision of each, as their records state them; absent when
	// the entry has none.
	Translations []TranslationJSON `json:"translations,omitempty"`
}

// TranslationJSON is one revision of a translation of an entry as its
// canonical record states it.
type TranslationJSON struct {
	ID           int64                    `json:"id"` // the translation (record "translation"), not the row
	Rev          int                      `json:"rev"`
	Kind         string                   `json:"kind"`
	RecordedAt   time.Time                `json:"recorded_at"`
	Source       record.TranslationSource `json:"source"` // the entry revision translated
	Lang         string                   `json:"lang"`
	Translator   string                   `json:"translator,omitempty"`
	TranslatedOn string                   `json:"translated_on,omitempty"`
	Fields       map[string]string        `json:"fields"`
	Reason       string                   `json:"reason,omitempty"`
	Record       string                   `json:"record"` // ledger/records/translation-<translations.id>.json
}

// TranslationOf states translation revision t as entries.json does.
func TranslationOf(t record.EntryTranslation, rec string) TranslationJSON {
	f := t.Fields
	if f == nil {
		f = map[string]string{}
	}
	return TranslationJSON{ID: t.TranslationID, Rev: t.Rev, Kind: t.Kind, RecordedAt: t.RecordedAt, Source: t.Source,
		Lang: t.Lang, Translator: t.Translator, TranslatedOn: t.TranslatedOn, Fields: f, Reason: t.Reason, Record: rec}
}

// RevisionJSON is one revision as its canonical record states it.
type RevisionJSON struct {
	Rev        int           `json:"rev"`
	Kind       string        `json:"kind"`
	RecordedAt time.Time     `json:"recorded_at"`
	Reason     string        `json:"reason,omitempty"`
	Fields     record.Fields `json:"fields"`
	Record     string        `json:"record"` // ledger/records/revision-<revisions.id>.json
}

// RecordingJSON is one exported recording.
type RecordingJSON struct {
	ID         int64     `json:"id"`
	File       string    `json:"file"`   // audio/recording-<id>.wav, or .opus for an Opus recording
	SHA256     string    `json:"sha256"` // of File, = the record's wav_sha256 (PCM) or opus_sha256 (Opus)
	Record     string    `json:"record"` // ledger/records/recording-<id>.json
	Start      string    `json:"start,omitempty"`
	Entry      int64     `json:"entry,omitempty"`
	StartedAt  time.Time `json:"started_at,omitzero"`
	EndedAt    time.Time `json:"ended_at,omitzero"`
	DurationNS int64     `json:"duration_ns,omitempty"`
	State      string    `json:"state,omitempty"`
	Label      string    `json:"label,omitempty"`
	Markers    []Marker  `json:"markers,omitempty"`
}

// Marker is a point the user flagged in a recording. Label is what the
// recording's end record says (the label typed before the marker was
// placed); a label given later is a record of its own, listed in Labels
// oldest first, and CurrentLabel is the latest of them.
type Marker struct {
	AtNS         int64         `json:"at_ns"`
	Wall         time.Time     `json:"wall"`
	Label        string        `json:"label"`
	CurrentLabel *string       `json:"current_label,omitempty"` // set when Labels is not empty
	Labels       []MarkerLabel `json:"labels,omitempty"`
}

// MarkerLabel is one label given to a marker after it was placed, as its
// record states it.
type MarkerLabel struct {
	Label      string    `json:"label"` // empty: the label was cleared
	RecordedAt time.Time `json:"recorded_at"`
	Record     string    `json:"record"` // ledger/records/marker_label-<id>.json
}

// AttachmentJSON is one exported imported file.
type AttachmentJSON struct {
	ID         int64     `json:"id"`
	File       string    `json:"file"`   // attachments/attachment-<id>-<SafeName(name)>
	Name       string    `json:"name"`   // the original file name
	SHA256     string    `json:"sha256"` // of File, = the record's sha256
	Record     string    `json:"record"` // ledger/records/attachment-<id>.json
	Size       int64     `json:"size,omitempty"`
	MediaType  string    `json:"media_type,omitempty"`
	Entry      int64     `json:"entry,omitempty"`
	ImportedAt time.Time `json:"imported_at,omitzero"`
}

// TranscriptJSON is one revision of a transcript as its canonical record
// states it, with the bag path of the audio it transcribes.
type TranscriptJSON struct {
	ID          int64                      `json:"id"` // the transcript (record "transcript"), not the row
	Rev         int                        `json:"rev"`
	Kind        string                     `json:"kind"`
	RecordedAt  time.Time                  `json:"recorded_at"`
	Audio       record.TranscriptAudio     `json:"audio"`
	File        string                     `json:"file"` // the audio in the bag (audio/..., attachments/...)
	Transcriber string                     `json:"transcriber"`
	Lang        string                     `json:"lang,omitempty"`
	Speakers    []record.TranscriptSpeaker `json:"speakers"`
	Utterances  []record.Utterance         `json:"utterances"`
	Reason      string                     `json:"reason,omitempty"`
	Record      string                     `json:"record"` // ledger/records/transcript-<transcripts.id>.json
}

// TranscriptOf states transcript revision t as entries.json does.
func TranscriptOf(t record.TranscriptRevision, rec, file string) TranscriptJSON {
	sp, us := t.Speakers, t.Utterances
	if sp == nil {
		sp = []record.TranscriptSpeaker{}
	}
	if us == nil {
		us = []record.Utterance{}
	}
	return TranscriptJSON{ID: t.TranscriptID, Rev: t.Rev, Kind: t.Kind, RecordedAt: t.RecordedAt, Audio: t.Audio, File: file,
		Transcriber: t.Transcriber, Lang: t.Lang, Speakers: sp, Utterances: us, Reason: t.Reason, Record: rec}
}
