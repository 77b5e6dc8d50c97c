package backup

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// mountDrive mounts a tmpfs at a new folder (a stand-in USB drive) and
// returns the folder and a function that pulls the drive out: a lazy
// unmount, after which the folder's path leads to the empty mount point
// while files already open stay open, as when a drive is removed and the
// desktop unmounts it. Needs root; skips otherwise.
func mountDrive(t *testing.T) (dir string, pull func()) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	dir = t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("mount tmpfs: %v %s", err, out)
	}
	var once sync.Once
	pull = func() {
		once.Do(func() {
			if out, err := exec.Command("umount", "-l", dir).CombinedOutput(); err != nil {
				t.Errorf("umount -l: %v %s", err, out)
			}
		})
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir, pull
}

// The drive is pulled out in each phase of a backup: the error says the
// drive went away (ErrNotFound, which the app words as "is the USB drive
// still plugged in?"), nothing is logged, and the source is untouched and
// still backs up to another folder.
func TestDrivePulledDuringBackup(t *testing.T) {
	for _, c := range []struct {
		phase string
		opts  Options
	}{
		{PhaseCopy, Options{}},
		{PhaseVerify, Options{}},
		{PhaseSplit, Options{FS: "vfat", PartSize: 512 << 10}},
	} {
		t.Run(c.phase, func(t *testing.T) {
			dir := t.TempDir()
			v := newVault(t, filepath.Join(dir, "home"), 3<<20)
			usb, pull := mountDrive(t)
			opts := c.opts
			opts.Progress = func(p Progress) {
				if p.Phase == c.phase {
					pull()
				}
			}
			_, err := Run(context.Background(), v, usb, opts)
			var gone *DriveGoneError
			if !errors.As(err, &gone) || !errors.Is(err, apperr.ErrNotFound) {
				t.Fatalf("drive pulled in %s: %v", c.phase, err)
			}
			t.Logf("error: %v", err)
			if got := names(t, usb); len(got) != 0 {
				t.Fatalf("the mount point holds %v", got)
			}
			noTemp(t, filepath.Join(dir, "home"))
			mustCheck(t, v)
			if logs, _ := v.BackupLogs(); len(logs) != 0 {
				t.Fatalf("logged %+v", logs)
			}
			other := filepath.Join(dir, "other")
			os.Mkdir(other, 0o700)
			if _, err := Run(context.Background(), v, other, Options{}); err != nil {
				t.Fatalf("backup elsewhere afterwards: %v", err)
			}
		})
	}
}

// The drive holding the backup is pulled out while it is restored:
// nothing is restored and the error says the drive went away.
func TestDrivePulledDuringRestore(t *testing.T) {
	dir := t.TempDir()
	v := newVault(t, filepath.Join(dir, "home"), 3<<20)
	usb, pull := mountDrive(t)
	res, err := Run(context.Background(), v, usb, Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "restored", "r"+vault.Extension)
	_, err = Restore(context.Background(), res.Path, out, pass, RestoreOptions{Progress: func(p Progress) {
		if p.Phase == PhaseJoin && p.Done > 0 {
			pull()
		}
	}})
	// The copy may finish from the file already open; then the restore
	// completes from what was read, which is the whole backup, checked.
	var gone *DriveGoneError
	switch {
	case err == nil:
		if _, serr := os.Stat(out); serr != nil {
			t.Fatalf("restore reported success without a file: %v", serr)
		}
		t.Log("the open file was read to its end before the pull took effect")
	case errors.As(err, &gone) && errors.Is(err, apperr.ErrNotFound):
		t.Logf("error: %v", err)
		if got := names(t, filepath.Dir(out)); len(got) != 0 {
			t.Fatalf("left %v", got)
		}
	default:
		t.Fatalf("drive pulled during the restore: %v", err)
	}
}

// goneOr names a drive that went away: its folder removed or replaced, or
// an input/output error (a drive pulled out before the system unmounted
// it: the folder is still there, every read and write fails with EIO).
// Other errors and a cancel pass through as they are.
func TestGoneOr(t *testing.T) {
	dir := t.TempDir()
	usb := filepath.Join(dir, "usb")
	if err := os.Mkdir(usb, 0o700); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(usb)
	removed := filepath.Join(dir, "removed")
	os.Mkdir(removed, 0o700)
	rfi, _ := os.Stat(removed)
	os.Remove(removed)
	plain := errors.New("some other failure")
	eio := &os.PathError{Op: "write", Path: filepath.Join(usb, "x.tmp"), Err: syscall.EIO}
	for _, c := range []struct {
		name   string
		dir    string
		fi     os.FileInfo
		err    error
		gone   bool
		phrase string
	}{
		{"nil", usb, fi, nil, false, ""},
		{"other error, folder there", usb, fi, plain, false, "some other failure"},
		{"cancelled", removed, rfi, context.Canceled, false, "canceled"},
		{"input/output error, folder there", usb, fi, eio, true, "stopped answering (was the drive removed?)"},
		{"folder gone", removed, rfi, plain, true, "is gone (was the drive removed?)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := goneOr(c.dir, c.fi, c.err)
			var g *DriveGoneError
			if errors.As(err, &g) != c.gone {
				t.Fatalf("goneOr(%v) = %v, drive gone: %v", c.err, err, !c.gone)
			}
			if c.gone && !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%v is not ErrNotFound (the app's \"is the USB drive still plugged in?\")", err)
			}
			if c.err == nil && err != nil || c.err != nil && !strings.Contains(err.Error(), c.phrase) {
				t.Errorf("goneOr(%v) = %v, want it to say %q", c.err, err, c.phrase)
			}
		})
	}
}
