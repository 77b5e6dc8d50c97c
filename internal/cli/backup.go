package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// progressPrinter writes "copy 40%" lines to w, one per phase and tenth.
func progressPrinter(env *Env) func(local.Progress) {
	last, lastPhase := -1, ""
	return func(p local.Progress) {
		if p.Total <= 0 {
			return
		}
		pct := int(p.Done * 100 / p.Total)
		if p.Phase == lastPhase && pct/10 == last/10 {
			return
		}
		last, lastPhase = pct, p.Phase
		fmt.Fprintln(env.Stderr, i18n.T("backup.progress."+p.Phase, pct))
	}
}

// interruptible is ctx cancelled by Ctrl+C or SIGTERM.
func interruptible() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

func cmdBackup(env *Env, args []string) error {
	fs, vf := vaultVerb("backup")
	var to string
	var keep int
	var partSize int64
	var drives, asJSON, acceptOlder bool
	fs.StringVar(&to, "to", "", i18n.T("backup.flag.to"))
	fs.BoolVar(&acceptOlder, "accept-older", false, i18n.T("cli.flag.accept_older_backup"))
	fs.IntVar(&keep, "keep", 0, i18n.T("backup.flag.keep"))
	fs.Int64Var(&partSize, "part-size", 0, i18n.T("backup.flag.part_size"))
	fs.BoolVar(&drives, "drives", false, i18n.T("backup.flag.drives"))
	fs.BoolVar(&asJSON, "json", false, i18n.T("cli.flag.json"))
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if drives {
		return listDrives(env, asJSON)
	}
	if to == "" {
		return usagef("backup.err.need_to")
	}
	if keep < 0 {
		return usagef("backup.err.keep")
	}
	v, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer v.Close()
	ctx, stop := interruptible()
	defer stop()
	opts := local.BackupOptions{Keep: keep, PartSize: partSize, Progress: progressPrinter(env), AcceptOlder: acceptOlder}
	if partSize > 0 {
		opts.FS = "vfat" // a part size asks for a split set, as on FAT32
	}
	res, err := v.BackupTo(ctx, to, opts)
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(env.Stderr, i18n.T("backup.out.cancelled"))
		return silentError{ExitError}
	}
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(env.Stdout, res)
	}
	fmt.Fprintln(env.Stdout, res.Path)
	if res.Parts > 0 {
		fmt.Fprintln(env.Stderr, i18n.T("backup.out.split", res.Parts, res.FS))
	}
	fmt.Fprintln(env.Stderr, i18n.T("backup.out.done", i18n.Bytes(res.Size), res.HeadSeq, res.SHA256))
	for _, r := range res.Removed {
		fmt.Fprintln(env.Stderr, i18n.T("backup.out.removed", r))
	}
	if res.Newer != nil {
		fmt.Fprintln(env.Stderr, driveNewerWarning(res.Newer))
	}
	if len(res.Carried) > 0 {
		fmt.Fprintln(env.Stderr, i18n.T("backup.out.carried", len(res.Carried)))
	}
	return nil
}

func listDrives(env *Env, asJSON bool) error {
	ds, err := local.RemovableDrives()
	if err != nil {
		return err
	}
	if asJSON {
		if ds == nil {
			ds = []local.MountedDrive{}
		}
		return writeJSON(env.Stdout, ds)
	}
	if len(ds) == 0 {
		fmt.Fprintln(env.Stderr, i18n.T("backup.out.no_drives"))
		return nil
	}
	tw := newTable(env.Stdout, 2)
	fmt.Fprintln(tw, i18n.T("backup.out.drives_header"))
	for _, d := range ds {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", d.Path, d.Label, d.FS, i18n.Bytes(d.Free), i18n.Bytes(d.Total))
	}
	return tw.Flush()
}

