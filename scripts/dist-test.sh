#!/bin/sh
# make dist-test: the release artefacts of `make dist`, tested for real.
# Slow (minutes to tens of minutes), so not part of `make test`.
#
#   scripts/dist-test.sh [wine] [portable] [debian] [repro]   (default: all)
#
#   wine      the NSIS installer installs silently (/S) into a fresh
#             WINEPREFIX (Debian's wine64); the installed kirokuctl.exe runs
#             init, add (Japanese), list, export and verify, and the bundle
#             passes sha256sum -c on Linux; the installed kiroku.exe draws its
#             first screen on Xvfb (screenshot); the .kiroku association is in
#             HKCU; the uninstaller removes it all again.
#   portable  the portable zip, unpacked into a folder whose parent is
#             read-only, runs kirokuctl.exe (default vault) and kiroku.exe
#             (unlocked through the GUI); its data folder gets the vault and
#             Fyne's preferences, and nothing else in the WINEPREFIX (files,
#             registry) or in the Linux home changes.
#   debian    a clean Debian bookworm (debootstrap --variant=minbase) gets the
#             .deb with `apt install ./kiroku_*.deb`; kirokuctl version and a
#             kirokuctl session run there, and the app draws under Xvfb.
#   repro     two clean clones in different folders, one with an empty Go
#             build cache, build the same Linux and Windows binaries and
#             artefacts byte for byte.
#
# Screenshots go to build/dist-test/*.png (look at them; the committed ones
# are in docs/screenshots/). Needs root for debian (chroot) and for making a
# folder read-only (chattr +i).
set -eu
cd "$(dirname "$0")/.."
root=$PWD
GO=${GO:-go}
T=$root/build/dist-test
mkdir -p "$T"
parts=${*:-wine portable debian repro}
P='violet harbour pencil thunder' # a passphrase the strength floor accepts

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# The artefacts of this tree (DIST_TEST_REUSE=1: those already in dist/).
if [ "${DIST_TEST_REUSE:-}" != 1 ]; then
	step "make dist"
	scripts/dist.sh >"$T/dist.log" 2>&1 || { tail -40 "$T/dist.log"; fail "scripts/dist.sh"; }
fi
(cd dist && sha256sum -c --quiet SHA256SUMS) || fail "dist/SHA256SUMS does not match the artefacts"
art() { ls dist/$1 2>/dev/null | head -1; }
setup=$(art 'kiroku-*-windows-amd64-setup.exe')
zip=$(art 'kiroku-*-windows-amd64-portable.zip')
deb=$(art 'kiroku_*_amd64.deb')
VERSION=$(sed -n 's/^[0-9a-f]*  kiroku-\(v.*\)-\(windows\|linux\)-amd64.*/\1/p' dist/SHA256SUMS | head -1)
[ -n "$VERSION" ] || fail "no version in dist/SHA256SUMS"
pass "artefacts of $VERSION: $(cd dist && echo kiroku*)"

# --- helpers -----------------------------------------------------------------
# defer CMD: run at exit, last deferred first.
cleanups=""
defer() {
	cleanups="$1
$cleanups"
}
cleanup() {
	echo "$cleanups" | while IFS= read -r c; do
		[ -z "$c" ] || eval "$c" >/dev/null 2>&1 || true
	done
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# xvfb: start an X server on a free display; sets DISPLAY.
xvfb() {
	n=90
	while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
	Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >"$T/xvfb-$n.log" 2>&1 &
	xpid=$!
	defer "kill $xpid"
	export DISPLAY=":$n"
	i=0
	until xdpyinfo >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "Xvfb :$n did not start"
		sleep 0.1
	done
}

# wait_window NAME: until a window with that title is mapped (up to 3 min:
# a cold Wine start under software GL is slow; not a timing assertion).
wait_window() {
	i=0
	until xdotool search --onlyvisible --name "$1" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 360 ] || fail "no window named $1 appeared"
		sleep 0.5
	done
	xdotool search --onlyvisible --name "$1" | head -1
}

# shot FILE: a screenshot of the whole screen, once the picture has settled
# (two equal shots in a row), refused if it is nearly one colour.
shot() {
	prev=""
	i=0
	while :; do
		sleep 1
		import -window root "$1.new.png"
		cur=$(convert "$1.new.png" rgb:- | sha256sum | cut -c1-64)
		i=$((i + 1))
		[ "$cur" = "$prev" ] && break
		[ $i -lt 60 ] || break
		prev=$cur
	done
	mv "$1.new.png" "$1"
	colours=$(convert "$1" -format %k info:)
	[ "$colours" -gt 30 ] || fail "$1 has $colours colours: nothing drawn"
	echo "screenshot $1 ($colours colours)"
}

