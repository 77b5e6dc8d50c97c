package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/export"
	"github.com/kiroku-app/kiroku/internal/hours"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/stamp"
)

// kirokuctl export: an evidence bundle for a lawyer (docs/FORMAT.md).
func cmdExport(env *Env, args []string) error {
	fs, vf := vaultVerb("export")
	var out, from, to, lang, weekStart string
	var zip, encrypt, noRec, noAtt, noHours, metadata, asJSON, dry bool
	var cats, people, entries listFlag
	fs.StringVar(&out, "out", "", i18n.T("cli.export.flag.out"))
	fs.BoolVar(&zip, "zip", false, i18n.T("cli.export.flag.zip"))
	fs.BoolVar(&encrypt, "encrypt", false, i18n.T("cli.export.flag.encrypt"))
	fs.StringVar(&from, "from", "", i18n.T("cli.export.flag.from"))
	fs.StringVar(&to, "to", "", i18n.T("cli.export.flag.to"))
	fs.Var(&cats, "category", i18n.T("cli.export.flag.category"))
	fs.Var(&people, "person", i18n.T("cli.export.flag.person"))
	fs.Var(&entries, "entry", i18n.T("cli.export.flag.entry"))
	fs.StringVar(&lang, "lang", "both", i18n.T("cli.export.flag.lang"))
	fs.BoolVar(&noRec, "no-recordings", false, i18n.T("cli.export.flag.no_recordings"))
	fs.BoolVar(&noAtt, "no-attachments", false, i18n.T("cli.export.flag.no_attachments"))
	fs.BoolVar(&noHours, "no-hours", false, i18n.T("cli.export.flag.no_hours"))
	fs.BoolVar(&metadata, "metadata", false, i18n.T("cli.export.flag.metadata"))
	fs.StringVar(&weekStart, "week-start", "", i18n.T("cli.hours.flag.week_start"))
	fs.BoolVar(&dry, "dry-run", false, i18n.T("cli.export.flag.dry_run"))
	fs.BoolVar(&asJSON, "json", false, i18n.T("cli.flag.json"))
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if out == "" && !dry {
		return usagef("cli.export.err.need_out")
	}
	sel := export.Selection{Categories: cats, People: people, Recordings: !noRec, Attachments: !noAtt, Hours: !noHours, Metadata: metadata}
	var err error
	if sel.From, err = parseDay(from); err != nil {
		return err
	}
	if sel.To, err = parseDay(to); err != nil {
		return err
	}
	for _, c := range cats {
		if !record.IsCategoryID(c) {
			return usagef("cli.export.err.category", c)
		}
	}
	for _, s := range entries {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return usagef("cli.err.bad_id", s)
		}
		sel.Entries = append(sel.Entries, id)
	}
	switch lang {
	case "ja", "en", "both":
	default:
		return usagef("cli.export.err.lang", lang)
	}
	// Without --week-start the vault's own setting applies (settings.Hours).
	var hopts *hours.Options
	switch strings.ToLower(weekStart) {
	case "":
	case "sunday", "sun":
		hopts = &hours.Options{WeekStart: time.Sunday}
	case "monday", "mon":
		hopts = &hours.Options{WeekStart: time.Monday}
	default:
		return usagef("cli.hours.err.week_start", weekStart)
	}
	opts := export.Options{Out: out, Zip: zip, Lang: lang, HoursOptions: hopts}
	if !dry {
		if _, err := os.Lstat(export.OutPath(opts)); err == nil {
			return fmt.Errorf("%s: %w", export.OutPath(opts), apperr.ErrExists)
		}
	}

	v, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer v.Close()
	if encrypt && !dry {
		pass, err := env.newSecret(vf.stdin)
		if err != nil {
			return err
		}
		defer clear(pass)
		opts.Encrypt = pass
	}
	plan, err := export.Prepare(v, sel)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stderr, i18n.T("cli.export.out.plan", len(plan.Entries), len(plan.Recordings), len(plan.Attachments),
		len(plan.Hours), i18n.Bytes(plan.Bytes)))
	if dry {
		return nil
	}
	if len(plan.Entries) == 0 && len(plan.Recordings) == 0 && len(plan.Attachments) == 0 && len(plan.Hours) == 0 {
		return fmt.Errorf("%s: %w", i18n.T("cli.export.err.nothing"), apperr.ErrNotFound)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opts.StampExport = stamp.ExportStamper(v)
	res, err := export.Export(ctx, v, plan, opts)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(env.Stdout, res)
	}
	fmt.Fprintln(env.Stdout, res.Path)
	seq, link := res.BagHead()
	if opts.Encrypt != nil {
		// The verifier reads zips, not age files: say how to open it first.
		fmt.Fprintln(env.Stderr, i18n.T("cli.export.out.done_encrypted", res.Path, seq, link.String(), len(res.Rules), res.Anchors,
			strings.TrimSuffix(res.Path, ".age")))
	} else {
		fmt.Fprintln(env.Stderr, i18n.T("cli.export.out.done", res.Path, seq, link.String(), len(res.Rules), res.Anchors))
	}
	if res.Unbound {
		fmt.Fprintln(env.Stderr, i18n.T("export.unbound"))
	}
	if res.StampErr != "" {
		fmt.Fprintln(env.Stderr, i18n.T("export.stamp_failed", res.StampErr))
	}
	return nil
}

// parseDay reads YYYY-MM-DD (empty: zero).
func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, usagef("cli.export.err.date", s)
	}
	return t, nil
}
