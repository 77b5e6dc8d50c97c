package filings_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/filings"
	"github.com/kiroku-app/kiroku/internal/report"
)

var jst = time.FixedZone("JST", 9*3600)

// document is a small case: three entries (one written weeks later, one
// with a long text over several lines), a recording and a file.
func document() *report.Document {
	t0 := time.Date(2026, 9, 14, 10, 15, 0, 0, jst)
	var long strings.Builder
	for i := range 60 {
		fmt.Fprintf(&long, "第%d文：朝礼で全員の前で「役立たず」と言われ、机を叩かれた。", i+1)
	}
	long.WriteString("\n二段落目：その後、人事に相談した。")
	rev := func(id int64, text string) []report.Revision {
		return []report.Revision{{Rev: 1, Kind: report.KindCreate, RecordedAt: t0,
			Record: "data/ledger/records/revision-" + string(rune('0'+id)) + ".json", RecordSHA256: strings.Repeat(string(rune('a'+id)), 64)}}
	}
	return &report.Document{
		Lang: report.LangJA, HeadTime: time.Date(2026, 12, 7, 9, 0, 0, 0, jst),
		Categories: []report.Category{{ID: "power-harassment", Label: report.Text{JA: "パワーハラスメント", EN: "Power harassment"}}},
		Entries: []report.Entry{
			{ID: 2, Fields: report.Fields{EventTime: t0.Add(48 * time.Hour), EventZone: "Asia/Tokyo", Place: "3階会議室",
				People: []report.Person{{Name: "田中部長", Role: "superior"}}, Text: long.String(), Quote: "お前なんか辞めてしまえ",
				Witnesses: []string{"Nguyễn Văn An"}, Categories: []string{"power-harassment"}},
				RecordedAt: t0.Add(60 * time.Hour), Revisions: rev(2, ""),
				Recordings: []report.Recording{{ID: 1, File: "data/audio/recording-1.wav", StartedAt: t0.Add(48 * time.Hour),
					Duration: 95 * time.Second, SHA256: strings.Repeat("1", 64)}}},
			{ID: 1, Fields: report.Fields{EventTime: t0, Text: "上司に怒鳴られた。"}, RecordedAt: t0.Add(time.Hour), Revisions: rev(1, "")},
			{ID: 3, Fields: report.Fields{EventTime: t0.Add(24 * time.Hour), Text: "残業を強要された。"},
				RecordedAt: t0.Add(30 * 24 * time.Hour), Revisions: rev(3, ""),
				Attachments: []report.Attachment{{ID: 1, File: "data/attachments/attachment-1-シフト表.pdf", Name: "シフト表.pdf",
					SHA256: strings.Repeat("f", 64), ImportedAt: t0.Add(31 * 24 * time.Hour)}}},
		},
	}
}

func TestExhibitsAndChronology(t *testing.T) {
	d := document()
	ex := report.Exhibits(d, report.ExhibitOptions{})
	var nums []string
	for _, x := range ex {
		nums = append(nums, x.Number)
	}
	// Entries in event order as branches of one exhibit, then the
	// recording, then the file.
	if got := strings.Join(nums, " "); got != "甲第1号証の1 甲第1号証の2 甲第1号証の3 甲第2号証 甲第3号証" {
		t.Fatalf("numbers %s", got)
	}
	if ex[0].ID != 1 || ex[1].ID != 3 || ex[2].ID != 2 || ex[3].Entry != 2 || ex[4].Entry != 3 {
		t.Fatalf("order %+v", ex)
	}
	if x := report.Exhibits(d, report.ExhibitOptions{Prefix: "乙", Start: 5}); x[0].Number != "乙第5号証の1" || x[4].Number != "乙第7号証" {
		t.Fatalf("prefix and start: %s %s", x[0].Number, x[4].Number)
	}
	rows := report.Chronology(d, ex)
	if len(rows) != 3 || rows[2].EntryID != 2 || strings.Join(rows[2].Evidence, " ") != "甲第1号証の3 甲第2号証" ||
		!rows[1].Late || rows[0].Late || !strings.HasSuffix(rows[2].Event, "「お前なんか辞めてしまえ」") {
		t.Fatalf("chronology %+v", rows)
	}
	if got := report.JapaneseDate(time.Date(2026, 9, 14, 10, 15, 0, 0, jst), true); got != "2026年9月14日（月）10時15分" {
		t.Fatalf("JapaneseDate %q", got)
	}
	if got := report.JapaneseDate(time.Date(2026, 9, 14, 10, 15, 0, 0, time.FixedZone("", 7*3600)), true); got != "2026年9月14日（月）10時15分（UTC+07:00）" {
		t.Fatalf("JapaneseDate abroad %q", got)
	}
}

