// Package record defines Kiroku's domain records (diary entries and their
// revisions) and their canonical byte encoding.
//
// The canonical encoding is what gets sealed into the vault and what the
// ledger hashes, so it must be stable: JSON with the fields in the order of the
// struct definitions below, no insignificant whitespace, UTF-8, times in
// RFC 3339 with nanoseconds. Every record carries a random 32-byte salt ("n")
// so that a record hash cannot be used to guess a short text.
//
// This package has no cgo and no I/O; the bundle verifier depends on it.
package record

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/kiroku-app/kiroku/internal/apperr"
)

// Kinds of revision. A revision is immutable once written.
const (
	KindCreate = "create" // first revision of an entry
	KindEdit   = "edit"   // a later revision replacing the fields
	KindDelete = "delete" // tombstone: the entry is hidden, its history kept
)

// Roles a person can have in an incident. Free text is allowed too, but the
// UI offers these.
var Roles = []string{"superior", "colleague", "customer", "hr", "other"}

// Person is someone involved in an incident.
type Person struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

// Fields are the user-editable contents of a diary entry: what a labour
// consultation asks for.
type Fields struct {
	// EventTime is when the incident happened, as the user states it, with its
	// offset. EventZone is the IANA zone name the user was in (may be empty).
	EventTime  time.Time `json:"event_time"`
	EventZone  string    `json:"event_zone"`
	Place      string    `json:"place"`
	People     []Person  `json:"people"`
	Text       string    `json:"text"`  // what was said or done
	Quote      string    `json:"quote"` // exact words, verbatim
	Witnesses  []string  `json:"witnesses"`
	Categories []string  `json:"categories"`
	Impact     string    `json:"impact"`  // effect on health and work
	Actions    string    `json:"actions"` // what the user did afterwards
	// Lang is the language the worker wrote this entry in, as a BCP 47
	// tag (see IsLangTag), chosen by the worker, never guessed; "" when
	// not said. A report in other languages labels the entry with it
	// ("原文：ベトナム語"). Revisions that carry it are version
	// RevisionVersionLang.
	Lang string `json:"lang,omitempty"`

	// What a labour consultation sheet asks for besides the above
	// (revisions that carry any of it are version RevisionVersionSheet;
	// all omitted when empty).
	//
	// Quotes are exact words, each with who said them. A revision of
	// version 3 keeps every quote here and leaves Quote empty; earlier
	// versions have one speakerless Quote. AllQuotes reads both.
	Quotes []Quote `json:"quotes,omitempty"`
	// Recurrence says whether this happened once or repeatedly
	// (RecurrenceOnce, RecurrenceRepeated); Since is when it began, as
	// precisely as the worker knows it ("2026", "2026-04" or
	// "2026-04-01"); HowOften ("every morning meeting") and Duration
	// ("about 30 minutes each time") are the worker's words.
	Recurrence string `json:"recurrence,omitempty"`
	Since      string `json:"since,omitempty"`
	HowOften   string `json:"how_often,omitempty"`
	Duration   string `json:"duration,omitempty"`
	// Affected are other people this happened to as well.
	Affected []string `json:"affected,omitempty"`
	// Consultations are the people and offices the worker asked for help,
	// and what they said or did.
	Consultations []Consultation `json:"consultations,omitempty"`
	// Wants are what the worker wants to happen (ids of WantIDs), and
	// WantsNote says it in their own words.
	Wants     []string `json:"wants,omitempty"`
	WantsNote string   `json:"wants_note,omitempty"`
}

// Quote is words someone said, verbatim, and who said them ("" when the
// worker did not say).
type Quote struct {
	Speaker string `json:"speaker"`
	Words   string `json:"words"`
}

// Consultation is one time the worker asked someone for help.
type Consultation struct {
	Date     string `json:"date"`     // "2026", "2026-05" or "2026-05-10"; "" when not known
	With     string `json:"with"`     // one of ConsultedWith
	Name     string `json:"name"`     // the person or office, in the worker's words
	Response string `json:"response"` // what they said or did
}

// Values of Fields.Recurrence.
const (
	RecurrenceOnce     = "once"
	RecurrenceRepeated = "repeated"
)

// ConsultedWith are the values of Consultation.With: whom a consultation
// sheet asks about.
var ConsultedWith = []string{"hr", "manager", "union", "labour-office", "harassment-desk", "doctor", "lawyer", "police", "family", "other"}

// WantIDs are the values of Fields.Wants: what a worker may want to happen.
var WantIDs = []string{"stop", "apology", "environment", "transfer", "discipline", "keep-job", "compensation", "rousai"}

