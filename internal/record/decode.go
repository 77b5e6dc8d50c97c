package record

import (
	"encoding/binary"
	"math"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeCanonical is a fast path for DecodeRevision. It decodes b only if b
// is laid out exactly as Revision.Canonical lays it out: compact JSON, the
// keys in struct order, "lang" and "reason" present only when non-empty, integers
// without sign tricks or leading zeros, and nothing after the closing brace.
// For such input it returns what json.Unmarshal would return, down to nil
// versus empty slices and the *time.Location of the times. For anything else
// (whitespace, other key orders, unknown keys, invalid UTF-8, null where a
// value is expected, escapes inside a time, a record written by another
// version of Kiroku, ...) it returns ok=false and the caller must fall back to
// encoding/json. Everything it accepts is valid JSON.
//
// All strings of the result share one backing allocation, so keeping any one
// of them keeps the others alive too; they are about the size of b.
func decodeCanonical(b []byte) (r Revision, ok bool) {
	d := canonDecoder{b: b}
	// All decoded text goes into one buffer: decoding never lengthens a
	// string, so the text is shorter than b minus the keys and punctuation.
	// (Grow is only a hint; a wrong estimate costs an allocation, not
	// correctness.)
	d.sb.Grow(max(len(b)-canonSkeleton, 0))
	f := &r.Fields
	if !d.lit(`{"v":`) || !d.int(&r.Version) ||
		!d.lit(`,"n":`) || !d.str(&r.Salt) ||
		!d.lit(`,"entry":`) || !d.int64(&r.EntryID, math.MinInt64, math.MaxInt64) ||
		!d.lit(`,"rev":`) || !d.int(&r.Rev) ||
		!d.lit(`,"kind":`) || !d.str(&r.Kind) ||
		!d.lit(`,"recorded_at":`) || !d.time(&r.RecordedAt) ||
		!d.lit(`,"fields":{"event_time":`) || !d.time(&f.EventTime) ||
		!d.lit(`,"event_zone":`) || !d.str(&f.EventZone) ||
		!d.lit(`,"place":`) || !d.str(&f.Place) ||
		!d.lit(`,"people":`) || !d.people(&f.People) ||
		!d.lit(`,"text":`) || !d.str(&f.Text) ||
		!d.lit(`,"quote":`) || !d.str(&f.Quote) ||
		!d.lit(`,"witnesses":`) || !d.strList(&f.Witnesses) ||
		!d.lit(`,"categories":`) || !d.strList(&f.Categories) ||
		!d.lit(`,"impact":`) || !d.str(&f.Impact) ||
		!d.lit(`,"actions":`) || !d.str(&f.Actions) {
		return Revision{}, false
	}
	if d.lit(`,"lang":`) {
		// Canonical omits an empty language.
		if !d.str(&f.Lang) || f.Lang == "" {
			return Revision{}, false
		}
	}
	if !d.lit(`}`) {
		return Revision{}, false
	}
	if d.lit(`,"reason":`) {
		// Canonical omits an empty reason.
		if !d.str(&r.Reason) || r.Reason == "" {
			return Revision{}, false
		}
	}
	if !d.lit(`}`) || d.i != len(b) {
		return Revision{}, false
	}
	return r, true
}

// canonSkeleton is the length of the keys and punctuation of the shortest
// canonical revision (its numbers, times and strings removed).
const canonSkeleton = len(`{"v":,"n":"","entry":,"rev":,"kind":"","recorded_at":"","fields":{"event_time":"","event_zone":"","place":"","people":[],"text":"","quote":"","witnesses":[],"categories":[],"impact":"","actions":""}}`)

type canonDecoder struct {
	b  []byte
	i  int // read position in b
	sb strings.Builder
}

// lit consumes s if the input continues with it.
func (d *canonDecoder) lit(s string) bool {
	if len(d.b)-d.i < len(s) || string(d.b[d.i:d.i+len(s)]) != s {
		return false
	}
	d.i += len(s)
	return true
}

func (d *canonDecoder) int(v *int) bool {
	var n int64
	if !d.int64(&n, math.MinInt, math.MaxInt) {
		return false
	}
	*v = int(n)
	return true
}

// int64 consumes an integer as encoding/json writes one: -?(0|[1-9][0-9]*),
// but not "-0". Values outside [min, max] are rejected (encoding/json
// reports them as errors).
func (d *canonDecoder) int64(v *int64, min, max int64) bool {
	b, i := d.b, d.i
	neg := i < len(b) && b[i] == '-'
	limit := uint64(max)
	if neg {
		i++
		limit = uint64(-(min + 1)) + 1
	}
	if i >= len(b) || b[i] < '0' || b[i] > '9' {
		return false
	}
	if b[i] == '0' {
		if neg {
			return false // "-0"
		}
		*v, d.i = 0, i+1
		return true // a following digit fails the next lit
	}
	var n uint64
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		c := uint64(b[i] - '0')
		if n > (limit-c)/10 {
			return false
		}
		n = n*10 + c
	}
	if neg {
		*v = int64(-n)
	} else {
		*v = int64(n)
	}
	d.i = i
	return true
}

// str consumes a JSON string and stores its decoded value in *dst.
func (d *canonDecoder) str(dst *string) bool {
	lo := d.sb.Len()
	if !d.scanStr(true) {
		return false
	}
	// The builder never rewrites bytes it has handed out, so this
	// substring stays valid while more text is written.
	*dst = d.sb.String()[lo:]
	return true
}

