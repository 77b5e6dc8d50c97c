package vault_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"math"
	"math/rand"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/opus"
	"github.com/kiroku-app/kiroku/internal/pcm"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/vault"
)

var opus48 = record.AudioFormat{Codec: record.CodecOpus, SampleRate: 48000, Channels: 1, Bits: 16}

// syllables returns n frames from frame off of a voice-like signal: a
// 220 Hz tone with harmonics, switched on and off about four times a
// second, so that its envelope has something to correlate.
func syllables(off, n int) []byte {
	b := make([]byte, 2*n)
	for i := range n {
		t := float64(off+i) / 48000
		amp := 0.0
		if math.Sin(2*math.Pi*4.3*t)+0.3*math.Sin(2*math.Pi*1.1*t) > 0 {
			amp = 0.3
		}
		v := amp * (math.Sin(2*math.Pi*220*t) + 0.5*math.Sin(2*math.Pi*440*t) + 0.25*math.Sin(2*math.Pi*660*t)) / 1.75
		binary.LittleEndian.PutUint16(b[2*i:], uint16(int16(v*32767)))
	}
	return b
}

// recordOpus writes chunks of the given frame counts (a recorder's
// half-second chunks, a pause's short one, a gap) and a marker.
func recordOpus(t *testing.T, v *vault.Vault, finish bool, sizes ...int) (int64, []byte) {
	t.Helper()
	w, err := v.StartRecording(opus48, "test device", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	var all []byte
	off := 0
	for _, n := range sizes {
		p := syllables(off, n)
		if err := w.Write(p); err != nil {
			t.Fatal(err)
		}
		all = append(all, p...)
		off += n
	}
	if _, err := w.Marker(time.Second, "he raised his voice"); err != nil {
		t.Fatal(err)
	}
	if finish {
		r, err := w.Finish()
		if err != nil {
			t.Fatal(err)
		}
		if r.State != record.StateComplete || r.Frames != int64(off) || len(r.Markers) != 1 || r.End.OpusSHA256 == "" || r.End.WAVSHA256 != "" {
			t.Fatalf("recording %+v end %+v", r, r.End)
		}
	}
	return w.ID(), all
}

var opusSizes = []int{24000, 24000, 24000, 7001, 24000, 48000, 1}

func envCorr(a, b []byte) float64 {
	return pcm.BestCorrelation(pcm.Envelope(pcm.Mono(a, 1), 48000, 0.02), pcm.Envelope(pcm.Mono(b, 1), 48000, 0.02), 5)
}

// An Opus recording: about 24 kbit/s stored, the end record's hash is
// the canonical Ogg file's, which ExportAudio writes byte-identically
// every time, and the decoded WAV is the same audio, exactly as long.
func TestOpusRecordingRoundTrip(t *testing.T) {
	v, _, _ := newVault(t)
	id, data := recordOpus(t, v, true, opusSizes...)
	r, err := v.Recording(id)
	if err != nil {
		t.Fatal(err)
	}
	if r.Start.Format.PreSkip != 312 {
		t.Errorf("pre-skip %d", r.Start.Format.PreSkip)
	}
	var ogg bytes.Buffer
	sum, err := v.ExportAudio(id, &ogg)
	if err != nil {
		t.Fatal(err)
	}
	if s := sha256.Sum256(ogg.Bytes()); hex.EncodeToString(s[:]) != r.End.OpusSHA256 || !bytes.Equal(sum, s[:]) {
		t.Fatal("the Ogg file's hash is not the end record's")
	}
	secs := float64(len(data)/2) / 48000
	if kbps := float64(ogg.Len()) * 8 / secs / 1000; kbps > 32 {
		t.Errorf("%.1f kbit/s", kbps)
	}
	var again bytes.Buffer
	if _, err := v.ExportAudio(id, &again); err != nil || !bytes.Equal(again.Bytes(), ogg.Bytes()) {
		t.Fatalf("second export differs (%v)", err)
	}
	// The Ogg file decodes (strict reader) to the recording's length.
	var dec bytes.Buffer
	if _, n, err := opus.Decode(bytes.NewReader(ogg.Bytes()), &dec); err != nil || n != int64(len(data)/2) {
		t.Fatalf("Ogg decodes to %d frames (%v), recorded %d", n, err, len(data)/2)
	}
	var wav bytes.Buffer
	if _, err := v.ExportWAV(id, &wav); err != nil {
		t.Fatal(err)
	}
	f, got, err := pcm.ReadWAV(bytes.NewReader(wav.Bytes()))
	if err != nil || f != pcm.DefaultFormat() || len(got) != len(data) {
		t.Fatalf("WAV %+v, %d bytes (%v), recorded %d", f, len(got), err, len(data))
	}
	if !bytes.Equal(got, dec.Bytes()) {
		t.Error("the WAV and the decoded Ogg file differ")
	}
	if c := envCorr(data, got); c < 0.95 {
		t.Errorf("envelope correlation %.4f", c)
	}
	rep := mustCheck(t, v)
	if rep.Links != 1 {
		t.Fatalf("links %d", rep.Links)
	}
	if err := v.CheckRecordingAudio(id); err != nil {
		t.Fatal(err)
	}
}

// The player's reader gives the decoded WAV's samples read in order, and
// after a seek (a fresh decoder primed with the chunk before) the same
// audio within a small error.
func TestOpusPCMReader(t *testing.T) {
	v, _, _ := newVault(t)
	id, _ := recordOpus(t, v, true, opusSizes...)
	var wav bytes.Buffer
	if _, err := v.ExportWAV(id, &wav); err != nil {
		t.Fatal(err)
	}
	want := wav.Bytes()[pcm.WAVHeaderSize:]
	p, err := v.OpenPCM(id)
	if err != nil {
		t.Fatal(err)
	}
	if p.Size() != int64(len(want)) {
		t.Fatalf("size %d, want %d", p.Size(), len(want))
	}
	got, err := io.ReadAll(io.NewSectionReader(p, 0, p.Size()))
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("in-order read differs (%v)", err)
	}
	rng := rand.New(rand.NewSource(1))
	for range 20 {
		off := int64(rng.Intn(len(want)/2)) * 2
		n := min(int64(9600), int64(len(want))-off)
		b := make([]byte, n)
		p2, _ := v.OpenPCM(id)
		if _, err := p2.ReadAt(b, off); err != nil && !errors.Is(err, io.EOF) {
			t.Fatal(err)
		}
		var se, sw float64
		for i := 0; i+1 < len(b); i += 2 {
			d := float64(int16(binary.LittleEndian.Uint16(b[i:])) - int16(binary.LittleEndian.Uint16(want[off+int64(i):])))
			w := float64(int16(binary.LittleEndian.Uint16(want[off+int64(i):])))
			se += d * d
			sw += w * w
		}
		if sw > 0 && se/sw > 0.01 {
			t.Errorf("seek to %d: relative error %.4f", off, se/sw)
		}
	}
}