// AllQuotes returns every quote of f: the speakerless Quote of earlier
// versions first, then Quotes.
func (f Fields) AllQuotes() []Quote {
	var out []Quote
	if f.Quote != "" {
		out = append(out, Quote{Words: f.Quote})
	}
	return append(out, f.Quotes...)
}

// hasSheet reports whether f carries consultation-sheet fields other than
// quotes.
func (f Fields) hasSheet() bool {
	return f.Recurrence != "" || f.Since != "" || f.HowOften != "" || f.Duration != "" ||
		len(f.Affected) > 0 || len(f.Consultations) > 0 || len(f.Wants) > 0 || f.WantsNote != ""
}

// Revision is one immutable version of an entry as stored (sealed) in the
// vault. RecordedAt is the system clock at write time and is never editable.
type Revision struct {
	Version    int       `json:"v"`     // canonical encoding version: 1, 2 with a language, 3 with consultation-sheet fields
	Salt       string    `json:"n"`     // 64 hex chars, random per revision
	EntryID    int64     `json:"entry"` // entry this revision belongs to
	Rev        int       `json:"rev"`   // 1, 2, 3...
	Kind       string    `json:"kind"`  // KindCreate, KindEdit, KindDelete
	RecordedAt time.Time `json:"recorded_at"`
	Fields     Fields    `json:"fields"`
	Reason     string    `json:"reason,omitempty"` // optional note for an edit or delete
}

// Entry is the current state of a diary entry: its latest revision plus
// facts about its history.
type Entry struct {
	ID         int64     `json:"id"`
	Rev        int       `json:"rev"`         // number of the latest revision
	Deleted    bool      `json:"deleted"`     // latest revision is a tombstone
	Purged     bool      `json:"purged"`      // content erased on purpose
	RecordedAt time.Time `json:"recorded_at"` // when the first revision was written
	EditedAt   time.Time `json:"edited_at"`   // when the latest revision was written
	Fields
}

// Edited reports whether the entry has more than one revision.
func (e Entry) Edited() bool { return e.Rev > 1 }

// CanonicalVersion is the canonical encoding version of every record.
const CanonicalVersion = 1

// RevisionVersionLang is the version of a revision whose fields carry a
// language (Fields.Lang). A revision without one stays version 1, byte for
// byte what earlier Kiroku wrote; a verifier that predates languages
// refuses a version 2 record by its number instead of misreading it.
const RevisionVersionLang = 2

// RevisionVersionSheet is the version of a revision whose fields carry
// what a consultation sheet asks for (Quotes, Recurrence... WantsNote).
// Revisions without any of it stay version 1 or 2, byte for byte; a
// reader older than version 3 refuses such a revision by its number.
const RevisionVersionSheet = 3

// RevisionVersion is the version a revision with fields f is written in.
func RevisionVersion(f Fields) int {
	switch {
	case len(f.Quotes) > 0 || f.hasSheet():
		return RevisionVersionSheet
	case f.Lang != "":
		return RevisionVersionLang
	}
	return CanonicalVersion
}

var errInvalid = apperr.ErrInvalidInput

