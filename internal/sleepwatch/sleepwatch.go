// Package sleepwatch tells the app when the operating system is about to
// put the computer to sleep or lock the user's screen, so that the vault
// locks before the machine is left alone.
//
// What is wired, by system:
//   - Linux: systemd-logind on the system bus (D-Bus): the Manager's
//     PrepareForSleep(true) signal (suspend, hibernate), and for the
//     user's own session its Lock signal (loginctl lock-session, and desktops
//     that lock through logind) and its LockedHint property turning true
//     (GNOME and others set it when their lock screen comes up). Signals are
//     taken only from the owner of org.freedesktop.login1, which on a system
//     bus only root can be. Without a system bus or logind there is no
//     watcher and Start says why.
//   - Windows 8 and later: PowerRegisterSuspendResumeNotification
//     (powrprof.dll) with a callback, PBT_APMSUSPEND before the machine
//     sleeps. Screen lock is not wired there: WTSRegisterSessionNotification
//     needs a window procedure of our own.
//   - macOS: nothing yet (NSWorkspaceWillSleepNotification needs Cocoa
//     code this package does not have).
//
// Everywhere the idle auto-lock measures wall-clock time, so a computer
// that slept longer than the auto-lock time is locked when it wakes, at
// the idle timer's next tick (at most ten seconds), even with no notice.
//
// The package never logs: an event carries no data beyond its kind.
package sleepwatch

import "errors"

// Event is what the system is about to do.
type Event int

const (
	// Sleep: the computer is about to suspend or hibernate.
	Sleep Event = iota + 1
	// ScreenLock: the user's session is being locked.
	ScreenLock
)

// Options configure Start.
type Options struct {
	// Address is the D-Bus address to watch (Linux); empty means the
	// system bus. Tests point it at a private bus.
	Address string
}

// ErrUnsupported is returned by Start where this package has no watcher.
var ErrUnsupported = errors.New("sleepwatch: no sleep or screen-lock notices on this system")
