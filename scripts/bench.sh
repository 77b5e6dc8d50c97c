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
# kirokuctl refuses a weak passphrase such as "pw" for a new vault.
KP='violet harbour pencil thunder'
awk -v n="$N" 'BEGIN {
	print "violet harbour pencil thunder"
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
# sqlcipher with a raw 256-bit key skips its key derivation: the storage
# engines compared without either side's KDF.
RAWKEY="PRAGMA key = \"x'2DD29CA851E7B56E4697B0E1F08507293D761A05CE4D1B628663F411A8086D99'\";"
{ echo "$RAWKEY PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; $schema"; rows; } >"$W/r.sql"
printf "PRAGMA key='pw';\nSELECT * FROM entries ORDER BY event_time DESC;\n" >"$W/clist.sql"
printf '%s\nSELECT * FROM entries ORDER BY event_time DESC;\n' "$RAWKEY" >"$W/rlist.sql"

say "== whole-process inserts"
hyperfine --style basic --runs "$RUNS" --export-json "$W/insert.json" --export-markdown "$W/insert.md" \
	--prepare "rm -f $W/k.kiroku*; printf '%s\n%s\n' '$KP' '$KP' | $CTL init --vault $W/k.kiroku --passphrase-stdin --kdf-time 3 >/dev/null 2>&1" \
	-n "kirokuctl add --batch ($N entries, one transaction each)" "$CTL add --vault $W/k.kiroku --passphrase-stdin --batch - <$W/k.in >/dev/null" \
	--prepare "rm -f $W/p.db*" \
	-n "sqlite3 ($N INSERTs, one transaction each)" "sqlite3 $W/p.db <$W/p.sql >/dev/null" \
	--prepare "rm -f $W/c.db*" \
	-n "sqlcipher ($N INSERTs, one transaction each)" "sqlcipher $W/c.db <$W/c.sql >/dev/null" \
	--prepare "rm -f $W/r.db*" \
	-n "sqlcipher, raw key, no KDF ($N INSERTs)" "sqlcipher $W/r.db <$W/r.sql >/dev/null" >&2

say "== whole-process listing"
printf '%s\n%s\n' "$KP" "$KP" | $CTL init --vault "$W/e.kiroku" --passphrase-stdin --kdf-time 3 >/dev/null 2>&1
hyperfine --style basic --runs "$RUNS" --warmup 1 --export-json "$W/list.json" --export-markdown "$W/list.md" \
	-n "kirokuctl list --json (unlock + decrypt $N)" "echo '$KP' | $CTL list --vault $W/k.kiroku --passphrase-stdin --json >/dev/null" \
	-n "sqlite3 -json SELECT" "sqlite3 -json $W/p.db 'SELECT * FROM entries ORDER BY event_time DESC' >/dev/null" \
	-n "sqlcipher SELECT" "sqlcipher $W/c.db <$W/clist.sql >/dev/null" \
	-n "kirokuctl list on an empty vault (process start + unlock only)" "echo '$KP' | $CTL list --vault $W/e.kiroku --passphrase-stdin --json >/dev/null" \
	-n "sqlcipher SELECT, raw key, no KDF" "sqlcipher $W/r.db <$W/rlist.sql >/dev/null" >&2

