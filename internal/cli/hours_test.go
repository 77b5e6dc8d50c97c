package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/cli"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

func runStdin(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("LC_ALL", "en_US.UTF-8")
	var out, errb bytes.Buffer
	code := cli.Main(args, &cli.Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb})
	return code, out.String(), errb.String()
}

func lowCostVault(t *testing.T) string {
	t.Helper()
	seal.TestUseLowCostKDF(t)
	path := filepath.Join(t.TempDir(), "h.kiroku")
	v, _, err := vault.Create(path, []byte("pw"), vault.Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	return path
}

func TestHoursImportReport(t *testing.T) {
	v := lowCostVault(t)
	dir := filepath.Dir(v)
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("date,start,end,break_minutes,day_type\n2026-10-01,09:00,18:00,60,workday\n2026-10-02,09:00,18:00,60,holiday\n"), 0o600)
	code, _, errs := runStdin(t, "pw\n", "hours", "import", "--vault", v, "--passphrase-stdin", bad)
	if code != cli.ExitInvalidInput || !strings.Contains(errs, "line 3") {
		t.Fatalf("bad file: exit %d\n%s", code, errs)
	}
	// 2026-10: 20 workdays of 09:00-20:30 with 1 h break = 2.5 h a day over 8 h: 50 h, over 45.
	var csv strings.Builder
	csv.WriteString("\ufeffdate,start,end,break_minutes,day_type,note\r\n")
	n := 0
	for d := 1; d <= 31 && n < 20; d++ {
		date := "2026-10-" + twoDigits(d)
		if wd := dayOfWeek(2026, 10, d); wd == 0 || wd == 6 {
			continue
		}
		csv.WriteString(date + ",9:00,20:30,60,workday,\r\n")
		n++
	}
	csv.WriteString("2026-10-31,22:00,06:00,60,statutory_holiday,棚卸し\r\n")
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte(csv.String()), 0o600)
	if code, _, errs := runStdin(t, "pw\n", "hours", "import", "--vault", v, "--passphrase-stdin", good); code != cli.ExitOK {
		t.Fatalf("import: exit %d\n%s", code, errs)
	}
	code, out, errs := runStdin(t, "pw\n", "hours", "report", "--vault", v, "--passphrase-stdin", "--month", "2026-10", "--json")
	if code != cli.ExitOK {
		t.Fatalf("report: exit %d\n%s", code, errs)
	}
	var md struct {
		Month       string `json:"month"`
		Overtime    int    `json:"overtime_minutes"`
		HolidayWork int    `json:"holiday_work_minutes"`
		Crossing    int    `json:"shifts_crossing_midnight"`
		Days        []any  `json:"days"`
		Flags       []struct {
			ID, Rule string
		} `json:"flags"`
	}
	if err := json.Unmarshal([]byte(out), &md); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if md.Overtime != 50*60 || md.HolidayWork != 7*60 || md.Crossing != 1 || len(md.Days) != 21 {
		t.Fatalf("month: %+v", md)
	}
	found := false
	for _, f := range md.Flags {
		found = found || f.Rule == "overtime-caps"
	}
	if !found {
		t.Fatalf("no overtime-caps flag for 50 h: %+v", md.Flags)
	}
	// Take a day back, and list the log as CSV again.
	if code, _, errs := runStdin(t, "pw\n", "hours", "add", "--vault", v, "--passphrase-stdin", "--date", "2026-10-31", "--remove"); code != cli.ExitOK {
		t.Fatalf("remove: %d %s", code, errs)
	}
	_, out, _ = runStdin(t, "pw\n", "hours", "list", "--vault", v, "--passphrase-stdin", "--csv")
	if strings.Contains(out, "2026-10-31") || strings.Count(out, "\n") != 21 {
		t.Fatalf("list after removal:\n%s", out)
	}
	if code, _, _ := runStdin(t, "", "hours", "report", "--month", "10-2026", "--vault", v); code != cli.ExitUsage {
		t.Fatalf("bad month: exit %d", code)
	}
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

// dayOfWeek: 0 Sunday (Sakamoto's method).
func dayOfWeek(y, m, d int) int {
	t := []int{0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4}
	if m < 3 {
		y--
	}
	return (y + y/4 - y/100 + y/400 + t[m-1] + d) % 7
}