// Normalize trims fields, puts every text in NFC (see NFC) and removes empty
// or repeated list items, so that what is stored is what the user meant. It
// does not change the event time.
func (f Fields) Normalize() Fields {
	f.Place = NFC(strings.TrimSpace(f.Place))
	f.Text = NFC(strings.TrimRight(f.Text, " \t\r\n"))
	f.Quote = NFC(strings.TrimRight(f.Quote, " \t\r\n"))
	f.Impact = NFC(strings.TrimRight(f.Impact, " \t\r\n"))
	f.Actions = NFC(strings.TrimRight(f.Actions, " \t\r\n"))
	f.EventZone = strings.TrimSpace(f.EventZone)
	f.Lang = strings.TrimSpace(f.Lang)
	var people []Person
	for _, p := range f.People {
		p.Name, p.Role = NFC(strings.TrimSpace(p.Name)), NFC(strings.TrimSpace(p.Role))
		if p.Name != "" {
			people = append(people, p)
		}
	}
	f.People = people
	f.Witnesses = cleanList(f.Witnesses)
	f.Categories = cleanList(f.Categories)
	f.Recurrence = strings.TrimSpace(f.Recurrence)
	f.Since = strings.TrimSpace(f.Since)
	f.HowOften = NFC(strings.TrimSpace(f.HowOften))
	f.Duration = NFC(strings.TrimSpace(f.Duration))
	f.Affected = cleanList(f.Affected)
	var cs []Consultation
	for _, c := range f.Consultations {
		c.Date, c.With = strings.TrimSpace(c.Date), strings.TrimSpace(c.With)
		c.Name, c.Response = NFC(strings.TrimSpace(c.Name)), NFC(strings.TrimRight(c.Response, " \t\r\n"))
		if c != (Consultation{}) {
			cs = append(cs, c)
		}
	}
	f.Consultations = cs
	f.Wants = cleanList(f.Wants)
	f.WantsNote = NFC(strings.TrimRight(f.WantsNote, " \t\r\n"))
	// Quotes: one canonical place for each. A single quote without a
	// speaker, in an entry without other sheet fields, stays in Quote
	// (versions 1 and 2 say it so); anything more goes to Quotes.
	var qs []Quote
	if f.Quote != "" {
		qs = append(qs, Quote{Words: f.Quote})
	}
	for _, q := range f.Quotes {
		q.Speaker, q.Words = NFC(strings.TrimSpace(q.Speaker)), NFC(strings.TrimRight(q.Words, " \t\r\n"))
		if q.Words != "" {
			qs = append(qs, q)
		}
	}
	f.Quote, f.Quotes = "", nil
	if len(qs) == 1 && qs[0].Speaker == "" && !f.hasSheet() {
		f.Quote = qs[0].Words
	} else {
		f.Quotes = qs
	}
	return f
}

func cleanList(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		s = NFC(strings.TrimSpace(s))
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// ValidText refuses a text that is not valid UTF-8: the canonical
// encoding would turn its bad bytes into U+FFFD, so the record would no
// longer parse back to what was sealed and the vault would call its own
// record damaged. what names the field for the error.
func ValidText(what, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s: %w", what, apperr.ErrInvalidText)
	}
	return nil
}

// NFC returns s in Unicode Normalization Form C. Kiroku stores text in
// NFC, once, when it is written: the same words typed on a keyboard that
// composes (Windows, most phones) and one that does not (macOS file names,
// some Vietnamese input methods) are then the same characters, which a
// search, a font and pdftotext treat alike. NFC only joins a letter and its
// combining marks into the one character Unicode defines for them; what is
// read looks exactly the same. Records written before keep their bytes.
// Text that is not UTF-8 is returned as it is, for ValidText to refuse.
func NFC(s string) string {
	if !utf8.ValidString(s) {
		return s
	}
	return norm.NFC.String(s)
}

