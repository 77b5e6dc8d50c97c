#!/bin/sh
# make dist: the release artefacts, in dist/, with SHA256SUMS.
#
#   On Linux:  kiroku-VERSION-windows-amd64-setup.exe   per-user NSIS installer
#              kiroku-VERSION-windows-amd64-portable.zip the USB-stick copy (internal/portable)
#              kiroku_DEBVERSION_amd64.deb               Debian/Ubuntu package
#              kiroku-VERSION-linux-amd64.tar.gz         the same binaries, any distribution
#   On macOS:  kiroku-VERSION-macos-ARCH.dmg             Kiroku.app (signed if KIROKU_CODESIGN_ID is set)
#              kiroku-VERSION-macos-ARCH.tar.gz          the command-line tools
#
# VERSION is the git tag (v1.2.3, or v1.2.3-4-gabcdef012345 after it;
# v0.0.0-N-gHASH before the first tag; "-dirty" for a modified tree). It is
# stamped into every binary (kirokuctl version, the app's About).
#
# Reproducible: -trimpath, no build id, no dates (file times in the
# archives are the commit's time), so the same commit gives the same
# binaries on any machine with the same Go and C compilers
# (scripts/dist-test.sh repro proves it for Linux and Windows).
#
#   scripts/dist.sh --version   prints VERSION, the Windows VERSION4 and DEBVERSION
#
# Keep the macOS path free of Linux-only tools (GNU tar/sed options,
# dpkg, wine): it runs on a Mac.
set -eu
cd "$(dirname "$0")/.."
root=$PWD
GO=${GO:-go}
out=${DIST_OUT:-dist}
stage=${DIST_STAGE:-build/dist}
export CGO_ENABLED=1

# --- version -----------------------------------------------------------------
version() {
	v=$(git describe --tags --match 'v[0-9]*' --dirty --abbrev=12 2>/dev/null) && { echo "$v"; return; }
	n=$(git rev-list --count HEAD 2>/dev/null || echo 0)
	h=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
	d=""
	git diff --quiet HEAD 2>/dev/null || d="-dirty" # as describe --dirty: tracked files only
	echo "v0.0.0-$n-g$h$d"
}
VERSION=${VERSION:-$(version)}
# 1.2.3-4-gabc-dirty -> base 1.2.3, count 4, rest gabc-dirty
base=$(echo "$VERSION" | sed 's/^v//; s/-.*//')
count=$(echo "$VERSION" | sed -n 's/^v[0-9.]*-\([0-9][0-9]*\)-g.*/\1/p')
count=${count:-0}
case "$base" in *.*.*) ;; *) base=0.0.0 ;; esac
# Windows wants four numbers below 65536; Debian wants digits first.
VERSION4="$base.$((count % 65536))"
DEBVERSION=$(echo "$VERSION" | sed 's/^v//; s/-\([0-9][0-9]*\)-g/+\1.g/; s/-dirty$/.dirty/; s/-/./g')
if [ "${1:-}" = --version ]; then
	echo "$VERSION $VERSION4 $DEBVERSION"
	exit 0
fi
# The commit's time: every file time in the archives (no "now").
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
export SOURCE_DATE_EPOCH

LDX="-X github.com/kiroku-app/kiroku/internal/version.stamp=$VERSION"
# -s -w: no symbol tables (smaller; panics still print Go stack traces).
# -buildid= and -trimpath: no per-machine ids or paths.
# -buildvcs=false: the commit is in VERSION already; machines differ in
# whether they stamp it (GOFLAGS), and a release must not.
GOFLAGS_REL="-trimpath -buildvcs=false -tags release"

step() { printf '\n== %s\n' "$*" >&2; }

sha256() {
	if command -v sha256sum >/dev/null 2>&1; then sha256sum "$@"; else shasum -a 256 "$@"; fi
}

