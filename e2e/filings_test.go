//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 15's acceptance for the filings: from a vault of ten realistic
// Japanese entries, two recordings, three files and a month of hours,
// kirokuctl export writes the 証拠説明書, the 時系列表 and the 陳述書 draft
// as PDF and Word (the chronology also as Excel). LibreOffice converts
// each, and the texts read back hold the exhibit numbers, the hashes of
// the files in the bag and every entry's full text.
func TestExportFilings(t *testing.T) {
	t.Parallel() // own vault and folders
	for _, tool := range []string{"soffice", "pdftotext", "sha256sum"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed (make test installs it)", tool)
		}
	}
	dir := t.TempDir()
	v := initVault(t, "pw")
	entries := []struct{ when, text, quote, person, place string }{
		{"2026-09-01T09:10:00+09:00", "朝礼で、売上が足りないのはお前のせいだと全員の前で言われた。", "お前のせいで全部だめになった", "佐藤課長:superior", "本社3階 朝礼スペース"},
		{"2026-09-03T18:40:00+09:00", "定時後に会議室へ呼ばれ、1時間ほど大声で叱責された。机を何度も叩かれた。", "辞めてしまえ", "佐藤課長:superior", "第2会議室"},
		{"2026-09-08T12:05:00+09:00", "昼休みに、同僚の前で私の日本語をまねして笑われた。", "日本語もできないくせに", "鈴木:colleague", "休憩室"},
		{"2026-09-10T20:30:00+09:00", "業務量の相談をしたが、「甘えるな」と言われ、追加の仕事を渡された。", "甘えるな", "佐藤課長:superior", "執務室"},
		{"2026-09-12T10:00:00+09:00", "土曜日に出勤を命じられた。断ると評価を下げると言われた。", "来ないなら評価を下げる", "佐藤課長:superior", "電話"},
		{"2026-09-16T17:55:00+09:00", "人事に相談したが、「本人にも問題がある」と言われた。", "あなたにも問題がある", "高橋:hr", "人事部 面談室"},
		{"2026-09-19T08:50:00+09:00", "朝から頭痛と吐き気がして、出勤前に涙が止まらなかった。", "", "", "自宅"},
		{"2026-09-22T11:20:00+09:00", "心療内科を受診し、適応障害の疑いと言われた。", "", "", "さくらクリニック"},
		{"2026-09-25T16:30:00+09:00", "チャットで、全員が見ているグループに私の失敗が書き込まれた。", "またグエンがミスしました", "佐藤課長:superior", "社内チャット"},
		{"2026-09-29T19:15:00+09:00", "退職届を書くように言われ、用紙を渡された。", "今月中に出して", "佐藤課長:superior", "第2会議室"},
	}
	// What a consultation sheet asks, on the second entry: a second quote
	// with its speaker, the pattern, others affected, a consultation and
	// what the worker wants.
	sheet := map[int][]string{1: {"--said", "佐藤課長=机を叩くな、聞け", "--recurrence", "repeated", "--since", "2026-08",
		"--how-often", "週に2〜3回", "--duration", "約1時間", "--affected", "田中", "--affected", "レ・ヴァン・ナム",
		"--consulted", "union,2026-09-20,地域ユニオン,団体交渉を申し入れると言われた", "--wants", "stop", "--wants", "keep-job",
		"--wants-note", "安心して働き続けたい"}}
	sheetWants := []string{"「机を叩くな、聞け」（佐藤課長）", "繰り返し（2026年8月から）", "週に2〜3回", "約1時間",
		"レ・ヴァン・ナム", "2026年9月20日", "地域ユニオン", "団体交渉を申し入れると言われた", "安心して働き続けたい"}
	for i, e := range entries {
		args := []string{"add", "--vault", v, "--passphrase-stdin", "--when", e.when, "--text", e.text, "--place", e.place, "--language", "ja"}
		if e.quote != "" {
			args = append(args, "--quote", e.quote)
		}
		args = append(args, sheet[i]...)
		if e.person != "" {
			args = append(args, "--person", e.person, "--category", "power-harassment")
		}
		mustOK(t, ctl(t, "pw\n", args...))
	}
	for _, id := range []string{"2", "5"} {
		mustOK(t, ctl(t, "pw\n", "record", "--vault", v, "--passphrase-stdin", "--seconds", "1", "--backend", "null", "--entry", id))
	}
	for i, name := range []string{"診断書.pdf", "チャット画面.png", "シフト表.xlsx"} {
		f := filepath.Join(dir, name)
		os.WriteFile(f, []byte(fmt.Sprintf("evidence file %d", i)), 0o600)
		mustOK(t, ctl(t, "pw\n", "import", "--vault", v, "--passphrase-stdin", "--entry", []string{"8", "9", "5"}[i], f))
	}
	csv := filepath.Join(dir, "hours.csv")
	var b strings.Builder
	b.WriteString("date,start,end,break_minutes,day_type\n")
	for d := 1; d <= 30; d++ {
		fmt.Fprintf(&b, "2026-09-%02d,08:30,22:00,60,workday\n", d)
	}
	os.WriteFile(csv, []byte(b.String()), 0o600)
	mustOK(t, ctl(t, "pw\n", "hours", "import", "--vault", v, "--passphrase-stdin", csv))

	bag := filepath.Join(dir, "bundle")
	mustOK(t, ctl(t, "pw\n", "export", "--vault", v, "--passphrase-stdin", "--out", bag, "--lang", "ja", "--author", "グエン・ティ・フオン"))
	if out, code := run(t, bag, "sha256sum", "-c", "--quiet", "manifest-sha256.txt"); code != 0 {
		t.Fatalf("sha256sum -c: exit %d\n%s", code, out)
	}
	// The hashes a lawyer can check: every file's, from the manifest.
	manifest, err := os.ReadFile(filepath.Join(bag, "manifest-sha256.txt"))
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(manifest)), "\n") {
		sum, path, _ := strings.Cut(l, "  ")
		sums[path] = sum
	}
	wantList := []string{"甲第1号証の1", "甲第1号証の10", "甲第2号証", "甲第3号証", "甲第4号証", "甲第6号証", "グエン・ティ・フオン",
		sums["data/audio/recording-1.opus"], sums["data/audio/recording-2.opus"], sums["data/ledger/records/revision-10.json"]}
	for path, sum := range sums {
		if strings.HasPrefix(path, "data/attachments/") {
			wantList = append(wantList, sum)
		}
	}
	fdir := filepath.Join(bag, "data", "filings")
	read := func(name, format string) string {
		t.Helper()
		return flatText(officeText(t, filepath.Join(fdir, name), format))
	}
	check := func(doc, text string, wants []string) {
		t.Helper()
		for _, w := range wants {
			if w == "" {
				t.Fatalf("%s: an empty string to look for", doc)
			}
			if !strings.Contains(text, flatText(w)) {
				t.Errorf("%s lacks %.60q", doc, w)
			}
		}
	}
	var texts []string
	for _, e := range entries {
		texts = append(texts, e.text)
		if e.quote != "" {
			texts = append(texts, "「"+e.quote+"」")
		}
	}
	pdfText := func(name string) string {
		out, code := run(t, fdir, "pdftotext", "-enc", "UTF-8", name, "-")
		if code != 0 {
			t.Fatalf("pdftotext %s: exit %d\n%s", name, code, out)
		}
		return flatText(out)
	}
	check("exhibit-list.pdf", pdfText("exhibit-list.pdf"), wantList)
	check("exhibit-list.docx", read("exhibit-list.docx", "txt"), wantList)
	check("exhibit-list.docx as PDF", read("exhibit-list.docx", "pdf"), wantList[:6])
	for _, doc := range []struct{ name, format string }{{"chronology.pdf", ""}, {"chronology.docx", "txt"}, {"chronology.xlsx", "csv"}, {"statement-draft.pdf", ""}, {"statement-draft.docx", "txt"}} {
		var text string
		if doc.format == "" {
			text = pdfText(doc.name)
		} else {
			text = read(doc.name, doc.format)
			check(doc.name+" as PDF", read(doc.name, "pdf"), []string{"甲第1号証の1", "甲第2号証"})
		}
		check(doc.name, text, append([]string{"甲第1号証の1", "甲第1号証の10", "甲第2号証"}, texts...))
		if strings.HasPrefix(doc.name, "statement") {
			check(doc.name, text, sheetWants)
		} else {
			check(doc.name, text, sheetWants[:4])
		}
	}
	report := flatText(mustRun(t, filepath.Join(bag, "data"), "pdftotext", "-enc", "UTF-8", "report.pdf", "-"))
	check("report.pdf", report, []string{"机を叩くな、聞け", "発言者", "佐藤課長", "繰り返し（2026年8月から）", "週に2〜3回",
		"レ・ヴァン・ナム", "地域ユニオン", "団体交渉を申し入れると言われた", "行為をやめてほしい", "働き続けたい", "安心して働き続けたい"})
}

