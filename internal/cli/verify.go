package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// cmdVerify checks an exported evidence bundle, as kiroku-verify does, with
// the same report. A bundle that does not verify exits with ExitDamaged; one
// that cannot be read at all (not a bag, refused zip) with ExitNotVault.
func cmdVerify(env *Env, args []string) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, i18n.T("verify.flag.json"))
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("verify.err.one_bundle")
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
