package report_test

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kiroku-app/kiroku/internal/report"
)

// statementLongText is about 3000 characters of Japanese in lines, with a
// blank line in the middle: a paragraph longer than a page.
func statementLongText() string {
	var b strings.Builder
	for i := 1; utf8.RuneCountInString(b.String()) < 3000; i++ {
		fmt.Fprintf(&b, "%d日目、朝礼のあとで係長に呼ばれ、ほかの社員の前で「こんな仕事もできないのか」と言われた。", i)
		switch {
		case i == 20:
			b.WriteString("\n\n")
		case i%4 == 0:
			b.WriteString("\n")
		}
	}
	return b.String()
}

// statementDocument has four entries, not in event order: a Japanese one
// with every field and a recording, a very long one with a file, one
// written in Vietnamese and one in Chinese. Its language is English: the
// draft is Japanese whatever it says.
func statementDocument() *report.Document {
	d := sample(report.LangEN)
	d.Recordings, d.Attachments = nil, nil
	entry := func(id int64, f report.Fields) report.Entry {
		rec := f.EventTime.Add(2 * time.Hour)
		return report.Entry{ID: id, Fields: f, RecordedAt: rec, EditedAt: rec,
			Revisions: []report.Revision{{Rev: 1, Kind: report.KindCreate, RecordedAt: rec, Fields: &f}}}
	}
	t0 := time.Date(2026, 10, 3, 14, 30, 0, 0, jst)
	e1 := entry(21, report.Fields{EventTime: t0, EventZone: "Asia/Tokyo", Place: "3階会議室",
		People:    []report.Person{{Name: "田中部長", Role: "superior"}, {Name: "佐藤", Role: "colleague"}},
		Text:      "面談の席で、部長に退職するよう繰り返し言われた。\n私が断ると、机をたたいて大声を出した。",
		Quote:     "お前なんか辞めてしまえ",
		Witnesses: []string{"佐藤", "鈴木"},
		Impact:    "その夜から眠れなくなり、翌日は頭痛で仕事を休んだ。",
		Actions:   "人事部の窓口に電話で相談した。", Lang: "ja"})
	e1.Recordings = []report.Recording{{ID: 3, File: "data/audio/recording-3.wav", Label: "面談", StartedAt: t0,
		Duration: 12*time.Minute + 34*time.Second, State: "complete", SHA256: wavHash}}
	t1 := time.Date(2026, 10, 6, 9, 0, 0, 0, jst)
	e2 := entry(22, report.Fields{EventTime: t1, Place: "倉庫", Text: statementLongText(),
		Impact: "毎朝、会社に行くのが怖い。", Actions: "労働基準監督署に相談の予約をした。"})
	e2.Attachments = []report.Attachment{{ID: 2, File: "data/attachments/attachment-2-mail.eml", Name: "メール 2026-10-07.eml",
		Size: 12345, MediaType: "message/rfc822", SHA256: fileHash, ImportedAt: t1.Add(24 * time.Hour)}}
	t2 := time.Date(2026, 10, 8, 18, 45, 0, 0, jst)
	e3 := entry(23, report.Fields{EventTime: t2, Place: "Phòng nghỉ tầng 2",
		People:    []report.Person{{Name: "Nguyễn Văn An", Role: "colleague"}},
		Text:      "Trưởng nhóm đã quát tôi trước mặt mọi người và ném tài liệu của tôi xuống sàn.\nTôi rất sợ và không nói được gì.",
		Quote:     "Mày là đồ vô dụng, về nước đi",
		Witnesses: []string{"Trần Thị Mai"},
		Impact:    "Tôi mất ngủ suốt một tuần và không muốn đi làm.",
		Actions:   "Tôi đã kể lại với chị Mai và ghi lại sự việc.", Lang: "vi"})
	t3 := time.Date(2026, 10, 9, 11, 0, 0, 0, jst)
	e4 := entry(24, report.Fields{EventTime: t3, Text: "主管在会议上对我大声吼叫，说我们这些外国人什么都不会。",
		Quote: "你明天不用来了", Lang: "zh-Hans"})
	d.Entries = []report.Entry{e3, e1, e4, e2}
	return d
}

// renderStatement renders the draft of d twice and fails unless the two
// renderings are the same bytes.
func renderStatement(t *testing.T, d *report.Document, author string) ([]report.StatementSection, []byte) {
	t.Helper()
	secs := report.Statement(d, report.Exhibits(d, report.ExhibitOptions{}))
	var a, b bytes.Buffer
	if err := report.WriteStatement(&a, d, author, secs); err != nil {
		t.Fatalf("WriteStatement: %v", err)
	}
	if err := report.WriteStatement(&b, d, author, secs); err != nil {
		t.Fatalf("WriteStatement: %v", err)
	}
	if !bytes.HasPrefix(a.Bytes(), []byte("%PDF-")) {
		t.Fatalf("output is not a PDF: %q", a.Bytes()[:min(20, a.Len())])
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two renderings of the same draft differ")
	}
	return secs, a.Bytes()
}

