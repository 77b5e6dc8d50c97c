#!/bin/sh
# Part of make bench (called by scripts/bench.sh): evidence bundles,
# compared with the standard tools the issue names. Writes a Markdown
# fragment to $1. Needs $W (work dir on the real disk), $CTL, $GO.
set -eu
FRAG=$1
N=${BENCH_ENTRIES:-10000}
AUDIO_H=${BENCH_EXPORT_AUDIO_HOURS:-10}
RUNS=${BENCH_RUNS:-3}
. scripts/bench-lib.sh

say "== evidence bundle: vault with $N entries and $AUDIO_H h of audio"
mkvault "$W/x.kiroku" "$N" "$AUDIO_H"
vault_mb=$(( $(stat -c %s "$W/x.kiroku") / 1000000 ))
/usr/bin/time -f "%e %M" -o "$W/exp-dir.time" sh -c "echo pw | $CTL export --vault $W/x.kiroku --passphrase-stdin --out $W/bag --lang both >/dev/null 2>&1"
/usr/bin/time -f "%e %M" -o "$W/exp-zip.time" sh -c "echo pw | $CTL export --vault $W/x.kiroku --passphrase-stdin --out $W/bag2 --zip --lang both >/dev/null 2>&1"
bag_mb=$(du -sm "$W/bag" | awk '{ print $1 }')
zip_mb=$(( $(stat -c %s "$W/bag2.zip") / 1000000 ))
# The baseline: the same plaintext files (the bag's payload), zipped and hashed.
/usr/bin/time -f "%e %M" -o "$W/base-zip.time" sh -c "cd $W/bag && zip -q -r $W/base.zip data && find data -type f -exec sha256sum {} + >/dev/null && sync"
rm -f "$W/base.zip" "$W/bag2.zip"
exp_dir=$(secs "$W/exp-dir.time")
exp_zip=$(secs "$W/exp-zip.time")
base_zip=$(secs "$W/base-zip.time")
exp_rss=$(awk '{ printf "%.0f", $2 / 1024 }' "$W/exp-zip.time")

say "== verify the bag"
# No timestamp authority in the bench: the honest verdict is "consistent,
# not anchored", exit 11; any other exit fails the run.
hyperfine --style basic --runs "$RUNS" --warmup 1 --export-json "$W/verify.json" --export-markdown "$W/verify.md" \
	-n "kirokuctl verify (everything: manifests, chain, records, entries.json)" "$CTL verify $W/bag >/dev/null; test \$? -eq 11" \
	-n "sha256sum -c manifest-sha256.txt" "cd $W/bag && sha256sum -c --quiet manifest-sha256.txt" >&2
ver_k=$(mean "$W/verify.json" 1)
ver_s=$(mean "$W/verify.json" 2)
rm -rf "$W/bag" "$W/x.kiroku"

