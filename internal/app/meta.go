package app

// MetaStore is a Store that can tell whether its settings, timestamp
// tokens or backup log were changed outside Kiroku: those rows are not
// ledger records, so the sealed head carries a digest of each table, and
// the vault compares them when it unlocks (a TSA address deleted, a token
// or a backup line removed, an older row put back). The finding stays, at
// every unlock, until the user accepts the rows as they are.
type MetaStore interface {
	// MetaChanges names the changed tables: "settings", "anchors",
	// "backups".
	MetaChanges() []string
	// AcceptMetaChanges keeps the rows as they are now.
	AcceptMetaChanges() error
}
