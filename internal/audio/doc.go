// Package audio captures, plays and encodes audio for Kiroku, through
// miniaudio (github.com/gen2brain/malgo).
//
// # Recording
//
// A Recorder hands a recording out as a sequence of Chunks of at most one
// second, numbered from 0, the last flagged Final. The consumer (the vault)
// seals and commits each chunk in its own transaction, so a crash or an
// unplugged microphone loses at most the chunk being assembled, and an
// unbounded recording (three hours of a meeting) needs flat memory.
//
// Three parties move the audio, and only the first is real-time:
//
//   - The device callback, on miniaudio's audio thread. It copies the
//     frames into the next free block of a preallocated ring, stamps them
//     with their timeline position and the wall clock, and signals. It never
//     blocks, allocates, locks, or calls anything slow (no SQLite, no UI).
//   - The assembler goroutine drains the ring into chunk-sized buffers,
//     updates the level meter, and sends finished chunks on a buffered
//     channel.
//   - The consumer receives from Chunks() until the channel is closed.
//
// When the consumer falls behind, the chunk channel (Config.QueueChunks)
// and then the ring (Config.BufferDuration) absorb it; nothing else grows.
// Once both are full the callback drops the newest frames rather than
// block the audio thread. Drops are never silent: Stats counts them, and
// the next chunk carries Dropped > 0 with a StartFrame that skips the gap,
// so the timeline (and every marker) stays true to the clock and the gap
// is visible in the evidence rather than papered over.
//
// The recording timeline counts frames taken from the device while not
// paused. Pausing keeps the device running but discards its frames, so
// resuming is instant and paused time is in no chunk; Pause also hands out
// the partly filled chunk at once, so that it can be committed.
//
// A device that goes away (unplugged, disabled, sound server gone) is
// noticed through miniaudio's stop notification, a device that no longer
// reports itself started, or no audio for Config.StallTimeout. The
// recording then ends with ErrDeviceLost; everything captured before is
// still delivered, ending with a Final chunk.
//
// # Playback
//
// A Player reads PCM from an io.ReaderAt on its own goroutine into a
// read-ahead ring that the playback callback copies from; the callback
// never reads the source itself, which may be slow.
//
// # Formats
//
// Chunks and players use interleaved little-endian PCM (16-bit for
// recording), described by pcm.Format; the canonical WAV header, the WAV
// parser, levels and peaks are in internal/pcm, which needs no cgo.
//
// # miniaudio notes
//
// malgo v0.11.24's malgo.BackendNull is really ma_backend_custom; Null
// uses ma_backend_null (14). A device is always stopped before Uninit:
// Uninit of a running PulseAudio device can hang. On macOS, capture
// without microphone permission is silent, not an error.
package audio
