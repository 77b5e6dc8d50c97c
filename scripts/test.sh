#!/bin/sh
# The whole proof of the project, run by `make test` (and so by CI).
set -eu
cd "$(dirname "$0")/.."
GO=${GO:-go}
export CGO_ENABLED=1

step() { printf '\n== %s\n' "$*"; }

. scripts/lint.sh

# A private PulseAudio server with a null sink, so the audio tests capture
# real speech through a real audio server (NOTES.md recipe).
pulse=internal/audio/testdata/pulse-env.sh
export KIROKU_REQUIRE_PULSE=1 # a PulseAudio test that cannot run fails instead of skipping
export KIROKU_REQUIRE_TOOLS=1 # so does a test whose tool or data file (poppler, unicode-data) is missing

step "unit, fuzz seed corpora, headless GUI and PulseAudio tests"
$pulse $GO test -count=1 ./...

step "race detector"
$pulse $GO test -count=1 -race -short ./...

step "cross-compile for windows/amd64"
${MAKE:-make} --no-print-directory cross

step "end-to-end tests of the real binaries (kirokuctl, PulseAudio recording, kiroku under Xvfb, fyne package)"
$pulse $GO test -count=1 -tags e2e -timeout 30m ./e2e/

echo
echo "make test: all passed"
