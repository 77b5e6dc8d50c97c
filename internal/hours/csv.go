package hours

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// CSV columns. The first five are required, in any order; note and basis
// (what the times were taken from: timecard, pc-log, own-note, other) are
// optional.
const (
	colDate  = "date"
	colStart = "start"
	colEnd   = "end"
	colBreak = "break_minutes"
	colType  = "day_type"
	colNote  = "note"
	colBasis = "basis"
)

// Header is the header WriteCSV writes.
var Header = []string{colDate, colStart, colEnd, colBreak, colType, colNote, colBasis}

var requiredColumns = []string{colDate, colStart, colEnd, colBreak, colType}

// MaxRows bounds the rows ParseCSV reads (about 270 years of daily shifts).
const MaxRows = 100_000

// maxBreak bounds break_minutes before any arithmetic (a week in minutes).
const maxBreak = 7 * 24 * 60

// LineError is one problem in a CSV file.
type LineError struct {
	Line   int    // 1-based line number where the row starts
	Column string // column name, or "" for the whole row
	Err    error  // matches a sentinel such as ErrBadTime
}

func (e LineError) Error() string {
	if e.Column != "" {
		return i18n.T("hours.csv.line_column", e.Line, e.Column, e.Err.Error())
	}
	return i18n.T("hours.csv.line", e.Line, e.Err.Error())
}

func (e LineError) Unwrap() error { return e.Err }

// CSVError lists every problem ParseCSV found, in line order. When it is
// returned, no day was imported.
type CSVError struct {
	Lines []LineError
}

// maxShown bounds the problems Error spells out; Lines has them all.
const maxShown = 20

func (e *CSVError) Error() string {
	var b strings.Builder
	b.WriteString(i18n.T("hours.csv.summary", len(e.Lines)))
	for i, le := range e.Lines {
		if i == maxShown {
			b.WriteString("\n  " + i18n.T("hours.csv.more", len(e.Lines)-maxShown))
			break
		}
		b.WriteString("\n  " + le.Error())
	}
	return b.String()
}

// Unwrap lets errors.Is match apperr.ErrInvalidInput and the sentinel of
// any line.
func (e *CSVError) Unwrap() []error {
	errs := []error{apperr.ErrInvalidInput}
	for _, le := range e.Lines {
		errs = append(errs, le)
	}
	return errs
}

// LineNumbers returns the distinct line numbers with problems, ascending.
func (e *CSVError) LineNumbers() []int {
	var ns []int
	for _, le := range e.Lines {
		if len(ns) == 0 || ns[len(ns)-1] != le.Line {
			ns = append(ns, le.Line)
		}
	}
	return ns
}

// ParseCSV reads a working-hours log: a header naming the columns date,
// start, end, break_minutes and day_type (any order, optional note), then
// one row per shift. It accepts UTF-8 with or without a byte-order mark and
// LF or CRLF line ends. Dates are YYYY-MM-DD; times H:MM or HH:MM (24:00 as
// an end only); day_type is workday, statutory_holiday or
// non_statutory_holiday. Spaces around values other than the note are
// ignored.
//
// Every problem is reported with its line number in a *CSVError; if there
// is any, ParseCSV returns no days at all, so nothing is half imported.
// Days are returned in file order.
func ParseCSV(r io.Reader) ([]Day, error) {
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	var errs []LineError
	add := func(line int, col string, err error) { errs = append(errs, LineError{line, col, err}) }

	header, err := cr.Read()
	if err == io.EOF {
		add(1, "", newProblem(ErrBadHeader, "hours.err.empty"))
		return nil, &CSVError{errs}
	}
	if err != nil {
		add(csvErrLine(err, 1), "", readProblem(err))
		return nil, &CSVError{errs}
	}
	idx, hp := parseHeader(header)
	if len(hp) > 0 {
		for _, p := range hp {
			add(1, "", p)
		}
		return nil, &CSVError{errs}
	}

	days := []Day{}
	seen := map[Date]int{}
	rows := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// The reader cannot be trusted past a syntax error: report
			// it and what came before.
			add(csvErrLine(err, 0), "", readProblem(err))
			break
		}
		line, _ := cr.FieldPos(0)
		rows++
		if rows > MaxRows {
			add(line, "", newProblem(ErrBadRow, "hours.err.too_many_rows", MaxRows))
			break
		}
		if len(rec) != len(header) {
			add(line, "", newProblem(ErrBadRow, "hours.err.field_count", len(rec), len(header)))
			continue
		}
		day, ps := parseRow(rec, idx)
		for _, p := range ps {
			add(line, p.col, p.problem)
		}
		if len(ps) > 0 {
			continue
		}
		if first, dup := seen[day.Date]; dup {
			add(line, colDate, newProblem(ErrDuplicateDate, "hours.err.duplicate", day.Date.String(), first))
			continue
		}
		seen[day.Date] = line
		days = append(days, day)
	}
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b LineError) int { return cmpInt(a.Line, b.Line) })
		return nil, &CSVError{errs}
	}
	return days, nil
}

