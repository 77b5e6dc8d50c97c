package vault

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/opus"
	"github.com/kiroku-app/kiroku/internal/pcm"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// Audio is streamed into the vault as sealed chunks of at most one second,
// each committed in its own transaction, so a crash loses at most the chunk
// in flight. Each chunk's associated data binds the recording, its sequence
// number and whether it is the final chunk (the idea of age's STREAM), so
// dropping, reordering, truncating or splicing chunks is detected. A
// recording ends with an empty final chunk and an end record whose hash goes
// into the ledger; a recording cut off by a crash is ended the same way,
// marked "interrupted", on the next unlock.

// LinkRecording is the ledger kind of a recording's end record.
const LinkRecording = "recording"

// MaxChunkDuration bounds the audio in one chunk.
const MaxChunkDuration = time.Second

// SafeChunkDuration is what recorders should use: half a second, so that
// with the capture device's period and the commit on top, a crash loses
// clearly less than a second.
const SafeChunkDuration = 500 * time.Millisecond

// streamChunkAD binds a sealed chunk to its stream (table and owner id),
// its place in the stream and whether it is the final chunk: the STREAM
// rule shared by recordings and imported files (docs/FORMAT.md).
func streamChunkAD(table string, owner, seq int64, final bool) []byte {
	f := "more"
	if final {
		f = "final"
	}
	return seal.AD(table, "body", strconv.FormatInt(owner, 10), strconv.FormatInt(seq, 10), f, "2")
}

func chunkAD(rec, seq int64, final bool) []byte {
	return streamChunkAD("recording_chunks", rec, seq, final)
}

func recStartAD(id int64) []byte {
	return seal.AD("recordings", "start", strconv.FormatInt(id, 10), "2")
}
func recEndAD(id int64) []byte { return seal.AD("recordings", "end", strconv.FormatInt(id, 10), "2") }
func markerAD(id, rec int64) []byte {
	return seal.AD("recording_markers", "body", strconv.FormatInt(id, 10), strconv.FormatInt(rec, 10), "2")
}

// stateRecording is the clear state of a recording still being written;
// the record package names only the states an end record can hold.
const stateRecording = "recording"

func recordingRef(id int64) string { return "recording:" + strconv.FormatInt(id, 10) }

func (v *Vault) audioKey() (*seal.Key, error) {
	if v.master == nil {
		return nil, apperr.ErrLocked
	}
	return v.audio, nil
}

func newSalt() string {
	var s [32]byte
	copy(s[:], seal.Random(32))
	return record.SaltHex(s)
}

// Recording is what the vault knows about one recording.
type Recording struct {
	ID       int64                 `json:"id"`
	State    string                `json:"state"` // recording, complete, interrupted
	Start    record.RecordingStart `json:"-"`
	End      *record.RecordingEnd  `json:"-"` // nil while recording
	Chunks   int64                 `json:"chunks"`
	Frames   int64                 `json:"frames"`
	Duration time.Duration         `json:"duration_ns"`
	Markers  []record.Marker       `json:"markers"`
}

// RecordingWriter appends audio to one recording. It is not safe for
// concurrent use; the recorder's consumer goroutine owns it.
type RecordingWriter struct {
	v      *Vault
	id     int64
	format record.AudioFormat
	seq    int64
	frames int64 // PCM frames taken
	done   bool
	enc    *opus.Encoder // Opus recordings: PCM in, packets stored
}

