package cli

import (
	"bytes"
	"io"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// table lays out tab-separated cells in columns as text/tabwriter does
// (elastic tabstops: a column block is a run of lines that have that cell;
// the last cell of a line is not aligned), but measures each cell in
// terminal columns rather than runes: Japanese, Chinese and Korean
// characters take two, combining marks none. So kirokuctl's tables stay
// aligned when a worker writes in those scripts. Cells are padded with
// spaces; padding separates columns.
type table struct {
	w       io.Writer
	padding int
	buf     bytes.Buffer
}

// newTable writes to w with padding spaces between columns.
func newTable(w io.Writer, padding int) *table { return &table{w: w, padding: padding} }

// Write buffers p until Flush.
func (t *table) Write(p []byte) (int, error) { return t.buf.Write(p) }

type tableCell struct {
	text  string
	width int // in terminal columns
}

// Flush lays out and writes what was written since the last Flush.
func (t *table) Flush() error {
	text := t.buf.String()
	t.buf.Reset()
	trailing := strings.HasSuffix(text, "\n")
	text = strings.TrimSuffix(text, "\n")
	if text == "" && !trailing {
		return nil
	}
	var lines [][]tableCell
	for _, l := range strings.Split(text, "\n") {
		var cells []tableCell
		for _, c := range strings.Split(l, "\t") {
			cells = append(cells, tableCell{c, displayWidth(c)})
		}
		lines = append(lines, cells)
	}
	// As tabwriter: a last line without newline has no empty last cell.
	if last := lines[len(lines)-1]; !trailing && len(last) > 1 && last[len(last)-1].text == "" {
		lines[len(lines)-1] = last[:len(last)-1]
	}
	var out bytes.Buffer
	t.format(&out, lines, nil, 0, len(lines))
	b := out.Bytes()
	if !trailing {
		b = bytes.TrimSuffix(b, []byte("\n"))
	}
	_, err := t.w.Write(b)
	return err
}

// format is text/tabwriter's algorithm: for the column after widths, each
// run of lines that have a cell there gets the width of its widest cell.
func (t *table) format(out *bytes.Buffer, lines [][]tableCell, widths []int, line0, line1 int) int {
	column := len(widths)
	for this := line0; this < line1; this++ {
		if column >= len(lines[this])-1 {
			continue
		}
		t.writeLines(out, lines, widths, line0, this)
		line0 = this
		w := 0
		for ; this < line1 && column < len(lines[this])-1; this++ {
			w = max(w, lines[this][column].width+t.padding)
		}
		t.format(out, lines, append(widths, w), line0, this)
		line0 = this
	}
	t.writeLines(out, lines, widths, line0, line1)
	return line1
}

func (t *table) writeLines(out *bytes.Buffer, lines [][]tableCell, widths []int, line0, line1 int) {
	for _, cells := range lines[line0:line1] {
		for j, c := range cells {
			out.WriteString(c.text)
			if j < len(widths) && j < len(cells)-1 {
				out.WriteString(strings.Repeat(" ", max(widths[j]-c.width, 0)))
			}
		}
		out.WriteByte('\n')
	}
}

// displayWidth is how many terminal columns s takes: East Asian wide and
// fullwidth characters two, combining marks and format characters none,
// the others one.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		case width.LookupRune(r).Kind() == width.EastAsianWide, width.LookupRune(r).Kind() == width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// cutToWidth shortens s to at most w terminal columns, ending in "…" when
// it was cut (never inside a character or before its combining marks).
func cutToWidth(s string, w int) string {
	if displayWidth(s) <= w {
		return s
	}
	n := 0
	for i, r := range s {
		rw := displayWidth(string(r))
		if rw > 0 && n+rw > w-1 {
			return s[:i] + "…"
		}
		n += rw
	}
	return s
}
