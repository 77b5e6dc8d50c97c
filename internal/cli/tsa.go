package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/settings"
)

// kirokuctl tsa set URL | off | stamp | list: trusted timestamps (opt-in).
func cmdTSA(env *Env, args []string) error {
	if len(args) == 0 {
		return usagef("cli.tsa.err.need_verb")
	}
	fs, vf := vaultVerb("tsa " + args[0])
	var asJSON bool
	fs.BoolVar(&asJSON, "json", false, i18n.T("cli.flag.json"))
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	verb := args[0]
	want := map[string]int{"set": 1, "off": 0, "stamp": 0, "list": 0, "status": 0}
	n, ok := want[verb]
	if !ok {
		return usagef("cli.tsa.err.unknown_verb", verb)
	}
	if len(pos) != n {
		return usagef("cli.tsa.err.args", verb)
	}
	if verb == "set" {
		if err := settings.CheckTSAURL(pos[0]); err != nil {
			return err
		}
	}
	v, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer v.Close()
	switch verb {
	case "set":
		if err := settings.SetTSAURL(v, pos[0]); err != nil {
			return err
		}
		fmt.Fprintln(env.Stderr, i18n.T("cli.tsa.out.set", strings.TrimSpace(pos[0])))
		return nil
	case "off":
		if err := settings.SetTSAURL(v, ""); err != nil {
			return err
		}
		fmt.Fprintln(env.Stderr, i18n.T("cli.tsa.out.off"))
		return nil
	case "status":
		return tsaStatus(env, v)
	case "stamp":
		return tsaStamp(env, v, asJSON)
	}
	return tsaList(env, v, asJSON)
}

// tsaStatus prints the TSA and how far its tokens cover the ledger.
func tsaStatus(env *Env, v *local.Store) error {
	u, err := v.TimestampURL()
	if errors.Is(err, local.ErrTimestampsOff) {
		fmt.Fprintln(env.Stdout, i18n.T("cli.tsa.out.is_off"))
		return nil
	} else if err != nil {
		return err
	}
	seq, _, err := v.Head()
	if err != nil {
		return err
	}
	last, err := v.LastAnchorSeq()
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, i18n.T("cli.tsa.out.status", u, seq, last))
	return nil
}

// tsaStamp asks the TSA for a token of the head now.
func tsaStamp(env *Env, v *local.Store, asJSON bool) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	a, fresh, err := v.StampHead(ctx)
	if errors.Is(err, local.ErrTimestampsOff) {
		return usagef("cli.tsa.err.off")
	}
	if err != nil {
		return err
	}
	key := "cli.tsa.out.stamped"
	if !fresh {
		key = "cli.tsa.out.already"
	}
	if asJSON {
		return writeJSON(env.Stdout, a)
	}
	fmt.Fprintln(env.Stdout, i18n.T(key, a.Seq, a.Link.String(), a.GenTime.Format(time.RFC3339), a.Signer))
	return nil
}

// tsaList prints every stored token, checked again; a token that no longer
// checks exits ExitDamaged.
func tsaList(env *Env, v *local.Store, asJSON bool) error {
	as, err := v.Anchors()
	if err != nil {
		return err
	}
	type row struct {
		Seq     uint64    `json:"seq"`
		Link    string    `json:"link"`
		GenTime time.Time `json:"gen_time"`
		TSA     string    `json:"tsa"`
		Signer  string    `json:"signer"`
		OK      bool      `json:"ok"`
		Problem string    `json:"problem,omitempty"`
	}
	rows := []row{}
	bad := 0
	for _, a := range as {
		r := row{Seq: a.Seq, Link: a.Link.String(), GenTime: a.GenTime, TSA: a.TSA, Signer: a.Signer, OK: true}
		if err := v.RecheckAnchor(a); err != nil {
			r.OK, r.Problem = false, err.Error()
			bad++
		}
		rows = append(rows, r)
	}
	if asJSON {
		if err := writeJSON(env.Stdout, rows); err != nil {
			return err
		}
	} else {
		for _, r := range rows {
			status := i18n.T("cli.tsa.out.ok")
			if !r.OK {
				status = r.Problem
			}
			fmt.Fprintf(env.Stdout, "%d  %s  %s  %s  %s\n", r.Seq, r.GenTime.Format(time.RFC3339), r.Link, r.Signer, status)
		}
	}
	if bad > 0 {
		return silentError{ExitDamaged}
	}
	return nil
}
