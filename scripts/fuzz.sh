#!/bin/sh
# make fuzz: run every fuzz target for FUZZTIME (default 30s). make test
# already runs their seed corpora; this explores further. Crashers land in
# the package's testdata/fuzz/ folder: commit them with the fix.
set -eu
cd "$(dirname "$0")/.."
GO=${GO:-go}
T=${FUZZTIME:-30s}
for pkg in $($GO list ./...); do
	dir=$($GO list -f '{{.Dir}}' "$pkg")
	for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u); do
		echo "== $pkg $target ($T)"
		$GO test -run XXX -fuzz "^$target\$" -fuzztime "$T" "$pkg"
	done
done
