# Helpers of the make bench scripts (sourced).
say() { printf '%s\n' "$*" >&2; }
mean() { grep '"mean"' "$1" | sed -n "$2p" | sed 's/.*"mean": *//; s/,.*//' | awk '{ printf "%.2f", $1 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v v="$1" -v l="$2" 'BEGIN { if (v + 0 <= l + 0) print "met"; else print "**missed**" }'; }
secs() { awk '{ print $1 }' "$1"; }
mkvault() { # path entries hours
	KIROKU_BENCH_VAULT=$1 KIROKU_BENCH_ENTRIES=$2 KIROKU_BENCH_AUDIO_HOURS=$3 \
		$GO test -count=1 -timeout 2h -run '^TestMakeBenchVault$' ./internal/export/ >&2
}