// validTexts checks every text of f.
func (f Fields) validTexts() error {
	texts := []struct{ what, s string }{
		{"event zone", f.EventZone}, {"place", f.Place}, {"text", f.Text}, {"quote", f.Quote},
		{"impact", f.Impact}, {"actions", f.Actions},
	}
	for _, p := range f.People {
		texts = append(texts, struct{ what, s string }{"person", p.Name}, struct{ what, s string }{"role", p.Role})
	}
	for _, w := range f.Witnesses {
		texts = append(texts, struct{ what, s string }{"witness", w})
	}
	for _, c := range f.Categories {
		texts = append(texts, struct{ what, s string }{"category", c})
	}
	for _, q := range f.Quotes {
		texts = append(texts, struct{ what, s string }{"speaker", q.Speaker}, struct{ what, s string }{"quote", q.Words})
	}
	texts = append(texts, struct{ what, s string }{"recurrence", f.Recurrence}, struct{ what, s string }{"since", f.Since},
		struct{ what, s string }{"how often", f.HowOften}, struct{ what, s string }{"duration", f.Duration},
		struct{ what, s string }{"wants note", f.WantsNote})
	for _, a := range f.Affected {
		texts = append(texts, struct{ what, s string }{"affected", a})
	}
	for _, c := range f.Consultations {
		texts = append(texts, struct{ what, s string }{"consulted on", c.Date}, struct{ what, s string }{"consulted", c.With},
			struct{ what, s string }{"consulted name", c.Name}, struct{ what, s string }{"response", c.Response})
	}
	for _, w := range f.Wants {
		texts = append(texts, struct{ what, s string }{"wants", w})
	}
	for _, t := range texts {
		if err := ValidText(t.what, t.s); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks the fields a user must give.
func (f Fields) Validate() error {
	if err := f.validTexts(); err != nil {
		return err
	}
	if f.EventTime.IsZero() {
		return fmt.Errorf("%w: the event time is missing", errInvalid)
	}
	if strings.TrimSpace(f.Text) == "" && !f.hasWords() {
		return fmt.Errorf("%w: describe what happened", errInvalid)
	}
	for _, c := range f.Categories {
		if !IsCategoryID(c) {
			return fmt.Errorf("%w: category %q is not a kebab-case id", errInvalid, c)
		}
	}
	if f.Lang != "" && !IsLangTag(f.Lang) {
		return fmt.Errorf("%w: language %q is not a language tag such as vi, zh-Hans or pt-BR", errInvalid, f.Lang)
	}
	return f.validSheet()
}

// hasWords reports whether f has a quote with words in it.
func (f Fields) hasWords() bool {
	for _, q := range f.AllQuotes() {
		if strings.TrimSpace(q.Words) != "" {
			return true
		}
	}
	return false
}

// validSheet checks the consultation-sheet fields' values (not their
// texts: validTexts does).
func (f Fields) validSheet() error {
	for _, q := range f.Quotes {
		if q.Words == "" {
			return fmt.Errorf("%w: a quote without words", errInvalid)
		}
	}
	if f.Recurrence != "" && f.Recurrence != RecurrenceOnce && f.Recurrence != RecurrenceRepeated {
		return fmt.Errorf("%w: recurrence %q (once or repeated)", errInvalid, f.Recurrence)
	}
	if f.Since != "" && !IsPartialDate(f.Since) {
		return fmt.Errorf("%w: since %q is not a date such as 2026, 2026-04 or 2026-04-01", errInvalid, f.Since)
	}
	for _, c := range f.Consultations {
		if c.Date != "" && !IsPartialDate(c.Date) {
			return fmt.Errorf("%w: consultation date %q is not a date such as 2026, 2026-04 or 2026-04-01", errInvalid, c.Date)
		}
		if !contains(ConsultedWith, c.With) {
			return fmt.Errorf("%w: consulted %q (one of %s)", errInvalid, c.With, strings.Join(ConsultedWith, ", "))
		}
	}
	for _, w := range f.Wants {
		if !contains(WantIDs, w) {
			return fmt.Errorf("%w: wants %q (one of %s)", errInvalid, w, strings.Join(WantIDs, ", "))
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// IsPartialDate reports whether s is a date as precisely as a person
// remembers it: "2026", "2026-04" or "2026-04-01" (a real day).
func IsPartialDate(s string) bool {
	layout := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}[len(s)]
	if layout == "" {
		return false
	}
	t, err := time.Parse(layout, s)
	return err == nil && t.Format(layout) == s
}

// IsLangTag reports whether s is a BCP 47 language tag of the plain form
// Kiroku stores: a language, then optionally a script and a region, in
// their canonical case ("vi", "fil", "zh-Hans", "pt-BR", "zh-Hant-TW").
// One spelling per language keeps the canonical record unique.
func IsLangTag(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) > 3 || !isLetters(parts[0], 2, 3, false) {
		return false
	}
	rest := parts[1:]
	if len(rest) > 0 && len(rest[0]) == 4 {
		sc := rest[0]
		if !isLetters(sc[:1], 1, 1, true) || !isLetters(sc[1:], 3, 3, false) {
			return false
		}
		rest = rest[1:]
	}
	if len(rest) > 1 {
		return false
	}
	if len(rest) == 1 {
		r := rest[0]
		digits := len(r) == 3 && strings.Trim(r, "0123456789") == ""
		if !digits && !isLetters(r, 2, 2, true) {
			return false
		}
	}
	return true
}

// isLetters reports whether s has n to m ASCII letters, all upper or all
// lower case.
func isLetters(s string, n, m int, upper bool) bool {
	if len(s) < n || len(s) > m {
		return false
	}
	lo, hi := byte('a'), byte('z')
	if upper {
		lo, hi = 'A', 'Z'
	}
	for i := 0; i < len(s); i++ {
		if s[i] < lo || s[i] > hi {
			return false
		}
	}
	return true
}

// ErrInvalid is returned (wrapped) by Validate.
var ErrInvalid = errInvalid

// IsCategoryID reports whether s is a stable kebab-case id such as
// "power-harassment".
func IsCategoryID(s string) bool {
	if s == "" || len(s) > 64 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

// Canonical returns the canonical encoding of r.
func (r Revision) Canonical() ([]byte, error) {
	if err := r.checkVersion(); err != nil {
		return nil, err
	}
	if len(r.Salt) != 64 {
		return nil, fmt.Errorf("%w: salt must be 32 bytes", errInvalid)
	}
	r.RecordedAt = r.RecordedAt.Round(0)
	r.Fields.EventTime = r.Fields.EventTime.Round(0)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return nil, fmt.Errorf("encode record: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// ParseRevision decodes canonical bytes and checks that they are canonical,
// so that two different byte strings never decode to the same revision.
func ParseRevision(b []byte) (Revision, error) {
	var r Revision
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return Revision{}, fmt.Errorf("%w: %v", errInvalid, err)
	}
	if dec.More() {
		return Revision{}, fmt.Errorf("%w: trailing data", errInvalid)
	}
	again, err := r.Canonical()
	if err != nil {
		return Revision{}, err
	}
	if !bytes.Equal(again, b) {
		return Revision{}, fmt.Errorf("%w: not in canonical form", errInvalid)
	}
	return r, nil
}

// DecodeRevision decodes a revision without the canonical-form check of
// ParseRevision. Use it only for bytes whose integrity is already
// established (they came out of an authenticated seal); verification uses
// ParseRevision.
func DecodeRevision(b []byte) (Revision, error) {
	// Fast path for the canonical layout (what every current writer
	// produces); anything else, e.g. bytes from another Kiroku version,
	// goes through encoding/json.
	r, ok := decodeCanonical(b)
	if !ok {
		var slow Revision // a separate variable keeps r off the heap
		if err := json.Unmarshal(b, &slow); err != nil {
			return Revision{}, fmt.Errorf("%w: %v", errInvalid, err)
		}
		r = slow
	}
	if err := r.checkVersion(); err != nil {
		return Revision{}, err
	}
	return r, nil
}

// checkVersion accepts version 1 without a language, version 2 with one,
// and version 3 with consultation-sheet fields (and its quotes all in
// Quotes), so that each revision has one canonical form.
func (r Revision) checkVersion() error {
	switch {
	case r.Version != CanonicalVersion && r.Version != RevisionVersionLang && r.Version != RevisionVersionSheet:
		return fmt.Errorf("%w: unknown record version %d", errInvalid, r.Version)
	case r.Version != RevisionVersion(r.Fields):
		return fmt.Errorf("%w: record version %d does not match its fields", errInvalid, r.Version)
	case r.Version == RevisionVersionSheet && r.Fields.Quote != "":
		return fmt.Errorf("%w: a version 3 record keeps its quotes in \"quotes\"", errInvalid)
	case r.Fields.Lang != "" && !IsLangTag(r.Fields.Lang):
		return fmt.Errorf("%w: language %q is not a language tag", errInvalid, r.Fields.Lang)
	case r.Version == RevisionVersionSheet:
		return r.Fields.validSheet()
	}
	return nil
}

// Hash returns the record hash the ledger commits to:
// SHA-256("kiroku/record/v1\x00" || canonical bytes). The salt inside the
// canonical bytes keeps short texts from being guessed from the hash.
func Hash(canonical []byte) [32]byte {
	h := sha256.New()
	h.Write([]byte("kiroku/record/v1\x00"))
	h.Write(canonical)
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// SaltHex formats 32 random bytes as a record salt.
func SaltHex(b [32]byte) string { return hex.EncodeToString(b[:]) }

// Purge is the record written when the user erases an entry for good: the
// revisions' content is gone, this record and the ledger keep their hashes.
type Purge struct {
	Version   int     `json:"v"`
	Salt      string  `json:"n"`
	EntryID   int64   `json:"entry"`
	Revisions []int64 `json:"revisions"` // row ids of the erased revisions
	// Translations are the row ids of the erased translation revisions
	// (訳文, vault format 7); omitted when there were none, so records
	// written before keep their bytes.
	Translations []int64   `json:"translations,omitempty"`
	RecordedAt   time.Time `json:"recorded_at"`
}

// Canonical returns the canonical encoding of p.
func (p Purge) Canonical() ([]byte, error) {
	if p.Version != CanonicalVersion || len(p.Salt) != 64 {
		return nil, fmt.Errorf("%w: bad purge record header", errInvalid)
	}
	p.RecordedAt = p.RecordedAt.Round(0)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return nil, fmt.Errorf("encode purge: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// ParsePurge decodes canonical bytes of a purge record.
func ParsePurge(b []byte) (Purge, error) {
	var p Purge
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return Purge{}, fmt.Errorf("%w: %v", errInvalid, err)
	}
	again, err := p.Canonical()
	if err != nil {
		return Purge{}, err
	}
	if !bytes.Equal(again, b) {
		return Purge{}, fmt.Errorf("%w: not in canonical form", errInvalid)
	}
	return p, nil
}
