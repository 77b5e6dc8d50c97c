package desktop

import (
	"encoding/hex"

	"github.com/kiroku-app/kiroku/internal/ui"
	"github.com/kiroku-app/kiroku/internal/vault"
)

var _ ui.SeenStore = (*Store)(nil)

// SeenNow implements ui.SeenStore: the vault id and the token of its head.
func (s *Store) SeenNow() (string, string, error) {
	tok, err := s.Vault.SeenToken()
	return hex.EncodeToString(s.Vault.ID()), tok, err
}

// CheckSeen implements ui.SeenStore.
func (s *Store) CheckSeen(token string) (ui.SeenResult, error) {
	c, err := s.Vault.CompareSeen(token)
	return ui.SeenResult{Behind: c.Status == vault.SeenBehind, Diverged: c.Status == vault.SeenDiverged,
		SeenSeq: c.Seen.Seq, HeadSeq: c.HeadSeq}, err
}