// StartRecording creates a recording and returns its writer. Write takes
// PCM whatever f.Codec says; for CodecOpus the writer encodes it (and
// sets f.PreSkip).
func (v *Vault) StartRecording(f record.AudioFormat, device string, entryID int64, label string) (*RecordingWriter, error) {
	var enc *opus.Encoder
	if f.Opus() {
		var err error
		if enc, err = opus.NewEncoder(f.Channels); err != nil {
			return nil, fmt.Errorf("%w: %w", apperr.ErrInvalidInput, err)
		}
		f.PreSkip = enc.PreSkip()
	}
	if err := f.Valid(); err != nil {
		return nil, err
	}
	if err := record.ValidText("recording label", label); err != nil {
		return nil, err
	}
	label = record.NFC(label)
	// The device name comes from the audio system, not the user: bytes
	// that are not UTF-8 are replaced rather than refusing to record.
	device = strings.ToValidUTF8(device, "\uFFFD")
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	k, err := v.audioKey()
	if err != nil {
		return nil, err
	}
	var id int64
	err = v.write(ctx, func(tx *sql.Tx) error {
		if entryID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM entries WHERE id = ?`, entryID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fmt.Errorf("entry %d: %w", entryID, apperr.ErrNotFound)
			}
		}
		var err error
		if id, err = v.nextID(ctx, tx, "recordings", "id"); err != nil {
			return err
		}
		s := record.RecordingStart{Version: record.CanonicalVersion, Salt: newSalt(), RecordingID: id,
			StartedAt: v.now().Round(0), Format: f, Device: device, EntryID: entryID, Label: label}
		canon, err := s.Canonical()
		if err != nil {
			return err
		}
		if err := readsBack("the recording", canon, record.ParseRecordingStart); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO recordings (id, state, start) VALUES (?, 'recording', ?)`,
			id, k.Seal(pad(canon), recStartAD(id)))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("start recording: %w", err)
	}
	return &RecordingWriter{v: v, id: id, format: f, enc: enc}, nil
}

// ID returns the recording's id.
func (w *RecordingWriter) ID() int64 { return w.id }

// Duration returns the audio written so far.
func (w *RecordingWriter) Duration() time.Duration {
	return time.Duration(w.frames) * time.Second / time.Duration(w.format.SampleRate)
}

// Write stores one chunk of PCM (whole frames, at most one second) durably.
func (w *RecordingWriter) Write(pcm []byte) error {
	if w.done {
		return errors.New("recording already finished")
	}
	bpf := w.format.BytesPerFrame()
	if len(pcm) == 0 {
		return nil
	}
	if len(pcm)%bpf != 0 || len(pcm)/bpf > w.format.SampleRate {
		return fmt.Errorf("%w: a chunk must hold whole frames and at most one second", apperr.ErrInvalidInput)
	}
	frames := int64(len(pcm) / bpf)
	if w.enc != nil {
		return w.writeOpus(pcm, frames)
	}
	ctx := context.Background()
	v := w.v
	v.mu.Lock()
	defer v.mu.Unlock()
	k, err := v.audioKey()
	if err != nil {
		return err
	}
	err = v.write(ctx, func(tx *sql.Tx) error {
		_, err := v.exec(ctx, tx, `INSERT INTO recording_chunks (recording_id, seq, final, frames, body) VALUES (?, ?, 0, ?, ?)`,
			w.id, w.seq, frames, k.Seal(pcm, chunkAD(w.id, w.seq, false)))
		return err
	})
	if err != nil {
		return fmt.Errorf("store audio: %w", err)
	}
	w.seq++
	w.frames += frames
	return nil
}

// writeOpus encodes PCM and stores the packets it completes, in chunks of
// at most one second, in one transaction. Less than one 20 ms frame may
// wait in the encoder for the next call.
func (w *RecordingWriter) writeOpus(pcm []byte, frames int64) error {
	packets, err := w.enc.Encode(pcm)
	if err != nil {
		return fmt.Errorf("store audio: %w", err)
	}
	w.frames += frames
	if len(packets) == 0 {
		return nil
	}
	ctx := context.Background()
	v := w.v
	v.mu.Lock()
	defer v.mu.Unlock()
	k, err := v.audioKey()
	if err != nil {
		return err
	}
	seq := w.seq
	err = v.write(ctx, func(tx *sql.Tx) error {
		var err error
		seq, err = v.insertOpusChunks(ctx, tx, k, w.id, w.seq, packets)
		return err
	})
	if err != nil {
		return fmt.Errorf("store audio: %w", err)
	}
	w.seq = seq
	return nil
}

// insertOpusChunks stores packets as chunks from seq on and returns the
// next sequence number.
func (v *Vault) insertOpusChunks(ctx context.Context, tx *sql.Tx, k *seal.Key, id, seq int64, packets [][]byte) (int64, error) {
	for len(packets) > 0 {
		n := min(len(packets), maxChunkPackets)
		body, frames := packChunk(packets[:n])
		if _, err := v.exec(ctx, tx, `INSERT INTO recording_chunks (recording_id, seq, final, frames, body) VALUES (?, ?, 0, ?, ?)`,
			id, seq, frames, k.Seal(body, chunkAD(id, seq, false))); err != nil {
			return seq, err
		}
		packets = packets[n:]
		seq++
	}
	return seq, nil
}

