package hours_test

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/hours"
)

func TestParseCSV(t *testing.T) {
	in := "\xEF\xBB\xBFday_type, Date ,start,end,break_minutes,note,\r\n" // trailing empty column is unknown
	if _, err := hours.ParseCSV(strings.NewReader(in)); !errors.Is(err, hours.ErrBadHeader) {
		t.Fatalf("empty column name accepted: %v", err)
	}
	in = "\xEF\xBB\xBFday_type, Date ,start,end,break_minutes,note\r\n" +
		"workday,2026-04-06,9:00,18:00,60,\"朝礼, 会議\"\r\n" +
		"\r\n" +
		"statutory_holiday,2026-04-12, 22:00 ,06:00,60,\r\n" +
		"non_statutory_holiday,2028-02-29,00:00,24:00,0,\"said \"\"stay\"\"\"\r\n"
	days, err := hours.ParseCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []hours.Day{
		{Date: date(t, "2026-04-06"), Start: 540, End: 1080, BreakMinutes: 60, Type: hours.Workday, Note: "朝礼, 会議"},
		{Date: date(t, "2026-04-12"), Start: 1320, End: 360, BreakMinutes: 60, Type: hours.StatutoryHoliday},
		{Date: date(t, "2028-02-29"), Start: 0, End: 1440, Type: hours.NonStatutoryHoliday, Note: `said "stay"`},
	}
	if !reflect.DeepEqual(days, want) {
		t.Fatalf("got %+v\nwant %+v", days, want)
	}
	// Without a note column, LF only.
	days, err = hours.ParseCSV(strings.NewReader("date,start,end,break_minutes,day_type\n2026-04-06,09:00,17:00,0,workday"))
	if err != nil || len(days) != 1 || days[0].Worked() != 480 {
		t.Fatalf("%+v %v", days, err)
	}
	days, err = hours.ParseCSV(strings.NewReader("date,start,end,break_minutes,day_type\n"))
	if err != nil || days == nil || len(days) != 0 {
		t.Fatalf("header only: %+v %v", days, err)
	}
}

func TestParseCSVReportsEveryLine(t *testing.T) {
	in := strings.Join([]string{
		"date,start,end,break_minutes,day_type,note", // 1
		"2026-04-06,09:00,18:00,60,workday,ok",       // 2 ok
		"2026-04-31,09:00,18:00,60,workday,",         // 3 bad date
		"2026-04-07,9:5,25:00,x,weekday,",            // 4 four problems
		"2026-04-08,09:00,09:00,0,workday,",          // 5 ambiguous
		"2026-04-09,09:00,10:00,60,workday,",         // 6 break too long
		"2026-04-06,10:00,11:00,0,workday,",          // 7 duplicate of line 2
		"2026-04-10,24:00,11:00,0,workday,",          // 8 start 24:00
		"2026-04-11,09:00,11:00,0,workday",           // 9 field count
		"2026-04-12,09:00,11:00,0,workday,\x93\xfa",  // 10 Shift-JIS bytes
		"\"2026-04-13,09:00,11:00,0,workday,",        // 11 unterminated quote
	}, "\r\n")
	days, err := hours.ParseCSV(strings.NewReader(in))
	if days != nil {
		t.Fatalf("half imported: %+v", days)
	}
	var ce *hours.CSVError
	if !errors.As(err, &ce) {
		t.Fatalf("error %T %v", err, err)
	}
	if got := fmt.Sprint(ce.LineNumbers()); got != "[3 4 5 6 7 8 9 10 11]" {
		t.Errorf("lines %s\n%v", got, err)
	}
	if n := len(ce.Lines); n != 12 {
		t.Errorf("%d problems, want 12:\n%v", n, err)
	}
	for _, target := range []error{apperr.ErrInvalidInput, hours.ErrBadDate, hours.ErrBadTime, hours.ErrBadBreak,
		hours.ErrBadDayType, hours.ErrAmbiguousShift, hours.ErrBreakTooLong, hours.ErrDuplicateDate, hours.ErrBadRow} {
		if !errors.Is(err, target) {
			t.Errorf("error does not match %v", target)
		}
	}
	var dup hours.LineError
	for _, le := range ce.Lines {
		if errors.Is(le, hours.ErrDuplicateDate) {
			dup = le
		}
	}
	if dup.Line != 7 || dup.Column != "date" || !strings.Contains(dup.Error(), "line 2") {
		t.Errorf("duplicate reported as %+v: %v", dup, dup)
	}
	if !strings.Contains(err.Error(), "line 4, break_minutes") {
		t.Errorf("message lacks line and column:\n%v", err)
	}
}

func TestParseCSVHeader(t *testing.T) {
	tests := []struct {
		name, header, want string
	}{
		{"empty", "", "empty"},
		{"missing", "date,start,end,break_minutes", "day_type"},
		{"unknown", "date,start,end,break_minutes,day_type,overtime,memo", `"overtime", "memo"`},
		{"twice", "date,start,end,break_minutes,day_type,date", "date"},
		{"shift-jis", "date,start,end,break_minutes,day_type,\x94\xf5\x8d\x6c", "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.header + "\n2026-04-06,09:00,17:00,0,workday\n"
			if tt.header == "" {
				in = "\xEF\xBB\xBF"
			}
			_, err := hours.ParseCSV(strings.NewReader(in))
			var ce *hours.CSVError
			if !errors.As(err, &ce) || !errors.Is(err, hours.ErrBadHeader) || ce.Lines[0].Line != 1 || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("%v", err)
			}
		})
	}
}