say "== audio"
MIN=${BENCH_AUDIO_SECONDS:-60}
HOURS=${BENCH_INGEST_HOURS:-2}
# Storage per minute: PCM as stored vs FLAC of the same speech (sox).
espeak-ng -w "$W/s.wav" "On Monday at the morning meeting my manager told me in front of everyone that I should quit. He said that nobody wants me here and that I am useless. I asked him to stop, and he laughed at me." 2>/dev/null
sox "$W/s.wav" -r 48000 -c 1 -b 16 "$W/s48.wav"
sox "$W/s48.wav" -p synth whitenoise vol 0.005 | sox -m "$W/s48.wav" - "$W/mix.wav"
sox "$W/mix.wav" "$W/mix.flac"
secs=$(soxi -D "$W/mix.wav")
pcm_mb=$(awk -v b="$(stat -c %s "$W/mix.wav")" -v s="$secs" 'BEGIN { printf "%.2f", (b - 44) / s * 60 / 1e6 }')
flac_mb=$(awk -v b="$(stat -c %s "$W/mix.flac")" -v s="$secs" 'BEGIN { printf "%.2f", b / s * 60 / 1e6 }')
# CPU time per minute of recording (null backend, real time).
printf '%s\n%s\n' "$KP" "$KP" | $CTL init --vault "$W/a.kiroku" --passphrase-stdin --kdf-time 3 >/dev/null 2>&1
/usr/bin/time -f "%U %S %M" -o "$W/rec.time" sh -c "echo '$KP' | $CTL record --vault $W/a.kiroku --passphrase-stdin --backend null --seconds $MIN --codec pcm >/dev/null 2>&1"
# The same process minus recording: start, unlock (Argon2id), list.
/usr/bin/time -f "%U %S %M" -o "$W/base.time" sh -c "echo '$KP' | $CTL recordings --vault $W/a.kiroku --passphrase-stdin >/dev/null 2>&1"
base_cpu=$(awk '{ print $1 + $2 }' "$W/base.time")
cpu_pct=$(awk -v m="$MIN" -v b="$base_cpu" '{ printf "%.2f", ($1 + $2 - b) / m * 100 }' "$W/rec.time")
cpu_raw=$(awk -v m="$MIN" '{ printf "%.2f", ($1 + $2) / m * 100 }' "$W/rec.time")
rec_rss=$(awk '{ printf "%.0f", $3 / 1024 }' "$W/rec.time")
# Peak RSS while ingesting hours of synthetic audio (one commit per second).
$GO test -c -o "$W/vault.test" ./internal/vault/
KIROKU_INGEST_HOURS=$HOURS KIROKU_INGEST_DIR=$W /usr/bin/time -f "%e %M" -o "$W/ingest.time" \
	"$W/vault.test" -test.run '^TestIngestHours$' >/dev/null
ingest_s=$(awk '{ print $1 }' "$W/ingest.time")
ingest_rss=$(awk '{ printf "%.0f", $2 / 1024 }' "$W/ingest.time")
rm -f "$W"/ingest.kiroku*
# Sealing throughput: Kiroku's chunk writes vs age -p on the same amount of PCM.
$GO test -run XXX -bench 'BenchmarkRecordingWrite$' -benchtime 600x ./internal/vault/ >"$W/go-audio.txt"
seal_mbs=$(grep '^BenchmarkRecordingWrite' "$W/go-audio.txt" | awk '{ for (i = 1; i < NF; i++) if ($(i+1) == "MB/s") print $i }')
head -c $((600 * 96000)) /dev/urandom >"$W/pcm.raw"
hyperfine --style basic --runs "$RUNS" --export-json "$W/age.json" \
	-n "age -p (scrypt + ChaCha20-Poly1305) on $((600 * 96000 / 1000000)) MB" \
	"rm -f $W/pcm.age; printf 'pw\\npw\\n' | script -qc 'age -p -o $W/pcm.age $W/pcm.raw' /dev/null >/dev/null" >&2
age_mbs=$(awk -v s="$(mean "$W/age.json" 1)" 'BEGIN { printf "%.1f", 600 * 96000 / 1e6 / s }')

GO=$GO CTL=$CTL W=$W scripts/bench-codec.sh "$W/codec.md"

say "== evidence bundles"
GO=$GO CTL=$CTL W=$W scripts/bench-evidence.sh "$W/evidence.md"
say "== backups"
GO=$GO CTL=$CTL W=$W scripts/bench-backup.sh "$W/backups.md"
say "== the app under Xvfb"
GO=$GO CTL=$CTL W=$W scripts/bench-ui.sh "$W/ui.md"

