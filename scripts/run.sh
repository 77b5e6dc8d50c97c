#!/bin/sh
# Opens the app, or says clearly why it cannot.
set -eu
app=$1
case "$(uname -s)" in
Linux | *BSD)
	if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
		echo "Kiroku is built ($app), but this machine has no display (neither DISPLAY nor WAYLAND_DISPLAY is set)." >&2
		echo "Run it on a desktop session, or for a virtual screen: Xvfb :99 & DISPLAY=:99 $app" >&2
		echo "The command-line tool works without a display: bin/kirokuctl help" >&2
		exit 1
	fi ;;
esac
exec "$app"
