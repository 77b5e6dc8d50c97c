package app

// SeenStore is a Store that can tell whether its vault went back since this
// computer last saw it. The sealed head cannot be forged, but an older one
// can be put back (an older copy of the file, or records cut from its end),
// and nothing inside the file shows that; so the app keeps, per vault, a
// token of the last head it saw (vault id, seq, link, MACed with a key
// derived from the vault's master key) in its preferences.
type SeenStore interface {
	// SeenNow returns the vault's id (the preference's name) and the token
	// of its current head.
	SeenNow() (id, token string, err error)
	// CheckSeen compares the vault with a token SeenNow gave earlier.
	CheckSeen(token string) (SeenResult, error)
}

// SeenResult is what CheckSeen found.
type SeenResult struct {
	Behind   bool   // fewer records than the token says
	Diverged bool   // a different history at the token's record
	SeenSeq  uint64 // records the vault had when the token was made
	HeadSeq  uint64 // records it has now
}

// Rolled reports whether the vault went back or aside.
func (r SeenResult) Rolled() bool { return r.Behind || r.Diverged }