# unlock WINDOW: type the passphrase into the unlock screen (its field has
# the focus) and press Enter.
unlock() {
	eval "$(xdotool getwindowgeometry --shell "$1")"
	xdotool mousemove --window "$1" $((WIDTH / 2)) $((HEIGHT / 2))
	xdotool type --delay 30 "$P"
	xdotool key Return
}

# wait_grep PATTERN FILE: until FILE exists and holds PATTERN (up to 2 min).
wait_grep() {
	i=0
	until grep -q "$1" "$2" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 240 ] || return 1
		sleep 0.5
	done
}

# --- Wine ----------------------------------------------------------------------
wineenv() { # DIR: a fresh, isolated WINEPREFIX with the test-only shim
	W=$1
	rm -rf "$W"
	mkdir -p "$W/home"
	export WINEPREFIX="$W/prefix" WINEARCH=win64 WINEDEBUG=-all HOME="$W/home" LANG=C.UTF-8
	# No Mono/Gecko download prompts, no Linux menu entries (winemenubuilder
	# writes .desktop files into the Linux home).
	export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
	defer "WINEPREFIX='$WINEPREFIX' wineserver -k"
	wine wineboot --init >"$W/wineboot.log" 2>&1
	wineserver -w
	# TEST-ONLY: Wine 8.0 lacks bcryptprimitives.dll (ProcessPrng), which
	# Go 1.26's runtime loads at start on Windows 10 and later. The shim is a
	# stand-in for that part of Windows, not for anything of Kiroku's, and
	# is never shipped. See scripts/winetest/bcryptprimitives.c.
	x86_64-w64-mingw32-gcc -shared -O2 -o "$W/bcryptprimitives.dll" \
		scripts/winetest/bcryptprimitives.c scripts/winetest/bcryptprimitives.def -ladvapi32
	cp "$W/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
	WUSER=$(ls "$WINEPREFIX/drive_c/users" | grep -v -x Public | head -1)
	WHOME=$WINEPREFIX/drive_c/users/$WUSER
}

# ctl EXE ARGS...: run a kirokuctl.exe with the passphrase on stdin; output
# in $T/ctl.out, exit code in $rc.
ctl() {
	exe=$1
	shift
	set +e
	printf '%s\n%s\n' "$P" "$P" | wine "$exe" "$@" >"$T/ctl.out" 2>"$T/ctl.err"
	rc=$?
	set -e
	tr -d '\r' <"$T/ctl.out" >"$T/ctl.out.tmp" && mv "$T/ctl.out.tmp" "$T/ctl.out"
}

# session EXE BUNDLE VAULTARGS...: init, add (Japanese), list, export to
# BUNDLE (a Windows path) and verify. VAULTARGS is "--vault PATH" or
# nothing (the default vault).
session() {
	exe=$1
	bundle=$2
	shift 2
	bundleunix=$WINEPREFIX/drive_c/$(printf '%s' "${bundle#C:\\}" | tr '\\' /)
	ctl "$exe" version
	[ $rc = 0 ] && grep -q -- "$VERSION" "$T/ctl.out" || fail "kirokuctl.exe version: $(cat "$T/ctl.out" "$T/ctl.err")"
	pass "kirokuctl.exe version: $(cat "$T/ctl.out")"
	ctl "$exe" init "$@" --passphrase-stdin
	[ $rc = 0 ] || fail "init (exit $rc): $(cat "$T/ctl.err")"
	ctl "$exe" add "$@" --passphrase-stdin --when 2026-10-03T14:30:00+09:00 \
		--text "会議で大声で怒鳴られた。" --quote "お前なんか辞めてしまえ" --person 田中:superior \
		--place "3階会議室" --witness 佐藤 --category power-harassment
	[ $rc = 0 ] || fail "add (exit $rc): $(cat "$T/ctl.err")"
	ctl "$exe" list "$@" --passphrase-stdin --json
	[ $rc = 0 ] || fail "list (exit $rc): $(cat "$T/ctl.err")"
	grep -q 'お前なんか辞めてしまえ' "$T/ctl.out" && grep -q '会議で大声で怒鳴られた' "$T/ctl.out" ||
		fail "list does not give the Japanese text back: $(cat "$T/ctl.out")"
	pass "init, add (Japanese), list"
	ctl "$exe" export "$@" --passphrase-stdin --out "$bundle" --lang both
	[ $rc = 0 ] || fail "export (exit $rc): $(cat "$T/ctl.err")"
	(cd "$bundleunix" && sha256sum -c --quiet manifest-sha256.txt && sha256sum -c --quiet tagmanifest-sha256.txt) ||
		fail "the bundle written under Wine fails sha256sum -c on Linux"
	pass "export: the bundle passes sha256sum -c on Linux"
	ctl "$exe" verify "$bundle"
	# 11: consistent, not anchored (no timestamp authority set).
	[ $rc = 11 ] && grep -q 'CONSISTENT' "$T/ctl.out" || fail "verify (exit $rc): $(cat "$T/ctl.out" "$T/ctl.err")"
	pass "verify: $(grep CONSISTENT "$T/ctl.out" | head -1)"
}