# build GOOS DIR [extra ldflags for kiroku]: the three binaries.
build() {
	goos=$1 dir=$2 guiflags=${3:-}
	mkdir -p "$dir"
	ext=""
	[ "$goos" = windows ] && ext=.exe
	# shellcheck disable=SC2086
	GOOS=$goos GOARCH=${GOARCH:-amd64} $GO build $GOFLAGS_REL -ldflags "-s -w -buildid= $LDX $guiflags" -o "$dir/kiroku$ext" ./cmd/kiroku
	# shellcheck disable=SC2086
	GOOS=$goos GOARCH=${GOARCH:-amd64} $GO build $GOFLAGS_REL -ldflags "-s -w -buildid= $LDX" -o "$dir/kirokuctl$ext" ./cmd/kirokuctl
	# The verifier needs no C compiler (a lawyer's machine).
	# shellcheck disable=SC2086
	GOOS=$goos GOARCH=${GOARCH:-amd64} CGO_ENABLED=0 $GO build $GOFLAGS_REL -ldflags "-s -w -buildid= $LDX" -o "$dir/kiroku-verify$ext" ./cmd/kiroku-verify
}

# docs DIR: what ships beside the binaries in every artefact.
docs() {
	cp LICENSE "$1/LICENSE.txt"
	cp assets/THIRD_PARTY_NOTICES.txt "$1/THIRD_PARTY_NOTICES.txt"
	sed "s/@VERSION@/$VERSION/" packaging/README-release.txt >"$1/README.txt"
}

# --- Windows -------------------------------------------------------------------
# Icon, version information and manifest go in as a .syso beside each main
# package, made by mingw-w64's windres (Debian's binutils-mingw-w64, already
# needed for cgo): a packaged tool, no Go module added to the build.
winres() { # NAME DESCRIPTION
	name=$1 desc=$2 w=$stage/winres
	mkdir -p "$w"
	cat >"$w/$name.rc" <<RC
1 ICON "kiroku.ico"
1 24 "kiroku.manifest"
1 VERSIONINFO
FILEVERSION $(echo "$VERSION4" | tr . ,)
PRODUCTVERSION $(echo "$VERSION4" | tr . ,)
FILEOS 0x40004
FILETYPE 0x1
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904b0"
    BEGIN
      VALUE "CompanyName", "Kiroku contributors"
      VALUE "FileDescription", "$desc"
      VALUE "FileVersion", "$VERSION"
      VALUE "InternalName", "$name"
      VALUE "LegalCopyright", "GPL-3.0-or-later"
      VALUE "OriginalFilename", "$name.exe"
      VALUE "ProductName", "Kiroku"
      VALUE "ProductVersion", "$VERSION"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
RC
	cp packaging/windows/kiroku.manifest "$w/"
	(cd "$w" && x86_64-w64-mingw32-windres -O coff -o "$name.syso" "$name.rc")
	cp "$w/$name.syso" "cmd/$name/zz_winres_windows_amd64.syso"
}

