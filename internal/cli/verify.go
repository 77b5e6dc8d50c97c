package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// ExitNotAnchored is kirokuctl verify's code for a bundle that is
// consistent but that no trusted timestamp covers up to its head: nothing
// failed, yet anyone could have produced an equally consistent bundle, so
// it must not exit 0 as a proven one does. kiroku-verify uses the same
// codes (bundle.Exit*).
const ExitNotAnchored = bundle.ExitNotAnchored

// cmdVerify checks an exported evidence bundle, as kiroku-verify does, with
// the same report. It exits 0 only when the bundle is consistent and a
// trusted timestamp covers its head; ExitNotAnchored when it is consistent
// but not (fully) anchored; ExitDamaged when it does not verify; and
// ExitNotVault when it cannot be read at all (not a bag, refused zip).
// A backup (a .kiroku file or a part set) is checked as restore would
// check it, with its passphrase, without restoring it (verifyBackup).
func cmdVerify(env *Env, args []string) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, i18n.T("verify.flag.json"))
	stdin := fs.Bool("passphrase-stdin", false, i18n.T("verify.flag.passphrase_stdin"))
	var caFiles []string
	fs.Func("tsa-ca", i18n.T("verify.flag.tsa_ca"), func(s string) error { caFiles = append(caFiles, s); return nil })
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("verify.err.one_bundle")
	}
	if local.IsBackup(pos[0]) {
		return verifyBackup(env, pos[0], *stdin, *asJSON)
	}
	if hint, ok := ageHint(pos[0]); ok {
		fmt.Fprintln(env.Stderr, "kirokuctl verify: "+hint)
		return silentError{ExitNotVault}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	roots, err := bundle.TSARoots(caFiles)
	if err != nil {
		return usageError{err.Error()}
	}
	r, err := bundle.Verify(ctx, pos[0], bundle.Options{TSARoots: roots})
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
	if !r.Anchored {
		return silentError{ExitNotAnchored}
	}
	return nil
}