ins_k=$(mean "$W/insert.json" 1)
ins_p=$(mean "$W/insert.json" 2)
ins_c=$(mean "$W/insert.json" 3)
lst_k=$(mean "$W/list.json" 1)
lst_p=$(mean "$W/list.json" 2)
lst_c=$(mean "$W/list.json" 3)
base=$(mean "$W/list.json" 4)
ins_r=$(mean "$W/insert.json" 4)
lst_r=$(mean "$W/list.json" 5)
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
	echo "| $N inserts, without key derivation (Kiroku after unlock; sqlcipher with a raw key) | $ins_kn | $ins_r | $(ratio "$ins_kn" "$ins_r")x | $(verdict "$(ratio "$ins_kn" "$ins_r")" 1.0) |"
	echo "| list $N, without key derivation | $lst_kn | $lst_r | $(ratio "$lst_kn" "$lst_r")x | $(verdict "$(ratio "$lst_kn" "$lst_r")" 1.0) |"
	echo
	echo "sqlcipher 3 derives its key with PBKDF2-HMAC-SHA1 (64,000 iterations, tens of milliseconds); Kiroku uses Argon2id"
	echo "with at least 64 MiB and 3 passes on purpose, so that each guess at a stolen vault's passphrase is expensive."
	echo "The rows \"including unlock\" therefore measure that choice as much as the storage."
	echo
	echo "Unlock at the default Argon2id setting calibrated on this machine ($params): $(awk -v n="$unlock" 'BEGIN { printf "%.2f s", n / 1e9 }') (target: about one second)."
	echo
	echo "The whole-process runs use a vault at the minimum KDF cost (t=3, m=64 MiB, p=4) so that one unlock does not dominate;"
	echo "\"after unlock\" rows subtract the time of the same command on an empty vault (process start + unlock: $base s)."
	echo "Plain SQLite stores the same fields as plaintext columns; sqlcipher rows include its own key derivation."
	echo
	echo "## Audio (recordings issue)"
	echo
	echo "| measure | result | goal |"
	echo "|---|---|---|"
	echo "| storage, PCM s16le 48 kHz mono (as stored) | $pcm_mb MB per minute | lossless |"
	echo "| storage, FLAC of the same speech (sox, for comparison) | $flac_mb MB per minute | lossless |"
	echo "| CPU time while recording PCM (null backend, $MIN s, sealing and committing each half-second chunk; unlock subtracted; Opus: next section) | $cpu_pct% of one core | under 2% |"
	echo "| same, whole process including one Argon2id unlock (${base_cpu} s CPU) | $cpu_raw% of one core | |"
	echo "| peak RSS of that recording process (Argon2id alone needs 64 MiB) | $rec_rss MB | |"
	echo "| peak RSS ingesting $HOURS h of synthetic audio ($ingest_s s) | $ingest_rss MB | under 100 MB and flat |"
	echo "| sealing throughput into the vault (1 s chunks, one fsynced transaction each) | $seal_mbs MB/s | not slower than age |"
	echo "| Debian age 1.1 -p encrypting the same amount of PCM (incl. its scrypt) | $age_mbs MB/s | |"
	echo
	echo "Codec chosen (issue 19): Opus for new recordings (vault format 8), PCM kept as a setting. See the next section."
	echo
	cat "$W/codec.md"
	cat "$W/ui.md"
	cat "$W/evidence.md"
	cat "$W/backups.md"
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
	grep -h '^Benchmark' "$W/go-add.txt" "$W/go-list.txt" "$W/go-unlock.txt" "$W/go-audio.txt" "$W/go-other.txt" || true
	echo '```'
} >"$TMP_OUT"
sed -i "s#$W/##g; s#$CTL#kirokuctl#g" "$TMP_OUT"
mv "$TMP_OUT" "$OUT"
say "wrote $OUT"
