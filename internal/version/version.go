// Package version says which build of Kiroku is running, from what the Go
// toolchain stamps into every binary (the module version derived from the
// git tag, the commit and whether the tree was modified), so that the same
// commit always gives the same text and no build date is written (builds
// stay reproducible). kirokuctl version and the app's About show it.
package version

import (
	"runtime"
	"runtime/debug"
)

// Licence is Kiroku's own licence (LICENSE at the top of the source and in
// every release).
const Licence = "GPL-3.0-or-later"

// stamp is `git describe --tags --always --dirty` of the source, set by the
// Makefile with -ldflags -X (go build stamps the commit itself unless
// -buildvcs=false, which some machines set).
var stamp string

// Info is what a binary knows of its build.
type Info struct {
	Version  string // module version, e.g. v1.2.0 or v0.0.0-20261207011016-d4d6f92abcde; "(devel)" if unknown
	Revision string // commit hash, empty if unknown
	Modified bool   // built from a tree with uncommitted changes
	Go       string // Go toolchain version
}

// Get reads the build information of the running binary.
func Get() Info {
	in := Info{Version: "(devel)", Go: runtime.Version()}
	bi, ok := debug.ReadBuildInfo()
	if ok && bi.Main.Version != "" {
		in.Version = bi.Main.Version
	}
	if stamp != "" {
		in.Version = stamp
	}
	if !ok {
		return in
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			in.Revision = s.Value
		case "vcs.modified":
			in.Modified = s.Value == "true"
		}
	}
	return in
}

// String is the one line shown to people: "v1.2.0 (commit d4d6f92abcde, go1.26.8)".
func (in Info) String() string {
	s := in.Version
	rev := in.Revision
	if len(rev) > 12 {
		rev = rev[:12]
	}
	switch {
	case rev != "" && in.Modified:
		s += " (commit " + rev + ", modified, " + in.Go + ")"
	case rev != "":
		s += " (commit " + rev + ", " + in.Go + ")"
	default:
		s += " (" + in.Go + ")"
	}
	return s
}
