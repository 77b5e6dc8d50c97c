package rules_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/rules"
)

// The evaluation table in force is the 2023 edition (基発0901第2号). The
// library still summarises the examples of the 2020 edition, so every table
// item keeps its 2020 number in rousai_item, and its title gives the 2023
// number where that number has been confirmed (docs/RULES.md lists the
// sources), with the 2020 number beside it.

// confirmed2023 maps a rule to its item number in the 2023 table. Add a rule
// here only with a source for the number in docs/RULES.md.
var confirmed2023 = map[string]int{
	"rousai-item-workload-change":   11,
	"rousai-item-80-hours":          12,
	"rousai-item-continuous-work":   13,
	"rousai-item-power-harassment":  22,
	"rousai-item-sexual-harassment": 29,
}

func TestRousaiTitlesGiveBothNumbers(t *testing.T) {
	l := rules.Default()
	for id := range confirmed2023 {
		if r, ok := l.Rule(id); !ok || r.RousaiItem == nil {
			t.Errorf("%s: missing, or no table item", id)
		}
	}
	for _, r := range l.Rules() {
		it := r.RousaiItem
		if it == nil {
			continue
		}
		if it.Edition != "2020" {
			t.Errorf("%s: rousai_item edition %q: the examples are from the 2020 table", r.ID, it.Edition)
			continue
		}
		var ja, en string
		if n, ok := confirmed2023[r.ID]; ok {
			ja = fmt.Sprintf("評価表 項目%d（2020年版の項目%d）：", n, it.Number)
			en = fmt.Sprintf("Table item %d (item %d in the 2020 table): ", n, it.Number)
			sec := fmt.Sprintf("項目%d", n)
			if !slices.ContainsFunc(r.Sources, func(s rules.Source) bool {
				return s.Document.ID == "rousai-criteria-2023" && strings.Contains(s.Section.JA, sec)
			}) {
				t.Errorf("%s: does not cite %s of the 2023 table", r.ID, sec)
			}
		} else {
			ja = fmt.Sprintf("評価表（2020年版）項目%d：", it.Number)
			en = fmt.Sprintf("2020 table, item %d: ", it.Number)
		}
		if !strings.HasPrefix(r.Title.JA, ja) || !strings.HasPrefix(r.Title.EN, en) {
			t.Errorf("%s: title should start %q / %q: %+v", r.ID, ja, en, r.Title)
		}
	}
}

// Ids that other packages (hours flags, exports, CLI) link to.
func TestRousaiIDsStable(t *testing.T) {
	l := rules.Default()
	for _, id := range []string{
		"rousai-mental-disorder", "rousai-special-events", "rousai-overall-assessment",
		"rousai-item-80-hours", "rousai-item-continuous-work", "rousai-item-power-harassment",
		"rousai-item-bullying", "rousai-item-sexual-harassment", "rousai-claim",
		"rousai-customer-harassment", "customer-harassment-definition",
	} {
		if _, ok := l.Rule(id); !ok {
			t.Errorf("missing rule %q", id)
		}
	}
}

func TestRousaiSources2023(t *testing.T) {
	docs := map[string]rules.Document{}
	for _, d := range rules.Default().Documents() {
		docs[d.ID] = d
	}
	d23, ok := docs["rousai-criteria-2023"]
	if !ok || d23.Date != "2023-09-01" || !strings.Contains(d23.Title.JA, "基発0901第2号") ||
		!strings.Contains(d23.Note.EN, "https://www.mhlw.go.jp/") {
		t.Errorf("2023 criteria: %+v", d23)
	}
	// The 2020 note must no longer claim that all numbers are 2020 ones.
	if n := docs["rousai-criteria-2020"].Note; strings.Contains(n.JA, "項目番号と具体例は2020年版のもの") ||
		strings.Contains(n.EN, "Item numbers and examples in Kiroku are those of the 2020 edition") {
		t.Errorf("2020 criteria note is out of date: %+v", n)
	}
	// The customer-harassment duty is dated only as far as it is confirmed.
	a := docs["labor-policy-amendment-2025"]
	if a.Date != "2025-06-11" || !strings.Contains(a.Edition.JA, "政令") || !strings.Contains(a.Edition.EN, "cabinet order") {
		t.Errorf("2025 amendment: %+v", a)
	}
}

// The sexual-violence special event is rape or indecent acts done while
// suppressing the worker's will (意思を抑圧して行われたわいせつ行為等), not
// sexual harassment in general and not a wider category of our own.
func TestSpecialEventSexualHarassmentWording(t *testing.T) {
	r, _ := rules.Default().Rule("rousai-special-events")
	found := false
	for _, p := range r.Points {
		if !strings.Contains(p.JA, "わいせつ") {
			continue
		}
		found = true
		if !strings.Contains(p.JA, "強姦") || !strings.Contains(p.JA, "意思を") || strings.Contains(p.JA, "性暴力に当たる") {
			t.Errorf("special event wording: %q", p.JA)
		}
		if !strings.Contains(p.EN, "rape") || !strings.Contains(p.EN, "will suppressed") {
			t.Errorf("special event wording: %q", p.EN)
		}
	}
	if !found {
		t.Error("no point on the sexual-harassment special event")
	}
}
