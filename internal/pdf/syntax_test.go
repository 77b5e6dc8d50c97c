package pdf

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestAppendNum(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {-0.0004, "0"}, {1, "1"}, {-2.5, "-2.5"},
		{841.89, "841.89"}, {0.0005, "0.001"}, {1.23456, "1.235"}, {-1.0001, "-1"}, {1e6, "1000000"},
	}
	for _, tt := range tests {
		if got := string(appendNum(nil, tt.v)); got != tt.want {
			t.Errorf("appendNum(%v) = %s, want %s", tt.v, got, tt.want)
		}
	}
}

func TestAppendStrings(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"literal", string(appendLiteral(nil, `a(b)\c`)), `(a\(b\)\\c)`},
		{"literal bytes", string(appendLiteral(nil, "e\n\xff")), `(e\012\377)`},
		{"ASCII text", string(appendText(nil, "Kiroku 1.0")), "(Kiroku 1.0)"},
		{"Unicode text", string(appendText(nil, "記録 𠮷")), "<FEFF8A1893320020D842DFB7>"},
		{"invalid UTF-8", string(appendText(nil, "\xff")), "<FEFFFFFD>"},
		{"date UTC", string(appendDate(nil, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))), "(D:20260102030405Z)"},
		{"date +05:30", string(appendDate(nil, time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("", 5*3600+30*60)))), "(D:20260102030405+05'30')"},
		{"date -03:00", string(appendDate(nil, time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("", -3*3600)))), "(D:20260102030405-03'00')"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, tt.got, tt.want)
		}
	}
}

func TestToUnicode(t *testing.T) {
	texts := make([]string, 160)
	texts[0], texts[1], texts[159] = "A", "ff", "𠮷"
	got := string(toUnicode(texts))
	if want := "3 beginbfchar\n<0001> <0041>\n<0002> <00660066>\n<00A0> <D842DFB7>\nendbfchar\n"; !strings.Contains(got, want) {
		t.Errorf("no %q in\n%s", want, got)
	}
	for i := range texts {
		texts[i] = "x"
	}
	got = string(toUnicode(texts))
	if !strings.Contains(got, "100 beginbfchar\n<0001> <0078>\n") || !strings.Contains(got, "endbfchar\n60 beginbfchar\n<0065> <0078>\n") {
		t.Errorf("not in blocks of 100:\n%s", got)
	}
}
