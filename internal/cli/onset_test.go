package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/cli"
)

// kirokuctl hours onset: the hand-computed case of hours.Onset's test,
// through a CSV import and the command: 30 days of 11 hours before onset
// are 158:34 of overtime by the ministry's formula.
func TestHoursOnset(t *testing.T) {
	path := lowCostVault(t)
	var b strings.Builder
	b.WriteString("date,start,end,break_minutes,day_type\n")
	for d := 1; d <= 30; d++ {
		typ := "workday"
		if d == 6 {
			typ = "statutory_holiday"
		}
		fmt.Fprintf(&b, "2026-09-%02d,08:00,20:00,60,%s\n", d, typ)
	}
	csv := filepath.Join(t.TempDir(), "h.csv")
	os.WriteFile(csv, []byte(b.String()), 0o600)
	if code, _, errs := runStdin(t, "pw\n", "hours", "import", "--vault", path, "--passphrase-stdin", csv); code != cli.ExitOK {
		t.Fatalf("import: exit %d\n%s", code, errs)
	}
	code, out, errs := runStdin(t, "pw\n", "hours", "onset", "--vault", path, "--passphrase-stdin", "--date", "2026-10-01", "--json")
	if code != cli.ExitOK {
		t.Fatalf("onset: exit %d\n%s", code, errs)
	}
	var v struct {
		Periods []struct {
			N        int    `json:"n"`
			From     string `json:"from"`
			To       string `json:"to"`
			Worked   int    `json:"worked_minutes"`
			Overtime int    `json:"overtime_minutes"`
		} `json:"periods"`
		Flags []struct{ ID string } `json:"flags"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(v.Periods) != 6 || v.Periods[0].Worked != 19800 || v.Periods[0].Overtime != 9514 || len(v.Flags) != 1 || v.Flags[0].ID != "rousai-80h-month" {
		t.Fatalf("onset view %+v", v)
	}
	code, out, _ = runStdin(t, "pw\n", "hours", "onset", "--vault", path, "--passphrase-stdin", "--date", "2026-10-01")
	if code != cli.ExitOK || !strings.Contains(out, "overtime 158:34") || !strings.Contains(out, "2026-09-01 – 2026-09-30") {
		t.Fatalf("onset text: exit %d\n%s", code, out)
	}
	if code, _, errs := runStdin(t, "pw\n", "hours", "onset", "--vault", path, "--passphrase-stdin", "--date", "2026-02-30"); code != cli.ExitUsage || !strings.Contains(errs, "the day the illness began") {
		t.Fatalf("bad date: exit %d\n%s", code, errs)
	}
}