func cmdRestore(env *Env, args []string) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	var from, to string
	var stdin, replace, acceptDamaged, asJSON bool
	fs.StringVar(&from, "from", "", i18n.T("backup.flag.from"))
	fs.StringVar(&to, "vault", "", i18n.T("backup.flag.restore_vault"))
	fs.BoolVar(&stdin, "passphrase-stdin", false, i18n.T("cli.flag.passphrase_stdin"))
	fs.BoolVar(&replace, "replace", false, i18n.T("backup.flag.replace"))
	fs.BoolVar(&acceptDamaged, "accept-damaged", false, i18n.T("backup.flag.accept_damaged"))
	fs.BoolVar(&asJSON, "json", false, i18n.T("cli.flag.json"))
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if from == "" || to == "" {
		return usagef("backup.err.restore_args")
	}
	// Refuse early, before asking for the passphrase.
	if _, err := os.Lstat(to); err == nil && !replace {
		return fmt.Errorf("%s: %w", to, apperr.ErrExists)
	}
	if err := (local.Vaults{}).FindBackup(from); err != nil {
		return err
	}
	pass, err := env.secret(stdin, "backup.prompt.passphrase")
	if err != nil {
		return err
	}
	defer clear(pass)
	ctx, stop := interruptible()
	defer stop()
	res, err := local.Vaults{}.RestoreBackup(ctx, from, to, pass, local.RestoreBackupOptions{Replace: replace, AcceptDamaged: acceptDamaged,
		Progress: progressPrinter(env)})
	if err := backupFailure(env, err); err != nil {
		return err
	}
	if res.Checksum == local.ChecksumMissing {
		fmt.Fprintln(env.Stderr, i18n.T("backup.warn.no_sum", filepath.Base(res.From), filepath.Base(res.From)+local.SumSuffix))
	}
	if asJSON {
		return writeJSON(env.Stdout, res)
	}
	fmt.Fprintln(env.Stdout, res.Path)
	if res.Carried > 0 {
		// Not "verified": it holds the damage it was backed up with.
		fmt.Fprintln(env.Stderr, i18n.T("backup.out.restored_damaged", res.Carried))
	} else {
		fmt.Fprintln(env.Stderr, i18n.T("backup.out.restored", res.Report.Records, res.SHA256))
	}
	if res.Old != "" {
		fmt.Fprintln(env.Stderr, i18n.T("backup.out.old_kept", res.Old))
	}
	if res.Newer != nil {
		fmt.Fprintln(env.Stderr, driveNewerWarning(res.Newer))
	}
	return nil
}

// backupsJSON is the output of `backups --json`.
type backupsJSON struct {
	Backups    []local.BackupLog `json:"backups"`
	RemindDays int               `json:"remind_days"`
	Keep       int               `json:"keep"`
	Overdue    bool              `json:"overdue"` // no backup, or the last is older than remind_days
}

