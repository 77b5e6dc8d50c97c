package app

import "time"

// Timestamps is the timestamp authority of the open vault: its URL is a
// setting inside the vault, so it can be seen and changed only while the
// vault is unlocked. Package local's Store implements it; screens find it
// with a type assertion on the Store.
type Timestamps interface {
	// TimestampStatus reads the current state.
	TimestampStatus() (TimestampStatus, error)
	// SetTimestampURL keeps url in the vault and starts stamping with it;
	// "" turns timestamps off. A URL that is not http(s) is refused with
	// apperr.ErrInvalidInput.
	SetTimestampURL(url string) error
	// StampNow asks for a timestamp of the newest record at once (or
	// retries at once after a failure); the result arrives through the
	// watcher.
	StampNow() error
	// WatchTimestamps calls f, from another goroutine, whenever the state
	// changes. A new watcher replaces the previous one.
	WatchTimestamps(f func(TimestampStatus)) (stop func())
}

// TimestampStatus is what the settings section shows.
type TimestampStatus struct {
	URL       string    // "" while timestamps are off
	HeadSeq   uint64    // the newest record's link
	LastSeq   uint64    // the newest link with a token; 0 if none
	LastTime  time.Time // the authority's time in that token
	Pending   bool      // records wait to be stamped
	LastError error     // of the last attempt, nil if it worked
	NextRetry time.Time // when a failed attempt is tried again; zero if not waiting
}