// mustRun runs a command in dir and returns its output, failing the test
// when it fails.
func mustRun(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	out, code := run(t, dir, name, args...)
	if code != 0 {
		t.Fatalf("%s: exit %d\n%s", name, code, out)
	}
	return out
}

// officeText converts file with LibreOffice, as a lawyer's Word or Excel
// would open it: to PDF (returned through pdftotext), to text (a
// document) or to CSV (a sheet), in UTF-8.
func officeText(t *testing.T, file, format string) string {
	t.Helper()
	out := t.TempDir()
	filter := map[string]string{"pdf": "pdf", "txt": "txt:Text (encoded):UTF8", "csv": "csv:Text - txt - csv (StarCalc):44,34,76"}[format]
	cmd := exec.Command("soffice", "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(out, "profile"),
		"--convert-to", filter, "--outdir", out, file)
	cmd.Env = append(os.Environ(), "HOME="+out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice %s: %v\n%s", filepath.Base(file), err, b)
	}
	conv := filepath.Join(out, strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))+"."+format)
	if format == "pdf" {
		b, err := exec.Command("pdftotext", "-enc", "UTF-8", conv, "-").CombinedOutput()
		if err != nil {
			t.Fatalf("pdftotext: %v\n%s", err, b)
		}
		return string(b)
	}
	b, err := os.ReadFile(conv)
	if err != nil {
		t.Fatalf("soffice made no %s of %s: %v", format, filepath.Base(file), err)
	}
	return string(b)
}

// flatText drops white space and hyphens: lines break, and pdftotext
// joins a word broken at a hyphen, where the layout put them.
func flatText(s string) string {
	return strings.ReplaceAll(strings.Join(strings.Fields(s), ""), "-", "")
}
