package report_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kiroku-app/kiroku/internal/report"
)

// hashOf is a made-up SHA-256 in hex, different for every s.
func hashOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// longText is about 3000 characters of numbered Japanese sentences, with
// line breaks: a row of the chronology taller than a page.
func longText() string {
	var b strings.Builder
	for i := 1; utf8.RuneCountInString(b.String()) < 3000; i++ {
		fmt.Fprintf(&b, "%d回目：課長から「今日中に終わらせろ」と大声で言われ、周りの同僚も黙っていた。", i)
		if i%5 == 0 {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// filingsDocument has four entries (one with a very long text, one by a
// Vietnamese colleague's name, quotes), a recording and an attachment. Its
// language is English: the filings are Japanese whatever it says.
func filingsDocument() *report.Document {
	d := sample(report.LangEN)
	d.Recordings, d.Attachments = nil, nil
	hcm := time.FixedZone("ICT", 7*3600)
	entry := func(id int64, f report.Fields, recorded time.Time) report.Entry {
		path := fmt.Sprintf("data/ledger/records/revision-%d.json", id)
		return report.Entry{ID: id, Fields: f, RecordedAt: recorded, EditedAt: recorded,
			Revisions: []report.Revision{{Rev: 1, Kind: report.KindCreate, RecordedAt: recorded, Fields: &f,
				Record: path, RecordSHA256: hashOf(path)}}}
	}
	t0 := time.Date(2026, 10, 3, 14, 30, 0, 0, jst)
	e1 := entry(10, report.Fields{EventTime: t0, EventZone: "Asia/Tokyo", Place: "3階会議室",
		People:    []report.Person{{Name: "田中部長", Role: "superior"}, {Name: "Nguyễn Thị Hương", Role: "colleague"}},
		Text:      "面談の席で上司に退職を迫られた。",
		Quote:     "お前なんか辞めてしまえ",
		Witnesses: []string{"Nguyễn Thị Hương"}, Categories: []string{"power-harassment"}}, t0.Add(3*time.Hour))
	e1.Recordings = []report.Recording{{ID: 3, File: "data/audio/recording-3.wav", Label: "面談", StartedAt: t0,
		Duration: 12*time.Minute + 34*time.Second, State: "complete", SHA256: wavHash}}
	t1 := time.Date(2026, 10, 6, 9, 0, 0, 0, hcm)
	e2 := entry(11, report.Fields{EventTime: t1, EventZone: "Asia/Ho_Chi_Minh", Place: "ハノイ出張先の事務所",
		People: []report.Person{{Name: "課長", Role: "superior"}}, Text: longText(),
		Categories: []string{"verbal-abuse"}}, t1.Add(10*24*time.Hour))
	e2.Attachments = []report.Attachment{{ID: 2, File: "data/attachments/attachment-2-mail.eml", Name: "メール 2026-10-07.eml",
		Size: 12345, MediaType: "message/rfc822", SHA256: fileHash, ImportedAt: t1.Add(11 * 24 * time.Hour)}}
	t2 := time.Date(2026, 10, 8, 18, 45, 0, 0, jst)
	e3 := entry(12, report.Fields{EventTime: t2, Place: "休憩室",
		People: []report.Person{{Name: "Nguyễn Văn An", Role: "colleague"}},
		Text:   "同僚のグエン・ヴァン・アンさんが、私の机の書類を黙って捨てた。"}, t2.Add(time.Hour))
	e3.EditedAt = e3.RecordedAt.Add(26 * time.Hour) // edited: a note beside 作成年月日
	t3 := time.Date(2026, 10, 9, 11, 0, 0, 0, jst)
	e4 := entry(13, report.Fields{EventTime: t3, Quote: "会議に出なくていい"}, t3.Add(30*time.Minute))
	d.Entries = []report.Entry{e3, e1, e4, e2} // not in event order
	return d
}

// renderFilings renders both filings of d, twice each, and fails unless
// the two renderings are the same bytes.
func renderFilings(t *testing.T, d *report.Document) (ex []report.Exhibit, rows []report.ChronoRow, exPDF, chronoPDF []byte) {
	t.Helper()
	ex = report.Exhibits(d, report.ExhibitOptions{})
	rows = report.Chronology(d, ex)
	for _, f := range []struct {
		name  string
		write func(*bytes.Buffer) error
		out   *[]byte
	}{
		{"WriteExhibitList", func(b *bytes.Buffer) error { return report.WriteExhibitList(b, d, ex) }, &exPDF},
		{"WriteChronology", func(b *bytes.Buffer) error { return report.WriteChronology(b, d, rows) }, &chronoPDF},
	} {
		var a, b bytes.Buffer
		if err := f.write(&a); err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		if err := f.write(&b); err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		if !bytes.HasPrefix(a.Bytes(), []byte("%PDF-")) {
			t.Fatalf("%s: output is not a PDF: %q", f.name, a.Bytes()[:min(20, a.Len())])
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("%s: two renderings of the same input differ", f.name)
		}
		*f.out = a.Bytes()
	}
	return ex, rows, exPDF, chronoPDF
}

// pages is the text of each page of pdf, flattened.
func pages(t *testing.T, pdf []byte) []string {
	t.Helper()
	ps := strings.Split(pdftotext(t, pdf), "\f")
	if len(ps) > 0 && strings.TrimSpace(ps[len(ps)-1]) == "" {
		ps = ps[:len(ps)-1]
	}
	for i := range ps {
		ps[i] = flat(ps[i])
	}
	return ps
}

// acrossPages reports whether want is on pages whole and in order: all of
// it on one page, or its start on one page and the rest at once on the
// pages that follow, a piece on each (a row split between pages; the header
// and footer come between the pieces). Every piece but the last must be
// long (several lines), so that a scrap that happens to match elsewhere
// cannot pass for one.
func acrossPages(pages []string, want string) bool {
	const minPiece = 80 // runes
	rest := []rune(flat(want))
	started := false
	for _, p := range pages {
		// The longest start of rest found on p.
		lo, hi := 0, len(rest)
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if strings.Contains(p, string(rest[:mid])) {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		if lo < min(len(rest), minPiece) {
			if started {
				return false
			}
			continue
		}
		started, rest = true, rest[lo:]
		if len(rest) == 0 {
			return true
		}
	}
	return false
}

func countIn(pages []string, s string) int {
	n := 0
	for _, p := range pages {
		if strings.Contains(p, flat(s)) {
			n++
		}
	}
	return n
}

// checkFooters fails unless every page has its number and the total.
func checkFooters(t *testing.T, name string, ps []string) {
	t.Helper()
	for i, p := range ps {
		if want := flat(fmt.Sprintf("%d / %d", i+1, len(ps))); !strings.Contains(p, want) {
			t.Errorf("%s: page %d has no footer %q", name, i+1, want)
		}
	}
}

func TestWriteExhibitList(t *testing.T) {
	d := filingsDocument()
	ex, _, pdf, _ := renderFilings(t, d)
	if d.Lang != report.LangEN {
		t.Errorf("the document's language was changed to %q", d.Lang)
	}
	if len(ex) != 6 {
		t.Fatalf("%d exhibits, want 6 (four entries, a recording, a file)", len(ex))
	}
	ps := pages(t, pdf)
	text := strings.Join(ps, "")
	want := []string{
		"証拠説明書（下書き）", "作成日：2026年11月1日（日）",
		"この書面は、Kiroku が本人の記録から作成した下書きです。", "立証趣旨は記録の分類から作った中立的な案です。",
		"号証", "標目", "原本・写しの別", "作成年月日", "作成者", "立証趣旨", "ファイルと SHA-256",
		"最終修正 2026年10月9日（金）21時45分", // MadeNote on its own line
		"作成日不明。Kiroku への取込",        // MadeNote instead of an unknown date
	}
	for _, x := range ex {
		want = append(want, x.Number, x.Title, x.Original, x.Author, x.Purpose, x.File, x.SHA256, x.File+x.SHA256)
		if !x.Made.IsZero() {
			want = append(want, report.JapaneseDate(x.Made, false))
		}
	}
	for _, w := range want {
		if !strings.Contains(text, flat(w)) {
			t.Errorf("%q not found in the 証拠説明書", w)
		}
	}
	for _, w := range []string{"Index of incidents", "Record of workplace incidents"} {
		if strings.Contains(text, flat(w)) {
			t.Errorf("%q in the 証拠説明書: it is Japanese whatever the report's language", w)
		}
	}
	checkFooters(t, "証拠説明書", ps)
}

func TestWriteChronology(t *testing.T) {
	d := filingsDocument()
	ex, rows, _, pdf := renderFilings(t, d)
	ps := pages(t, pdf)
	if len(ps) < 3 {
		t.Fatalf("the chronology has %d pages; the long entry should take more than two", len(ps))
	}
	text := strings.Join(ps, "")
	headers := []string{"年月日・時刻", "出来事", "関係者", "証拠", "記録日時"}
	for _, w := range append(headers, "時系列表", "作成日：2026年11月1日（日）",
		"出来事の内容は記録のとおり全文を載せています。",
		"Nguyễn Thị Hương（同僚）", "Nguyễn Thị Hương（目撃者）", "Nguyễn Văn An（同僚）", "田中部長（上司）",
		"Asia/Ho_Chi_Minh", "2026年10月6日（火）9時00分（UTC+07:00）",
		"※出来事から1週間以上後に記録", "（前頁から続く）") {
		if !strings.Contains(text, flat(w)) {
			t.Errorf("%q not found in the 時系列表", w)
		}
	}
	if n := strings.Count(text, flat("（前頁から続く）")); n != len(ps)-1 {
		t.Errorf("%d rows marked as continued, want %d (the long entry's, on every page after the first)", n, len(ps)-1)
	}
	if n := strings.Count(text, flat("※出来事から1週間以上後に記録")); n != 1 {
		t.Errorf("late note %d times, want once (one entry was written ten days after)", n)
	}
	if strings.Contains(text, "Asia/Tokyo") {
		t.Error("the zone is named for an entry in Japan's")
	}
	for _, h := range headers {
		if n := countIn(ps, h); n != len(ps) {
			t.Errorf("header %q on %d of %d pages", h, n, len(ps))
		}
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4", len(rows))
	}
	for _, r := range rows {
		if !acrossPages(ps, r.Event) {
			t.Errorf("entry #%d: its text is not in the 時系列表 whole and in order: %.60q...", r.EntryID, r.Event)
		}
		for _, n := range r.Evidence {
			if !strings.Contains(text, flat(n)) {
				t.Errorf("entry #%d: exhibit %s not found", r.EntryID, n)
			}
		}
		if !strings.Contains(text, flat(report.JapaneseDate(r.Recorded, true))) {
			t.Errorf("entry #%d: recorded time not found", r.EntryID)
		}
	}
	for _, x := range ex {
		if !strings.Contains(text, flat(x.Number)) {
			t.Errorf("exhibit %s not in the 時系列表", x.Number)
		}
	}
	checkFooters(t, "時系列表", ps)
}

// Many rows: rows that fit are kept whole and the header is drawn on every
// page of both filings.
func TestWriteFilingsManyRows(t *testing.T) {
	d := filingsDocument()
	base := d.Entries[0]
	for i := range 40 {
		e := base
		e.ID = int64(100 + i)
		e.EventTime = e.EventTime.Add(time.Duration(i) * time.Hour)
		e.Text = fmt.Sprintf("%d件目の出来事。", i) + e.Text
		d.Entries = append(d.Entries, e)
	}
	ex, rows, exPDF, chronoPDF := renderFilings(t, d)
	for _, tt := range []struct {
		name    string
		pdf     []byte
		headers []string
	}{
		{"証拠説明書", exPDF, []string{"号証", "立証趣旨", "ファイルと SHA-256"}},
		{"時系列表", chronoPDF, []string{"年月日・時刻", "関係者", "記録日時"}},
	} {
		ps := pages(t, tt.pdf)
		if len(ps) < 2 {
			t.Errorf("%s: %d page", tt.name, len(ps))
		}
		for _, h := range tt.headers {
			if n := countIn(ps, h); n != len(ps) {
				t.Errorf("%s: header %q on %d of %d pages", tt.name, h, n, len(ps))
			}
		}
		text := strings.Join(ps, "")
		for _, x := range ex {
			if !strings.Contains(text, flat(x.Number)) {
				t.Errorf("%s: exhibit %s not found", tt.name, x.Number)
			}
		}
		checkFooters(t, tt.name, ps)
	}
	ps := pages(t, chronoPDF)
	for _, r := range rows {
		if !acrossPages(ps, r.Event) {
			t.Errorf("entry #%d: text not found whole", r.EntryID)
		}
	}
}

func TestWriteFilingsNoDocument(t *testing.T) {
	var b bytes.Buffer
	if err := report.WriteExhibitList(&b, nil, nil); err == nil {
		t.Error("WriteExhibitList(nil) succeeded")
	}
	if err := report.WriteChronology(&b, nil, nil); err == nil {
		t.Error("WriteChronology(nil) succeeded")
	}
	d := filingsDocument()
	d.Entries = nil
	_, _, exPDF, chronoPDF := renderFilings(t, d)
	for _, pdf := range [][]byte{exPDF, chronoPDF} {
		if ps := pages(t, pdf); len(ps) != 1 {
			t.Errorf("empty filing: %d pages", len(ps))
		}
	}
}
