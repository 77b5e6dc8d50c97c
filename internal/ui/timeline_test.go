package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// shown returns the texts of the entries the timeline lists, in order.
func shown(m *mainScreen) []string {
	var out []string
	for _, i := range m.view {
		out = append(out, m.entries[i].Text)
	}
	return out
}

// filterVault holds four entries with different people, categories and
// dates (the newest first in the timeline).
func filterVault() (*fakeVaults, *fakeStore) {
	v := newFakeVaults()
	s := v.add(testPath, testPass, testKey)
	add := func(day int, text, person string, cats ...string) {
		ev := time.Date(2026, 3, day, 10, 0, 0, 0, jst)
		s.put(record.Fields{EventTime: ev, EventZone: "Asia/Tokyo", Text: text, Categories: cats,
			People: []record.Person{{Name: person, Role: "superior"}}}, ev.Add(time.Hour))
	}
	add(2, "Shouted in the MEETING about the report", "Tanaka", "verbal-abuse")
	add(9, "会議で大声で怒鳴られた", "田中", "power-harassment")
	add(16, "Told to resign by Friday", "Sato", "forced-resignation")
	add(23, "No break again, twelve hours", "Tanaka", "missed-rest", "long-hours")
	return v, s
}

// Typing in the search field narrows the timeline at once, in either
// script and case; category, person and dates narrow it further; Clear
// shows everything again.
func TestTimelineSearchAndFilters(t *testing.T) {
	v, _ := filterVault()
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()
	if got := len(m.view); got != 4 {
		t.Fatalf("%d entries shown, want 4", got)
	}
	ctrlF := &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierControl}
	h.shortcut(ctrlF)
	if h.w.Canvas().Focused() != m.search {
		t.Fatalf("Ctrl+F focused %T, want the search field", h.w.Canvas().Focused())
	}
	test.Type(m.search, "meeting")
	if got := shown(m); !slices.Equal(got, []string{"Shouted in the MEETING about the report"}) {
		t.Errorf("search meeting: %q", got)
	}
	if want := i18n.T("ui.main.count_filtered", 1, 4); m.count.Text != want {
		t.Errorf("count %q, want %q", m.count.Text, want)
	}
	m.search.SetText("怒鳴")
	if got := shown(m); len(got) != 1 || !strings.Contains(got[0], "会議") {
		t.Errorf("search 怒鳴: %q", got)
	}
	m.search.SetText("ＴＷＥＬＶＥ") // full-width letters match
	if got := shown(m); len(got) != 1 || !strings.Contains(got[0], "twelve") {
		t.Errorf("full-width search: %q", got)
	}
	m.search.SetText("nothing like this")
	h.settle()
	if !h.hasText(i18n.T("ui.filter.none")) {
		t.Errorf("no 'nothing matches' note; texts %q", h.texts())
	}
	m = h.a.cur.(*mainScreen)
	m.search.SetText("")
	h.settle()
	m = h.a.cur.(*mainScreen)
	if len(m.view) != 4 {
		t.Fatalf("%d shown after clearing the search", len(m.view))
	}

	// Category, by its label in the current language.
	h.selectOption(i18n.T("ui.filter.all_categories"), "Power harassment")
	if got := shown(m); len(got) != 1 || !strings.Contains(got[0], "会議") {
		t.Errorf("category filter: %q", got)
	}
	h.selectOption("Power harassment", i18n.T("ui.filter.all_categories"))
	h.selectOption(i18n.T("ui.filter.everyone"), "Tanaka")
	if got := shown(m); len(got) != 2 {
		t.Errorf("person Tanaka: %q", got)
	}
	m.from.SetText("2026-03-10")
	if got := shown(m); len(got) != 1 || !strings.Contains(got[0], "twelve") {
		t.Errorf("Tanaka from 03-10: %q", got)
	}
	m.to.SetText("2026-13-01")
	if !m.rangeErr.Visible() {
		t.Error("no error for an impossible date")
	}
	if got := shown(m); len(got) != 1 {
		t.Errorf("an invalid date changed the view: %q", got)
	}
	m.to.SetText("2026-03-20")
	if m.rangeErr.Visible() || len(m.view) != 0 {
		t.Errorf("Tanaka 03-10..03-20: %q (error shown %v)", shown(m), m.rangeErr.Visible())
	}
	h.settle()
	// The ends swapped: nothing matches, and the screen says why.
	m.to.SetText("2026-03-01")
	h.settle()
	if !h.hasText(i18n.T("ui.filter.err.reversed")) {
		t.Errorf("no word that the range is reversed; texts %q", h.texts())
	}
	m.to.SetText("2026-03-20")
	h.settle()
	if h.hasText(i18n.T("ui.filter.err.reversed")) {
		t.Error("the reversed-range note stays after the range was mended")
	}
	h.tap("ui.filter.clear")
	m = h.a.cur.(*mainScreen)
	if len(m.view) != 4 || m.search.Text != "" || m.from.Text != "" || h.a.filter.active() {
		t.Errorf("after Clear: %d shown, filter %+v", len(m.view), h.a.filter)
	}

	// The filter survives saving an entry and is gone after locking.
	m.search.SetText("resign")
	h.tap("ui.main.new")
	f := h.a.cur.(*formScreen)
	test.Type(f.text, "resign again")
	h.tap("ui.form.save")
	m = h.a.cur.(*mainScreen)
	if got := shown(m); len(got) != 2 || m.search.Text != "resign" {
		t.Errorf("after saving: search %q shows %q", m.search.Text, got)
	}
	h.a.Lock()
	m = h.unlock()
	if len(m.view) != 5 || m.search.Text != "" {
		t.Errorf("after lock and unlock: %d shown, search %q", len(m.view), m.search.Text)
	}
}

