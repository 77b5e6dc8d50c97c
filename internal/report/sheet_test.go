package report_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/report"
)

// sheetEntry says everything a consultation sheet asks.
func sheetEntry() report.Entry {
	t0 := time.Date(2026, 5, 12, 9, 10, 0, 0, jst)
	f := report.Fields{EventTime: t0, Text: "朝礼で怒鳴られた。", Lang: "ja",
		Quote:      "", // a version 3 record keeps its quotes in Quotes
		Quotes:     []report.Quote{{Speaker: "田中課長", Words: "お前なんか要らない"}, {Words: "やめてください"}},
		Recurrence: "repeated", Since: "2026-04", HowOften: "毎朝の朝礼で", Duration: "約20分",
		Affected:      []string{"グエン", "レ"},
		Consultations: []report.Consultation{{Date: "2026-05-10", With: "hr", Name: "人事部 佐藤", Response: "様子を見ましょうと言われた"}, {With: "union"}},
		Wants:         []string{"stop", "keep-job"}, WantsNote: "安心して働きたい"}
	rec := t0.Add(time.Hour)
	return report.Entry{ID: 5, Fields: f, RecordedAt: rec, EditedAt: rec,
		Revisions: []report.Revision{{Rev: 1, Kind: report.KindCreate, RecordedAt: rec, Fields: &f}}}
}

// The 陳述書 draft and the 時系列表 quote the sheet fields as the worker
// wrote them, each quote with its speaker; the report shows each row.
func TestSheetInFilings(t *testing.T) {
	d := sample(report.LangJA)
	d.Entries = []report.Entry{sheetEntry()}
	d.Recordings, d.Attachments = nil, nil
	ex := report.Exhibits(d, report.ExhibitOptions{})
	var paras []string
	for _, s := range report.Statement(d, ex) {
		paras = append(paras, s.Paragraphs...)
	}
	statement := strings.Join(paras, "\n")
	for _, want := range []string{"「お前なんか要らない」（田中課長）\n「やめてください」", "繰り返し（2026年4月から）・頻度：毎朝の朝礼で・1回あたり：約20分",
		"同じことをされた人：グエン、レ", "・2026年5月10日　人事部門（人事部 佐藤）：様子を見ましょうと言われた\n・労働組合",
		"行為をやめてほしい、働き続けたい\n安心して働きたい"} {
		if !strings.Contains(statement, want) {
			t.Errorf("statement lacks %q:\n%s", want, statement)
		}
	}
	rows := report.Chronology(d, ex)
	if len(rows) != 1 || !strings.Contains(rows[0].Event, "「お前なんか要らない」（田中課長）\n「やめてください」\n［繰り返し（2026年4月から）") {
		t.Errorf("chronology: %+v", rows)
	}

	pdf := render(t, d)
	text := flat(pdftotext(t, pdf))
	for _, want := range []string{"お前なんか要らない", "発言者", "田中課長", "1回か繰り返しか", "繰り返し（2026年4月から）", "毎朝の朝礼で",
		"約20分", "グエン、レ", "相談の経過", "2026年5月10日·人事部門·人事部佐藤", "相談先の対応", "様子を見ましょうと言われた",
		"労働組合", "本人の希望", "行為をやめてほしい、働き続けたい", "安心して働きたい"} {
		if !strings.Contains(text, flat(want)) {
			t.Errorf("report lacks %q", want)
		}
	}
}

// An entry written before the sheet fields existed reads as it did: no
// row for a field it does not say.
func TestSheetRowsOnlyWhenSaid(t *testing.T) {
	d := sample(report.LangJA)
	text := flat(pdftotext(t, render(t, d)))
	for _, label := range []string{"1回か繰り返しか", "相談の経過", "本人の希望", "発言者"} {
		if strings.Contains(text, label) {
			t.Errorf("a report of entries without sheet fields shows %q", label)
		}
	}
}

func TestJapanesePartialDate(t *testing.T) {
	for in, want := range map[string]string{"2026": "2026年", "2026-04": "2026年4月", "2026-04-01": "2026年4月1日", "2026-12-31": "2026年12月31日", "x": "x", "2026/04": "2026/04"} {
		if got := report.JapanesePartialDate(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
