package bundle

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrNotBag means the path is not a bag: no bagit.txt and no
// manifest-sha256.txt at its top.
var ErrNotBag = errors.New("not a BagIt bag")

// ErrBadZip means a zip was refused before anything in it was trusted:
// unreadable, a name that could escape a folder, a duplicate name, a
// symbolic link or an impossible size.
var ErrBadZip = errors.New("zip refused")

// Limits for zips. Deflate cannot shrink data more than 1032:1, so an entry
// claiming more is lying about its size.
const (
	maxZipEntries   = 1 << 20
	maxEntryBytes   = 1 << 42 // 4 TiB
	maxDeflateRatio = 1032
)

// srcFile is one regular file of a bag.
type srcFile struct {
	path string // bag-relative, '/'-separated
	size int64
	// bad is set for something that is not a regular file (symbolic link,
	// device) in a folder bag; it is reported, never opened.
	bad string
}

// source is a bag as a list of files, from a folder or a zip.
type source interface {
	kind() string
	files() []srcFile
	open(f srcFile) (io.ReadCloser, error)
	close() error
}

// openSource opens a folder or a zip.
func openSource(p string) (source, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("open bundle: %w", err)
	}
	if fi.IsDir() {
		return openDir(p)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("open bundle: %w", err)
	}
	src, err := openZip(f, fi.Size())
	if err != nil {
		f.Close()
		return nil, err
	}
	return src, nil
}

type dirSource struct {
	root string
	list []srcFile
}

func openDir(root string) (*dirSource, error) {
	s := &dirSource{root: root}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == root {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch t := d.Type(); {
		case t.IsDir():
			return nil
		case t.IsRegular():
			fi, err := d.Info()
			if err != nil {
				return err
			}
			s.list = append(s.list, srcFile{path: rel, size: fi.Size()})
		case t&fs.ModeSymlink != 0:
			s.list = append(s.list, srcFile{path: rel, bad: "symbolic link"})
		default:
			s.list = append(s.list, srcFile{path: rel, bad: "not a regular file"})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read bundle folder: %w", err)
	}
	if !hasBagTop(s.list, "") {
		return nil, fmt.Errorf("%s: %w", root, ErrNotBag)
	}
	return s, nil
}

func (s *dirSource) kind() string     { return "folder" }
func (s *dirSource) files() []srcFile { return s.list }
func (s *dirSource) close() error     { return nil }
func (s *dirSource) open(f srcFile) (io.ReadCloser, error) {
	if f.bad != "" {
		return nil, errors.New(f.bad)
	}
	// Only names found by walking the folder get here, never names read
	// from the bag's own files.
	return os.Open(filepath.Join(s.root, filepath.FromSlash(f.path)))
}

func hasBagTop(list []srcFile, prefix string) bool {
	for _, f := range list {
		if f.path == prefix+bagitTxt || f.path == prefix+manifestTxt {
			return true
		}
	}
	return false
}

type zipSource struct {
	f      io.Closer
	byPath map[string]*zip.File
	list   []srcFile
}

// openZip reads a zip's directory and refuses it unless every name is safe
// and unique and every entry a plain file of plausible size. Nothing is
// extracted; entries are read by streaming.
func openZip(ra io.ReaderAt, size int64) (*zipSource, error) {
	zr, err := zip.NewReader(ra, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("%w: %v", ErrBadZip, err)
	}
	if zr == nil {
		return nil, fmt.Errorf("%w: unreadable", ErrBadZip)
	}
	if len(zr.File) > maxZipEntries {
		return nil, fmt.Errorf("%w: %d entries", ErrBadZip, len(zr.File))
	}
	seen := map[string]bool{}
	type entry struct {
		name string
		f    *zip.File
	}
	var entries []entry
	for _, f := range zr.File {
		name := f.Name
		if strings.HasPrefix(name, "__MACOSX/") {
			continue // macOS's resource forks; never part of a bag
		}
		isDir := strings.HasSuffix(name, "/")
		clean := strings.TrimSuffix(name, "/")
		if err := checkZipName(clean); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrBadZip, err)
		}
		low := strings.ToLower(clean)
		if seen[low] {
			return nil, fmt.Errorf("%w: %q appears twice", ErrBadZip, clean)
		}
		seen[low] = true
		mode := f.Mode()
		switch {
		case mode&fs.ModeSymlink != 0:
			return nil, fmt.Errorf("%w: %q is a symbolic link", ErrBadZip, clean)
		case isDir || mode.IsDir():
			if f.UncompressedSize64 != 0 {
				return nil, fmt.Errorf("%w: folder %q has content", ErrBadZip, clean)
			}
			continue
		case !mode.IsRegular():
			return nil, fmt.Errorf("%w: %q is not a regular file", ErrBadZip, clean)
		}
		if f.UncompressedSize64 > maxEntryBytes {
			return nil, fmt.Errorf("%w: %q claims %d bytes", ErrBadZip, clean, f.UncompressedSize64)
		}
		switch f.Method {
		case zip.Store:
			if f.UncompressedSize64 != f.CompressedSize64 {
				return nil, fmt.Errorf("%w: stored entry %q has two sizes", ErrBadZip, clean)
			}
		case zip.Deflate:
			if f.UncompressedSize64 > maxDeflateRatio*f.CompressedSize64+1024 {
				return nil, fmt.Errorf("%w: %q claims an impossible compression ratio", ErrBadZip, clean)
			}
		default:
			return nil, fmt.Errorf("%w: %q uses compression method %d", ErrBadZip, clean, f.Method)
		}
		entries = append(entries, entry{clean, f})
	}
	// A bag at the zip's root, or under one top folder (how Kiroku writes it).
	prefix := ""
	probe := make([]srcFile, 0, len(entries))
	for _, e := range entries {
		probe = append(probe, srcFile{path: e.name})
	}
	if !hasBagTop(probe, "") {
		top := ""
		for _, e := range entries {
			first, _, _ := strings.Cut(e.name, "/")
			if top == "" {
				top = first
			} else if first != top {
				top = ""
				break
			}
		}
		if top == "" || !hasBagTop(probe, top+"/") {
			return nil, fmt.Errorf("zip: %w", ErrNotBag)
		}
		prefix = top + "/"
	}
	s := &zipSource{byPath: map[string]*zip.File{}}
	if c, ok := ra.(io.Closer); ok {
		s.f = c
	}
	for _, e := range entries {
		rel := strings.TrimPrefix(e.name, prefix)
		s.byPath[rel] = e.f
		s.list = append(s.list, srcFile{path: rel, size: int64(e.f.UncompressedSize64)})
	}
	return s, nil
}

// checkZipName refuses names that would escape the folder a zip is
// extracted into, on any system: "..", absolute paths, backslashes and
// drive letters, besides what checkPath refuses.
func checkZipName(name string) error {
	if len(name) >= 2 && name[1] == ':' {
		return fmt.Errorf("%q has a drive letter", name)
	}
	if err := checkPath(name); err != nil {
		return err
	}
	return nil
}

func (s *zipSource) kind() string     { return "zip" }
func (s *zipSource) files() []srcFile { return s.list }
func (s *zipSource) close() error {
	if s.f != nil {
		return s.f.Close()
	}
	return nil
}
func (s *zipSource) open(f srcFile) (io.ReadCloser, error) {
	zf, ok := s.byPath[f.path]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return zf.Open()
}
