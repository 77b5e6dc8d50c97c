//go:build linux && cgo

package media

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdlib.h>

typedef void* (*kiroku_amr_init_fn)(void);
typedef void (*kiroku_amr_exit_fn)(void*);
typedef void (*kiroku_amr_decode_fn)(void*, const unsigned char*, short*, int);

static kiroku_amr_init_fn kiroku_amr_init;
static kiroku_amr_exit_fn kiroku_amr_exit;
static kiroku_amr_decode_fn kiroku_amr_decode;

// kiroku_amr_load finds OpenCORE AMR-NB's decoder functions; 0 when the
// library is not installed.
static int kiroku_amr_load(void) {
	void* h = dlopen("libopencore-amrnb.so.0", RTLD_NOW | RTLD_LOCAL);
	if (!h) return 0;
	kiroku_amr_init = (kiroku_amr_init_fn)dlsym(h, "Decoder_Interface_init");
	kiroku_amr_exit = (kiroku_amr_exit_fn)dlsym(h, "Decoder_Interface_exit");
	kiroku_amr_decode = (kiroku_amr_decode_fn)dlsym(h, "Decoder_Interface_Decode");
	if (!kiroku_amr_init || !kiroku_amr_exit || !kiroku_amr_decode) {
		dlclose(h);
		return 0;
	}
	return 1;
}

static void* kiroku_amr_new(void) { return kiroku_amr_init(); }
static void kiroku_amr_free(void* s) { kiroku_amr_exit(s); }
static void kiroku_amr_frame(void* s, const unsigned char* in, short* out) { kiroku_amr_decode(s, in, out, 0); }
*/
import "C"

import (
	"sync"
	"unsafe"
)

var amrLoaded = sync.OnceValue(func() bool { return C.kiroku_amr_load() == 1 })

// openCoreAMR is one OpenCORE AMR-NB decoder state with C buffers for a
// frame and its samples (cgo may not keep Go pointers).
type openCoreAMR struct {
	state unsafe.Pointer
	in    *C.uchar
	out   *C.short
}

func systemAMR() amrCodec {
	if !amrLoaded() {
		return nil
	}
	s := C.kiroku_amr_new()
	if s == nil {
		return nil
	}
	return &openCoreAMR{state: s,
		in:  (*C.uchar)(C.calloc(amrBufferBytes, 1)),
		out: (*C.short)(C.calloc(amrFrameLen, 2)),
	}
}

func (o *openCoreAMR) decode(frame *[amrBufferBytes]byte, out *[amrFrameLen]int16) {
	copy(unsafe.Slice((*byte)(unsafe.Pointer(o.in)), amrBufferBytes), frame[:])
	C.kiroku_amr_frame(o.state, o.in, o.out)
	copy(out[:], unsafe.Slice((*int16)(unsafe.Pointer(o.out)), amrFrameLen))
}

func (o *openCoreAMR) close() {
	C.kiroku_amr_free(o.state)
	C.free(unsafe.Pointer(o.in))
	C.free(unsafe.Pointer(o.out))
}