part_wine() {
	[ -n "$setup" ] || fail "no installer in dist/"
	step "Wine: silent install of $setup into a fresh WINEPREFIX"
	wineenv "$T/wine"
	wine "$root/$setup" /S
	wineserver -w
	inst="$WHOME/AppData/Local/Programs/Kiroku"
	for f in kiroku.exe kirokuctl.exe kiroku-verify.exe uninstall.exe LICENSE.txt THIRD_PARTY_NOTICES.txt README.txt; do
		[ -f "$inst/$f" ] || fail "not installed: $inst/$f"
	done
	lnk=$(find "$WHOME" -name 'Kiroku.lnk' | head -1)
	case "$lnk" in *"Start Menu/Programs/Kiroku.lnk") ;; *) fail "no Start-menu entry (found: $lnk)" ;; esac
	assoc=$(wine reg query 'HKCU\Software\Classes\.kiroku' /ve 2>/dev/null | tr -d '\r')
	printf "%s\n" "$assoc" | grep -q 'Kiroku.Vault' || fail ".kiroku is not associated: $assoc"
	open=$(wine reg query 'HKCU\Software\Classes\Kiroku.Vault\shell\open\command' /ve 2>/dev/null | tr -d '\r')
	printf "%s\n" "$open" | grep -q 'Programs\\Kiroku\\kiroku.exe" "%1"' || fail "open command: $open"
	wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Kiroku' /v DisplayVersion 2>/dev/null | grep -q -- "$VERSION" ||
		fail "no uninstall entry in HKCU"
	if wine reg query 'HKLM\Software\Classes\.kiroku' >/dev/null 2>&1; then fail "the installer wrote to HKLM"; fi
	pass "installed per user into $inst, Start menu, .kiroku in HKCU, uninstall entry"

	step "Wine: the installed kirokuctl.exe"
	mkdir -p "$WINEPREFIX/drive_c/kiroku-test"
	session "$inst/kirokuctl.exe" 'C:\kiroku-test\bundle' --vault 'C:\kiroku-test\v.kiroku'
	set +e
	wine "$inst/kiroku-verify.exe" 'C:\kiroku-test\bundle' >/dev/null 2>&1
	rc=$?
	set -e
	[ $rc = 11 ] || fail "kiroku-verify.exe exit $rc, want 11 (consistent, not anchored)"
	pass "kiroku-verify.exe: consistent, not anchored (exit 11, as kirokuctl verify)"

	step "Wine: the installed kiroku.exe on Xvfb"
	xvfb
	wine "$inst/kiroku.exe" >"$T/wine-gui.log" 2>&1 &
	wait_window Kiroku >/dev/null
	shot "$T/wine-installed.png"
	wineserver -k || true
	wineserver -w || true

	step "Wine: a .kiroku file opens in Kiroku (the association's command)"
	# What Explorer runs on a double-click: the open command registered
	# above (checked to be "...\kiroku.exe" "%1"), with the file. Wine
	# 8.0's HKEY_CLASSES_ROOT does not show HKCU\Software\Classes (reg
	# query HKCR\.kiroku fails there, unlike Windows), so `wine start
	# FILE` cannot find a per-user association: the command is run as
	# written. The app must offer to unlock that file (with no vault in the
	# default place it would otherwise show the welcome screen above).
	wine "$inst/kiroku.exe" 'C:\kiroku-test\v.kiroku' >"$T/wine-assoc.log" 2>&1 &
	win=$(wait_window Kiroku)
	[ -n "$win" ] || fail "no Kiroku window"
	shot "$T/wine-assoc.png"
	unlock "$win"
	prefs=$WHOME/AppData/Roaming/fyne/app.kiroku.Kiroku/preferences.json
	wait_grep 'kiroku-test' "$prefs" || fail "the app did not open C:\kiroku-test\v.kiroku (see $T/wine-assoc.png)"
	shot "$T/wine-assoc-unlocked.png"
	pass "the .kiroku file's open command starts kiroku.exe on that vault; it unlocked"
	wineserver -k || true
	wineserver -w || true

	step "Wine: silent uninstall"
	wine "$inst/uninstall.exe" /S
	wineserver -w
	# The uninstaller copies itself to the temp folder and runs from there.
	i=0
	while [ -e "$inst/kiroku.exe" ] && [ $i -lt 120 ]; do sleep 0.5; i=$((i + 1)); done
	[ ! -e "$inst/kiroku.exe" ] || fail "uninstall left kiroku.exe"
	[ -z "$(find "$WHOME" -name Kiroku.lnk)" ] || fail "uninstall left the Start-menu entry"
	if wine reg query 'HKCU\Software\Classes\Kiroku.Vault' >/dev/null 2>&1; then fail "uninstall left HKCU\\Software\\Classes\\Kiroku.Vault"; fi
	[ -f "$WHOME/AppData/Roaming/Kiroku/vault.kiroku" ] || [ -f "$WINEPREFIX/drive_c/kiroku-test/v.kiroku" ] || fail "a vault disappeared"
	pass "uninstalled; the worker's vault stays"
	wineserver -k || true
}

