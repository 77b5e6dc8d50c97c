package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Filings: the documents a Japanese labour lawyer files beside the
// evidence (issue 15), built from the same Document as the report, so
// that they can never describe another state than the records in the bag.
// The lawyer decides the exhibit numbers' prefix (甲 for the applicant,
// 乙 for the other side) and where they start; every suggestion Kiroku
// makes (立証趣旨) is marked for the lawyer to check and never states
// more than the record does.

// ExhibitOptions choose how exhibits are numbered.
type ExhibitOptions struct {
	Prefix string // "甲" (default), "乙", ...
	Start  int    // the first number; default 1
	Author string // 作成者 of the worker's own records; default "本人"
}

func (o ExhibitOptions) withDefaults() ExhibitOptions {
	if strings.TrimSpace(o.Prefix) == "" {
		o.Prefix = "甲"
	}
	if o.Start <= 0 {
		o.Start = 1
	}
	if strings.TrimSpace(o.Author) == "" {
		o.Author = "本人"
	}
	return o
}

// Kinds of exhibit.
const (
	ExhibitEntry      = "entry"
	ExhibitRecording  = "recording"
	ExhibitAttachment = "attachment"
)

// Exhibit is one numbered item of the evidence: a row of the
// 証拠説明書 (list of exhibits).
type Exhibit struct {
	Number string // 号証: "甲第1号証の2"
	Kind   string // ExhibitEntry, ExhibitRecording, ExhibitAttachment
	ID     int64  // the entry's, recording's or attachment's id
	Entry  int64  // the entry a recording or attachment belongs to; 0 none

	Title    string    // 標目
	Original string    // 原本・写しの別
	Made     time.Time // 作成年月日; zero when not known
	MadeNote string    // said instead of or beside Made (e.g. when the file was imported)
	Author   string    // 作成者
	Purpose  string    // 立証趣旨: a neutral suggestion, marked for the lawyer to check
	File     string    // where it is in the bundle ("data/audio/recording-3.wav")
	SHA256   string    // of File
}

// Exhibits numbers the entries, recordings and files of d. The entries
// together are one exhibit, each entry a branch of it in event order
// (甲第1号証の1, の2...; no branch when there is one entry), so that the
// numbers of the recordings and files after them do not move when an
// entry is added; then each recording, then each file, those of an entry
// in the entries' order, then those linked to none.
func Exhibits(d *Document, o ExhibitOptions) []Exhibit {
	o = o.withDefaults()
	var out []Exhibit
	entries := chronological(d.Entries)
	n := o.Start
	if len(entries) > 0 {
		for i, e := range entries {
			num := fmt.Sprintf("%s第%d号証", o.Prefix, n)
			if len(entries) > 1 {
				num += "の" + strconv.Itoa(i+1)
			}
			ex := Exhibit{Number: num, Kind: ExhibitEntry, ID: e.ID, Author: o.Author,
				Title:    fmt.Sprintf("記録 #%d（%s の出来事）", e.ID, JapaneseDate(e.EventTime, false)),
				Original: "写し（電磁的記録の出力）", Made: inZoneOf(e.RecordedAt, e.EventTime),
				Purpose: entryPurpose(d, e)}
			if !e.EditedAt.IsZero() && !e.EditedAt.Equal(e.RecordedAt) {
				ex.MadeNote = "最終修正 " + JapaneseDate(inZoneOf(e.EditedAt, e.EventTime), true)
			}
			if k := len(e.Revisions); k > 0 {
				ex.File, ex.SHA256 = e.Revisions[k-1].Record, e.Revisions[k-1].RecordSHA256
			}
			out = append(out, ex)
		}
		n++
	}
	var recs []Exhibit
	var atts []Exhibit
	for _, e := range entries {
		for _, r := range e.Recordings {
			recs = append(recs, recordingExhibit(r, e.ID, o))
		}
		for _, a := range e.Attachments {
			atts = append(atts, attachmentExhibit(a, e.ID, o))
		}
	}
	for _, r := range d.Recordings {
		recs = append(recs, recordingExhibit(r, 0, o))
	}
	for _, a := range d.Attachments {
		atts = append(atts, attachmentExhibit(a, 0, o))
	}
	for _, ex := range append(recs, atts...) {
		ex.Number = fmt.Sprintf("%s第%d号証", o.Prefix, n)
		n++
		out = append(out, ex)
	}
	return out
}

func recordingExhibit(r Recording, entry int64, o ExhibitOptions) Exhibit {
	title := fmt.Sprintf("録音 #%d（%s、%s）", r.ID, JapaneseDate(r.StartedAt, true), durationText(r.Duration))
	if strings.TrimSpace(r.Label) != "" {
		title = fmt.Sprintf("録音 #%d「%s」（%s、%s）", r.ID, r.Label, JapaneseDate(r.StartedAt, true), durationText(r.Duration))
	}
	purpose := JapaneseDate(r.StartedAt, false) + "の会話・出来事の録音"
	if entry != 0 {
		purpose += fmt.Sprintf("（記録 #%d に関連）", entry)
	}
	return Exhibit{Kind: ExhibitRecording, ID: r.ID, Entry: entry, Title: title, Original: "原本（電磁的記録）",
		Made: r.StartedAt, Author: o.Author, Purpose: purpose + "　※要確認", File: r.File, SHA256: r.SHA256}
}

