//go:build !linux && !windows

package sleepwatch

// Start has no watcher on this system (see the package comment): it
// returns ErrUnsupported and a stop function that does nothing.
func Start(_ Options, _ func(Event)) (stop func(), err error) {
	return func() {}, ErrUnsupported
}
