package report_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/report"
)

var jst = time.FixedZone("JST", 9*3600)

const (
	headLink = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	wavHash  = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"
	fileHash = "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9"
)

// sample is a document with a Japanese and an English entry, an edit, a
// recording, an attachment, hours and a rule.
func sample(lang string) *report.Document {
	t0 := time.Date(2026, 10, 3, 14, 30, 0, 0, jst)
	rec := time.Date(2026, 10, 3, 18, 2, 11, 0, time.UTC)
	first := report.Fields{
		EventTime: t0, EventZone: "Asia/Tokyo",
		Place:      "3階会議室",
		People:     []report.Person{{Name: "田中部長", Role: "superior"}, {Name: "佐藤", Role: "colleague"}},
		Text:       "上司に「辞めろ」と言われた",
		Quote:      "お前なんか辞めてしまえ",
		Witnesses:  []string{"佐藤", "鈴木"},
		Categories: []string{"power-harassment"},
		Impact:     "眠れなくなった",
		Actions:    "人事に相談した",
	}
	edited := first
	edited.Place = "3階第2会議室"
	return &report.Document{
		Lang:     lang,
		VaultID:  "0123456789abcdef0123456789abcdef",
		HeadSeq:  42,
		HeadLink: headLink,
		HeadTime: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC),
		From:     time.Date(2026, 10, 1, 0, 0, 0, 0, jst),
		To:       time.Date(2026, 10, 31, 0, 0, 0, 0, jst),
		Selection: []report.Text{
			{JA: "分類：パワーハラスメント", EN: "Category: power harassment"},
		},
		Categories: []report.Category{
			{ID: "power-harassment", Label: report.Text{JA: "パワーハラスメント", EN: "Power harassment"}},
			{ID: "verbal-abuse", Label: report.Text{JA: "暴言", EN: "Verbal abuse"}},
		},
		Entries: []report.Entry{
			{
				ID: 1, Fields: edited, RecordedAt: rec, EditedAt: rec.Add(48 * time.Hour),
				Revisions: []report.Revision{
					{Rev: 1, Kind: report.KindCreate, RecordedAt: rec, Fields: &first},
					{Rev: 2, Kind: report.KindEdit, RecordedAt: rec.Add(48 * time.Hour), Reason: "部屋の名前を訂正", Fields: &edited},
				},
				Recordings: []report.Recording{{
					ID: 3, File: "data/audio/recording-3.wav", Label: "面談", StartedAt: t0,
					Duration: 12*time.Minute + 34*time.Second, State: "complete", SHA256: wavHash,
					Markers: []report.Marker{{At: 83 * time.Second, Label: "辞めろ発言"}},
				}},
				RuleIDs: []string{"power-harassment-definition"},
			},
			{
				ID: 2, RecordedAt: rec.Add(24 * time.Hour),
				Fields: report.Fields{
					EventTime:  time.Date(2026, 10, 7, 9, 15, 0, 0, jst),
					Place:      "Open office, 4F",
					People:     []report.Person{{Name: "Mr. Brown", Role: "customer"}},
					Text:       "The manager shouted at me in front of the whole team about the quarterly report.",
					Quote:      "You are useless, just quit.",
					Categories: []string{"verbal-abuse", "unknown-category"},
				},
				Attachments: []report.Attachment{{
					ID: 2, File: "data/attachments/attachment-2-mail.eml", Name: "メール 2026-10-07.eml",
					Size: 12345, MediaType: "message/rfc822", SHA256: fileHash,
				}},
			},
		},
		Anchors: []report.Anchor{{Seq: 40, Link: headLink, TSA: "FreeTSA", Time: time.Date(2026, 10, 31, 23, 0, 0, 0, time.UTC)}},
		Hours: &report.Hours{
			Months: []report.Month{
				{Month: "2026-08", Days: 22, Total: 190, Overtime: 30},
				{Month: "2026-09", Days: 23, Total: 230, Overtime: 62, HolidayWork: 8, LateNight: 5},
				{Month: "2026-10", Days: 25, Total: 262, Overtime: 91.5, HolidayWork: 16, LateNight: 12.25},
			},
			Flags: []report.Flag{{
				Period: "2026-10", RuleID: "overtime-caps",
				Text: report.Text{JA: "時間外労働が月80時間を超えています", EN: "Overtime above 80 hours in a month"},
			}},
		},
		Rules: []report.Rule{{
			ID:      "power-harassment-definition",
			Title:   report.Text{JA: "パワーハラスメントの定義", EN: "Definition of power harassment"},
			Summary: report.Text{JA: "優越的な関係を背景とした言動で、業務上必要な範囲を超えたもの。", EN: "Conduct based on a superior position that goes beyond what work requires."},
			Points:  []report.Text{{JA: "三つの要素をすべて満たすこと", EN: "All three elements must be met"}},
			Sources: []report.Source{{
				Document: report.Text{JA: "労働施策総合推進法", EN: "Comprehensive Labor Policy Promotion Act"},
				Section:  report.Text{JA: "第30条の2", EN: "Article 30-2"},
				Edition:  report.Text{JA: "2020年6月施行", EN: "in force June 2020"},
				Pages:    "12",
			}},
			Notice:   report.Text{JA: "これは要約であり、法的助言ではありません。", EN: "This is a summary, not legal advice."},
			EntryIDs: []int64{1},
		}},
	}
}

