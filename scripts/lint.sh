# Sourced by scripts/check.sh and scripts/test.sh: the steps both run
# first. Needs GO and step().
step "gofmt"
bad=$(gofmt -l $(git ls-files -co --exclude-standard '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$bad" ]; then echo "gofmt would change:"; echo "$bad"; exit 1; fi

step "go mod tidy"
$GO mod tidy -diff

step "go vet"
$GO vet ./...
