package record_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/record"
)

// The recording records reach a verifier from untrusted bundles
// (ledger/records/recording-<id>.json and -start.json): whatever the
// parsers accept must be exactly canonical.

func sampleStart() record.RecordingStart {
	return record.RecordingStart{Version: 1, Salt: strings.Repeat("ab", 32), RecordingID: 7,
		StartedAt: time.Date(2026, 10, 3, 5, 30, 0, 123456789, time.UTC),
		Format:    record.AudioFormat{Codec: "pcm_s16le", SampleRate: 48000, Channels: 1, Bits: 16},
		Device:    "マイク (USB) \"default\"", EntryID: 3, Label: "面談 <1>"}
}

func sampleEnd() record.RecordingEnd {
	return record.RecordingEnd{Version: 1, Salt: strings.Repeat("cd", 32), RecordingID: 7, StartHash: strings.Repeat("0f", 32),
		EndedAt: time.Date(2026, 10, 3, 6, 0, 0, 0, time.FixedZone("JST", 9*3600)), State: record.StateComplete,
		Chunks: 3, Frames: 96000, DurationNS: 2_000_000_000, WAVSHA256: strings.Repeat("aa", 32),
		Markers: []record.Marker{{At: 1500 * time.Millisecond, Wall: time.Date(2026, 10, 3, 5, 30, 1, 5, time.UTC), Label: "怒鳴った"}}}
}

func FuzzParseRecordingStart(f *testing.F) {
	b, err := sampleStart().Canonical()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"v":1}`))
	f.Add(bytes.Replace(b, []byte(`"label":"面談`), []byte(`"label":"\ud800`), 1))
	f.Add(bytes.Replace(b, []byte(`"entry":3`), []byte(`"entry":3,"entry":4`), 1))
	f.Fuzz(func(t *testing.T, in []byte) {
		s, err := record.ParseRecordingStart(in)
		if err != nil {
			return
		}
		out, err := s.Canonical()
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("accepted bytes are not canonical:\n%q\n%q (%v)", in, out, err)
		}
	})
}

func FuzzParseRecordingEnd(f *testing.F) {
	b, err := sampleEnd().Canonical()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	noMarkers := sampleEnd()
	noMarkers.Markers = nil
	b2, _ := noMarkers.Canonical()
	f.Add(b2)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"v":1,"markers":null}`))
	f.Add(bytes.Replace(b, []byte(`"at_ns":1500000000`), []byte(`"at_ns":1.5e9`), 1))
	f.Fuzz(func(t *testing.T, in []byte) {
		e, err := record.ParseRecordingEnd(in)
		if err != nil {
			return
		}
		out, err := e.Canonical()
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("accepted bytes are not canonical:\n%q\n%q (%v)", in, out, err)
		}
		if e.Markers == nil {
			t.Fatal("accepted a record whose markers decode to nil")
		}
	})
}

func FuzzParseMarker(f *testing.F) {
	b, err := sampleEnd().Markers[0].Canonical()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"at_ns":-1,"wall":"0001-01-01T00:00:00Z","label":""}`))
	f.Add([]byte(`{"at_ns":1,"wall":"2026-10-03T05:30:01.000000005+09:00","label":"\u2028"}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := record.ParseMarker(in)
		if err != nil {
			return
		}
		out, err := m.Canonical()
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("accepted bytes are not canonical:\n%q\n%q (%v)", in, out, err)
		}
	})
}