func attachmentExhibit(a Attachment, entry int64, o ExhibitOptions) Exhibit {
	purpose := "本人が保存したファイル「" + a.Name + "」の内容"
	if entry != 0 {
		purpose += fmt.Sprintf("（記録 #%d に関連）", entry)
	}
	return Exhibit{Kind: ExhibitAttachment, ID: a.ID, Entry: entry, Title: "ファイル「" + a.Name + "」",
		Original: "原本（電磁的記録）", Author: "不明（弁護士が確認）",
		MadeNote: "作成日不明。Kiroku への取込 " + JapaneseDate(a.ImportedAt, true),
		Purpose:  purpose + "　※要確認", File: a.File, SHA256: a.SHA256}
}

// entryPurpose suggests what an entry proves without saying more than it
// does: the date, the place and the categories the worker chose.
func entryPurpose(d *Document, e Entry) string {
	var b strings.Builder
	b.WriteString(JapaneseDate(e.EventTime, false))
	if p := strings.TrimSpace(e.Place); p != "" {
		b.WriteString("、" + firstLineOf(p))
	}
	b.WriteString("での出来事についての本人の記録")
	var cats []string
	for _, c := range e.Categories {
		cats = append(cats, categoryJA(d, c))
	}
	if len(cats) > 0 {
		b.WriteString("（分類：" + strings.Join(cats, "、") + "）")
	}
	b.WriteString("　※要確認")
	return b.String()
}

func categoryJA(d *Document, id string) string {
	for _, c := range d.Categories {
		if c.ID == id && strings.TrimSpace(c.Label.JA) != "" {
			return c.Label.JA
		}
	}
	return id
}

func firstLineOf(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// chronological is entries in event order (then by id), leaving deleted
// and erased entries out: a filing lists what the worker stands by.
func chronological(in []Entry) []Entry {
	var out []Entry
	for _, e := range in {
		if !e.Deleted && !e.Purged {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b Entry) int {
		if c := a.EventTime.Compare(b.EventTime); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	return out
}

// exhibitsByEntry gives each entry's exhibit numbers: its own first, then
// those of its recordings and files.
func exhibitsByEntry(ex []Exhibit) map[int64][]string {
	by := map[int64][]string{}
	for _, x := range ex {
		switch {
		case x.Kind == ExhibitEntry:
			by[x.ID] = append([]string{x.Number}, by[x.ID]...)
		case x.Entry != 0:
			by[x.Entry] = append(by[x.Entry], x.Number)
		}
	}
	return by
}

// ChronoRow is one row of the 時系列表 (chronology).
type ChronoRow struct {
	EntryID  int64
	When     time.Time // as the worker states it
	Zone     string    // the IANA zone, "" if not said
	Event    string    // what happened, in full, then the exact words in 「」
	People   string    // 関係者 with their roles, and witnesses
	Evidence []string  // exhibit numbers: the entry's, its recordings' and files'
	Recorded time.Time // when the entry was first written (記録日時)
	Late     bool      // written more than a week after the event
}

// Chronology lists the entries in event order with their exhibits.
func Chronology(d *Document, ex []Exhibit) []ChronoRow {
	byEntry := exhibitsByEntry(ex)
	var rows []ChronoRow
	for _, e := range chronological(d.Entries) {
		lines := []string{strings.TrimSpace(e.Text)}
		lines = append(lines, quoteLinesJA(&e.Fields)...)
		if p := patternJA(&e.Fields); p != "" {
			lines = append(lines, "［"+p+"］")
		}
		ev := strings.Join(nonEmpty(lines), "\n")
		var people []string
		for _, p := range e.People {
			if r := roleJA(p.Role); r != "" {
				people = append(people, p.Name+"（"+r+"）")
			} else {
				people = append(people, p.Name)
			}
		}
		for _, w := range e.Witnesses {
			people = append(people, w+"（目撃者）")
		}
		rows = append(rows, ChronoRow{EntryID: e.ID, When: e.EventTime, Zone: e.EventZone, Event: ev,
			People: strings.Join(people, "、"), Evidence: byEntry[e.ID], Recorded: inZoneOf(e.RecordedAt, e.EventTime),
			Late: e.RecordedAt.Sub(e.EventTime) > 7*24*time.Hour})
	}
	return rows
}

// inZoneOf shows t (a system clock time, stored in UTC) in the offset of
// ref (the event as the worker stated it), so that the two read alike; t
// itself is unchanged.
func inZoneOf(t, ref time.Time) time.Time {
	if t.IsZero() || ref.IsZero() {
		return t
	}
	return t.In(ref.Location())
}

func roleJA(role string) string {
	switch role {
	case "superior":
		return "上司"
	case "colleague":
		return "同僚"
	case "customer":
		return "顧客・取引先"
	case "hr":
		return "人事"
	case "other", "":
		return ""
	}
	return role
}

var weekdaysJA = []string{"日", "月", "火", "水", "木", "金", "土"}

// JapaneseDate writes t as a Japanese filing does: 2026年9月14日（月）, with
// the time (10時15分) when withTime; the offset is named when it is not
// Japan's (（UTC+07:00）). Zero: "不明".
func JapaneseDate(t time.Time, withTime bool) string {
	if t.IsZero() {
		return "不明"
	}
	s := fmt.Sprintf("%d年%d月%d日（%s）", t.Year(), int(t.Month()), t.Day(), weekdaysJA[t.Weekday()])
	if withTime {
		s += fmt.Sprintf("%d時%02d分", t.Hour(), t.Minute())
	}
	if _, off := t.Zone(); off != 9*3600 && withTime {
		s += "（UTC" + t.Format("-07:00") + "）"
	}
	return s
}