func cmdBackups(env *Env, args []string) error {
	fs, vf := vaultVerb("backups")
	var asJSON bool
	var remind, keep int
	fs.BoolVar(&asJSON, "json", false, i18n.T("cli.flag.json"))
	fs.IntVar(&remind, "remind-days", 0, i18n.T("backup.flag.remind_days"))
	fs.IntVar(&keep, "keep", 0, i18n.T("backup.flag.set_keep"))
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if remind < 0 || keep < 0 {
		return usagef("backup.err.keep")
	}
	v, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer v.Close()
	// The app's own backup settings (zero leaves a value as it is).
	if err := v.SetBackupSettings(app.BackupSettings{Keep: keep, RemindDays: remind}); err != nil {
		return err
	}
	logs, err := v.BackupLogs()
	var de *local.DamageError
	if err != nil && !errors.As(err, &de) {
		return err
	}
	set, err := v.BackupSettings()
	if err != nil {
		return err
	}
	out := backupsJSON{Backups: logs, RemindDays: set.RemindDays, Keep: set.Keep}
	if out.Backups == nil {
		out.Backups = []local.BackupLog{}
	}
	out.Overdue = len(logs) == 0 || time.Since(logs[len(logs)-1].At) > time.Duration(out.RemindDays)*24*time.Hour
	if asJSON {
		if err := writeJSON(env.Stdout, out); err != nil {
			return err
		}
		return warnDamaged(env, de)
	}
	tw := newTable(env.Stdout, 2)
	if len(logs) > 0 {
		fmt.Fprintln(tw, i18n.T("backup.out.log_header"))
	}
	for _, l := range logs {
		name := l.File
		if l.Parts > 0 {
			name = strings.TrimSuffix(name, ".part001") + " (" + i18n.T("backup.out.parts", l.Parts) + ")"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\n", l.ID, l.At.Local().Format("2006-01-02 15:04"), l.Dest, name, i18n.Bytes(l.Size), l.HeadSeq)
	}
	tw.Flush()
	switch {
	case len(logs) == 0:
		fmt.Fprintln(env.Stderr, i18n.T("backup.remind.never"))
	case out.Overdue:
		days := int(time.Since(logs[len(logs)-1].At).Hours() / 24)
		fmt.Fprintln(env.Stderr, i18n.T("backup.remind.overdue", days))
	}
	return warnDamaged(env, de)
}

// verifyBackup is `kirokuctl verify BACKUP`: every byte against the
// checksum file or manifest, then the content with the passphrase, as a
// restore would, without writing anything.
func verifyBackup(env *Env, path string, stdin, asJSON bool) error {
	if err := (local.Vaults{}).FindBackup(path); err != nil {
		return err
	}
	pass, err := env.secret(stdin, "backup.prompt.passphrase")
	if err != nil {
		return err
	}
	defer clear(pass)
	ctx, stop := interruptible()
	defer stop()
	res, err := local.Vaults{}.VerifyBackup(ctx, path, pass, progressPrinter(env))
	if err := backupFailure(env, err); err != nil {
		return err
	}
	if asJSON {
		return writeJSON(env.Stdout, res)
	}
	fmt.Fprintln(env.Stdout, i18n.T("backup.out.verified", res.Path, res.Report.Records, res.Report.Links, res.Report.Head, res.SHA256))
	switch res.Checksum {
	case local.ChecksumFile:
		fmt.Fprintln(env.Stdout, i18n.T("backup.out.sum_ok", filepath.Base(res.Path)+local.SumSuffix))
	case local.ChecksumManifest:
		fmt.Fprintln(env.Stdout, i18n.T("backup.out.manifest_ok"))
	default:
		fmt.Fprintln(env.Stderr, i18n.T("backup.warn.no_sum", filepath.Base(res.Path), filepath.Base(res.Path)+local.SumSuffix))
	}
	return nil
}

// backupFailure reports a backup that did not verify (restore, verify):
// the problems on stdout, a sentence on stderr, exit ExitDamaged. Other
// errors are returned as they are.
func backupFailure(env *Env, err error) error {
	var ve *local.BackupVerifyError
	var se *local.SumMismatchError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se):
		fmt.Fprintln(env.Stderr, i18n.T("backup.err.sum_mismatch", filepath.Base(se.Path), se.Got,
			filepath.Base(se.Path)+local.SumSuffix, se.Want))
		return silentError{ExitDamaged}
	case errors.As(err, &ve):
		for _, p := range ve.Report.Problems {
			fmt.Fprintf(env.Stdout, "%s\t%s\n", p.Ref, p.What)
		}
		fmt.Fprintln(env.Stderr, i18n.T("backup.err.not_verified", len(ve.Report.Problems)))
		if ve.BytesIntact {
			fmt.Fprintln(env.Stderr, i18n.T("backup.err.damaged_intact"))
		}
		return silentError{ExitDamaged}
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(env.Stderr, i18n.T("backup.out.cancelled"))
		return silentError{ExitError}
	}
	return err
}
