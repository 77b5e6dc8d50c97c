package drive

import (
	"fmt"
	"strings"
	"syscall"
	"unsafe"
)

var (
	kernel32             = syscall.NewLazyDLL("kernel32.dll")
	getLogicalDrives     = kernel32.NewProc("GetLogicalDrives")
	getDriveType         = kernel32.NewProc("GetDriveTypeW")
	getDiskFreeSpaceEx   = kernel32.NewProc("GetDiskFreeSpaceExW")
	getVolumeInformation = kernel32.NewProc("GetVolumeInformationW")
	getVolumePathName    = kernel32.NewProc("GetVolumePathNameW")
)

const driveRemovable = 2 // DRIVE_REMOVABLE

func drives() ([]Drive, error) {
	mask, _, err := getLogicalDrives.Call()
	if mask == 0 {
		return nil, fmt.Errorf("list drives: %w", err)
	}
	var out []Drive
	for i := 0; i < 26; i++ {
		if mask&(1<<i) == 0 {
			continue
		}
		root := string(rune('A'+i)) + `:\`
		p, _ := syscall.UTF16PtrFromString(root)
		if t, _, _ := getDriveType.Call(uintptr(unsafe.Pointer(p))); t != driveRemovable {
			continue
		}
		vol, label, err := volumeInfo(root)
		if err != nil {
			continue // a card reader with no card
		}
		out = append(out, Drive{Path: root, Label: label, Volume: vol, Removable: true})
	}
	return out, nil
}

func volumeInfo(root string) (Volume, string, error) {
	p, err := syscall.UTF16PtrFromString(root)
	if err != nil {
		return Volume{}, "", err
	}
	var label, fs [261]uint16
	r, _, e := getVolumeInformation.Call(uintptr(unsafe.Pointer(p)), uintptr(unsafe.Pointer(&label[0])), uintptr(len(label)),
		0, 0, 0, uintptr(unsafe.Pointer(&fs[0])), uintptr(len(fs)))
	if r == 0 {
		return Volume{}, "", fmt.Errorf("volume information of %s: %w", root, e)
	}
	var free, total, totalFree uint64
	r, _, e = getDiskFreeSpaceEx.Call(uintptr(unsafe.Pointer(p)), uintptr(unsafe.Pointer(&free)),
		uintptr(unsafe.Pointer(&total)), uintptr(unsafe.Pointer(&totalFree)))
	if r == 0 {
		return Volume{}, "", fmt.Errorf("free space of %s: %w", root, e)
	}
	return Volume{FS: strings.ToLower(syscall.UTF16ToString(fs[:])), Free: int64(free), Total: int64(total)},
		syscall.UTF16ToString(label[:]), nil
}

func statFS(path string) (Volume, error) {
	p, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return Volume{}, err
	}
	var root [261]uint16
	if r, _, e := getVolumePathName.Call(uintptr(unsafe.Pointer(p)), uintptr(unsafe.Pointer(&root[0])), uintptr(len(root))); r == 0 {
		return Volume{}, fmt.Errorf("filesystem of %s: %w", path, e)
	}
	vol, _, err := volumeInfo(syscall.UTF16ToString(root[:]))
	return vol, err
}
