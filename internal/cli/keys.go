package cli

import (
	"fmt"

	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// cmdRecoveryKey replaces the recovery key. The vault is re-keyed under
// the same passphrase, so the old recovery key (and any key slot copied
// from the file before) stops opening it; old backups keep their keys.
func cmdRecoveryKey(env *Env, args []string) error {
	fs, vf := vaultVerb("recovery-key")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	v, err := local.Vaults{}.OpenLocked(vf.path, false)
	if err != nil {
		return err
	}
	defer v.Close()
	pass, err := env.secret(vf.stdin, "cli.prompt.passphrase")
	if err != nil {
		return err
	}
	defer clear(pass)
	if err := v.Unlock(pass); err != nil {
		return err
	}
	rec, err := v.NewRecoveryKey(pass)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stderr, i18n.T("keys.out.recovery_key_done"))
	fmt.Fprintln(env.Stderr, i18n.T("cli.out.recovery_intro"))
	fmt.Fprintln(env.Stdout, rec)
	return nil
}