windows() {
	d=$stage/windows-amd64
	rm -rf "$d" "$stage/winres"
	mkdir -p "$d" "$stage/winres"
	$GO run ./scripts/winicon assets/icon.png "$stage/winres/kiroku.ico"
	trap 'rm -f cmd/kiroku/zz_winres_windows_amd64.syso cmd/kirokuctl/zz_winres_windows_amd64.syso cmd/kiroku-verify/zz_winres_windows_amd64.syso' EXIT INT TERM
	winres kiroku "Kiroku"
	winres kirokuctl "Kiroku command line"
	winres kiroku-verify "Kiroku bundle verifier"
	step "windows/amd64 binaries ($VERSION)"
	# -H windowsgui: the app opens no console window. ld stamps no time
	# into the PE header (--no-insert-timestamp), for reproducibility.
	CC=${CC_WINDOWS:-x86_64-w64-mingw32-gcc}
	export CC
	build windows "$d" "-H windowsgui -extldflags=-Wl,--no-insert-timestamp"
	unset CC
	rm -f cmd/*/zz_winres_windows_amd64.syso
	cp "$stage/winres/kiroku.ico" "$d/"
	docs "$d"

	step "portable zip"
	p=$stage/portable/Kiroku
	rm -rf "$stage/portable"
	mkdir -p "$p"
	cp "$d/kiroku.exe" "$d/kirokuctl.exe" "$d/kiroku-verify.exe" "$d/LICENSE.txt" "$d/THIRD_PARTY_NOTICES.txt" "$d/README.txt" "$p/"
	cp packaging/portable/kiroku-portable.txt "$p/"
	zipname=kiroku-$VERSION-windows-amd64-portable.zip
	rm -f "$out/$zipname"
	(cd "$stage/portable" && find Kiroku -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} + &&
		find Kiroku -type f | LC_ALL=C sort | TZ=UTC zip -X -q -D "$root/$out/$zipname" -@)
	echo "$out/$zipname"

	step "NSIS installer"
	setup=kiroku-$VERSION-windows-amd64-setup.exe
	makensis -V2 -INPUTCHARSET UTF8 "-DVERSION=$VERSION" "-DVERSION4=$VERSION4" "-DSRC=$root/$d" \
		"-DOUTFILE=$root/$out/$setup" packaging/windows/kiroku.nsi >&2
	echo "$out/$setup"
}

# --- Linux -----------------------------------------------------------------------
linux() {
	d=$stage/linux-amd64
	rm -rf "$d"
	step "linux/amd64 binaries ($VERSION)"
	build linux "$d"
	docs "$d"

	step "tarball"
	t=$stage/tar/kiroku-$VERSION-linux-amd64
	rm -rf "$stage/tar"
	mkdir -p "$t"
	cp "$d"/* "$t/"
	cp packaging/linux/kiroku.desktop "$t/"
	cp assets/icon.png "$t/kiroku.png"
	tgz=kiroku-$VERSION-linux-amd64.tar.gz
	(cd "$stage/tar" && tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
		-cf - "kiroku-$VERSION-linux-amd64") | gzip -9n >"$out/$tgz"
	echo "$out/$tgz"

	step ".deb"
	r=$stage/deb/root
	rm -rf "$stage/deb"
	mkdir -p "$r/DEBIAN" "$r/usr/bin" "$r/usr/share/applications" "$r/usr/share/icons/hicolor/512x512/apps" \
		"$r/usr/share/mime/packages" "$r/usr/share/doc/kiroku"
	cp "$d/kiroku" "$d/kirokuctl" "$d/kiroku-verify" "$r/usr/bin/"
	cp packaging/linux/kiroku.desktop "$r/usr/share/applications/app.kiroku.Kiroku.desktop"
	cp assets/icon.png "$r/usr/share/icons/hicolor/512x512/apps/kiroku.png"
	cp packaging/linux/kiroku-mime.xml "$r/usr/share/mime/packages/kiroku.xml"
	cp "$d/THIRD_PARTY_NOTICES.txt" "$d/README.txt" "$r/usr/share/doc/kiroku/"
	cp LICENSE "$r/usr/share/doc/kiroku/copyright"
	cp packaging/linux/postinst packaging/linux/postrm "$r/DEBIAN/"
	# The libraries the binaries link, as dpkg-shlibdeps finds them on this
	# machine, and the ones loaded at run time (dlopen): GLFW's X11
	# extensions, and an audio system for miniaudio; OpenCORE AMR-NB is
	# recommended (the AMR decoder Kiroku loads when present).
	mkdir -p "$stage/deb/debian"
	printf 'Source: kiroku\n\nPackage: kiroku\nArchitecture: amd64\n' >"$stage/deb/debian/control"
	shl=$(cd "$stage/deb" && dpkg-shlibdeps -O root/usr/bin/kiroku root/usr/bin/kirokuctl 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
	[ -n "$shl" ] || { echo "dpkg-shlibdeps found no dependencies" >&2; exit 1; }
	dlopen="libx11-xcb1, libxcursor1, libxi6, libxinerama1, libxrandr2, libxrender1, libxxf86vm1, libgl1-mesa-dri, libpulse0 | libasound2"
	size=$(du -sk "$r/usr" | cut -f1)
	cat >"$r/DEBIAN/control" <<CTRL
Package: kiroku
Version: $DEBVERSION
Architecture: amd64
Maintainer: Kiroku contributors <kiroku@users.noreply.github.com>
Installed-Size: $size
Depends: $shl, $dlopen
Recommends: xdg-utils, libopencore-amrnb0
Section: utils
Priority: optional
Homepage: https://github.com/kiroku-app/kiroku
Description: private, encrypted, tamper-evident diary for harassment at work
 Kiroku keeps a record of incidents at work (when, where, who, the exact
 words, witnesses, recordings) in one encrypted file, shows if anyone
 changed it, and exports evidence bundles a lawyer can check with standard
 tools. English and Japanese. Includes kirokuctl (command line) and
 kiroku-verify (bundle verifier).
CTRL
	(cd "$r" && find usr -type f | LC_ALL=C sort | xargs md5sum >DEBIAN/md5sums)
	find "$r" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
	chmod -R u=rwX,go=rX "$r"
	chmod 755 "$r"/usr/bin/* "$r/DEBIAN/postinst" "$r/DEBIAN/postrm"
	deb=kiroku_${DEBVERSION}_amd64.deb
	dpkg-deb --root-owner-group -Zxz --build "$r" "$out/$deb" >/dev/null
	echo "$out/$deb"
}

# --- macOS ------------------------------------------------------------------------
macos() {
	arch=${GOARCH:-$(uname -m)}
	[ "$arch" = x86_64 ] && arch=amd64
	d=$stage/darwin-$arch
	rm -rf "$d"
	step "darwin/$arch binaries ($VERSION)"
	GOARCH=$arch
	export GOARCH
	build darwin "$d"
	docs "$d"
	step "Kiroku.app"
	PACKAGE_OS=darwin PACKAGE_OUT="$d/app" scripts/package.sh --executable "$d/kiroku" >&2
	if [ -n "${KIROKU_CODESIGN_ID:-}" ]; then
		codesign --force --deep --options runtime --timestamp --sign "$KIROKU_CODESIGN_ID" "$d/app/Kiroku.app"
	fi
	cp "$d/LICENSE.txt" "$d/THIRD_PARTY_NOTICES.txt" "$d/README.txt" "$d/app/"
	dmg=kiroku-$VERSION-macos-$arch.dmg
	rm -f "$out/$dmg"
	hdiutil create -quiet -volname Kiroku -srcfolder "$d/app" -format UDZO "$out/$dmg"
	echo "$out/$dmg"
	tgz=kiroku-$VERSION-macos-$arch.tar.gz
	(cd "$d" && tar -cf - kirokuctl kiroku-verify LICENSE.txt THIRD_PARTY_NOTICES.txt README.txt) | gzip -9n >"$out/$tgz"
	echo "$out/$tgz"
}

mkdir -p "$out" "$stage"
# Only this build's artefacts in dist/ (SHA256SUMS lists them all).
rm -f "$out"/kiroku* "$out/SHA256SUMS"
case "$(uname -s)" in
Linux)
	targets=${DIST_TARGETS:-windows linux}
	for t in $targets; do $t; done ;;
Darwin) macos ;;
*) echo "make dist runs on Linux (Windows and Linux artefacts) or macOS (the .dmg)" >&2; exit 1 ;;
esac

step "SHA256SUMS"
(cd "$out" && for f in kiroku*; do [ -f "$f" ] && sha256 "$f"; done >SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS && cat SHA256SUMS)
