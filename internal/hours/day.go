package hours

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// DayType says what kind of day a shift started on. It decides how its
// hours count (see the package documentation).
type DayType string

const (
	// Workday is an ordinary scheduled working day.
	Workday DayType = "workday"
	// StatutoryHoliday is the legal weekly day off (法定休日, Labor Standards
	// Act art. 35). Every hour worked on it is holiday work, counted apart
	// from the 8-hour and 40-hour limits.
	StatutoryHoliday DayType = "statutory_holiday"
	// NonStatutoryHoliday is any other day off (法定外休日), such as a second
	// weekly day off or a public holiday. Hours worked on it count towards
	// the 8-hour day and the 40-hour week like a workday's.
	NonStatutoryHoliday DayType = "non_statutory_holiday"
)

// DayTypes lists the day types in display order.
var DayTypes = []DayType{Workday, StatutoryHoliday, NonStatutoryHoliday}

// Valid reports whether t is one of DayTypes.
func (t DayType) Valid() bool {
	return t == Workday || t == StatutoryHoliday || t == NonStatutoryHoliday
}

// Label is the name of the day type in lang ("ja" or "en").
func (t DayType) Label(lang string) string {
	if !t.Valid() {
		return string(t)
	}
	return i18n.Default().T(lang, "hours.day_type."+string(t))
}

// MaxNoteRunes bounds a day's note.
const MaxNoteRunes = 500

// Sentinel errors. Every error this package returns for bad input also
// matches apperr.ErrInvalidInput.
var (
	ErrBadDate        = errors.New("bad date")
	ErrBadTime        = errors.New("bad time")
	ErrBadBreak       = errors.New("bad break")
	ErrBadDayType     = errors.New("bad day type")
	ErrBadBasis       = errors.New("bad basis")
	ErrBadNote        = errors.New("bad note")
	ErrAmbiguousShift = errors.New("start and end are the same time")
	ErrBreakTooLong   = errors.New("break as long as the shift or longer")
	ErrDuplicateDate  = errors.New("date given twice")
	ErrBadHeader      = errors.New("bad CSV header")
	ErrBadRow         = errors.New("bad CSV row")
)

// problem is one thing wrong with a day or a CSV row: a sentinel for
// errors.Is and a translated message.
type problem struct {
	err  error
	key  string
	args []any
}

func (p *problem) Error() string   { return i18n.T(p.key, p.args...) }
func (p *problem) Unwrap() []error { return []error{p.err, apperr.ErrInvalidInput} }
func newProblem(err error, key string, args ...any) *problem {
	return &problem{err: err, key: key, args: args}
}

// Day is one shift as the worker logged it.
type Day struct {
	// Date is the day the shift started. A shift that crosses midnight
	// belongs wholly to this date (the Labor Standards Act treats one
	// continuous shift as the work of the day it began).
	Date Date `json:"date"`
	// Start and End are clock times. End earlier than Start means the
	// shift ended the next day; End may be 24:00. Equal times are refused
	// as ambiguous (no work, or 24 hours?).
	Start Clock `json:"start"`
	End   Clock `json:"end"`
	// BreakMinutes is the total of unpaid breaks. It must be shorter than
	// the shift.
	BreakMinutes int     `json:"break_minutes"`
	Type         DayType `json:"day_type"`
	Note         string  `json:"note,omitempty"`
	// Basis is what the times were taken from: one of record.HoursBases
	// (time card, computer log, own note, other); "" not said.
	Basis string `json:"basis,omitempty"`
}

// Span is the time from start to end, breaks included.
func (d Day) Span() Minutes {
	switch {
	case d.End > d.Start:
		return Minutes(d.End - d.Start)
	case d.End < d.Start:
		return Minutes(MidnightEnd - d.Start + d.End)
	}
	return 0
}

// Worked is the span less breaks.
func (d Day) Worked() Minutes { return d.Span() - Minutes(d.BreakMinutes) }

// CrossesMidnight reports whether the shift ends after midnight of the
// next day (a shift ending at exactly 00:00 or 24:00 does not).
func (d Day) CrossesMidnight() bool { return d.End < d.Start && d.End > 0 }

// Validate checks the day on its own; all problems are joined. Each one
// matches one of the sentinels above and apperr.ErrInvalidInput.
func (d Day) Validate() error {
	if ps := d.problems(); len(ps) > 0 {
		errs := make([]error, len(ps))
		for i, p := range ps {
			errs[i] = p
		}
		return fmt.Errorf("day %s: %w", d.dateLabel(), errors.Join(errs...))
	}
	return nil
}

func (d Day) dateLabel() string {
	if d.Date.Valid() {
		return d.Date.String()
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Date.Year, int(d.Date.Month), d.Date.Day)
}

func (d Day) problems() []*problem {
	var ps []*problem
	if !d.Date.Valid() {
		ps = append(ps, newProblem(ErrBadDate, "hours.err.date", d.dateLabel()))
	}
	ps = append(ps, d.fieldProblems()...)
	return ps
}

// fieldProblems checks everything but the date.
func (d Day) fieldProblems() []*problem {
	var ps []*problem
	clocksOK := true
	if d.Start < 0 || d.Start >= MidnightEnd {
		ps = append(ps, newProblem(ErrBadTime, "hours.err.start_range", clockLabel(d.Start)))
		clocksOK = false
	}
	if d.End < 0 || d.End > MidnightEnd {
		ps = append(ps, newProblem(ErrBadTime, "hours.err.time", clockLabel(d.End)))
		clocksOK = false
	}
	if d.BreakMinutes < 0 {
		ps = append(ps, newProblem(ErrBadBreak, "hours.err.break", fmt.Sprint(d.BreakMinutes)))
	}
	if !d.Type.Valid() {
		ps = append(ps, newProblem(ErrBadDayType, "hours.err.day_type", string(d.Type)))
	}
	if p := checkNote(d.Note); p != nil {
		ps = append(ps, p)
	}
	if d.Basis != "" && !record.IsHoursBasis(d.Basis) {
		ps = append(ps, newProblem(ErrBadBasis, "hours.err.basis", d.Basis))
	}
	if clocksOK {
		if d.Start == d.End {
			ps = append(ps, newProblem(ErrAmbiguousShift, "hours.err.same_time", d.Start.String()))
		} else if d.BreakMinutes >= 0 && Minutes(d.BreakMinutes) >= d.Span() {
			ps = append(ps, newProblem(ErrBreakTooLong, "hours.err.break_too_long",
				fmt.Sprint(d.BreakMinutes), d.Span().String()))
		}
	}
	return ps
}

func clockLabel(c Clock) string {
	if c >= 0 && c <= MidnightEnd {
		return c.String()
	}
	return fmt.Sprint(int(c))
}

func checkNote(s string) *problem {
	if !utf8.ValidString(s) {
		return newProblem(ErrBadNote, "hours.err.not_utf8")
	}
	if utf8.RuneCountInString(s) > MaxNoteRunes {
		return newProblem(ErrBadNote, "hours.err.note_long", MaxNoteRunes)
	}
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return newProblem(ErrBadNote, "hours.err.note_control")
	}
	return nil
}