// A crash mid-recording: on the next unlock the recording is interrupted
// with every committed packet; its length is what the packets hold (less
// than 20 ms short of what was written), its Ogg file matches its end
// record, and check passes.
func TestOpusRecordingInterrupted(t *testing.T) {
	v, path, _ := newVault(t)
	id, data := recordOpus(t, v, false, opusSizes...)
	v = reopen(t, v, path)
	r, err := v.Recording(id)
	if err != nil || r.State != record.StateInterrupted || len(r.Markers) != 1 {
		t.Fatalf("after crash: %+v %v", r, err)
	}
	lost := int64(len(data)/2) - r.Frames
	if lost < 0 || lost >= 960+312 {
		t.Fatalf("%d frames lost", lost)
	}
	var ogg bytes.Buffer
	if _, err := v.ExportAudio(id, &ogg); err != nil {
		t.Fatal(err)
	}
	var dec bytes.Buffer
	if _, n, err := opus.Decode(bytes.NewReader(ogg.Bytes()), &dec); err != nil || n != r.Frames {
		t.Fatalf("%d frames (%v)", n, err)
	}
	if c := envCorr(data[:dec.Len()], dec.Bytes()); c < 0.95 {
		t.Errorf("envelope correlation %.4f", c)
	}
	mustCheck(t, v)
}

