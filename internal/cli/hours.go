package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kiroku-app/kiroku/internal/hours"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// kirokuctl hours import|add|list|report: the working-hours log.
func cmdHours(env *Env, args []string) error {
	if len(args) == 0 {
		return usagef("cli.hours.err.need_verb")
	}
	switch args[0] {
	case "import":
		return hoursImport(env, args[1:])
	case "add":
		return hoursAdd(env, args[1:])
	case "list":
		return hoursList(env, args[1:])
	case "report":
		return hoursReport(env, args[1:])
	case "onset":
		return hoursOnset(env, args[1:])
	}
	return usagef("cli.hours.err.unknown_verb", args[0])
}

func hoursImport(env *Env, args []string) error {
	fs, vf := vaultVerb("hours import")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("cli.hours.err.one_file")
	}
	// Read and check the whole file before asking for the passphrase: a bad
	// row costs nothing, and nothing is half-imported.
	var r io.Reader = env.Stdin
	name := "stdin"
	if files[0] != "-" {
		f, err := os.Open(files[0])
		if err != nil {
			return fmt.Errorf("hours import: %w", err)
		}
		defer f.Close()
		r, name = f, filepath.Base(files[0])
	}
	days, err := hours.ParseCSV(r)
	if err != nil {
		return err
	}
	if len(days) == 0 {
		return usagef("cli.hours.err.empty", name)
	}
	st, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer st.Close()
	// The app's own import (app/local): one transaction, dates already
	// logged counted as replaced.
	replaced, err := st.SaveHours(days, "csv "+name)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stderr, i18n.T("cli.hours.out.imported", len(days), name))
	if replaced > 0 {
		fmt.Fprintln(env.Stderr, i18n.T("cli.hours.out.replaced", replaced))
	}
	return nil
}

func hoursAdd(env *Env, args []string) error {
	fs, vf := vaultVerb("hours add")
	var date, start, end, typ, note, basis string
	var brk int
	var remove bool
	fs.StringVar(&date, "date", "", i18n.T("cli.hours.flag.date"))
	fs.StringVar(&start, "start", "", i18n.T("cli.hours.flag.start"))
	fs.StringVar(&end, "end", "", i18n.T("cli.hours.flag.end"))
	fs.IntVar(&brk, "break", 0, i18n.T("cli.hours.flag.break"))
	fs.StringVar(&typ, "type", string(hours.Workday), i18n.T("cli.hours.flag.type"))
	fs.StringVar(&note, "note", "", i18n.T("cli.hours.flag.note"))
	fs.StringVar(&basis, "basis", "", i18n.T("cli.hours.flag.basis"))
	fs.BoolVar(&remove, "remove", false, i18n.T("cli.hours.flag.remove"))
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("cli.err.extra_args", strings.Join(rest, " "))
	}
	d, err := hours.ParseDate(date)
	if err != nil {
		return err
	}
	var day hours.Day
	if !remove {
		day = hours.Day{Date: d, BreakMinutes: brk, Type: hours.DayType(typ), Note: note, Basis: basis}
		if day.Start, err = hours.ParseClock(start); err != nil {
			return err
		}
		if day.End, err = hours.ParseClock(end); err != nil {
			return err
		}
		if err := day.Validate(); err != nil {
			return err
		}
	}
	st, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer st.Close()
	if remove {
		// A removal record (source kirokuctl), even for a date not logged:
		// what the log says of that date is then explicit.
		_, err = st.AddHours([]record.Hours{{Date: d.String(), Removed: true, Source: "kirokuctl"}})
		return err
	}
	_, err = st.SaveHours([]hours.Day{day}, "kirokuctl")
	return err
}

func hoursList(env *Env, args []string) error {
	fs, vf := vaultVerb("hours list")
	var asCSV bool
	fs.BoolVar(&asCSV, "csv", false, i18n.T("cli.hours.flag.csv"))
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("cli.err.extra_args", strings.Join(rest, " "))
	}
	st, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer st.Close()
	days, err := st.HoursDays()
	if err != nil {
		return err
	}
	if asCSV {
		return hours.WriteCSV(env.Stdout, days)
	}
	lang := i18n.Language()
	for _, d := range days {
		basis := ""
		if d.Basis != "" {
			basis = "[" + i18n.Default().KeyOr(lang, "hours.basis.", d.Basis) + "]  "
		}
		fmt.Fprintf(env.Stdout, "%s  %s-%s  %s  %-5s  %s  %s%s\n", d.Date, d.Start, d.End,
			i18n.T("cli.hours.out.break", d.BreakMinutes), d.Worked(), d.Type.Label(lang), basis, d.Note)
	}
	return nil
}