func render(t testing.TB, d *report.Document) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := report.Write(&b, d); err != nil {
		t.Fatalf("Write: %v", err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
		t.Fatalf("output is not a PDF: %q", b.Bytes()[:min(20, b.Len())])
	}
	return b.Bytes()
}

// pdftotext extracts the text of pdf with poppler's pdftotext.
func pdftotext(t testing.TB, pdf []byte, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("KIROKU_REQUIRE_TOOLS") != "" {
			t.Fatal("pdftotext (poppler-utils) is required: run scripts/deps.sh test")
		}
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", append(append(args, "-enc", "UTF-8"), path, "-")...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// pageCount asks poppler's pdfinfo how many pages pdf has.
func pageCount(t testing.TB, pdf []byte) int {
	t.Helper()
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Skip("pdfinfo (poppler-utils) not installed")
	}
	path := filepath.Join(t.TempDir(), "count.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfinfo", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(l, "Pages:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatalf("pdfinfo: %q", l)
			}
			return n
		}
	}
	t.Fatalf("pdfinfo gave no page count:\n%s", out)
	return 0
}

// flat removes all white space, so that text wrapped across lines can be
// found as one string.
func flat(s string) string {
	return strings.Join(strings.Fields(s), "")
}

func TestWriteExtractsText(t *testing.T) {
	common := []string{
		// user content, whatever the report language
		"上司に「辞めろ」と言われた",
		"お前なんか辞めてしまえ",
		"The manager shouted at me in front of the whole team about the quarterly report.",
		"You are useless, just quit.",
		"3階第2会議室",
		headLink, wavHash, fileHash,
		"data/audio/recording-3.wav",
		"data/attachments/attachment-2-mail.eml",
		"メール 2026-10-07.eml",
		"0:01:23",          // marker time code
		"0:12:34",          // duration
		"unknown-category", // id without a label
		"sha256sum -c manifest-sha256.txt",
		"shasum -a 256 -c manifest-sha256.txt",
		"certutil -hashfile",
		"Get-FileHash -Algorithm SHA256",
		"openssl ts -verify -data data/ledger/anchors/40.txt",
		"kiroku-verify BUNDLE", "kirokuctl verify BUNDLE",
		"3階会議室", // the wording before the edit
		"部屋の名前を訂正",
	}
	tests := []struct {
		lang    string
		want    []string
		wantNot []string
	}{
		{report.LangJA, []string{
			"職場での出来事の記録", "事案一覧", "パワーハラスメント", "暴言",
			"労働施策総合推進法", "第30条の2", "2020年6月施行",
			"これは要約であり、法的助言ではありません。",
			"出来事の日時（本人の申告）", "記録日時（システム時計）", "検証の方法", "田中部長(上司)",
			"時間外労働が月80時間を超えています",
		}, []string{"Index of incidents", "How to verify", "Power harassment"}},
		{report.LangEN, []string{
			"Record of workplace incidents", "Index of incidents", "Power harassment", "Verbal abuse",
			"Comprehensive Labor Policy Promotion Act", "Article 30-2", "in force June 2020",
			"This is a summary, not legal advice.",
			"Event time (as stated by the", "Recorded at (system clock)", "How to verify", "田中部長(superior)",
			"Overtime above 80 hours in a month",
		}, []string{"事案一覧", "検証の方法", "暴言"}},
		{report.LangBoth, []string{
			"職場での出来事の記録", "Record of workplace incidents",
			"事案一覧/Index of incidents", "パワーハラスメント/Power harassment",
			"労働施策総合推進法", "Comprehensive Labor Policy Promotion Act",
			"これは要約であり、法的助言ではありません。", "This is a summary, not legal advice.",
			"検証の方法/How to verify",
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			pdf := render(t, sample(tt.lang))
			text := flat(pdftotext(t, pdf))
			for _, w := range append(common, tt.want...) {
				if !strings.Contains(text, flat(w)) {
					t.Errorf("text %q not found in the PDF", w)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(text, flat(w)) {
					t.Errorf("text %q found in a %s report", w, tt.lang)
				}
			}
			if strings.Contains(text, "%!") {
				t.Errorf("a format verb went wrong: %s", text[strings.Index(text, "%!"):][:40])
			}
			if testing.Verbose() {
				t.Logf("%s: %d bytes", tt.lang, len(pdf))
			}
		})
	}
}

func TestWriteDeterministic(t *testing.T) {
	d := sample(report.LangBoth)
	a, b := render(t, d), render(t, d)
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings of the same document differ")
	}
	// The dates come from HeadTime, not from the clock.
	if !bytes.Contains(a, []byte("/CreationDate (D:20261101090000Z)")) {
		t.Error("creation date is not the ledger head's time")
	}
	if !bytes.Contains(a, []byte("/Producer (Kiroku)")) {
		t.Error("producer is not fixed")
	}
	d2 := sample(report.LangBoth)
	d2.HeadTime = d2.HeadTime.Add(time.Second)
	if bytes.Equal(a, render(t, d2)) {
		t.Error("a different head time gives the same bytes")
	}
}