// selectOption picks option in the select that currently shows current.
func (h *harness) selectOption(current, option string) {
	h.t.Helper()
	var sel *widget.Select
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
		if s, ok := o.(*widget.Select); ok && sel == nil && s.Selected == current {
			sel = s
		}
	})
	if sel == nil {
		h.t.Fatalf("no select showing %q; texts %q", current, h.texts())
	}
	sel.SetSelected(option)
	h.settle()
}

// Rows show badges for recordings, attachments and edits, and the chart
// counts the week's incidents by category group.
func TestTimelineBadgesAndChart(t *testing.T) {
	v, st := filterVault()
	st.recs = append(st.recs, &fakeRecording{entryID: 4, info: app.RecordingInfo{ID: 1, State: record.StateComplete}},
		&fakeRecording{entryID: 4, info: app.RecordingInfo{ID: 2, State: record.StateComplete}})
	st.atts = append(st.atts, fakeAttachment{info: app.AttachmentInfo{ID: 1, EntryID: 4, Name: "a.png", SHA256: "00"}})
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()
	row := firstRow(t, m) // entry 4, the newest
	if !row.recs.Visible() || row.recN.Text != "2" || !row.atts.Visible() || row.attN.Text != "1" || row.edited.Visible() {
		t.Errorf("badges: recordings %v %q, attachments %v %q, edited %v",
			row.recs.Visible(), row.recN.Text, row.atts.Visible(), row.attN.Text, row.edited.Visible())
	}
	if c := count[*weekChart](h.w.Canvas().Content()); c != 1 {
		t.Fatalf("%d charts", c)
	}
	w := countWeeks(m.entries, m.view, h.clock.Now(), jst)
	total := map[string]int{}
	for _, wk := range w.counts {
		for g, n := range wk {
			total[g] += n
		}
	}
	if total["harassment"] != 2 || total["employment"] != 1 || total["conditions"] != 1 {
		t.Errorf("chart totals %v", total)
	}
	// 2026-03-23 is a Monday: the entry of that day opens a week.
	k := int(time.Date(2026, 3, 23, 0, 0, 0, 0, jst).Sub(w.start).Hours() / 24 / 7)
	if w.counts[k]["conditions"] != 1 || w.counts[k-1]["employment"] != 1 {
		t.Errorf("week %d: %v, week before: %v", k, w.counts[k], w.counts[k-1])
	}
	if w.start.Weekday() != time.Monday {
		t.Errorf("weeks start on %v", w.start.Weekday())
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{"ＡＢＣ１２３": "abc123", "カタカナ": "かたかな", "Tanaka　San": "tanaka san"} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// manyEntries makes n entries of realistic length, one a day.
func manyEntries(n int) []record.Entry {
	ents := make([]record.Entry, n)
	for i := range ents {
		ev := time.Date(2020, 1, 1, 9, 0, 0, 0, jst).AddDate(0, 0, i)
		ents[i] = record.Entry{ID: int64(i + 1), Fields: record.Fields{EventTime: ev, EventZone: "Asia/Tokyo",
			Place: fmt.Sprintf("会議室 %d", i%12), Text: strings.Repeat(fmt.Sprintf("entry %d: the manager shouted again in front of everyone. ", i), 4),
			Quote: "お前なんか辞めてしまえ", People: []record.Person{{Name: fmt.Sprintf("Person %d", i%40), Role: "superior"}},
			Categories: []string{"power-harassment", "verbal-abuse"}, Impact: "Could not sleep.", Actions: "Told HR."}}
	}
	return ents
}

// The search goal: under 50 ms per keystroke over 10,000 entries (see
// BenchmarkTimelineSearch). Here only that it finds the one entry.
func TestFilterManyEntries(t *testing.T) {
	ents := manyEntries(10000)
	ix := indexEntries(ents)
	got := filterEntries(ents, ix, timelineFilter{query: "entry 9876:"})
	if len(got) != 1 || ents[got[0]].ID != 9877 {
		t.Errorf("found %v", got)
	}
}

// BenchmarkTimelineSearch is one keystroke of search over 10,000 entries:
// the filter the timeline runs on every change of the search field.
func BenchmarkTimelineSearch(b *testing.B) {
	ents := manyEntries(10000)
	ix := indexEntries(ents)
	queries := []string{"m", "ma", "man", "mana", "manager 123", "辞めて", "person 7"}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		filterEntries(ents, ix, timelineFilter{query: queries[i%len(queries)], category: "verbal-abuse"})
	}
}

// BenchmarkTimelineIndex is the indexing done once per timeline load.
func BenchmarkTimelineIndex(b *testing.B) {
	ents := manyEntries(10000)
	for b.Loop() {
		indexEntries(ents)
	}
}