func TestCSVErrorIsShortened(t *testing.T) {
	var b strings.Builder
	b.WriteString("date,start,end,break_minutes,day_type\n")
	for i := 0; i < 30; i++ {
		b.WriteString("bad,09:00,17:00,0,workday\n")
	}
	_, err := hours.ParseCSV(strings.NewReader(b.String()))
	var ce *hours.CSVError
	if !errors.As(err, &ce) || len(ce.Lines) != 30 || !strings.Contains(err.Error(), "10 more") || ce.Lines[29].Line != 31 {
		t.Fatalf("%v", err)
	}
}

func TestWriteCSVRoundTrip(t *testing.T) {
	days := []hours.Day{
		shift(t, "2026-04-06", "9:00", "18:00", 60, hours.Workday),
		shift(t, "2026-04-07", "22:00", "06:00", 45, hours.NonStatutoryHoliday),
		shift(t, "2028-02-29", "00:00", "24:00", 0, hours.StatutoryHoliday),
	}
	days[0].Note = ` "quoted", 日本語 `
	days[0].Basis, days[1].Basis = "timecard", "own-note"
	var buf bytes.Buffer
	if err := hours.WriteCSV(&buf, days); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "date,start,end,break_minutes,day_type,note,basis\n2026-04-06,09:00,18:00,60,workday,") ||
		!strings.Contains(buf.String(), "non_statutory_holiday,,own-note\n") {
		t.Errorf("written:\n%s", buf.String())
	}
	back, err := hours.ParseCSV(&buf)
	if err != nil || !reflect.DeepEqual(back, days) {
		t.Fatalf("round trip: %+v %v", back, err)
	}
	bad := append(days, days[0])
	buf.Reset()
	if err := hours.WriteCSV(&buf, bad); !errors.Is(err, hours.ErrDuplicateDate) || buf.Len() != 0 {
		t.Fatalf("WriteCSV with a repeated date: %v, wrote %d bytes", err, buf.Len())
	}
}

func FuzzParseCSV(f *testing.F) {
	f.Add("date,start,end,break_minutes,day_type\n2026-04-06,09:00,17:00,0,workday\n")
	f.Add("\xEF\xBB\xBFnote,day_type,break_minutes,end,start,date\r\n\"a,\"\"b\"\"\",statutory_holiday,60,6:00,22:00,2028-02-29\r\n")
	f.Add("date,start,end,break_minutes,day_type,note\n2026-04-06,00:00,24:00,0,non_statutory_holiday, x \n2026-04-07,23:00,0:00,0,workday,\n")
	f.Add("date,start,end,break_minutes,day_type\n2026-04-06,09:00,09:00,0,workday\n\"")
	f.Fuzz(func(t *testing.T, in string) {
		days, err := hours.ParseCSV(strings.NewReader(in))
		if err != nil {
			if days != nil {
				t.Fatal("days returned with an error")
			}
			var ce *hours.CSVError
			if !errors.As(err, &ce) || len(ce.Lines) == 0 {
				t.Fatalf("error is not a CSVError with lines: %v", err)
			}
			_ = err.Error()
			return
		}
		if _, err := hours.Compute(days, hours.Options{}); err != nil {
			t.Fatalf("accepted days do not compute: %v", err)
		}
		var buf bytes.Buffer
		if err := hours.WriteCSV(&buf, days); err != nil {
			t.Fatalf("accepted days do not write: %v", err)
		}
		back, err := hours.ParseCSV(&buf)
		if err != nil {
			t.Fatalf("written CSV does not parse: %v\n%q", err, buf.String())
		}
		if !reflect.DeepEqual(back, days) {
			t.Fatalf("round trip changed days:\n%+v\n%+v", days, back)
		}
	})
}

// The optional basis column says what each day's times were taken from;
// a value Kiroku does not know is named with its line.
func TestCSVBasis(t *testing.T) {
	in := "date,start,end,break_minutes,day_type,basis\n2026-04-06,09:00,18:00,60,workday,TimeCard \n2026-04-07,09:00,18:00,60,workday,\n"
	days, err := hours.ParseCSV(strings.NewReader(strings.Replace(in, "TimeCard", "timecard", 1)))
	if err != nil || days[0].Basis != "timecard" || days[1].Basis != "" {
		t.Fatalf("%+v %v", days, err)
	}
	_, err = hours.ParseCSV(strings.NewReader(strings.Replace(in, "TimeCard", "memory", 1)))
	var ce *hours.CSVError
	if !errors.As(err, &ce) || len(ce.Lines) != 1 || ce.Lines[0].Line != 2 || !errors.Is(err, hours.ErrBadBasis) {
		t.Fatalf("%v", err)
	}
}
