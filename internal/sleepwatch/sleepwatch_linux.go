package sleepwatch

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
)

const (
	login1Name    = "org.freedesktop.login1"
	login1Path    = dbus.ObjectPath("/org/freedesktop/login1")
	managerIface  = "org.freedesktop.login1.Manager"
	sessionIface  = "org.freedesktop.login1.Session"
	propsIface    = "org.freedesktop.DBus.Properties"
	lockedHintKey = "LockedHint"
)

// Start connects to the bus and calls notify, from its own goroutine, for
// each sleep or screen-lock notice until stop is called. An error means
// there is no watcher (no bus, say); stop is then a no-op.
func Start(opts Options, notify func(Event)) (stop func(), err error) {
	var conn *dbus.Conn
	if opts.Address == "" {
		conn, err = dbus.ConnectSystemBus()
	} else {
		conn, err = dbus.Connect(opts.Address)
	}
	if err != nil {
		return func() {}, fmt.Errorf("connect to the system bus: %w", err)
	}
	// Our own session, so another user's lock screen does not count;
	// if logind cannot say (no session), any session's lock does: locking
	// too often is the safe side.
	// A bounded wait: a hung logind must not hold up the app's start.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var session dbus.ObjectPath
	if err := conn.Object(login1Name, login1Path).CallWithContext(ctx, managerIface+".GetSessionByPID", 0, uint32(os.Getpid())).Store(&session); err != nil {
		session = ""
	}
	sessionRule := func(iface, member string) []dbus.MatchOption {
		o := []dbus.MatchOption{dbus.WithMatchSender(login1Name), dbus.WithMatchInterface(iface), dbus.WithMatchMember(member)}
		if session != "" {
			o = append(o, dbus.WithMatchObjectPath(session))
		} else {
			o = append(o, dbus.WithMatchPathNamespace(login1Path+"/session"))
		}
		return o
	}
	rules := [][]dbus.MatchOption{
		{dbus.WithMatchSender(login1Name), dbus.WithMatchObjectPath(login1Path), dbus.WithMatchInterface(managerIface), dbus.WithMatchMember("PrepareForSleep")},
		sessionRule(sessionIface, "Lock"),
		append(sessionRule(propsIface, "PropertiesChanged"), dbus.WithMatchArg(0, sessionIface)),
	}
	for _, r := range rules {
		if err := conn.AddMatchSignal(r...); err != nil {
			_ = conn.Close()
			return func() {}, fmt.Errorf("watch logind signals: %w", err)
		}
	}
	ch := make(chan *dbus.Signal, 16)
	conn.Signal(ch)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for sig := range ch {
			if ev, ok := eventOf(sig); ok {
				notify(ev)
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			_ = conn.Close() // closes ch: the goroutine ends
			<-done
		})
	}, nil
}

// eventOf reads what a logind signal announces. The bus delivers only what
// the match rules asked for; the checks here keep a stray signal on the
// same connection from locking anything it should not.
func eventOf(sig *dbus.Signal) (Event, bool) {
	switch sig.Name {
	case managerIface + ".PrepareForSleep":
		// true: about to sleep; false: just woke up.
		if len(sig.Body) == 1 {
			if start, ok := sig.Body[0].(bool); ok && start {
				return Sleep, true
			}
		}
	case sessionIface + ".Lock":
		return ScreenLock, true
	case propsIface + ".PropertiesChanged":
		if len(sig.Body) >= 2 {
			iface, _ := sig.Body[0].(string)
			changed, _ := sig.Body[1].(map[string]dbus.Variant)
			if v, ok := changed[lockedHintKey]; iface == sessionIface && ok {
				if locked, ok := v.Value().(bool); ok && locked {
					return ScreenLock, true
				}
			}
		}
	}
	return 0, false
}
