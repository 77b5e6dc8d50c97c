#!/bin/sh
# make check: the quick proof loop for a developer (a minute or two warm):
# gofmt, go mod tidy, vet, staticcheck, unit tests with the fuzz seed
# corpora and the headless GUI tests. No Xvfb, no race detector, no e2e:
# `make test` is the whole proof that CI runs.
set -eu
cd "$(dirname "$0")/.."
GO=${GO:-go}
export CGO_ENABLED=1
# staticcheck from the module proxy, pinned; a version that supports the
# Go in go.mod.
STATICCHECK=${STATICCHECK:-honnef.co/go/tools/cmd/staticcheck@v0.8.2}

step() { printf '\n== %s\n' "$*"; }

. scripts/lint.sh

step "staticcheck"
$GO run "$STATICCHECK" ./...

step "unit tests, fuzz seed corpora, headless GUI tests"
$GO test ./...

echo
echo "make check: all passed"
