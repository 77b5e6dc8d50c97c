#!/bin/sh
# scripts/i18n-check.sh TAG DIR: the translation tests for language TAG on a
# copy of this tree (HEAD) with a translator's files from DIR (another
# clone or worktree): assets/i18n/TAG/ (REVIEW.md, or "Reviewed: no" while
# it is missing), assets/glossary/TAG.json and assets/rules/i18n/TAG.json.
# Nothing in either tree changes. Example:
#   scripts/i18n-check.sh vi /work/wt-tr-vi
set -eu
[ $# -eq 2 ] || { echo "usage: $0 TAG DIR" >&2; exit 2; }
tag=$1 src=$2
cd "$(dirname "$0")/.."
[ -d "$src/assets/i18n/$tag" ] || { echo "$src/assets/i18n/$tag: no such folder" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git archive HEAD | tar -x -C "$tmp"
mkdir -p "$tmp/assets/i18n/$tag" "$tmp/assets/rules/i18n"
cp "$src/assets/i18n/$tag/"* "$tmp/assets/i18n/$tag/"
[ -f "$tmp/assets/i18n/$tag/REVIEW.md" ] || printf 'Reviewed: no\n' >"$tmp/assets/i18n/$tag/REVIEW.md"
[ ! -f "$src/assets/glossary/$tag.json" ] || cp "$src/assets/glossary/$tag.json" "$tmp/assets/glossary/"
[ ! -f "$src/assets/rules/i18n/$tag.json" ] || cp "$src/assets/rules/i18n/$tag.json" "$tmp/assets/rules/i18n/"
cd "$tmp"
rc=0
${GO:-go} test ./internal/i18n/ -run 'Complete|Glossary' -count=1 || rc=1
${GO:-go} test ./internal/rules/ -run 'Overlay' -count=1 || rc=1
exit $rc
