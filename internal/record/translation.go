package record

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A translation (訳文) is a Japanese translation of an entry written in
// another language: what rule 138 of the Rules of Civil Procedure
// (民事訴訟規則138条) asks for when a document in a foreign language is
// offered as evidence. A worker or a supporter types it, gives their name
// and the date, and Kiroku keeps it as its own record: sealed, linked in
// the ledger, every revision kept like an entry's, never written over the
// original. Each revision names the exact entry revision it translates
// (by ledger ref and record hash), so a translation of an older wording is
// shown as such once the entry changes.

// Translation revision kinds are the entry kinds: KindCreate, KindEdit,
// KindDelete (a tombstone without fields).

// TranslationSource names the entry revision a translation was made from:
// its ledger ref ("revision:12") and its record hash (lower-case hex).
type TranslationSource struct {
	Ref  string `json:"ref"`
	Hash string `json:"hash"`
}

// EntryTranslation is one immutable version of an entry's translation.
type EntryTranslation struct {
	Version       int               `json:"v"`
	Salt          string            `json:"n"`
	TranslationID int64             `json:"translation"`
	Rev           int               `json:"rev"`
	Kind          string            `json:"kind"`
	RecordedAt    time.Time         `json:"recorded_at"` // set by the vault
	EntryID       int64             `json:"entry"`
	Source        TranslationSource `json:"source"`
	Lang          string            `json:"lang"`          // the translation's language: "ja" for a 訳文
	Translator    string            `json:"translator"`    // who translated, as they give their name
	TranslatedOn  string            `json:"translated_on"` // YYYY-MM-DD, as the translator dates it
	// Fields holds the translated text of each part of the entry, by
	// TranslationPart key ("text", "quote.1", ...); a part not translated
	// is absent. encoding/json writes the keys sorted, so the map is
	// canonical.
	Fields map[string]string `json:"fields"`
	Reason string            `json:"reason,omitempty"` // of an edit or a delete
}

// The parts of an entry a translation can carry, by key: free text the
// worker wrote. Names of people, dates and choices from lists stay as they
// are (a list choice is translated by the report itself).
const (
	PartPlace     = "place"
	PartText      = "text"
	PartImpact    = "impact"
	PartActions   = "actions"
	PartHowOften  = "how_often"
	PartDuration  = "duration"
	PartWantsNote = "wants_note"
	// Numbered parts, 1-based, in the order of the entry's lists:
	// "quote.N" the words of the N-th quote (AllQuotes), "speaker.N" who
	// said them, "response.N" what the N-th consultation answered.
	PartQuote    = "quote"
	PartSpeaker  = "speaker"
	PartResponse = "response"
)

var partKey = regexp.MustCompile(`^(place|text|impact|actions|how_often|duration|wants_note|(quote|speaker|response)\.[1-9][0-9]{0,3})$`)

// IsTranslationPart reports whether key names a part of an entry.
func IsTranslationPart(key string) bool { return partKey.MatchString(key) }

// TranslationPart is one part of an entry a translation may carry: its
// key and the original text.
type TranslationPart struct {
	Key      string
	Original string
}

// TranslationParts lists the parts of f that have text, in reading order:
// what a translator is offered.
func TranslationParts(f Fields) []TranslationPart {
	var out []TranslationPart
	add := func(key, s string) {
		if strings.TrimSpace(s) != "" {
			out = append(out, TranslationPart{key, s})
		}
	}
	add(PartPlace, f.Place)
	add(PartText, f.Text)
	for i, q := range f.AllQuotes() {
		n := strconv.Itoa(i + 1)
		add(PartSpeaker+"."+n, q.Speaker)
		add(PartQuote+"."+n, q.Words)
	}
	add(PartImpact, f.Impact)
	add(PartActions, f.Actions)
	add(PartHowOften, f.HowOften)
	add(PartDuration, f.Duration)
	for i, c := range f.Consultations {
		add(PartResponse+"."+strconv.Itoa(i+1), c.Response)
	}
	add(PartWantsNote, f.WantsNote)
	return out
}

// MaxTranslationParts bounds how many parts a translation carries.
const MaxTranslationParts = 2048

