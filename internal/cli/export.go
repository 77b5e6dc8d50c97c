package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/hours"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/report"
)

// exportFlags are kirokuctl export's own flags.
type exportFlags struct {
	out, from, to, lang, weekStart                        string
	exhibitPrefix, author                                 string
	exhibitStart                                          int
	zip, encrypt, noRec, noAtt, noHours, metadata, asJSON bool
	noRuleSummaries, noFilings                            bool
	dry                                                   bool
	cats, people, entries                                 listFlag
}

func (f *exportFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.out, "out", "", i18n.T("cli.export.flag.out"))
	fs.BoolVar(&f.zip, "zip", false, i18n.T("cli.export.flag.zip"))
	fs.BoolVar(&f.encrypt, "encrypt", false, i18n.T("cli.export.flag.encrypt"))
	fs.StringVar(&f.from, "from", "", i18n.T("cli.export.flag.from"))
	fs.StringVar(&f.to, "to", "", i18n.T("cli.export.flag.to"))
	fs.Var(&f.cats, "category", i18n.T("cli.export.flag.category"))
	fs.Var(&f.people, "person", i18n.T("cli.export.flag.person"))
	fs.Var(&f.entries, "entry", i18n.T("cli.export.flag.entry"))
	fs.StringVar(&f.lang, "lang", "both", i18n.T("cli.languages.flag_report_lang", strings.Join(bilingualTags(), ", ")))
	fs.BoolVar(&f.noRec, "no-recordings", false, i18n.T("cli.export.flag.no_recordings"))
	fs.BoolVar(&f.noAtt, "no-attachments", false, i18n.T("cli.export.flag.no_attachments"))
	fs.BoolVar(&f.noHours, "no-hours", false, i18n.T("cli.export.flag.no_hours"))
	fs.BoolVar(&f.metadata, "metadata", false, i18n.T("cli.export.flag.metadata"))
	fs.StringVar(&f.weekStart, "week-start", "", i18n.T("cli.hours.flag.week_start"))
	fs.BoolVar(&f.dry, "dry-run", false, i18n.T("cli.export.flag.dry_run"))
	fs.StringVar(&f.exhibitPrefix, "exhibit-prefix", "甲", i18n.T("cli.export.flag.exhibit_prefix"))
	fs.IntVar(&f.exhibitStart, "exhibit-start", 1, i18n.T("cli.export.flag.exhibit_start"))
	fs.StringVar(&f.author, "author", "", i18n.T("cli.export.flag.author"))
	fs.BoolVar(&f.noRuleSummaries, "no-rule-summaries", false, i18n.T("cli.export.flag.no_rule_summaries"))
	fs.BoolVar(&f.noFilings, "no-filings", false, i18n.T("cli.export.flag.no_filings"))
	fs.BoolVar(&f.asJSON, "json", false, i18n.T("cli.flag.json"))
}

// selection is what the flags choose to export.
func (f *exportFlags) selection() (app.ExportSelection, error) {
	sel := app.ExportSelection{Categories: f.cats, People: f.people, Recordings: !f.noRec, Attachments: !f.noAtt,
		Hours: !f.noHours, Metadata: f.metadata}
	var err error
	if sel.From, err = parseDay(f.from); err != nil {
		return sel, err
	}
	if sel.To, err = parseDay(f.to); err != nil {
		return sel, err
	}
	for _, c := range f.cats {
		if !record.IsCategoryID(c) {
			return sel, usagef("cli.export.err.category", c)
		}
	}
	for _, s := range f.entries {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return sel, usagef("cli.err.bad_id", s)
		}
		sel.Entries = append(sel.Entries, id)
	}
	return sel, nil
}