func TestWriteLanguage(t *testing.T) {
	var b bytes.Buffer
	err := report.Write(&b, &report.Document{Lang: "fr"})
	if !errors.Is(err, report.ErrLanguage) {
		t.Fatalf("Write(lang fr) = %v, want ErrLanguage", err)
	}
	if err := report.Write(&b, nil); err == nil {
		t.Fatal("Write(nil) succeeded")
	}
}

// The page count in every footer: "n / total".
func TestWritePageNumbers(t *testing.T) {
	d := sample(report.LangEN)
	for i := range 30 {
		e := d.Entries[1]
		e.ID = int64(100 + i)
		d.Entries = append(d.Entries, e)
	}
	text := pdftotext(t, render(t, d))
	pages := strings.Count(text, "\f")
	if pages < 3 {
		t.Fatalf("only %d pages", pages)
	}
	for p := 1; p <= pages; p++ {
		if want := fmt.Sprintf("%d / %d", p, pages); !strings.Contains(text, want) {
			t.Errorf("footer %q not found", want)
		}
	}
	if n := strings.Count(text, "ledger head 42"); n != pages {
		t.Errorf("footer with the ledger head on %d of %d pages", n, pages)
	}
	if n := strings.Count(text, headLink[:16]); n < pages {
		t.Errorf("head hash prefix on %d of %d pages", n, pages)
	}
}