// soffice converts a file with LibreOffice, as a lawyer's Word or Excel
// would open it, and returns the text of the PDF it made.
func soffice(t *testing.T, name string, b []byte) string { return convert(t, name, b, "pdf") }

// convert converts a file with LibreOffice to format ("pdf" or "csv")
// and returns its text (the PDF's through pdftotext).
func convert(t *testing.T, name string, b []byte, format string) string {
	t.Helper()
	for _, tool := range []string{"soffice", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("KIROKU_REQUIRE_TOOLS") != "" {
				t.Fatalf("%s is required: run scripts/deps.sh test", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
	dir := t.TempDir()
	in := filepath.Join(dir, name)
	if err := os.WriteFile(in, b, 0o600); err != nil {
		t.Fatal(err)
	}
	filter := format
	switch format {
	case "csv":
		filter = "csv:Text - txt - csv (StarCalc):44,34,76" // comma, quote, UTF-8
	case "txt":
		filter = "txt:Text (encoded):UTF8"
	}
	cmd := exec.Command("soffice", "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", filter, "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	outFile := strings.TrimSuffix(in, filepath.Ext(in)) + "." + format
	if format != "pdf" {
		b, err := os.ReadFile(outFile)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	pdf := outFile
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// flat drops white space (lines break where the layout put them) and
// hyphens (pdftotext joins "recording-" and "1.wav" across a line break
// as "recording1.wav").
func flat(s string) string { return strings.ReplaceAll(strings.Join(strings.Fields(s), ""), "-", "") }

// The Word and Excel files open in LibreOffice and hold every exhibit
// number, every hash and every entry's full text.
func TestDocumentsOpenInLibreOffice(t *testing.T) {
	d := document()
	ex := report.Exhibits(d, report.ExhibitOptions{})
	rows := report.Chronology(d, ex)
	var list, chrono, sheet bytes.Buffer
	if err := filings.WriteExhibitListDOCX(&list, d, ex); err != nil {
		t.Fatal(err)
	}
	if err := filings.WriteChronologyDOCX(&chrono, d, rows); err != nil {
		t.Fatal(err)
	}
	if err := filings.WriteChronologyXLSX(&sheet, d, rows); err != nil {
		t.Fatal(err)
	}
	// As LibreOffice reads the file: every number, hash and path; printed
	// to PDF: every number (a hash wraps in its narrow column, and
	// pdftotext puts the neighbouring cells' lines between its pieces).
	listText := flat(convert(t, "証拠説明書.docx", list.Bytes(), "txt"))
	listPDF := flat(soffice(t, "証拠説明書.docx", list.Bytes()))
	for _, x := range ex {
		if !strings.Contains(listPDF, flat(x.Number)) {
			t.Errorf("証拠説明書.docx as PDF lacks %q", x.Number)
		}
		for _, want := range []string{x.Number, x.SHA256, x.File} {
			if !strings.Contains(listText, flat(want)) {
				t.Errorf("証拠説明書.docx lacks %q", want)
			}
		}
	}
	if !strings.Contains(listPDF, flat("証拠説明書（下書き）")) {
		t.Error("証拠説明書.docx as PDF lacks its title")
	}
	for _, h := range append(filings.ExhibitHeaders, "証拠説明書（下書き）") {
		if !strings.Contains(listText, flat(h)) {
			t.Errorf("証拠説明書.docx lacks the header %q", h)
		}
	}
	// Both convert to PDF, as a lawyer would print them, and name every
	// exhibit there. A row that runs over a page is printed in parts with
	// the other columns between, and a sheet's cell has a bounded height
	// in print, so the full texts are read back as LibreOffice reads the
	// files: the document as text, the sheet as CSV.
	for name, b := range map[string][]byte{"時系列表.docx": chrono.Bytes(), "時系列表.xlsx": sheet.Bytes()} {
		printed := flat(soffice(t, name, b))
		for _, n := range []string{"甲第1号証の3", "甲第2号証", "甲第3号証"} {
			if !strings.Contains(printed, n) {
				t.Errorf("%s as PDF lacks %q", name, n)
			}
		}
	}
	for name, text := range map[string]string{"時系列表.docx": convert(t, "時系列表.docx", chrono.Bytes(), "txt"),
		"時系列表.xlsx": convert(t, "時系列表.xlsx", sheet.Bytes(), "csv")} {
		text = flat(text)
		for _, e := range d.Entries {
			for _, line := range strings.Split(e.Text, "\n") {
				if !strings.Contains(text, flat(line)) {
					t.Errorf("%s lacks the text of entry %d: %.60q", name, e.ID, line)
				}
			}
		}
		for _, want := range []string{"甲第1号証の3", "甲第2号証", "甲第3号証", "2026年9月16日（水）10時15分", "※出来事から1週間以上後に記録", "Nguyễn Văn An（目撃者）", "「お前なんか辞めてしまえ」"} {
			if !strings.Contains(text, flat(want)) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
	}
}

// The 陳述書 draft adds no fact: every paragraph is one of the fixed
// lead-ins followed by the entry's own words, or the place, the people
// and the witnesses as recorded.
func TestStatementAddsNothing(t *testing.T) {
	d := document()
	d.Entries[1].Impact, d.Entries[1].Actions, d.Entries[1].Lang = "眠れなくなった。", "人事に相談した。", "vi"
	secs := report.Statement(d, report.Exhibits(d, report.ExhibitOptions{}))
	if len(secs) != 3 || secs[0].Heading != "第1　2026年9月14日（月）10時15分ごろの出来事" || secs[2].Source != "［記録 #2、甲第1号証の3、甲第2号証］" {
		t.Fatalf("sections %+v", secs)
	}
	leadIns := []string{"場所：", "関係者：", "私の記録によれば、次のことがありました。", "私の記録によれば、次のことがありました（ベトナム語の原文のまま）。",
		"そのときの言葉は、記録したとおり次のとおりです。", "その場にいた人：", "このことによる心身や仕事への影響として、私は次のように記録しています。",
		"その後、私がしたことは次のとおりです。", "（上司）", "「", "」", "、", "\n"}
	byHeading := map[string]report.Entry{}
	for i, e := range []int{1, 3, 2} {
		for _, en := range d.Entries {
			if en.ID == int64(e) {
				byHeading[secs[i].Heading] = en
			}
		}
	}
	for _, s := range secs {
		e := byHeading[s.Heading]
		words := []string{e.Place, e.Text, e.Quote, e.Impact, e.Actions}
		for _, p := range e.People {
			words = append(words, p.Name)
		}
		words = append(words, e.Witnesses...)
		for _, p := range s.Paragraphs {
			rest := p
			for _, w := range append(words, leadIns...) {
				if w != "" {
					rest = strings.ReplaceAll(rest, w, "")
				}
			}
			if strings.TrimSpace(rest) != "" {
				t.Errorf("%s: the draft says %q, which is not in the record", s.Heading, rest)
			}
		}
	}
	var b bytes.Buffer
	if err := filings.WriteStatementDOCX(&b, d, "グエン・ティ・フオン", secs); err != nil {
		t.Fatal(err)
	}
	text := flat(convert(t, "陳述書.docx", b.Bytes(), "txt"))
	printed := flat(soffice(t, "陳述書.docx", b.Bytes()))
	for _, want := range []string{"陳述書（下書き）", "グエン・ティ・フオン", secs[2].Heading, secs[2].Source, "「お前なんか辞めてしまえ」", "眠れなくなった。"} {
		if !strings.Contains(text, flat(want)) || !strings.Contains(printed, flat(want)) {
			t.Errorf("陳述書.docx lacks %q", want)
		}
	}
	for _, e := range d.Entries {
		for _, line := range strings.Split(e.Text, "\n") {
			if !strings.Contains(text, flat(line)) {
				t.Errorf("陳述書.docx lacks the text of entry %d: %.60q", e.ID, line)
			}
		}
	}
}
