// Package stamp connects a vault to a timestamp authority: it adapts an
// unlocked vault to tsa.Store (for the background Anchorer of the app) and
// stamps the ledger head on request (kirokuctl tsa stamp). The TSA URL is
// the vault setting "tsa.url"; with none set nothing ever leaves the
// machine. Only the SHA-256 of the anchor text is sent (docs/FORMAT.md).
package stamp

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/settings"
	"github.com/kiroku-app/kiroku/internal/tsa"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// ErrOff: no timestamp authority is configured.
var ErrOff = errors.New("timestamps are off: no timestamp authority is set")

// Store adapts an unlocked vault to tsa.Store.
type Store struct {
	V   *vault.Vault
	TSA string // recorded with each token
}

// Head implements tsa.Store.
func (s Store) Head() (uint64, [32]byte, error) {
	seq, link, err := s.V.Head()
	return seq, link, err
}

// LastAnchorSeq implements tsa.Store.
func (s Store) LastAnchorSeq() (uint64, error) { return s.V.LastAnchorSeq() }

// AnchorText implements tsa.Store.
func (s Store) AnchorText(seq uint64, link [32]byte) []byte {
	return ledger.AnchorText(s.V.ID(), seq, link)
}

// SaveAnchor implements tsa.Store.
func (s Store) SaveAnchor(seq uint64, link [32]byte, tok *tsa.Token) error {
	_, err := s.V.SaveAnchor(vault.Anchor{
		Seq: seq, Link: link, TSA: s.TSA, Signer: tok.TSA, GenTime: tok.GenTime, Serial: tok.Serial,
		Response: tok.Response, StampedAt: time.Now().UTC(),
	})
	return err
}

// URL returns the vault's TSA URL, or ErrOff.
func URL(v *vault.Vault) (string, error) {
	u, err := settings.TSAURL(v)
	if err != nil {
		return "", err
	}
	if u == "" {
		return "", ErrOff
	}
	return u, nil
}

// Now stamps the current ledger head unless it is already anchored, and
// returns the anchor (the existing one when nothing was new).
func Now(ctx context.Context, v *vault.Vault) (vault.Anchor, bool, error) {
	u, err := URL(v)
	if err != nil {
		return vault.Anchor{}, false, err
	}
	seq, link, err := v.Head()
	if err != nil {
		return vault.Anchor{}, false, err
	}
	if seq == 0 {
		return vault.Anchor{}, false, fmt.Errorf("the vault has no records to timestamp yet: %w", apperr.ErrNotFound)
	}
	if last, err := v.LastAnchorSeq(); err != nil {
		return vault.Anchor{}, false, err
	} else if last == seq {
		as, err := v.Anchors()
		if err != nil {
			return vault.Anchor{}, false, err
		}
		return as[len(as)-1], false, nil
	}
	c := &tsa.Client{URL: u}
	tok, err := c.Stamp(ctx, ledger.AnchorText(v.ID(), seq, link))
	if err != nil {
		return vault.Anchor{}, false, err
	}
	a, err := v.SaveAnchor(vault.Anchor{Seq: seq, Link: link, TSA: u, Signer: tok.TSA, GenTime: tok.GenTime,
		Serial: tok.Serial, Response: tok.Response, StampedAt: time.Now().UTC()})
	return a, true, err
}

// Recheck verifies a stored anchor again: the token is a valid, granted
// answer over this vault's anchor text for its link.
func Recheck(v *vault.Vault, a vault.Anchor) error {
	_, err := tsa.VerifyResponse(a.Response, ledger.AnchorText(v.ID(), a.Seq, a.Link))
	return err
}

// ExportStamper returns, when the user has timestamps on, the function an
// export calls to timestamp its export link (export.Options.StampExport);
// nil when they are off, so an export never reaches the network unasked.
func ExportStamper(v *vault.Vault) func(ctx context.Context) (vault.Anchor, error) {
	if _, err := URL(v); err != nil {
		return nil
	}
	return func(ctx context.Context) (vault.Anchor, error) {
		a, _, err := Now(ctx, v)
		return a, err
	}
}
