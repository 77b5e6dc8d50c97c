package export

import (
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// TestMakeBenchVault builds the vault `make bench` exports: KIROKU_BENCH_ENTRIES
// entries and KIROKU_BENCH_AUDIO_HOURS hours of 48 kHz audio (one recording
// per hour, attached to the first entries), passphrase "pw", at the minimum
// production KDF cost. It is skipped unless KIROKU_BENCH_VAULT names the file.
func TestMakeBenchVault(t *testing.T) {
	path := os.Getenv("KIROKU_BENCH_VAULT")
	if path == "" {
		t.Skip("set KIROKU_BENCH_VAULT (make bench does)")
	}
	n, _ := strconv.Atoi(os.Getenv("KIROKU_BENCH_ENTRIES"))
	hoursOfAudio, _ := strconv.ParseFloat(os.Getenv("KIROKU_BENCH_AUDIO_HOURS"), 64)
	v, _, err := vault.Create(path, []byte("pw"), vault.Options{KDF: seal.Minimum})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	list := make([]record.Fields, 0, 1000)
	for i := 1; i <= n; i++ {
		list = append(list, record.Fields{
			EventTime: time.Date(2026, 1, 1, 9, 0, 0, 0, jst).Add(time.Duration(i) * 37 * time.Minute), EventZone: "Asia/Tokyo",
			Place: "3F meeting room", People: []record.Person{{Name: "Tanaka", Role: "superior"}},
			Text:  "entry " + strconv.Itoa(i) + ": he said it again in front of everyone at the morning meeting",
			Quote: "お前なんか辞めてしまえ", Witnesses: []string{"Sato"}, Categories: []string{"power-harassment"}, Impact: "could not sleep",
		})
		if len(list) == cap(list) || i == n {
			if err := v.AddMany(list); err != nil {
				t.Fatal(err)
			}
			list = list[:0]
		}
	}
	// Noise-like PCM: compresses about as badly as real speech recordings.
	chunk := make([]byte, 96000)
	x := uint32(2463534242)
	for i := range chunk {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		chunk[i] = byte(x)
	}
	secs := int(hoursOfAudio * 3600)
	for rec := 0; secs > 0; rec++ {
		w, err := v.StartRecording(record.AudioFormat{Codec: "pcm_s16le", SampleRate: 48000, Channels: 1, Bits: 16}, "bench", int64(rec+1), "")
		if err != nil {
			t.Fatal(err)
		}
		for s := 0; s < 3600 && secs > 0; s, secs = s+1, secs-1 {
			if err := w.Write(chunk); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.Finish(); err != nil {
			t.Fatal(err)
		}
	}
}
