package report

import (
	"fmt"
	"strings"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// The 陳述書 draft: the worker's entries, in event order, as the first
// draft of a statement in the first person. Kiroku adds no fact and no
// judgement: each section says when and where, then the worker's own
// words as written (a text in another language stays as written, named),
// the exact words in 「」, who saw it, the effects and what the worker did,
// each under a plain Japanese lead-in. The worker and the lawyer rewrite
// it; every page says it is a draft (下書き).

// StatementTitle is the draft's title.
const StatementTitle = "陳述書（下書き）"

// StatementNote is said at the top of the draft.
const StatementNote = "この書面は、Kiroku が本人の記録をそのまま日付の順に並べた下書きです。記録にない事実や評価は加えていません。本人と弁護士で内容を確認し、書き直してください。各項目の末尾の［ ］は、もとになった記録と証拠の番号です。"

// StatementSection is one incident of the draft.
type StatementSection struct {
	Heading    string   // 第1　2026年9月14日（月）10時15分ごろの出来事
	Paragraphs []string // in order; a paragraph may hold line breaks
	Source     string   // ［記録 #3、甲第1号証の2、甲第2号証］
	EntryID    int64
	Lang       string // the language the worker wrote the entry in (Fields.Lang)
}

// Statement builds the draft's sections from d's entries in event order.
func Statement(d *Document, ex []Exhibit) []StatementSection {
	numbers := exhibitsByEntry(ex)
	var out []StatementSection
	for i, e := range chronological(d.Entries) {
		s := StatementSection{Heading: fmt.Sprintf("第%d　%sごろの出来事", i+1, JapaneseDate(e.EventTime, true)),
			EntryID: e.ID, Lang: e.Lang}
		var where []string
		if p := strings.TrimSpace(e.Place); p != "" {
			where = append(where, "場所："+p)
		}
		var people []string
		for _, p := range e.People {
			if r := roleJA(p.Role); r != "" {
				people = append(people, p.Name+"（"+r+"）")
			} else {
				people = append(people, p.Name)
			}
		}
		if len(people) > 0 {
			where = append(where, "関係者："+strings.Join(people, "、"))
		}
		if len(where) > 0 {
			s.Paragraphs = append(s.Paragraphs, strings.Join(where, "\n"))
		}
		lang := ""
		if e.Lang != "" && e.Lang != "ja" {
			lang = "（" + i18n.Default().LanguageName("ja", e.Lang) + "の原文のまま）"
		}
		if t := strings.TrimSpace(e.Text); t != "" {
			s.Paragraphs = append(s.Paragraphs, "私の記録によれば、次のことがありました"+lang+"。\n"+t)
		}
		if qs := quoteLinesJA(&e.Fields); len(qs) > 0 {
			s.Paragraphs = append(s.Paragraphs, "そのときの言葉は、記録したとおり次のとおりです。\n"+strings.Join(qs, "\n"))
		}
		if p := patternJA(&e.Fields); p != "" {
			s.Paragraphs = append(s.Paragraphs, "このようなことの頻度と期間について、私は次のように記録しています。\n"+p)
		}
		if a := nonEmpty(e.Affected); len(a) > 0 {
			s.Paragraphs = append(s.Paragraphs, "同じことをされた人："+strings.Join(a, "、"))
		}
		if len(e.Witnesses) > 0 {
			s.Paragraphs = append(s.Paragraphs, "その場にいた人："+strings.Join(e.Witnesses, "、"))
		}
		if t := strings.TrimSpace(e.Impact); t != "" {
			s.Paragraphs = append(s.Paragraphs, "このことによる心身や仕事への影響として、私は次のように記録しています。\n"+t)
		}
		if t := strings.TrimSpace(e.Actions); t != "" {
			s.Paragraphs = append(s.Paragraphs, "その後、私がしたことは次のとおりです。\n"+t)
		}
		if len(e.Consultations) > 0 {
			var lines []string
			for _, c := range e.Consultations {
				lines = append(lines, "・"+consultationJA(c))
			}
			s.Paragraphs = append(s.Paragraphs, "このことについて、私は次のとおり相談しました。\n"+strings.Join(lines, "\n"))
		}
		if w := wantsJA(&e.Fields); w != "" {
			s.Paragraphs = append(s.Paragraphs, "私が望むことは、記録したとおり次のとおりです。\n"+w)
		}
		src := []string{fmt.Sprintf("記録 #%d", e.ID)}
		s.Source = "［" + strings.Join(append(src, numbers[e.ID]...), "、") + "］"
		out = append(out, s)
	}
	return out
}
