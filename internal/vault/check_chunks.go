package vault

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"sync"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// Check reads the audio of a recording once: the sealed chunks are opened
// by one worker per core while the WAV hash takes their plaintext in
// order, where hashWAV reads and opens every chunk twice on one core (it
// counts the data length first). The checks and their errors are
// eachChunk's, in the same order: the first chunk that fails, by sequence
// number, is the one reported, whichever worker finds it first.

// chunkBatch is a run of consecutive chunks on their way through
// checkChunks: batches, not chunks, go from goroutine to goroutine, so
// that handing over costs little next to opening and hashing.
type chunkBatch struct {
	chunks []batchChunk
	arena  []byte // holds the sealed chunks; back to the pool once opened
	err    error  // a read error after the chunks (set by the reader)
	done   chan struct{}
}

type batchChunk struct {
	seq    int64
	final  bool
	frames int64
	sealed []byte // in the batch's arena
	pcm    []byte
	err    error // the chunk does not open
}

// Batches hold up to checkBatchChunks chunks or checkBatchBytes of sealed
// data, whichever comes first.
const (
	checkBatchChunks = 16
	checkBatchBytes  = 1 << 20
)

// checkChunks walks the chunks of recording id as eachChunk does and, when
// start is not nil, hashes the canonical export as hashWAV or hashOgg does
// (sum is nil otherwise); frames is the length an Opus recording's end
// record gives (see newOggSink). For an Opus recording the frames
// returned are the recording's length, not the sum of the chunks'.
// Callers hold v.mu.
func (v *Vault) checkChunks(ctx context.Context, id int64, requireFinal bool, start *record.RecordingStart, opusFrames int64) (sum []byte, chunks, frames int64, err error) {
	k, err := v.audioKey()
	if err != nil {
		return nil, 0, 0, err
	}
	var sink audioSink
	var dataLen int64
	var f *record.AudioFormat
	if start != nil {
		f = &start.Format
	}
	if f != nil && f.Opus() {
		if sink, err = newOggSink(id, *start, opusFrames, nil); err != nil {
			return nil, 0, 0, err
		}
	} else if f != nil {
		// The header states the data length before the data. A chunk that
		// opens holds exactly its sealed length less seal.Overhead, and
		// SQLite reads a length without reading the value. Should the
		// total differ in the end (it cannot while seal's format holds),
		// hashWAV decides.
		var n, sealedLen int64
		if err := v.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(length(body)), 0) FROM recording_chunks WHERE recording_id = ? AND final = 0`, id).Scan(&n, &sealedLen); err != nil {
			return nil, 0, 0, mapSQLite(err)
		}
		dataLen = sealedLen - n*seal.Overhead
		if sink, err = newWAVSink(*f, dataLen, nil); err != nil {
			return nil, 0, 0, err
		}
	}

	workers := max(runtime.GOMAXPROCS(0), 1)
	inflight := 2 * workers
	pool := make(chan []byte, inflight)
	for range inflight {
		pool <- nil
	}
	order := make(chan *chunkBatch, inflight) // every batch, in sequence order
	work := make(chan *chunkBatch, inflight)  // batches to open
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				for i := range b.chunks {
					c := &b.chunks[i]
					pcm, err := k.Open(c.sealed, chunkAD(id, c.seq, c.final))
					if err != nil {
						c.err = fmt.Errorf("%s: chunk %d does not open: %w", recordingRef(id), c.seq, apperr.ErrDamaged)
					}
					c.pcm, c.sealed = pcm, nil
				}
				pool <- b.arena[:0]
				b.arena = nil
				close(b.done)
			}
		}()
	}

	// The consumer: takes the opened chunks in order, stops at the first
	// error and tells the reader to stop reading.
	type result struct {
		sawFinal       bool
		chunks, frames int64
		pcmLen         int64
		err            error
	}
	resc := make(chan result, 1)
	stop := make(chan struct{})
	go func() {
		var r result
		stopped := false
		for b := range order {
			<-b.done
			for i := range b.chunks {
				c := &b.chunks[i]
				switch {
				case r.err != nil:
				case c.err != nil:
					r.err = c.err
				case c.final:
					r.sawFinal = true
					if len(c.pcm) != 0 {
						r.err = fmt.Errorf("%s: final chunk not empty: %w", recordingRef(id), apperr.ErrDamaged)
					}
				default:
					if sink != nil {
						if err := sink.chunk(c.pcm, c.frames); err != nil {
							r.err = err
						}
					}
					r.pcmLen += int64(len(c.pcm))
					r.chunks++
					r.frames += c.frames
				}
				c.pcm = nil
			}
			if r.err == nil && b.err != nil {
				r.err = b.err
			}
			if r.err != nil && !stopped {
				close(stop)
				stopped = true
			}
		}
		resc <- r
	}()

	readErr := v.readChunks(ctx, id, pool, order, work, stop)
	close(work)
	close(order)
	wg.Wait()
	r := <-resc
	switch {
	case r.err != nil:
		return nil, 0, 0, r.err
	case readErr != nil:
		return nil, 0, 0, readErr
	case requireFinal && !r.sawFinal:
		return nil, 0, 0, fmt.Errorf("%s: the final chunk is missing (truncated): %w", recordingRef(id), apperr.ErrDamaged)
	case sink == nil:
		return nil, r.chunks, r.frames, nil
	case !f.Opus() && r.pcmLen != dataLen:
		return v.hashWAV(ctx, id, *f, requireFinal)
	}
	sum, frames, err = sink.sum()
	if err != nil {
		return nil, 0, 0, err
	}
	return sum, r.chunks, frames, nil
}

// readChunks queues the chunks of recording id in sequence order, in
// batches. A chunk out of sequence or a failed read ends the reading and
// is queued as the error of the last batch, after the chunks before it; a
// close of stop ends the reading too. The error returned is the query's,
// when it could not start.
func (v *Vault) readChunks(ctx context.Context, id int64, pool chan []byte, order, work chan *chunkBatch, stop <-chan struct{}) error {
	rows, err := v.db.QueryContext(ctx, `SELECT seq, final, frames, body FROM recording_chunks WHERE recording_id = ? ORDER BY seq`, id)
	if err != nil {
		return mapSQLite(err)
	}
	defer rows.Close()
	var b *chunkBatch
	send := func() bool {
		if b == nil {
			return true
		}
		order <- b
		work <- b
		b = nil
		select {
		case <-stop:
			return false
		default:
			return true
		}
	}
	fail := func(err error) {
		if b == nil {
			b = &chunkBatch{done: make(chan struct{})}
			select {
			case b.arena = <-pool: // every batch returns one
			case <-stop:
				return
			}
		}
		b.err = err
		send()
	}
	var want int64
	sawFinal := false
	for rows.Next() {
		var seq, fr int64
		var final int
		var body sql.RawBytes
		if err := rows.Scan(&seq, &final, &fr, &body); err != nil {
			fail(mapSQLite(err))
			return nil
		}
		if sawFinal {
			fail(fmt.Errorf("%s: chunk %d after the final chunk: %w", recordingRef(id), seq, apperr.ErrDamaged))
			return nil
		}
		if seq != want {
			fail(fmt.Errorf("%s: chunk %d missing: %w", recordingRef(id), want, apperr.ErrDamaged))
			return nil
		}
		want++
		sawFinal = final == 1
		if b == nil {
			var arena []byte
			select {
			case arena = <-pool:
			case <-stop:
				return nil
			}
			b = &chunkBatch{arena: arena, done: make(chan struct{})}
		}
		off := len(b.arena)
		b.arena = append(b.arena, body...)
		b.chunks = append(b.chunks, batchChunk{seq: seq, final: final == 1, frames: fr, sealed: b.arena[off:len(b.arena):len(b.arena)]})
		if len(b.chunks) == checkBatchChunks || len(b.arena) >= checkBatchBytes {
			if !send() {
				return nil
			}
		}
	}
	if err := rows.Err(); err != nil {
		fail(mapSQLite(err))
		return nil
	}
	send()
	return nil
}

// CheckRecordingAudio opens every chunk of recording id, in parallel, and
// compares the audio with what its end record says (hash, chunks, length)
// without writing it anywhere: the exporter asks before it puts a
// recording into a bundle, because a bundle written as a stream (a zip)
// cannot take a half-written file back. A chunk that does not open or
// audio that differs is apperr.ErrDamaged.
func (v *Vault) CheckRecordingAudio(id int64) error {
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	r, err := v.recording(ctx, id)
	if err != nil {
		return err
	}
	sum, chunks, frames, err := v.checkChunks(ctx, id, r.End != nil, &r.Start, endFrames(r.End))
	if err != nil {
		return err
	}
	if e := r.End; e != nil && (fmt.Sprintf("%x", sum) != e.FileSHA256() || chunks != e.Chunks || frames != e.Frames) {
		return fmt.Errorf("%s: the audio does not match its end record: %w", recordingRef(id), apperr.ErrDamaged)
	}
	return nil
}

// endFrames is the length an end record gives, or -1 without one.
func endFrames(e *record.RecordingEnd) int64 {
	if e == nil {
		return -1
	}
	return e.Frames
}