func csvErrLine(err error, fallback int) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) && pe.StartLine > 0 {
		return pe.StartLine
	}
	return fallback
}

func readProblem(err error) *problem {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return newProblem(ErrBadRow, "hours.err.csv_syntax", pe.Err.Error())
	}
	return newProblem(ErrBadRow, "hours.err.read", err.Error())
}

// parseHeader maps column names to indexes, or says what is wrong.
func parseHeader(header []string) (map[string]int, []*problem) {
	idx := map[string]int{}
	var unknown, dups []string
	for i, h := range header {
		if !utf8.ValidString(h) {
			return nil, []*problem{newProblem(ErrBadHeader, "hours.err.not_utf8")}
		}
		name := strings.ToLower(strings.TrimSpace(h))
		if !slices.Contains(Header, name) {
			unknown = append(unknown, strconv.Quote(h))
			continue
		}
		if _, dup := idx[name]; dup {
			dups = append(dups, name)
			continue
		}
		idx[name] = i
	}
	var ps []*problem
	var missing []string
	for _, c := range requiredColumns {
		if _, ok := idx[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		ps = append(ps, newProblem(ErrBadHeader, "hours.err.missing_columns", strings.Join(missing, ", ")))
	}
	if len(unknown) > 0 {
		ps = append(ps, newProblem(ErrBadHeader, "hours.err.unknown_columns", strings.Join(unknown, ", ")))
	}
	if len(dups) > 0 {
		ps = append(ps, newProblem(ErrBadHeader, "hours.err.duplicate_columns", strings.Join(dups, ", ")))
	}
	return idx, ps
}

type colProblem struct {
	col string
	*problem
}

// parseRow turns one record into a Day, collecting every problem.
func parseRow(rec []string, idx map[string]int) (Day, []colProblem) {
	var ps []colProblem
	for _, f := range rec {
		if !utf8.ValidString(f) {
			return Day{}, []colProblem{{"", newProblem(ErrBadRow, "hours.err.not_utf8")}}
		}
	}
	field := func(c string) string { return strings.TrimSpace(rec[idx[c]]) }
	var d Day
	var err error
	if d.Date, err = ParseDate(field(colDate)); err != nil {
		ps = append(ps, colProblem{colDate, newProblem(ErrBadDate, "hours.err.date", field(colDate))})
	}
	startOK, endOK := true, true
	if d.Start, err = ParseClock(field(colStart)); err != nil || d.Start == MidnightEnd {
		ps = append(ps, colProblem{colStart, newProblem(ErrBadTime, "hours.err.start", field(colStart))})
		startOK = false
	}
	if d.End, err = ParseClock(field(colEnd)); err != nil {
		ps = append(ps, colProblem{colEnd, newProblem(ErrBadTime, "hours.err.time", field(colEnd))})
		endOK = false
	}
	b := field(colBreak)
	n, err := digits(b)
	if err != nil || len(b) > 6 || n > maxBreak {
		ps = append(ps, colProblem{colBreak, newProblem(ErrBadBreak, "hours.err.break", b)})
		n = -1
	}
	d.BreakMinutes = n
	d.Type = DayType(strings.ToLower(field(colType)))
	if !d.Type.Valid() {
		ps = append(ps, colProblem{colType, newProblem(ErrBadDayType, "hours.err.day_type", field(colType))})
	}
	if i, ok := idx[colNote]; ok {
		d.Note = rec[i]
		if p := checkNote(d.Note); p != nil {
			ps = append(ps, colProblem{colNote, p})
		}
	}
	if i, ok := idx[colBasis]; ok {
		d.Basis = strings.ToLower(strings.TrimSpace(rec[i]))
		if d.Basis != "" && !record.IsHoursBasis(d.Basis) {
			ps = append(ps, colProblem{colBasis, newProblem(ErrBadBasis, "hours.err.basis", rec[i])})
		}
	}
	// Checks across fields, only when the fields themselves are readable.
	if startOK && endOK {
		if d.Start == d.End {
			ps = append(ps, colProblem{colEnd, newProblem(ErrAmbiguousShift, "hours.err.same_time", d.Start.String())})
		} else if n >= 0 && Minutes(n) >= d.Span() {
			ps = append(ps, colProblem{colBreak, newProblem(ErrBreakTooLong, "hours.err.break_too_long", b, d.Span().String())})
		}
	}
	return d, ps
}

// WriteCSV writes days in the format ParseCSV reads (all seven columns, LF
// line ends, no byte-order mark), in the order given. It refuses, before
// writing anything, days that do not validate or repeat a date.
func WriteCSV(w io.Writer, days []Day) error {
	if err := Validate(days); err != nil {
		return fmt.Errorf("write hours CSV: %w", err)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(Header); err != nil {
		return fmt.Errorf("write hours CSV: %w", err)
	}
	for _, d := range days {
		rec := []string{d.Date.String(), d.Start.String(), d.End.String(),
			strconv.Itoa(d.BreakMinutes), string(d.Type), d.Note, d.Basis}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write hours CSV: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write hours CSV: %w", err)
	}
	return nil
}
