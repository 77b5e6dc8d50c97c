package audio

import (
	"sync/atomic"
	"time"
)

// block is one slot of captureRing: a device callback's worth of frames (or
// part of one) with its place in the recording timeline.
type block struct {
	pos    int64     // timeline frame of the first frame
	frames int       // frames in buf
	wall   time.Time // when the device handed the frames over
	buf    []byte    // preallocated, len(buf) == slot capacity
}

// captureRing is a single-producer single-consumer queue of fixed-size,
// preallocated blocks. The producer is the device callback and never
// blocks or allocates: when every block is full it drops the frames and
// says how many. The consumer is the assembler goroutine.
type captureRing struct {
	blocks     []block
	slotFrames int
	bpf        int
	head       atomic.Uint64 // blocks written; only the producer stores
	tail       atomic.Uint64 // blocks read; only the consumer stores
}

func newCaptureRing(slots, slotFrames, bpf int) *captureRing {
	r := &captureRing{blocks: make([]block, slots), slotFrames: slotFrames, bpf: bpf}
	mem := make([]byte, slots*slotFrames*bpf)
	for i := range r.blocks {
		r.blocks[i].buf = mem[i*slotFrames*bpf : (i+1)*slotFrames*bpf : (i+1)*slotFrames*bpf]
	}
	return r
}

// push copies frames from pcm (whole frames only) into free blocks, the
// first of which starts at timeline frame pos. It returns how many frames
// did not fit.
func (r *captureRing) push(pcm []byte, pos int64, wall time.Time) (dropped int) {
	frames := len(pcm) / r.bpf
	head := r.head.Load()
	tail := r.tail.Load()
	n := uint64(len(r.blocks))
	for frames > 0 {
		if head-tail == n {
			return frames
		}
		b := &r.blocks[head%n]
		k := min(frames, r.slotFrames)
		copy(b.buf, pcm[:k*r.bpf])
		b.pos, b.frames, b.wall = pos, k, wall
		head++
		r.head.Store(head) // publishes b to the consumer
		pcm = pcm[k*r.bpf:]
		pos += int64(k)
		frames -= k
	}
	return 0
}

// peek returns the oldest unread block, or nil. It stays valid until pop.
func (r *captureRing) peek() *block {
	tail := r.tail.Load()
	if tail == r.head.Load() {
		return nil
	}
	return &r.blocks[tail%uint64(len(r.blocks))]
}

func (r *captureRing) pop() { r.tail.Add(1) }

// bufferedFrames is an estimate; exact only when neither side is moving.
func (r *captureRing) buffered() int {
	return int(r.head.Load()-r.tail.Load()) * r.slotFrames
}

// byteRing is a single-producer single-consumer byte FIFO for playback:
// the feeder goroutine writes, the device callback reads.
type byteRing struct {
	buf  []byte
	head atomic.Uint64 // bytes written
	tail atomic.Uint64 // bytes read
}

func newByteRing(size int) *byteRing { return &byteRing{buf: make([]byte, size)} }

func (r *byteRing) free() int { return len(r.buf) - int(r.head.Load()-r.tail.Load()) }

func (r *byteRing) len() int { return int(r.head.Load() - r.tail.Load()) }

// write copies as much of p as fits and returns the count.
func (r *byteRing) write(p []byte) int {
	head, tail := r.head.Load(), r.tail.Load()
	n := min(len(p), len(r.buf)-int(head-tail))
	for done := 0; done < n; {
		off := int((head + uint64(done)) % uint64(len(r.buf)))
		done += copy(r.buf[off:], p[done:n])
	}
	r.head.Store(head + uint64(n))
	return n
}

// read copies up to len(p) buffered bytes into p and returns the count.
func (r *byteRing) read(p []byte) int {
	head, tail := r.head.Load(), r.tail.Load()
	n := min(len(p), int(head-tail))
	for done := 0; done < n; {
		off := int((tail + uint64(done)) % uint64(len(r.buf)))
		done += copy(p[done:n], r.buf[off:])
	}
	r.tail.Store(tail + uint64(n))
	return n
}

// reset empties the ring. Only while neither side runs.
func (r *byteRing) reset() { r.tail.Store(r.head.Load()) }
