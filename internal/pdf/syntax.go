package pdf

import (
	"math"
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// appendNum appends v with at most three decimals and no trailing zeros:
// 0.001 pt is well below anything a viewer or a printer can show, and a
// fixed precision keeps the output deterministic.
func appendNum(b []byte, v float64) []byte {
	v = math.Round(v*1000) / 1000
	if v == 0 { // also turns -0 into 0
		return append(b, '0')
	}
	b = strconv.AppendFloat(b, v, 'f', 3, 64)
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	return b
}

// round3 rounds v as appendNum writes it, so that the pen position can be
// tracked with the numbers a viewer actually reads.
func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

// appendLiteral appends s as a PDF literal string, byte for byte: names of
// destinations are byte strings, compared by their bytes.
func appendLiteral(b []byte, s string) []byte {
	b = append(b, '(')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '(' || c == ')' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20 || c > 0x7e:
			b = append(b, '\\', '0'+c>>6, '0'+(c>>3)&7, '0'+c&7)
		default:
			b = append(b, c)
		}
	}
	return append(b, ')')
}

// appendText appends a PDF text string: a literal when s is printable
// ASCII (the same in PDFDocEncoding), otherwise UTF-16BE with a byte order
// mark, as the specification requires for other Unicode text.
func appendText(b []byte, s string) []byte {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		return appendLiteral(b, s)
	}
	b = append(b, "<FEFF"...)
	b = appendUTF16Hex(b, s)
	return append(b, '>')
}

// appendUTF16Hex appends s as UTF-16BE in upper-case hex, with surrogate
// pairs above U+FFFF and U+FFFD for invalid UTF-8.
func appendUTF16Hex(b []byte, s string) []byte {
	for _, r := range s {
		if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
			b = appendHex16(b, uint16(r1))
			b = appendHex16(b, uint16(r2))
		} else {
			b = appendHex16(b, uint16(r))
		}
	}
	return b
}

const hexDigits = "0123456789ABCDEF"

func appendHex16(b []byte, v uint16) []byte {
	return append(b, hexDigits[v>>12], hexDigits[v>>8&15], hexDigits[v>>4&15], hexDigits[v&15])
}

// appendDate appends t as a PDF date string, D:YYYYMMDDHHmmSS+HH'mm'.
func appendDate(b []byte, t time.Time) []byte {
	b = append(b, "(D:"...)
	b = t.AppendFormat(b, "20060102150405")
	_, off := t.Zone()
	switch {
	case off == 0:
		b = append(b, 'Z')
	default:
		sign := byte('+')
		if off < 0 {
			sign, off = '-', -off
		}
		b = append(b, sign)
		b = append(b, byte('0'+off/36000), byte('0'+off/3600%10), '\'')
		b = append(b, byte('0'+off/600%6), byte('0'+off/60%10), '\'')
	}
	return append(b, ')')
}
