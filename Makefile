# Kiroku. `make run` opens the app; `make test` proves everything.
GO      ?= go
BIN     ?= bin
export CGO_ENABLED = 1
# The version every binary reports (kirokuctl version, the app's About):
# the same commit always gives the same text.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo unknown)
LDFLAGS  = -X github.com/kiroku-app/kiroku/internal/version.stamp=$(VERSION)

.PHONY: all run build check test cross bench package fuzz clean deps-build deps-test deps-bench deps-dist notices dist dist-test

all: build

deps-build:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

deps-bench:
	@scripts/deps.sh bench

deps-dist:
	@scripts/deps.sh dist

build: deps-build
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/kiroku ./cmd/kiroku
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/kirokuctl ./cmd/kirokuctl

run: build
	@scripts/run.sh $(BIN)/kiroku

test: deps-test
	@scripts/test.sh

# The quick loop: gofmt, tidy, vet, staticcheck, unit tests (no Xvfb, no
# race, no e2e). `make test` is the whole proof CI runs.
check:
	@scripts/check.sh

# assets/THIRD_PARTY_NOTICES.txt from the module graph (after a dependency
# changes; TestThirdPartyNoticesUpToDate says when).
notices:
	$(GO) test ./internal/notices -run TestThirdPartyNoticesUpToDate -update -count=1

# Windows binaries with mingw-w64, so nothing Linux-only creeps in.
cross: deps-test
	GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc $(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/windows-amd64/kiroku.exe ./cmd/kiroku
	GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc $(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/windows-amd64/kirokuctl.exe ./cmd/kirokuctl

# Go benchmarks and whole-process comparisons; writes docs/BENCHMARKS.md.
bench: deps-bench build
	@scripts/bench.sh

# A desktop package built from the top-level FyneApp.toml.
package: deps-build
	@scripts/package.sh

# Release artefacts into dist/ with SHA256SUMS (scripts/dist.sh): on Linux
# the Windows installer and portable zip, the .deb and the tarball; on a
# Mac the .dmg. Version from the git tag; reproducible.
dist: deps-dist
	@scripts/dist.sh

# The artefacts tested for real (slow, not part of `make test`): the
# installer and the portable zip under Wine, the .deb in a clean Debian
# made with debootstrap, and two clean builds compared byte for byte.
# DIST_TEST=wine|portable|debian|repro runs one part.
dist-test: deps-dist
	@scripts/dist-test.sh $(DIST_TEST)

# Longer fuzzing than the seed corpora `make test` runs (FUZZTIME per target).
fuzz:
	@scripts/fuzz.sh

clean:
	rm -rf $(BIN) dist
