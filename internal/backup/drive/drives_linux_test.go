package drive

import (
	"os"
	"strings"
	"testing"
)

const mountinfo = `22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
90 27 8:17 / /media/aiko/KIROKU\040USB rw,nosuid,nodev,relatime shared:1 - vfat /dev/sdb1 rw,fmask=0022
91 27 8:33 / /run/media/aiko/BIG rw,relatime - exfat /dev/sdc1 rw
92 27 8:49 / /mnt/card rw,relatime - vfat /dev/mmcblk0p1 rw
93 27 0:50 / /media/aiko/net rw,relatime - tmpfs tmpfs rw
`

func TestDrivesFromMountinfo(t *testing.T) {
	ms := parseMountinfo(strings.NewReader(mountinfo))
	if len(ms) != 7 || ms[3].point != "/media/aiko/KIROKU USB" || ms[3].fs != "vfat" || ms[3].source != "/dev/sdb1" {
		t.Fatalf("parsed %+v", ms)
	}
	removable := func(dev string) bool { return dev == "/dev/mmcblk0p1" }
	ds := drivesFrom(ms, removable)
	var got []string
	for _, d := range ds {
		got = append(got, d.Path+"|"+d.FS)
	}
	want := "/media/aiko/KIROKU USB|vfat /run/media/aiko/BIG|exfat /mnt/card|vfat"
	if strings.Join(got, " ") != want {
		t.Fatalf("drives %q, want %q", strings.Join(got, " "), want)
	}
	if !ds[0].FAT() || ds[1].FAT() {
		t.Fatal("FAT detection")
	}
}

func TestStatFS(t *testing.T) {
	v, err := StatFS(t.TempDir())
	if err != nil || v.FS == "" || v.Total <= 0 || v.Free < 0 || v.Free > v.Total {
		t.Fatalf("%+v %v", v, err)
	}
	if _, err := StatFS("/no/such/folder"); err == nil {
		t.Fatal("a missing folder has a filesystem")
	}
	if _, err := os.Stat("/proc/self/mountinfo"); err == nil {
		if _, err := Drives(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestUnescapeMount(t *testing.T) {
	for in, want := range map[string]string{`a\040b`: "a b", `tab\011x`: "tab\tx", `end\04`: `end\04`, `\134`: `\`, "plain": "plain"} {
		if got := unescapeMount(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
