//go:build windows

package secretclip

import (
	"fmt"
	"runtime"
	"syscall"
	"time"
	"unicode/utf16"
	"unsafe"
)

var (
	user32                     = syscall.NewLazyDLL("user32.dll")
	kernel32                   = syscall.NewLazyDLL("kernel32.dll")
	procOpenClipboard          = user32.NewProc("OpenClipboard")
	procCloseClipboard         = user32.NewProc("CloseClipboard")
	procEmptyClipboard         = user32.NewProc("EmptyClipboard")
	procSetClipboardData       = user32.NewProc("SetClipboardData")
	procRegisterClipboardFormW = user32.NewProc("RegisterClipboardFormatW")
	procGlobalAlloc            = kernel32.NewProc("GlobalAlloc")
	procGlobalFree             = kernel32.NewProc("GlobalFree")
	procGlobalLock             = kernel32.NewProc("GlobalLock")
	procGlobalUnlock           = kernel32.NewProc("GlobalUnlock")
	procRtlMoveMemory          = kernel32.NewProc("RtlMoveMemory")
)

const (
	cfUnicodeText = 13
	gmemMoveable  = 0x0002
)

// Set puts text on the clipboard with the marks that keep it out of
// clipboard history and cloud sync.
func Set(text string) error {
	runtime.LockOSThread() // the clipboard is opened by this thread
	defer runtime.UnlockOSThread()
	if err := open(); err != nil {
		return err
	}
	defer procCloseClipboard.Call()
	if r, _, err := procEmptyClipboard.Call(); r == 0 {
		return fmt.Errorf("secretclip: EmptyClipboard: %w", err)
	}
	u := utf16.Encode([]rune(text + "\x00"))
	b := unsafe.Slice((*byte)(unsafe.Pointer(&u[0])), len(u)*2)
	if err := setData(cfUnicodeText, b); err != nil {
		return err
	}
	zero := []byte{0, 0, 0, 0} // a DWORD 0
	for _, name := range []string{"ExcludeClipboardContentFromMonitorProcessing", "CanIncludeInClipboardHistory", "CanUploadToCloudClipboard"} {
		p, err := syscall.UTF16PtrFromString(name)
		if err != nil {
			return err
		}
		f, _, err := procRegisterClipboardFormW.Call(uintptr(unsafe.Pointer(p)))
		if f == 0 {
			return fmt.Errorf("secretclip: RegisterClipboardFormat %s: %w", name, err)
		}
		if err := setData(f, zero); err != nil {
			return err
		}
	}
	return nil
}

// open opens the clipboard, retrying briefly: another program may hold it.
func open() error {
	var err error
	for range 10 {
		var r uintptr
		if r, _, err = procOpenClipboard.Call(0); r != 0 {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("secretclip: OpenClipboard: %w", err)
}

// setData copies b into global memory and hands it to the clipboard,
// which owns it from then on.
func setData(format uintptr, b []byte) error {
	h, _, err := procGlobalAlloc.Call(gmemMoveable, uintptr(len(b)))
	if h == 0 {
		return fmt.Errorf("secretclip: GlobalAlloc: %w", err)
	}
	p, _, err := procGlobalLock.Call(h)
	if p == 0 {
		procGlobalFree.Call(h)
		return fmt.Errorf("secretclip: GlobalLock: %w", err)
	}
	procRtlMoveMemory.Call(p, uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
	procGlobalUnlock.Call(h)
	if r, _, err := procSetClipboardData.Call(format, h); r == 0 {
		procGlobalFree.Call(h)
		return fmt.Errorf("secretclip: SetClipboardData: %w", err)
	}
	return nil
}
