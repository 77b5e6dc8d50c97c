package opus_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/kiroku-app/kiroku/internal/opus"
	"github.com/kiroku-app/kiroku/internal/pcm"
)

// benchSpeech is the speech make bench measures every codec on
// (KIROKU_BENCH_WAV, a 48 kHz mono 16-bit WAV), or espeak-ng's.
func benchSpeech(b *testing.B) []byte {
	path := os.Getenv("KIROKU_BENCH_WAV")
	if path == "" {
		return speech(b)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	f, data, err := pcm.ReadWAV(bytes.NewReader(raw))
	if err != nil {
		b.Fatal(err)
	}
	if f != pcm.DefaultFormat() {
		b.Fatalf("%s: %+v, want 48 kHz mono 16-bit", path, f)
	}
	return data
}

// BenchmarkEncodeSpeech encodes speech as a recording does (half-second
// chunks, then the canonical file) and reports the CPU time encoding takes
// as a share of the audio's duration (of one core), the storage per hour and the
// envelope correlation of the decoded audio with the source.
func BenchmarkEncodeSpeech(b *testing.B) {
	src := benchSpeech(b)
	secs := float64(len(src)/2) / opus.SampleRate
	var size int
	var file []byte
	b.ResetTimer()
	start := cpuTime()
	for range b.N {
		packets, preSkip := encode(b, src, opus.SampleRate) // 0.5 s of s16le
		file = ogg(b, packets, preSkip, int64(len(src)/2))
		size = len(file)
	}
	el := cpuTime() - start
	b.StopTimer()
	b.ReportMetric(100*el.Seconds()/float64(b.N)/secs, "%core")
	b.ReportMetric(float64(size)/secs*3600/1e6, "MB/h")
	var out bytes.Buffer
	if _, _, err := opus.Decode(bytes.NewReader(file), &out); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(envCorrelation(src, out.Bytes()), "corr")
	b.SetBytes(int64(len(src)))
}

// BenchmarkDecodeSpeech: playback and WAV extraction decode on demand.
func BenchmarkDecodeSpeech(b *testing.B) {
	src := benchSpeech(b)
	secs := float64(len(src)/2) / opus.SampleRate
	packets, preSkip := encode(b, src, opus.SampleRate)
	file := ogg(b, packets, preSkip, int64(len(src)/2))
	b.ResetTimer()
	start := cpuTime()
	for range b.N {
		if _, _, err := opus.Decode(bytes.NewReader(file), new(bytes.Buffer)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(100*(cpuTime()-start).Seconds()/float64(b.N)/secs, "%core")
}
