package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/kiroku-app/kiroku/internal/backup"
	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// cmdVerify checks an exported evidence bundle, as kiroku-verify does, with
// the same report. A bundle that does not verify exits with ExitDamaged; one
// that cannot be read at all (not a bag, refused zip) with ExitNotVault.
// A backup (a .kiroku file or a part set) is checked as restore would
// check it, with its passphrase, without restoring it (verifyBackup).
func cmdVerify(env *Env, args []string) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, i18n.T("verify.flag.json"))
	stdin := fs.Bool("passphrase-stdin", false, i18n.T("verify.flag.passphrase_stdin"))
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("verify.err.one_bundle")
	}
	if backup.IsBackup(pos[0]) {
		return verifyBackup(env, pos[0], *stdin, *asJSON)
	}
	if hint, ok := ageHint(pos[0]); ok {
		fmt.Fprintln(env.Stderr, "kirokuctl verify: "+hint)
		return silentError{ExitNotVault}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	r, err := bundle.Verify(ctx, pos[0], bundle.Options{})
	if err != nil {
		fmt.Fprintln(env.Stderr, "kirokuctl verify: "+bundle.UnreadableMessage(err, i18n.Language()))
		return silentError{ExitNotVault}
	}
	if *asJSON {
		err = r.WriteJSON(env.Stdout)
	} else {
		err = r.WriteText(env.Stdout, i18n.Language())
	}
	if err != nil {
		return err
	}
	if !r.OK {
		return silentError{ExitDamaged}
	}
	return nil
}