func hoursReport(env *Env, args []string) error {
	fs, vf := vaultVerb("hours report")
	var month, weekStart string
	var asJSON bool
	var yearStart int
	fs.StringVar(&month, "month", "", i18n.T("cli.hours.flag.month"))
	fs.StringVar(&weekStart, "week-start", "", i18n.T("cli.hours.flag.week_start"))
	fs.IntVar(&yearStart, "year-start", 0, i18n.T("cli.hours.flag.year_start"))
	fs.BoolVar(&asJSON, "json", false, i18n.T("cli.flag.json"))
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("cli.err.extra_args", strings.Join(rest, " "))
	}
	switch strings.ToLower(weekStart) {
	case "", "sunday", "sun", "monday", "mon":
	default:
		return usagef("cli.hours.err.week_start", weekStart)
	}
	if yearStart < 0 || yearStart > 12 {
		return usagef("cli.hours.err.year_start", yearStart)
	}
	if month != "" {
		if _, err := time.Parse("2006-01", month); err != nil {
			return usagef("cli.hours.err.month", month)
		}
	}
	st, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer st.Close()
	// The vault's settings (the app's hours screen sets them), unless the
	// flags say otherwise.
	opts, _ := st.HoursOptions() // an unreadable setting counts as unset
	switch strings.ToLower(weekStart) {
	case "sunday", "sun":
		opts.WeekStart = time.Sunday
	case "monday", "mon":
		opts.WeekStart = time.Monday
	}
	if yearStart != 0 {
		opts.YearStartMonth = time.Month(yearStart)
	}
	days, err := st.HoursDays()
	if err != nil {
		return err
	}
	rep, err := hours.Compute(days, opts)
	if err != nil {
		return err
	}
	if month == "" {
		if asJSON {
			return writeJSON(env.Stdout, rep)
		}
		printHoursReport(env.Stdout, rep)
		return nil
	}
	md, ok := rep.MonthDetail(month)
	if !ok {
		md = hours.MonthDetail{MonthSummary: hours.MonthSummary{Month: month}}
	}
	if md.Days == nil {
		md.Days = []hours.DaySummary{}
	}
	if md.Flags == nil {
		md.Flags = []hours.Flag{}
	}
	if asJSON {
		return writeJSON(env.Stdout, md)
	}
	printMonth(env.Stdout, md.MonthSummary)
	for _, d := range md.Days {
		fmt.Fprintf(env.Stdout, "  %s  %s-%s  %s  %s\n", d.Date, d.Start, d.End,
			i18n.T("cli.hours.out.day_worked", d.Worked), i18n.T("cli.hours.out.day_over", d.DailyOvertime+d.WeeklyOvertime))
	}
	printFlags(env.Stdout, md.Flags)
	return nil
}

func printHoursReport(w io.Writer, rep hours.Report) {
	for _, m := range rep.Months {
		printMonth(w, m)
	}
	printFlags(w, rep.Flags)
}

func printMonth(w io.Writer, m hours.MonthSummary) {
	fmt.Fprintln(w, i18n.T("cli.hours.out.month", m.Month, m.DaysWorked, m.Worked, m.Overtime, m.HolidayWork,
		m.OvertimeAndHoliday, m.RousaiOvertime, m.LateNight, m.ShiftsCrossingMidnight))
}

func printFlags(w io.Writer, flags []hours.Flag) {
	if len(flags) == 0 {
		fmt.Fprintln(w, i18n.T("cli.hours.out.no_flags"))
		return
	}
	lang := i18n.Language()
	for _, f := range flags {
		fmt.Fprintf(w, "! %s  [%s]\n", f.Text(lang), f.Rule)
	}
}

// kirokuctl hours onset --date D: the six 30-day periods before the onset
// of an illness, as a Rousai claim counts them (hours.Onset).
func hoursOnset(env *Env, args []string) error {
	fs, vf := vaultVerb("hours onset")
	var date string
	var asJSON bool
	fs.StringVar(&date, "date", "", i18n.T("cli.hours.flag.onset"))
	fs.BoolVar(&asJSON, "json", false, i18n.T("cli.flag.json"))
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("cli.err.extra_args", strings.Join(rest, " "))
	}
	onset, err := hours.ParseDate(date)
	if err != nil {
		return usagef("cli.hours.err.onset", date)
	}
	st, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer st.Close()
	opts, _ := st.HoursOptions()
	days, err := st.HoursDays()
	if err != nil {
		return err
	}
	v, err := hours.Onset(days, onset, opts)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(env.Stdout, v)
	}
	w := env.Stdout
	fmt.Fprintln(w, i18n.T("cli.hours.out.onset_head", v.Onset))
	for _, p := range v.Periods {
		fmt.Fprintln(w, i18n.T("cli.hours.out.onset_period", p.N, p.From, p.To, p.Worked, p.Overtime, p.LoggedDays))
	}
	for k := 2; k <= len(v.Average); k++ {
		fmt.Fprintln(w, i18n.T("cli.hours.out.onset_average", k, v.Average[k-1]))
	}
	if len(v.Flags) == 0 {
		fmt.Fprintln(w, i18n.T("cli.hours.out.no_flags"))
	}
	for _, f := range v.Flags {
		fmt.Fprintf(w, "! %s  [%s]\n", f.Text(i18n.Language()), f.Rule)
	}
	fmt.Fprintln(w, i18n.T("cli.hours.out.onset_note"))
	return nil
}