// statementPages is the text of each page of pdf, flattened, one
// pdftotext run per page.
func statementPages(t *testing.T, pdf []byte) []string {
	t.Helper()
	n := pageCount(t, pdf)
	ps := make([]string, n)
	for i := range n {
		p := strconv.Itoa(i + 1)
		ps[i] = flat(pdftotext(t, pdf, "-f", p, "-l", p))
	}
	return ps
}

// statementBody is the text between the top and bottom margins of every
// page (no running head, no footer), flattened: a paragraph that goes on
// to the next page reads on without a break.
func statementBody(t *testing.T, pdf []byte) string {
	t.Helper()
	// Points at pdftotext's 72 dpi: the A4 page from 12 mm to 280 mm.
	return flat(pdftotext(t, pdf, "-x", "0", "-y", "34", "-W", "596", "-H", "760"))
}

func TestWriteStatement(t *testing.T) {
	d := statementDocument()
	secs, pdf := renderStatement(t, d, "Nguyễn Thị Hương")
	if d.Lang != report.LangEN {
		t.Errorf("the document's language was changed to %q", d.Lang)
	}
	if len(secs) != 4 {
		t.Fatalf("%d sections, want 4", len(secs))
	}
	ps := statementPages(t, pdf)
	if len(ps) < 3 {
		t.Errorf("%d pages; the long entry alone should take more than one", len(ps))
	}
	for i, p := range ps {
		if !strings.Contains(p, "下書き") {
			t.Errorf("page %d does not say 下書き", i+1)
		}
		if want := flat(fmt.Sprintf("%d / %d", i+1, len(ps))); !strings.Contains(p, want) {
			t.Errorf("page %d has no footer %q", i+1, want)
		}
		if i > 0 && !strings.Contains(p, report.StatementTitle) {
			t.Errorf("page %d has no running head %q", i+1, report.StatementTitle)
		}
	}

	text := strings.Join(ps, "")
	for _, w := range []string{report.StatementTitle, report.StatementNote, report.FilingDate(d), "2026年11月1日（日）",
		"Nguyễn Thị Hương"} {
		if !strings.Contains(text, flat(w)) {
			t.Errorf("%q not found in the draft", w)
		}
	}
	for _, w := range []string{"（氏名）", "Record of workplace incidents", "Index of incidents"} {
		if strings.Contains(text, flat(w)) {
			t.Errorf("%q in the draft", w)
		}
	}
	if !strings.HasPrefix(ps[0], flat(report.StatementTitle+report.StatementNote+report.FilingDate(d)+"Nguyễn Thị Hương")) {
		t.Errorf("page 1 does not start with the title, the note, the date and the author:\n%.200s", ps[0])
	}

	// Every heading, paragraph and source whole and in order, a
	// paragraph running on over pages.
	body := statementBody(t, pdf)
	at := 0
	for _, s := range secs {
		for _, w := range append(append([]string{s.Heading}, s.Paragraphs...), s.Source) {
			i := strings.Index(body[at:], flat(w))
			if i < 0 {
				t.Errorf("not found whole, or not in order: %.80q", w)
				continue
			}
			at += i + len(flat(w))
		}
	}
	for _, w := range []string{
		"Trưởng nhóm đã quát tôi trước mặt mọi người", "「Mày là đồ vô dụng, về nước đi」",
		"（ベトナム語の原文のまま）", "（中国語（簡体字）の原文のまま）", "主管在会议上对我大声吼叫", "「你明天不用来了」",
		"［記録 #21、甲第1号証の1、甲第2号証］", "［記録 #22、甲第1号証の2、甲第3号証］",
	} {
		if !strings.Contains(body, flat(w)) {
			t.Errorf("%q not found in the draft", w)
		}
	}
}

func TestWriteStatementNoAuthor(t *testing.T) {
	d := statementDocument()
	_, pdf := renderStatement(t, d, " ")
	ps := statementPages(t, pdf)
	if !strings.Contains(ps[0], flat(report.FilingDate(d)+"（氏名）")) {
		t.Errorf("no （氏名） under the date:\n%.200s", ps[0])
	}
}

func TestWriteStatementEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := report.WriteStatement(&b, nil, "", nil); err == nil {
		t.Error("WriteStatement(nil) succeeded")
	}
	d := statementDocument()
	d.Entries = nil
	secs, pdf := renderStatement(t, d, "")
	if len(secs) != 0 {
		t.Fatalf("%d sections of no entries", len(secs))
	}
	ps := statementPages(t, pdf)
	if len(ps) != 1 {
		t.Errorf("empty draft: %d pages", len(ps))
	}
	for _, w := range []string{report.StatementTitle, "（氏名）", "選択された記録はありません。", "1 / 1"} {
		if !strings.Contains(ps[0], flat(w)) {
			t.Errorf("%q not in the empty draft", w)
		}
	}
}
