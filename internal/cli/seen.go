package cli

import (
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// kirokuctl keeps, like the app, the last ledger head it saw of each vault
// (a seen token, Store.SeenToken) in a file per vault id under
// Env.SeenDir, and warns when a vault comes back older: an older copy in
// its place, or records cut from its end with an older head put back,
// which Check alone cannot see. The token moves on at each open that
// finds nothing wrong (so it holds the head as the previous command left
// it); while the vault is behind, it stays, and `check -accept-older`
// accepts the older state (an older backup restored on purpose).

// defaultSeenDir is where Stdio keeps the tokens: the user's config folder.
func defaultSeenDir() string {
	d, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "kiroku", "seen")
}

func (env *Env) seenFile(v *local.Store) string {
	return filepath.Join(env.SeenDir, hex.EncodeToString(v.ID()))
}

// checkSeen compares v with the token kept for it and warns on stderr;
// when nothing went back and the vault may be written, the token moves on.
func (env *Env) checkSeen(v *local.Store, readOnly bool) {
	env.seen = nil
	if env.SeenDir == "" {
		return
	}
	if b, err := os.ReadFile(env.seenFile(v)); err == nil {
		c, err := v.CompareSeen(strings.TrimSpace(string(b)))
		if err == nil && c.Rolled() {
			env.seen = &c
			fmt.Fprintln(env.Stderr, seenWarning(c))
			return
		}
	}
	if !readOnly {
		_ = env.acceptSeen(v) // best effort: no record only means no warning next time
	}
}

// acceptSeen records v's head as the last seen.
func (env *Env) acceptSeen(v *local.Store) error {
	tok, err := v.SeenToken()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(env.SeenDir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(env.SeenDir, ".seen-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(tok + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), env.seenFile(v))
}

func seenWarning(c local.SeenCheck) string {
	if c.Status == local.SeenDiverged {
		return i18n.T("cli.warn.seen_diverged", c.Seen.Seq, c.HeadSeq)
	}
	return i18n.T("cli.warn.seen_behind", c.Seen.Seq, c.HeadSeq)
}

// driveNewerWarning says that a backup folder saw a newer state.
func driveNewerWarning(n *local.DriveNewer) string {
	return i18n.T("cli.warn.drive_newer", n.Dir, n.SeenSeq, n.HeadSeq)
}

// metaNames are the translated names of the tables Store.MetaChanges
// names.
func metaNames(tables []string) string {
	out := make([]string, 0, len(tables))
	for _, t := range tables {
		out = append(out, i18n.T("cli.meta."+t))
	}
	return strings.Join(out, ", ")
}
