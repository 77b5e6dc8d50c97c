package bundle

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// VerifyMain is kiroku-verify: it parses args ([--json] [--tsa-ca FILE]...
// BUNDLE), verifies, prints the report to stdout in lang (or JSON) and
// returns the exit code (ExitVerified, ExitFailed, ExitUsage,
// ExitUnreadable, ExitNotAnchored).
func VerifyMain(ctx context.Context, args []string, stdout, stderr io.Writer, lang string) int {
	c := i18n.Default()
	fs := flag.NewFlagSet("kiroku-verify", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, c.T(lang, "verify.flag.json"))
	var caFiles []string
	fs.Func("tsa-ca", c.T(lang, "verify.flag.tsa_ca"), func(s string) error { caFiles = append(caFiles, s); return nil })
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if err != flag.ErrHelp {
				fmt.Fprintln(stderr, err)
			}
			fmt.Fprintln(stderr, c.T(lang, "verify.usage"))
			return ExitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, c.T(lang, "verify.err.one_bundle"))
		fmt.Fprintln(stderr, c.T(lang, "verify.usage"))
		return ExitUsage
	}
	roots, err := TSARoots(caFiles)
	if err != nil {
		fmt.Fprintln(stderr, "kiroku-verify:", err)
		return ExitUsage
	}
	r, err := Verify(ctx, pos[0], Options{TSARoots: roots})
	if err != nil {
		fmt.Fprintln(stderr, "kiroku-verify: "+UnreadableMessage(err, lang))
		return ExitCode(nil, err)
	}
	if *asJSON {
		err = r.WriteJSON(stdout)
	} else {
		err = r.WriteText(stdout, lang)
	}
	if err != nil {
		fmt.Fprintln(stderr, "kiroku-verify:", err)
		return ExitUnreadable
	}
	return ExitCode(r, nil)
}
