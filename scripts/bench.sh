#!/bin/sh
# make bench: Go benchmarks plus whole-process comparisons against the tools
# the issues name, written to docs/BENCHMARKS.md. Timings live here, never in
# make test.
set -eu
cd "$(dirname "$0")/.."
GO=${GO:-go}
N=${BENCH_ENTRIES:-10000}
RUNS=${BENCH_RUNS:-3}
CTL=$PWD/bin/kirokuctl
mkdir -p bin
W=$(mktemp -d "$PWD/bin/bench.XXXXXX") # on the real disk, not tmpfs
trap 'rm -rf "$W"' EXIT
OUT=docs/BENCHMARKS.md
TMP_OUT=$W/BENCHMARKS.md

say() { printf '%s\n' "$*" >&2; }

# mean seconds of the i-th command in a hyperfine JSON export
mean() { grep '"mean"' "$1" | sed -n "$2p" | sed 's/.*"mean": *//; s/,.*//' | awk '{ printf "%.3f", $1 }'; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a - b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

say "== Go benchmarks"
$GO test -run XXX -bench 'BenchmarkAdd$|BenchmarkPlainSQLiteAdd$' -benchtime 2000x ./internal/vault/ >"$W/go-add.txt"
$GO test -run XXX -bench 'List10k$' -benchtime 10x ./internal/vault/ >"$W/go-list.txt"
$GO test -run XXX -bench 'UnlockDefault' -benchtime 3x -v ./internal/vault/ >"$W/go-unlock.txt"
$GO test -run XXX -bench . -benchtime 2x ./internal/seal/ ./internal/record/ >"$W/go-other.txt" 2>&1 || true
nsop() { grep "^$1-" "$2" | awk '{ print $3 }'; }
add_k=$(nsop BenchmarkAdd "$W/go-add.txt")
add_p=$(nsop BenchmarkPlainSQLiteAdd "$W/go-add.txt")
list_k=$(nsop BenchmarkList10k "$W/go-list.txt")
list_p=$(nsop BenchmarkPlainSQLiteList10k "$W/go-list.txt")
unlock=$(nsop BenchmarkUnlockDefault "$W/go-unlock.txt")
params=$(grep -o 'argon2id t=[0-9]* m=[0-9]*MiB p=[0-9]*' "$W/go-unlock.txt" | tail -1)

say "== whole-process inputs ($N entries)"
awk -v n="$N" 'BEGIN {
	print "pw"
	for (i = 1; i <= n; i++)
		printf "{\"event_time\":\"2026-10-01T10:%02d:00+09:00\",\"event_zone\":\"Asia/Tokyo\",\"place\":\"3F meeting room\",\"people\":[{\"name\":\"Tanaka\",\"role\":\"superior\"}],\"text\":\"entry %d: he said it again in front of everyone at the morning meeting\",\"quote\":\"お前なんか辞めてしまえ\",\"witnesses\":[\"Sato\"],\"categories\":[\"power-harassment\"],\"impact\":\"could not sleep\",\"actions\":\"\"}\n", i % 60, i
}' >"$W/k.in"
schema="CREATE TABLE entries (id INTEGER PRIMARY KEY, event_time TEXT, event_zone TEXT, recorded_at TEXT, place TEXT, people TEXT, text TEXT, quote TEXT, witnesses TEXT, categories TEXT, impact TEXT, actions TEXT);"
rows() {
	awk -v n="$N" -v q="'" 'BEGIN {
		for (i = 1; i <= n; i++)
			printf "BEGIN; INSERT INTO entries (event_time, event_zone, recorded_at, place, people, text, quote, witnesses, categories, impact, actions) VALUES (%s2026-10-01T10:%02d:00+09:00%s, %sAsia/Tokyo%s, datetime(%snow%s), %s3F meeting room%s, %s[{\"name\":\"Tanaka\",\"role\":\"superior\"}]%s, %sentry %d: he said it again in front of everyone at the morning meeting%s, %sお前なんか辞めてしまえ%s, %s[\"Sato\"]%s, %s[\"power-harassment\"]%s, %scould not sleep%s, %s%s); COMMIT;\n", q, i % 60, q, q, q, q, q, q, q, q, q, q, i, q, q, q, q, q, q, q, q, q, q, q
	}'
}
{ echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; $schema"; rows; } >"$W/p.sql"
{ echo "PRAGMA key='pw'; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; $schema"; rows; } >"$W/c.sql"

say "== whole-process inserts"
hyperfine --style basic --runs "$RUNS" --export-json "$W/insert.json" --export-markdown "$W/insert.md" \
	--prepare "rm -f $W/k.kiroku*; printf 'pw\npw\n' | $CTL init --vault $W/k.kiroku --passphrase-stdin --kdf-time 3 >/dev/null 2>&1" \
	-n "kirokuctl add --batch ($N entries, one transaction each)" "$CTL add --vault $W/k.kiroku --passphrase-stdin --batch - <$W/k.in >/dev/null" \
	--prepare "rm -f $W/p.db*" \
	-n "sqlite3 ($N INSERTs, one transaction each)" "sqlite3 $W/p.db <$W/p.sql >/dev/null" \
	--prepare "rm -f $W/c.db*" \
	-n "sqlcipher ($N INSERTs, one transaction each)" "sqlcipher $W/c.db <$W/c.sql >/dev/null" >&2

say "== whole-process listing"
printf 'pw\npw\n' | $CTL init --vault "$W/e.kiroku" --passphrase-stdin --kdf-time 3 >/dev/null 2>&1
hyperfine --style basic --runs "$RUNS" --warmup 1 --export-json "$W/list.json" --export-markdown "$W/list.md" \
	-n "kirokuctl list --json (unlock + decrypt $N)" "echo pw | $CTL list --vault $W/k.kiroku --passphrase-stdin --json >/dev/null" \
	-n "sqlite3 -json SELECT" "sqlite3 -json $W/p.db 'SELECT * FROM entries ORDER BY event_time DESC' >/dev/null" \
	-n "sqlcipher SELECT" "printf \"PRAGMA key='pw';\\nSELECT * FROM entries ORDER BY event_time DESC;\\n\" | sqlcipher $W/c.db >/dev/null" \
	-n "kirokuctl list on an empty vault (process start + unlock only)" "echo pw | $CTL list --vault $W/e.kiroku --passphrase-stdin --json >/dev/null" >&2

ins_k=$(mean "$W/insert.json" 1)
ins_p=$(mean "$W/insert.json" 2)
ins_c=$(mean "$W/insert.json" 3)
lst_k=$(mean "$W/list.json" 1)
lst_p=$(mean "$W/list.json" 2)
lst_c=$(mean "$W/list.json" 3)
base=$(mean "$W/list.json" 4)
ins_kn=$(sub "$ins_k" "$base")
lst_kn=$(sub "$lst_k" "$base")

verdict() { # value limit -> ok/MISSED
	awk -v v="$1" -v l="$2" 'BEGIN { if (v + 0 <= l + 0) print "met"; else print "**missed**" }'
}

cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //' || uname -m)
{
	echo "# Benchmarks"
	echo
	echo "Written by \`make bench\` (scripts/bench.sh) on $(date -u +%Y-%m-%d). Machine: $cpu, $(nproc) cores;"
	echo "$($GO version | cut -d' ' -f3); $(sqlite3 -version | cut -d' ' -f1-2 | sed 's/^/sqlite3 /'); sqlcipher $(sqlcipher -version | cut -d' ' -f1)."
	echo "Timings are for this machine; compare ratios, not seconds. \`make test\` never asserts timings."
	echo
	echo "## Vault: adding and listing entries (foundation issue)"
	echo
	echo "Goal: at most 1.5x plain SQLite with the same durability (WAL, synchronous=FULL, one transaction per entry), faster than sqlcipher."
	echo
	echo "| measure | Kiroku | plain SQLite | ratio | goal |"
	echo "|---|---|---|---|---|"
	echo "| Go: add one entry, durable (ns/op) | $add_k | $add_p | $(ratio "$add_k" "$add_p")x | $(verdict "$(ratio "$add_k" "$add_p")" 1.5) |"
	echo "| Go: list 10,000 entries after unlock (ns/op) | $list_k | $list_p | $(ratio "$list_k" "$list_p")x | $(verdict "$(ratio "$list_k" "$list_p")" 1.5) |"
	echo "| process: $N inserts after unlock (s) | $ins_kn | $ins_p | $(ratio "$ins_kn" "$ins_p")x | $(verdict "$(ratio "$ins_kn" "$ins_p")" 1.5) |"
	echo "| process: list $N after unlock (s) | $lst_kn | $lst_p | $(ratio "$lst_kn" "$lst_p")x | $(verdict "$(ratio "$lst_kn" "$lst_p")" 1.5) |"
	echo "| process: list $N including unlock (s) | $lst_k | $lst_p | $(ratio "$lst_k" "$lst_p")x | (for information) |"
	echo
	echo "Against sqlcipher (Debian's tool, same inserts and select):"
	echo
	echo "| measure | Kiroku (s) | sqlcipher (s) | Kiroku / sqlcipher | goal: faster |"
	echo "|---|---|---|---|---|"
	echo "| $N inserts, including unlock | $ins_k | $ins_c | $(ratio "$ins_k" "$ins_c")x | $(verdict "$(ratio "$ins_k" "$ins_c")" 1.0) |"
	echo "| list $N, including unlock | $lst_k | $lst_c | $(ratio "$lst_k" "$lst_c")x | $(verdict "$(ratio "$lst_k" "$lst_c")" 1.0) |"
	echo
	echo "Unlock at the default Argon2id setting calibrated on this machine ($params): $(awk -v n="$unlock" 'BEGIN { printf "%.2f s", n / 1e9 }') (target: about one second)."
	echo
	echo "The whole-process runs use a vault at the minimum KDF cost (t=3, m=64 MiB, p=4) so that one unlock does not dominate;"
	echo "\"after unlock\" rows subtract the time of the same command on an empty vault (process start + unlock: $base s)."
	echo "Plain SQLite stores the same fields as plaintext columns; sqlcipher rows include its own key derivation."
	echo
	echo "### hyperfine: inserts"
	echo
	cat "$W/insert.md"
	echo
	echo "### hyperfine: listing"
	echo
	cat "$W/list.md"
	echo
	echo "### Go benchmark output"
	echo
	echo '```'
	grep -h '^Benchmark' "$W/go-add.txt" "$W/go-list.txt" "$W/go-unlock.txt" "$W/go-other.txt" || true
	echo '```'
} >"$TMP_OUT"
sed -i "s#$W/##g; s#$CTL#kirokuctl#g" "$TMP_OUT"
mv "$TMP_OUT" "$OUT"
say "wrote $OUT"
