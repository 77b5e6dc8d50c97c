package local

import (
	"encoding/hex"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/vault"
)

var _ app.SeenStore = (*Store)(nil)

// SeenNow implements app.SeenStore: the vault id and the token of its head.
func (s *Store) SeenNow() (string, string, error) {
	tok, err := s.Vault.SeenToken()
	return hex.EncodeToString(s.Vault.ID()), tok, err
}

// CheckSeen implements app.SeenStore.
func (s *Store) CheckSeen(token string) (app.SeenResult, error) {
	c, err := s.Vault.CompareSeen(token)
	return app.SeenResult{Behind: c.Status == vault.SeenBehind, Diverged: c.Status == vault.SeenDiverged,
		SeenSeq: c.Seen.Seq, HeadSeq: c.HeadSeq}, err
}
