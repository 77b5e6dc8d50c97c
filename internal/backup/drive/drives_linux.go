package drive

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// mount is one line of /proc/self/mountinfo.
type mount struct {
	point, fs, source string
}

// parseMountinfo reads the format of proc(5): the mount point is field 5,
// and after the " - " separator come the filesystem type and the source.
func parseMountinfo(r io.Reader) []mount {
	var out []mount
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		pre, post, ok := strings.Cut(sc.Text(), " - ")
		if !ok {
			continue
		}
		f, g := strings.Fields(pre), strings.Fields(post)
		if len(f) < 5 || len(g) < 2 {
			continue
		}
		out = append(out, mount{point: unescapeMount(f[4]), fs: g[0], source: unescapeMount(g[1])})
	}
	return out
}

// unescapeMount undoes the octal escapes (\040 for a space) of mountinfo.
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// pseudo filesystems never hold a backup.
var pseudoFS = map[string]bool{"proc": true, "sysfs": true, "devtmpfs": true, "devpts": true, "tmpfs": true,
	"cgroup": true, "cgroup2": true, "securityfs": true, "debugfs": true, "tracefs": true, "mqueue": true,
	"hugetlbfs": true, "pstore": true, "bpf": true, "autofs": true, "configfs": true, "fusectl": true,
	"binfmt_misc": true, "overlay": true, "squashfs": true, "nsfs": true, "efivarfs": true, "ramfs": true}

// removableDev reports whether the block device (/dev/sdb1) is marked
// removable in sysfs, itself or through its parent disk.
func removableDev(sys, dev string) bool {
	if !strings.HasPrefix(dev, "/dev/") {
		return false
	}
	if p, err := filepath.EvalSymlinks(dev); err == nil {
		dev = p
	}
	link := filepath.Join(sys, "class", "block", filepath.Base(dev))
	dir, err := filepath.EvalSymlinks(link)
	if err != nil {
		return false
	}
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if b, err := os.ReadFile(filepath.Join(d, "removable")); err == nil {
			return strings.TrimSpace(string(b)) == "1"
		}
	}
	return false
}

// drivesFrom picks the mounts that are removable drives.
func drivesFrom(ms []mount, removable func(dev string) bool) []Drive {
	var out []Drive
	seen := map[string]bool{}
	for _, m := range ms {
		if pseudoFS[m.fs] || seen[m.point] {
			continue
		}
		under := strings.HasPrefix(m.point, "/media/") || strings.HasPrefix(m.point, "/run/media/")
		rem := removable(m.source)
		if !under && !rem {
			continue
		}
		seen[m.point] = true
		out = append(out, Drive{Path: m.point, Device: m.source, Volume: Volume{FS: m.fs}, Removable: rem || under})
	}
	return out
}

func drives() ([]Drive, error) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil, fmt.Errorf("list drives: %w", err)
	}
	defer f.Close()
	ds := drivesFrom(parseMountinfo(f), func(dev string) bool { return removableDev("/sys", dev) })
	out := ds[:0]
	for _, d := range ds {
		vol, err := statFS(d.Path)
		if err != nil {
			continue // unmounted meanwhile, or not ours to read
		}
		d.Free, d.Total = vol.Free, vol.Total
		out = append(out, d)
	}
	return out, nil
}

// fsMagic names the statfs types of filesystems mountinfo may not show.
var fsMagic = map[int64]string{0x4d44: "vfat", 0x2011BAB0: "exfat", 0x5346544e: "ntfs", 0xEF53: "ext4",
	0x01021994: "tmpfs", 0x9123683E: "btrfs", 0x58465342: "xfs", 0x65735546: "fuseblk", 0xF2F52010: "f2fs",
	0x482b: "hfsplus", 0x9660: "iso9660", 0x15013346: "udf", 0x6969: "nfs"}

func statFS(path string) (Volume, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return Volume{}, fmt.Errorf("filesystem of %s: %w", path, err)
	}
	v := Volume{Free: int64(st.Bavail) * int64(st.Bsize), Total: int64(st.Blocks) * int64(st.Bsize)}
	// The mount that holds path names the type as mount(8) does.
	if abs, err := filepath.Abs(path); err == nil {
		if p, err := filepath.EvalSymlinks(abs); err == nil {
			abs = p
		}
		if f, err := os.Open("/proc/self/mountinfo"); err == nil {
			best := -1
			for _, m := range parseMountinfo(f) {
				if within(abs, m.point) && len(m.point) >= best {
					best, v.FS = len(m.point), m.fs
				}
			}
			f.Close()
		}
	}
	if v.FS == "" {
		v.FS = fsMagic[int64(st.Type)]
	}
	if v.FS == "" {
		v.FS = fmt.Sprintf("0x%x", st.Type)
	}
	return v, nil
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	if dir == "/" {
		return true
	}
	return path == dir || strings.HasPrefix(path, dir+"/")
}
