//go:build windows

package sleepwatch

import (
	"fmt"
	"sync"
	"syscall"
	"unsafe"
)

// Windows tells of a coming suspend through PowerRegisterSuspendResumeNotification
// (powrprof.dll, Windows 8 and later) with a callback, so no window
// procedure is needed: PBT_APMSUSPEND arrives before the machine sleeps.
// Screen lock (WTSRegisterSessionNotification) needs a window of our own
// and is not wired; the idle auto-lock covers it with wall-clock time.

const deviceNotifyCallback = 2 // DEVICE_NOTIFY_CALLBACK

// deviceNotifySubscribeParameters is DEVICE_NOTIFY_SUBSCRIBE_PARAMETERS.
type deviceNotifySubscribeParameters struct {
	callback uintptr
	context  uintptr
}

var (
	powrprof       = syscall.NewLazyDLL("powrprof.dll")
	procRegister   = powrprof.NewProc("PowerRegisterSuspendResumeNotification")
	procUnregister = powrprof.NewProc("PowerUnregisterSuspendResumeNotification")

	// One callback for the process (syscall.NewCallback's are never
	// freed); it calls whatever Start registered last.
	cbOnce   sync.Once
	cb       uintptr
	notifyMu sync.Mutex
	notifyFn func(Event)
)

func callback(_ uintptr, typ uintptr, _ uintptr) uintptr {
	if ev, ok := powerEvent(uint32(typ)); ok {
		notifyMu.Lock()
		fn := notifyFn
		notifyMu.Unlock()
		if fn != nil {
			go fn(ev) // the callback must return promptly
		}
	}
	return 0 // ERROR_SUCCESS
}

// Start registers for suspend notices and calls notify, from its own
// goroutine, for each until stop is called. An error means there is no
// watcher (an older Windows, or Wine without the function).
func Start(_ Options, notify func(Event)) (stop func(), err error) {
	if err := procRegister.Find(); err != nil {
		return func() {}, fmt.Errorf("%w: %v", ErrUnsupported, err)
	}
	cbOnce.Do(func() { cb = syscall.NewCallback(callback) })
	params := &deviceNotifySubscribeParameters{callback: cb}
	var handle uintptr
	r, _, _ := procRegister.Call(deviceNotifyCallback, uintptr(unsafe.Pointer(params)), uintptr(unsafe.Pointer(&handle)))
	if r != 0 {
		return func() {}, fmt.Errorf("%w: PowerRegisterSuspendResumeNotification: %v", ErrUnsupported, syscall.Errno(r))
	}
	notifyMu.Lock()
	notifyFn = notify
	notifyMu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			procUnregister.Call(handle)
			notifyMu.Lock()
			notifyFn = nil
			notifyMu.Unlock()
			_ = params // kept alive until unregistered
		})
	}, nil
}
