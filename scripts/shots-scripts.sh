#!/bin/sh
# Screenshots of the app's own screens in the languages whose scripts need
# the UI font (internal/uifont), on a machine without system fonts: the app
# runs in a private mount namespace where the font folders go-text scans
# are empty (needs root and unshare), so every glyph must come from the
# binary. Writes docs/screenshots/app-welcome-LANG.png and
# app-timeline-LANG.png. Usage: scripts/shots-scripts.sh [LANG...]
# Needs: Xvfb, xdotool, ImageMagick (scripts/deps.sh test), bin/kiroku and
# bin/kirokuctl (make build).
set -eu
cd "$(dirname "$0")/.."
APP=$PWD/bin/kiroku
CTL=$PWD/bin/kirokuctl
OUT=$PWD/docs/screenshots
LANGS=${*:-ne my ar zh-Hans ja}
T=$(mktemp -d)
KP='violet harbour pencil thunder'

disp=""
for n in 91 92 93 94 95 96; do
	if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then disp=":$n"; break; fi
done
[ -n "$disp" ] || { echo "no free X display" >&2; exit 1; }
Xvfb "$disp" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xpid=$!
trap 'kill $xpid 2>/dev/null || true; rm -rf "$T" 2>/dev/null || true' EXIT
sleep 1

locale_of() {
	case $1 in
	ne) echo ne_NP.UTF-8 ;; my) echo my_MM.UTF-8 ;; ar) echo ar_EG.UTF-8 ;;
	zh-Hans) echo zh_CN.UTF-8 ;; ja) echo ja_JP.UTF-8 ;; *) echo en_US.UTF-8 ;;
	esac
}

# run LOG: the app (vault $KIROKU_VAULT), seeing no system fonts.
run() {
	unshare --mount sh -c '
		for d in /usr/share/fonts /usr/local/share/fonts /usr/X11R6/lib/X11/fonts /usr/share/texmf/fonts/opentype/public; do
			[ -d "$d" ] && mount -t tmpfs none "$d"
		done
		exec "$0"' "$APP" \
		</dev/null >"$1" 2>&1 &
	echo $!
}

said() { # what a worker might write, in LANG
	case $1 in
	ne) echo "सुपरभाइजरले सबैको अगाडि मलाई कराए।" ;;
	my) echo "ကြီးကြပ်သူက လူအများရှေ့မှာ ကျွန်ုပ်ကို အော်ငေါက်ခဲ့သည်။" ;;
	ar) echo "صرخ المشرف في وجهي أمام الجميع." ;;
	zh-Hans) echo "主管当着所有人的面对我大喊大叫。" ;;
	ja) echo "上司にみんなの前で怒鳴られた。" ;;
	*) echo "The supervisor shouted at me in front of everyone." ;;
	esac
}

shot() { # file
	sleep 1.5
	wid=$(DISPLAY=$disp xdotool search --sync --onlyvisible --name Kiroku | head -1)
	DISPLAY=$disp xdotool windowmove "$wid" 0 0
	sleep 1
	DISPLAY=$disp import -window "$wid" "$1"
	echo "wrote $1"
}

for l in $LANGS; do
	loc=$(locale_of "$l")
	export HOME="$T/home-$l" DISPLAY=$disp LANG=$loc LC_ALL=$loc KIROKU_TRACE=1
	mkdir -p "$HOME"
	# Welcome: no vault yet.
	export KIROKU_VAULT="$T/none-$l/vault.kiroku"
	pid=$(run "$T/welcome-$l.log")
	shot "$OUT/app-welcome-$l.png"
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	# Timeline: a vault with two entries in the worker's language.
	v="$T/$l.kiroku"
	printf '%s\n%s\n' "$KP" "$KP" | $CTL init --vault "$v" --passphrase-stdin --kdf-time 3 >/dev/null 2>&1
	printf '%s\n' "$KP" | $CTL add --vault "$v" --passphrase-stdin --when "2026-11-02 09:15" --place "工場 2F" \
		--category power-harassment --language "$l" --text "$(said "$l")" >/dev/null
	printf '%s\n' "$KP" | $CTL add --vault "$v" --passphrase-stdin --when "2026-11-05 17:40" --place "事務所" \
		--language "$l" --text "$(said "$l") (2)" >/dev/null
	export KIROKU_VAULT="$v"
	pid=$(run "$T/timeline-$l.log")
	sleep 2
	wid=$(DISPLAY=$disp xdotool search --sync --onlyvisible --name Kiroku | head -1)
	DISPLAY=$disp xdotool windowmove "$wid" 0 0 windowfocus "$wid"
	sleep 0.5
	DISPLAY=$disp xdotool type --delay 30 "$KP"
	DISPLAY=$disp xdotool key Return
	sleep 3
	shot "$OUT/app-timeline-$l.png"
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
done
