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

step "unit, fuzz seed corpora and headless GUI tests"
$pulse $GO test -count=1 -timeout 25m $($GO list ./... | grep -v '/internal/audio$')

# The PulseAudio tests play and capture in real time: run alone, so that
# other test binaries competing for the CPU cannot starve the audio
# threads (on a 2-CPU machine under the whole suite, the server padded a
# played clip with ~1 s of silence now and then).
step "PulseAudio tests (real time, alone)"
$pulse $GO test -count=1 ./internal/audio

step "race detector"
$pulse $GO test -count=1 -timeout 25m -race -short $($GO list ./... | grep -v '/internal/audio$')
$pulse $GO test -count=1 -race -short ./internal/audio

step "cross-compile for windows/amd64"
${MAKE:-make} --no-print-directory cross

step "end-to-end tests of the real binaries (kirokuctl, PulseAudio recording, kiroku under Xvfb, fyne package)"
$pulse $GO test -count=1 -tags e2e -timeout 30m ./e2e/

echo
echo "make test: all passed"
