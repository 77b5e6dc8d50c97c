package report

import (
	"strings"
	"time"
)

// Languages a report can be rendered in, independent of the app's language.
// Besides these, "ja+<tag>" (Bilingual) puts Japanese beside another shipped
// language, so that a worker can read what the lawyer receives.
const (
	LangJA   = "ja"
	LangEN   = "en"
	LangBoth = "both" // every label and heading in Japanese and English
)

// Text is a text in both of a report's languages, like rules.Text. Either
// may be empty; the other is then shown in its place. EN is the second
// language: English, or in a "ja+<tag>" report the text in tag (the caller
// fills it so, see Second).
type Text struct {
	JA string
	EN string
}

// Bilingual is the report language that puts Japanese beside tag: "ja+vi".
func Bilingual(tag string) string { return "ja+" + tag }

// Second is the language of Text.EN in a report in lang: tag for
// "ja+<tag>", English otherwise.
func Second(lang string) string {
	if tag, ok := strings.CutPrefix(lang, "ja+"); ok {
		return tag
	}
	return LangEN
}

// CheckLanguage reports whether a report can be rendered in lang: LangJA,
// LangEN, LangBoth, empty, or "ja+<tag>" for a shipped language tag other
// than Japanese. The error wraps ErrLanguage.
func CheckLanguage(lang string) error {
	_, err := languages(lang)
	return err
}

// Document is everything a report shows. It is plain data: the caller fills
// it from the vault, the rule library and the hours calculator, so that this
// package needs none of them (and no cgo).
type Document struct {
	Lang  string // LangJA, LangEN, LangBoth or Bilingual(tag); empty means LangBoth
	Title Text   // optional; a default title is used when both are empty
	// Author is who made the record (作成者): the worker's name as they
	// gave it for the export; empty: "本人" (the person themselves).
	Author string

	VaultID  string    // hex
	HeadSeq  uint64    // ledger head the bundle was made from
	HeadLink string    // hex link hash of that head
	HeadTime time.Time // recorded time of the head; the PDF's creation and modification date

	// From and To bound the selection (zero: open). Selection describes it
	// further, one line each (e.g. the categories chosen).
	From, To  time.Time
	Selection []Text

	// Categories gives the labels of the category ids used in entries.
	// An id without a label here is shown as the id.
	Categories []Category

	Entries []Entry
	// Recordings and Attachments not linked to any entry of the selection.
	Recordings  []Recording
	Attachments []Attachment

	Anchors []Anchor
	// Damaged names the records the vault could not open: they are left
	// out, and the cover says so.
	Damaged []string
	Hours   *Hours // optional
	Rules   []Rule // the related rule summaries
	// RulesBrief leaves the rules' summaries, points and evidence lists
	// out of the appendix: each rule is named with its sources and the
	// entries it may relate to (a lawyer does not need the summaries).
	RulesBrief bool
}

// Category is an incident category id with its label (rules.Category).
type Category struct {
	ID    string
	Label Text
}

// Person is someone involved in an incident. Role is one of record.Roles
// ("superior", "colleague", ...), shown translated, or free text shown as is.
type Person struct {
	Name string
	Role string
}

// Fields are the contents of an entry or of one of its revisions
// (record.Fields).
type Fields struct {
	EventTime  time.Time // as the user states it, in its own offset
	EventZone  string    // IANA zone name; may be empty
	Place      string
	People     []Person
	Text       string // what was said or done
	Quote      string // exact words, verbatim
	Witnesses  []string
	Categories []string // category ids
	Impact     string   // effect on health and work
	Actions    string   // what the user did afterwards
	Lang       string   // the language the worker wrote in (record.Fields.Lang); "" not said

	// What a consultation sheet asks for (record.Fields says each).
	// Quotes follow Quote: records before version 3 have one speakerless
	// Quote, later ones every quote in Quotes; AllQuotes reads both.
	Quotes        []Quote
	Recurrence    string // "once", "repeated" or ""
	Since         string // "2026", "2026-04" or "2026-04-01"
	HowOften      string
	Duration      string
	Affected      []string
	Consultations []Consultation
	Wants         []string // record.WantIDs
	WantsNote     string
}

// Quote is words someone said, verbatim, and who said them ("" not said).
type Quote struct {
	Speaker string
	Words   string
}

// Consultation is one time the worker asked someone for help.
type Consultation struct {
	Date     string // "2026", "2026-05", "2026-05-10" or ""
	With     string // record.ConsultedWith
	Name     string
	Response string
}

// AllQuotes returns the speakerless Quote (if any), then Quotes.
func (f *Fields) AllQuotes() []Quote {
	var out []Quote
	if strings.TrimSpace(f.Quote) != "" {
		out = append(out, Quote{Words: f.Quote})
	}
	return append(out, f.Quotes...)
}

// Entry is a diary entry as of its latest revision.
type Entry struct {
	ID int64
	Fields
	RecordedAt time.Time // system clock when the first revision was written
	EditedAt   time.Time // system clock when the latest revision was written
	Deleted    bool      // the latest revision is a tombstone
	Purged     bool      // content erased on purpose; Fields are empty

	Revisions   []Revision // oldest first
	Recordings  []Recording
	Attachments []Attachment
	RuleIDs     []string // ids of Document.Rules that relate to this entry
	// Translations are the entry's current translations (訳文), each shown
	// part by part beside the original with its translator.
	Translations []Translation
}

