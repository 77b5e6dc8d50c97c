#!/bin/sh
# Installs the system packages Kiroku needs, or says exactly what to install.
#   scripts/deps.sh build   what `make run` needs (C compiler, X11/GL headers)
#   scripts/deps.sh test    plus what `make test` needs (Xvfb, PulseAudio,
#                           espeak-ng, sox, openssl, poppler, mingw-w64, fonts,
#                           unicode-data (the bidi conformance files),
#                           dbus-daemon for the sleep watcher's private bus,
#                           LibreOffice (writer, calc) to open the Word and Excel filings,
#                           ffmpeg and sox's AMR format to make phone-recording test files,
#                           libopencore-amrnb0: the AMR-NB decoder Kiroku loads when present)
#   scripts/deps.sh bench   plus the tools `make bench` compares against
#   scripts/deps.sh dist    what `make dist` and `make dist-test` need: mingw-w64
#                           (cgo and windres for Windows), NSIS (the installer),
#                           zip, and for the tests Wine (64-bit), debootstrap,
#                           Xvfb and ImageMagick
# On Debian/Ubuntu it uses apt-get when run as root or with passwordless sudo.
set -eu
mode=${1:-build}

build_pkgs="gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev"
test_pkgs="$build_pkgs xvfb xdotool imagemagick libgl1-mesa-dri x11-utils pulseaudio pulseaudio-utils espeak-ng sox openssl poppler-utils gcc-mingw-w64-x86-64 fonts-ipaexfont-gothic sqlite3 age zip unzip perl bsdutils dosfstools dbus-daemon unicode-data libreoffice-writer-nogui libreoffice-calc-nogui ffmpeg libsox-fmt-all libopencore-amrnb0"
bench_pkgs="$test_pkgs sqlcipher hyperfine time"
dist_pkgs="$build_pkgs dpkg-dev gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 nsis zip unzip wine wine64 debootstrap xvfb xdotool imagemagick libgl1-mesa-dri x11-utils"

case "$mode" in
build) want=$build_pkgs ;;
test) want=$test_pkgs ;;
bench) want=$bench_pkgs ;;
dist) want=$dist_pkgs ;;
*) echo "usage: $0 build|test|bench|dist" >&2; exit 2 ;;
esac

os=$(uname -s)
case "$os" in
Darwin)
	command -v cc >/dev/null 2>&1 || { echo "Install the Xcode command line tools: xcode-select --install" >&2; exit 1; }
	if [ "$mode" = dist ]; then
		exit 0 # make dist on a Mac: the C compiler, hdiutil and codesign come with the system
	fi
	if [ "$mode" != build ]; then
		echo "macOS: for the full test suite install: brew install pulseaudio espeak-ng sox openssl poppler sqlcipher hyperfine (Xvfb-based GUI tests run on Linux only)." >&2
	fi
	exit 0 ;;
MINGW* | MSYS* | CYGWIN* | Windows_NT)
	command -v gcc >/dev/null 2>&1 || { echo "Windows: install a C compiler for cgo, e.g. MSYS2 with: pacman -S mingw-w64-x86_64-gcc (and add it to PATH)." >&2; exit 1; }
	exit 0 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "This is not a Debian/Ubuntu system. Install the equivalents of: $want" >&2
	exit 0
fi

missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo"
else
	echo "Kiroku needs these system packages:$missing" >&2
	echo "Install them with:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "Installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >&2