# Issue 14 (every script in the report): the report's own cost, against
# the last build before it (fpdf, which held the whole PDF in memory), on
# the same entries without audio; and what a report in every script and
# the embedded fonts weigh.
BASE_REV=${BENCH_REPORT_BASE:-3a13021}
say "== the report: this build against $BASE_REV"
mkvault "$W/r.kiroku" "$N" 0
rep_pair=""
if git rev-parse --verify -q "$BASE_REV^{commit}" >/dev/null && git worktree add -q -f "$W/base-src" "$BASE_REV" 2>/dev/null; then
	(cd "$W/base-src" && $GO build -o "$W/base-ctl" ./cmd/kirokuctl && $GO build -o "$W/base-kiroku" ./cmd/kiroku)
	git worktree remove -f "$W/base-src"
	hyperfine --style basic --runs "$RUNS" --export-json "$W/report.json" \
		-p "rm -rf $W/rbag" -n "kirokuctl export (this build)" "echo pw | $CTL export --vault $W/r.kiroku --passphrase-stdin --out $W/rbag --lang both --no-filings >/dev/null 2>&1" \
		-p "rm -rf $W/rbag" -n "kirokuctl export ($BASE_REV, fpdf)" "echo pw | $W/base-ctl export --vault $W/r.kiroku --passphrase-stdin --out $W/rbag --lang both >/dev/null 2>&1" >&2
	for b in new base; do
		ctl="$CTL"
		flags=--no-filings
		[ "$b" = base ] && ctl=$W/base-ctl && flags=
		rm -rf "$W/rbag"
		/usr/bin/time -f "%e %M" -o "$W/rep-$b.time" sh -c "echo pw | $ctl export --vault $W/r.kiroku --passphrase-stdin --out $W/rbag --lang both $flags >/dev/null 2>&1"
		eval "rep_${b}_mb=\$(( \$(stat -c %s $W/rbag/data/report.pdf) / 1000000 ))"
	done
	rep_new=$(mean "$W/report.json" 1)
	rep_base=$(mean "$W/report.json" 2)
	rss_new=$(awk '{ printf "%.0f", $2 / 1024 }' "$W/rep-new.time")
	rss_base=$(awk '{ printf "%.0f", $2 / 1024 }' "$W/rep-base.time")
	$GO build -o "$W/this-kiroku" ./cmd/kiroku
	size_app=$(stat -c %s "$W/this-kiroku")
	size_base=$(stat -c %s "$W/base-kiroku")
	rep_pair=1
fi
# Issue 15: what the filings (証拠説明書, 時系列表, 陳述書 as PDF, Word and
# Excel) add to the same export.
hyperfine --style basic --runs "$RUNS" --export-json "$W/filings.json" \
	-p "rm -rf $W/rbag" -n "export with the filings" "echo pw | $CTL export --vault $W/r.kiroku --passphrase-stdin --out $W/rbag --lang both >/dev/null 2>&1" \
	-p "rm -rf $W/rbag" -n "export --no-filings" "echo pw | $CTL export --vault $W/r.kiroku --passphrase-stdin --out $W/rbag --lang both --no-filings >/dev/null 2>&1" >&2
fil_with=$(mean "$W/filings.json" 1)
fil_without=$(mean "$W/filings.json" 2)
rm -rf "$W/rbag"
/usr/bin/time -f "%e %M" -o "$W/fil.time" sh -c "echo pw | $CTL export --vault $W/r.kiroku --passphrase-stdin --out $W/rbag --lang both >/dev/null 2>&1"
fil_rss=$(awk '{ printf "%.0f", $2 / 1024 }' "$W/fil.time")
fil_kb=$(( $(du -sk "$W/rbag/data/filings" | cut -f1) ))
rm -rf "$W/rbag" "$W/r.kiroku"
# A report with an entry in each of 15 languages (the tests' corpus).
KP="violet harbour pencil thunder"
printf '%s\n%s\n' "$KP" "$KP" | $CTL init --vault "$W/s.kiroku" --passphrase-stdin --kdf-time 3 >/dev/null 2>&1
awk 'match($0, /"text": "[^"]*"/) { t = substr($0, RSTART + 9, RLENGTH - 10); match($0, /"quote": "[^"]*"/); q = substr($0, RSTART + 10, RLENGTH - 11)
	printf "{\"text\":\"%s\",\"quote\":\"%s\"}\n", t, q }' internal/report/testdata/scripts.json >"$W/s.in"
{ echo "$KP"; cat "$W/s.in"; } | $CTL add --vault "$W/s.kiroku" --passphrase-stdin --batch - >/dev/null
echo "$KP" | $CTL export --vault "$W/s.kiroku" --passphrase-stdin --out "$W/sbag" --lang both >/dev/null 2>&1
scripts_kb=$(( $(stat -c %s "$W/sbag/data/report.pdf") / 1000 ))
scripts_n=$(wc -l <"$W/s.in")
rm -rf "$W/sbag" "$W/s.kiroku" "$W/s.in"

