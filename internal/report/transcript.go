package report

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/kiroku-app/kiroku/internal/record"
)

// The 反訳書 (transcript of a recording) a Japanese court receives with
// the recording: which file, its SHA-256, when and where it was recorded,
// who speaks, who transcribed it and when, a statement that it was made
// from that file, then every utterance numbered with its time in the
// recording, and the recording's markers as notes. One model
// (TranscriptSheet) for the PDF here and the Word file (package filings),
// in Japanese.

const (
	TranscriptTitle = "反訳書"
	TranscriptNote  = "時間は録音の始まりからの経過時間です。（聴取不能）は聞き取れない部分、（不明瞭）ははっきりしない部分、（沈黙）は発言のない部分、（重複）は複数の人が同時に話している部分を示します。「※未確認」の行は、自動で書き起こされ、まだ人が確認していないものです。「マーカー」の行は、録音した本人が録音中または後に付けた目印で、発言ではありません。"
	// MachineNote marks an utterance no person has checked yet.
	MachineNote = "※未確認（自動書き起こし）"
	// MarkerNote begins a marker's row.
	MarkerNote = "［マーカー］"
)

// Transcript is one transcript to render: its current revision and the
// audio file in the bundle.
type Transcript struct {
	Rev  record.TranscriptRevision
	File string // the audio in the bundle ("data/attachments/...")
}

// TranscriptSheet is a 反訳書 laid out for any writer: the header's
// label and value pairs (empty values left out), the statement of what it
// was made from, and the rows.
type TranscriptSheet struct {
	Head      [][2]string
	Statement string
	Rows      []TranscriptRow
}

// TranscriptRow is one numbered utterance, or a marker (N 0, Marker set).
type TranscriptRow struct {
	N       int    // 1, 2, ... for utterances; 0 for a marker
	Time    string // "01:05–01:09", or "01:07" for a marker
	Speaker string
	Text    string
	Lang    string // the transcript's language, for the PDF's font
	Machine bool   // made by a recogniser, not checked by a person
	Marker  bool
}

// Labels of the header, also what tests look for.
const (
	TranscriptLabelFile      = "音声ファイル"
	TranscriptLabelOrigName  = "元のファイル名"
	TranscriptLabelSHA       = "SHA-256"
	TranscriptLabelRecorded  = "録音日時"
	TranscriptLabelImported  = "Kirokuへの取り込み"
	TranscriptLabelDuration  = "録音時間"
	TranscriptLabelPlace     = "場所"
	TranscriptLabelSpeakers  = "話者"
	TranscriptLabelBy        = "反訳者"
	TranscriptLabelRevision  = "版"
	TranscriptHeadingColumns = "番号,時間,話者,発言内容"
)

// TranscriptFor builds the 反訳書 of t from the document it is exported
// with: the recording or the imported file it names, and the entry that
// holds it, give the time, duration and place.
func TranscriptFor(d *Document, t Transcript) TranscriptSheet {
	rev := t.Rev
	names := map[string]string{}
	var speakers []string
	for _, s := range rev.Speakers {
		names[s.ID] = s.Name
		speakers = append(speakers, s.ID+"："+s.Name)
	}
	rec, att, entry := transcriptAudio(d, rev.Audio.Ref)

	var recorded, imported, duration, orig string
	var markers []Marker
	switch {
	case rec != nil:
		if !rec.StartedAt.IsZero() {
			recorded = JapaneseDate(rec.StartedAt.In(japan), true) + "（Kirokuで録音。パソコンの時計による）"
		}
		if rec.Duration > 0 {
			duration = record.Timecode(rec.Duration.Milliseconds())
		}
		orig = "Kirokuでの録音（録音番号 " + strconv.FormatInt(rec.ID, 10) + "）"
		markers = rec.Markers
	case att != nil:
		orig = att.Name
		if entry != nil && !entry.EventTime.IsZero() {
			recorded = JapaneseDate(entry.EventTime.In(japan), true) + "（記録者が記録に書いた出来事の日時）"
		}
		if !att.ImportedAt.IsZero() {
			imported = JapaneseDate(att.ImportedAt.In(japan), true)
		}
	}
	var place string
	if entry != nil {
		place = entry.Place
	}
	var by string
	if rev.Transcriber != "" {
		by = rev.Transcriber + "（" + JapaneseDate(rev.RecordedAt.In(japan), true) + " 保存）"
	}
	head := [][2]string{
		{TranscriptLabelFile, t.File},
		{TranscriptLabelOrigName, orig},
		{TranscriptLabelSHA, rev.Audio.SHA256},
		{TranscriptLabelRecorded, recorded},
		{TranscriptLabelImported, imported},
		{TranscriptLabelDuration, duration},
		{TranscriptLabelPlace, place},
		{TranscriptLabelSpeakers, strings.Join(speakers, "、")},
		{TranscriptLabelBy, by},
		{TranscriptLabelRevision, "第" + strconv.Itoa(rev.Rev) + "版"},
	}
	head = slices.DeleteFunc(head, func(h [2]string) bool { return strings.TrimSpace(h[1]) == "" })

	statement := "この反訳書は、上記の音声ファイル（SHA-256 " + rev.Audio.SHA256 + "）を再生して、その発言を時間順に書き起こしたものです。"

	type timed struct {
		at  int64
		ord int // utterances before markers at the same time
		row TranscriptRow
	}
	var all []timed
	for i, u := range rev.Utterances {
		who := names[u.Speaker]
		if who == "" {
			who = u.Speaker
		}
		if who == "" {
			who = "不明"
		}
		all = append(all, timed{u.StartMS, 0, TranscriptRow{
			N: i + 1, Time: record.Timecode(u.StartMS) + "–" + record.Timecode(u.EndMS),
			Speaker: who, Text: u.Text, Lang: rev.Lang, Machine: u.Machine,
		}})
	}
	for _, m := range markers {
		label := m.Label
		if label == "" {
			label = "（ラベルなし）"
		}
		all = append(all, timed{m.At.Milliseconds(), 1, TranscriptRow{
			Time: record.Timecode(m.At.Milliseconds()), Text: MarkerNote + label, Marker: true,
		}})
	}
	slices.SortStableFunc(all, func(a, b timed) int {
		return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.ord, b.ord))
	})
	rows := make([]TranscriptRow, len(all))
	for i, a := range all {
		rows[i] = a.row
	}
	return TranscriptSheet{Head: head, Statement: statement, Rows: rows}
}

// transcriptAudio finds the recording or attachment ref names, and the
// entry that holds it, in d.
func transcriptAudio(d *Document, ref string) (*Recording, *Attachment, *Entry) {
	kind, id, err := record.ParseAudioRef(ref)
	if err != nil || d == nil {
		return nil, nil, nil
	}
	for i := range d.Entries {
		e := &d.Entries[i]
		at := e
		if e.Deleted || e.Purged {
			at = nil
		}
		if kind == "recording" {
			for j := range e.Recordings {
				if e.Recordings[j].ID == id {
					return &e.Recordings[j], nil, at
				}
			}
		} else {
			for j := range e.Attachments {
				if e.Attachments[j].ID == id {
					return nil, &e.Attachments[j], at
				}
			}
		}
	}
	if kind == "recording" {
		for i := range d.Recordings {
			if d.Recordings[i].ID == id {
				return &d.Recordings[i], nil, nil
			}
		}
	} else {
		for i := range d.Attachments {
			if d.Attachments[i].ID == id {
				return nil, &d.Attachments[i], nil
			}
		}
	}
	return nil, nil, nil
}