# snapshot DIR OUT: every file and folder under the WINEPREFIX and the
# Linux home (size and content hash of files), and the registry, key by
# key, without Wine's modification times. The portable folder itself is
# left out; everything else must not change.
snapshot() {
	wineserver -w
	{
		(cd "$W" && find prefix home -path "prefix/drive_c/stick/Kiroku" -prune -o -print | LC_ALL=C sort | while IFS= read -r f; do
			if [ -f "$f" ] && [ ! -L "$f" ]; then
				case "$f" in
				prefix/*.reg) printf '%s\n' "$f" ;; # compared below, without times
				*) printf '%s %s\n' "$f" "$(sha256sum <"$f" | cut -c1-16)" ;;
				esac
			else
				printf '%s\n' "$f"
			fi
		done)
		for r in system.reg user.reg userdef.reg; do
			# "[Key] 1700000000" -> "[Key]"; "#time=..." lines dropped. Wine
			# rewrites the display adapter's DriverDateData (a time) each
			# time a program opens a window: Wine's, not the program's.
			sed -e 's/^\(\[.*\]\) [0-9]*$/\1/' -e '/^#time=/d' -e '/^"DriverDateData"=/d' "$WINEPREFIX/$r" | sed "s#^#$r: #"
		done
	} >"$1"
}

part_portable() {
	[ -n "$zip" ] || fail "no portable zip in dist/"
	step "Portable: the zip in a folder with a read-only parent"
	wineenv "$T/portable"
	stick=$WINEPREFIX/drive_c/stick
	mkdir -p "$stick"
	unzip -q "$root/$zip" -d "$stick"
	app=$stick/Kiroku
	[ -f "$app/kiroku-portable.txt" ] || fail "no marker in the zip"
	[ ! -e "$app/data" ] || fail "the zip already has a data folder"
	xvfb
	# Wine writes its own state the first time a window is drawn (display
	# and font settings in the registry): let it do so before the baseline,
	# with a program that is not Kiroku.
	wine notepad >/dev/null 2>&1 &
	wait_window Notepad >/dev/null || true
	wineserver -k || true
	wineserver -w || true
	chattr +i "$stick" || fail "cannot make $stick read-only (chattr +i needs root)"
	defer "chattr -i '$stick'"
	if touch "$stick/probe" 2>/dev/null; then fail "$stick is still writable"; fi
	snapshot "$T/portable-before.txt"

	# The bundle goes where a worker on a shared computer would put it: on
	# the stick too.
	session 'C:\stick\Kiroku\kirokuctl.exe' 'C:\stick\Kiroku\bundle'
	[ -f "$app/data/vault.kiroku" ] || fail "the portable vault is not in data/vault.kiroku"
	pass "kirokuctl.exe made its default vault in the portable data folder"

	step "Portable: kiroku.exe unlocks the vault through the GUI"
	wine 'C:\stick\Kiroku\kiroku.exe' >"$T/portable-gui.log" 2>&1 &
	win=$(wait_window Kiroku)
	[ -n "$win" ] || fail "no Kiroku window"
	shot "$T/wine-portable-unlock.png"
	unlock "$win"
	prefs=""
	i=0
	while [ -z "$prefs" ] && [ $i -lt 240 ]; do
		sleep 0.5
		i=$((i + 1))
		prefs=$(find "$app/data" -name preferences.json 2>/dev/null | head -1)
	done
	shot "$T/wine-portable-unlocked.png"
	[ -n "$prefs" ] || fail "Fyne's preferences were not written into the portable data folder (see $T/wine-portable-unlocked.png)"
	grep -q 'vault.kiroku' "$prefs" || fail "the preferences in $prefs do not name the vault: $(cat "$prefs")"
	pass "Fyne's preferences are in ${prefs#"$stick"/}"
	wineserver -k || true
	wineserver -w || true
	snapshot "$T/portable-after.txt"
	if ! diff -u "$T/portable-before.txt" "$T/portable-after.txt" >"$T/portable.diff"; then
		cat "$T/portable.diff"
		fail "the portable copy changed something outside its folder (above)"
	fi
	echo "written inside the portable folder:"
	(cd "$stick" && find Kiroku/data -type f | LC_ALL=C sort | sed 's/^/  /')
	pass "nothing changed outside C:\\stick\\Kiroku (files of the WINEPREFIX and the Linux home, registry)"
}

# --- Debian ----------------------------------------------------------------------
part_debian() {
	[ -n "$deb" ] || fail "no .deb in dist/"
	step "Debian: a clean bookworm root"
	base=$root/build/debian-bookworm-minbase.tar
	if [ ! -f "$base" ]; then
		rm -rf "$root/build/debootstrap"
		debootstrap --variant=minbase bookworm "$root/build/debootstrap" http://deb.debian.org/debian >"$T/debootstrap.log" 2>&1 ||
			{ tail -20 "$T/debootstrap.log"; fail debootstrap; }
		tar -C "$root/build/debootstrap" -cf "$base.tmp" . && mv "$base.tmp" "$base"
		rm -rf "$root/build/debootstrap"
	fi
	R=$root/build/debian-root
	if mountpoint -q "$R/proc" 2>/dev/null; then umount "$R/proc"; fi
	if mountpoint -q "$R/tmp/.X11-unix" 2>/dev/null; then umount "$R/tmp/.X11-unix"; fi
	rm -rf "$R"
	mkdir -p "$R"
	tar -C "$R" -xf "$base"
	mount -t proc proc "$R/proc"
	defer "umount '$R/proc'"
	cp /etc/resolv.conf "$R/etc/resolv.conf"
	cp "$deb" "$R/tmp/"
	inroot() { chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
	inroot apt-get update -qq >"$T/apt.log" 2>&1 || { tail "$T/apt.log"; fail "apt-get update"; }
	step "Debian: apt install ./$(basename "$deb")"
	inroot sh -c "cd /tmp && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ./$(basename "$deb")" >>"$T/apt.log" 2>&1 ||
		{ tail -30 "$T/apt.log"; fail "apt install of the .deb"; }
	grep -E '^(Setting up|Unpacking) ' "$T/apt.log" | sed 's/^/  /' | head -80
	[ "$(inroot sh -c 'command -v kirokuctl')" = /usr/bin/kirokuctl ] || fail "kirokuctl is not on PATH"
	inroot test -f /usr/share/applications/app.kiroku.Kiroku.desktop || fail "no desktop entry"
	inroot test -f /usr/share/icons/hicolor/512x512/apps/kiroku.png || fail "no icon"
	inroot test -s /usr/share/doc/kiroku/THIRD_PARTY_NOTICES.txt || fail "no third-party notices"
	out=$(inroot kirokuctl version)
	printf "%s\n" "$out" | grep -q -- "$VERSION" || fail "kirokuctl version: $out"
	pass "installed; kirokuctl version: $out"

	step "Debian: a kirokuctl session"
	inroot sh -c "set -e; cd /root; P='$P'
		printf '%s\n%s\n' \"\$P\" \"\$P\" | kirokuctl init --vault v.kiroku --passphrase-stdin >/dev/null
		echo \"\$P\" | kirokuctl add --vault v.kiroku --passphrase-stdin --when 2026-10-03T14:30:00+09:00 --text '会議で大声で怒鳴られた。' --quote 'お前なんか辞めてしまえ' --person 田中:superior
		echo \"\$P\" | kirokuctl list --vault v.kiroku --passphrase-stdin --json | grep -q 'お前なんか辞めてしまえ'
		echo \"\$P\" | kirokuctl check --vault v.kiroku --passphrase-stdin
		echo \"\$P\" | kirokuctl export --vault v.kiroku --passphrase-stdin --out bundle --lang both >/dev/null
		cd bundle && sha256sum -c --quiet manifest-sha256.txt && cd ..
		kirokuctl verify bundle || test \$? = 11
		kiroku-verify bundle || test \$? = 4" >"$T/debian-session.log" 2>&1 ||
		{ cat "$T/debian-session.log"; fail "kirokuctl session in the Debian root"; }
	pass "init, add (Japanese), list, check, export (sha256sum -c), verify"

	step "Debian: the app on Xvfb"
	xvfb
	mkdir -p "$R/tmp/.X11-unix"
	mount --bind /tmp/.X11-unix "$R/tmp/.X11-unix"
	defer "umount '$R/tmp/.X11-unix'"
	chroot "$R" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 DISPLAY="$DISPLAY" kiroku >"$T/debian-gui.log" 2>&1 &
	gpid=$!
	wait_window Kiroku >/dev/null
	shot "$T/debian-app.png"
	kill $gpid
	wait $gpid 2>/dev/null || true
	umount "$R/tmp/.X11-unix"
	pass "the app drew its first screen in the clean Debian root"
}

# --- Reproducibility ------------------------------------------------------------
part_repro() {
	step "Reproducible: two clean clones, one with an empty build cache"
	rev=$(git rev-parse HEAD)
	rm -rf "$T/repro"
	mkdir -p "$T/repro/a" "$T/repro/b/other place"
	git clone -q --no-local "$root" "$T/repro/a/kiroku"
	git clone -q --no-local "$root" "$T/repro/b/other place/k2"
	for c in "$T/repro/a/kiroku" "$T/repro/b/other place/k2"; do
		git -C "$c" checkout -q "$rev"
	done
	(cd "$T/repro/a/kiroku" && scripts/dist.sh >"$T/repro/a.log" 2>&1) || { tail -30 "$T/repro/a.log"; fail "build a"; }
	# Build b from nothing: a fresh GOCACHE (the shared one is left alone).
	mkdir -p "$T/repro/gocache"
	(cd "$T/repro/b/other place/k2" && GOCACHE="$T/repro/gocache" scripts/dist.sh >"$T/repro/b.log" 2>&1) ||
		{ tail -30 "$T/repro/b.log"; fail "build b"; }
	bad=0
	for f in linux-amd64/kiroku linux-amd64/kirokuctl linux-amd64/kiroku-verify \
		windows-amd64/kiroku.exe windows-amd64/kirokuctl.exe windows-amd64/kiroku-verify.exe; do
		a=$T/repro/a/kiroku/build/dist/$f
		b="$T/repro/b/other place/k2/build/dist/$f"
		if cmp -s "$a" "$b"; then
			echo "same: $f $(sha256sum <"$a" | cut -c1-16)"
		else
			echo "DIFFERENT: $f"
			bad=1
		fi
	done
	for f in $(cd "$T/repro/a/kiroku/dist" && ls); do
		if cmp -s "$T/repro/a/kiroku/dist/$f" "$T/repro/b/other place/k2/dist/$f"; then
			echo "same: dist/$f"
		else
			echo "DIFFERENT: dist/$f"
			bad=1
		fi
	done
	[ $bad = 0 ] || fail "two clean builds of $rev differ"
	pass "two clean builds of $rev are identical"
	rm -rf "$T/repro/gocache"
}

for p in $parts; do
	case "$p" in
	wine | portable | debian | repro) "part_$p" ;;
	*) fail "unknown part $p (wine, portable, debian, repro)" ;;
	esac
done
echo
echo "make dist-test ($parts): all passed"
