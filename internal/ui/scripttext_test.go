package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/kiroku-app/kiroku/internal/typeset"
)

// runText is the text of a run without the direction marks around it.
func runText(ct *canvas.Text) string { return strings.Trim(ct.Text, "\u200e\u200f") }

// runsOf lays t out at width w and returns its runs of text.
func runsOf(t *testing.T, st *scriptText, w float32) []*canvas.Text {
	t.Helper()
	st.Resize(fyne.NewSize(w, st.MinSize().Height))
	r := test.WidgetRenderer(st)
	r.Layout(st.Size())
	var out []*canvas.Text
	for _, o := range r.Objects() {
		if ct, ok := o.(*canvas.Text); ok {
			out = append(out, ct)
		}
	}
	return out
}

// Every script is drawn in the font Kiroku ships for it, whatever fonts
// the computer has.
func TestScriptTextUsesShippedFonts(t *testing.T) {
	test.NewTempApp(t)
	for _, tt := range []struct {
		text string
		face typeset.Face
	}{
		{"صرخ المدير في وجهي", typeset.Arabic},
		{"प्रबन्धकले सबैको अगाडि", typeset.Devanagari},
		{"မန်နေဂျာက လူတိုင်းရှေ့မှာ", typeset.Myanmar},
		{"ผู้จัดการตะโกนใส่ฉัน", typeset.Thai},
		{"អ្នកគ្រប់គ្រងបាន", typeset.Khmer},
		{"经理当着所有人的面对我大喊", typeset.Chinese},
		{"관리자가 모든 사람", typeset.Chinese},
		{"Quản lý đã quát tôi", typeset.Sans},
		{"上司に怒鳴られた", typeset.Gothic},
	} {
		runs := runsOf(t, newScriptText(tt.text, true), 600)
		if len(runs) == 0 {
			t.Fatalf("%q: nothing drawn", tt.text)
		}
		var got strings.Builder
		for _, ct := range runs {
			got.WriteString(runText(ct))
			if ct.FontSource != faceResource(tt.face) && strings.TrimSpace(runText(ct)) != "" {
				t.Errorf("%q: run %q in %v, want %s", tt.text, runText(ct), ct.FontSource, tt.face)
			}
		}
		if strings.ReplaceAll(got.String(), " ", "") != strings.ReplaceAll(tt.text, " ", "") {
			t.Errorf("runs %q, want the text %q", got.String(), tt.text)
		}
	}
}

// A right-to-left paragraph starts at the right edge and its words read
// right to left; digits inside keep their order; a left-to-right
// paragraph with an Arabic phrase keeps the Japanese around it in place.
func TestScriptTextRightToLeft(t *testing.T) {
	test.NewTempApp(t)
	const w = 600
	runs := runsOf(t, newScriptText("قال المدير 123 مرة", true), w)
	var first, num *canvas.Text
	for _, ct := range runs {
		if strings.Contains(ct.Text, "قال") {
			first = ct
			// Fyne must keep the run right to left (and mirror brackets).
			if !strings.HasPrefix(ct.Text, "\u200f") || !strings.HasSuffix(ct.Text, "\u200f") {
				t.Errorf("right-to-left run %q not held right to left by RLM marks", ct.Text)
			}
		}
		if strings.Contains(ct.Text, "123") {
			num = ct
		}
	}
	if first == nil || num == nil {
		t.Fatalf("runs %v", runs)
	}
	if right := first.Position().X + first.Size().Width; right < w-20 {
		t.Errorf("first word ends at %v of %v: not against the right edge", right, w)
	}
	if !(num.Position().X < first.Position().X) {
		t.Errorf("123 at %v is not left of the first word at %v", num.Position().X, first.Position().X)
	}

	runs = runsOf(t, newScriptText("彼は「قال المدير」と言った", true), w)
	if runs[0].Position().X > 20 || !strings.HasPrefix(runText(runs[0]), "彼は") {
		t.Errorf("left-to-right paragraph starts with %q at %v", runText(runs[0]), runs[0].Position().X)
	}
}

// Long text wraps: more lines at a narrower width, and the widget asks for
// the height they take.
func TestScriptTextWraps(t *testing.T) {
	test.NewTempApp(t)
	st := newScriptText(strings.Repeat("上司に全員の前で怒鳴られた。", 8), true)
	st.Resize(fyne.NewSize(800, 100))
	test.WidgetRenderer(st).Layout(st.Size())
	wide := st.MinSize().Height
	st.Resize(fyne.NewSize(200, 100))
	test.WidgetRenderer(st).Layout(st.Size())
	if narrow := st.MinSize().Height; !(narrow > wide*2) {
		t.Errorf("height %v at 200 wide, %v at 800: no wrapping", narrow, wide)
	}
	// One line: cut with an ellipsis, never wider than given.
	one := newScriptText(strings.Repeat("Quản lý đã quát tôi ", 10), false)
	runs := runsOf(t, one, 150)
	last := runs[len(runs)-1]
	if !strings.HasSuffix(runText(last), "…") || last.Position().X+last.Size().Width > 150 {
		t.Errorf("one line: last run %q ends at %v of 150", runText(last), last.Position().X+last.Size().Width)
	}
}
