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
	echo "Peak RSS of the zip export: $exp_rss MB (most of it the PDF of $N entries, which fpdf holds in memory until written). kirokuctl verify hashes with one worker per core ($(nproc) here) and also"
	echo "recomputes the ledger chain and checks every record; sha256sum -c only hashes."
	echo
	echo "### hyperfine: verify"
	echo
	cat "$W/verify.md"
	echo
} >"$FRAG"
