package vault

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ledger"
)

// The sealed head cannot be forged without the key, but an older one can be
// put back: a backup of the same vault has the same key and the same
// associated data, so an older copy (or the current file cut back to an
// older head) is an intact vault. Only a record kept outside the file can
// tell. A "seen" token is that record: the vault id, the ledger head's seq
// and link, MACed under a subkey of the master key so that it cannot be
// made up or moved to another vault. The app keeps the latest in its
// preferences, and each backup leaves one beside it on the drive; both are
// compared with the head at unlock (CompareSeen).
//
// Token text: "kiroku-seen/1 <vault id hex> <seq> <link hex> <mac hex>",
// mac = HMAC-SHA256(subkey "seen", "kiroku/v1/seen" ‖ vault id ‖ seq (8,
// big endian) ‖ link).

const seenPrefix = "kiroku-seen/1"

// Seen is what a token says: this vault had this head.
type Seen struct {
	VaultID string // hex
	Seq     uint64
	Link    ledger.Hash
}

// SeenStatus compares the vault with a token.
type SeenStatus int

const (
	// SeenUnknown: the token is not this vault's, or does not verify
	// (another vault, a changed master key, damage): it says nothing.
	SeenUnknown SeenStatus = iota
	// SeenCurrent: the vault is at the head the token names, or further on
	// the same chain.
	SeenCurrent
	// SeenBehind: the vault has fewer records than the token says it had:
	// an older copy, or records cut from the end with an older head put
	// back.
	SeenBehind
	// SeenDiverged: same vault, but a different history at the token's
	// seq: an older copy that was written to since.
	SeenDiverged
)

// SeenCheck is the result of CompareSeen.
type SeenCheck struct {
	Status  SeenStatus
	Seen    Seen   // what the token says (when it verifies)
	HeadSeq uint64 // the vault's head now
}

// Rolled reports whether the vault went back or aside from the token.
func (c SeenCheck) Rolled() bool { return c.Status == SeenBehind || c.Status == SeenDiverged }

func (v *Vault) seenMAC(id []byte, seq uint64, link ledger.Hash) ([]byte, error) {
	if v.master == nil {
		return nil, apperr.ErrLocked
	}
	k := v.master.Subkey("seen")
	defer k.Wipe()
	m := hmac.New(sha256.New, k.Bytes())
	m.Write([]byte("kiroku/v1/seen"))
	m.Write(id)
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seq)
	m.Write(b[:])
	m.Write(link[:])
	return m.Sum(nil), nil
}

// SeenToken returns the token of the vault's current head.
func (v *Vault) SeenToken() (string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	seq, link, err := v.loadHead(context.Background(), v.db)
	if err != nil {
		return "", err
	}
	mac, err := v.seenMAC(v.id, seq, link)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s %x %d %x %x", seenPrefix, v.id, seq, link[:], mac), nil
}

// CompareSeen checks a token against the vault's head and ledger. A token
// that does not verify gives SeenUnknown, not an error: whoever can write
// the preferences or the drive could also delete the token.
func (v *Vault) CompareSeen(token string) (SeenCheck, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	ctx := context.Background()
	seq, _, err := v.loadHead(ctx, v.db)
	if err != nil {
		return SeenCheck{}, err
	}
	c := SeenCheck{HeadSeq: seq}
	s, mac, ok := parseSeen(token)
	if !ok || s.VaultID != hex.EncodeToString(v.id) {
		return c, nil
	}
	want, err := v.seenMAC(v.id, s.Seq, s.Link)
	if err != nil {
		return c, err
	}
	if !hmac.Equal(mac, want) {
		return c, nil
	}
	c.Seen = s
	if seq < s.Seq {
		c.Status = SeenBehind
		return c, nil
	}
	// Same or longer: the link at the token's seq must be the token's.
	link := ledger.Genesis(v.id)
	if s.Seq > 0 {
		var b []byte
		err := v.db.QueryRowContext(ctx, `SELECT link FROM ledger WHERE seq = ?`, s.Seq).Scan(&b)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return c, mapSQLite(err)
		}
		copy(link[:], b)
		if len(b) != len(link) {
			link = ledger.Hash{}
		}
	}
	if link != s.Link {
		c.Status = SeenDiverged
		return c, nil
	}
	c.Status = SeenCurrent
	return c, nil
}

// ParseSeen reads a token without verifying it (its MAC needs the key):
// for saying which copy is newer before unlocking.
func ParseSeen(token string) (Seen, bool) {
	s, _, ok := parseSeen(token)
	return s, ok
}

func parseSeen(token string) (Seen, []byte, bool) {
	f := strings.Fields(token)
	if len(f) != 5 || f[0] != seenPrefix {
		return Seen{}, nil, false
	}
	id, err1 := hex.DecodeString(f[1])
	seq, err2 := strconv.ParseUint(f[2], 10, 64)
	link, err3 := hex.DecodeString(f[3])
	mac, err4 := hex.DecodeString(f[4])
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil || len(id) == 0 || len(link) != len(ledger.Hash{}) || len(mac) != sha256.Size {
		return Seen{}, nil, false
	}
	s := Seen{VaultID: hex.EncodeToString(id), Seq: seq}
	copy(s.Link[:], link)
	return s, mac, true
}

// compareSeenCopy is CompareSeen for a copy being verified (its keys set
// by verifyCopy). An empty token compares nothing.
func compareSeenCopy(c *Vault, token string) (SeenCheck, error) {
	if token == "" {
		return SeenCheck{}, nil
	}
	return c.CompareSeen(token)
}

// VerifyRestoredSeen is VerifyRestored that also compares the copy with a
// seen token found beside the backup (the drive's record of the newest
// head of this vault backed up there), so that restoring an older backup
// says that a newer one existed. The comparison needs the key, which only
// the verification holds.
func VerifyRestoredSeen(ctx context.Context, path string, passphrase []byte, from BackupLog, token string) (Report, SeenCheck, error) {
	var seen SeenCheck
	rep, err := verifyCopy(ctx, path, secretKey(ctx, passphrase), nil, func(c *Vault) error {
		var err error
		if seen, err = compareSeenCopy(c, token); err != nil {
			return err
		}
		seq, link, err := c.Head()
		if err != nil {
			return err
		}
		from.HeadSeq, from.HeadLink = seq, link.String()
		if err := c.LogBackup(from); err != nil {
			return fmt.Errorf("note the backup in the restored vault: %w", err)
		}
		return nil
	})
	return rep, seen, err
}
