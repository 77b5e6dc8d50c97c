#!/bin/sh
# Part of make bench (called by scripts/bench.sh): evidence bundles and
# backups, compared with the standard tools the issues name. Writes a
# Markdown fragment to $1. Needs $W (work dir on the real disk), $CTL, $GO.
set -eu
FRAG=$1
N=${BENCH_ENTRIES:-10000}
AUDIO_H=${BENCH_EXPORT_AUDIO_HOURS:-10}
BACKUP_H=${BENCH_BACKUP_AUDIO_HOURS:-5.8} # about 2 GB of vault
RUNS=${BENCH_RUNS:-3}
say() { printf '%s\n' "$*" >&2; }
mean() { grep '"mean"' "$1" | sed -n "$2p" | sed 's/.*"mean": *//; s/,.*//' | awk '{ printf "%.2f", $1 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v v="$1" -v l="$2" 'BEGIN { if (v + 0 <= l + 0) print "met"; else print "**missed**" }'; }
secs() { awk '{ print $1 }' "$1"; }
mkvault() { # path entries hours
	KIROKU_BENCH_VAULT=$1 KIROKU_BENCH_ENTRIES=$2 KIROKU_BENCH_AUDIO_HOURS=$3 \
		$GO test -count=1 -timeout 2h -run '^TestMakeBenchVault$' ./internal/export/ >&2
}

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
hyperfine --style basic --runs "$RUNS" --warmup 1 --export-json "$W/verify.json" --export-markdown "$W/verify.md" \
	-n "kirokuctl verify (everything: manifests, chain, records, entries.json)" "$CTL verify $W/bag >/dev/null" \
	-n "sha256sum -c manifest-sha256.txt" "cd $W/bag && sha256sum -c --quiet manifest-sha256.txt" >&2
ver_k=$(mean "$W/verify.json" 1)
ver_s=$(mean "$W/verify.json" 2)
rm -rf "$W/bag" "$W/x.kiroku"

say "== backup of a vault with $BACKUP_H h of audio"
mkvault "$W/b.kiroku" 1000 "$BACKUP_H"
bvault_mb=$(( $(stat -c %s "$W/b.kiroku") / 1000000 ))
mkdir -p "$W/usb"
hyperfine --style basic --runs "$RUNS" --export-json "$W/backup.json" --export-markdown "$W/backup.md" \
	--prepare "rm -rf $W/usb/* $W/plain.db $W/cp.kiroku; sync" \
	-n "kirokuctl backup (snapshot, fsync, read back, verify every sealed value, rename)" "echo pw | $CTL backup --vault $W/b.kiroku --passphrase-stdin --to $W/usb >/dev/null 2>&1" \
	-n "sqlite3 SRC \".backup DEST\"" "sqlite3 $W/b.kiroku '.backup $W/plain.db'" \
	-n "cp + sync + sha256sum" "cp $W/b.kiroku $W/cp.kiroku && sync $W/cp.kiroku && sha256sum $W/cp.kiroku >/dev/null" >&2
bk_k=$(mean "$W/backup.json" 1)
bk_s=$(mean "$W/backup.json" 2)
bk_c=$(mean "$W/backup.json" 3)
rm -rf "$W/usb" "$W/plain.db" "$W/cp.kiroku" "$W/b.kiroku"

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
	echo "## Backups (backup issue)"
	echo
	echo "A vault of $bvault_mb MB (1,000 entries, $BACKUP_H h of audio), backed up to a folder on the same disk."
	echo
	echo "| measure | seconds | Kiroku / this | goal |"
	echo "|---|---|---|---|"
	echo "| kirokuctl backup, verification included | $bk_k | | |"
	echo "| sqlite3 SRC \".backup DEST\" (no verification) | $bk_s | $(ratio "$bk_k" "$bk_s")x | |"
	echo "| cp + sync + sha256sum | $bk_c | $(ratio "$bk_k" "$bk_c")x | $(verdict "$(ratio "$bk_k" "$bk_c")" 1.5) (within 1.5x) |"
	echo
	echo "Kiroku reads the copy back from the drive with the page cache dropped (what a USB stick would return), checks SQLite's integrity and opens every sealed value before the rename; \`cp\` + \`sha256sum\` hashes the copy from the page cache and checks nothing inside it."
	echo
	echo "### hyperfine: backup"
	echo
	cat "$W/backup.md"
	echo
} >"$FRAG"
