#!/bin/sh
# make package: a desktop package of kiroku made by `fyne package` from the
# top-level FyneApp.toml.
#
#   scripts/package.sh                      release build from source (slow: rebuilds with -tags release)
#   scripts/package.sh --executable BIN     package an already built binary (what make test checks)
#
# fyne reads FyneApp.toml, and the icon path in it, relative to the main
# package's folder, and bumps its Build number. So cmd/kiroku gets a copy of
# the top-level FyneApp.toml and a link to assets/ for the duration; the
# top-level file stays the single source and is never rewritten.
set -eu
cd "$(dirname "$0")/.."
root=$PWD
GO=${GO:-go}
FYNE_VERSION=v2.7.1 # the fyne CLI of the Fyne version in go.mod
os=${PACKAGE_OS:-$($GO env GOOS)}
out=${PACKAGE_OUT:-dist}
exe=""
if [ "${1:-}" = "--executable" ]; then
	exe=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
fi
mkdir -p bin/tools "$out"
out=$(cd "$out" && pwd)

fyne=$root/bin/tools/fyne-$FYNE_VERSION
if [ ! -x "$fyne" ]; then
	echo "building the fyne CLI $FYNE_VERSION (fyne.io/fyne/v2/cmd/fyne) into bin/tools" >&2
	t=$(mktemp -d)
	printf 'module fynetool\n\ngo 1.26.0\n' >"$t/go.mod"
	(cd "$t" && $GO get -tool "fyne.io/fyne/v2/cmd/fyne@$FYNE_VERSION" >/dev/null 2>&1 &&
		$GO build -o "$fyne" fyne.io/fyne/v2/cmd/fyne)
	rm -rf "$t"
fi

src=cmd/kiroku
cleanup() { rm -f "$src/FyneApp.toml" "$src/assets" "$src/fyne_metadata_init.go" "$src/fyne.syso"; }
trap 'cleanup' EXIT INT TERM
cleanup
cp FyneApp.toml "$src/FyneApp.toml"
ln -s ../../assets "$src/assets"
if [ -n "$exe" ]; then
	(cd "$src" && "$fyne" package --os "$os" --executable "$exe" --name Kiroku >/dev/null)
else
	(cd "$src" && "$fyne" package --os "$os" --release >/dev/null)
fi
# macOS lets an app use the microphone only if its Info.plist says why;
# fyne's template has no such key, so it is added here.
if [ -d "$src/Kiroku.app" ]; then
	plist="$src/Kiroku.app/Contents/Info.plist"
	if ! grep -q NSMicrophoneUsageDescription "$plist"; then
		sed -i.bak 's#^</dict>#	<key>NSMicrophoneUsageDescription</key>\
	<string>Kiroku records audio notes and conversations you take part in, into your encrypted vault only.</string>\
</dict>#' "$plist" && rm -f "$plist.bak"
	fi
	grep -q NSMicrophoneUsageDescription "$plist" || { echo "could not add NSMicrophoneUsageDescription" >&2; exit 1; }
fi
for f in "$src"/Kiroku*; do
	[ -e "$f" ] || continue
	rm -rf "$out/$(basename "$f")"
	mv "$f" "$out/"
	echo "$out/$(basename "$f")"
done
