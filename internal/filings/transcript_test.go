package filings_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/filings"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/report"
)

// transcript is a 反訳 of the case's recording: five utterances, two
// speakers, the notation, one line a recogniser made.
func transcript() report.Transcript {
	return report.Transcript{File: "data/audio/recording-1.opus", Rev: record.TranscriptRevision{
		Rev: 2, Transcriber: "山田 花子", RecordedAt: time.Date(2026, 12, 1, 20, 30, 0, 0, jst), Lang: "ja",
		Audio:    record.TranscriptAudio{Ref: "recording:1", SHA256: strings.Repeat("1", 64)},
		Speakers: []record.TranscriptSpeaker{{ID: "A", Name: "田中部長"}, {ID: "B", Name: "本人"}},
		Utterances: []record.Utterance{
			{StartMS: 1200, EndMS: 4000, Speaker: "A", Text: "お前なんか辞めてしまえ。"},
			{StartMS: 4500, EndMS: 6100, Speaker: "B", Text: "それはどういう意味ですか。"},
			{StartMS: 7000, EndMS: 9000, Speaker: "A", Text: "（聴取不能）明日から来なくていい。"},
			{StartMS: 9500, EndMS: 12000, Speaker: "B", Text: "（沈黙）"},
			{StartMS: 61_000, EndMS: 65_500, Speaker: "A", Text: "Tôi không hiểu（不明瞭）", Machine: true},
		},
	}}
}

func transcriptDocument() *report.Document {
	d := document()
	d.Entries[0].Recordings[0].Markers = []report.Marker{{At: 8 * time.Second, Label: "机を叩いた音"}}
	return d
}

// The 反訳書 model: the header from the recording and its entry, the
// utterances numbered, the marker between them at its time.
func TestTranscriptSheet(t *testing.T) {
	s := report.TranscriptFor(transcriptDocument(), transcript())
	head := map[string]string{}
	for _, h := range s.Head {
		head[h[0]] = h[1]
	}
	for label, want := range map[string]string{
		report.TranscriptLabelSHA:      strings.Repeat("1", 64),
		report.TranscriptLabelPlace:    "3階会議室",
		report.TranscriptLabelDuration: "01:35",
		report.TranscriptLabelRecorded: "2026年9月16日（水）10時15分",
		report.TranscriptLabelSpeakers: "A：田中部長、B：本人",
		report.TranscriptLabelBy:       "山田 花子（2026年12月1日（火）20時30分 保存）",
	} {
		if !strings.Contains(head[label], want) {
			t.Errorf("%s: %q, want %q in it", label, head[label], want)
		}
	}
	var got []string
	for _, r := range s.Rows {
		got = append(got, strings.Join([]string{itoa(r.N), r.Time, r.Speaker, r.Text}, "|"))
	}
	want := []string{
		"1|00:01–00:04|田中部長|お前なんか辞めてしまえ。",
		"2|00:04–00:06|本人|それはどういう意味ですか。",
		"3|00:07–00:09|田中部長|（聴取不能）明日から来なくていい。",
		"0|00:08||［マーカー］机を叩いた音",
		"4|00:09–00:12|本人|（沈黙）",
		"5|01:01–01:05|田中部長|Tôi không hiểu（不明瞭）",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !s.Rows[5].Machine {
		t.Error("the recogniser's line is not marked")
	}
	if !strings.Contains(s.Statement, strings.Repeat("1", 64)) {
		t.Errorf("statement does not name the file's hash: %s", s.Statement)
	}
	// An imported file: its original name, the time the worker states.
	tr := transcript()
	tr.Rev.Audio.Ref = "attachment:1"
	s = report.TranscriptFor(transcriptDocument(), tr)
	head = map[string]string{}
	for _, h := range s.Head {
		head[h[0]] = h[1]
	}
	if head[report.TranscriptLabelOrigName] != "シフト表.pdf" || !strings.Contains(head[report.TranscriptLabelRecorded], "記録者が記録に書いた") ||
		head[report.TranscriptLabelImported] != "2026年10月15日（木）10時15分" {
		t.Errorf("attachment header: %+v", s.Head)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// pdftotext gives the text of a PDF, as a lawyer's reader would copy it.
func pdftotext(t *testing.T, pdf []byte) string {
	t.Helper()
	in := filepath.Join(t.TempDir(), "t.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", in, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// The 反訳書 as Word and as PDF: LibreOffice opens the Word file, and both
// hold every utterance, its time, the speakers, the marker and the
// recording's SHA-256; the same input gives the same bytes.
func TestTranscriptOpensInLibreOffice(t *testing.T) {
	d, tr := transcriptDocument(), transcript()
	var docx, again, pdf bytes.Buffer
	if err := filings.WriteTranscriptDOCX(&docx, d, tr); err != nil {
		t.Fatal(err)
	}
	if err := filings.WriteTranscriptDOCX(&again, d, tr); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(docx.Bytes(), again.Bytes()) {
		t.Error("the same transcript gave two Word files")
	}
	if err := report.WriteTranscript(&pdf, d, tr); err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{"docx": flat(soffice(t, "反訳書.docx", docx.Bytes()))}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		texts["pdf"] = flat(pdftotext(t, pdf.Bytes()))
	}
	for kind, txt := range texts {
		for _, u := range tr.Rev.Utterances {
			for _, want := range []string{u.Text, record.Timecode(u.StartMS) + "–" + record.Timecode(u.EndMS)} {
				if !strings.Contains(txt, flat(want)) {
					t.Errorf("%s lacks %q:\n%s", kind, want, txt)
				}
			}
		}
		for _, want := range []string{"反訳書", strings.Repeat("1", 64), "田中部長", "本人", "山田花子", "3階会議室",
			"［マーカー］机を叩いた音", "※未確認", "再生して"} {
			if !strings.Contains(txt, flat(want)) {
				t.Errorf("%s lacks %q:\n%s", kind, want, txt)
			}
		}
	}
}
