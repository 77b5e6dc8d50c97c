package sleepwatch

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// privateBus starts a dbus-daemon of its own (a real bus, not a fake) and
// returns its address; it stops with the test.
func privateBus(t *testing.T) string {
	t.Helper()
	daemon, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Skip("dbus-daemon not installed (Debian package dbus)")
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "bus.conf")
	// Anyone may own any name here, so the test can stand in for logind.
	err = os.WriteFile(conf, []byte(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=`+filepath.Join(dir, "bus")+`</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(daemon, "--config-file="+conf, "--nofork", "--print-address")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon gave no address: %v", err)
	}
	return strings.TrimSpace(addr)
}

// connect joins the bus, optionally as logind.
func connect(t *testing.T, addr, name string) *dbus.Conn {
	t.Helper()
	c, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if name != "" {
		if r, err := c.RequestName(name, dbus.NameFlagDoNotQueue); err != nil || r != dbus.RequestNameReplyPrimaryOwner {
			t.Fatalf("own %s: %v %v", name, r, err)
		}
	}
	return c
}

// Signals emitted on a real bus reach notify: logind's PrepareForSleep(true)
// is Sleep, a session's Lock or LockedHint=true is ScreenLock; waking up,
// unlocking and the same signals from someone who is not logind are not.
func TestWatcherOnPrivateBus(t *testing.T) {
	session := dbus.ObjectPath("/org/freedesktop/login1/session/_31")
	tests := []struct {
		name   string
		sender string // "" : a client that does not own logind's name
		path   dbus.ObjectPath
		signal string
		body   []any
		want   Event // 0: no event
	}{
		{"about to sleep", login1Name, login1Path, managerIface + ".PrepareForSleep", []any{true}, Sleep},
		{"woke up", login1Name, login1Path, managerIface + ".PrepareForSleep", []any{false}, 0},
		{"session lock", login1Name, session, sessionIface + ".Lock", nil, ScreenLock},
		{"session unlock", login1Name, session, sessionIface + ".Unlock", nil, 0},
		{"locked hint", login1Name, session, propsIface + ".PropertiesChanged",
			[]any{sessionIface, map[string]dbus.Variant{lockedHintKey: dbus.MakeVariant(true)}, []string{}}, ScreenLock},
		{"unlocked hint", login1Name, session, propsIface + ".PropertiesChanged",
			[]any{sessionIface, map[string]dbus.Variant{lockedHintKey: dbus.MakeVariant(false)}, []string{}}, 0},
		{"sleep from an impostor", "", login1Path, managerIface + ".PrepareForSleep", []any{true}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := privateBus(t)
			logind := connect(t, addr, login1Name)
			emitter := logind
			if tt.sender == "" {
				emitter = connect(t, addr, "")
			}
			got := make(chan Event, 4)
			stop, err := Start(Options{Address: addr}, func(ev Event) { got <- ev })
			if err != nil {
				t.Fatal(err)
			}
			defer stop()
			if err := emitter.Emit(tt.path, tt.signal, tt.body...); err != nil {
				t.Fatal(err)
			}
			// A round trip through the bus: once it returns, the bus has
			// routed the signal above. Then logind announces a sleep as a
			// marker, so a signal that was dropped shows as the marker
			// arriving first, with no waiting on a timer.
			if err := emitter.BusObject().Call("org.freedesktop.DBus.GetId", 0).Err; err != nil {
				t.Fatal(err)
			}
			if err := logind.Emit(login1Path, managerIface+".PrepareForSleep", true); err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if want == 0 {
				want = Sleep // the marker
			}
			select {
			case ev := <-got:
				if ev != want {
					t.Fatalf("first event %v, want %v (0: the signal should have been ignored)", ev, tt.want)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("no event at all")
			}
			stop()
			stop() // twice is harmless
		})
	}
}

// No bus (a machine without D-Bus, a sandbox): an error, and a stop
// function that may still be called; the app then relies on idle time.
func TestNoBus(t *testing.T) {
	stop, err := Start(Options{Address: "unix:path=" + filepath.Join(t.TempDir(), "none")}, func(Event) { t.Error("event without a bus") })
	if err == nil {
		t.Fatal("no error without a bus")
	}
	stop()
}
