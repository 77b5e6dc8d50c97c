package report_test

import (
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/report"
)

// No legal label inside the facts: an entry's page names no rule; the
// rules it may relate to are in the appendix 参考：関係しうる法令・基準,
// with the entries. RulesBrief leaves the summaries out of it.
func TestRulesOnlyInAppendix(t *testing.T) {
	d := sample(report.LangJA)
	text := flat(pdftotext(t, render(t, d)))
	appendix := strings.Index(text, flat("参考：関係しうる法令・基準"))
	if appendix < 0 {
		t.Fatalf("no appendix title in %q", text)
	}
	if i := strings.Index(text, "パワーハラスメントの定義"); i >= 0 && i < appendix {
		// The index and the entries come before the appendix; the rule's
		// title may only appear in the appendix (and the cover's table of
		// contents does not list rules).
		t.Errorf("the rule's title appears before the appendix, among the facts")
	}
	if strings.Contains(text, flat("関係しうる法令・基準")+"パワーハラスメント") {
		t.Errorf("an entry carries a rules row")
	}
	if !strings.Contains(text[appendix:], "優越的な関係を背景とした言動") || !strings.Contains(text[appendix:], "#1") {
		t.Errorf("the appendix lacks the summary or the entry")
	}
	d.RulesBrief = true
	brief := flat(pdftotext(t, render(t, d)))
	if strings.Contains(brief, "優越的な関係を背景とした言動") || !strings.Contains(brief, "パワーハラスメントの定義") ||
		!strings.Contains(brief, "労働施策総合推進法") {
		t.Errorf("brief appendix: summary left in, or title or source left out")
	}
}