// WriteGap stores silence for frames the computer was too slow to keep, so
// the recording's timeline stays true to the clock, and marks the gap at
// its start (at is the position where the audio resumed).
func (w *RecordingWriter) WriteGap(frames int64, at time.Duration) error {
	f := w.format
	lost := time.Duration(frames) * time.Second / time.Duration(f.SampleRate)
	for left := frames; left > 0; {
		n := min(left, int64(f.SampleRate))
		if err := w.Write(make([]byte, n*int64(f.BytesPerFrame()))); err != nil {
			return err
		}
		left -= n
	}
	_, err := w.Marker(at-lost, fmt.Sprintf("gap: %v of audio lost (the computer was too busy)", lost.Round(time.Millisecond)))
	return err
}

// Marker stores a marker at the current position and returns its id (what
// LabelMarker addresses: a label typed after the marker was placed).
func (w *RecordingWriter) Marker(at time.Duration, label string) (int64, error) {
	ctx := context.Background()
	v := w.v
	v.mu.Lock()
	defer v.mu.Unlock()
	k, err := v.audioKey()
	if err != nil {
		return 0, err
	}
	if err := record.ValidText("marker label", label); err != nil {
		return 0, err
	}
	label = record.NFC(label)
	m := record.Marker{At: at, Wall: v.now().Round(0), Label: label}
	body, err := m.Canonical()
	if err != nil {
		return 0, err
	}
	if err := readsBack("the marker", body, record.ParseMarker); err != nil {
		return 0, err
	}
	var id int64
	err = v.write(ctx, func(tx *sql.Tx) error {
		id, err = v.nextID(ctx, tx, "recording_markers", "id")
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO recording_markers (id, recording_id, body) VALUES (?, ?, ?)`,
			id, w.id, k.Seal(pad(body), markerAD(id, w.id)))
		return err
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// Finish ends the recording: an empty final chunk, the end record with the
// hash of the canonical WAV, and its ledger link, in one transaction.
func (w *RecordingWriter) Finish() (Recording, error) {
	if w.done {
		return Recording{}, errors.New("recording already finished")
	}
	var tail [][]byte
	frames := int64(-1)
	if w.enc != nil {
		// The last packets (the encoder's delay, padded with silence) go
		// into the vault with the end record, in one transaction.
		var err error
		if tail, err = w.enc.Flush(); err != nil {
			return Recording{}, fmt.Errorf("finish recording %d: %w", w.id, err)
		}
		frames = w.frames
	}
	v := w.v
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.finishRecording(context.Background(), w.id, record.StateComplete, tail, frames); err != nil {
		return Recording{}, err
	}
	w.done = true
	return v.recording(context.Background(), w.id)
}

// finishRecording seals the end of recording id. For an Opus recording,
// tail is the encoder's last packets, stored with the end, and frames
// the recording's length (-1 after a crash: what the packets hold).
// Callers hold v.mu.
func (v *Vault) finishRecording(ctx context.Context, id int64, state string, tail [][]byte, frames int64) error {
	k, err := v.audioKey()
	if err != nil {
		return err
	}
	start, err := v.recordingStart(ctx, id)
	if err != nil {
		return err
	}
	var sum []byte
	var chunks int64
	if start.Format.Opus() {
		sum, chunks, frames, err = v.hashOgg(ctx, id, start, false, tail, frames, nil)
	} else {
		sum, chunks, frames, err = v.hashWAV(ctx, id, start.Format, false)
	}
	if err != nil {
		return err
	}
	markers, err := v.markers(ctx, id)
	if err != nil {
		return err
	}
	// A recording whose final chunk is there was ended already: its end
	// record was removed or its state changed outside Kiroku. Ending it
	// again would collide with that chunk; Check names it instead.
	var finals int
	if err := v.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM recording_chunks WHERE recording_id = ? AND final = 1`, id).Scan(&finals); err != nil {
		return mapSQLite(err)
	}
	if finals > 0 {
		return fmt.Errorf("%s has its final chunk but no end record: %w", recordingRef(id), apperr.ErrDamaged)
	}
	startCanon, _ := start.Canonical()
	sh := record.Hash(startCanon)
	end := record.RecordingEnd{Version: record.CanonicalVersion, Salt: newSalt(), RecordingID: id,
		StartHash: hex.EncodeToString(sh[:]), EndedAt: v.now().Round(0), State: state, Chunks: chunks,
		Frames: frames, DurationNS: int64(time.Duration(frames) * time.Second / time.Duration(start.Format.SampleRate)),
		Markers: markers}
	if start.Format.Opus() {
		end.OpusSHA256 = hex.EncodeToString(sum)
	} else {
		end.WAVSHA256 = hex.EncodeToString(sum)
	}
	canon, err := end.Canonical()
	if err != nil {
		return err
	}
	if err := readsBack("the end of the recording", canon, record.ParseRecordingEnd); err != nil {
		return err
	}
	err = v.write(ctx, func(tx *sql.Tx) error {
		finalSeq := chunks
		if len(tail) > 0 {
			stored := chunks - int64((len(tail)+maxChunkPackets-1)/maxChunkPackets)
			if _, err := v.insertOpusChunks(ctx, tx, k, id, stored, tail); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO recording_chunks (recording_id, seq, final, frames, body) VALUES (?, ?, 1, 0, ?)`,
			id, finalSeq, k.Seal(nil, chunkAD(id, finalSeq, true))); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE recordings SET state = ?, end = ? WHERE id = ?`,
			state, k.Seal(pad(canon), recEndAD(id)), id); err != nil {
			return err
		}
		_, err := v.appendLink(ctx, tx, LinkRecording, recordingRef(id), ledger.Hash(record.Hash(canon)))
		return err
	})
	if err != nil {
		return fmt.Errorf("finish recording %d: %w", id, err)
	}
	return nil
}

// finishInterrupted ends every recording a crash left open. It runs at
// unlock; what was committed stays, marked interrupted.
func (v *Vault) finishInterrupted(ctx context.Context) error {
	// Only a row with no end record is open: a state set to 'recording'
	// outside Kiroku on an ended recording is damage for Check to name,
	// not something to end a second time.
	rows, err := v.db.QueryContext(ctx, `SELECT id FROM recordings WHERE state = 'recording' AND end IS NULL ORDER BY id`)
	if err != nil {
		return mapSQLite(err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return mapSQLite(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	var firstErr error
	for _, id := range ids {
		err := v.finishRecording(ctx, id, record.StateInterrupted, nil, -1)
		if err != nil && !errors.Is(err, apperr.ErrDamaged) && !errors.Is(err, apperr.ErrDiskFull) {
			// Whatever keeps one recording from ending is about that
			// recording: unlocking goes on, and Check names it.
			err = fmt.Errorf("%s could not be ended: %w (%w)", recordingRef(id), apperr.ErrDamaged, err)
		}
		if err != nil && firstErr == nil {
			firstErr = err // a damaged recording must not keep the others open
		}
	}
	return firstErr
}

func (v *Vault) recordingStart(ctx context.Context, id int64) (record.RecordingStart, error) {
	var sealed []byte
	if err := v.db.QueryRowContext(ctx, `SELECT start FROM recordings WHERE id = ?`, id).Scan(&sealed); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return record.RecordingStart{}, fmt.Errorf("recording %d: %w", id, apperr.ErrNotFound)
		}
		return record.RecordingStart{}, mapSQLite(err)
	}
	k, err := v.audioKey()
	if err != nil {
		return record.RecordingStart{}, err
	}
	s, _, err := openSealed(k, sealed, recStartAD(id), recordingRef(id)+" start", record.ParseRecordingStart, func(s record.RecordingStart) string {
		return namesOther("recording", s.RecordingID, id)
	})
	return s, err
}

func (v *Vault) recordingEnd(ctx context.Context, id int64, sealed []byte) (record.RecordingEnd, []byte, error) {
	k, err := v.audioKey()
	if err != nil {
		return record.RecordingEnd{}, nil, err
	}
	return openSealed(k, sealed, recEndAD(id), recordingRef(id)+" end", record.ParseRecordingEnd, func(e record.RecordingEnd) string {
		return namesOther("recording", e.RecordingID, id)
	})
}

func (v *Vault) markers(ctx context.Context, id int64) ([]record.Marker, error) {
	k, err := v.audioKey()
	if err != nil {
		return nil, err
	}
	rows, err := v.db.QueryContext(ctx, `SELECT id, body FROM recording_markers WHERE recording_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, mapSQLite(err)
	}
	defer rows.Close()
	out := []record.Marker{}
	for rows.Next() {
		var mid int64
		var sealed []byte
		if err := rows.Scan(&mid, &sealed); err != nil {
			return nil, mapSQLite(err)
		}
		m, _, err := openSealed(k, sealed, markerAD(mid, id), fmt.Sprintf("marker %d of %s", mid, recordingRef(id)), record.ParseMarker, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, mapSQLite(rows.Err())
}

// chunkIter walks the chunks of a recording in order, checking sequence,
// the final flag and authenticity. fn gets each data chunk's PCM.
func (v *Vault) eachChunk(ctx context.Context, id int64, requireFinal bool, fn func(seq int64, pcm []byte, frames int64) error) (chunks, frames int64, err error) {
	k, err := v.audioKey()
	if err != nil {
		return 0, 0, err
	}
	rows, err := v.db.QueryContext(ctx, `SELECT seq, final, frames, body FROM recording_chunks WHERE recording_id = ? ORDER BY seq`, id)
	if err != nil {
		return 0, 0, mapSQLite(err)
	}
	defer rows.Close()
	var want int64
	sawFinal := false
	for rows.Next() {
		var seq, fr int64
		var final int
		var body []byte
		if err := rows.Scan(&seq, &final, &fr, &body); err != nil {
			return 0, 0, mapSQLite(err)
		}
		if sawFinal {
			return 0, 0, fmt.Errorf("%s: chunk %d after the final chunk: %w", recordingRef(id), seq, apperr.ErrDamaged)
		}
		if seq != want {
			return 0, 0, fmt.Errorf("%s: chunk %d missing: %w", recordingRef(id), want, apperr.ErrDamaged)
		}
		pcm, err := k.Open(body, chunkAD(id, seq, final == 1))
		if err != nil {
			return 0, 0, fmt.Errorf("%s: chunk %d does not open: %w", recordingRef(id), seq, apperr.ErrDamaged)
		}
		want++
		if final == 1 {
			sawFinal = true
			if len(pcm) != 0 {
				return 0, 0, fmt.Errorf("%s: final chunk not empty: %w", recordingRef(id), apperr.ErrDamaged)
			}
			continue
		}
		if fn != nil {
			if err := fn(seq, pcm, fr); err != nil {
				return 0, 0, err
			}
		}
		chunks++
		frames += fr
	}
	if err := rows.Err(); err != nil {
		return 0, 0, mapSQLite(err)
	}
	if requireFinal && !sawFinal {
		return 0, 0, fmt.Errorf("%s: the final chunk is missing (truncated): %w", recordingRef(id), apperr.ErrDamaged)
	}
	return chunks, frames, nil
}

// hashWAV computes the SHA-256 of the canonical WAV export.
func (v *Vault) hashWAV(ctx context.Context, id int64, f record.AudioFormat, requireFinal bool) ([]byte, int64, int64, error) {
	// The header needs the data length: count first, then hash.
	var dataLen int64
	if _, _, err := v.eachChunk(ctx, id, requireFinal, func(_ int64, pcm []byte, _ int64) error {
		dataLen += int64(len(pcm))
		return nil
	}); err != nil {
		return nil, 0, 0, err
	}
	h := sha256.New()
	h.Write(pcm.Header(pcm.Format{SampleRate: f.SampleRate, Channels: f.Channels, BitsPerSample: f.Bits}, dataLen))
	chunks, frames, err := v.eachChunk(ctx, id, requireFinal, func(_ int64, pcm []byte, _ int64) error {
		h.Write(pcm)
		return nil
	})
	if err != nil {
		return nil, 0, 0, err
	}
	return h.Sum(nil), chunks, frames, nil
}

// recording reads one recording's state. Callers hold v.mu.
func (v *Vault) recording(ctx context.Context, id int64) (Recording, error) {
	var state string
	var endSealed []byte
	if err := v.db.QueryRowContext(ctx, `SELECT state, end FROM recordings WHERE id = ?`, id).Scan(&state, &endSealed); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Recording{}, fmt.Errorf("recording %d: %w", id, apperr.ErrNotFound)
		}
		return Recording{}, mapSQLite(err)
	}
	start, err := v.recordingStart(ctx, id)
	if err != nil {
		return Recording{}, err
	}
	r := Recording{ID: id, State: state, Start: start}
	if endSealed != nil {
		end, _, err := v.recordingEnd(ctx, id, endSealed)
		if err != nil {
			return Recording{}, err
		}
		r.End = &end
		r.Chunks, r.Frames, r.Duration, r.Markers = end.Chunks, end.Frames, time.Duration(end.DurationNS), end.Markers
		return r, nil
	}
	if err := v.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(frames), 0) FROM recording_chunks WHERE recording_id = ? AND final = 0`, id).Scan(&r.Chunks, &r.Frames); err != nil {
		return Recording{}, mapSQLite(err)
	}
	if start.Format.Opus() {
		// The packets' frames begin with the encoder's delay.
		r.Frames = max(r.Frames-int64(start.Format.PreSkip), 0)
	}
	r.Duration = time.Duration(r.Frames) * time.Second / time.Duration(start.Format.SampleRate)
	if r.Markers, err = v.markers(ctx, id); err != nil {
		return Recording{}, err
	}
	return r, nil
}

// Recordings lists every recording, oldest first.
func (v *Vault) Recordings() ([]Recording, error) {
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, err := v.audioKey(); err != nil {
		return nil, err
	}
	rows, err := v.db.QueryContext(ctx, `SELECT id FROM recordings ORDER BY id`)
	if err != nil {
		return nil, mapSQLite(err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	var out []Recording
	var damaged []string
	for _, id := range ids {
		r, err := v.recording(ctx, id)
		if err != nil {
			damaged = append(damaged, recordingRef(id))
			continue
		}
		out = append(out, r)
	}
	if len(damaged) > 0 {
		return out, &DamageError{Refs: damaged}
	}
	return out, nil
}

// Recording returns one recording.
func (v *Vault) Recording(id int64) (Recording, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, err := v.audioKey(); err != nil {
		return Recording{}, err
	}
	return v.recording(context.Background(), id)
}

// ExportWAV writes recording id as a canonical WAV file to w and returns
// its SHA-256, which for a finished recording equals the one in the ledger.
// Chunks are read one at a time: memory stays flat for any length.
//
// For an Opus recording the WAV is decoded from the stored packets; its
// hash is returned but is not the recorded one, which is the Ogg file's
// (ExportAudio). The packets are checked against the recorded hash on the
// way: a damaged recording ends in an error after the audio.
func (v *Vault) ExportWAV(id int64, w io.Writer) ([]byte, error) {
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	r, err := v.recording(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.Start.Format.Opus() {
		return v.exportOpusWAV(ctx, r, w)
	}
	f := r.Start.Format
	dataLen := r.Frames * int64(f.BytesPerFrame())
	h := sha256.New()
	mw := io.MultiWriter(w, h)
	if _, err := mw.Write(pcm.Header(pcm.Format{SampleRate: f.SampleRate, Channels: f.Channels, BitsPerSample: f.Bits}, dataLen)); err != nil {
		return nil, err
	}
	var written int64
	_, _, err = v.eachChunk(ctx, id, r.End != nil, func(_ int64, pcm []byte, _ int64) error {
		written += int64(len(pcm))
		_, err := mw.Write(pcm)
		return err
	})
	if err != nil {
		return nil, err
	}
	if written != dataLen {
		return nil, fmt.Errorf("%s: %d bytes of audio, the end record says %d: %w", recordingRef(id), written, dataLen, apperr.ErrDamaged)
	}
	sum := h.Sum(nil)
	if r.End != nil && hex.EncodeToString(sum) != r.End.WAVSHA256 {
		return nil, fmt.Errorf("%s: exported audio does not match its recorded hash: %w", recordingRef(id), apperr.ErrDamaged)
	}
	return sum, nil
}

// ExportAudio writes recording id's canonical export file to w (the WAV
// of a PCM recording, the Ogg Opus file of an Opus one; see Ext) and
// returns its SHA-256, which for a finished recording equals the one in
// its end record and the ledger.
func (v *Vault) ExportAudio(id int64, w io.Writer) ([]byte, error) {
	ctx := context.Background()
	v.mu.Lock()
	r, err := v.recording(ctx, id)
	if err != nil || !r.Start.Format.Opus() {
		v.mu.Unlock()
		if err != nil {
			return nil, err
		}
		return v.ExportWAV(id, w)
	}
	defer v.mu.Unlock()
	sum, _, _, err := v.hashOgg(ctx, id, r.Start, r.End != nil, nil, endFrames(r.End), w)
	if err != nil {
		return nil, err
	}
	if r.End != nil && hex.EncodeToString(sum) != r.End.OpusSHA256 {
		return nil, fmt.Errorf("%s: exported audio does not match its recorded hash: %w", recordingRef(id), apperr.ErrDamaged)
	}
	return sum, nil
}

// PCMReader reads a recording's PCM (without WAV header) by offset,
// decrypting one chunk at a time, so a player can seek in a three-hour
// recording with flat memory. It checks each chunk as it opens it.
type PCMReader struct {
	v      *Vault
	id     int64
	Format record.AudioFormat
	starts []int64 // byte offset of each data chunk
	size   int64

	cached    int64 // index of the decrypted chunk in buf, -1 if none
	buf       []byte
	chunkSize []int64

	// Opus recordings: the decoder, the chunk it decodes next (-1: none),
	// and where each chunk's packets begin in the decoded timeline
	// (pre-skip included).
	dec     *opus.Decoder
	decNext int64
	raw     []int64
}

// OpenPCM returns a reader over the PCM of recording id.
func (v *Vault) OpenPCM(id int64) (*PCMReader, error) {
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	r, err := v.recording(ctx, id)
	if err != nil {
		return nil, err
	}
	rows, err := v.db.QueryContext(ctx, `SELECT seq, frames FROM recording_chunks WHERE recording_id = ? AND final = 0 ORDER BY seq`, id)
	if err != nil {
		return nil, mapSQLite(err)
	}
	defer rows.Close()
	p := &PCMReader{v: v, id: id, Format: r.Start.Format, cached: -1, decNext: -1}
	bpf := int64(r.Start.Format.BytesPerFrame())
	var raw int64
	for rows.Next() {
		var seq, frames int64
		if err := rows.Scan(&seq, &frames); err != nil {
			return nil, mapSQLite(err)
		}
		if seq != int64(len(p.starts)) {
			return nil, fmt.Errorf("%s: chunk %d missing: %w", recordingRef(id), len(p.starts), apperr.ErrDamaged)
		}
		if r.Start.Format.Opus() {
			// The part of the chunk's decoded audio inside the recording:
			// after the pre-skip, before the end.
			skip := int64(r.Start.Format.PreSkip)
			from := min(max(raw-skip, 0), r.Frames)
			to := min(max(raw+frames-skip, 0), r.Frames)
			p.raw = append(p.raw, raw)
			raw += frames
			frames = to - from
		}
		p.starts = append(p.starts, p.size)
		p.chunkSize = append(p.chunkSize, frames*bpf)
		p.size += frames * bpf
	}
	return p, mapSQLite(rows.Err())
}

// Size is the number of PCM bytes.
func (p *PCMReader) Size() int64 { return p.size }

// ReadAt implements io.ReaderAt.
func (p *PCMReader) ReadAt(b []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	n := 0
	for n < len(b) {
		if off >= p.size {
			return n, io.EOF
		}
		i := sort.Search(len(p.starts), func(i int) bool { return p.starts[i] > off }) - 1
		if err := p.load(int64(i)); err != nil {
			return n, err
		}
		c := copy(b[n:], p.buf[off-p.starts[i]:])
		n += c
		off += int64(c)
	}
	return n, nil
}

func (p *PCMReader) load(i int64) error {
	if p.cached == i {
		return nil
	}
	v := p.v
	v.mu.Lock()
	defer v.mu.Unlock()
	k, err := v.audioKey()
	if err != nil {
		return err
	}
	open := func(i int64) ([]byte, error) {
		var body []byte
		if err := v.db.QueryRow(`SELECT body FROM recording_chunks WHERE recording_id = ? AND seq = ? AND final = 0`, p.id, i).Scan(&body); err != nil {
			return nil, fmt.Errorf("%s chunk %d: %w", recordingRef(p.id), i, mapSQLite(err))
		}
		b, err := k.Open(body, chunkAD(p.id, i, false))
		if err != nil {
			return nil, fmt.Errorf("%s: chunk %d does not open: %w", recordingRef(p.id), i, apperr.ErrDamaged)
		}
		return b, nil
	}
	if p.Format.Opus() {
		return p.loadOpus(i, open)
	}
	pcm, err := open(i)
	if err != nil {
		return err
	}
	if int64(len(pcm)) != p.chunkSize[i] {
		return fmt.Errorf("%s: chunk %d does not open: %w", recordingRef(p.id), i, apperr.ErrDamaged)
	}
	p.buf, p.cached = pcm, i
	return nil
}