// Damage to an Opus recording is named by check and stops its export.
func TestOpusRecordingTamper(t *testing.T) {
	for _, tt := range []struct {
		name string
		sql  []string
	}{
		{"flipped chunk", []string{"UPDATE recording_chunks SET body = CAST(substr(body, 1, 100) || CASE WHEN substr(body, 101, 1) = x'00' THEN x'01' ELSE x'00' END || substr(body, 102) AS BLOB) WHERE recording_id = 1 AND seq = 1"}},
		{"deleted chunk", []string{"DELETE FROM recording_chunks WHERE recording_id = 1 AND seq = 1"}},
		{"frames column changed", []string{"UPDATE recording_chunks SET frames = frames + 960 WHERE recording_id = 1 AND seq = 2"}},
		{"spliced", []string{"UPDATE recording_chunks SET body = (SELECT body FROM recording_chunks WHERE recording_id = 2 AND seq = 0) WHERE recording_id = 1 AND seq = 0"}},
		{"truncated", []string{"DELETE FROM recording_chunks WHERE recording_id = 1 AND final = 1"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v, path, _ := newVault(t)
			recordOpus(t, v, true, opusSizes...)
			recordOpus(t, v, true, opusSizes...)
			v.Close()
			v2 := tamperAndCheck(t, path, tt.sql, "recording:1", "recording:2")
			if _, err := v2.ExportAudio(1, io.Discard); err == nil {
				t.Fatal("damaged recording exported without error")
			}
			if err := v2.CheckRecordingAudio(1); !errors.Is(err, apperr.ErrDamaged) {
				t.Fatalf("CheckRecordingAudio: %v", err)
			}
		})
	}
}

// PCM stays a setting: a PCM recording in a format-8 vault is what it
// always was, and its export file is still the WAV.
func TestPCMRecordingInFormat8(t *testing.T) {
	v, _, _ := newVault(t)
	id, data := record3s(t, v, true)
	var out bytes.Buffer
	sum, err := v.ExportAudio(id, &out)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := v.Recording(id)
	if r.End.WAVSHA256 != hex.EncodeToString(sum) || r.End.OpusSHA256 != "" || !bytes.Equal(out.Bytes()[pcm.WAVHeaderSize:], data) || r.Start.Format.Ext() != ".wav" {
		t.Fatalf("PCM recording %+v", r.End)
	}
}

// A recording stopped at once (only the encoder's delay in its one
// packet) and one cut off before its first packet both end, export a
// file of no audio, and check.
func TestOpusRecordingEmpty(t *testing.T) {
	v, path, _ := newVault(t)
	w, err := v.StartRecording(opus48, "", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(make([]byte, 2*500)); err != nil { // under one packet
		t.Fatal(err)
	}
	if r, err := w.Finish(); err != nil || r.Frames != 500 {
		t.Fatalf("stopped at once: %+v %v", r, err)
	}
	w2, err := v.StartRecording(opus48, "", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := w2.Write(make([]byte, 2*500)); err != nil {
		t.Fatal(err)
	}
	v = reopen(t, v, path)
	r, err := v.Recording(w2.ID())
	if err != nil || r.State != record.StateInterrupted || r.Frames != 0 {
		t.Fatalf("cut off: %+v %v", r, err)
	}
	for _, id := range []int64{w.ID(), w2.ID()} {
		var ogg bytes.Buffer
		if _, err := v.ExportAudio(id, &ogg); err != nil {
			t.Fatal(err)
		}
		var dec bytes.Buffer
		_, n, err := opus.Decode(bytes.NewReader(ogg.Bytes()), &dec)
		if want := map[int64]int64{w.ID(): 500, w2.ID(): 0}[id]; err != nil || n != want {
			t.Fatalf("recording %d: %d frames (%v), want %d", id, n, err, want)
		}
	}
	mustCheck(t, v)
}

// A transcript of an Opus recording is bound to the hash of the file a
// bundle holds: the canonical Ogg Opus file's.
func TestTranscriptOfOpusRecording(t *testing.T) {
	v, _, _ := newVault(t)
	id, _ := recordOpus(t, v, true, opusSizes...)
	var ogg bytes.Buffer
	if _, err := v.ExportAudio(id, &ogg); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(ogg.Bytes())
	tr, err := v.SaveTranscript(record.TranscriptRevision{Audio: record.TranscriptAudio{Ref: record.TranscriptAudioRef("recording", id)},
		Transcriber: "x", Speakers: []record.TranscriptSpeaker{{ID: "A", Name: "本人"}},
		Utterances: []record.Utterance{{StartMS: 0, EndMS: 1000, Speaker: "A", Text: "やめてください"}}})
	if err != nil || tr.Audio.SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("transcript %+v (%v), want the Ogg file's hash %x", tr.Audio, err, sum)
	}
	mustCheck(t, v)
}