// Translation is the current revision of a translation of an entry (訳文,
// 民事訴訟規則138条).
type Translation struct {
	ID           int64
	Rev          int
	Lang         string // the translation's language ("ja")
	Translator   string
	TranslatedOn string // YYYY-MM-DD as the translator dates it
	// OfEarlier: the translation is of an earlier wording of the entry
	// (the entry was edited after it was made).
	OfEarlier bool
	Parts     []TranslationPart
	Record    string // its record in the bundle
}

// TranslationPart is one translated part of an entry: its key
// (record.TranslationParts: "text", "quote.1"...), the original as the
// entry now states it ("" when the part is no longer in the entry) and the
// translation.
type TranslationPart struct {
	Key, Original, Translated string
}

// Kinds of revision (record.KindCreate, ...).
const (
	KindCreate = "create"
	KindEdit   = "edit"
	KindDelete = "delete"
)

// Revision is one version of an entry.
type Revision struct {
	Rev        int
	Kind       string // KindCreate, KindEdit, KindDelete
	RecordedAt time.Time
	Reason     string
	// Fields is this revision's content; nil when it is not exported (purged).
	// For each edit, the report lists the fields that differ from the
	// revision before, with their earlier wording.
	Fields *Fields
	// Record is where its canonical record is in the bundle
	// ("data/ledger/records/revision-5.json") and RecordSHA256 the hex
	// SHA-256 of that file; empty when not known.
	Record       string
	RecordSHA256 string
}

// Recording is an audio recording in the bundle.
type Recording struct {
	ID        int64
	File      string // where the reader finds it in the bundle, e.g. "data/audio/recording-3.wav"
	Label     string
	StartedAt time.Time
	Duration  time.Duration
	State     string // "complete" or "interrupted" (record.State*)
	SHA256    string // hex of the audio file (WAV, or Ogg Opus since vault format 8)
	Markers   []Marker
}

// Marker is a point in a recording the user marked while recording.
type Marker struct {
	At    time.Duration
	Wall  time.Time // when it was placed; zero if unknown
	Label string    // the current label
	// Placed is the label the marker was placed with; Labels are the
	// labels given to it later, oldest first (the last is Label).
	Placed string
	Labels []MarkerLabel
}

// MarkerLabel is a label given to a marker after it was placed.
type MarkerLabel struct {
	Label      string // empty: cleared
	RecordedAt time.Time
}

// Attachment is an imported file in the bundle.
type Attachment struct {
	ID         int64
	File       string // where the reader finds it in the bundle, e.g. "data/attachments/attachment-2-mail.eml"
	Name       string // original file name
	Size       int64  // bytes
	MediaType  string
	SHA256     string // hex
	ImportedAt time.Time
}

// Anchor is an RFC 3161 timestamp of a ledger link.
type Anchor struct {
	Seq  uint64
	Link string    // hex
	TSA  string    // name or URL of the timestamp authority
	Time time.Time // time in the token
}

// Hours is the summary of the hours log (mirrors the hours calculator).
type Hours struct {
	Months []Month
	Flags  []Flag
	Note   Text // optional, e.g. how the hours were recorded
	// Days is every logged day, in date order, for the daily table.
	Days []HoursDay
}

// HoursDay is one logged day of the hours log, its hours in hours.
type HoursDay struct {
	Date        string // YYYY-MM-DD, the day the shift started
	Weekday     int    // 0 Sunday
	Start, End  string // HH:MM; End before Start: the next day
	Break       int    // minutes
	Type        Text   // workday, statutory holiday...
	Worked      float64
	Overtime    float64 // beyond 8 h a day and 40 h a week
	HolidayWork float64
	LateNight   float64
	Source      Text // where the day came from: typed in the app, a CSV file
}

// Month is one month of the hours log, in hours.
type Month struct {
	Month       string // "2026-10"
	Days        int    // days worked
	Total       float64
	Overtime    float64 // beyond 8 h a day and 40 h a week
	HolidayWork float64
	LateNight   float64 // 22:00-05:00
	// Premiums are the month's hours by premium rate (hours.Premiums).
	Premiums Premiums
}

// Premiums are hours by the premium rate of Labor Standards Act art. 37.
type Premiums struct {
	Overtime25, Overtime50, Holiday35, Night25 float64
	OvertimeNight50, OvertimeNight75           float64
	HolidayNight60                             float64
}

// Flag is a finding of the hours calculator, such as overtime above a cap.
type Flag struct {
	Period string // "2026-10", "2026-08..2026-10", ...
	RuleID string // related rule, may be empty
	Text   Text
}

// Rule is a related rule summary (mirrors rules.Rule).
type Rule struct {
	ID       string
	Title    Text
	Summary  Text
	Points   []Text
	Evidence []Text // what evidence matters
	Caution  Text   // edition or currency warning; may be empty
	Sources  []Source
	Notice   Text    // the library's not-legal-advice notice
	EntryIDs []int64 // entries it relates to
}

// Source is one citation of a rule (rules.Source with its Document).
type Source struct {
	Document Text // title of the document
	Edition  Text
	Section  Text
	Pages    string
	Note     Text // e.g. that the document has been superseded
}
