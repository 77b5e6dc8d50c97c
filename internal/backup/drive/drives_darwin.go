package drive

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

func drives() ([]Drive, error) {
	ents, err := os.ReadDir("/Volumes")
	if err != nil {
		return nil, fmt.Errorf("list drives: %w", err)
	}
	var root syscall.Statfs_t
	syscall.Statfs("/", &root)
	var out []Drive
	for _, e := range ents {
		p := filepath.Join("/Volumes", e.Name())
		var st syscall.Statfs_t
		if err := syscall.Statfs(p, &st); err != nil {
			continue
		}
		if st.Fsid == root.Fsid {
			continue // the start-up disk ("Macintosh HD" links to /)
		}
		vol := volumeOf(&st)
		out = append(out, Drive{Path: p, Label: e.Name(), Device: cString(st.Mntfromname[:]), Volume: vol,
			Removable: st.Flags&0x1000 == 0}) // MNT_LOCAL unset: a network volume is not a drive, but still listed
	}
	return out, nil
}

func volumeOf(st *syscall.Statfs_t) Volume {
	return Volume{FS: cString(st.Fstypename[:]), Free: int64(st.Bavail) * int64(st.Bsize), Total: int64(st.Blocks) * int64(st.Bsize)}
}

func cString(b []int8) string {
	var s []byte
	for _, c := range b {
		if c == 0 {
			break
		}
		s = append(s, byte(c))
	}
	return string(s)
}

func statFS(path string) (Volume, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return Volume{}, fmt.Errorf("filesystem of %s: %w", path, err)
	}
	return volumeOf(&st), nil
}
