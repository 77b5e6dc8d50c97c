package bidi_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	xbidi "golang.org/x/text/unicode/bidi"

	"github.com/kiroku-app/kiroku/internal/bidi"
)

// The conformance files of the Unicode Character Database, as Debian's
// unicode-data package installs them (scripts/deps.sh test).
const ucd = "/usr/share/unicode"

// maxSkipped is how many lines of BidiCharacterTest.txt may be skipped
// because x/text's class (bidi.UnicodeVersion) of one of their characters
// differs from the one in the test file's Unicode version: a handful is a
// newer Unicode reclassifying a character; more is a bug. With the Go of
// go.mod both are 15.0.0 and no line is skipped; a Go whose x/text tables
// are newer than Debian's unicode-data may skip some, each logged.
const maxSkipped = 10

// openUCD opens a file of ucd, or fails (KIROKU_REQUIRE_TOOLS set, as make
// test sets it) or skips the test when it is missing.
func openUCD(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join(ucd, name))
	if err != nil {
		if os.Getenv("KIROKU_REQUIRE_TOOLS") != "" {
			t.Fatalf("%v: run scripts/deps.sh test (Debian package unicode-data)", err)
		}
		t.Skipf("%v: run scripts/deps.sh test (Debian package unicode-data)", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// classNames are the short Bidi_Class names the files use, in x/text's terms.
var classNames = map[string]xbidi.Class{
	"L": xbidi.L, "R": xbidi.R, "AL": xbidi.AL, "EN": xbidi.EN, "ES": xbidi.ES,
	"ET": xbidi.ET, "AN": xbidi.AN, "CS": xbidi.CS, "NSM": xbidi.NSM, "BN": xbidi.BN,
	"B": xbidi.B, "S": xbidi.S, "WS": xbidi.WS, "ON": xbidi.ON,
	"LRE": xbidi.LRE, "LRO": xbidi.LRO, "RLE": xbidi.RLE, "RLO": xbidi.RLO, "PDF": xbidi.PDF,
	"LRI": xbidi.LRI, "RLI": xbidi.RLI, "FSI": xbidi.FSI, "PDI": xbidi.PDI,
}

// representative is a rune of each class for BidiTest.txt, which gives
// classes, not characters. None is a bracket (that file assumes none).
var representative = map[string]rune{
	"L": 'a', "R": 0x05D0, "AL": 0x0627, "EN": '1', "ES": '+',
	"ET": '$', "AN": 0x0660, "CS": ',', "NSM": 0x0300, "BN": 0x00AD,
	"B": 0x2029, "S": '\t', "WS": ' ', "ON": '!',
	"LRE": 0x202A, "LRO": 0x202D, "RLE": 0x202B, "RLO": 0x202E, "PDF": 0x202C,
	"LRI": 0x2066, "RLI": 0x2067, "FSI": 0x2068, "PDI": 0x2069,
}

// expected holds a test's levels (-1 for x, removed by X9) and visual
// order (without the removed characters).
type expected struct {
	levels []int
	order  []int
}

// check runs text through the public API and compares. It returns a
// description of the first difference, or "".
func check(text []rune, base bidi.Base, wantPara int, want expected) string {
	levels, para := bidi.Levels(text, base)
	if wantPara >= 0 && int(para) != wantPara {
		return fmt.Sprintf("paragraph level %d, want %d", para, wantPara)
	}
	if len(levels) != len(text) {
		return fmt.Sprintf("%d levels for %d runes", len(levels), len(text))
	}
	// The files' levels are those after rule L1, the text being one line.
	line := bidi.LineLevels(text, levels, para, 0, len(text))
	for i, w := range want.levels {
		if w >= 0 && int(line[i]) != w {
			return fmt.Sprintf("levels %v, want %v", line, want.levels)
		}
	}
	var order []int
	for _, i := range bidi.Visual(text, levels, para, 0, len(text)) {
		if want.levels[i] >= 0 {
			order = append(order, i)
		}
	}
	if !slices.Equal(order, want.order) {
		return fmt.Sprintf("order %v, want %v (levels %v)", order, want.order, line)
	}
	return ""
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Fields(s) {
		if f == "x" {
			out = append(out, -1)
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// TestBidiTest runs every case of BidiTest.txt (class sequences, each with
// up to three paragraph directions).
func TestBidiTest(t *testing.T) {
	f := openUCD(t, "BidiTest.txt")
	for name, r := range representative {
		if p, _ := xbidi.LookupRune(r); p.Class() != classNames[name] || p.IsBracket() {
			t.Fatalf("representative %U of %s has class %d (bracket %v)", r, name, p.Class(), p.IsBracket())
		}
	}
	var want expected
	cases, failures := 0, 0
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		var err error
		switch {
		case line == "" || line[0] == '#':
			continue
		case strings.HasPrefix(line, "@Levels:"):
			want.levels, err = parseInts(line[len("@Levels:"):])
		case strings.HasPrefix(line, "@Reorder:"):
			want.order, err = parseInts(line[len("@Reorder:"):])
		case line[0] == '@':
			continue
		default:
			input, bits, ok := strings.Cut(line, ";")
			if !ok {
				t.Fatalf("BidiTest.txt:%d: no ';'", n)
			}
			var text []rune
			for _, c := range strings.Fields(input) {
				r, ok := representative[c]
				if !ok {
					t.Fatalf("BidiTest.txt:%d: unknown class %q", n, c)
				}
				text = append(text, r)
			}
			if len(text) != len(want.levels) {
				t.Fatalf("BidiTest.txt:%d: %d classes for %d levels", n, len(text), len(want.levels))
			}
			set, err := strconv.ParseUint(strings.TrimSpace(bits), 16, 8)
			if err != nil {
				t.Fatalf("BidiTest.txt:%d: %v", n, err)
			}
			for bit, base := range []bidi.Base{bidi.Auto, bidi.LTR, bidi.RTL} {
				if set&(1<<bit) == 0 {
					continue
				}
				cases++
				if msg := check(text, base, -1, want); msg != "" {
					failures++
					if failures <= 20 {
						t.Errorf("BidiTest.txt:%d: %s (base %d): %s", n, input, base, msg)
					}
				}
			}
		}
		if err != nil {
			t.Fatalf("BidiTest.txt:%d: %v", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if cases < 100000 {
		t.Fatalf("only %d cases in BidiTest.txt", cases)
	}
	t.Logf("BidiTest.txt: %d of %d cases pass", cases-failures, cases)
}

// TestBidiCharacterTest runs every line of BidiCharacterTest.txt
// (characters, with brackets), skipping those with a character whose
// class x/text gives differently from the file's version of
// DerivedBidiClass.txt.
func TestBidiCharacterTest(t *testing.T) {
	f := openUCD(t, "BidiCharacterTest.txt")
	derived := derivedClasses(t)
	cases, failures, skipped := 0, 0, 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.Split(line, ";")
		if len(fields) != 5 {
			t.Fatalf("BidiCharacterTest.txt:%d: %d fields", n, len(fields))
		}
		var text []rune
		differs := false
		for _, h := range strings.Fields(fields[0]) {
			r, err := strconv.ParseUint(h, 16, 32)
			if err != nil {
				t.Fatalf("BidiCharacterTest.txt:%d: %v", n, err)
			}
			text = append(text, rune(r))
			if p, _ := xbidi.LookupRune(rune(r)); p.Class() != derived[rune(r)] {
				differs = true
			}
		}
		dir, err1 := strconv.Atoi(fields[1])
		para, err2 := strconv.Atoi(fields[2])
		levels, err3 := parseInts(fields[3])
		order, err4 := parseInts(fields[4])
		if err := cmpErr(err1, err2, err3, err4); err != nil || dir < 0 || dir > 2 || len(levels) != len(text) {
			t.Fatalf("BidiCharacterTest.txt:%d: bad line (%v)", n, err)
		}
		if differs {
			skipped++
			t.Logf("BidiCharacterTest.txt:%d: skipped: a class differs in Unicode %s", n, bidi.UnicodeVersion)
			continue
		}
		base := [...]bidi.Base{bidi.LTR, bidi.RTL, bidi.Auto}[dir]
		cases++
		if msg := check(text, base, para, expected{levels, order}); msg != "" {
			failures++
			if failures <= 20 {
				t.Errorf("BidiCharacterTest.txt:%d: %s: %s", n, fields[0], msg)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if cases < 50000 {
		t.Fatalf("only %d cases in BidiCharacterTest.txt", cases)
	}
	if skipped > maxSkipped {
		t.Errorf("%d lines skipped for class differences, more than %d", skipped, maxSkipped)
	}
	t.Logf("BidiCharacterTest.txt: %d of %d lines pass, %d skipped (classes of Unicode %s)", cases-failures, cases, skipped, bidi.UnicodeVersion)
}

func cmpErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// longClassNames are the long names DerivedBidiClass.txt's @missing lines use.
var longClassNames = map[string]string{
	"Left_To_Right": "L", "Right_To_Left": "R", "Arabic_Letter": "AL",
	"European_Number": "EN", "European_Separator": "ES", "European_Terminator": "ET",
	"Arabic_Number": "AN", "Common_Separator": "CS", "Nonspacing_Mark": "NSM",
	"Boundary_Neutral": "BN", "Paragraph_Separator": "B", "Segment_Separator": "S",
	"White_Space": "WS", "Other_Neutral": "ON",
	"Left_To_Right_Embedding": "LRE", "Left_To_Right_Override": "LRO",
	"Right_To_Left_Embedding": "RLE", "Right_To_Left_Override": "RLO",
	"Pop_Directional_Format": "PDF", "Left_To_Right_Isolate": "LRI",
	"Right_To_Left_Isolate": "RLI", "First_Strong_Isolate": "FSI",
	"Pop_Directional_Isolate": "PDI",
}

// derivedClasses reads the Bidi_Class of every code point from the
// unicode-data package's DerivedBidiClass.txt (defaults from its @missing
// lines first), the version the test files were made with.
func derivedClasses(t *testing.T) []xbidi.Class {
	t.Helper()
	f := openUCD(t, "extracted/DerivedBidiClass.txt")
	classes := make([]xbidi.Class, 0x110000)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if m, ok := strings.CutPrefix(line, "# @missing:"); ok {
			line = m
		} else if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		rng, name, ok := strings.Cut(line, ";")
		if !ok {
			continue
		}
		name = strings.TrimSpace(name)
		if long, ok := longClassNames[name]; ok {
			name = long
		}
		c, ok := classNames[name]
		if !ok {
			t.Fatalf("DerivedBidiClass.txt: unknown class %q", name)
		}
		lo, hi, _ := strings.Cut(strings.TrimSpace(rng), "..")
		if hi == "" {
			hi = lo
		}
		a, err1 := strconv.ParseUint(lo, 16, 32)
		b, err2 := strconv.ParseUint(hi, 16, 32)
		if err := cmpErr(err1, err2); err != nil || a > b || b >= 0x110000 {
			t.Fatalf("DerivedBidiClass.txt: bad range %q", rng)
		}
		for r := a; r <= b; r++ {
			classes[r] = c
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return classes
}
