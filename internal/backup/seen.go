package backup

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kiroku-app/kiroku/internal/vault"
)

// SeenSuffix ends the name of the file that keeps, in a backup folder, the
// newest ledger head of a vault backed up there: kiroku-<vault id>.seen,
// one line, a seen token (vault.SeenToken: vault id, seq, link, MAC). It
// lets the drive say that a vault is older than what was once backed up
// to it, even on a computer whose app never saw that vault: a vault put back
// to an older head, or an older backup restored. It is never lowered by a
// vault that is behind it.
const SeenSuffix = ".seen"

func seenPath(dir, id string) string { return filepath.Join(dir, "kiroku-"+id+SeenSuffix) }

// readSeen returns the token kept in dir for the vault id, or "".
func readSeen(dir, id string) string {
	b, err := os.ReadFile(seenPath(dir, id))
	if err != nil || len(b) > 4096 {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// removeStaleSeen deletes temporary files a killed writeSeen left.
func removeStaleSeen(dir, id string) {
	// Not filepath.Glob: a folder name may hold its metacharacters.
	prefix := "." + filepath.Base(seenPath(dir, id)) + "."
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if n := e.Name(); strings.HasPrefix(n, prefix) && strings.HasSuffix(n, ".tmp") {
			os.Remove(filepath.Join(dir, n))
		}
	}
}

// writeSeen replaces the token in dir: a temporary file, synced, renamed.
func writeSeen(dir, id, token string) error {
	final := seenPath(dir, id)
	tmp := filepath.Join(dir, "."+filepath.Base(final)+"."+randomHex(8)+".tmp")
	defer os.Remove(tmp)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return mapIO(err)
	}
	_, err = f.WriteString(token + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return mapIO(err)
	}
	if err := os.Rename(tmp, final); err != nil {
		return mapIO(err)
	}
	return syncDir(dir)
}

// DriveNewer says that a backup folder once held a newer state of the
// vault than the one at hand.
type DriveNewer struct {
	Dir      string `json:"dir"`
	SeenSeq  uint64 `json:"seen_seq"` // records of the vault the folder saw last
	HeadSeq  uint64 `json:"head_seq"` // records of the vault (or backup) at hand
	Diverged bool   `json:"diverged"` // same vault, different history at SeenSeq
}

func newerOf(dir string, c vault.SeenCheck) *DriveNewer {
	if !c.Rolled() {
		return nil
	}
	return &DriveNewer{Dir: dir, SeenSeq: c.Seen.Seq, HeadSeq: c.HeadSeq, Diverged: c.Status == vault.SeenDiverged}
}

// compareDrive compares v with the token kept in dir.
func compareDrive(v *vault.Vault, dir, id string) (*DriveNewer, error) {
	tok := readSeen(dir, id)
	if tok == "" {
		return nil, nil
	}
	c, err := v.CompareSeen(tok)
	if err != nil {
		return nil, fmt.Errorf("compare with the backup folder's record: %w", err)
	}
	return newerOf(dir, c), nil
}

// markDrive moves the folder's token to v's head after a backup, unless
// the vault is behind it and the user did not accept that.
func markDrive(v *vault.Vault, dir, id string) error {
	tok, err := v.SeenToken()
	if err != nil {
		return err
	}
	return writeSeen(dir, id, tok)
}

// restoreSeen compares a backup being restored with its folder's token.
func restoreSeen(ctx context.Context, tmp string, passphrase []byte, src Source, res Restored) (vault.Report, *DriveNewer, error) {
	dir := filepath.Dir(src.Path)
	if src.Manifest != nil {
		dir = filepath.Dir(dir) // the part set's folder sits in the backup folder
	}
	var tok string
	if id, err := vault.FileID(tmp); err == nil {
		tok = readSeen(dir, fmt.Sprintf("%x", id))
	}
	rep, c, err := vault.VerifyRestoredSeen(ctx, tmp, passphrase, logOf(src, res), tok)
	return rep, newerOf(dir, c), err
}
