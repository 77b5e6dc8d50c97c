//go:build e2e

package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// `make run` builds the app and opens its window (here on Xvfb).
func TestMakeRunOpensWindow(t *testing.T) {
	for _, tool := range []string{"Xvfb", "xdotool", "make"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	x := startXvfb(t)
	home := t.TempDir()
	cmd := exec.Command("make", "-s", "run", "BIN="+t.TempDir())
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), goCacheEnv(t)...) // keep Go's caches when HOME moves
	cmd.Env = append(cmd.Env, "DISPLAY="+x.display, "HOME="+home, "KIROKU_VAULT="+home+"/v.kiroku", "LANG=en_US.UTF-8")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		cmd.Wait()
	}()
	waitFor(t, 5*time.Minute, "the Kiroku window", func() bool {
		search := exec.Command("xdotool", "search", "--name", "^Kiroku$")
		search.Env = append(os.Environ(), "DISPLAY="+x.display)
		found, _ := search.Output()
		return len(bytes.TrimSpace(found)) > 0
	})
	if strings.Contains(out.String(), "panic") {
		t.Fatalf("make run: %s", out.String())
	}
}

// Without a display, `make run` still builds the app and says clearly why
// it cannot open a window.
func TestMakeRunWithoutDisplay(t *testing.T) {
	cmd := exec.Command("make", "-s", "run", "BIN="+t.TempDir())
	cmd.Dir = ".."
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "DISPLAY=") && !strings.HasPrefix(e, "WAYLAND_DISPLAY=") {
			env = append(env, e)
		}
	}
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "has no display") {
		t.Fatalf("make run without a display: %v\n%s", err, out)
	}
}

// goCacheEnv pins Go's module and build caches, which default to places
// under HOME, so a test that gives the app a fresh HOME does not rebuild
// everything from nothing.
func goCacheEnv(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOPATH", "GOMODCACHE", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	v := strings.Split(strings.TrimSpace(string(out)), "\n")
	return []string{"GOPATH=" + v[0], "GOMODCACHE=" + v[1], "GOCACHE=" + v[2]}
}