// options is where and how the flags write the bundle (without the
// passphrase of --encrypt, read after the vault's).
func (f *exportFlags) options() (local.BundleOptions, error) {
	if report.CheckLanguage(f.lang) != nil || f.lang == "" {
		return local.BundleOptions{}, usagef("cli.languages.err_report_lang", f.lang, strings.Join(bilingualTags(), ", "))
	}
	// Without --week-start the vault's own setting applies (settings.Hours).
	var hopts *hours.Options
	switch strings.ToLower(f.weekStart) {
	case "":
	case "sunday", "sun":
		hopts = &hours.Options{WeekStart: time.Sunday}
	case "monday", "mon":
		hopts = &hours.Options{WeekStart: time.Monday}
	default:
		return local.BundleOptions{}, usagef("cli.hours.err.week_start", f.weekStart)
	}
	if f.exhibitStart < 1 || f.exhibitStart > 9999 {
		return local.BundleOptions{}, usagef("cli.export.err.exhibit_start", f.exhibitStart)
	}
	if p := strings.TrimSpace(f.exhibitPrefix); p == "" || utf8.RuneCountInString(p) > 4 || strings.ContainsAny(p, "\r\n\t") {
		return local.BundleOptions{}, usagef("cli.export.err.exhibit_prefix", f.exhibitPrefix)
	}
	return local.BundleOptions{Out: f.out, Zip: f.zip, Lang: f.lang, HoursOptions: hopts,
		Exhibits:   report.ExhibitOptions{Prefix: strings.TrimSpace(f.exhibitPrefix), Start: f.exhibitStart, Author: strings.TrimSpace(f.author)},
		BriefRules: f.noRuleSummaries, NoFilings: f.noFilings}, nil
}

// kirokuctl export: an evidence bundle for a lawyer (docs/FORMAT.md).
func cmdExport(env *Env, args []string) error {
	fs, vf := vaultVerb("export")
	var f exportFlags
	f.register(fs)
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if f.out == "" && !f.dry {
		return usagef("cli.export.err.need_out")
	}
	sel, err := f.selection()
	if err != nil {
		return err
	}
	if lang, note := reportLanguage(f.lang); note != "" {
		fmt.Fprintln(env.Stderr, note)
		f.lang = lang
	}
	opts, err := f.options()
	if err != nil {
		return err
	}
	if !f.dry {
		if _, err := os.Lstat(local.BundlePath(opts)); err == nil {
			return fmt.Errorf("%s: %w", local.BundlePath(opts), apperr.ErrExists)
		}
	}

	v, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer v.Close()
	if f.encrypt && !f.dry {
		pass, err := env.newSecret(vf.stdin)
		if err != nil {
			return err
		}
		defer clear(pass)
		opts.Encrypt = pass
	}
	plan, err := v.PrepareBundle(sel)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stderr, i18n.T("cli.export.out.plan", len(plan.Entries), len(plan.Recordings), len(plan.Attachments),
		len(plan.Hours), i18n.Bytes(plan.Bytes)))
	if len(plan.Damaged) > 0 {
		fmt.Fprintln(env.Stderr, i18n.T("export.damaged", len(plan.Damaged), strings.Join(plan.Damaged, ", ")))
	}
	if f.dry {
		return nil
	}
	if len(plan.Entries) == 0 && len(plan.Recordings) == 0 && len(plan.Attachments) == 0 && len(plan.Hours) == 0 {
		return fmt.Errorf("%s: %w", i18n.T("cli.export.err.nothing"), apperr.ErrNotFound)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// Dated by the vault's timestamp authority, if one is set.
	res, err := v.WriteBundle(ctx, plan, opts)
	if err != nil {
		return err
	}
	if f.asJSON {
		return writeJSON(env.Stdout, res)
	}
	printExported(env, res, opts.Encrypt != nil)
	return nil
}

// printExported says where the bundle is, the head it proves and what
// remains to do.
func printExported(env *Env, res *local.BundleResult, encrypted bool) {
	fmt.Fprintln(env.Stdout, res.Path)
	seq, link := res.BagHead()
	if encrypted {
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

// bilingualTags are the languages a report can put beside Japanese
// ("--lang ja+vi"): every shipped language but Japanese.
func bilingualTags() []string {
	var out []string
	for _, l := range i18n.Languages {
		if l != "ja" {
			out = append(out, l)
		}
	}
	return out
}

// reportLanguage falls back clearly when --lang asks for Japanese beside a
// language Kiroku offers but this build does not ship: the report is then in
// Japanese and English, and note says so. Anything else is left to options.
func reportLanguage(lang string) (string, string) {
	tag, ok := strings.CutPrefix(lang, "ja+")
	if !ok || tag == "ja" || i18n.Supported(tag) || !slices.Contains(i18n.Offer, tag) {
		return lang, ""
	}
	return report.LangBoth, i18n.T("cli.languages.report_fallback", tag)
}
