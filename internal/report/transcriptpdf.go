package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/kiroku-app/kiroku/internal/record"
)

// The 反訳書 (transcript of a recording) a Japanese court receives with
// the recording: which file, its SHA-256, who transcribed it, the
// speakers, then every utterance with its time in the recording. Drawn by
// the report's renderer like the other filings, in Japanese.

const (
	TranscriptTitle = "反訳書"
	TranscriptNote  = "この反訳書は、下記の音声ファイルの発言を時間順に書き起こしたものです。時間は録音の始まりからの経過時間です。（聴取不能）は聞き取れない部分、（不明瞭）ははっきりしない部分、（沈黙）は発言のない部分を示します。「※未確認」の行は、自動で書き起こされ、まだ人が確認していないものです。"
	// MachineNote marks an utterance no person has checked yet.
	MachineNote = "※未確認（自動書き起こし）"
)

var transcriptColumns = []filingColumn{{"時間", 30}, {"話者", 34}, {"発言内容", 116}}

// Transcript is one transcript to render: its current revision and the
// audio file in the bundle.
type Transcript struct {
	Rev  record.TranscriptRevision
	File string // the audio in the bundle ("data/attachments/...")
}

// WriteTranscript renders t as a 反訳書 PDF to w. The same input gives
// the same bytes.
func WriteTranscript(w io.Writer, d *Document, t Transcript) error {
	return writeFiling(w, d, TranscriptTitle, TranscriptNote, func(r *renderer) {
		names := map[string]string{}
		var speakers []string
		for _, s := range t.Rev.Speakers {
			names[s.ID] = s.Name
			speakers = append(speakers, s.ID+"："+s.Name)
		}
		head := [][2]string{
			{"音声ファイル", t.File},
			{"SHA-256", t.Rev.Audio.SHA256},
			{"反訳者", t.Rev.Transcriber},
			{"話者", strings.Join(speakers, "、")},
			{"版", "第" + strconv.Itoa(t.Rev.Rev) + "版（" + JapaneseDate(t.Rev.RecordedAt.In(japan), true) + "）"},
		}
		for _, h := range head {
			if strings.TrimSpace(h[1]) == "" {
				continue
			}
			r.row(marginL, labelW, h[0], value{text: h[1], mono: h[0] == "SHA-256" || h[0] == "音声ファイル"})
		}
		r.gap(3)
		tab := r.newTable(transcriptColumns, 8.5, 4.2)
		if len(t.Rev.Utterances) == 0 {
			r.para(marginL, contentW, lineBody, "発言はありません。")
			return
		}
		r.tableHeader(tab)
		for _, u := range t.Rev.Utterances {
			who := names[u.Speaker]
			if who == "" {
				who = u.Speaker
			}
			if who == "" {
				who = "不明"
			}
			text := []cellPart{{text: u.Text, lang: t.Rev.Lang}}
			if u.Machine {
				text = append(text, cellPart{text: MachineNote, warn: true})
			}
			r.tableRow(tab, [][]cellPart{
				{{text: record.Timecode(u.StartMS) + "–" + record.Timecode(u.EndMS)}},
				{{text: who}},
				text,
			})
		}
	})
}
