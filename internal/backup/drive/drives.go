// Package drive finds the removable drives a backup can go to, and tells
// the filesystem type and free space of any folder. It builds without cgo
// on Linux, macOS and Windows.
package drive

import (
	"path/filepath"
	"sort"
	"strings"
)

// Drive is a place a backup can go: a mounted removable drive (or any
// folder the user picks, through StatFS).
type Drive struct {
	Path      string `json:"path"`  // mount point or drive root
	Label     string `json:"label"` // volume label or folder name
	Device    string `json:"device,omitempty"`
	Volume           // filesystem type and space
	Removable bool   `json:"removable"`
}

// Volume is what a backup needs to know about the filesystem of a folder.
type Volume struct {
	FS    string `json:"fs"`    // lower case: vfat, exfat, ntfs, ext4, apfs, ...
	Free  int64  `json:"free"`  // bytes available to this user
	Total int64  `json:"total"` // bytes
}

// FAT reports whether the filesystem is FAT12/16/32, whose files must stay
// under 4 GiB.
func (v Volume) FAT() bool { return IsFAT(v.FS) }

// IsFAT reports whether fs names a FAT filesystem (Linux vfat and msdos,
// macOS msdos, Windows FAT and FAT32).
func IsFAT(fs string) bool {
	switch strings.ToLower(fs) {
	case "vfat", "msdos", "fat", "fat12", "fat16", "fat32", "umsdos":
		return true
	}
	return false
}

// MaxFATFile is the largest file FAT32 holds: 4 GiB minus one byte.
const MaxFATFile = 1<<32 - 1

// Drives lists the removable drives mounted on this computer (Linux: under
// /media and /run/media, and block devices marked removable; macOS:
// /Volumes; Windows: removable drive letters), with their filesystem and
// free space, sorted by path.
func Drives() ([]Drive, error) {
	ds, err := drives()
	if err != nil {
		return nil, err
	}
	for i := range ds {
		if ds[i].Label == "" {
			ds[i].Label = filepath.Base(ds[i].Path)
		}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i].Path < ds[j].Path })
	return ds, nil
}

// StatFS returns the filesystem type and the space of the filesystem that
// holds path (any folder).
func StatFS(path string) (Volume, error) { return statFS(path) }
