#!/bin/sh
# Part of make bench (called by scripts/bench.sh; runs alone too): backups
# of a 2 GB vault, compared with sqlite3 .backup and cp + sync + sha256sum.
# Writes a Markdown fragment to $1. Needs $W (work dir on the real disk),
# $CTL, $GO.
set -eu
FRAG=$1
BACKUP_H=${BENCH_BACKUP_AUDIO_HOURS:-5.8} # about 2 GB of vault
RUNS=${BENCH_RUNS:-3}
. scripts/bench-lib.sh

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
