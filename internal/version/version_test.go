package version

import (
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	for _, tt := range []struct {
		in   Info
		want string
	}{
		{Info{Version: "v1.2.0", Revision: "d4d6f92abcdef0123456789", Go: "go1.26.8"}, "v1.2.0 (commit d4d6f92abcde, go1.26.8)"},
		{Info{Version: "(devel)", Revision: "abc", Modified: true, Go: "go1.26.8"}, "(devel) (commit abc, modified, go1.26.8)"},
		{Info{Version: "(devel)", Go: "go1.26.8"}, "(devel) (go1.26.8)"},
	} {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A test binary has build information; its Go version is the toolchain's.
func TestGet(t *testing.T) {
	in := Get()
	if !strings.HasPrefix(in.Go, "go") || in.Version == "" {
		t.Errorf("Get() = %+v", in)
	}
}
