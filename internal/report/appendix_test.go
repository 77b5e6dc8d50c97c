package report_test

import (
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/report"
)

// No legal label inside the facts: an entry's page names no rule; the
// rules it may relate to are in the appendix 参考：関係しうる法令・基準,
// with the entries. RulesBrief leaves the summaries out of it.
func TestRulesOnlyInAppendix(t *testing.T) {
	d := sample(report.LangJA)
	text := flat(pdftotext(t, render(t, d)))
	appendix := strings.Index(text, flat("参考：関係しうる法令・基準"))
	if appendix < 0 {
		t.Fatalf("no appendix title in %q", text)
	}
	if i := strings.Index(text, "パワーハラスメントの定義"); i >= 0 && i < appendix {
		// The index and the entries come before the appendix; the rule's
		// title may only appear in the appendix (and the cover's table of
		// contents does not list rules).
		t.Errorf("the rule's title appears before the appendix, among the facts")
	}
	if strings.Contains(text, flat("関係しうる法令・基準")+"パワーハラスメント") {
		t.Errorf("an entry carries a rules row")
	}
	if !strings.Contains(text[appendix:], "優越的な関係を背景とした言動") || !strings.Contains(text[appendix:], "#1") {
		t.Errorf("the appendix lacks the summary or the entry")
	}
	d.RulesBrief = true
	brief := flat(pdftotext(t, render(t, d)))
	if strings.Contains(brief, "優越的な関係を背景とした言動") || !strings.Contains(brief, "パワーハラスメントの定義") ||
		!strings.Contains(brief, "労働施策総合推進法") {
		t.Errorf("brief appendix: summary left in, or title or source left out")
	}
}

// A Japanese-only report writes dates as a Japanese filing does, in Japan
// time (a system-clock time kept in UTC included), says so once, and
// names the author; the bilingual one keeps ISO dates.
func TestJapaneseDates(t *testing.T) {
	d := sample(report.LangJA)
	d.Author = "グエン・ティ・フオン"
	text := flat(pdftotext(t, render(t, d)))
	for _, want := range []string{"作成者グエン・ティ・フオン", "日時は日本時間（UTC+9）で示しています", "年", "（土）14時30分"} {
		if !strings.Contains(text, flat(want)) {
			t.Errorf("ja report lacks %q", want)
		}
	}
	if strings.Contains(text, "2026-10-03(土)") {
		t.Errorf("ja report keeps ISO dates")
	}
	both := flat(pdftotext(t, render(t, sample(report.LangBoth))))
	if strings.Contains(both, "日時は日本時間（UTC+9）で示しています") || !strings.Contains(both, "作成者/Madeby本人/thepersonthemselves") {
		t.Errorf("bilingual report: zone notice or author row wrong")
	}
}

// Hours read as hours and minutes (103:30, not 103.50), and every logged
// day is listed with where it came from.
func TestHoursAsHoursAndMinutes(t *testing.T) {
	d := sample(report.LangJA)
	d.Hours.Months[0].Total = 103.5
	d.Hours.Months[0].Premiums = report.Premiums{Overtime25: 50, OvertimeNight50: 10, Overtime50: 5, OvertimeNight75: 1, Night25: 7, Holiday35: 2, HolidayNight60: 4.25}
	d.Hours.Days = []report.HoursDay{
		{Date: "2026-10-01", Weekday: 4, Start: "08:30", End: "23:15", Break: 60, Type: report.Text{JA: "労働日", EN: "workday"},
			Worked: 13.75, Overtime: 5.75, LateNight: 1.25, Source: report.Text{JA: "CSV タイムカード.csv", EN: "CSV タイムカード.csv"}},
		{Date: "2026-10-04", Weekday: 0, Start: "22:00", End: "06:00", Break: 30, Type: report.Text{JA: "法定休日", EN: "statutory holiday"},
			Worked: 7.5, HolidayWork: 7.5, LateNight: 7, Source: report.Text{JA: "アプリで入力", EN: "typed in the app"}},
	}
	text := flat(pdftotext(t, render(t, d)))
	for _, want := range []string{"103:30", "記録した日ごとの労働時間", "割増賃金の率ごとの時間", "60時間超＋深夜75％", "50:00", "4:15", "2026-10-01(木)", "08:30–23:15", "13:45", "5:45", "1:15",
		"22:00–翌06:00", "法定休日", "7:30", "7:00", "CSVタイムカード.csv", "アプリで入力"} {
		if !strings.Contains(text, flat(want)) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(text, "103.50") {
		t.Error("hours in decimals")
	}
}

// The index carries each entry's recorded time and its summary whole, not
// cut after four lines.
func TestIndexFullSummaryAndRecordedTime(t *testing.T) {
	d := sample(report.LangEN)
	long := strings.Repeat("He shouted at me again in front of the whole team. ", 12) + "END-OF-SUMMARY"
	d.Entries[0].Text = long + "\nsecond paragraph"
	raw := pdftotext(t, render(t, d))
	text := flat(raw)
	idx := strings.Index(text, flat("Index of incidents"))
	full := strings.Index(text, flat("Entries in full"))
	if idx < 0 || full < idx {
		t.Fatalf("no index before the entries")
	}
	index := text[idx:full]
	if !strings.Contains(index, "END-OF-SUMMARY") || strings.Contains(index, "secondparagraph") {
		t.Errorf("the index's summary is cut, or runs past the first paragraph")
	}
	if !strings.Contains(index, flat("Recorded (system clock)")) || !strings.Contains(index, flat(d.Entries[0].RecordedAt.Format("2006-01-02"))) {
		t.Errorf("the index lacks the recorded time")
	}
}