// Normalize trims the texts of t and puts them in NFC, as for entries; a
// part left empty is dropped.
func (t EntryTranslation) Normalize() EntryTranslation {
	t.Translator = NFC(strings.TrimSpace(t.Translator))
	t.TranslatedOn = strings.TrimSpace(t.TranslatedOn)
	t.Lang = strings.TrimSpace(t.Lang)
	t.Reason = NFC(strings.TrimSpace(t.Reason))
	fields := make(map[string]string, len(t.Fields))
	for k, v := range t.Fields {
		if v = NFC(strings.TrimSpace(v)); v != "" {
			fields[strings.TrimSpace(k)] = v
		}
	}
	t.Fields = fields
	return t
}

// Validate checks what a translator gives. A tombstone has no fields; any
// other revision has at least one, a translator's name and a date.
func (t EntryTranslation) Validate() error {
	if t.EntryID <= 0 {
		return fmt.Errorf("%w: a translation names no entry", errInvalid)
	}
	kind, num, ok := strings.Cut(t.Source.Ref, ":")
	if id, err := strconv.ParseInt(num, 10, 64); !ok || kind != "revision" || err != nil || id <= 0 || strconv.FormatInt(id, 10) != num {
		return fmt.Errorf("%w: source %q is not revision:<id>", errInvalid, t.Source.Ref)
	}
	if !isHex(t.Source.Hash, 64) {
		return fmt.Errorf("%w: the source's record hash is not 64 hex digits", errInvalid)
	}
	if !IsLangTag(t.Lang) {
		return fmt.Errorf("%w: language %q is not a language tag", errInvalid, t.Lang)
	}
	for _, s := range []struct{ what, s string }{{"translator", t.Translator}, {"reason", t.Reason}} {
		if err := ValidText(s.what, s.s); err != nil {
			return err
		}
	}
	if t.Kind == KindDelete {
		if len(t.Fields) > 0 {
			return fmt.Errorf("%w: a deleted translation has no text", errInvalid)
		}
		return nil
	}
	if t.Translator == "" {
		return fmt.Errorf("%w: a translation needs the translator's name", errInvalid)
	}
	if len(t.TranslatedOn) != len("2006-01-02") || !IsPartialDate(t.TranslatedOn) {
		return fmt.Errorf("%w: translation date %q is not YYYY-MM-DD", errInvalid, t.TranslatedOn)
	}
	if len(t.Fields) == 0 {
		return fmt.Errorf("%w: a translation needs the text of at least one part", errInvalid)
	}
	if len(t.Fields) > MaxTranslationParts {
		return fmt.Errorf("%w: at most %d parts", errInvalid, MaxTranslationParts)
	}
	keys := make([]string, 0, len(t.Fields))
	for k := range t.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !IsTranslationPart(k) {
			return fmt.Errorf("%w: %q is not a part of an entry", errInvalid, k)
		}
		if t.Fields[k] == "" {
			return fmt.Errorf("%w: part %q is empty", errInvalid, k)
		}
		if err := ValidText(k, t.Fields[k]); err != nil {
			return err
		}
	}
	return nil
}

// Canonical returns the canonical encoding of t.
func (t EntryTranslation) Canonical() ([]byte, error) {
	if err := checkHeader(t.Version, t.Salt); err != nil {
		return nil, err
	}
	if t.TranslationID <= 0 || t.Rev <= 0 {
		return nil, fmt.Errorf("%w: translation id or revision out of range", errInvalid)
	}
	switch {
	case t.Kind == KindCreate && t.Rev == 1, t.Kind == KindEdit && t.Rev > 1, t.Kind == KindDelete && t.Rev > 1:
	default:
		return nil, fmt.Errorf("%w: translation revision %d of kind %q", errInvalid, t.Rev, t.Kind)
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if t.Fields == nil {
		t.Fields = map[string]string{}
	}
	t.RecordedAt = t.RecordedAt.Round(0)
	return canonical(t)
}

// ParseEntryTranslation decodes canonical bytes.
func ParseEntryTranslation(b []byte) (EntryTranslation, error) {
	var t EntryTranslation
	if err := parseCanonical(b, &t, func() ([]byte, error) { return t.Canonical() }); err != nil {
		return EntryTranslation{}, err
	}
	return t, nil
}