{
	echo "## Evidence bundles (export issue)"
	echo
	echo "A vault of $N entries and $AUDIO_H h of 48 kHz audio ($vault_mb MB); the bag holds $bag_mb MB, the zip $zip_mb MB."
	echo "Export includes the unlock, decrypting every record and every second of audio, the PDF report, the ledger and the"
	echo "manifests. The baseline zips and hashes the same plaintext files with the standard tools (zip -r deflates; Kiroku"
	echo "stores WAV as is and deflates the rest)."
	echo
	echo "| measure | Kiroku (s) | baseline (s) | ratio | goal |"
	echo "|---|---|---|---|---|"
	echo "| export to a .zip vs zip -r + sha256sum of the same files | $exp_zip | $base_zip | $(ratio "$exp_zip" "$base_zip")x | $(verdict "$(ratio "$exp_zip" "$base_zip")" 1.2) (within 1.2x) |"
	echo "| export to a folder (fsynced) vs the same baseline | $exp_dir | $base_zip | $(ratio "$exp_dir" "$base_zip")x | (for information) |"
	echo "| verify the bag vs sha256sum -c on the same bag | $ver_k | $ver_s | $(ratio "$ver_k" "$ver_s")x | $(verdict "$(ratio "$ver_k" "$ver_s")" 0.99) (faster) |"
	echo
	echo "Peak RSS of the zip export: $exp_rss MB (the report is written page by page into the bag). kirokuctl verify hashes with one worker per core ($(nproc) here) and also"
	echo "recomputes the ledger chain and checks every record; sha256sum -c only hashes."
	echo
	echo "### The report in every script (issue 14)"
	echo
	if [ -n "$rep_pair" ]; then
		echo "Export of the same $N entries without audio (so the report dominates), this build against $BASE_REV, the last"
		echo "build with fpdf (one glyph per character, the whole PDF in memory). Goals: time within 10%, peak memory under 200 MB."
		echo
		echo "| measure | this build | $BASE_REV | ratio | goal |"
		echo "|---|---|---|---|---|"
		echo "| export, mean of $RUNS (s) | $rep_new | $rep_base | $(ratio "$rep_new" "$rep_base")x | $(verdict "$(ratio "$rep_new" "$rep_base")" 1.10) (within 1.1x) |"
		echo "| peak RSS of one export (MB) | $rss_new | $rss_base | $(ratio "$rss_new" "$rss_base")x | $(verdict "$rss_new" 200) (under 200 MB) |"
		echo "| report.pdf of $N entries (MB) | $rep_new_mb | $rep_base_mb | | (for information) |"
		echo "| the app's binary (MB) | $(awk -v b="$size_app" 'BEGIN { printf "%.1f", b / 1e6 }') | $(awk -v b="$size_base" 'BEGIN { printf "%.1f", b / 1e6 }') | | $(verdict "$(awk -v a="$size_app" -v b="$size_base" 'BEGIN { printf "%.1f", (a - b) / 1e6 }')" 15) (under 15 MB added) |"
		echo
	fi
	echo "### The filings (issue 15)"
	echo
	echo "The same export with data/filings/ (証拠説明書, 時系列表 and 陳述書 drafts as PDF and Word, the chronology also as"
	echo "Excel: $fil_kb KB for $N entries) against --no-filings."
	echo
	echo "| measure | with filings | --no-filings | ratio |"
	echo "|---|---|---|---|"
	echo "| export, mean of $RUNS (s) | $fil_with | $fil_without | $(ratio "$fil_with" "$fil_without")x |"
	echo "| peak RSS (MB) | $fil_rss | $rss_new | |"
	echo
	echo "A report of $scripts_n entries, one in each language of internal/report/testdata/scripts.json (15 scripts, nine fonts"
	echo "embedded as subsets): $scripts_kb KB in all, $(verdict "$scripts_kb" 1000) (fonts under 1 MB for a typical report)."
	echo
	echo "### hyperfine: verify"
	echo
	cat "$W/verify.md"
	echo
} >"$FRAG"
