#!/bin/sh
# Part of make bench (called by scripts/bench.sh): the recording codec
# (issue 19) against PCM, FLAC and ffmpeg's AAC and Opus on the same
# speech. Writes a Markdown fragment to $1. Needs $W (work dir), $GO;
# reads $W/mix.wav (48 kHz mono speech with a little noise) if bench.sh
# made it, else makes it.
set -eu
FRAG=$1
GO=${GO:-go}
say() { printf '%s\n' "$*" >&2; }
say "== recording codec"
if [ ! -f "$W/mix.wav" ]; then
	espeak-ng -w "$W/s.wav" "On Monday at the morning meeting my manager told me in front of everyone that I should quit. He said that nobody wants me here and that I am useless. I asked him to stop, and he laughed at me." 2>/dev/null
	sox "$W/s.wav" -r 48000 -c 1 -b 16 "$W/s48.wav"
	sox "$W/s48.wav" -p synth whitenoise vol 0.005 | sox -m "$W/s48.wav" - "$W/mix.wav"
fi
secs=$(soxi -D "$W/mix.wav")
sox "$W/mix.wav" "$W/c.flac"
ffmpeg -nostdin -v error -y -i "$W/mix.wav" -c:a aac -b:a 64k "$W/c.m4a"
ffmpeg -nostdin -v error -y -i "$W/mix.wav" -c:a libopus -b:a 32k "$W/c.opus"
mbh() { awk -v b="$1" -v s="$secs" 'BEGIN { printf "%.1f", b / s * 3600 / 1e6 }'; }
pcm_h=$(mbh $(($(stat -c %s "$W/mix.wav") - 44)))
flac_h=$(mbh "$(stat -c %s "$W/c.flac")")
aac_h=$(mbh "$(stat -c %s "$W/c.m4a")")
ffopus_h=$(mbh "$(stat -c %s "$W/c.opus")")
KIROKU_BENCH_WAV=$W/mix.wav $GO test -run XXX -bench 'Speech$' -benchtime 20x ./internal/opus/ >"$W/go-codec.txt"
metric() { grep "^$1-" "$W/go-codec.txt" | awk -v u="$2" '{ for (i = 2; i <= NF; i++) if ($i == u) print $(i-1) }'; }
k_h=$(metric BenchmarkEncodeSpeech MB/h | awk '{ printf "%.1f", $1 }')
k_cpu=$(metric BenchmarkEncodeSpeech %core | awk '{ printf "%.2f", $1 }')
k_corr=$(metric BenchmarkEncodeSpeech corr | awk '{ printf "%.4f", $1 }')
d_cpu=$(metric BenchmarkDecodeSpeech %core | awk '{ printf "%.2f", $1 }')
# The whole recording process per codec, as bench.sh measures PCM: CPU
# time of kirokuctl record (null backend: silence, MIN s) less the same
# process's start and unlock.
MIN=${BENCH_AUDIO_SECONDS:-60}
KP='violet harbour pencil thunder'
printf '%s\n%s\n' "$KP" "$KP" | $CTL init --vault "$W/codec.kiroku" --passphrase-stdin --kdf-time 3 >/dev/null 2>&1
for c in opus pcm; do
	/usr/bin/time -f "%U %S" -o "$W/rec-$c.time" sh -c "echo '$KP' | $CTL record --vault $W/codec.kiroku --passphrase-stdin --backend null --seconds $MIN --codec $c >/dev/null 2>&1"
done
/usr/bin/time -f "%U %S" -o "$W/codec-base.time" sh -c "echo '$KP' | $CTL recordings --vault $W/codec.kiroku --passphrase-stdin >/dev/null 2>&1"
base=$(awk '{ print $1 + $2 }' "$W/codec-base.time")
rec_cpu() { awk -v m="$MIN" -v b="$base" '{ printf "%.2f", ($1 + $2 - b) / m * 100 }' "$W/rec-$1.time"; }
opus_rec=$(rec_cpu opus)
pcm_rec=$(rec_cpu pcm)
{
	echo "## Recording codec (issue 19)"
	echo
	echo "The same $(printf '%.1f' "$secs") s of espeak-ng speech with a little noise, 48 kHz mono. Goal: at most 20 MB per hour;"
	echo "decoded envelope (20 ms RMS windows) correlated with the source at 0.95 or more; encoding well under the 3% recording budget."
	echo
	echo "| stored as | MB per hour |"
	echo "|---|---|"
	echo "| PCM s16le (Kiroku before format 8; still a setting) | $pcm_h |"
	echo "| FLAC (sox) | $flac_h |"
	echo "| AAC 64 kbit/s (ffmpeg, what a phone's recorder writes) | $aac_h |"
	echo "| Opus 32 kbit/s (ffmpeg libopus) | $ffopus_h |"
	echo "| **Kiroku: Opus 24 kbit/s VoIP, canonical Ogg (gopus)** | **$k_h** |"
	echo
	echo "| measure (Kiroku's Opus) | result | goal |"
	echo "|---|---|---|"
	echo "| encoding CPU, half-second chunks as a recording feeds it | $k_cpu% of one core | under 3% with the rest of recording |"
	echo "| decoding CPU (playback, WAV extraction) | $d_cpu% of one core | |"
	echo "| envelope correlation of the decoded audio with the source | $k_corr | at least 0.95 |"
	echo "| CPU of the whole recording process, Opus (kirokuctl record, null backend, $MIN s; unlock subtracted) | $opus_rec% of one core | under 3% |"
	echo "| same, PCM | $pcm_rec% of one core | |"
	echo
	echo '```'
	grep -h '^Benchmark' "$W/go-codec.txt"
	echo '```'
	echo
} >"$FRAG"
