//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestGUIHours drives the working-hours screen in the real app, in English
// and in Japanese, each on a fresh vault: it opens the screen with its
// Ctrl+digit, imports a CSV file of three months of long days by typing
// its path into the import panel (the file dialog's button sits beside
// it), sees the last month with its flags, then enters a night shift in
// the day form and saves it with Ctrl+S. The screen and the form are
// saved as docs/screenshots/<lang>-hours.png and <lang>-hours-day.png;
// kirokuctl then reads back what the app wrote.
func TestGUIHours(t *testing.T) {
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install xvfb xdotool imagemagick): %v", tool, err)
		}
	}
	key := fmt.Sprintf("ctrl+%d", navDigit(t, "hours"))
	x := startXvfb(t)
	shots := filepath.Join("..", "docs", "screenshots")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []struct{ code, locale string }{{"en", "en_US.UTF-8"}, {"ja", "ja_JP.UTF-8"}} {
		t.Run(lang.code, func(t *testing.T) { hoursTour(t, x, shots, key, lang.code, lang.locale) })
	}
}

// hoursCSV writes three months of long days ending with last month:
// weekdays 09:00-22:00 with an hour's break, Saturdays 09:00-15:00 as
// other days off, the first Sunday of each month 10:00-16:00 as the
// statutory day off, and one night shift. Every month passes 45 h of
// overtime and 80 h beyond 40 h a week.
func hoursCSV(t *testing.T, now time.Time) (path string, last time.Time) {
	t.Helper()
	first := time.Date(now.Year(), now.Month()-3, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	var b strings.Builder
	b.WriteString("date,start,end,break_minutes,day_type,note\n")
	for d := first; d.Before(end); d = d.AddDate(0, 0, 1) {
		date := d.Format(time.DateOnly)
		switch {
		case d.Weekday() == time.Sunday && d.Day() <= 7:
			fmt.Fprintf(&b, "%s,10:00,16:00,0,statutory_holiday,stocktaking\n", date)
		case d.Weekday() == time.Sunday:
		case d.Weekday() == time.Saturday:
			fmt.Fprintf(&b, "%s,09:00,15:00,0,non_statutory_holiday,\n", date)
		case d.Day() == 15:
			fmt.Fprintf(&b, "%s,21:00,07:00,60,workday,night shift\n", date)
		default:
			fmt.Fprintf(&b, "%s,09:00,22:00,60,workday,\n", date)
		}
		last = d
	}
	path = filepath.Join(t.TempDir(), "hours.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, last
}

func hoursTour(t *testing.T, x *xserver, shots, navKey, code, locale string) {
	art := artifacts(t)
	home := t.TempDir()
	vaultPath := filepath.Join(t.TempDir(), "diary.kiroku")
	csvPath, last := hoursCSV(t, time.Now())
	app := x.startApp(t, bin(t, "kiroku"), home, vaultPath, locale, filepath.Join(art, "kiroku.log"))

	welcome := x.waitStable(t, windowTimeout)
	x.key(t, "space")
	create := x.waitChange(t, welcome, stepTimeout, "create")
	x.typeText(t, guiPass)
	x.key(t, "Return")
	x.typeText(t, guiPass)
	filled := x.waitChange(t, create, stepTimeout, "create-typed")
	x.key(t, "Return")
	recovery := x.waitChange(t, filled, kdfTimeout, "recovery-key")
	x.key(t, "Tab", "Tab", "Tab", "Tab", "space")
	confirmed := x.waitChange(t, recovery, stepTimeout, "key-confirmed")
	x.key(t, "Tab", "space")
	timeline := x.waitChange(t, confirmed, stepTimeout, "timeline")

	// The screen opens at this month with "Add a day" focused; Tab moves
	// to "Import CSV…", whose panel opens with the path field focused.
	x.key(t, navKey)
	empty := x.waitChange(t, timeline, stepTimeout, code+"-hours-empty")
	x.key(t, "Tab", "space")
	panel := x.waitChange(t, empty, stepTimeout, code+"-hours-import")
	saveWindow(t, panel, filepath.Join(shots, code+"-hours-import.png"))
	x.typeText(t, csvPath)
	x.key(t, "Return")
	month := x.waitChange(t, panel, stepTimeout, code+"-hours")
	saveWindow(t, month, filepath.Join(shots, code+"-hours.png"))

	// The flags lie below the totals: scroll down to them, and back up.
	x.wheel(t, 5, 6)
	scrolled := x.waitChange(t, month, stepTimeout, code+"-hours-flags")
	saveWindow(t, scrolled, filepath.Join(shots, code+"-hours-flags.png"))
	x.wheel(t, 4, 6)
	month = x.waitChange(t, scrolled, stepTimeout, code+"-hours-top")

	// A night shift in the day form ("Add a day" has the focus again): the
	// date defaults to the first of the month shown.
	x.key(t, "space")
	form := x.waitChange(t, month, stepTimeout, code+"-hours-form")
	x.key(t, "Tab")
	x.typeText(t, "22:00")
	x.key(t, "Tab")
	x.typeText(t, "06:00")
	x.key(t, "Tab")
	x.typeText(t, "45")
	x.key(t, "Tab", "Tab", "Tab", "Tab") // the three day types, then the note
	x.typeText(t, "GUI night shift")
	typed := x.waitChange(t, form, stepTimeout, code+"-hours-day")
	saveWindow(t, typed, filepath.Join(shots, code+"-hours-day.png"))
	x.key(t, "ctrl+s")
	x.waitChange(t, typed, stepTimeout, code+"-hours-saved")
	app.quit(t)

	// What the app wrote, read back by the command-line tool.
	ym := last.Format("2006-01")
	r := mustOK(t, ctl(t, guiPass+"\n", "hours", "report", "--vault", vaultPath, "--passphrase-stdin", "--month", ym, "--json"))
	var md struct {
		Days []struct {
			Date  string `json:"date"`
			Start string `json:"start"`
			End   string `json:"end"`
			Note  string `json:"note"`
		} `json:"days"`
		Flags []struct {
			ID   string `json:"id"`
			Rule string `json:"rule"`
		} `json:"flags"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &md); err != nil {
		t.Fatalf("hours report --json: %v\n%s", err, r.stdout)
	}
	var flags []string
	for _, f := range md.Flags {
		flags = append(flags, f.ID+"/"+f.Rule)
	}
	for _, want := range []string{"over-45h-month/overtime-caps", "rousai-80h-month/rousai-item-80-hours"} {
		if !slices.Contains(flags, want) {
			t.Errorf("month %s: flags %v lack %s", ym, flags, want)
		}
	}
	firstDay := time.Date(last.Year(), last.Month(), 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	found := false
	for _, d := range md.Days {
		if d.Date == firstDay {
			found = d.Start == "22:00" && d.End == "06:00" && d.Note == "GUI night shift"
		}
	}
	if !found {
		t.Errorf("the day typed in the form is not in the vault: %s", r.stdout)
	}
	mustOK(t, ctl(t, guiPass+"\n", "check", "--vault", vaultPath, "--passphrase-stdin"))
}

// wheel turns the mouse wheel n notches over the screen's content (button
// 4 scrolls up, 5 down), then moves the pointer away again.
func (x *xserver) wheel(t *testing.T, button, n int) {
	t.Helper()
	if out, err := x.run("xdotool", "mousemove", "600", "450", "click", "--repeat", fmt.Sprint(n), "--delay", "100",
		fmt.Sprint(button), "sleep", "0.3", "mousemove", "1200", "780"); err != nil {
		t.Fatalf("xdotool wheel: %v %s", err, out)
	}
}
