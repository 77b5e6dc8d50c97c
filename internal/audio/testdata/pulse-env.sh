#!/bin/sh
# pulse-env.sh starts a private PulseAudio server with a null sink, so that
# the audio tests can capture real audio headless (CI, containers):
#
#   internal/audio/testdata/pulse-env.sh go test -run Pulse -v ./internal/audio/
#
# runs the command with PULSE_SERVER set and stops the server afterwards.
# Without a command it prints the variables to eval and leaves the server
# running (stop it with: kill "$(cat "$XDG_RUNTIME_DIR/pulse/pid")").
#
# The default sink is the null sink "fake"; the default source is its
# monitor, so whatever is played (paplay) is what a recorder captures.
# Needs: pulseaudio, pulseaudio-utils (pactl, paplay); the tests also use
# espeak-ng. On Debian: apt-get install -y pulseaudio espeak-ng sox.
# PulseAudio warns when run as root; it works anyway.
set -eu

for tool in pulseaudio pactl; do
	command -v "$tool" >/dev/null 2>&1 || { echo "pulse-env.sh: $tool not installed" >&2; exit 1; }
done

XDG_RUNTIME_DIR=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-pulse.XXXXXX")
export XDG_RUNTIME_DIR
# PULSE_SERVER must not be set yet: pulseaudio refuses to start if it is.
unset PULSE_SERVER

pulseaudio --start --exit-idle-time=-1 -n \
	--load="module-native-protocol-unix auth-anonymous=1" \
	--load="module-null-sink sink_name=fake" 2>"$XDG_RUNTIME_DIR/pulseaudio.log" || {
	cat "$XDG_RUNTIME_DIR/pulseaudio.log" >&2
	exit 1
}

export PULSE_SERVER="unix:$XDG_RUNTIME_DIR/pulse/native"
i=0
until pactl info >/dev/null 2>&1; do
	i=$((i + 1))
	if [ "$i" -gt 50 ]; then
		echo "pulse-env.sh: server did not come up" >&2
		cat "$XDG_RUNTIME_DIR/pulseaudio.log" >&2
		exit 1
	fi
	sleep 0.1
done
pactl set-default-sink fake
pactl set-default-source fake.monitor

if [ "$#" -eq 0 ]; then
	echo "export XDG_RUNTIME_DIR='$XDG_RUNTIME_DIR'"
	echo "export PULSE_SERVER='$PULSE_SERVER'"
	exit 0
fi

stop() {
	if [ -f "$XDG_RUNTIME_DIR/pulse/pid" ]; then
		kill "$(cat "$XDG_RUNTIME_DIR/pulse/pid")" 2>/dev/null || true
	fi
	rm -rf "$XDG_RUNTIME_DIR"
}
trap stop EXIT
trap 'exit 130' INT TERM
"$@"