// scanStr consumes a JSON string, appending its decoded contents to d.sb if
// write is set. It unescapes exactly as encoding/json does, and rejects
// control characters, invalid escapes and invalid UTF-8.
func (d *canonDecoder) scanStr(write bool) bool {
	b, i := d.b, d.i
	if i >= len(b) || b[i] != '"' {
		return false
	}
	i++
	start := i
	var high uint64 // OR of the bytes since start: is there non-ASCII to check?
	for i < len(b) {
		// Skip 8 plain bytes at a time. The terms are the classic "has a
		// byte less than n" and "has a zero byte" tricks, which have no
		// false negatives; a word with a byte < 0x20, '"' or '\\' goes to
		// the byte loop below.
		for len(b)-i >= 8 {
			w := binary.LittleEndian.Uint64(b[i:])
			q := w ^ ('"' * ones)
			bs := w ^ ('\\' * ones)
			if ((w-' '*ones)&^w|(q-ones)&^q|(bs-ones)&^bs)&highBits != 0 {
				break
			}
			high |= w
			i += 8
		}
		if i >= len(b) {
			break
		}
		c := b[i]
		if c >= ' ' && c != '"' && c != '\\' {
			high |= uint64(c)
			i++
			continue
		}
		// The run b[start:i] ends at an ASCII byte, so it does not split
		// a multi-byte sequence. Invalid UTF-8 is left to encoding/json,
		// which would substitute U+FFFD.
		if high&highBits != 0 && !utf8.Valid(b[start:i]) {
			return false
		}
		high = 0
		if write {
			d.sb.Write(b[start:i])
		}
		switch c {
		case '"':
			d.i = i + 1
			return true
		case '\\':
			r, n := unescape(b[i:])
			if n == 0 {
				return false
			}
			if write {
				d.sb.WriteRune(r)
			}
			i += n
			start = i
		default:
			return false // control character
		}
	}
	return false
}

const (
	ones     = 0x0101010101010101
	highBits = 0x8080808080808080
)

// unescape decodes the escape sequence at the start of b (b[0] == '\\')
// and returns its value and length, or n == 0 if it is invalid. Like
// encoding/json, a \u escape holding a surrogate that does not form a pair
// with the \u escape right after it decodes to U+FFFD, and the following
// escape is then decoded on its own.
func unescape(b []byte) (r rune, n int) {
	if len(b) < 2 {
		return 0, 0
	}
	switch b[1] {
	case '"', '\\', '/':
		return rune(b[1]), 2
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u':
		r := hex4(b[2:])
		if r < 0 {
			return 0, 0
		}
		if !utf16.IsSurrogate(r) {
			return r, 6
		}
		r2 := rune(-1)
		if len(b) >= 8 && b[6] == '\\' && b[7] == 'u' {
			r2 = hex4(b[8:])
		}
		if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
			return dec, 12
		}
		return utf8.RuneError, 6
	}
	return 0, 0 // includes \' which encoding/json's scanner rejects
}

// hex4 returns the value of the four hex digits at the start of b, or -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// time consumes a JSON string holding a time. encoding/json hands the raw
// literal, quotes included and escapes not decoded, to
// (*time.Time).UnmarshalJSON; calling the same method on the same bytes
// gives the same result, including the *time.Location (UTC, time.Local when
// the offset matches it, or an unnamed fixed zone). Literals with escapes or
// non-ASCII bytes are left to encoding/json.
func (d *canonDecoder) time(t *time.Time) bool {
	b, i := d.b, d.i
	if i >= len(b) || b[i] != '"' {
		return false
	}
	j := i + 1
	for ; j < len(b) && b[j] != '"'; j++ {
		if c := b[j]; c < ' ' || c == '\\' || c >= utf8.RuneSelf {
			return false
		}
	}
	if j >= len(b) {
		return false
	}
	if err := t.UnmarshalJSON(b[i : j+1]); err != nil {
		return false
	}
	d.i = j + 1
	return true
}

// strList consumes null (leaving *dst nil) or an array of strings.
func (d *canonDecoder) strList(dst *[]string) bool {
	if d.lit(`null`) {
		return true
	}
	if !d.lit(`[`) {
		return false
	}
	// Count (and check) the elements first so that the slice is allocated
	// once, at its final size. encoding/json gives a non-nil empty slice
	// for [], and so does make.
	start, n := d.i, 0
	if !d.lit(`]`) {
		for {
			if !d.scanStr(false) {
				return false
			}
			n++
			if d.lit(`]`) {
				break
			}
			if !d.lit(`,`) {
				return false
			}
		}
	}
	d.i = start
	list := make([]string, n)
	for k := range list {
		if k > 0 && !d.lit(`,`) || !d.str(&list[k]) {
			return false
		}
	}
	*dst = list
	return d.lit(`]`)
}

// people consumes null (leaving *dst nil) or an array of
// {"name":…,"role":…} objects.
func (d *canonDecoder) people(dst *[]Person) bool {
	if d.lit(`null`) {
		return true
	}
	if !d.lit(`[`) {
		return false
	}
	start, n := d.i, 0
	if !d.lit(`]`) {
		for {
			if !d.lit(`{"name":`) || !d.scanStr(false) || !d.lit(`,"role":`) || !d.scanStr(false) || !d.lit(`}`) {
				return false
			}
			n++
			if d.lit(`]`) {
				break
			}
			if !d.lit(`,`) {
				return false
			}
		}
	}
	d.i = start
	list := make([]Person, n)
	for k := range list {
		p := &list[k]
		if k > 0 && !d.lit(`,`) ||
			!d.lit(`{"name":`) || !d.str(&p.Name) || !d.lit(`,"role":`) || !d.str(&p.Role) || !d.lit(`}`) {
			return false
		}
	}
	*dst = list
	return d.lit(`]`)
}
